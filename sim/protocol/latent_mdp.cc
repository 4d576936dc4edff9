// Registers the latent-MDP protocol: the episode loop, exact regret, metrics, cell check and the
// unit runner (see latent_mdp.h).
#include "sim/protocol/latent_mdp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"
#include "sim/random/samplers.h"

namespace regretlab::protocol {

void LmdpEnvironment::SetModel(lmdp::LatentMdp model, const std::string& name) {
  const std::string problem = model.Problem();
  if (!problem.empty()) throw core::ConfigError(name + ": " + problem);
  model_ = std::move(model);
  try {
    const lmdp::OptimalValue solved = lmdp::SolveExact(model_);
    optimal_value_ = solved.optimal.value;
    var_opt_ = solved.optimal.weighted_variance;
    optimal_nodes_ = solved.planner_nodes;
    optimal_method_ = "exact_belief_enumeration";
  } catch (const core::InvariantError&) {
    if (model_.num_contexts != 2) {
      throw core::ConfigError(name +
                              ": the instance is too large for the exact oracle (more than "
                              "2e6 belief nodes) and M != 2 (the alpha-vector oracle needs M = 2)");
    }
    // V* stays exact; the optimal policy's variance is not available from the vector sets.
    optimal_value_ = lmdp::AlphaVectorValueM2(model_);
    var_opt_ = std::numeric_limits<double>::quiet_NaN();
    optimal_method_ = "alpha_vector_m2";
  }
}

void LmdpEnvironment::Reset(const random::StreamKey& key) {
  rng_.Seed(key);
  var_max_ = 0;
}

LmdpInfo LmdpEnvironment::Info() const {
  return {model_.num_contexts, model_.num_states, model_.num_actions, model_.horizon, episodes_};
}

LmdpEpisode LmdpEnvironment::RunEpisode(lmdp::EpisodePolicy& policy) {
  const int horizon = model_.horizon;
  LmdpEpisode episode;
  episode.context = static_cast<int>(random::SampleCategorical(rng_, model_.weights));
  const int m = episode.context;
  int s = static_cast<int>(random::SampleCategorical(
      rng_,
      std::span<const double>(model_.initial.data() + static_cast<size_t>(m) * model_.num_states,
                              static_cast<size_t>(model_.num_states))));
  episode.states.push_back(s);
  int64_t node = policy.Start(s);
  for (int h = 0; h < horizon; ++h) {
    const int a = policy.Action(node);
    REGRETLAB_CHECK(a >= 0 && a < model_.num_actions, "the policy chose action ", a);
    const double r = model_.R(m, s, a);
    const int next = static_cast<int>(random::SampleCategorical(rng_, model_.Row(m, s, a)));
    episode.actions.push_back(a);
    episode.rewards.push_back(r);
    episode.states.push_back(next);
    if (h + 1 < horizon) node = policy.Next(node, a, r, next);
    s = next;
  }
  return episode;
}

void LmdpEnvironment::NoteVisitedVariance(double variance) {
  var_max_ = std::max(var_max_, variance);
}

registry::OracleInfo LmdpEnvironment::Oracle() const {
  registry::OracleInfo oracle;
  oracle.scalars["num_contexts"] = model_.num_contexts;
  oracle.scalars["num_states"] = model_.num_states;
  oracle.scalars["num_actions"] = model_.num_actions;
  oracle.scalars["steps_per_episode"] = model_.horizon;
  oracle.scalars["horizon"] = static_cast<double>(episodes_);
  oracle.scalars["transition_degree"] = model_.TransitionDegree();
  oracle.scalars["optimal_value"] = optimal_value_;
  oracle.scalars["var_opt"] = var_opt_;
  oracle.scalars["var_max"] = var_max_;
  return oracle;
}

LmdpReplicateOutcome RunLmdpReplicate(LmdpLearner& learner, LmdpEnvironment& environment,
                                      const LmdpRunContext& context, bool keep_episode_values) {
  const auto start = std::chrono::steady_clock::now();
  const LmdpInfo info = environment.Info();
  learner.Reset(info);
  if (learner.NeedsTrueModel()) learner.SetTrueModel(environment.Model());
  const double optimal = environment.OptimalValue();
  LmdpReplicateOutcome outcome;
  int64_t cached_version = std::numeric_limits<int64_t>::min();
  double policy_value = 0;
  size_t checkpoint = 0;
  for (int64_t k = 1; k <= info.num_episodes; ++k) {
    const int64_t version = learner.PolicyVersion();
    if (version != cached_version) {
      // Exact V^{π_k} on the true model, once per policy version (spec §6.1).
      const lmdp::PolicyValue value = lmdp::EvaluatePolicy(environment.Model(), learner.Policy());
      policy_value = value.value;
      environment.NoteVisitedVariance(value.weighted_variance);
      cached_version = version;
      ++outcome.policy_evaluations;
    }
    REGRETLAB_CHECK(policy_value <= optimal + 1e-9, "V^pi = ", policy_value,
                    " exceeds V* = ", optimal, ": the optimal value is wrong");
    if (keep_episode_values) outcome.episode_values.push_back(policy_value);
    const LmdpEpisode episode = environment.RunEpisode(learner.Policy());
    double episode_return = 0;
    for (double r : episode.rewards) episode_return += r;
    learner.Observe(episode);
    outcome.pseudo_regret += optimal - policy_value;
    outcome.realized_regret += optimal - episode_return;
    while (checkpoint < context.checkpoints.size() && context.checkpoints[checkpoint] == k) {
      auto put = [&](double* row, double value, const char* name) {
        if (!row) return;
        REGRETLAB_CHECK(std::isfinite(value), name, " is not finite");
        row[checkpoint] = value;
      };
      put(context.pseudo_regret, outcome.pseudo_regret, "pseudo_regret");
      put(context.realized_regret, outcome.realized_regret, "realized_regret");
      put(context.planner_iterations, static_cast<double>(learner.PlannerIterations()),
          "planner_iterations");
      put(context.replans, static_cast<double>(learner.Replans()), "replans");
      put(context.var_max, environment.VarMax(), "var_max");
      // NaN only when V* came from the alpha-vector oracle (too many belief nodes).
      put(context.var_opt, environment.VarOpt(),
          "var_opt (unknown when V* comes from the alpha-vector oracle; leave it out of metrics)");
      if (context.wall_seconds) {
        context.wall_seconds[checkpoint] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      ++checkpoint;
    }
  }
  REGRETLAB_CHECK(checkpoint == context.checkpoints.size(), "only ", checkpoint, " of ",
                  context.checkpoints.size(), " checkpoints were reached");
  outcome.replans = learner.Replans();
  return outcome;
}

namespace {

void RunLmdpUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                 engine::UnitResult& result) {
  RunUnitReplicates<LmdpEnvironment, LmdpLearner>(
      cell, first_replicate, count, result, kLatentMdpProtocol,
      [&](LmdpEnvironment& environment, LmdpLearner& learner, random::Rng& /*learner_rng*/,
          size_t offset) {
        LmdpRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.pseudo_regret = MetricRow(result, "pseudo_regret", offset);
        context.realized_regret = MetricRow(result, "realized_regret", offset);
        context.planner_iterations = MetricRow(result, "planner_iterations", offset);
        context.replans = MetricRow(result, "replans", offset);
        context.var_opt = MetricRow(result, "var_opt", offset);
        context.var_max = MetricRow(result, "var_max", offset);
        context.wall_seconds = result.wall_seconds.data() + offset;
        RunLmdpReplicate(learner, environment, context);
      });
}

std::string CheckCell(const plan::CellPlan& cell) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* environment_spec = registry.FindComponent(cell.environment.name);
  const registry::ComponentSpec* algorithm_spec = registry.FindComponent(cell.algorithm.name);
  if (!environment_spec || !algorithm_spec) return "unregistered component";
  auto environment_object = registry::Instantiate(*environment_spec, cell.environment.params);
  auto learner_object = registry::Instantiate(*algorithm_spec, cell.algorithm.params);
  auto* environment = dynamic_cast<LmdpEnvironment*>(environment_object.get());
  auto* learner = dynamic_cast<LmdpLearner*>(learner_object.get());
  if (!environment || !learner) return "components do not speak the latent_mdp protocol";
  environment->SetHorizon(cell.horizon);
  if (cell.horizon < 1) return "the number of episodes K must be >= 1";
  if (!std::isfinite(environment->VarOpt()) &&
      std::find(cell.metrics.begin(), cell.metrics.end(), "var_opt") != cell.metrics.end()) {
    return "var_opt is unknown for this instance (V* comes from the alpha-vector oracle: too many "
           "belief nodes for the exact one); leave var_opt out of `metrics`";
  }
  return learner->CheckInstance(environment->Info());
}

registry::ProtocolSpec LmdpProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kLatentMdpProtocol;
  spec.summary =
      "latent MDP: a hidden context per episode, history-dependent policies, the context "
      "revealed after the episode; t counts episodes; exact regret on the true model";
  spec.metrics = {
      {"pseudo_regret", "sum over episodes of V* - V^{pi_k}, both exact on the true model"},
      {"realized_regret", "sum over episodes of V* - the episode's return"},
      {"planner_iterations", "cumulative planner iterations (node-action backups) of the learner"},
      {"replans", "cumulative number of re-plans (policy changes) of the learner"},
      {"var_opt", "Var*_opt = sum_m w_m Var^{pi*}_m(return), constant (spec 6.3 proxy)"},
      {"var_max", "Var*_max = max over the policies used so far of sum_m w_m Var^{pi_k}_m(return)"},
  };
  spec.default_metrics = {"pseudo_regret", "realized_regret", "planner_iterations",
                          "replans",       "var_opt",         "var_max"};
  spec.metrics_for = [](const registry::ComponentSpec&, const core::Params&) {
    return std::vector<std::string>{"pseudo_regret", "realized_regret", "planner_iterations",
                                    "replans",       "var_opt",         "var_max"};
  };
  spec.check_cell = CheckCell;
  spec.run_unit = RunLmdpUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(LmdpProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
