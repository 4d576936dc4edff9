// UCB1: the upper-confidence-bound index policy for stochastic K-armed bandits.
//
// Reference: P. Auer, N. Cesa-Bianchi, P. Fischer (2002). Finite-time analysis of the multiarmed
//   bandit problem. Machine Learning 47(2–3):235–256. Figure 1 (the policy) and Theorem 1.
//
// Policy: play each arm once; then, in every later round, play an arm maximising
//   x̄_j + sqrt(exploration · ln n / n_j),
// where x̄_j is the mean (normalised) reward of arm j, n_j its number of plays and n the number of
// plays made so far (the paper's n; exploration = 2 is the paper's policy). Ties go to the lowest
// arm index.
//
// Guarantee (Theorem 1, exploration = 2, rewards in [0, 1], any distributions): after any number n
// of plays, the expected pseudo-regret is at most
//   Σ_{i: Δ_i > 0} 8 ln n / Δ_i + (1 + π²/3) Σ_i Δ_i.
// Registered below as the bound `ucb1_auer2002`.
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name          default  range  meaning
//   exploration   2.0      > 0    the constant in the bonus sqrt(exploration · ln n / n_j)
//
// Performance: this is the benchmark algorithm. State is three flat arrays (means, 1/n_j, n_j);
// Select computes ln n once per round and one sqrt per arm; nothing allocates after Reset.
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

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

class Ucb1 {
 public:
  explicit Ucb1(const core::Params& params) : exploration_(params.Real("exploration")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "ucb1 needs at least one arm");
    scale_.Reset(info, "ucb1");
    num_arms_ = info.num_arms;
    const size_t size = static_cast<size_t>(num_arms_);
    means_.assign(size, 0.0);
    inverse_counts_.assign(size, 0.0);
    counts_.assign(size, 0);
    plays_ = 0;
    unplayed_ = num_arms_;
  }

  int64_t Select(random::Rng& /*rng*/) {
    if (unplayed_ > 0) [[unlikely]] {
      for (int64_t arm = 0; arm < num_arms_; ++arm) {
        if (counts_[arm] == 0) return arm;
      }
    }
    // Every arm has been played, so plays_ ≥ K ≥ 1 and ln(plays_) ≥ 0.
    const double scaled_log = exploration_ * std::log(static_cast<double>(plays_));
    const double* means = means_.data();
    const double* inverse_counts = inverse_counts_.data();
    int64_t best_arm = 0;
    double best_index = -std::numeric_limits<double>::infinity();
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      const double index = means[arm] + std::sqrt(scaled_log * inverse_counts[arm]);
      if (index > best_index) {
        best_index = index;
        best_arm = arm;
      }
    }
    return best_arm;
  }

  void Observe(int64_t arm, double reward) {
    REGRETLAB_DCHECK(arm >= 0 && arm < num_arms_, "arm ", arm);
    const double x = scale_.Normalise(reward);
    const int64_t count = ++counts_[arm];
    unplayed_ -= count == 1;
    const double n = static_cast<double>(count);
    inverse_counts_[arm] = 1.0 / n;
    means_[arm] += (x - means_[arm]) / n;
    ++plays_;
  }

 private:
  double exploration_;
  RewardScale scale_;
  int64_t num_arms_ = 0;
  std::vector<double> means_;           // normalised mean reward of each arm
  std::vector<double> inverse_counts_;  // 1 / n_j (0 for an arm never played)
  std::vector<int64_t> counts_;         // n_j
  int64_t plays_ = 0;                   // n: plays made so far
  int64_t unplayed_ = 0;                // arms with n_j = 0
};

registry::ComponentSpec Ucb1Spec() {
  return registry::MakeComponentSpec(
      "ucb1", "UCB1: play the arm maximising mean + sqrt(exploration ln n / n_j)",
      "P. Auer, N. Cesa-Bianchi, P. Fischer (2002). Finite-time analysis of the multiarmed "
      "bandit problem. Machine Learning 47:235-256, Figure 1 and Theorem 1",
      "with exploration = 2 and rewards in [0,1]: expected pseudo-regret after n plays at most "
      "sum_{Delta_i>0} 8 ln n / Delta_i + (1 + pi^2/3) sum_i Delta_i",
      {core::RealParam("exploration", 2.0, 0.0, core::kUnbounded, true,
                       "constant c of the bonus sqrt(c ln n / n_j); 2 is Auer et al.'s UCB1")});
}

registry::BoundSpec Ucb1Auer2002Bound() {
  // The constants 8 and 1 + π²/3 were checked against published restatements of Theorem 1
  // (lecture notes and paper summaries agree); the paper's own text was not available here.
  registry::BoundSpec bound = registry::UpperBound(
      "ucb1_auer2002", protocol::kBanditProtocol, "pseudo_regret", {"ucb1"},
      "Auer, Cesa-Bianchi, Fischer (2002), Machine Learning 47:235-256, Theorem 1 (constants "
      "checked against restatements of the theorem)",
      "E[pseudo-regret after t plays] <= sum_{i: Delta_i > 0} 8 ln t / Delta_i + "
      "(1 + pi^2/3) sum_i Delta_i, for UCB1 with exploration = 2 on a stochastic bandit with "
      "rewards in [0, 1]",
      true);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (!params.Has("exploration") || params.Real("exploration") != 2.0) return false;
    if (!oracle.HasScalar("stochastic") || oracle.Scalar("stochastic") != 1.0) return false;
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    // The algorithm rescales the announced range onto [0, 1]; the theorem, applied to the
    // rescaled problem, implies the bound in the original units when the range is inside [0, 1].
    if (!(oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0)) return false;
    return oracle.HasVector("gaps") && !oracle.Vector("gaps").empty();
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& /*params*/,
                      int64_t t) {
    const double log_t = std::log(static_cast<double>(t));
    double inverse_gap_sum = 0.0;
    double gap_sum = 0.0;
    for (const double gap : oracle.Vector("gaps")) {
      if (gap > 0.0) {
        inverse_gap_sum += 1.0 / gap;
        gap_sum += gap;
      }
    }
    return 8.0 * log_t * inverse_gap_sum +
           (1.0 + std::numbers::pi * std::numbers::pi / 3.0) * gap_sum;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, Ucb1, Ucb1Spec());
REGRETLAB_REGISTER_BOUND(Ucb1Auer2002Bound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
