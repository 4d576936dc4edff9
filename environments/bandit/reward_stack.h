// Shared machinery of stochastic bandit environments in the reward-stack model (Lattimore &
// Szepesvári 2020, §4.6): arm a owns a stream, and its n-th pull returns the n-th draw of that
// stream. Outcomes therefore do not depend on the order in which a learner plays, and all
// algorithms of a cell see the same stacks (common random numbers).
//
// Realized regret needs the rewards an arm *would* have paid had it been played every round:
// those are the first t entries of its stack, read by a second copy of the same stream (the
// "hindsight cursor"), so the comparator and the learner read one and the same stack.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/check.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"

namespace regretlab::environments::bandit {

// Substream 0 of the environment role is kept for per-replicate instance draws (e.g. where the
// needle hides); arm a's reward stack is substream a + 1.
inline constexpr uint32_t kInstanceSubstream = 0;

// CRTP base: Derived provides `double DrawReward(int64_t arm, random::Rng& stream)`, the per-arm
// means (set in `means_`), and may override OnReset(instance_rng) for per-replicate instances.
template <class Derived>
class RewardStackEnvironment : public protocol::BanditEnvironment {
 public:
  protocol::BanditInfo Info() const override {
    return {static_cast<int64_t>(means_.size()), horizon_, 0.0, 1.0};
  }

  void Reset(const random::StreamKey& key) override {
    random::StreamKey instance_key = key;
    instance_key.substream = kInstanceSubstream;
    random::Rng instance_rng(instance_key);
    static_cast<Derived*>(this)->OnReset(instance_rng);
    const size_t num_arms = means_.size();
    pull_streams_.resize(num_arms);
    for (size_t arm = 0; arm < num_arms; ++arm) {
      random::StreamKey arm_key = key;
      arm_key.substream = static_cast<uint32_t>(arm + 1);
      pull_streams_[arm].Seed(arm_key);
    }
    hindsight_streams_ = pull_streams_;
    best_mean_ = means_[0];
    comparator_ = 0;
    for (size_t arm = 1; arm < num_arms; ++arm) {
      if (means_[arm] > best_mean_) {
        best_mean_ = means_[arm];
        comparator_ = static_cast<int64_t>(arm);
      }
    }
  }

  double Pull(int64_t arm, int64_t /*round*/) override {
    return static_cast<Derived*>(this)->DrawReward(arm, pull_streams_[arm]);
  }

  bool Stationary() const override { return true; }
  void Gaps(int64_t /*round*/, std::span<double> gap) const override {
    for (size_t arm = 0; arm < means_.size(); ++arm) gap[arm] = best_mean_ - means_[arm];
  }
  int64_t ComparatorArm() const override { return comparator_; }

  void AccumulateHindsight(int64_t from, int64_t to, std::span<double> total) override {
    auto* self = static_cast<Derived*>(this);
    // Realized regret needs every arm's stack up to t: K draws a round, the dominant cost of that
    // metric. Two arms at a time give the CPU two independent generator chains to overlap, and
    // local copies keep the generator states in registers (measured: docs/benchmarks.md).
    const size_t num_arms = means_.size();
    size_t arm = 0;
    for (; arm + 1 < num_arms; arm += 2) {
      random::Rng first = hindsight_streams_[arm], second = hindsight_streams_[arm + 1];
      const int64_t first_arm = static_cast<int64_t>(arm), second_arm = first_arm + 1;
      double first_sum = 0, second_sum = 0;
      for (int64_t n = from; n < to; ++n) {
        first_sum += self->DrawReward(first_arm, first);
        second_sum += self->DrawReward(second_arm, second);
      }
      hindsight_streams_[arm] = first;
      hindsight_streams_[arm + 1] = second;
      total[arm] += first_sum;
      total[arm + 1] += second_sum;
    }
    if (arm < num_arms) {
      random::Rng stream = hindsight_streams_[arm];
      double sum = 0;
      for (int64_t n = from; n < to; ++n)
        sum += self->DrawReward(static_cast<int64_t>(arm), stream);
      hindsight_streams_[arm] = stream;
      total[arm] += sum;
    }
  }

  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle;
    oracle.scalars["num_arms"] = static_cast<double>(means_.size());
    oracle.scalars["horizon"] = static_cast<double>(horizon_);
    oracle.scalars["stochastic"] = 1;
    oracle.scalars["bernoulli"] = bernoulli_ ? 1 : 0;
    oracle.scalars["reward_min"] = 0;
    oracle.scalars["reward_max"] = 1;
    oracle.vectors["means"] = means_;
    std::vector<double> gaps(means_.size());
    for (size_t arm = 0; arm < means_.size(); ++arm) gaps[arm] = best_mean_ - means_[arm];
    oracle.vectors["gaps"] = std::move(gaps);
    return oracle;
  }

  // Default: nothing drawn per replicate.
  void OnReset(random::Rng& /*instance_rng*/) {}

 protected:
  RewardStackEnvironment(std::vector<double> means, bool bernoulli)
      : means_(std::move(means)), bernoulli_(bernoulli) {}

  std::vector<double> means_;
  bool bernoulli_ = false;

 private:
  std::vector<random::Rng> pull_streams_;
  std::vector<random::Rng> hindsight_streams_;
  double best_mean_ = 0;
  int64_t comparator_ = 0;
};

}  // namespace regretlab::environments::bandit
