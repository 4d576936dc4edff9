// Helpers for the streaming tests: build registered streaming components and run one replicate
// with the engine's own wrapper (protocol::RunStreamingReplicate).
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/streaming_bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab::algorithms::streaming::testing {

using test_support::Make;
using test_support::ParamMap;
using test_support::Validated;

inline std::vector<std::string> StreamingNames(registry::ComponentKind kind) {
  std::vector<std::string> names;
  for (const auto* spec : registry::Registry::Get().Components(kind)) {
    if (spec->protocol == protocol::kStreamingBanditProtocol) names.push_back(spec->name);
  }
  return names;
}

struct ReplicateRun {
  protocol::StreamingReplicateOutcome outcome;
  std::vector<int64_t> checkpoints;
  std::vector<double> regret, reported, peak, budget;
  double max_gap = 0;
  int64_t best_arm = 0;
};

// One replicate of `algorithm` on `environment` (already constructed) with horizon T, recording
// at the checkpoints given (the last must be T).
inline ReplicateRun RunReplicate(protocol::StreamingLearner& learner,
                                 protocol::StreamingEnvironment& environment, int64_t horizon,
                                 uint64_t replicate, std::vector<int64_t> checkpoints = {},
                                 uint64_t seed = 20261126) {
  if (checkpoints.empty()) checkpoints = {horizon};
  environment.SetHorizon(horizon);
  random::StreamKey key{seed, 77, replicate, random::Role::kEnvironment, 0};
  environment.Reset(key);
  random::StreamKey learner_key = key;
  learner_key.role = random::Role::kLearner;
  random::Rng learner_rng(learner_key);
  ReplicateRun run;
  run.checkpoints = checkpoints;
  const size_t c = checkpoints.size();
  run.regret.assign(c, -1);
  run.reported.assign(c, -1);
  run.peak.assign(c, -1);
  run.budget.assign(c, -1);
  using Metric = protocol::StreamingBanditProtocol::Metric;
  protocol::CheckpointWriter<protocol::StreamingBanditProtocol> writer(run.checkpoints);
  writer.Record(Metric::kPseudoRegret, run.regret.data())
      .Record(Metric::kReportedRegret, run.reported.data())
      .Record(Metric::kPeakStoredArms, run.peak.data())
      .Record(Metric::kMemoryBudget, run.budget.data());
  run.outcome = protocol::RunStreamingReplicate(learner, environment, learner_rng, writer);
  run.max_gap = environment.MaxGap();
  run.best_arm = environment.BestArm();
  return run;
}

}  // namespace regretlab::algorithms::streaming::testing
