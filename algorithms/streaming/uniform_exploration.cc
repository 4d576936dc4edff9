// Uniform exploration (UE), the streaming baseline of Chen Wang (2023)
// (docs/theory/streaming.md §4.2, C1).
//
// Reference: Chen Wang (2023). Tight regret bounds for single-pass streaming multi-armed bandits.
//   ICML 2023, arXiv 2306.02208; the baseline of its experiments (public code `algorithms.py`).
//
// Policy: B = ⌈(T/K)^{2/3}(ln T)^{1/3}⌉ pulls of every arriving arm; the arm with the highest
// empirical mean so far is the one stored "king"; commit to it when the stream ends
// (uniform_king.h).
//
// Guarantee: memory 1, regret O(K^{1/3}T^{2/3} log^{1/3} T) (docs/theory/streaming.md §4.3).
// Registered bound `uniform_exploration_hoeffding`: the explicit bound of uniform_king sampling
// with this B,
//   E[R_T] ≤ min(KB, T)·Δmax + T·min(Δmax, sqrt(2 ln(2KT)/B)) + Δmax,
// evaluated at the final T (the algorithm is tuned to T; docs/theory/conventions.md §1.1). Not with
// reference_compat (quirks 1 and 4 break it).
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name              default  meaning
//   memory_budget     0        stored-arm budget the engine enforces; 0 = what it needs (1)
//   reference_compat  false    reproduce the reference code's quirks 1, 4, 5
//                              (docs/theory/streaming.md §4.4)
#include <cmath>

#include "algorithms/streaming/streaming_kernels.h"
#include "algorithms/streaming/uniform_king.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

long double PullsPerArm(int64_t num_arms, uint64_t horizon) {
  const long double t = static_cast<long double>(horizon);
  return std::pow(t / static_cast<long double>(num_arms), 2.0L / 3.0L) * std::cbrt(std::log(t));
}

using UniformExploration = UniformKingAlgorithm<PullsPerArm>;

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "uniform_exploration",
      "streaming UE: (T/K)^(2/3) (ln T)^(1/3) pulls per arm, keep the best, commit",
      "Chen Wang (2023), ICML, arXiv 2306.02208: uniform-exploration baseline",
      "memory 1; regret O(K^(1/3) T^(2/3) log^(1/3) T)", true);
}

registry::BoundSpec Bound() {
  return UniformSampleKingBoundSpec(
      "uniform_exploration_hoeffding", "uniform_exploration",
      "derived here from Hoeffding (1963) and a union bound (streaming_kernels.h); rate of Chen "
      "Wang (2023) for UE",
      "B = ceil((T/K)^(2/3) (ln T)^(1/3))", PullsPerArm);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, UniformExploration, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::streaming
