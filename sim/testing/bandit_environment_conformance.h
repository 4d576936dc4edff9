// The conformance kit for bandit environments: what every environment promises the bandit
// protocol (sim/protocol/bandit.h), checked on draws. Used by
// tests/conformance/bandit_environment_conformance_test.cc on every registered bandit
// environment, and by the Python module on environments written in Python (docs/python.md).
//
// Checks, on replicate 0 of a fixed seed (replicate 1 for `keyed`), `pulls` pulls of each arm:
//   constructs       the factory builds two objects;
//   rewards_in_range every reward is finite and within [reward_min, reward_max]: the oracle's
//                    scalars when it gives them (the true range), else Info()'s;
//   deterministic    two fresh objects Reset to the same key pay the same rewards;
//   keyed            another replicate pays other rewards (not checked when every reward of
//                    both replicates is the same constant);
// and, for stochastic environments (oracle scalar `stochastic` = 1, stationary, `means` given):
//   reward_stacks    arm a's n-th reward does not depend on the other arms' pulls (all arms in
//                    turn, and each arm's pulls in a block, give the same sequences);
//   means_match      each arm's sample mean is within 5σ/√n of its declared mean, σ the oracle's
//                    `subgaussian_sigma` or (b − a)/2 (a Hoeffding margin: a false alarm has
//                    probability below 2e^{−12.5} per arm);
// and, when a reference environment is given (a port's original):
//   matches_reference  the same rewards as the reference, bit for bit, on the same keys.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "sim/protocol/bandit.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::testing {

using BanditEnvironmentFactory = std::function<std::unique_ptr<protocol::BanditEnvironment>()>;

ConformanceReport CheckBanditEnvironment(const BanditEnvironmentFactory& make_environment,
                                         int64_t pulls = 4000, uint64_t seed = 20261126,
                                         const BanditEnvironmentFactory& make_reference = nullptr);

}  // namespace regretlab::testing
