// The latent-MDP protocol with the context revealed in hindsight (Zhou, Wang, Du 2023, ICML,
// arXiv 2210.11604; docs/theory/lmdp.md §6.1). The math it relies on (model, posterior, planners,
// exact evaluation) is in latent_mdp_model.h.
//
// Episode k (t = k counts episodes; the cell's horizon is the number of episodes K):
//   1. a hidden context m_k ~ w is drawn, then s_1 ~ ν_{m_k};
//   2. for h = 1..H the learner's policy chooses a_h from the whole history (it is a finite-state
//      controller: lmdp::EpisodePolicy), gets r_h = R_{m_k}(s_h, a_h) and s_{h+1} ~ P_{m_k}; the
//      transition after the last step is drawn too, so every visited (s, a) has a next state;
//   3. after the episode the learner gets the trajectory and m_k (context in hindsight).
// Rewards are deterministic and normalised so that the return is ≤ 1 (checked on the model).
//
// Why a sibling of `episodic_mdp` rather than an extension of it (docs/design-notes.md): there
// the learner hands over a Markov policy per episode and the loss is adversarial; here the
// learner acts on the whole history and must receive the context after the episode, and the
// exact value of a history-dependent policy needs a recursion over (history node, context)
// pairs. The two learner interfaces share nothing but "an episode"; one protocol would have to
// carry both.
//
// Regret (docs/theory/conventions.md §1.1 item 6): pseudo_regret = Σ_k (V* − V^{π_k}), with V^{π_k}
// computed exactly on the true model by lmdp::EvaluatePolicy. The learner's policy changes only
// when it re-plans, so the protocol evaluates it once per policy version and caches the value.
// realized_regret = Σ_k (V* − return_k) is the secondary series. planner_iterations (cumulative
// node-action backups of the learner's planner, or generated vectors) and replans (cumulative) are
// recorded next to them; the wall time per checkpoint is under /cost as for every protocol. The two
// Var* proxies of docs/theory/lmdp.md §6.3 are recorded as rows too (var_opt constant, var_max a
// running max), so that the determinism study can put regret next to them.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/models/latent_mdp_model.h"
#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

// The latent-MDP model, beliefs and planners (sim/models/latent_mdp_model.h) are the protocol's
// vocabulary: learners hand over an lmdp::EpisodePolicy.
namespace lmdp = models::lmdp;

struct LatentMdpProtocol;

// What the learner is told before the first episode.
struct LmdpInfo {
  int num_contexts = 0, num_states = 0, num_actions = 0, horizon = 0;
  int64_t num_episodes = 0;  // K
};

// One episode as the learner sees it after it ends: s_1..s_{H+1}, a_1..a_H, r_1..r_H, and m.
struct LmdpEpisode {
  std::vector<int> states;  // H + 1 entries
  std::vector<int> actions;
  std::vector<double> rewards;
  int context = 0;
};

// An LMDP environment: a fixed tabular model (drawn once from the environment's parameters), its
// optimal value and Var* proxies (the oracle), and the per-replicate episode stream.
class LmdpEnvironment : public registry::Component {
 public:
  void SetHorizon(int64_t episodes) { episodes_ = episodes; }
  int64_t horizon() const { return episodes_; }
  void Reset(const random::StreamKey& key);

  LmdpInfo Info() const;
  // Draws one episode's context and initial state, then its steps through `policy`.
  LmdpEpisode RunEpisode(lmdp::EpisodePolicy& policy);

  // ---- Oracle: for the engine (and the oracle planner), never for a learning algorithm. ----
  const lmdp::LatentMdp& Model() const { return model_; }
  double OptimalValue() const { return optimal_value_; }
  // Var*_opt = Σ_m w_m Var^{π*}_m(Σ r) (NaN when V* came from the alpha-vector oracle) and
  // Var*_max = the largest Σ_m w_m Var^{π_k}_m(Σ r) over the policies used so far
  // (docs/theory/lmdp.md §6.3).
  double VarOpt() const { return var_opt_; }
  double VarMax() const { return var_max_; }
  // Σ_m w_m Var^π_m(Σ r) of a policy the learner used: the running max is the Var*_max proxy.
  void NoteVisitedVariance(double variance);
  registry::OracleInfo Oracle() const;

 protected:
  // Validates the model (ConfigError naming `name` if malformed) and solves it: V*, Var*_opt.
  void SetModel(lmdp::LatentMdp model, const std::string& name);

 private:
  lmdp::LatentMdp model_;
  double optimal_value_ = 0, var_opt_ = 0, var_max_ = 0;
  int64_t optimal_nodes_ = 0;
  std::string optimal_method_;
  int64_t episodes_ = 0;
  random::Rng rng_;
};

// Type-erased learner.
class LmdpLearner : public registry::Component {
 public:
  virtual void Reset(const LmdpInfo& info) = 0;
  // The policy of the coming episode; PolicyVersion changes whenever the policy does.
  virtual lmdp::EpisodePolicy& Policy() = 0;
  virtual int64_t PolicyVersion() const = 0;
  // The finished episode with its revealed context; may re-plan.
  virtual void Observe(const LmdpEpisode& episode) = 0;
  virtual int64_t PlannerIterations() const = 0;
  virtual int64_t Replans() const = 0;
  // Empty when this learner and planner can run on the instance; otherwise why not (e.g. the
  // exact planner asked for a large instance). Checked when the spec is read.
  virtual std::string CheckInstance(const LmdpInfo& info) const = 0;
  // Only the oracle planner: it is handed the true model (a benchmark, not a learner).
  virtual bool NeedsTrueModel() const { return false; }
  virtual void SetTrueModel(const lmdp::LatentMdp& /*model*/) {}
};

struct LmdpReplicateOutcome {
  double pseudo_regret = 0, realized_regret = 0;
  int64_t policy_evaluations = 0;
  int64_t replans = 0;
  std::vector<double> episode_values;  // V^{π_k}, only when keep_episode_values
};

// Runs one replicate of `learner` on `environment` (already Reset); used by the unit runner and
// by tests.
LmdpReplicateOutcome RunLmdpReplicate(LmdpLearner& learner, LmdpEnvironment& environment,
                                      CheckpointWriter<LatentMdpProtocol>& writer,
                                      bool keep_episode_values = false);

// The protocol's traits (sim/protocol/kit.h). Learners derive from LmdpLearner.
struct LatentMdpProtocol {
  static constexpr const char* kName = "latent_mdp";
  static constexpr const char* kSummary =
      "latent MDP: a hidden context per episode, history-dependent policies, the context "
      "revealed after the episode; t counts episodes; exact regret on the true model";
  using Info = LmdpInfo;
  using Environment = LmdpEnvironment;
  using Learner = LmdpLearner;
  enum class Metric {
    kPseudoRegret,
    kRealizedRegret,
    kPlannerIterations,
    kReplans,
    kVarOpt,
    kVarMax
  };
  static constexpr std::array kMetrics = {
      MetricDef{"pseudo_regret", "sum over episodes of V* - V^{pi_k}, both exact on the true model",
                "return", true},
      MetricDef{"realized_regret", "sum over episodes of V* - the episode's return", "return"},
      MetricDef{"planner_iterations",
                "cumulative planner iterations (node-action backups) of the learner", "backups"},
      MetricDef{"replans", "cumulative number of re-plans (policy changes) of the learner",
                "re-plans"},
      MetricDef{"var_opt",
                "Var*_opt = sum_m w_m Var^{pi*}_m(return), constant (docs/theory/lmdp.md section "
                "6.3 proxy)",
                "return^2"},
      MetricDef{"var_max",
                "Var*_max = max over the policies used so far of sum_m w_m Var^{pi_k}_m(return)",
                "return^2"},
  };
  static void RunReplicate(LmdpLearner& learner, LmdpEnvironment& environment,
                           ReplicateStreams& streams, CheckpointWriter<LatentMdpProtocol>& writer);
  // K ≥ 1, var_opt known when recorded, the learner and planner fit the instance.
  static std::string CheckCell(const CellCheck<LatentMdpProtocol>& check);
  // The planner of each cell and its cost per episode (latent_mdp_report.cc).
  static void ReportCell(const registry::ReportCellView& cell, std::ostream& out);
};
inline constexpr const char* kLatentMdpProtocol = LatentMdpProtocol::kName;

}  // namespace regretlab::protocol
