// MOSS (Minimax Optimal Strategy in the Stochastic case): a UCB index whose bonus vanishes once an
// arm has been played more than T/K times.
//
// Reference: J.-Y. Audibert, S. Bubeck (2009). Minimax policies for adversarial and stochastic
//   bandits. COLT 2009, pp. 217–226. The MOSS policy and its minimax bound (Theorem 5, as recalled
//   in docs/theory/bandit.md §8.13; the constant 49 has not been checked against the paper).
//
// Policy: play each arm once; then play an arm maximising
//   μ̂_a + sqrt(max(0, ln(T / (K n_a))) / n_a),
// where μ̂_a is the mean (normalised) reward of arm a over its n_a plays, K the number of arms and
// T the announced horizon. The bonus depends only on n_a, so it is recomputed when arm a is
// observed, not in every round. Ties go to the lowest arm index.
//
// Guarantee: for rewards in [0, 1], E[pseudo-regret after T rounds] ≤ 49 sqrt(K T) (registered as
// `moss_minimax`, constants not checked), minimax optimal up to the constant.
//
// Protocol: bandit. Needs the announced horizon T (BanditInfo.horizon > 0; otherwise Reset throws
// ConfigError). Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters: none.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/bandit/reward_scale.h"
#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::bandit {
namespace {

class Moss {
 public:
  explicit Moss(const core::Params& /*params*/) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "moss needs at least one arm");
    if (info.horizon <= 0) {
      throw core::ConfigError(
          "moss needs the announced horizon T (BanditInfo.horizon > 0); this environment does "
          "not announce one");
    }
    scale_.Reset(info, "moss");
    num_arms_ = info.num_arms;
    horizon_ = static_cast<double>(info.horizon);
    const size_t size = static_cast<size_t>(num_arms_);
    means_.assign(size, 0.0);
    bonuses_.assign(size, 0.0);
    counts_.assign(size, 0);
    unplayed_ = num_arms_;
  }

  int64_t Select(random::Rng& /*rng*/) {
    if (unplayed_ > 0) [[unlikely]] {
      for (int64_t arm = 0; arm < num_arms_; ++arm) {
        if (counts_[arm] == 0) return arm;
      }
    }
    int64_t best_arm = 0;
    double best_index = -std::numeric_limits<double>::infinity();
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      const double index = means_[arm] + bonuses_[arm];
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
    means_[arm] += (x - means_[arm]) / n;
    // ln(T / (K n)) in one logarithm, so that n = T/K gives exactly 0.
    const double log_ratio = std::log(horizon_ / (static_cast<double>(num_arms_) * n));
    bonuses_[arm] = log_ratio > 0.0 ? std::sqrt(log_ratio / n) : 0.0;
  }

 private:
  RewardScale scale_;
  int64_t num_arms_ = 0;
  double horizon_ = 0.0;         // T
  std::vector<double> means_;    // μ̂_a, normalised
  std::vector<double> bonuses_;  // sqrt(max(0, ln(T / (K n_a))) / n_a)
  std::vector<int64_t> counts_;  // n_a
  int64_t unplayed_ = 0;
};

registry::ComponentSpec MossSpec() {
  return registry::MakeComponentSpec(
      "moss",
      "MOSS: play the arm maximising mean + sqrt(max(0, ln(T / (K n_a))) / n_a); needs the "
      "horizon T",
      "J.-Y. Audibert, S. Bubeck (2009). Minimax policies for adversarial and stochastic "
      "bandits. COLT 2009 (MOSS; Theorem 5 as recalled)",
      "rewards in [0,1]: expected pseudo-regret after T rounds at most 49 sqrt(K T) (constant as "
      "recalled, not checked)",
      {});
}

// 49 sqrt(K T) bounds the expected pseudo-regret at the horizon T the policy is tuned to. It is
// drawn as a constant line over t ≤ T: the pseudo-regret Σ_a Δ_a N_a(t) is nondecreasing in t on
// every run (Δ_a ≥ 0 for a stationary stochastic environment), so E R_t ≤ E R_T ≤ 49 sqrt(K T).
// The curve 49 sqrt(K t) would not be implied: at t < T the policy is MOSS tuned for T, not for t.
registry::BoundSpec MossMinimaxBound() {
  registry::BoundSpec bound = registry::UpperBound(
      "moss_minimax", protocol::kBanditProtocol, "pseudo_regret", {"moss"},
      "Audibert & Bubeck (2009), Minimax policies for adversarial and stochastic bandits, COLT, "
      "Theorem 5 as recalled in docs/theory/bandit.md section 8.13 (constant not checked)",
      "E[pseudo-regret(t)] <= E[pseudo-regret(T)] <= 49 sqrt(K T) for every t <= T (pseudo-regret "
      "is nondecreasing), stochastic bandit with rewards in [0, 1], T the announced horizon",
      false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& /*params*/) {
    if (!oracle.HasScalar("stochastic") || oracle.Scalar("stochastic") != 1.0) return false;
    if (!oracle.HasScalar("num_arms") || !(oracle.Scalar("num_arms") >= 1.0)) return false;
    if (!oracle.HasScalar("horizon") || !(oracle.Scalar("horizon") >= 1.0)) return false;
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    // Rescaling a range inside [0, 1] onto [0, 1] can only shrink the regret in original units.
    if (!(oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0)) return false;
    // Stationary environments only: a nonstationary one has no "gaps" and regret can decrease.
    return oracle.HasVector("gaps");
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& /*params*/,
                      int64_t /*t*/) {
    return 49.0 * std::sqrt(oracle.Scalar("num_arms") * oracle.Scalar("horizon"));
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, Moss, MossSpec());
REGRETLAB_REGISTER_BOUND(MossMinimaxBound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
