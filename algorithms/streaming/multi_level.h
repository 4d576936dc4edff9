// The multi-level ε-best-arm family (Assadi & Wang 2020 style; Chen Wang 2023,
// docs/theory/streaming.md §4.2 C4), shared by the log*, log and log-log level variants, which
// differ only in their level schedule.
//
// References: S. Assadi, C. Wang (2020). Exploration with limited memory: streaming algorithms
//   for coin tossing, noisy comparisons, and multi-armed bandits. STOC 2020. Chen Wang (2023),
//   ICML, arXiv 2306.02208 (regret reduction; level schedules of the public code).
//
// Levels ℓ = 0..L each hold at most one stored king, a duel batch n_ℓ and a pull budget b_ℓ.
//   - An arriving arm duels the level-0 king (or becomes it when level 0 is empty): both are
//     pulled n_0 times afresh and the higher empirical mean wins (ties: the king); the loser is
//     gone. The duel's pulls are charged to level 0's budget.
//   - When level ℓ has spent its budget, its king is promoted: it becomes the king of level ℓ+1
//     if that is empty, else duels it there with n_{ℓ+1} fresh pulls each (charged to ℓ+1);
//     level ℓ is emptied and its counter reset. The top level just resets its counter.
//   - At the end of the stream every level's king is pulled n_0 times (as far as the budget
//     allows) and the best empirical mean gets the rest of the pulls.
// Memory: one king per level, L + 1 arms.
//
// reference_compat (docs/theory/streaming.md §4.4): quirk 2/7 — the end-of-stream "best among
// levels" helper never updates its running maximum, so it commits to the king of the highest level
// whose estimate is positive (an arm that arrived early); quirk 6 — the challenger's duel pulls are
// charged at the king's mean in the reported regret; quirks 4, 5 as everywhere.
#pragma once

#include <cmath>
#include <vector>

#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {

inline constexpr const char* kMultiLevelCitation =
    "Assadi & Wang (2020), STOC; Chen Wang (2023), ICML, arXiv 2306.02208 (level schedule of the "
    "public code)";

// Per level ℓ: duel batch n_ℓ and budget b_ℓ, in units of 1/ε² pulls (may be +inf).
struct LevelSchedule {
  std::vector<long double> batch;
  std::vector<long double> budget;
  int64_t levels() const { return static_cast<int64_t>(batch.size()); }
};

class MultiLevelEpsilonBest {
 public:
  using ScheduleFunction = LevelSchedule (*)(int64_t num_arms);
  MultiLevelEpsilonBest(const core::Params& params, ScheduleFunction schedule)
      : reference_compat_(params.Bool("reference_compat")), schedule_(schedule) {}

  int64_t MemoryNeeded(const protocol::StreamingInfo& info) const {
    return schedule_(info.num_arms).levels();
  }

  void Run(protocol::ArmStream& stream, random::Rng& /*rng*/) {
    const LevelSchedule schedule = schedule_(stream.num_arms());
    const long double epsilon = Epsilon(stream.num_arms(), stream.horizon());
    const long double unit = 1.0L / (epsilon * epsilon);
    const int64_t levels = schedule.levels();
    std::vector<int64_t> king(static_cast<size_t>(levels), -1);
    std::vector<long double> spent(static_cast<size_t>(levels), 0.0L);

    // Duel at `level` between its king and `challenger`; returns the winner (the loser is
    // discarded if stored).
    auto duel = [&](int64_t level, int64_t incumbent, int64_t challenger) {
      const long double count = schedule.batch[level] * unit;
      const uint64_t n_incumbent = PullCount(count, stream.remaining());
      const double incumbent_mean =
          SampleMean(stream, incumbent, n_incumbent, reference_compat_, {incumbent, count});
      const uint64_t n_challenger = PullCount(count, stream.remaining());
      // Quirk 6: the reference code charges the challenger's pulls at the king's mean.
      const double challenger_mean =
          SampleMean(stream, challenger, n_challenger, reference_compat_,
                     {reference_compat_ ? incumbent : challenger, count});
      spent[level] += 2 * count;
      const bool challenger_wins = n_challenger > 0 && challenger_mean > incumbent_mean;
      const int64_t loser = challenger_wins ? incumbent : challenger;
      if (stream.IsStored(loser)) stream.Discard(loser);
      return challenger_wins ? challenger : incumbent;
    };

    while (stream.HasNext() && stream.remaining() > 0) {
      const int64_t arm = stream.ReadNext();
      if (king[0] < 0) {
        stream.Store(arm);
        king[0] = arm;
        continue;
      }
      const int64_t winner = duel(0, king[0], arm);
      if (winner == arm) stream.Store(arm);
      king[0] = winner;
      // Promotions: a level whose budget is spent hands its king up.
      for (int64_t level = 0; level < levels; ++level) {
        if (king[level] < 0 || spent[level] < schedule.budget[level] * unit) break;
        spent[level] = 0;
        if (level + 1 == levels) break;  // the top level only resets its counter
        const int64_t promoted = king[level];
        king[level] = -1;
        king[level + 1] =
            king[level + 1] < 0 ? promoted : duel(level + 1, king[level + 1], promoted);
      }
    }

    // End of stream: estimate every level's king with n_0 fresh pulls; commit to the best.
    int64_t chosen = -1;
    double best_estimate = -1;
    const double running_maximum = 0;  // quirk 2: the reference helper never updates it
    for (int64_t level = 0; level < levels; ++level) {
      if (king[level] < 0) continue;
      const long double count = schedule.batch[0] * unit;
      const uint64_t n = PullCount(count, stream.remaining());
      const double estimate =
          n > 0 ? SampleMean(stream, king[level], n, reference_compat_, {king[level], count}) : 0;
      if (reference_compat_) {
        if (estimate > running_maximum || chosen < 0) chosen = king[level];
      } else if (chosen < 0 || estimate > best_estimate) {
        chosen = king[level];
        best_estimate = estimate;
      }
    }
    if (chosen < 0) chosen = stream.current();  // no king: only if no arm was read (T = 0)
    CommitRest(stream, chosen, reference_compat_);
  }

 private:
  bool reference_compat_;
  ScheduleFunction schedule_;
};

// Bound shared by the three variants: c·K^{1/3}T^{2/3} at the final T, constant ours.
inline registry::BoundSpec MultiLevelRateBound(const std::string& bound_name,
                                               const std::string& algorithm_name) {
  return RateBoundSpec(bound_name, algorithm_name,
                       "Chen Wang (2023), arXiv 2306.02208, abstract: expected regret "
                       "O(K^(1/3) T^(2/3)) with O(log* K) memory; the constant 20 is ours",
                       20.0);
}

}  // namespace regretlab::algorithms::streaming
