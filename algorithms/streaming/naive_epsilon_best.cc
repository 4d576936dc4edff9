// Naive ε-best arm with single-arm memory (NEB) (Chen Wang 2023; C2 of
// docs/theory/streaming.md §4.2).
//
// Reference: Chen Wang (2023). Tight regret bounds for single-pass streaming multi-armed bandits.
//   ICML 2023, arXiv 2306.02208 (the naive ε-best-arm reduction; public code `algorithms.py`).
//
// Policy: ε = (K/T)^{1/3}; B = ⌈ln K / ε²⌉ pulls of every arriving arm; keep the empirical best
// as the one stored king; commit to it at the end (uniform_king.h). A union bound over the K arms
// makes the king ε-best with probability ≥ 1 − 1/poly(K).
//
// Guarantee: memory 1, expected regret O(K^{1/3}T^{2/3} log K) (docs/theory/streaming.md §4.3).
// Registered bound `naive_epsilon_best_hoeffding`: the explicit uniform-sampling bound with this B
// (at least 1),
//   E[R_T] ≤ min(KB, T)·Δmax + T·min(Δmax, sqrt(2 ln(2KT)/B)) + Δmax, at the final T.
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name              default  meaning
//   memory_budget     0        stored-arm budget the engine enforces; 0 = what it needs (1)
//   reference_compat  false    reproduce the reference code's quirks 1, 4, 5
//                              (docs/theory/streaming.md §4.4)
#include <algorithm>
#include <cmath>

#include "algorithms/streaming/streaming_kernels.h"
#include "algorithms/streaming/uniform_king.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

long double PullsPerArm(int64_t num_arms, uint64_t horizon) {
  const long double epsilon = Epsilon(num_arms, horizon);
  return std::max(1.0L, std::log(static_cast<long double>(num_arms)) / (epsilon * epsilon));
}

using NaiveEpsilonBest = UniformKingAlgorithm<PullsPerArm>;

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "naive_epsilon_best",
      "streaming NEB: ln K / eps^2 pulls per arm, eps = (K/T)^(1/3); keep the best",
      "Chen Wang (2023), ICML, arXiv 2306.02208: naive epsilon-best-arm reduction",
      "memory 1; expected regret O(K^(1/3) T^(2/3) log K)", true);
}

registry::BoundSpec Bound() {
  return UniformSampleKingBoundSpec(
      "naive_epsilon_best_hoeffding", "naive_epsilon_best",
      "derived here from Hoeffding (1963) and a union bound (streaming_kernels.h); rate of Chen "
      "Wang (2023) for naive epsilon-best",
      "B = ceil(ln K / eps^2), eps = (K/T)^(1/3)", PullsPerArm);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, NaiveEpsilonBest, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::streaming
