// What the LMDP learners share (docs/theory/lmdp.md §6.2): the per-(m, s, a) statistics credited to
// the revealed context, frozen at doubling triggers; the estimated model a planner reads; the
// learner shell that re-plans on triggers with the chosen planner; the planner parameters.
//
// The learners differ only in their backup rule (the pluggable step of lmdp::BeliefPlanner):
//   value-optimistic (E1)   min{1, R̂ + P̂·v + c1·sqrt(V(P̂, v)·ι/n) + c2·ι/n}
//   Hoeffding (L-UCRL-like) R̂ + P̂·v + c·sqrt(ι/n)                (no variance, no truncation)
//   model-optimistic (E2)   min{1, R̂ + max_{P ∈ CI} P·v}          (extended value iteration)
// with ι = 2 ln(2·M·S·A·H·K/δ) (docs/theory/lmdp.md §6.1). Unvisited (m, s, a): value 1, the
// largest return.
//
// Estimates: P̂_m(·|s,a) = n(s')/n at the last trigger of (m, s, a); R̂ the recorded deterministic
// reward; ŵ_m = (n_m + 1)/(k + M) and ν̂_m(s) = (n_m(s) + 1/S)/(n_m + 1) (add-one smoothing so that
// every start is possible) snapshotted at each re-plan. The learner's belief filter uses P̂ and
// R̂: an unvisited (m, s, a) has likelihood 1 (no evidence); an outcome with likelihood 0 under
// every context leaves the belief unchanged (latent_mdp_model.h).
//
// Lazy updates (docs/theory/lmdp.md §6.2): the statistics of (m, s, a) are frozen when n_m(s, a)
// reaches a power of two; a re-plan happens after an episode in which some count did. Hence at most
// M·S·A·(⌊log₂(K·H)⌋ + 1) + 1 plans (the initial plan included), within the
// M·S·A·⌈log₂(KH)⌉ + 1 of docs/theory/lmdp.md §6.2 for K·H not a power of two (tested).
#pragma once

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/models/latent_mdp_model.h"
#include "sim/protocol/latent_mdp.h"

namespace regretlab::algorithms::lmdp {

using protocol::LmdpEpisode;
using protocol::LmdpInfo;
namespace model = models::lmdp;

// Frozen estimates of one LMDP: what a backup rule and the belief filter read.
struct Estimates {
  int contexts = 0, states = 0, actions = 0, horizon = 0;
  std::vector<double> count;   // n at the last trigger, per (m, s, a)
  std::vector<double> p_hat;   // P̂ per (m, s, a, s')
  std::vector<double> reward;  // R̂ per (m, s, a)
  std::vector<double> prior;   // ŵ_m ν̂_m(s1) per (s1, m), unnormalised
  size_t Sa(int m, int s, int a) const {
    return (static_cast<size_t>(m) * states + s) * actions + a;
  }
  std::span<const double> Row(int m, int s, int a) const {
    return {p_hat.data() + Sa(m, s, a) * states, static_cast<size_t>(states)};
  }
  // The true model as estimates with count n everywhere (tests: "the true model in the sets").
  static Estimates FromModel(const model::LatentMdp& lmdp, double n);
};

// Counts credited to the revealed context, with the doubling-trigger snapshots.
class Statistics {
 public:
  void Reset(const LmdpInfo& info);
  // Credits the episode to its context; true if some count reached a power of two.
  bool Add(const LmdpEpisode& episode);
  // The frozen estimates (P̂, R̂ at the last triggers; ŵ, ν̂ now).
  Estimates Snapshot() const;
  int64_t Count(int m, int s, int a) const { return live_count_[Sa(m, s, a)]; }
  int64_t NextCount(int m, int s, int a, int next) const {
    return live_next_[Sa(m, s, a) * static_cast<size_t>(info_.num_states) + next];
  }

 private:
  size_t Sa(int m, int s, int a) const {
    return (static_cast<size_t>(m) * info_.num_states + s) * info_.num_actions + a;
  }
  LmdpInfo info_;
  std::vector<int64_t> live_count_, live_next_, frozen_count_, frozen_next_;
  std::vector<double> reward_;
  std::vector<int64_t> context_count_, start_count_;
  int64_t episodes_ = 0;
};

// A backup rule: Q_m(s, a) at step h from the continuation values.
class BackupRule {
 public:
  virtual ~BackupRule() = default;
  // Called at Reset with the public information (ι depends on M, S, A, H, K).
  virtual void Prepare(const LmdpInfo& /*info*/) {}
  // Value of an (m, s, a) never visited: the optimistic constant.
  virtual double Unvisited() const { return 1.0; }
  // Whether the backup reads next states outside P̂'s support (the model-optimistic one does).
  virtual bool ReadsAllNextStates() const { return false; }
  virtual double Backup(const Estimates& estimates, int m, int s, int a,
                        std::span<const double> next_values) const = 0;
};

// The learner's model seen by the planner.
class EstimatedModel final : public model::PlanningModel {
 public:
  EstimatedModel(Estimates estimates, const BackupRule& rule)
      : estimates_(std::move(estimates)), rule_(rule) {}
  int NumContexts() const override { return estimates_.contexts; }
  int NumStates() const override { return estimates_.states; }
  int NumActions() const override { return estimates_.actions; }
  int Horizon() const override { return estimates_.horizon; }
  void InitialWeights(int s1, std::span<double> out) const override;
  double Likelihood(int m, int s, int a, double r, int next) const override;
  double Reward(int m, int s, int a) const override {
    return estimates_.reward[estimates_.Sa(m, s, a)];
  }
  void Successors(int m, int s, int a, std::vector<int>& out) const override;
  double Backup(int h, int m, int s, int a, std::span<const double> next_values) const override;
  const Estimates& estimates() const { return estimates_; }

 private:
  Estimates estimates_;
  const BackupRule& rule_;
};

// A Markov policy for the pooled / tabular learners (MVP, UCBVI-BF): node = h·S + s, the action
// table indexed [h·S + s]; the history beyond (h, s) is ignored.
class MarkovPolicy final : public model::EpisodePolicy {
 public:
  void Resize(int horizon, int states) {
    states_ = states;
    actions_.assign(static_cast<size_t>(horizon * states), 0);
  }
  int64_t Start(int s1) override { return s1; }
  int Action(int64_t node) override { return actions_[static_cast<size_t>(node)]; }
  int64_t Next(int64_t node, int /*action*/, double /*reward*/, int next_state) override {
    return (node / states_ + 1) * states_ + next_state;
  }
  std::vector<int>& actions() { return actions_; }

 private:
  int states_ = 1;
  std::vector<int> actions_;  // [h * S + s]
};

// A tabular (M = 1) learner whose plan the tests inspect: its planned V_1(s1) and a re-plan on
// given estimates (e.g. the true model, Estimates::FromModel) instead of its statistics.
class InspectableTabularLearner : public protocol::LmdpLearner {
 public:
  virtual double PlannedStartValue(int s1) const = 0;
  virtual void PlanWithEstimates(const Estimates& estimates) = 0;
};

// The value-optimistic (MVP-style, reconstructed [R]) backup shared by E1 and the standalone MVP,
// so that with M = 1 they agree to the last bit: min{1, r + pᵀv + c1·sqrt(V(p, v)·ι/n) + c2·ι/n}.
inline double VarianceAwareBackup(double reward, std::span<const double> p,
                                  std::span<const double> v, double n, double c1, double c2,
                                  double iota) {
  double mean = 0;
  for (size_t i = 0; i < p.size(); ++i) mean += p[i] * v[i];
  const double bonus = c1 * std::sqrt(model::VarianceOf(p, v) * iota / n) + c2 * iota / n;
  return std::min(1.0, reward + mean + bonus);
}

// ι = 2 ln(2·M·S·A·H·K/δ).
double Iota(const LmdpInfo& info, double delta);

// Planner choice shared by the belief-planning learners: "exact" (tiny instances: (S·A)^(H−1) ≤
// 12^5, which covers H ≤ 6, S ≤ 4, A ≤ 3 of docs/theory/lmdp.md §6.2 (a)) or "belief_grid" (M ≤ 3,
// approximate: docs/theory/lmdp.md §6.2 (b)).
struct PlannerChoice {
  std::string name;
  int64_t grid = 100;
  explicit PlannerChoice(const core::Params& params)
      : name(params.String("planner")), grid(params.Integer("belief_grid")) {}
  model::PlannerOptions Options() const;
  std::string CheckInstance(const LmdpInfo& info) const;
};
std::vector<core::ParamSpec> PlannerParams(const std::string& default_planner = "belief_grid");

// The learner shell: statistics, trigger, re-plan with the chosen planner and backup rule.
class BeliefLearner : public protocol::LmdpLearner {
 public:
  BeliefLearner(const core::Params& params, std::unique_ptr<BackupRule> rule);
  void Reset(const LmdpInfo& info) override;
  model::EpisodePolicy& Policy() override { return *planner_; }
  int64_t PolicyVersion() const override { return replans_; }
  void Observe(const LmdpEpisode& episode) override;
  int64_t PlannerIterations() const override {
    return past_iterations_ + (planner_ ? planner_->iterations() : 0);
  }
  int64_t Replans() const override { return replans_; }
  std::string CheckInstance(const LmdpInfo& info) const override {
    return planner_choice_.CheckInstance(info);
  }
  // The planned (optimistic) value of the current plan, Σ_{s1} ŵ ν̂ α: for optimism checks.
  double PlannedValue() { return planner_->PlannedValue(); }
  const EstimatedModel& estimated_model() const { return *model_; }
  // Plans on the given estimates instead of the statistics (a new policy version): the optimism
  // and zero-width tests hand it the true model.
  void PlanWithEstimates(Estimates estimates);

 protected:
  BackupRule& rule() { return *rule_; }
  const LmdpInfo& info() const { return info_; }

 private:
  void Replan() { PlanWithEstimates(statistics_.Snapshot()); }
  PlannerChoice planner_choice_;
  std::unique_ptr<BackupRule> rule_;
  LmdpInfo info_;
  Statistics statistics_;
  std::unique_ptr<EstimatedModel> model_;
  std::unique_ptr<model::BeliefPlanner> planner_;
  int64_t replans_ = 0, past_iterations_ = 0;
};

// The parameter δ shared by the optimistic learners.
core::ParamSpec DeltaParam();
// c1, c2 and δ of the variance-aware (MVP-style) bonus.
std::vector<core::ParamSpec> VarianceBonusParams();

}  // namespace regretlab::algorithms::lmdp
