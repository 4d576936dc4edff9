// The latent-MDP protocol's loop file: the episode loop with exact regret, the cell check, the
// planner report section, and the protocol's registration (see latent_mdp.h).
#include "sim/protocol/latent_mdp.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <ostream>

#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/random/samplers.h"
#include "sim/record/hdf5.h"
#include "sim/record/result_view.h"

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
                                      CheckpointWriter<LatentMdpProtocol>& writer,
                                      bool keep_episode_values) {
  using Metric = LatentMdpProtocol::Metric;
  const LmdpInfo info = environment.Info();
  learner.Reset(info);
  if (learner.NeedsTrueModel()) learner.SetTrueModel(environment.Model());
  const double optimal = environment.OptimalValue();
  LmdpReplicateOutcome outcome;
  int64_t cached_version = std::numeric_limits<int64_t>::min();
  double policy_value = 0;
  // Neumaier-compensated like every protocol's accounting: K up to 10^6 episodes.
  CompensatedSum<> pseudo_regret, realized_regret;
  for (int64_t k = 1; k <= info.num_episodes; ++k) {
    const int64_t version = learner.PolicyVersion();
    if (version != cached_version) {
      // Exact V^{π_k} on the true model, once per policy version (docs/theory/lmdp.md §6.1).
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
    pseudo_regret.Add(optimal - policy_value);
    realized_regret.Add(optimal - episode_return);
    outcome.pseudo_regret = pseudo_regret.Value();
    outcome.realized_regret = realized_regret.Value();
    while (writer.Due(k)) {
      writer.Put(Metric::kPseudoRegret, outcome.pseudo_regret);
      writer.Put(Metric::kRealizedRegret, outcome.realized_regret);
      writer.Put(Metric::kPlannerIterations, static_cast<double>(learner.PlannerIterations()));
      writer.Put(Metric::kReplans, static_cast<double>(learner.Replans()));
      writer.Put(Metric::kVarMax, environment.VarMax());
      // NaN only when V* came from the alpha-vector oracle, which CheckCell refuses to record.
      writer.Put(Metric::kVarOpt, environment.VarOpt());
      writer.Advance();
    }
  }
  writer.Finish();
  outcome.replans = learner.Replans();
  return outcome;
}

void LatentMdpProtocol::RunReplicate(LmdpLearner& learner, LmdpEnvironment& environment,
                                     ReplicateStreams& /*streams*/,
                                     CheckpointWriter<LatentMdpProtocol>& writer) {
  RunLmdpReplicate(learner, environment, writer);
}

std::string LatentMdpProtocol::CheckCell(const CellCheck<LatentMdpProtocol>& check) {
  const plan::CellPlan& cell = check.cell;
  const LmdpEnvironment* environment = &check.environment;
  const LmdpLearner* learner = &check.learner;
  if (cell.horizon < 1) return "the number of episodes K must be >= 1";
  if (!std::isfinite(environment->VarOpt()) &&
      std::find(cell.metrics.begin(), cell.metrics.end(), "var_opt") != cell.metrics.end()) {
    return "var_opt is unknown for this instance (V* comes from the alpha-vector oracle: too many "
           "belief nodes for the exact one); leave var_opt out of `metrics`";
  }
  return learner->CheckInstance(environment->Info());
}

// Every curve says which planner made it (docs/theory/lmdp.md), and what planning cost per
// episode: planner iterations are deterministic and live under /cells, the wall time under /cost.
void LatentMdpProtocol::ReportCell(const registry::ReportCellView& cell, std::ostream& out) {
  if (const auto params =
          record::CanonicalParams(record::ReadStringAttribute(cell.cell, "algorithm"));
      params.count("planner")) {
    const std::string planner = params.at("planner");
    out << "   planner     " << planner
        << (planner.find("belief_grid") != std::string::npos
                ? " (APPROXIMATE: beliefs projected on a grid, G = " +
                      (params.count("belief_grid") ? params.at("belief_grid") : "?") + ")"
                : " (exact belief enumeration)")
        << "\n";
  }
  const std::vector<double> iterations = record::FinalValues(cell.cell, "planner_iterations");
  if (iterations.empty()) return;
  const double episodes = static_cast<double>(record::ReadIntAttribute(cell.cell, "horizon"));
  double mean_iterations = 0;
  for (double value : iterations) mean_iterations += value / iterations.size();
  double mean_seconds = std::nan("");
  if (record::Exists(cell.file, "cost/" + cell.id + "/wall_seconds")) {
    record::Handle cost = record::OpenGroup(cell.file, "cost/" + cell.id);
    const std::vector<double> walls = record::FinalValues(cost.id(), "wall_seconds");
    mean_seconds = 0;
    for (double value : walls) mean_seconds += value / walls.size();
  }
  out << fmt::format(
      "   planning cost: {} planner iterations and {} ms wall time per episode "
      "(mean over replicates)\n",
      record::FormatNumber(mean_iterations / episodes),
      record::FormatNumber(1e3 * mean_seconds / episodes));
}

REGRETLAB_REGISTER_PROTOCOL(LatentMdpProtocol);

}  // namespace regretlab::protocol
