// The bandit round loop and the adapter that wraps an algorithm class: the protocol's loop file,
// a header because the loop is compiled per concrete algorithm (no virtual call per round).
// Included by bandit.h; kept apart so the protocol's interface reads on its own.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/protocol/bandit.h"

namespace regretlab::protocol {

template <BanditAlgorithm A>
void RunBanditLoop(A& algorithm, BanditEnvironment& environment, random::Rng& learner_rng,
                   CheckpointWriter<BanditProtocol>& writer) {
  using Metric = BanditProtocol::Metric;
  const BanditInfo info = environment.Info();
  const int64_t num_arms = info.num_arms;
  const int64_t comparator = environment.ComparatorArm();
  const bool stationary = environment.Stationary();
  std::vector<double> gaps(static_cast<size_t>(num_arms), 0.0);
  environment.Gaps(1, gaps);
  // What the cell records, decided once: the round loop below tests plain booleans.
  const bool record_pseudo = writer.Records(Metric::kPseudoRegret);
  const bool record_expected = ExposesDistribution<A> && writer.Records(Metric::kExpectedRegret);
  const bool record_realized = writer.Records(Metric::kRealizedRegret);
  std::vector<double> hindsight(record_realized ? num_arms : 0, 0.0);
  // Pull counts: with stationary gaps the pseudo-regret is Σ_a Δ_a N_a(t), computed at the
  // checkpoints only (exact counts, one rounding per arm) instead of a sum over every round.
  std::vector<int64_t> pulls(static_cast<size_t>(num_arms), 0);

  algorithm.Reset(info);
  CompensatedSum<> pseudo, expected, rewards;
  int64_t previous_checkpoint = 0;
  int64_t next_checkpoint = writer.Next();
  const int64_t horizon = writer.checkpoints().back();

  for (int64_t round = 1; round <= horizon; ++round) {
    if (!stationary) environment.Gaps(round, gaps);
    const int64_t arm = algorithm.Select(learner_rng);
    REGRETLAB_CHECK(static_cast<uint64_t>(arm) < static_cast<uint64_t>(num_arms), "arm ", arm,
                    " selected with K = ", num_arms);
    if (record_expected) {
      // Σ_a p_t(a) Δ_t(a): the conditional expectation of this round's pseudo-regret.
      const std::span<const double> p = DistributionOf(algorithm);
      double expected_gap = 0;
      for (int64_t a = 0; a < num_arms; ++a) expected_gap += p[a] * gaps[a];
      expected.Add(expected_gap);
    }
    const double reward = environment.Pull(arm, round);
    algorithm.Observe(arm, reward);
    ++pulls[arm];
    if (!stationary) pseudo.Add(gaps[arm]);
    if (record_realized) rewards.Add(reward);

    if (round == next_checkpoint) [[unlikely]] {
      if (record_pseudo) {
        if (stationary) {
          CompensatedSum<> total;
          for (int64_t a = 0; a < num_arms; ++a) total.Add(gaps[a] * static_cast<double>(pulls[a]));
          writer.Put(Metric::kPseudoRegret, total.Value());
        } else {
          writer.Put(Metric::kPseudoRegret, pseudo.Value());
        }
      }
      if (record_expected) writer.Put(Metric::kExpectedRegret, expected.Value());
      if (record_realized) {
        environment.AccumulateHindsight(previous_checkpoint, round, hindsight);
        const double best = *std::max_element(hindsight.begin(), hindsight.end());
        writer.Put(Metric::kRealizedRegret, best - rewards.Value());
      }
      writer.Put(Metric::kBestArmPulls, static_cast<double>(pulls[comparator]));
      writer.Advance();
      previous_checkpoint = round;
      if (!writer.Done()) next_checkpoint = writer.Next();
    }
  }
}

// Wraps a concrete algorithm class behind the type-erased BanditLearner.
template <BanditAlgorithm A>
class BanditAdapter final : public BanditLearner {
 public:
  explicit BanditAdapter(const core::Params& params) : algorithm_(params) {}

  void Reset(const BanditInfo& info) override { algorithm_.Reset(info); }
  int64_t Select(random::Rng& rng) override { return algorithm_.Select(rng); }
  void Observe(int64_t arm, double reward) override { algorithm_.Observe(arm, reward); }
  bool HasDistribution() const override { return ExposesDistribution<A>; }
  std::span<const double> Distribution() const override { return DistributionOf(algorithm_); }
  void RunReplicate(BanditEnvironment& environment, random::Rng& learner_rng,
                    CheckpointWriter<BanditProtocol>& writer) override {
    RunBanditLoop(algorithm_, environment, learner_rng, writer);
  }

 private:
  A algorithm_;
};

}  // namespace regretlab::protocol
