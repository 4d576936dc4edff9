// EXP3: exponential weights on importance-weighted loss estimates, for adversarial bandits.
//
// References:
//   S. Bubeck, N. Cesa-Bianchi (2012). Regret analysis of stochastic and nonstochastic
//     multi-armed bandit problems. Foundations and Trends in Machine Learning 5(1):1–122.
//     Section 3.1, Exp3 without mixing, Theorem 3.1.
//   T. Lattimore, C. Szepesvári (2020). Bandit Algorithms. Cambridge University Press.
//     Chapter 11 (Exp3), Theorem 11.2 and Eq. (11.15) of its proof.
//
// Policy: with L̂_a the cumulative loss estimate of arm a (L̂_a = 0 at the start), round t draws
// a_t from
//   p_t(a) = exp(−η (L̂_a − min_b L̂_b)) / Σ_c exp(−η (L̂_c − min_b L̂_b))
// (subtracting the minimum, docs/theory/conventions.md §1.5(b), keeps every exponent ≤ 0: no
// overflow, and the best arm has weight 1 so the normaliser is ≥ 1), then adds the estimate
// ℓ̂ = (1 − x_t) / p_t(a_t) to L̂ of the arm played, where x_t ∈ [0, 1] is the normalised reward
// (loss 1 − x_t). This is exactly Lattimore & Szepesvári's Exp3 with the estimator
// X̂ = 1 − 1[A_t = i](1 − X_t)/P_ti, written in losses. L̂_a is kept as a Neumaier-compensated sum
// (value + carry), so it stays accurate to an ulp over 10^9 rounds of terms of very different
// sizes. The draw is one categorical sample (samplers.h); the distribution is exposed, so the
// expected regret is recorded.
//
// Learning rate: eta = 0 (default) selects η = sqrt(2 ln K / (K T)) with T the announced horizon
// (then BanditInfo.horizon > 0 is required); eta > 0 is used as given.
//
// Guarantee: against any oblivious sequence of rewards in [0, 1] (hence also stochastic ones),
// the expected regret after t rounds with a fixed η is at most ln K / η + η K t / 2 (L&S Eq.
// (11.15) in expectation); with the tuned η this is sqrt(2 T K ln K) at t = T (L&S Theorem 11.2;
// Bubeck & Cesa-Bianchi Theorem 3.1). Registered as `exp3_bubeck2012` on the expected
// (Rao-Blackwellised) regret.
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name   default  range  meaning
//   eta    0.0      ≥ 0    learning rate η; 0 means sqrt(2 ln K / (K T))
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "algorithms/bandit/reward_scale.h"
#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::bandit {
namespace {

// η = sqrt(2 ln K / (K T)), the learning rate of Theorem 11.2 (L&S) and Theorem 3.1 (B&CB).
double TunedLearningRate(double num_arms, double horizon) {
  return std::sqrt(2.0 * std::log(num_arms) / (num_arms * horizon));
}

class Exp3 {
 public:
  explicit Exp3(const core::Params& params) : eta_parameter_(params.Real("eta")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "exp3 needs at least one arm");
    scale_.Reset(info, "exp3");
    num_arms_ = info.num_arms;
    if (eta_parameter_ > 0.0) {
      learning_rate_ = eta_parameter_;
    } else {
      if (info.horizon <= 0) {
        throw core::ConfigError(
            "exp3 with eta = 0 tunes its learning rate to the announced horizon T, but this "
            "environment does not announce one (BanditInfo.horizon = 0); give eta > 0");
      }
      learning_rate_ =
          TunedLearningRate(static_cast<double>(num_arms_), static_cast<double>(info.horizon));
    }
    const size_t size = static_cast<size_t>(num_arms_);
    loss_sums_.assign(size, 0.0);
    loss_carries_.assign(size, 0.0);
    probabilities_.assign(size, 1.0 / static_cast<double>(num_arms_));
  }

  int64_t Select(random::Rng& rng) {
    double min_loss = std::numeric_limits<double>::infinity();
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      min_loss = std::min(min_loss, loss_sums_[arm] + loss_carries_[arm]);
    }
    double total = 0.0;
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      const double shifted = (loss_sums_[arm] + loss_carries_[arm]) - min_loss;  // ≥ 0
      const double weight = std::exp(-learning_rate_ * shifted);
      probabilities_[arm] = weight;
      total += weight;
    }
    // total ≥ 1: the arm with the smallest estimate has weight exp(0) = 1.
    for (int64_t arm = 0; arm < num_arms_; ++arm) probabilities_[arm] /= total;
    return static_cast<int64_t>(random::SampleCategorical(rng, probabilities_));
  }

  void Observe(int64_t arm, double reward) {
    REGRETLAB_DCHECK(arm >= 0 && arm < num_arms_, "arm ", arm);
    REGRETLAB_DCHECK(probabilities_[arm] > 0.0, "arm ", arm, " had probability 0");
    const double loss = 1.0 - scale_.Normalise(reward);
    const double estimate = loss / probabilities_[arm];
    // Neumaier's compensated addition of `estimate` to (loss_sums_, loss_carries_)[arm].
    double& sum = loss_sums_[arm];
    const double next = sum + estimate;
    loss_carries_[arm] +=
        std::abs(sum) >= std::abs(estimate) ? (sum - next) + estimate : (estimate - next) + sum;
    sum = next;
  }

  std::span<const double> Distribution() const { return probabilities_; }

 private:
  double eta_parameter_;        // the `eta` parameter: 0 selects the tuned rate
  double learning_rate_ = 0.0;  // η in use
  RewardScale scale_;
  int64_t num_arms_ = 0;
  std::vector<double> loss_sums_;      // L̂_a, leading part
  std::vector<double> loss_carries_;   // L̂_a, compensation (L̂_a = sum + carry)
  std::vector<double> probabilities_;  // p_t of the last Select
};

registry::ComponentSpec Exp3Spec() {
  return registry::MakeComponentSpec(
      "exp3", "EXP3: exponential weights on importance-weighted loss estimates (1 - r) 1[a] / p_a",
      "S. Bubeck, N. Cesa-Bianchi (2012), Foundations and Trends in ML 5(1), Theorem 3.1; "
      "T. Lattimore, C. Szepesvari (2020), Bandit Algorithms, Theorem 11.2",
      "oblivious rewards in [0,1]: expected regret after t rounds <= ln K / eta + eta K t / 2; "
      "with eta = sqrt(2 ln K / (K T)) this is sqrt(2 T K ln K) at t = T",
      {core::RealParam(
          "eta", 0.0, 0.0, core::kUnbounded, false,
          "learning rate eta > 0, or 0 for the tuned sqrt(2 ln K / (K T)) (needs the horizon)")},
      {{"eta", 0.1}});
}

// ln K / η + η K t / 2 with the algorithm's η. Lattimore & Szepesvári's proof of Theorem 11.2
// gives, for any fixed η and any n, regret_n ≤ ln K / η + (η / 2) E Σ_{t ≤ n, j} Ŷ_tj (Eq. 11.15)
// and E Σ Ŷ_tj = Σ_{t ≤ n, j} y_tj ≤ n K; so the bound holds at every t, not only at T. Regret
// there is against the best arm over the first t rounds, which dominates the recorded expected
// regret against the comparator arm a° (best over T).
registry::BoundSpec Exp3Bubeck2012Bound() {
  registry::BoundSpec bound = registry::UpperBound(
      "exp3_bubeck2012", protocol::kBanditProtocol, "expected_regret", {"exp3"},
      "Bubeck & Cesa-Bianchi (2012), FnTML 5(1), Theorem 3.1; Lattimore & Szepesvari (2020), "
      "Bandit Algorithms, Theorem 11.2 and Eq. (11.15) of its proof",
      "E[regret(t)] <= ln K / eta + eta K t / 2 for Exp3 with fixed learning rate eta, oblivious "
      "or stochastic rewards in [0, 1]; eta = sqrt(2 ln K / (K T)) gives sqrt(2 T K ln K) at t = T",
      true);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (!params.Has("eta")) return false;
    if (!oracle.HasScalar("num_arms") || !(oracle.Scalar("num_arms") >= 2.0)) return false;
    if (params.Real("eta") <= 0.0 &&
        (!oracle.HasScalar("horizon") || !(oracle.Scalar("horizon") >= 1.0))) {
      return false;
    }
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    // Rescaling a range inside [0, 1] onto [0, 1] can only shrink the regret in original units.
    return oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double num_arms = oracle.Scalar("num_arms");
    const double eta = params.Real("eta") > 0.0
                           ? params.Real("eta")
                           : TunedLearningRate(num_arms, oracle.Scalar("horizon"));
    return std::log(num_arms) / eta + eta * num_arms * static_cast<double>(t) / 2.0;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, Exp3, Exp3Spec());
REGRETLAB_REGISTER_BOUND(Exp3Bubeck2012Bound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
