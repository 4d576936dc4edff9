// KL-UCB: the upper-confidence-bound policy whose confidence region is a Bernoulli KL ball.
//
// Reference: A. Garivier, O. Cappé (2011). The KL-UCB algorithm for bounded stochastic bandits
//   and beyond. COLT 2011, PMLR 19:359–376. Algorithm 1 (the policy), Theorem 1 (the regret bound
//   for rewards in [0, 1]), Theorem 2 and Corollary 1 (asymptotic optimality for Bernoulli arms).
//
// Policy: play each arm once; then, in round t, play an arm maximising
//   u_a(t) = sup{q ∈ [μ̂_a, 1] : N_a · kl(μ̂_a, q) ≤ ln t + c ln ln t},
// where μ̂_a is the mean (normalised) reward of arm a over its N_a plays, kl the Bernoulli KL
// divergence and t the current round (plays so far + 1), as in the paper's Algorithm 1. The term
// c ln ln t is used only when ln t > 0. The index is computed by safeguarded Newton
// (kl_index.h). Ties go to the lowest arm index.
//
// Performance: inverting kl costs a few hundred ns, so Select skips an arm when an upper bound on
// its index (the tangent of the concave map level ↦ index recorded at its last evaluation, or
// Pinsker's bound) is below the best index found so far by more than 1e-12; the choice is the
// one an exhaustive evaluation would make. Typically only the played arm and the arms that
// compete with it are re-evaluated in a round.
//
// Guarantee: for rewards in [0, 1] and c = 3, E[N_a(n)] ≤ ln n / kl(μ_a, μ*) (1 + ε) + O(ln ln n)
// for every suboptimal arm (Theorem 1), so for Bernoulli arms the regret meets the Lai–Robbins
// lower bound Σ_{Δ_a > 0} Δ_a ln n / kl(μ_a, μ*) asymptotically. c = 0 is the value the paper
// recommends in practice. The Lai–Robbins lower bound is registered below as
// `lai_robbins_bernoulli` (for ucb1, kl_ucb and thompson_sampling).
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name          default  range  meaning
//   exploration   0.0      ≥ 0    c in the level ln t + c ln ln t
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/bandit/kl_index.h"
#include "algorithms/bandit/reward_scale.h"
#include "sim/core/check.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::bandit {
namespace {

class KlUcb {
 public:
  explicit KlUcb(const core::Params& params) : exploration_(params.Real("exploration")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "kl_ucb needs at least one arm");
    scale_.Reset(info, "kl_ucb");
    num_arms_ = info.num_arms;
    const size_t size = static_cast<size_t>(num_arms_);
    means_.assign(size, 0.0);
    counts_.assign(size, 0);
    cached_index_.assign(size, 0.0);
    cached_slope_.assign(size, kInfinity);  // no tangent yet: the bound is +∞
    cached_level_.assign(size, 0.0);
    plays_ = 0;
    unplayed_ = num_arms_;
    last_arm_ = 0;
  }

  int64_t Select(random::Rng& /*rng*/) {
    if (unplayed_ > 0) [[unlikely]] {
      for (int64_t arm = 0; arm < num_arms_; ++arm) {
        if (counts_[arm] == 0) return arm;
      }
    }
    const double log_t = std::log(static_cast<double>(plays_ + 1));
    double level = log_t;
    if (exploration_ > 0.0 && log_t > 0.0) level += exploration_ * std::log(log_t);
    if (!(level > 0.0)) [[unlikely]] {
      return GreedyArm();  // every index is its mean
    }

    // The arm chosen last round is usually the maximiser: computing its index first lets the
    // bound below skip most other arms without inverting kl.
    int64_t best_arm = last_arm_;
    double best_index = Index(best_arm, level);
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      if (arm == last_arm_) continue;
      // An upper bound on the index of `arm` (see UpperBound). Skipping needs it to be below the
      // best index by more than the round-off of a computed index, so the choice is the one an
      // exhaustive evaluation would make.
      if (UpperBound(arm, level) + kSkipMargin < best_index) continue;
      const double index = Index(arm, level);
      if (index > best_index || (index == best_index && arm < best_arm)) {
        best_index = index;
        best_arm = arm;
      }
    }
    last_arm_ = best_arm;
    return best_arm;
  }

  void Observe(int64_t arm, double reward) {
    REGRETLAB_DCHECK(arm >= 0 && arm < num_arms_, "arm ", arm);
    const double x = scale_.Normalise(reward);
    const int64_t count = ++counts_[arm];
    unplayed_ -= count == 1;
    means_[arm] += (x - means_[arm]) / static_cast<double>(count);
    cached_slope_[arm] = kInfinity;  // the tangent belonged to the old (mean, count)
    ++plays_;
  }

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
  static constexpr double kSkipMargin = 1e-12;

  // The KL-UCB index of `arm` at `level`; also records the tangent of level ↦ index there.
  double Index(int64_t arm, double level) {
    const double count = static_cast<double>(counts_[arm]);
    const double mean = means_[arm];
    const double index = KlUcbIndex(mean, count, level);
    // level ↦ index inverts level = N kl(mean, q), which is convex and increasing in q, so it is
    // concave: it lies below its tangent, of slope dq/dlevel = q (1 − q) / (N (q − mean)).
    cached_index_[arm] = index;
    cached_level_[arm] = level;
    cached_slope_[arm] =
        index > mean ? index * (1.0 - index) / (count * (index - mean)) : kInfinity;
    return index;
  }

  // An upper bound on the index of `arm` at `level` without inverting kl: the tangent recorded at
  // its last evaluation (valid while its mean and count are unchanged, for any level, by
  // concavity), and Pinsker's bound mean + sqrt(level / (2 N)) (kl(p, q) ≥ 2 (q − p)²). The level
  // moves by about 1/t per round, so the tangent is tight and only the arms that compete for the
  // maximum are re-evaluated.
  double UpperBound(int64_t arm, double level) const {
    const double pinsker = means_[arm] + std::sqrt(0.5 * level / static_cast<double>(counts_[arm]));
    if (cached_slope_[arm] == kInfinity) return pinsker;
    const double tangent = cached_index_[arm] + cached_slope_[arm] * (level - cached_level_[arm]);
    return std::min(tangent, pinsker);
  }

  // The argmax of the means (lowest index on ties), the choice when the level is ≤ 0.
  int64_t GreedyArm() const {
    int64_t best_arm = 0;
    for (int64_t arm = 1; arm < num_arms_; ++arm) {
      if (means_[arm] > means_[best_arm]) best_arm = arm;
    }
    return best_arm;
  }

  double exploration_;
  RewardScale scale_;
  int64_t num_arms_ = 0;
  std::vector<double> means_;         // μ̂_a, normalised
  std::vector<int64_t> counts_;       // N_a
  std::vector<double> cached_index_;  // index at the arm's last evaluation
  std::vector<double> cached_slope_;  // d index / d level there (+∞: no valid tangent)
  std::vector<double> cached_level_;  // the level of that evaluation
  int64_t plays_ = 0;
  int64_t unplayed_ = 0;
  int64_t last_arm_ = 0;  // the arm the last Select returned (evaluated first)
};

registry::ComponentSpec KlUcbSpec() {
  return registry::MakeComponentSpec(
      "kl_ucb", "KL-UCB: play the arm maximising sup{q : N_a kl(mean_a, q) <= ln t + c ln ln t}",
      "A. Garivier, O. Cappe (2011). The KL-UCB algorithm for bounded stochastic bandits and "
      "beyond. COLT 2011, PMLR 19:359-376, Algorithm 1, Theorem 1, Corollary 1",
      "rewards in [0,1], c = 3: E[N_a(n)] <= (1+eps) ln n / kl(mu_a, mu*) + O(ln ln n) for each "
      "suboptimal arm; asymptotically optimal (Lai-Robbins) for Bernoulli arms",
      {core::RealParam("exploration", 0.0, 0.0, core::kUnbounded, false,
                       "c in the level ln t + c ln ln t (3 in the theorem, 0 in practice)")});
}

// The Lai–Robbins asymptotic lower bound for Bernoulli arms. For any uniformly good (consistent)
// policy, liminf E[N_i(t)] / ln t ≥ 1 / kl(μ_i, μ*) for every suboptimal arm i, hence
// liminf R_t / ln t ≥ Σ_{Δ_i > 0} Δ_i / kl(μ_i, μ*). As a curve it is Σ Δ_i ln t / kl(μ_i, μ*):
// a statement about the growth rate as t → ∞, not a bound at any finite t. An arm with
// kl(μ_i, μ*) = +∞ (μ* = 1 > μ_i) contributes 0.
registry::BoundSpec LaiRobbinsBernoulliBound() {
  registry::BoundSpec bound = registry::MakeBoundSpec(
      registry::BoundKind::kLowerAsymptotic, "lai_robbins_bernoulli", protocol::kBanditProtocol,
      "pseudo_regret", {"ucb1", "kl_ucb", "thompson_sampling"},
      "T. L. Lai, H. Robbins (1985). Asymptotically efficient adaptive allocation rules. "
      "Advances in Applied Mathematics 6:4-22, Section 2 (the lower bound for uniformly good "
      "rules); also Lattimore & Szepesvari (2020), Bandit Algorithms, Chapter 16 (Theorem 16.2 as "
      "recalled)",
      "liminf_{t->inf} E[pseudo-regret(t)] / ln t >= sum_{i: Delta_i > 0} Delta_i / "
      "kl(mu_i, mu*) for consistent policies on Bernoulli arms; curve: sum_i Delta_i ln t / "
      "kl(mu_i, mu*) with kl the Bernoulli KL divergence",
      true);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& /*params*/) {
    if (!oracle.HasScalar("bernoulli") || oracle.Scalar("bernoulli") != 1.0) return false;
    if (!oracle.HasScalar("stochastic") || oracle.Scalar("stochastic") != 1.0) return false;
    if (!oracle.HasVector("means") || oracle.Vector("means").empty()) return false;
    for (const double mean : oracle.Vector("means")) {
      if (!(mean >= 0.0 && mean <= 1.0)) return false;
    }
    return true;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& /*params*/,
                      int64_t t) {
    const std::vector<double>& means = oracle.Vector("means");
    double best = -std::numeric_limits<double>::infinity();
    for (const double mean : means) best = std::max(best, mean);
    double rate = 0.0;  // Σ Δ_i / kl(μ_i, μ*)
    for (const double mean : means) {
      const double gap = best - mean;
      if (!(gap > 0.0)) continue;
      const double divergence = BernoulliKl(mean, best);
      if (std::isfinite(divergence)) rate += gap / divergence;
    }
    return rate * std::log(static_cast<double>(t));
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, KlUcb, KlUcbSpec());
REGRETLAB_REGISTER_BOUND(LaiRobbinsBernoulliBound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
