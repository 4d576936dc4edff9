// Shared LMDP learner machinery (see lmdp_learner.h).
#include "algorithms/lmdp/lmdp_learner.h"

#include <algorithm>
#include <cmath>

#include "sim/core/check.h"
#include "sim/core/param_builders.h"

namespace regretlab::algorithms::lmdp {

Estimates Estimates::FromModel(const model::LatentMdp& lmdp, double n) {
  Estimates out;
  out.contexts = lmdp.num_contexts;
  out.states = lmdp.num_states;
  out.actions = lmdp.num_actions;
  out.horizon = lmdp.horizon;
  out.count.assign(lmdp.reward.size(), n);
  out.p_hat = lmdp.transition;
  out.reward = lmdp.reward;
  out.prior.assign(static_cast<size_t>(lmdp.num_states * lmdp.num_contexts), 0.0);
  for (int s = 0; s < lmdp.num_states; ++s) {
    for (int m = 0; m < lmdp.num_contexts; ++m) {
      out.prior[static_cast<size_t>(s * lmdp.num_contexts + m)] =
          lmdp.weights[static_cast<size_t>(m)] * lmdp.Nu(m, s);
    }
  }
  return out;
}

void Statistics::Reset(const LmdpInfo& info) {
  info_ = info;
  const size_t triples =
      static_cast<size_t>(info.num_contexts) * info.num_states * info.num_actions;
  live_count_.assign(triples, 0);
  frozen_count_.assign(triples, 0);
  live_next_.assign(triples * static_cast<size_t>(info.num_states), 0);
  frozen_next_ = live_next_;
  reward_.assign(triples, 0.0);
  context_count_.assign(static_cast<size_t>(info.num_contexts), 0);
  start_count_.assign(static_cast<size_t>(info.num_contexts * info.num_states), 0);
  episodes_ = 0;
}

bool Statistics::Add(const LmdpEpisode& episode) {
  const int m = episode.context;
  const size_t states = static_cast<size_t>(info_.num_states);
  ++episodes_;
  ++context_count_[static_cast<size_t>(m)];
  ++start_count_[static_cast<size_t>(m) * states + static_cast<size_t>(episode.states[0])];
  bool triggered = false;
  for (size_t h = 0; h < episode.actions.size(); ++h) {
    const size_t index = Sa(m, episode.states[h], episode.actions[h]);
    reward_[index] = episode.rewards[h];  // deterministic: the same value on every visit
    ++live_next_[index * states + static_cast<size_t>(episode.states[h + 1])];
    const int64_t n = ++live_count_[index];
    if ((n & (n - 1)) == 0) {  // n reached a power of two: freeze this triple's statistics
      frozen_count_[index] = n;
      std::copy_n(live_next_.begin() + static_cast<std::ptrdiff_t>(index * states), states,
                  frozen_next_.begin() + static_cast<std::ptrdiff_t>(index * states));
      triggered = true;
    }
  }
  return triggered;
}

Estimates Statistics::Snapshot() const {
  Estimates out;
  out.contexts = info_.num_contexts;
  out.states = info_.num_states;
  out.actions = info_.num_actions;
  out.horizon = info_.horizon;
  const size_t states = static_cast<size_t>(info_.num_states);
  out.count.resize(frozen_count_.size());
  out.p_hat.assign(frozen_next_.size(), 0.0);
  out.reward = reward_;
  for (size_t i = 0; i < frozen_count_.size(); ++i) {
    out.count[i] = static_cast<double>(frozen_count_[i]);
    if (frozen_count_[i] == 0) continue;
    for (size_t n = 0; n < states; ++n) {
      out.p_hat[i * states + n] =
          static_cast<double>(frozen_next_[i * states + n]) / static_cast<double>(frozen_count_[i]);
    }
  }
  const int contexts = info_.num_contexts;
  out.prior.assign(states * static_cast<size_t>(contexts), 0.0);
  for (int m = 0; m < contexts; ++m) {
    const double n_m = static_cast<double>(context_count_[static_cast<size_t>(m)]);
    const double weight = (n_m + 1) / (static_cast<double>(episodes_) + contexts);
    for (size_t s = 0; s < states; ++s) {
      const double starts = static_cast<double>(start_count_[static_cast<size_t>(m) * states + s]);
      const double nu = (starts + 1.0 / static_cast<double>(states)) / (n_m + 1);
      out.prior[s * static_cast<size_t>(contexts) + static_cast<size_t>(m)] = weight * nu;
    }
  }
  return out;
}

void EstimatedModel::InitialWeights(int s1, std::span<double> out) const {
  for (int m = 0; m < estimates_.contexts; ++m) {
    out[static_cast<size_t>(m)] =
        estimates_.prior[static_cast<size_t>(s1 * estimates_.contexts + m)];
  }
}

double EstimatedModel::Likelihood(int m, int s, int a, double r, int next) const {
  const size_t index = estimates_.Sa(m, s, a);
  if (estimates_.count[index] == 0) return 1.0;  // no evidence about an unvisited triple
  if (estimates_.reward[index] != r) return 0.0;
  return estimates_.p_hat[index * static_cast<size_t>(estimates_.states) + next];
}

void EstimatedModel::Successors(int m, int s, int a, std::vector<int>& out) const {
  out.clear();
  const size_t index = estimates_.Sa(m, s, a);
  if (estimates_.count[index] == 0) return;
  const auto row = estimates_.Row(m, s, a);
  for (int n = 0; n < estimates_.states; ++n) {
    if (rule_.ReadsAllNextStates() || row[static_cast<size_t>(n)] > 0) out.push_back(n);
  }
}

double EstimatedModel::Backup(int /*h*/, int m, int s, int a,
                              std::span<const double> next_values) const {
  if (estimates_.count[estimates_.Sa(m, s, a)] == 0) return rule_.Unvisited();
  return rule_.Backup(estimates_, m, s, a, next_values);
}

double Iota(const LmdpInfo& info, double delta) {
  const double product = 2.0 * info.num_contexts * info.num_states * info.num_actions *
                         info.horizon * static_cast<double>(info.num_episodes);
  return 2.0 * std::log(product / delta);
}

model::PlannerOptions PlannerChoice::Options() const {
  model::PlannerOptions options;
  options.quantiser =
      name == "exact" ? model::BeliefQuantiser::kExact : model::BeliefQuantiser::kGrid;
  options.grid = grid;
  options.max_nodes = 4'000'000;
  return options;
}

std::string PlannerChoice::CheckInstance(const LmdpInfo& info) const {
  // "Tiny" (docs/theory/lmdp.md §6.2 (a): H <= 6, S <= 4, A <= 3) measured by what it costs: the
  // number of state-action histories (S·A)^(H−1) at most that of the largest such instance, 12^5.
  const double histories =
      std::pow(static_cast<double>(info.num_states) * info.num_actions, info.horizon - 1);
  if (name == "exact" && histories > std::pow(12.0, 5)) {
    return "planner = \"exact\" enumerates histories and is for tiny instances only ((S*A)^(H-1) "
           "<= 12^5, e.g. H <= 6, S <= 4, A <= 3); this instance has H = " +
           std::to_string(info.horizon) + ", S = " + std::to_string(info.num_states) +
           ", A = " + std::to_string(info.num_actions) + ": use planner = \"belief_grid\"";
  }
  if (name == "belief_grid" && info.num_contexts > 3) {
    return "planner = \"belief_grid\" is for M <= 3 contexts; this instance has M = " +
           std::to_string(info.num_contexts);
  }
  return "";
}

std::vector<core::ParamSpec> PlannerParams(const std::string& default_planner) {
  return {
      core::ChoiceParam("planner", default_planner, {"exact", "belief_grid"},
                        "exact: exact belief enumeration (tiny instances: (S*A)^(H-1) <= 12^5); "
                        "belief_grid: beliefs projected on a simplex grid after each update, an "
                        "APPROXIMATE planner (M <= 3)"),
      core::IntegerParam(
          "belief_grid", 100, 1, 100000,
          "grid resolution G of the belief_grid planner (belief entries in multiples "
          "of 1/G)")};
}

core::ParamSpec DeltaParam() {
  return core::RealParam("delta", 0.05, 0, 1, true,
                         "confidence level delta in iota = 2 ln(2 M S A H K / delta)");
}

std::vector<core::ParamSpec> VarianceBonusParams() {
  return {core::RealParam("c1", 1.0, 0, core::kUnbounded, false, "variance-bonus constant c1"),
          core::RealParam("c2", 1.0, 0, core::kUnbounded, false, "lower-order bonus constant c2"),
          DeltaParam()};
}

BeliefLearner::BeliefLearner(const core::Params& params, std::unique_ptr<BackupRule> rule)
    : planner_choice_(params), rule_(std::move(rule)) {}

void BeliefLearner::Reset(const LmdpInfo& info) {
  info_ = info;
  statistics_.Reset(info);
  rule_->Prepare(info);
  replans_ = 0;
  past_iterations_ = 0;
  planner_.reset();
  Replan();
}

void BeliefLearner::PlanWithEstimates(Estimates estimates) {
  if (planner_) past_iterations_ += planner_->iterations();
  planner_.reset();  // the planner refers to the model: drop it first
  model_ = std::make_unique<EstimatedModel>(std::move(estimates), *rule_);
  planner_ = std::make_unique<model::BeliefPlanner>(*model_, planner_choice_.Options());
  ++replans_;
}

void BeliefLearner::Observe(const LmdpEpisode& episode) {
  if (statistics_.Add(episode)) Replan();
}

}  // namespace regretlab::algorithms::lmdp
