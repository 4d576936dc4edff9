// The conformance kit for online convex optimisation learners, public like the bandit kit
// (sim/testing/bandit_conformance.h): tests/conformance/oco_conformance_test.cc runs it on every
// registered pair, and the Python module on learners written in Python.
//
// Usage:
//   auto environment =
//   regretlab::testing::MakeRegisteredEnvironment<protocol::OnlineConvexProtocol>(
//       "quadratic_sea", {{"domain", std::string("ball")}});
//   environment->SetHorizon(300);
//   auto report = regretlab::testing::CheckOcoLearner(make_learner, *environment);
//
// Checks, on replicates 0 and 1 of the environment (fixed seed) over its horizon:
//   constructs       the factory builds two objects;
//   accepts          Check(info) is empty (the learner can run on this environment's setting);
//                    when it declines, the report holds that single failure and nothing else runs;
//   plays_in_domain  every play lies within 1e-12 of X and the run completes (a play outside X,
//                    or an exception, is this check's failure);
//   finite           every final regret and the path length are finite;
//   reset_is_fresh   replicate 0 again, after replicate 1 on the same object, gives the same bits;
//   deterministic    a second fresh object on replicate 0 gives the same bits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "sim/protocol/online_convex.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::testing {

using OcoLearnerFactory = std::function<std::unique_ptr<protocol::OcoLearner>()>;

ConformanceReport CheckOcoLearner(const OcoLearnerFactory& make_learner,
                                  protocol::OcoEnvironment& environment, uint64_t seed = 20261126);

}  // namespace regretlab::testing
