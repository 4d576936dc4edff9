// MOSS with full memory on the streaming instances (docs/theory/streaming.md §4.2 "full-memory
// references").
//
// Reference: J.-Y. Audibert, S. Bubeck (2009). Minimax policies for adversarial and stochastic
//   bandits. COLT 2009 (MOSS, minimax regret O(√(KT))).
//
// Policy: read and store all K arms, pulling each once; then repeatedly take the arm maximising
// μ̂_j + sqrt(max(0, ln(T/(K n_j))) / n_j) and pull it in a batch (full_memory_index.h).
//
// Guarantee of per-pull MOSS: E[R_T] ≤ 49√(KT) (constant as recalled); batches cost a factor of
// at most 1 + batch_growth per arm, so no bound is registered. Memory K.
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name           default  meaning
//   memory_budget  0        stored-arm budget; 0 = what it needs (K)
//   batch_growth   1.0      batch = max(1, floor(batch_growth · n_j))
#include <algorithm>
#include <cmath>

#include "algorithms/streaming/full_memory_index.h"
#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

class StreamingMoss {
 public:
  explicit StreamingMoss(const core::Params& params) : growth_(params.Real("batch_growth")) {}
  int64_t MemoryNeeded(const protocol::StreamingInfo& info) const { return info.num_arms; }
  void Run(protocol::ArmStream& stream, random::Rng& /*rng*/) {
    const double horizon_per_arm =
        static_cast<double>(stream.horizon()) / static_cast<double>(stream.num_arms());
    // The MOSS index depends on the arm's own count only (T is fixed): no time-dependent part.
    RunBatchedIndexPolicy(
        stream, growth_,
        [horizon_per_arm](double mean, double count) {
          return std::pair{
              mean + std::sqrt(std::max(0.0, std::log(horizon_per_arm / count)) / count), 0.0};
        },
        [](double) { return 0.0; });
  }

 private:
  double growth_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = StreamingAlgorithmSpec(
      "streaming_moss", "full-memory MOSS (batched) on a stream: stores all K arms",
      "Audibert & Bubeck (2009), COLT: MOSS",
      "memory K; per-pull MOSS has O(sqrt(K T)) regret; batches cost a factor of at most 1 + "
      "batch_growth per arm",
      false);
  spec.params.push_back(BatchGrowthParam());
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, StreamingMoss, Spec());

}  // namespace
}  // namespace regretlab::algorithms::streaming
