// Shared machinery of oblivious adversarial bandit environments given by a table of means:
// in round t arm a pays a Bernoulli(μ_t(a)) reward drawn at the address (t, a) of a Philox
// stream. The whole reward table is fixed before the learner acts (oblivious adversary), any
// entry can be read in any order, and the best arm in hindsight is computed from the same
// entries the learner would have seen.
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <span>
#include <vector>

#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"

namespace regretlab::environments::bandit {

// CRTP base: Derived provides `double Mean(int64_t arm, int64_t round) const` and
// `double MeanTotal(int64_t arm) const` (Σ_{t≤T} μ_t(a), in closed form), plus `num_arms_`.
template <class Derived>
class RewardTableEnvironment : public protocol::BanditEnvironment {
 public:
  protocol::BanditInfo Info() const override { return {num_arms_, horizon_, 0.0, 1.0}; }

  void Reset(const random::StreamKey& key) override {
    key_ = key;
    const Derived& self = static_cast<const Derived&>(*this);
    comparator_ = 0;
    for (int64_t arm = 1; arm < num_arms_; ++arm) {
      if (self.MeanTotal(arm) > self.MeanTotal(comparator_)) comparator_ = arm;
    }
  }

  double Pull(int64_t arm, int64_t round) override { return RewardAt(arm, round); }

  void Gaps(int64_t round, std::span<double> gap) const override {
    const Derived& self = static_cast<const Derived&>(*this);
    const double best = self.Mean(comparator_, round);
    for (int64_t arm = 0; arm < num_arms_; ++arm) gap[arm] = best - self.Mean(arm, round);
  }
  int64_t ComparatorArm() const override { return comparator_; }

  void AccumulateHindsight(int64_t from, int64_t to, std::span<double> total) override {
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      double sum = 0;
      for (int64_t round = from + 1; round <= to; ++round) sum += RewardAt(arm, round);
      total[arm] += sum;
    }
  }

 protected:
  // Reward of `arm` in `round`: Bernoulli(μ_t(a)) with the uniform at word (t mod 4) of the
  // Philox block t/4 of arm a's substream. A pure function of (key, arm, round).
  double RewardAt(int64_t arm, int64_t round) const {
    random::StreamKey arm_key = key_;
    arm_key.substream = static_cast<uint32_t>(arm + 1);
    const auto block = random::PhiloxBlock(arm_key, static_cast<uint64_t>(round) >> 2);
    const double uniform =
        static_cast<double>(block[static_cast<uint64_t>(round) & 3] >> 11) * 0x1.0p-53;
    return static_cast<double>(uniform < static_cast<const Derived&>(*this).Mean(arm, round));
  }

  registry::OracleInfo BaseOracle() const {
    registry::OracleInfo oracle;
    oracle.scalars["num_arms"] = static_cast<double>(num_arms_);
    oracle.scalars["horizon"] = static_cast<double>(horizon_);
    oracle.scalars["stochastic"] = 0;
    oracle.scalars["bernoulli"] = 1;
    oracle.scalars["reward_min"] = 0;
    oracle.scalars["reward_max"] = 1;
    return oracle;
  }

  int64_t num_arms_ = 0;
  int64_t comparator_ = 0;

 private:
  random::StreamKey key_;
};

}  // namespace regretlab::environments::bandit
