// Helpers for the contextual tests: build registered components with validated parameters and
// drive a learner round by round on an environment.
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/contextual_bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab::contextual_testing {

using test_support::Make;
using test_support::ParamMap;
using test_support::Validated;

inline random::StreamKey Key(uint64_t replicate, random::Role role) {
  return {20261126, 99, replicate, role, 0};
}

// One replicate driven round by round; `on_round(round, mean_losses, arm, distribution)` sees
// every round. Returns the cumulative pseudo-regret.
template <class OnRound>
double Drive(protocol::ContextualLearner& learner, protocol::ContextualEnvironment& environment,
             int64_t horizon, uint64_t replicate, OnRound&& on_round) {
  environment.SetHorizon(horizon);
  environment.Reset(Key(replicate, random::Role::kEnvironment));
  random::Rng learner_rng(Key(replicate, random::Role::kLearner));
  random::Rng init_rng(Key(replicate, random::Role::kInit));
  const protocol::ContextualInfo info = environment.Info();
  std::vector<double> contexts((info.shared_context ? 1 : info.num_arms) * info.dimension);
  std::vector<double> means(static_cast<size_t>(info.num_arms));
  const protocol::ContextBatch batch{contexts, info.num_arms, info.dimension, info.shared_context};
  learner.Reset(info, init_rng);
  double regret = 0;
  for (int64_t round = 1; round <= horizon; ++round) {
    environment.NextRound(round, contexts, means);
    const int64_t arm = learner.Select(batch, learner_rng);
    REQUIRE(arm >= 0);
    REQUIRE(arm < info.num_arms);
    on_round(round, std::span<const double>(means), arm, learner.Distribution());
    regret += means[static_cast<size_t>(arm)] - *std::min_element(means.begin(), means.end());
    learner.Observe(arm, environment.Loss(arm));
  }
  return regret;
}

inline double Drive(protocol::ContextualLearner& learner,
                    protocol::ContextualEnvironment& environment, int64_t horizon,
                    uint64_t replicate) {
  return Drive(learner, environment, horizon, replicate,
               [](int64_t, std::span<const double>, int64_t, std::span<const double>) {});
}

}  // namespace regretlab::contextual_testing
