// Latent MDPs (LMDPs) with the context revealed in hindsight: the model, the posterior over
// contexts, belief-node planning with a pluggable backup, and exact evaluation of a
// history-dependent policy on the true model (Zhou, Wang, Du 2023, "Horizon-free and
// variance-dependent reinforcement learning for latent Markov decision processes", ICML 2023,
// arXiv 2210.11604; Kwon et al. 2021 for LMDPs; docs/theory/lmdp.md §6.1).
//
// Why this lives in sim/: the protocol must compute V* and V^{π_k} exactly on the true model
// (docs/theory/conventions.md §1.1 item 6), and environments (V*, Var* proxies) and learners
// (planning on their estimated model) need the same planners. algorithms/ and environments/ may not
// depend on each other, so the shared numerical core is here; nothing in it names a concrete
// algorithm.
//
// Paper symbols used as local names (docs/theory/lmdp.md §6.1):
//   M contexts m, S states s, A actions a, H steps h = 0..H-1 (0-based here);
//   w[m] mixing weights; ν_m(s) initial distribution; P_m(s'|s,a); R_m(s,a) ∈ [0,1] deterministic;
//   b[m] the posterior over contexts given the history (the "belief");
//   α(τ)[m] the value-to-go of a policy from history τ if the context is m (alpha vector).
//
// Posterior (docs/theory/lmdp.md §6.1): b(τ_h)[m] ∝ w_m ν_m(s_1) Π_j P_m(s_{j+1}|s_j,a_j)·1[r_j =
// R_m(s_j,a_j)]. It is computed sequentially by UpdateBelief; tests compare it with brute-force
// Bayes on enumerated histories.
//
// Planning (BeliefPlanner): a history τ_h is summarised by the node (h, s_h, b(τ_h)). Identical
// beliefs have identical futures, so nodes with equal beliefs are shared (memoisation): this is
// exact. The belief quantiser decides what "equal" means:
//   kExact  beliefs equal to 2^-40 per entry (exact up to round-off; the posterior is a function
//           of the history, and identical futures make the merge exact);
//   kGrid   the belief is projected onto a grid of resolution G on the simplex after each update
//           (largest-remainder rounding). The policy is then a finite-state controller that
//           carries the projected belief; it is a history-dependent policy whose value is
//           evaluated exactly, but it is not the Bayes-optimal one: "approximate planner"
//           (docs/theory/lmdp.md §6.2 (b)).
// The backup at a node is pluggable (BackupRule): the value of action a under context m given
// the continuation values v[s'] of the successor nodes reached under context m. The oracle rule
// is R + P·v (exact Bellman); the learners' rules add a bonus (value-optimistic) or maximise over
// a confidence set (model-optimistic). The action at a node is argmax_a Σ_m b[m]·Q_m(a) (lowest
// index on ties) and α[m] = Q_m(a*) (docs/theory/lmdp.md §6.2, E1 box).
//
// Nodes are created lazily: a node the plan never needed (an outcome the learner's model deems
// impossible) is planned when the policy or the evaluator first reaches it, so a plan is a total
// policy. Planner iterations = node-action backups performed (the planning cost recorded).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace regretlab::models::lmdp {

// A tabular LMDP. Arrays are flat, row-major in the order of their indices.
struct LatentMdp {
  int num_contexts = 0, num_states = 0, num_actions = 0, horizon = 0;
  std::vector<double> weights;     // w[m]
  std::vector<double> initial;     // ν[m*S + s]
  std::vector<double> transition;  // P[((m*S + s)*A + a)*S + s']
  std::vector<double> reward;      // R[(m*S + s)*A + a]

  void Allocate(int contexts, int states, int actions, int steps);
  size_t SaIndex(int m, int s, int a) const {
    return (static_cast<size_t>(m) * num_states + s) * num_actions + a;
  }
  double Nu(int m, int s) const { return initial[static_cast<size_t>(m) * num_states + s]; }
  double P(int m, int s, int a, int next) const {
    return transition[SaIndex(m, s, a) * num_states + next];
  }
  std::span<const double> Row(int m, int s, int a) const {
    return {transition.data() + SaIndex(m, s, a) * num_states, static_cast<size_t>(num_states)};
  }
  double R(int m, int s, int a) const { return reward[SaIndex(m, s, a)]; }
  // Γ = max_{m,s,a} |supp P_m(·|s,a)|.
  int TransitionDegree() const;
  // Empty when the model is well formed (weights and rows are distributions, rewards in [0,1],
  // the largest possible return ≤ 1 + 1e-9); otherwise what is wrong.
  std::string Problem() const;
  // max over contexts and state-action sequences of Σ_h R: the normalisation check
  // (docs/theory/lmdp.md §6.1).
  double MaxReturn() const;
};

// b ← b ⊙ likelihood, normalised; likelihood[m] = P_m(s'|s,a)·1[r = R_m(s,a)] for the true model.
// Returns false (and leaves b unchanged) when every likelihood of a context with b[m] > 0 is 0.
bool ApplyLikelihood(std::span<double> belief, std::span<const double> likelihood);
// The true-model posterior update after (s, a, r, s').
bool UpdateBelief(const LatentMdp& model, std::span<double> belief, int s, int a, double r,
                  int next);
// b(s_1)[m] ∝ w_m ν_m(s_1); all zero if no context can start in s_1.
std::vector<double> InitialBelief(const LatentMdp& model, int s1);

// What a planner needs from a model (the true one or a learner's estimate).
class PlanningModel {
 public:
  virtual ~PlanningModel() = default;
  virtual int NumContexts() const = 0;
  virtual int NumStates() const = 0;
  virtual int NumActions() const = 0;
  virtual int Horizon() const = 0;
  // Unnormalised prior over contexts given s_1 (w_m ν_m(s_1) or its estimate).
  virtual void InitialWeights(int s1, std::span<double> out) const = 0;
  // Likelihood of observing reward r and next state s' after (s, a) under context m, used by the
  // belief filter.
  virtual double Likelihood(int m, int s, int a, double r, int next) const = 0;
  // The reward the model predicts for (m, s, a): decides which successor node context m reaches.
  virtual double Reward(int m, int s, int a) const = 0;
  // Next states whose continuation value the backup of (m, s, a) reads (empty: the backup
  // needs none, e.g. an unvisited triple valued optimistically).
  virtual void Successors(int m, int s, int a, std::vector<int>& out) const = 0;
  // Q_m(s, a) at step h from the continuation values next_values[s'] (entries outside
  // Successors are 0 and must not be read).
  virtual double Backup(int h, int m, int s, int a, std::span<const double> next_values) const = 0;
};

// The exact model seen by a planner with the exact Bellman backup R + P·v.
class TrueModelView final : public PlanningModel {
 public:
  explicit TrueModelView(const LatentMdp& model) : model_(model) {}
  int NumContexts() const override { return model_.num_contexts; }
  int NumStates() const override { return model_.num_states; }
  int NumActions() const override { return model_.num_actions; }
  int Horizon() const override { return model_.horizon; }
  void InitialWeights(int s1, std::span<double> out) const override;
  double Likelihood(int m, int s, int a, double r, int next) const override;
  double Reward(int m, int s, int a) const override { return model_.R(m, s, a); }
  void Successors(int m, int s, int a, std::vector<int>& out) const override;
  double Backup(int h, int m, int s, int a, std::span<const double> next_values) const override;

 private:
  const LatentMdp& model_;
};

// A history-dependent policy as a finite-state controller: a node summarises the history.
class EpisodePolicy {
 public:
  virtual ~EpisodePolicy() = default;
  virtual int64_t Start(int s1) = 0;
  virtual int Action(int64_t node) = 0;
  virtual int64_t Next(int64_t node, int action, double reward, int next_state) = 0;
};

enum class BeliefQuantiser { kExact, kGrid };

struct PlannerOptions {
  BeliefQuantiser quantiser = BeliefQuantiser::kExact;
  int64_t grid = 100;             // G: grid resolution (kGrid)
  int64_t max_nodes = 2'000'000;  // an InvariantError past this (the cell check prevents it)
};

// Lazy, memoised planner over (h, s, belief) nodes; see the file comment. It is itself the policy.
class BeliefPlanner final : public EpisodePolicy {
 public:
  BeliefPlanner(const PlanningModel& model, PlannerOptions options);
  int64_t Start(int s1) override;
  int Action(int64_t node) override;
  int64_t Next(int64_t node, int action, double reward, int next_state) override;
  // α(node)[m] (plans the node if needed).
  std::span<const double> Alpha(int64_t node);
  std::span<const double> Belief(int64_t node) const;
  // Σ_{s1} Σ_m weight(s1)[m]·α(root(s1))[m] with the model's (unnormalised) initial weights: the
  // planned value of the whole episode (V* for the true model with the oracle backup).
  double PlannedValue();
  int64_t iterations() const { return iterations_; }
  int64_t num_nodes() const { return static_cast<int64_t>(nodes_.size()); }

 private:
  struct Node {
    int h = 0, s = 0;
    int action = -1;             // -1: not planned yet
    std::vector<double> belief;  // normalised
    std::vector<double> alpha;   // α[m]
  };
  int64_t Intern(int h, int s, std::vector<double> belief);
  void Plan(int64_t node);
  void Quantise(std::vector<double>& belief) const;

  const PlanningModel& model_;
  PlannerOptions options_;
  std::vector<Node> nodes_;
  std::unordered_map<std::string, int64_t> index_;
  int64_t iterations_ = 0;
  std::vector<int> successors_;
};

// Exact value of a policy on the true model: V^π = Σ_m w_m Σ_{s1} ν_m(s1) V^π_m(root), with the
// per-context return's second moment (for the Var* proxies), by recursion over reachable
// (node, context) pairs with memoisation.
struct PolicyValue {
  double value = 0;                      // V^π
  std::vector<double> context_value;     // E^π_m[Σ r]
  std::vector<double> context_variance;  // Var^π_m(Σ r)
  double weighted_variance = 0;  // Σ_m w_m Var^π_m(Σ r): the Var* proxy of docs/theory/lmdp.md §6.3
  int64_t nodes = 0;             // (node, context) pairs visited
};
PolicyValue EvaluatePolicy(const LatentMdp& model, EpisodePolicy& policy);

// V*, the optimal policy's per-context variances (Var*_opt) and the planner cost, by the exact
// belief planner with the oracle backup.
struct OptimalValue {
  PolicyValue optimal;
  int64_t planner_nodes = 0;
};
OptimalValue SolveExact(const LatentMdp& model, int64_t max_nodes = 2'000'000);

// Exact alpha-vector value iteration with upper-envelope pruning for M = 2 (docs/theory/lmdp.md
// §6.2 (c)). Returns V* of `model` (exact: for M = 2 the belief is one-dimensional and the envelope
// prune is exact). `vectors_out`, if given, receives the largest pruned set size over (h, s).
double AlphaVectorValueM2(const LatentMdp& model, int64_t* vectors_out = nullptr,
                          int64_t* iterations_out = nullptr);

// The Bernstein-style MVP bonus shared by the horizon-free learners (docs/theory/lmdp.md §6.2 E1,
// reconstructed [R]): c1·sqrt(V(p, v)·ι/n) + c2·ι/n, with V(p, v) = Σ p_i (v_i − pᵀv)².
double VarianceOf(std::span<const double> p, std::span<const double> v);

// The inner maximisation of the model-optimistic solver (docs/theory/lmdp.md §6.2 E2, extended
// value iteration [R]): max Σ_i p_i v_i over {p : lower ≤ p ≤ upper, Σ p = 1} (requires Σ lower ≤ 1
// ≤ Σ upper): start from `lower`, then push the remaining mass to the largest v first. Writes the
// maximiser.
double MaximiseOverBox(std::span<const double> lower, std::span<const double> upper,
                       std::span<const double> values, std::span<double> argmax);

}  // namespace regretlab::models::lmdp
