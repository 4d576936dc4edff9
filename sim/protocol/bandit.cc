// Registers the bandit protocol: its metrics and the unit runner the engine calls.
#include "sim/protocol/bandit.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"

namespace regretlab::protocol {
namespace {

void RunBanditUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                   engine::UnitResult& result) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* environment_spec = registry.FindComponent(cell.environment.name);
  const registry::ComponentSpec* algorithm_spec = registry.FindComponent(cell.algorithm.name);
  REGRETLAB_CHECK(environment_spec && algorithm_spec, "cell names unregistered components");
  auto environment_object = registry::Instantiate(*environment_spec, cell.environment.params);
  auto learner_object = registry::Instantiate(*algorithm_spec, cell.algorithm.params);
  auto* environment = dynamic_cast<BanditEnvironment*>(environment_object.get());
  auto* learner = dynamic_cast<BanditLearner*>(learner_object.get());
  REGRETLAB_CHECK(environment && learner, "components of cell ", cell.id,
                  " do not speak the bandit protocol");
  environment->SetHorizon(cell.horizon);

  const auto& rounds = cell.checkpoints.rounds;
  const int64_t num_checkpoints = static_cast<int64_t>(rounds.size());
  result.Allocate(cell.metrics, cell.bounds, count, num_checkpoints);
  std::vector<const registry::BoundSpec*> bounds;
  for (const auto& name : cell.bounds) bounds.push_back(registry.FindBound(name));

  const auto start = std::chrono::steady_clock::now();
  for (int64_t local = 0; local < count; ++local) {
    const int64_t replicate = first_replicate + local;
    random::StreamKey environment_key{cell.seed, cell.environment_id,
                                      static_cast<uint64_t>(replicate),
                                      random::Role::kEnvironment, 0};
    random::StreamKey learner_key = environment_key;
    learner_key.role = random::Role::kLearner;
    environment->Reset(environment_key);
    random::Rng learner_rng(learner_key);

    BanditRunContext context;
    context.checkpoints = rounds;
    const size_t offset = static_cast<size_t>(local * num_checkpoints);
    auto row = [&](const char* name) -> double* {
      const int index = result.MetricIndex(name);
      return index < 0 ? nullptr : result.metrics[index].data() + offset;
    };
    context.pseudo_regret = row("pseudo_regret");
    context.realized_regret = row("realized_regret");
    context.expected_regret = row("expected_regret");
    context.best_arm_pulls = row("best_arm_pulls");
    context.record_pseudo = context.pseudo_regret != nullptr;
    context.record_realized = context.realized_regret != nullptr;
    context.record_expected = context.expected_regret != nullptr && learner->HasDistribution();
    context.record_best_pulls = context.best_arm_pulls != nullptr;
    context.wall_seconds = result.wall_seconds.data() + offset;
    learner->RunReplicate(*environment, learner_rng, context);

    const registry::OracleInfo oracle = environment->Oracle();
    for (size_t b = 0; b < bounds.size(); ++b) {
      double* out = result.bounds[b].data() + offset;
      const bool applies = !bounds[b]->applies || bounds[b]->applies(oracle, cell.algorithm.params);
      for (int64_t c = 0; c < num_checkpoints; ++c) {
        out[c] = applies ? bounds[b]->evaluate(oracle, cell.algorithm.params, rounds[c])
                         : std::numeric_limits<double>::quiet_NaN();
      }
    }
    result.replicate_steps += cell.horizon;
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
