// MVP (Zhang, Ji, Du 2021) on the latent-MDP protocol, pooling every context into one MDP with a
// Markov policy (docs/theory/lmdp.md §6.5). Two roles:
//   - the context-agnostic baseline: it ignores the revealed context and the history, so on an
//     instance whose optimal policy must use the history (identify_or_exploit) its regret
//     against V* is linear;
//   - with M = 1, the standalone tabular horizon-free learner that LMDP-VO must match step for
//     step (docs/theory/lmdp.md §6.6): a plain backward value iteration over (h, s), independent of
//     the belief planner, with the same backup arithmetic (VarianceAwareBackup) and the same
//     triggers.
//
// Reference: Zhang, Ji, Du (2021). Is reinforcement learning more difficult than bandits? A
//   near-optimal algorithm escaping the curse of horizon. COLT 2021 (MVP). Bonus form as in
//   docs/theory/lmdp.md §6.2 E1 [R]; constants unverified.
//
// Backup: Q(h, s, a) = min{1, r̂(s,a) + P̂(·|s,a)·V_{h+1} + c1·sqrt(V(P̂, V_{h+1})·ι/n) + c2·ι/n},
// V_h(s) = max_a Q (lowest index on ties); unvisited (s, a): 1. r̂ is the recorded reward while
// every visit gave the same one (always, when M = 1), else the running mean of the pooled rewards.
//
// Guarantee (M = 1): Õ(√(S·A·K) + S²·A) with the return normalised to 1 [R]; registered as
// sqrt(S A k ι) + S² A ι (constants reconstructed, flagged); it applies only when M = 1.
//
// Protocol: latent_mdp.
//
// Parameters:
//   name   default  meaning
//   c1     1        variance-bonus constant
//   c2     1        lower-order bonus constant
//   delta  0.05     confidence level in ι
#include <cmath>
#include <limits>
#include <vector>

#include "algorithms/lmdp/lmdp_bounds.h"
#include "algorithms/lmdp/lmdp_learner.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::lmdp {
namespace {

class Mvp final : public protocol::LmdpLearner {
 public:
  explicit Mvp(const core::Params& params)
      : c1_(params.Real("c1")), c2_(params.Real("c2")), delta_(params.Real("delta")) {}

  void Reset(const LmdpInfo& info) override {
    info_ = info;
    iota_ = Iota(info, delta_);
    const size_t pairs = static_cast<size_t>(info.num_states * info.num_actions);
    const size_t states = static_cast<size_t>(info.num_states);
    count_.assign(pairs, 0);
    next_.assign(pairs * states, 0);
    reward_sum_.assign(pairs, 0.0);
    first_reward_.assign(pairs, 0.0);
    rewards_equal_.assign(pairs, 1);
    frozen_count_.assign(pairs, 0.0);
    frozen_p_.assign(pairs * states, 0.0);
    frozen_reward_.assign(pairs, 0.0);
    policy_.Resize(info.horizon, info.num_states);
    replans_ = 0;
    iterations_ = 0;
    Plan();
  }
  model::EpisodePolicy& Policy() override { return policy_; }
  int64_t PolicyVersion() const override { return replans_; }
  int64_t PlannerIterations() const override { return iterations_; }
  int64_t Replans() const override { return replans_; }
  std::string CheckInstance(const LmdpInfo& /*info*/) const override { return ""; }

  void Observe(const LmdpEpisode& episode) override {
    const size_t states = static_cast<size_t>(info_.num_states);
    bool triggered = false;
    for (size_t h = 0; h < episode.actions.size(); ++h) {
      const size_t pair =
          static_cast<size_t>(episode.states[h] * info_.num_actions + episode.actions[h]);
      const double r = episode.rewards[h];
      if (count_[pair] == 0) first_reward_[pair] = r;
      if (r != first_reward_[pair]) rewards_equal_[pair] = 0;
      reward_sum_[pair] += r;
      ++next_[pair * states + static_cast<size_t>(episode.states[h + 1])];
      const int64_t n = ++count_[pair];
      if ((n & (n - 1)) == 0) {
        frozen_count_[pair] = static_cast<double>(n);
        for (size_t s = 0; s < states; ++s) {
          frozen_p_[pair * states + s] =
              static_cast<double>(next_[pair * states + s]) / static_cast<double>(n);
        }
        frozen_reward_[pair] =
            rewards_equal_[pair] ? first_reward_[pair] : reward_sum_[pair] / static_cast<double>(n);
        triggered = true;
      }
    }
    if (triggered) Plan();
  }

 private:
  void Plan() {
    const int states = info_.num_states, actions = info_.num_actions;
    std::vector<double> next_value(static_cast<size_t>(states), 0.0),
        value(static_cast<size_t>(states), 0.0);
    for (int h = info_.horizon - 1; h >= 0; --h) {
      for (int s = 0; s < states; ++s) {
        int best = 0;
        double best_value = -std::numeric_limits<double>::infinity();
        for (int a = 0; a < actions; ++a) {
          const size_t pair = static_cast<size_t>(s * actions + a);
          const double q =
              frozen_count_[pair] == 0
                  ? 1.0
                  : VarianceAwareBackup(frozen_reward_[pair],
                                        {frozen_p_.data() + pair * static_cast<size_t>(states),
                                         static_cast<size_t>(states)},
                                        next_value, frozen_count_[pair], c1_, c2_, iota_);
          ++iterations_;
          if (q > best_value + 1e-12) {
            best_value = q;
            best = a;
          }
        }
        value[static_cast<size_t>(s)] = best_value;
        policy_.actions()[static_cast<size_t>(h * states + s)] = best;
      }
      next_value.swap(value);
    }
    ++replans_;
  }

  double c1_, c2_, delta_, iota_ = 1;
  LmdpInfo info_;
  std::vector<int64_t> count_, next_;
  std::vector<double> reward_sum_, first_reward_;
  std::vector<char> rewards_equal_;
  std::vector<double> frozen_count_, frozen_p_, frozen_reward_;
  MarkovPolicy policy_;
  int64_t replans_ = 0, iterations_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "lmdp_mvp",
      "MVP pooling all contexts (Markov policy): the context-agnostic baseline; with "
      "M = 1 the standalone horizon-free tabular learner",
      "Zhang, Ji, Du (2021), COLT (MVP); bonus form reconstructed "
      "(docs/theory/lmdp.md section 6.2 E1)",
      "M = 1: O~(sqrt(S A K) + S^2 A); M > 1: linear regret where the optimal "
      "policy needs the history",
      VarianceBonusParams());
}

registry::BoundSpec Bound() {
  registry::BoundSpec bound = registry::UpperBound(
      "lmdp_mvp_single_context", protocol::kLatentMdpProtocol, "pseudo_regret", {"lmdp_mvp"},
      "Zhang, Ji, Du (2021), COLT: O~(sqrt(SAK) + S^2 A); constants RECONSTRUCTED",
      "sqrt(S * A * k * iota) + S^2 * A * iota (only for M = 1)", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params&) {
    return oracle.Scalar("num_contexts") == 1;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t k) {
    const double s = oracle.Scalar("num_states"), a = oracle.Scalar("num_actions");
    const double iota = OracleIota(oracle, params);
    return std::sqrt(s * a * static_cast<double>(k) * iota) + s * s * a * iota;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::LatentMdpProtocol, Mvp, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::lmdp
