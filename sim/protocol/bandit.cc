// Registers the bandit protocol: its metrics and the unit runner the engine calls.
#include "sim/protocol/bandit.h"

#include <cmath>
#include <limits>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"

namespace regretlab::protocol {
namespace {

void RunBanditUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                   engine::UnitResult& result) {
  RunUnitReplicates<BanditEnvironment, BanditLearner>(
      cell, first_replicate, count, result, kBanditProtocol,
      [&](BanditEnvironment& environment, BanditLearner& learner, random::Rng& learner_rng,
          size_t offset) {
        BanditRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.pseudo_regret = MetricRow(result, "pseudo_regret", offset);
        context.realized_regret = MetricRow(result, "realized_regret", offset);
        context.expected_regret = MetricRow(result, "expected_regret", offset);
        context.best_arm_pulls = MetricRow(result, "best_arm_pulls", offset);
        context.record_pseudo = context.pseudo_regret != nullptr;
        context.record_realized = context.realized_regret != nullptr;
        context.record_expected = context.expected_regret != nullptr && learner.HasDistribution();
        context.record_best_pulls = context.best_arm_pulls != nullptr;
        context.wall_seconds = result.wall_seconds.data() + offset;
        learner.RunReplicate(environment, learner_rng, context);
      });
}

std::vector<std::string> BanditMetricsFor(const registry::ComponentSpec& algorithm,
                                          const core::Params& params) {
  auto object = registry::Instantiate(algorithm, params);
  auto* learner = dynamic_cast<BanditLearner*>(object.get());
  std::vector<std::string> metrics = {"pseudo_regret", "realized_regret", "best_arm_pulls"};
  if (learner && learner->HasDistribution()) metrics.push_back("expected_regret");
  return metrics;
}

registry::ProtocolSpec BanditProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kBanditProtocol;
  spec.summary = "K-armed bandit: the learner sees only the reward of the arm it plays";
  spec.metrics = {
      {"pseudo_regret", "sum over rounds of the mean gap of the arm played"},
      {"expected_regret",
       "Rao-Blackwellised pseudo-regret: sum over rounds of sum_a p_t(a) * gap(a); only for "
       "learners that expose their sampling distribution"},
      {"realized_regret",
       "best arm in hindsight's total reward (its reward stack or table) minus the rewards "
       "collected"},
      {"best_arm_pulls", "number of rounds in which the comparator arm was played"},
  };
  spec.default_metrics = {"pseudo_regret", "expected_regret", "realized_regret",
                          "best_arm_pulls"};
  spec.metrics_for = BanditMetricsFor;
  spec.run_unit = RunBanditUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(BanditProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
