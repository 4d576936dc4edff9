// UCBVI-BF (Azar, Osband, Munos 2017) on the latent-MDP protocol: the M = 1 sanity check beside
// MVP (docs/theory/lmdp.md §6.5, issue 7 item 4). A tabular, Markov-policy learner; it refuses
// M ≠ 1 when the spec is read (with M > 1 its per-(s, a) statistics would pool contexts, which is
// lmdp_mvp's role, not this algorithm's).
//
// Reference: Azar, Osband, Munos (2017). Minimax regret bounds for reinforcement learning. ICML
//   2017, Algorithm 4 (UCB-Q-values with the Bernstein–Freedman bonus) and Theorem 2.
//
// Normalisation. The paper has per-step rewards in [0, 1] and values in [0, H]; the protocol has
// return ≤ 1. Everything here is the paper's algorithm run on the rewards H·r and divided by H,
// i.e. in units of the normalised return: value cap 1 (paper: H), and with L = ln(5·S·A·T/δ),
// T = K·H, n = N(s, a), N'_{h+1}(y) = visits of y at step h+1, V = V_{h+1} (values in [0, 1]):
//   b(s, a) = bonus_scale · [ sqrt(8·L·Var_{P̂(·|s,a)}(V)/n) + 14·L/(3·n)
//                             + sqrt(8·Σ_y P̂(y|s,a)·min{100²·H·S²·A·L²/N'_{h+1}(y), 1}/n) ],
// the paper's b divided by H (its H³ in the last term becomes H after the 1/H² inside the root;
// its H² cap becomes 1). Backup (paper: Q_{k,h} = min(Q_{k−1,h}, H, r + P̂·V_{h+1} + b)):
//   Q_h(s, a) = min{Q_h^{previous plan}(s, a), 1, r̂(s, a) + P̂(·|s,a)·V_{h+1} + b(s, a)},
//   V_h(s) = max_a Q_h(s, a) (lowest index on ties), V_H ≡ 0; unvisited (s, a): 1.
// The last-term correction at the final step (h + 1 = H) is 0 since V_H ≡ 0 there [R: we read
// N'_{k,h+1} as the step-(h+1) visit count, and skip it where V_{h+1} ≡ 0]. r̂ is the recorded
// reward (deterministic in the protocol; the paper assumes r known). It re-plans after every
// episode, as the paper does; the policy version changes only when the action table does, so
// the protocol's exact evaluation is not repeated for an unchanged policy.
//
// Constants: the bonus constants 8, 14/3, 100² are the paper's as recalled, NOT re-checked
// against the PDF [R]; bonus_scale multiplies the whole bonus (1 = theory; tests use 0 to get
// the plain value iteration on the estimates).
//
// Guarantee (Theorem 2, per-step rewards in [0, 1]): Õ(√(H·S·A·T) + H²·S²·A) w.p. 1 − δ, for
// T ≥ H³S³A and SA ≥ H. Divided by H with T = K·H: Õ(√(S·A·K) + H·S²·A) in normalised units; it
// holds when every per-step reward is ≤ 1/H (as in random_lmdp). Registered as
// sqrt(S A k L) + H S² A L with L = ln(5 S A H K / δ) — constants RECONSTRUCTED,
// constants_checked = false — applying only when M = 1.
//
// Protocol: latent_mdp.
//
// Parameters:
//   name         default  meaning
//   bonus_scale  1        multiplies the Bernstein–Freedman bonus (1 = the paper's)
//   delta        0.05     confidence level in L
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "algorithms/lmdp/lmdp_bounds.h"
#include "algorithms/lmdp/lmdp_learner.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::lmdp {
namespace {

// L = ln(5·S·A·T/δ), T = K·H (the paper's confidence logarithm).
double LogTerm(double states, double actions, double steps, double episodes, double delta) {
  return std::log(5.0 * states * actions * steps * episodes / delta);
}

class UcbviBf final : public InspectableTabularLearner {
 public:
  explicit UcbviBf(const core::Params& params)
      : bonus_scale_(params.Real("bonus_scale")), delta_(params.Real("delta")) {}

  std::string CheckInstance(const LmdpInfo& info) const override {
    if (info.num_contexts == 1) return "";
    return "lmdp_ucbvi_bf is the M = 1 sanity check (tabular UCBVI-BF, Azar et al. 2017) and "
           "needs num_contexts = 1; this instance has M = " +
           std::to_string(info.num_contexts) + " (use lmdp_mvp for the context-agnostic baseline)";
  }

  void Reset(const LmdpInfo& info) override {
    info_ = info;
    log_term_ = LogTerm(info.num_states, info.num_actions, info.horizon,
                        static_cast<double>(info.num_episodes), delta_);
    const size_t states = static_cast<size_t>(info.num_states);
    const size_t pairs = states * static_cast<size_t>(info.num_actions);
    count_.assign(pairs, 0);
    next_.assign(pairs * states, 0);
    reward_.assign(pairs, 0.0);
    step_visits_.assign(static_cast<size_t>(info.horizon + 1) * states, 0);
    q_.assign(static_cast<size_t>(info.horizon) * pairs, 1.0);
    start_value_.assign(states, 1.0);
    policy_.Resize(info.horizon, info.num_states);
    version_ = 0;
    plans_ = 0;
    iterations_ = 0;
    Plan(EstimatesFromCounts(), step_visits_);
    version_ = 0;  // the initial plan is version 0
  }
  model::EpisodePolicy& Policy() override { return policy_; }
  int64_t PolicyVersion() const override { return version_; }
  int64_t PlannerIterations() const override { return iterations_; }
  int64_t Replans() const override { return plans_; }

  void Observe(const LmdpEpisode& episode) override {
    const size_t states = static_cast<size_t>(info_.num_states);
    for (size_t h = 0; h < episode.actions.size(); ++h) {
      const size_t pair =
          static_cast<size_t>(episode.states[h] * info_.num_actions + episode.actions[h]);
      reward_[pair] = episode.rewards[h];  // deterministic: the same value on every visit
      ++next_[pair * states + static_cast<size_t>(episode.states[h + 1])];
      ++count_[pair];
    }
    for (size_t h = 0; h < episode.states.size(); ++h) {
      ++step_visits_[h * states + static_cast<size_t>(episode.states[h])];
    }
    Plan(EstimatesFromCounts(), step_visits_);
  }

  double PlannedStartValue(int s1) const override { return start_value_[static_cast<size_t>(s1)]; }
  // Plans on `estimates` (M = 1) with every step-state count N'_h(y) = the estimates' count of
  // (y, 0) (the tests: the true model with count n everywhere), from a fresh Q ≡ 1.
  void PlanWithEstimates(const Estimates& estimates) override {
    std::fill(q_.begin(), q_.end(), 1.0);
    std::vector<int64_t> visits(step_visits_.size());
    for (size_t i = 0; i < visits.size(); ++i) {
      const int y = static_cast<int>(i % static_cast<size_t>(info_.num_states));
      visits[i] = static_cast<int64_t>(estimates.count[estimates.Sa(0, y, 0)]);
    }
    Plan(estimates, visits);
  }

 private:
  Estimates EstimatesFromCounts() const {
    Estimates out;
    out.contexts = 1;
    out.states = info_.num_states;
    out.actions = info_.num_actions;
    out.horizon = info_.horizon;
    out.reward = reward_;
    out.count.resize(count_.size());
    out.p_hat.assign(next_.size(), 0.0);
    const size_t states = static_cast<size_t>(info_.num_states);
    for (size_t pair = 0; pair < count_.size(); ++pair) {
      out.count[pair] = static_cast<double>(count_[pair]);
      if (count_[pair] == 0) continue;
      for (size_t n = 0; n < states; ++n) {
        out.p_hat[pair * states + n] =
            static_cast<double>(next_[pair * states + n]) / out.count[pair];
      }
    }
    return out;
  }

  // The Bernstein–Freedman bonus (normalised units, see the header) of (s, a) at step h.
  double Bonus(std::span<const double> p, std::span<const double> next_value, double n,
               const int64_t* next_step_visits, bool last_step) const {
    const double l = log_term_;
    double bonus = std::sqrt(8.0 * l * model::VarianceOf(p, next_value) / n) + 14.0 * l / (3.0 * n);
    if (!last_step) {
      const double s = info_.num_states, a = info_.num_actions, h = info_.horizon;
      const double numerator = 100.0 * 100.0 * h * s * s * a * l * l;
      double correction = 0;
      for (size_t y = 0; y < p.size(); ++y) {
        if (p[y] == 0) continue;
        const double visits = static_cast<double>(next_step_visits[y]);
        correction += p[y] * (visits == 0 ? 1.0 : std::min(numerator / visits, 1.0));
      }
      bonus += std::sqrt(8.0 * correction / n);
    }
    return bonus_scale_ * bonus;
  }

  void Plan(const Estimates& estimates, const std::vector<int64_t>& step_visits) {
    const int states = info_.num_states, actions = info_.num_actions;
    const size_t pairs = static_cast<size_t>(states * actions);
    std::vector<double> next_value(static_cast<size_t>(states), 0.0),
        value(static_cast<size_t>(states), 0.0);
    bool changed = false;
    for (int h = info_.horizon - 1; h >= 0; --h) {
      const bool last_step = h + 1 == info_.horizon;
      const int64_t* next_step_visits =
          step_visits.data() + static_cast<size_t>(h + 1) * static_cast<size_t>(states);
      for (int s = 0; s < states; ++s) {
        int best = 0;
        double best_value = -std::numeric_limits<double>::infinity();
        for (int a = 0; a < actions; ++a) {
          const size_t pair = estimates.Sa(0, s, a);
          double& q = q_[static_cast<size_t>(h) * pairs + pair];
          const double n = estimates.count[pair];
          if (n > 0) {
            const auto p = estimates.Row(0, s, a);
            double mean = 0;
            for (size_t y = 0; y < p.size(); ++y) mean += p[y] * next_value[y];
            const double backup = estimates.reward[pair] + mean +
                                  Bonus(p, next_value, n, next_step_visits, last_step);
            q = std::min({q, 1.0, backup});
          }
          ++iterations_;
          if (q > best_value + 1e-12) {
            best_value = q;
            best = a;
          }
        }
        value[static_cast<size_t>(s)] = best_value;
        int& action = policy_.actions()[static_cast<size_t>(h * states + s)];
        if (action != best) changed = true;
        action = best;
      }
      next_value.swap(value);
    }
    start_value_ = next_value;
    ++plans_;
    if (changed) ++version_;
  }

  double bonus_scale_, delta_, log_term_ = 1;
  LmdpInfo info_;
  std::vector<int64_t> count_, next_, step_visits_;  // step_visits_[h * S + y], h = 0..H
  std::vector<double> reward_, q_, start_value_;     // q_[h * S * A + s * A + a]
  MarkovPolicy policy_;
  int64_t version_ = 0, plans_ = 0, iterations_ = 0;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "lmdp_ucbvi_bf",
      "UCBVI-BF (tabular, Bernstein-Freedman bonus, values normalised to return <= 1): the "
      "M = 1 sanity check; refuses M != 1",
      "Azar, Osband, Munos (2017), ICML, Algorithm 4; bonus constants as recalled, not "
      "re-checked (RECONSTRUCTED), rescaled by 1/H",
      "M = 1: O~(sqrt(HSAT) + H^2 S^2 A) per-step rewards in [0,1]; normalised: "
      "O~(sqrt(SAK) + H S^2 A)",
      {core::RealParam("bonus_scale", 1.0, 0, core::kUnbounded, false,
                       "multiplies the Bernstein-Freedman bonus (1 = the paper's constants)"),
       DeltaParam()});
  spec.params.back().help = "confidence level delta in L = ln(5 S A H K / delta)";
  return spec;
}

registry::BoundSpec Bound() {
  registry::BoundSpec bound = registry::UpperBound(
      "lmdp_ucbvi_bf_single_context", protocol::kLatentMdpProtocol, "pseudo_regret",
      {"lmdp_ucbvi_bf"},
      "Azar, Osband, Munos (2017), ICML, Theorem 2: O~(sqrt(HSAT) + H^2 S^2 A), divided by H "
      "(return <= 1, T = KH); constants RECONSTRUCTED",
      "sqrt(S * A * k * L) + H * S^2 * A * L, L = ln(5 S A H K / delta) (M = 1)", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params&) {
    return oracle.Scalar("num_contexts") == 1;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t k) {
    const double s = oracle.Scalar("num_states"), a = oracle.Scalar("num_actions");
    const double h = oracle.Scalar("steps_per_episode");
    const double l = LogTerm(s, a, h, oracle.Scalar("horizon"),
                             params.Has("delta") ? params.Real("delta") : 0.05);
    return std::sqrt(s * a * static_cast<double>(k) * l) + h * s * s * a * l;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::LatentMdpProtocol, UcbviBf, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::lmdp
