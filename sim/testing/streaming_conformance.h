// The conformance kit for streaming bandit algorithms (protocol streaming_bandit), public like
// the bandit kit, so that a researcher's own streaming algorithm is checked the way the
// registered ones are (tests/conformance/streaming_conformance_test.cc).
//
// Usage:
//   auto environment = <a registered streaming environment, e.g. clear_cut with num_arms = 30>;
//   auto report = regretlab::testing::CheckStreamingAlgorithm<MyAlgorithm>(params, *environment);
//   REQUIRE(report.ok());
//
// Checks, over a few horizons (T = K + 10, 2·10^4, 2^50) and replicates, with fixed seeds:
//   exact_pulls     the learner makes exactly T pulls (the wrapper's Finish());
//   rules           no wrapper rule is broken: read once in order, pull only read/stored arms,
//                   never more than the budget stored (an InvariantError otherwise);
//   memory          the recorded peak of stored arms is ≤ the budget;
//   regret_range    0 ≤ regret ≤ T·max gap, non-decreasing across checkpoints;
//   deterministic   two fresh learners fed the same streams give the same regret.
#pragma once

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/params.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::testing {

using StreamingConformanceReport = ConformanceReport;

using StreamingLearnerFactory = std::function<std::unique_ptr<protocol::StreamingLearner>()>;

inline StreamingConformanceReport CheckStreamingLearner(const StreamingLearnerFactory& make_learner,
                                                        protocol::StreamingEnvironment& environment,
                                                        uint64_t seed = 20261126) {
  StreamingConformanceReport report;
  const int64_t num_arms = environment.NumArms();
  for (const int64_t horizon : {num_arms + 10, int64_t{20000} + num_arms, int64_t{1} << 50}) {
    const std::vector<int64_t> checkpoints = {horizon / 4 + 1, horizon / 2 + 1, horizon};
    for (uint64_t replicate = 0; replicate < 3; ++replicate) {
      std::vector<double> first_run;
      for (int pass = 0; pass < 2; ++pass) {
        auto learner = make_learner();
        environment.SetHorizon(horizon);
        const random::StreamKey key{seed, 91, replicate, random::Role::kEnvironment, 0};
        environment.Reset(key);
        random::StreamKey learner_key = key;
        learner_key.role = random::Role::kLearner;
        random::Rng learner_rng(learner_key);
        std::vector<double> regret(3, -1), peak(3, -1), budget(3, -1);
        using Metric = protocol::StreamingBanditProtocol::Metric;
        protocol::CheckpointWriter<protocol::StreamingBanditProtocol> writer(checkpoints);
        writer.Record(Metric::kPseudoRegret, regret.data())
            .Record(Metric::kPeakStoredArms, peak.data())
            .Record(Metric::kMemoryBudget, budget.data());
        const std::string where =
            "T=" + std::to_string(horizon) + " replicate=" + std::to_string(replicate) + ": ";
        try {
          protocol::RunStreamingReplicate(*learner, environment, learner_rng, writer);
        } catch (const core::InvariantError& error) {
          report.failures.push_back("rules: " + where + error.what());
          return report;
        }
        const protocol::StreamingInfo info{num_arms, static_cast<uint64_t>(horizon), 0};
        if (peak.back() > budget.back() || budget.back() != learner->MemoryBudget(info)) {
          report.failures.push_back("memory: " + where + "peak " + std::to_string(peak.back()) +
                                    " budget " + std::to_string(budget.back()));
        }
        const double cap = static_cast<double>(horizon) * environment.MaxGap() * (1 + 1e-12);
        if (!(regret[0] >= 0 && regret[0] <= regret[1] && regret[1] <= regret[2] &&
              regret[2] <= cap)) {
          report.failures.push_back("regret_range: " + where + "regret " +
                                    std::to_string(regret[2]) + ", T max gap " +
                                    std::to_string(cap));
        }
        if (pass == 0) {
          first_run = regret;
        } else if (regret != first_run) {
          report.failures.push_back("deterministic: " + where + "two fresh learners differ");
        }
      }
    }
  }
  return report;
}

// For a plain algorithm class (not registered).
template <protocol::StreamingAlgorithm A>
StreamingConformanceReport CheckStreamingAlgorithm(const core::Params& params,
                                                   protocol::StreamingEnvironment& environment,
                                                   uint64_t seed = 20261126) {
  return CheckStreamingLearner(
      [&] { return std::make_unique<protocol::StreamingAdapter<A>>(params); }, environment, seed);
}

}  // namespace regretlab::testing
