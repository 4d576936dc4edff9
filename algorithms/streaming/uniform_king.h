// The single-memory "king" loop shared by uniform exploration (C1) and naive ε-best (C2), which
// differ only in the number B of pulls each arriving arm gets (docs/theory/streaming.md §4.2).
//
// For each arriving arm: pull it B times; if its empirical mean is strictly above the king's
// stored estimate, it replaces the king (the old king is discarded first, so one arm is stored).
// When the stream ends, commit to the king. The king's estimate is its own B-pull mean: by
// induction the final king has the highest empirical mean of all arms read.
//
// reference_compat (docs/theory/streaming.md §4.4): quirk 1 — the first arm's estimate is never
// recorded (stays 0), so any later arm with a positive mean replaces it; quirk 4 — batches over
// 10^5 pulls are sampled as μ + N(0, (2/√n)²); quirk 5 — the reported regret charges the unrounded
// B.
#pragma once

#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {

inline void RunUniformKing(protocol::ArmStream& stream, long double pulls_per_arm,
                           bool reference_compat) {
  int64_t king = -1;
  double king_estimate = 0;
  while (stream.HasNext() && stream.remaining() > 0) {
    const int64_t arm = stream.ReadNext();
    const uint64_t n = PullCount(pulls_per_arm, stream.remaining());
    const double mean = SampleMean(stream, arm, n, reference_compat, {arm, pulls_per_arm});
    if (king < 0) {
      stream.Store(arm);
      king = arm;
      king_estimate = reference_compat ? 0.0 : mean;  // quirk 1
    } else if (mean > king_estimate) {
      stream.Discard(king);
      stream.Store(arm);
      king = arm;
      king_estimate = mean;
    }
  }
  CommitRest(stream, king, reference_compat);
}

// The algorithm class of a uniform-king variant: `PullsPerArm(K, T)` is its B.
template <long double (*PullsPerArm)(int64_t, uint64_t)>
class UniformKingAlgorithm {
 public:
  explicit UniformKingAlgorithm(const core::Params& params)
      : reference_compat_(params.Bool("reference_compat")) {}
  int64_t MemoryNeeded(const protocol::StreamingInfo& /*info*/) const { return 1; }
  void Run(protocol::ArmStream& stream, random::Rng& /*rng*/) {
    RunUniformKing(stream, PullsPerArm(stream.num_arms(), stream.horizon()), reference_compat_);
  }

 private:
  bool reference_compat_;
};

}  // namespace regretlab::algorithms::streaming
