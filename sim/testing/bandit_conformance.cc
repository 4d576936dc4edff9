#include "sim/testing/bandit_conformance.h"

#include <cmath>
#include <sstream>

#include "sim/core/error.h"
#include "sim/registry/registry.h"
#include "sim/testing/registered_environment.h"

namespace regretlab::testing {

std::unique_ptr<protocol::BanditEnvironment> MakeEnvironment(
    const std::string& name, const std::map<std::string, core::ParamValue>& params) {
  return MakeRegisteredEnvironment<protocol::BanditProtocol>(name, params);
}

namespace {

struct Trace {
  std::vector<int64_t> actions;
  double pseudo_regret = 0;
};

// A plain per-round loop through the virtual interface, checking actions and distributions.
Trace PlayRounds(protocol::BanditLearner& learner, protocol::BanditEnvironment& environment,
                 const random::StreamKey& key, int64_t horizon, bool reset_learner,
                 std::vector<std::string>* problems) {
  environment.SetHorizon(horizon);
  environment.Reset(key);
  random::StreamKey learner_key = key;
  learner_key.role = random::Role::kLearner;
  random::Rng rng(learner_key);
  const protocol::BanditInfo info = environment.Info();
  if (reset_learner) learner.Reset(info);
  std::vector<double> gaps(static_cast<size_t>(info.num_arms));
  Trace trace;
  for (int64_t round = 1; round <= horizon; ++round) {
    environment.Gaps(round, gaps);
    const int64_t arm = learner.Select(rng);
    if (arm < 0 || arm >= info.num_arms) {
      if (problems) {
        problems->push_back("valid_actions: round " + std::to_string(round) + " selected arm " +
                            std::to_string(arm) + " with K = " + std::to_string(info.num_arms));
      }
      return trace;
    }
    if (problems && learner.HasDistribution()) {
      const auto p = learner.Distribution();
      double total = 0;
      bool negative = false;
      for (double value : p) {
        total += value;
        negative = negative || !(value >= 0);
      }
      if (static_cast<int64_t>(p.size()) != info.num_arms || negative ||
          std::abs(total - 1) > 1e-9 || !(p[arm] > 0)) {
        std::ostringstream message;
        message << "distribution: round " << round << ": size " << p.size() << ", sum " << total
                << (negative ? ", negative entry" : "") << ", p[selected] "
                << (arm < static_cast<int64_t>(p.size()) ? p[arm] : -1);
        problems->push_back(message.str());
        return trace;
      }
    }
    trace.actions.push_back(arm);
    trace.pseudo_regret += gaps[arm];
    learner.Observe(arm, environment.Pull(arm, round));
  }
  return trace;
}

}  // namespace

ConformanceReport CheckBanditLearner(const LearnerFactory& make_learner,
                                     protocol::BanditEnvironment& environment, int64_t horizon,
                                     uint64_t seed) {
  ConformanceReport report;
  const random::StreamKey key{seed, 0x5eed, 0, random::Role::kEnvironment, 0};
  std::unique_ptr<protocol::BanditLearner> first, second;
  try {
    first = make_learner();
    second = make_learner();
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("constructs: ") + error.what());
    return report;
  }
  report.passed.push_back("constructs");

  std::vector<std::string> problems;
  const Trace fresh = PlayRounds(*first, environment, key, horizon, true, &problems);
  if (!problems.empty()) {
    report.failures.insert(report.failures.end(), problems.begin(), problems.end());
    return report;
  }
  report.passed.push_back("valid_actions");
  if (first->HasDistribution()) report.passed.push_back("distribution");

  const Trace twin = PlayRounds(*second, environment, key, horizon, true, nullptr);
  if (twin.actions != fresh.actions) {
    report.failures.push_back(
        "deterministic: two fresh objects with the same streams acted "
        "differently");
  } else {
    report.passed.push_back("deterministic");
  }
  // `first` has played a whole run; Reset must wipe it.
  const Trace after_reset = PlayRounds(*first, environment, key, horizon, true, nullptr);
  if (after_reset.actions != fresh.actions) {
    report.failures.push_back(
        "reset_is_fresh: after Reset the actions differ from a fresh "
        "object's");
  } else {
    report.passed.push_back("reset_is_fresh");
  }

  // The compiled loop records the same pseudo-regret at the final round.
  auto third = make_learner();
  environment.SetHorizon(horizon);
  environment.Reset(key);
  random::StreamKey learner_key = key;
  learner_key.role = random::Role::kLearner;
  random::Rng rng(learner_key);
  const std::vector<int64_t> checkpoints = {horizon};
  double pseudo = 0, wall = 0;
  protocol::CheckpointWriter<protocol::BanditProtocol> writer(checkpoints);
  writer.Record(protocol::BanditProtocol::Metric::kPseudoRegret, &pseudo).RecordWallSeconds(&wall);
  try {
    third->RunReplicate(environment, rng, writer);
    if (std::abs(pseudo - fresh.pseudo_regret) > 1e-9 * std::max(1.0, std::abs(pseudo))) {
      report.failures.push_back("loop_matches: compiled loop pseudo-regret " +
                                std::to_string(pseudo) + " vs per-round loop " +
                                std::to_string(fresh.pseudo_regret));
    } else {
      report.passed.push_back("loop_matches");
    }
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("loop_matches: ") + error.what());
  }
  return report;
}

}  // namespace regretlab::testing
