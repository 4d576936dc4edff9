// UCB1 with full memory on the streaming instances: the reference for what storing all K arms
// buys (docs/theory/streaming.md §4.2 "full-memory references").
//
// Reference: P. Auer, N. Cesa-Bianchi, P. Fischer (2002). Finite-time analysis of the multiarmed
//   bandit problem. Machine Learning 47:235–256, Figure 1 (UCB1), Theorem 1.
//
// Policy: read and store all K arms, pulling each once; then repeatedly take the arm maximising
// μ̂_j + sqrt(2 ln t / n_j) (t = pulls made) and pull it in a batch (full_memory_index.h).
//
// Guarantee of per-pull UCB1: O(Σ ln T/Δ_i), O(√(KT ln T)) minimax. With batches the per-arm
// regret is at most (1 + batch_growth) times larger; no bound is registered (the theorem is for
// the per-pull policy). Memory K: needs memory_budget ≥ K.
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name           default  meaning
//   memory_budget  0        stored-arm budget; 0 = what it needs (K)
//   batch_growth   1.0      batch = max(1, floor(batch_growth · n_j))
#include <cmath>

#include "algorithms/streaming/full_memory_index.h"
#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

class StreamingUcb1 {
 public:
  explicit StreamingUcb1(const core::Params& params) : growth_(params.Real("batch_growth")) {}
  int64_t MemoryNeeded(const protocol::StreamingInfo& info) const { return info.num_arms; }
  void Run(protocol::ArmStream& stream, random::Rng& /*rng*/) {
    // μ̂_j + sqrt(2 ln t / n_j) = μ̂_j + sqrt(2 ln t) · (1/sqrt(n_j)).
    RunBatchedIndexPolicy(
        stream, growth_,
        [](double mean, double count) {
          return std::pair{mean, 1.0 / std::sqrt(count)};
        },
        [](double pulls_made) { return std::sqrt(2.0 * std::log(pulls_made)); });
  }

 private:
  double growth_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = StreamingAlgorithmSpec(
      "streaming_ucb1", "full-memory UCB1 (batched) on a stream: stores all K arms",
      "Auer, Cesa-Bianchi, Fischer (2002), Machine Learning 47:235-256, Figure 1",
      "memory K; per-pull UCB1 has O(sqrt(K T ln T)) regret; batches cost a factor of at most 1 + "
      "batch_growth per arm",
      false);
  spec.params.push_back(BatchGrowthParam());
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, StreamingUcb1, Spec());

}  // namespace
}  // namespace regretlab::algorithms::streaming
