// LB-FTRL: follow the regularised leader with the log-barrier, for adversarial bandits
// (docs/theory/log_barrier.md §3.2 B1) [R: reconstructed from the standard literature, constants as
// recalled].
//
// References:
//   D. Foster, Z. Li, T. Lykouris, K. Sridharan, É. Tardos (2016). Learning in games: robustness
//     of fast convergence. NeurIPS 2016 (log-barrier FTRL for bandits, first-order bounds).
//   C.-Y. Wei, H. Luo (2018). More adaptive algorithms for adversarial bandits. COLT 2018.
//   A. Agarwal, H. Luo, B. Neyshabur, R. Schapire (2017). Corralling a band of bandit algorithms.
//   Y. Dai, H. Luo, C.-Y. Wei, J. Zimmert (2023). Refined regret for adversarial MDPs with linear
//     function approximation. ICML 2023 — the reason for this learner: the log-barrier tolerates
//     loss estimates that are very negative, which exponential weights do not.
//
// Policy: with L̂ ∈ R^K the cumulative loss estimates (L̂ = 0 at the start), round t draws a_t from
//   w_t = argmin_{w∈Δ} ⟨w, L̂⟩ + (1/η_t) Σ_i ln(1/w_i),
// computed by the log-barrier normaliser (log_barrier_kernels.h,
// docs/theory/conventions.md §1.5 (f)); then, with loss ℓ = 1 − (normalised reward) of the arm
// played, adds to L̂ the estimate
//   estimator = iw:       ℓ̂_i = ℓ 1[a_t = i] / w_{t,i}                      (unbiased, ≥ 0)
//   estimator = centred:  ℓ̂_i = (ℓ − m) 1[a_t = i] / w_{t,i} + m              (unbiased; m = hint)
// The centred estimator with hint m = 1 is ≤ 0 and can reach −1/w_min: the negative-estimate
// stress test of docs/theory/log_barrier.md §3.2 feeds it to this learner and to EXP3
// (tests/algorithms/bandit).
//
// Learning rate: schedule = fixed uses η = eta, or, with eta = 0, η = sqrt(K ln(KT) / (2T)) for the
// announced horizon T; schedule = anytime uses η_t = sqrt(K ln(K t) / (2t)) (eta × sqrt(1/t) when
// eta > 0), i.e. T replaced by the current round t.
//
// Guarantee [R]: against oblivious losses in [0, 1] with IW estimates and fixed η,
//   E[regret(T)] ≤ K ln(KT)/η + 2ηT + 1
// (the comparator is mixed with 1/T of the uniform distribution so that its barrier is ≤ K ln(KT);
// the stability term uses η w_i |ℓ̂_i| ≤ η ≤ ½), hence O(sqrt(K T ln(KT))). Registered as
// `lb_ftrl_fixed_rate` on the expected (Rao-Blackwellised) regret, constants as recalled.
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name       default  range             meaning
//   eta        0.0      ≥ 0               learning rate (fixed) or its scale (anytime); 0 = tuned
//   schedule   fixed    fixed | anytime   constant η or η_t with T replaced by t
//   estimator  iw       iw | centred      loss estimator
//   hint       0.5      [0, 1]            m of the centred estimator
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "algorithms/bandit/log_barrier_kernels.h"
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

// sqrt(K ln(K n) / (2n)): the minimiser of K ln(Kn)/η + 2ηn.
double TunedRate(double num_arms, double rounds) {
  return std::sqrt(num_arms * std::log(num_arms * rounds) / (2.0 * rounds));
}

class LogBarrierFtrl {
 public:
  explicit LogBarrierFtrl(const core::Params& params)
      : eta_parameter_(params.Real("eta")),
        anytime_(params.String("schedule") == "anytime"),
        centred_(params.String("estimator") == "centred"),
        hint_(params.Real("hint")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "lb_ftrl needs at least one arm");
    scale_.Reset(info, "lb_ftrl");
    num_arms_ = info.num_arms;
    if (!anytime_ && eta_parameter_ <= 0.0 && info.horizon <= 0) {
      throw core::ConfigError(
          "lb_ftrl with schedule = fixed and eta = 0 tunes eta to the announced horizon T, but "
          "this environment announces none; give eta > 0 or schedule = anytime");
    }
    horizon_ = info.horizon;
    round_ = 0;
    const size_t size = static_cast<size_t>(num_arms_);
    cumulative_.assign(size, 0.0);
    weights_.assign(size, 1.0 / static_cast<double>(num_arms_));
  }

  double Rate() const {
    const double k = static_cast<double>(num_arms_);
    if (!anytime_) {
      return eta_parameter_ > 0 ? eta_parameter_ : TunedRate(k, static_cast<double>(horizon_));
    }
    const double t = static_cast<double>(round_);
    // With K = 1, ln(K t) = 0 at t = 1: keep the rate positive (the distribution is (1) anyway).
    return eta_parameter_ > 0 ? eta_parameter_ / std::sqrt(t)
                              : std::max(TunedRate(k, t), 1.0 / std::sqrt(t));
  }

  int64_t Select(random::Rng& rng) {
    ++round_;
    LogBarrierFtrlWeights(cumulative_, Rate(), weights_);
    return static_cast<int64_t>(random::SampleCategorical(rng, weights_));
  }

  void Observe(int64_t arm, double reward) {
    const double loss = 1.0 - scale_.Normalise(reward);
    const double probability = weights_[static_cast<size_t>(arm)];
    REGRETLAB_DCHECK(probability > 0, "arm ", arm, " had probability 0");
    if (centred_) {
      // (ℓ − m) 1[a = i]/w_i + m: the constant m on every arm does not move the argmin, but it is
      // kept so that L̂ is the estimate docs/theory/log_barrier.md §3.2 describes (and its
      // magnitude is exercised).
      for (double& total : cumulative_) total += hint_;
      cumulative_[static_cast<size_t>(arm)] += (loss - hint_) / probability;
    } else {
      cumulative_[static_cast<size_t>(arm)] += loss / probability;
    }
  }

  std::span<const double> Distribution() const { return weights_; }

 private:
  double eta_parameter_;
  bool anytime_, centred_;
  double hint_;
  RewardScale scale_;
  int64_t num_arms_ = 0, horizon_ = 0, round_ = 0;
  std::vector<double> cumulative_;  // L̂
  std::vector<double> weights_;     // w_t of the last Select
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "lb_ftrl",
      "FTRL with the log-barrier regulariser on importance-weighted or centred loss estimates "
      "(reconstruction [R], docs/theory/log_barrier.md section 3.2 B1)",
      "Foster et al. (2016) NeurIPS; Wei & Luo (2018) COLT; Agarwal et al. (2017) COLT; used per "
      "state by Dai, Luo, Wei, Zimmert (2023) ICML. Reconstructed from the standard literature",
      "oblivious losses in [0,1], IW estimates, fixed eta: E regret(T) <= K ln(KT)/eta + 2 eta T "
      "+ 1 (constants as recalled); O(sqrt(K T ln(KT))) with the tuned eta",
      {
          core::RealParam("eta", 0.0, 0, core::kUnbounded, false,
                          "learning rate (fixed) or its scale eta/sqrt(t) (anytime); 0 = tuned "
                          "sqrt(K ln(K n)/(2n)) with n = T (fixed) or n = t (anytime)"),
          core::ChoiceParam("schedule", "fixed", {"fixed", "anytime"},
                            "constant eta, or eta_t with T replaced by t"),
          core::ChoiceParam("estimator", "iw", {"iw", "centred"},
                            "importance-weighted l 1[a=i]/w_i, or centred (l - m) 1[a=i]/w_i + m"),
          core::RealParam("hint", 0.5, 0, 1, false,
                          "m of the centred estimator (m = 1 makes every estimate <= 0)"),
      },
      {{"eta", 0.2}});
}

// K ln(KT)/η + 2ηT + 1 [R], at every t ≤ T with T replaced by t in the log term (the mixing
// argument at horizon t). Anytime: K ln(Kt)/η_t + 4 η_t t + 1, using Σ_{s≤t} η_s ≤ 2 t η_t for
// η_s ∝ s^{-1/2} (the log factor only grows) [R: standard FTRL with non-increasing rates].
registry::BoundSpec FixedRateBound() {
  registry::BoundSpec bound = registry::UpperBound(
      "lb_ftrl_fixed_rate", protocol::kBanditProtocol, "expected_regret", {"lb_ftrl"},
      "log-barrier FTRL analysis (Foster et al. 2016; Wei & Luo 2018), "
      "docs/theory/log_barrier.md section 3.2 B1 [R]; anytime form: FTRL with non-increasing rates",
      "E regret(t) <= K ln(K t)/eta + 2 eta t + 1 (fixed eta); K ln(K t)/eta_t + 4 eta_t t + 1 "
      "(anytime); IW estimates, oblivious losses in [0, 1]",
      false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (params.String("estimator") != "iw") return false;
    if (!oracle.HasScalar("num_arms") || oracle.Scalar("num_arms") < 2) return false;
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    if (!(oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0)) return false;
    // The stability step needs eta w_i |l_i| <= eta <= 1/2 (fixed eta; anytime from t = 1 on).
    if (params.Real("eta") > 0.5) return false;
    if (params.String("schedule") == "fixed" && params.Real("eta") == 0.0) {
      return oracle.HasScalar("horizon") &&
             TunedRate(oracle.Scalar("num_arms"), oracle.Scalar("horizon")) <= 0.5;
    }
    return params.String("schedule") == "fixed" || params.Real("eta") > 0.0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double k = oracle.Scalar("num_arms"), rounds = static_cast<double>(t);
    const double eta_parameter = params.Real("eta");
    if (params.String("schedule") == "anytime") {
      const double eta = eta_parameter > 0 ? eta_parameter / std::sqrt(rounds)
                                           : std::max(TunedRate(k, rounds), 1 / std::sqrt(rounds));
      return k * std::log(k * rounds) / eta + 4.0 * eta * rounds + 1.0;
    }
    const double eta = eta_parameter > 0 ? eta_parameter : TunedRate(k, oracle.Scalar("horizon"));
    return k * std::log(k * rounds) / eta + 2.0 * eta * rounds + 1.0;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, LogBarrierFtrl, Spec());
REGRETLAB_REGISTER_BOUND(FixedRateBound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
