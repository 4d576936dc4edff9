// The conformance kit for bandit algorithms, public so that researchers check their own
// algorithms the way every registered one is checked (DESIGN §9).
//
// Usage from any test framework (here Catch2):
//
//   #include "sim/testing/bandit_conformance.h"
//   auto environment = regretlab::testing::MakeEnvironment("bernoulli", {{"means", ...}});
//   auto report = regretlab::testing::CheckBanditAlgorithm<MyAlgorithm>(params, *environment);
//   INFO(report.Text());
//   REQUIRE(report.ok());
//
// Checks, over `horizon` rounds with fixed seeds:
//   valid_actions       every Select returns an arm in [0, K);
//   distribution        if exposed: K entries, each >= 0, summing to 1 within 1e-9, and the
//                       selected arm has positive probability;
//   deterministic       two fresh objects fed the same streams act identically;
//   reset_is_fresh      Reset(info) after a full run gives the same actions as a fresh object;
//   loop_matches        the engine's compiled round loop (RunReplicate) records the same
//                       pseudo-regret as a plain per-round loop through the virtual interface.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::testing {

using LearnerFactory = std::function<std::unique_ptr<protocol::BanditLearner>()>;

ConformanceReport CheckBanditLearner(const LearnerFactory& make_learner,
                                     protocol::BanditEnvironment& environment,
                                     int64_t horizon = 500, uint64_t seed = 20261126);

// For a plain algorithm class (not registered).
template <protocol::BanditAlgorithm A>
ConformanceReport CheckBanditAlgorithm(const core::Params& params,
                                       protocol::BanditEnvironment& environment,
                                       int64_t horizon = 500, uint64_t seed = 20261126) {
  return CheckBanditLearner([&] { return std::make_unique<protocol::BanditAdapter<A>>(params); },
                            environment, horizon, seed);
}

// A registered environment with validated parameters (throws ConfigError on bad ones).
std::unique_ptr<protocol::BanditEnvironment> MakeEnvironment(
    const std::string& name, const std::map<std::string, core::ParamValue>& params);

}  // namespace regretlab::testing
