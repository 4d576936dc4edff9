// Registers the contextual bandit protocol: its metrics, the accounting of a replicate, the check
// of a cell when the spec is read, and the unit runner the engine calls.
#include "sim/protocol/contextual_bandit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"

namespace regretlab::protocol {

double BestPolicyLossAt(const registry::OracleInfo& oracle, int64_t t) {
  if (!oracle.HasVector("checkpoint_rounds") || !oracle.HasVector("best_policy_loss")) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<double>& rounds = oracle.Vector("checkpoint_rounds");
  const std::vector<double>& values = oracle.Vector("best_policy_loss");
  const auto it = std::upper_bound(rounds.begin(), rounds.end(), static_cast<double>(t));
  if (it == rounds.begin()) return std::numeric_limits<double>::quiet_NaN();
  return values[static_cast<size_t>(it - rounds.begin()) - 1];
}

ContextualAccounting::ContextualAccounting(int64_t num_arms, const ContextualRunContext& context)
    : context_(context), num_arms_(num_arms), start_(std::chrono::steady_clock::now()) {
  REGRETLAB_CHECK(!context_.checkpoints.empty(), "no checkpoints");
  best_curve_.reserve(context_.checkpoints.size());
}

void ContextualAccounting::Round(int64_t round, std::span<const double> mean_losses, int64_t arm,
                                 double loss, std::span<const double> distribution) {
  const double best = *std::min_element(mean_losses.begin(), mean_losses.end());
  const double gap = mean_losses[static_cast<size_t>(arm)] - best;
  REGRETLAB_CHECK(std::isfinite(loss) && loss >= 0.0 && loss <= 1.0, "loss ", loss, " of arm ",
                  arm, " at round ", round, " is outside [0, 1]");
  pseudo_.Add(gap);
  if (gap > 0) ++mistakes_;
  realized_.Add(loss);
  best_.Add(best);
  if (!distribution.empty()) {
    // Σ_a p_t(a)(μ_t(a) − min μ_t): the conditional expectation of this round's regret.
    double expected_gap = 0;
    for (int64_t a = 0; a < num_arms_; ++a) {
      expected_gap += distribution[static_cast<size_t>(a)] * (mean_losses[static_cast<size_t>(a)] - best);
    }
    expected_.Add(expected_gap);
  }
  if (checkpoint_index_ == context_.checkpoints.size() ||
      round != context_.checkpoints[checkpoint_index_]) [[likely]] {
    return;
  }
  const size_t c = checkpoint_index_++;
  auto write = [&](double* row, double value, const char* name) {
    if (!row) return;
    REGRETLAB_CHECK(std::isfinite(value), name, " is not finite at round ", round);
    row[c] = value;
  };
  write(context_.pseudo_regret, pseudo_.Value(), "pseudo_regret");
  if (!distribution.empty()) write(context_.expected_regret, expected_.Value(), "expected_regret");
  write(context_.mistakes, static_cast<double>(mistakes_), "mistakes");
  write(context_.realized_loss, realized_.Value(), "realized_loss");
  write(context_.best_policy_loss, best_.Value(), "best_policy_loss");
  best_curve_.push_back(best_.Value());
  if (context_.wall_seconds) {
    context_.wall_seconds[c] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
}

std::vector<double> ContextualAccounting::CheckpointRounds() const {
  std::vector<double> rounds;
  for (size_t c = 0; c < best_curve_.size(); ++c) {
    rounds.push_back(static_cast<double>(context_.checkpoints[c]));
  }
  return rounds;
}

std::string CheckContextualCell(const registry::ComponentSpec& environment_spec,
                                const core::Params& environment_params,
                                const registry::ComponentSpec& algorithm_spec,
                                const core::Params& algorithm_params, int64_t horizon) {
  auto environment_object = registry::Instantiate(environment_spec, environment_params);
  auto learner_object = registry::Instantiate(algorithm_spec, algorithm_params);
  auto* environment = dynamic_cast<ContextualEnvironment*>(environment_object.get());
  auto* learner = dynamic_cast<ContextualLearner*>(learner_object.get());
  if (!environment || !learner) return "components do not speak the contextual_bandit protocol";
  environment->SetHorizon(horizon);
  ContextualInfo info = environment->Info();
  info.horizon = horizon;
  if (info.num_arms < 2) return "the environment has K = " + std::to_string(info.num_arms) + " < 2 arms";
  if (info.dimension < 1) return "the environment's contexts have dimension 0";
  const std::string problem = learner->CheckInfo(info);
  if (!problem.empty()) {
    return algorithm_spec.name + " cannot run on " + environment_spec.name + " (K = " +
           std::to_string(info.num_arms) + ", d = " + std::to_string(info.dimension) +
           (info.shared_context ? ", shared context" : ", one context per arm") + "): " + problem;
  }
  return "";
}

namespace {

void RunContextualUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                       engine::UnitResult& result) {
  const size_t num_checkpoints = cell.checkpoints.rounds.size();
  RunUnitReplicates<ContextualEnvironment, ContextualLearner>(
      cell, first_replicate, count, result, kContextualBanditProtocol,
      [&](ContextualEnvironment& environment, ContextualLearner& learner, random::Rng& learner_rng,
          size_t offset) {
        ContextualRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.pseudo_regret = MetricRow(result, "pseudo_regret", offset);
        context.expected_regret =
            learner.HasDistribution() ? MetricRow(result, "expected_regret", offset) : nullptr;
        context.mistakes = MetricRow(result, "mistakes", offset);
        context.realized_loss = MetricRow(result, "realized_loss", offset);
        context.best_policy_loss = MetricRow(result, "best_policy_loss", offset);
        context.wall_seconds = result.wall_seconds.data() + offset;
        // The init stream (network weights) is keyed like the learner's, role `init`: every
        // algorithm of the cell starts from the same weights at a given replicate.
        const int64_t replicate = first_replicate + static_cast<int64_t>(offset / num_checkpoints);
        random::StreamKey init_key = EnvironmentKey(cell, replicate);
        init_key.role = random::Role::kInit;
        random::Rng init_rng(init_key);
        learner.RunReplicate(environment, learner_rng, init_rng, context);
      });
}

std::vector<std::string> ContextualMetricsFor(const registry::ComponentSpec& algorithm,
                                              const core::Params& params) {
  auto object = registry::Instantiate(algorithm, params);
  auto* learner = dynamic_cast<ContextualLearner*>(object.get());
  std::vector<std::string> metrics = {"pseudo_regret", "mistakes", "realized_loss",
                                      "best_policy_loss"};
  if (learner && learner->HasDistribution()) metrics.push_back("expected_regret");
  return metrics;
}

std::string CheckCell(const plan::CellPlan& cell) {
  return CheckRegisteredCell(cell, CheckContextualCell);
}

registry::ProtocolSpec ContextualProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kContextualBanditProtocol;
  spec.summary =
      "contextual bandit: K contexts (or one shared context, disjoint encoding) per round; the "
      "learner sees the loss of the arm it plays";
  spec.metrics = {
      {"pseudo_regret",
       "sum over rounds of mean loss of the arm played minus the round's best mean loss (= "
       "mistakes on classification data)"},
      {"expected_regret",
       "Rao-Blackwellised regret: sum over rounds of sum_a p_t(a) (mu_t(a) - min mu_t); only for "
       "learners that expose p_t"},
      {"mistakes", "number of rounds in which the arm played was not a best arm of the round"},
      {"realized_loss", "sum of the observed losses"},
      {"best_policy_loss", "L*_t: sum over rounds of the best arm's mean loss"},
  };
  spec.default_metrics = {"pseudo_regret", "expected_regret", "mistakes", "realized_loss",
                          "best_policy_loss"};
  spec.metrics_for = ContextualMetricsFor;
  spec.check_cell = CheckCell;
  spec.run_unit = RunContextualUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(ContextualProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
