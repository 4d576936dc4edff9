// Explore-then-commit with full memory on the streaming instances (docs/theory/streaming.md §4.2:
// "explore-then-commit with m = (T/K)^{2/3} per arm").
//
// Reference: T. Lattimore, C. Szepesvári (2020). Bandit Algorithms. Cambridge University Press,
//   Chapter 6 (explore-then-commit), Theorem 6.1.
//
// Policy: read and store every arm, pulling it m = ⌈(T/K)^{2/3}⌉ times; when the stream ends,
// commit to the arm with the highest empirical mean. It stores all K arms (memory K), which is
// what makes it a "full-memory" reference; the choice it makes is the same as a single-memory
// king would make with the same samples.
//
// Guarantee: the uniform-sampling bound of streaming_kernels.h with B = m,
//   E[R_T] ≤ min(Km, T)·Δmax + T·min(Δmax, sqrt(2 ln(2KT)/m)) + Δmax = O(K^{1/3}T^{2/3}√log(KT)),
// registered as `streaming_etc_hoeffding`, at the final T.
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name           default  meaning
//   memory_budget  0        stored-arm budget; 0 = what it needs (K)
#include <cmath>
#include <vector>

#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

long double PullsPerArm(int64_t num_arms, uint64_t horizon) {
  return std::pow(static_cast<long double>(horizon) / static_cast<long double>(num_arms),
                  2.0L / 3.0L);
}

class StreamingExploreThenCommit {
 public:
  explicit StreamingExploreThenCommit(const core::Params& /*params*/) {}
  int64_t MemoryNeeded(const protocol::StreamingInfo& info) const { return info.num_arms; }
  void Run(protocol::ArmStream& stream, random::Rng& /*rng*/) {
    const long double m = PullsPerArm(stream.num_arms(), stream.horizon());
    std::vector<double> means(static_cast<size_t>(stream.num_arms()), -1.0);
    int64_t best_arm = -1;
    while (stream.HasNext() && stream.remaining() > 0) {
      const int64_t arm = stream.ReadNext();
      stream.Store(arm);
      means[arm] = SampleMean(stream, arm, PullCount(m, stream.remaining()), false, {});
    }
    for (int64_t arm = 0; arm < stream.num_arms(); ++arm) {
      if (stream.IsStored(arm) && (best_arm < 0 || means[arm] > means[best_arm])) best_arm = arm;
    }
    CommitRest(stream, best_arm, false);
  }
};

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "streaming_explore_then_commit",
      "full-memory explore-then-commit: (T/K)^(2/3) pulls per arm, commit to the best",
      "Lattimore & Szepesvari (2020), Bandit Algorithms, Chapter 6",
      "memory K; regret O(K^(1/3) T^(2/3) sqrt(log(KT)))", false);
}

registry::BoundSpec Bound() {
  return UniformSampleKingBoundSpec(
      "streaming_etc_hoeffding", "streaming_explore_then_commit",
      "derived here from Hoeffding (1963) and a union bound (streaming_kernels.h)",
      "m = ceil((T/K)^(2/3))", PullsPerArm);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, StreamingExploreThenCommit, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::streaming
