// The conformance kit for contextual bandit algorithms (protocol contextual_bandit), public like
// the bandit and streaming kits, so that a researcher's own contextual algorithm is checked the
// way the registered ones are (tests/conformance/contextual_conformance_test.cc).
//
// Usage:
//   auto environment = <a registered contextual environment, e.g. synthetic_realizable>;
//   auto report = regretlab::testing::CheckContextualAlgorithm<MyAlgorithm>(params, *environment);
//   REQUIRE(report.ok());
//
// Checks over 3 replicates of T = 300 rounds with fixed seeds:
//   valid_arms      every arm is in [0, K);
//   distribution    when p_t is exposed: entries ≥ 0, |Σ p − 1| ≤ 1e-9, p_t(a_t) > 0;
//   deterministic   a second run (after Reset) plays the same arms;
//   reset           a fresh object plays the same arms as a reset one;
//   loop            the engine's compiled loop (RunContextualLoop) records the same final
//                   pseudo-regret as the round-by-round run.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::testing {

using ContextualConformanceReport = ConformanceReport;

using ContextualLearnerFactory = std::function<std::unique_ptr<protocol::ContextualLearner>()>;

namespace internal {

inline random::StreamKey ContextualKey(uint64_t seed, uint64_t replicate, random::Role role) {
  return {seed, 93, replicate, role, 0};
}

// One replicate round by round: the arms played and the final pseudo-regret; problems appended.
inline std::vector<int64_t> RunRoundByRound(protocol::ContextualLearner& learner,
                                            protocol::ContextualEnvironment& environment,
                                            int64_t horizon, uint64_t replicate, uint64_t seed,
                                            double& regret, std::vector<std::string>& failures) {
  environment.SetHorizon(horizon);
  environment.Reset(ContextualKey(seed, replicate, random::Role::kEnvironment));
  random::Rng learner_rng(ContextualKey(seed, replicate, random::Role::kLearner));
  random::Rng init_rng(ContextualKey(seed, replicate, random::Role::kInit));
  const protocol::ContextualInfo info = environment.Info();
  std::vector<double> contexts(
      static_cast<size_t>((info.shared_context ? 1 : info.num_arms) * info.dimension));
  std::vector<double> means(static_cast<size_t>(info.num_arms));
  const protocol::ContextBatch batch{contexts, info.num_arms, info.dimension, info.shared_context};
  learner.Reset(info, init_rng);
  std::vector<int64_t> arms;
  protocol::CompensatedSum total;
  for (int64_t round = 1; round <= horizon; ++round) {
    environment.NextRound(round, contexts, means);
    const int64_t arm = learner.Select(batch, learner_rng);
    if (arm < 0 || arm >= info.num_arms) {
      failures.push_back("valid_arms: arm " + std::to_string(arm) + " at round " +
                         std::to_string(round));
      return arms;
    }
    const std::span<const double> p = learner.Distribution();
    if (learner.HasDistribution()) {
      const double sum = std::accumulate(p.begin(), p.end(), 0.0);
      const bool negative = std::any_of(p.begin(), p.end(), [](double v) { return !(v >= 0.0); });
      if (p.size() != means.size() || negative || std::abs(sum - 1.0) > 1e-9 ||
          !(p[static_cast<size_t>(arm)] > 0.0)) {
        failures.push_back("distribution: invalid p_t at round " + std::to_string(round) +
                           " (sum " + std::to_string(sum) + ")");
        return arms;
      }
    }
    total.Add(means[static_cast<size_t>(arm)] - *std::min_element(means.begin(), means.end()));
    arms.push_back(arm);
    learner.Observe(arm, environment.Loss(arm));
  }
  regret = total.Value();
  return arms;
}

}  // namespace internal

inline ContextualConformanceReport CheckContextualLearner(
    const ContextualLearnerFactory& make_learner, protocol::ContextualEnvironment& environment,
    int64_t horizon = 300, uint64_t seed = 20261126) {
  ContextualConformanceReport report;
  auto learner = make_learner();
  for (uint64_t replicate = 0; replicate < 3; ++replicate) {
    const std::string where = " (replicate " + std::to_string(replicate) + ")";
    double regret = 0, again_regret = 0, fresh_regret = 0;
    const auto arms = internal::RunRoundByRound(*learner, environment, horizon, replicate, seed,
                                                regret, report.failures);
    if (!report.ok()) return report;
    if (internal::RunRoundByRound(*learner, environment, horizon, replicate, seed, again_regret,
                                  report.failures) != arms) {
      report.failures.push_back("deterministic: a second run played other arms" + where);
    }
    auto fresh = make_learner();
    if (internal::RunRoundByRound(*fresh, environment, horizon, replicate, seed, fresh_regret,
                                  report.failures) != arms) {
      report.failures.push_back("reset: a fresh object played other arms than a reset one" + where);
    }
    // The engine's loop on the same streams.
    environment.SetHorizon(horizon);
    environment.Reset(internal::ContextualKey(seed, replicate, random::Role::kEnvironment));
    random::Rng learner_rng(internal::ContextualKey(seed, replicate, random::Role::kLearner));
    random::Rng init_rng(internal::ContextualKey(seed, replicate, random::Role::kInit));
    const std::vector<int64_t> checkpoints = {horizon};
    double loop_regret = -1;
    protocol::CheckpointWriter<protocol::ContextualBanditProtocol> writer(checkpoints);
    writer.Record(protocol::ContextualBanditProtocol::Metric::kPseudoRegret, &loop_regret);
    learner->RunReplicate(environment, learner_rng, init_rng, writer);
    if (loop_regret != regret) {
      report.failures.push_back("loop: the engine's loop recorded regret " +
                                std::to_string(loop_regret) + ", the round-by-round run " +
                                std::to_string(regret) + where);
    }
  }
  return report;
}

// For a class A satisfying protocol::ContextualAlgorithm, with its validated parameters.
template <protocol::ContextualAlgorithm A>
ContextualConformanceReport CheckContextualAlgorithm(const core::Params& params,
                                                     protocol::ContextualEnvironment& environment,
                                                     int64_t horizon = 300) {
  return CheckContextualLearner(
      [&] { return std::make_unique<protocol::ContextualAdapter<A>>(params); }, environment,
      horizon);
}

}  // namespace regretlab::testing
