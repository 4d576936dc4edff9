// Helpers shared by the bandit algorithm tests: build a registered learner with given
// parameters, feed it observations, play it against Bernoulli arms, build oracles for bounds.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab::algorithms::bandit::testing {

using test_support::ParamMap;

// The registered algorithm `name`, with `params` validated against its schema (defaults filled).
inline core::Params ValidatedParams(const std::string& name, const ParamMap& params = {}) {
  return test_support::Validated(name, params);
}

inline std::unique_ptr<protocol::BanditLearner> MakeLearner(const std::string& name,
                                                            const ParamMap& params = {}) {
  return test_support::Make<protocol::BanditLearner>(name, params);
}

inline protocol::BanditInfo MakeInfo(int64_t num_arms, int64_t horizon = 1000,
                                     double reward_min = 0.0, double reward_max = 1.0) {
  protocol::BanditInfo info;
  info.num_arms = num_arms;
  info.horizon = horizon;
  info.reward_min = reward_min;
  info.reward_max = reward_max;
  return info;
}

inline random::Rng MakeRng(uint64_t seed, random::Role role = random::Role::kLearner) {
  random::StreamKey key;
  key.seed = seed;
  key.environment_id = 0x5eed;
  key.role = role;
  return random::Rng(key);
}

// `count` observations of `reward` on `arm` (no Select in between: index policies do not care).
inline void Feed(protocol::BanditLearner& learner, int64_t arm, double reward, int count) {
  for (int i = 0; i < count; ++i) learner.Observe(arm, reward);
}

// Resets `learner` for K = means.size() arms and horizon `rounds`, then plays `rounds` rounds
// against Bernoulli arms (rewards from their own generator, seeded `environment_seed`). Returns
// the arms played; checks every exposed distribution on the way.
inline std::vector<int64_t> PlayBernoulli(protocol::BanditLearner& learner,
                                          const std::vector<double>& means, int64_t rounds,
                                          uint64_t learner_seed, uint64_t environment_seed) {
  const int64_t num_arms = static_cast<int64_t>(means.size());
  learner.Reset(MakeInfo(num_arms, rounds));
  random::Rng learner_rng = MakeRng(learner_seed);
  random::Rng environment_rng = MakeRng(environment_seed, random::Role::kEnvironment);
  std::vector<int64_t> arms;
  for (int64_t round = 0; round < rounds; ++round) {
    const int64_t arm = learner.Select(learner_rng);
    REQUIRE(arm >= 0);
    REQUIRE(arm < num_arms);
    if (learner.HasDistribution()) {
      const auto p = learner.Distribution();
      REQUIRE(static_cast<int64_t>(p.size()) == num_arms);
      double total = 0.0;
      for (const double probability : p) {
        REQUIRE(probability >= 0.0);
        total += probability;
      }
      REQUIRE(total == Approx(1.0).margin(1e-12));
      REQUIRE(p[arm] > 0.0);
    }
    const double reward = environment_rng.Uniform01() < means[arm] ? 1.0 : 0.0;
    learner.Observe(arm, reward);
    arms.push_back(arm);
  }
  return arms;
}

// Plays the learner `name` on the Bernoulli arms `means`, again after its Reset, and once as a
// fresh object; REQUIREs the three arm sequences to be equal (Reset restores the initial state)
// and returns the sequence.
inline std::vector<int64_t> PlayResetAndFresh(const std::string& name, const ParamMap& params,
                                              const std::vector<double>& means, int64_t rounds,
                                              uint64_t learner_seed, uint64_t environment_seed) {
  auto learner = MakeLearner(name, params);
  const auto first = PlayBernoulli(*learner, means, rounds, learner_seed, environment_seed);
  REQUIRE(first == PlayBernoulli(*learner, means, rounds, learner_seed, environment_seed));
  auto fresh = MakeLearner(name, params);
  REQUIRE(first == PlayBernoulli(*fresh, means, rounds, learner_seed, environment_seed));
  return first;
}

// An oracle of a stationary stochastic environment with these means.
inline registry::OracleInfo StochasticOracle(const std::vector<double>& means, int64_t horizon,
                                             bool bernoulli) {
  registry::OracleInfo oracle;
  double best = means.empty() ? 0.0 : means[0];
  for (const double mean : means) best = mean > best ? mean : best;
  std::vector<double> gaps;
  for (const double mean : means) gaps.push_back(best - mean);
  oracle.scalars["num_arms"] = static_cast<double>(means.size());
  oracle.scalars["horizon"] = static_cast<double>(horizon);
  oracle.scalars["stochastic"] = 1.0;
  oracle.scalars["bernoulli"] = bernoulli ? 1.0 : 0.0;
  oracle.scalars["reward_min"] = 0.0;
  oracle.scalars["reward_max"] = 1.0;
  oracle.vectors["means"] = means;
  oracle.vectors["gaps"] = gaps;
  return oracle;
}

inline const registry::BoundSpec& FindBound(const std::string& name) {
  const registry::BoundSpec* bound = registry::Registry::Get().FindBound(name);
  REQUIRE(bound != nullptr);
  REQUIRE(bound->applies);
  REQUIRE(bound->evaluate);
  return *bound;
}

}  // namespace regretlab::algorithms::bandit::testing
