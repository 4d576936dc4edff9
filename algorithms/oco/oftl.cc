// Optimistic follow-the-leader on strongly convex surrogates (OFTL), for strongly convex SEA
// losses (docs/theory/oco.md §2.2 A5).
//
// Reference: Sachs, Hadiji, van Erven, Guzmán (2022), NeurIPS, arXiv 2202.07554v2, Theorem 7
// (algorithm and bound [V]).
//
// Policy: with the surrogates ℓ_s(x) = ⟨g_s, x − x_s⟩ + (µ/2)‖x − x_s‖² and hint M_t = g_{t−1},
//   x_t = argmin_X Σ_{s<t} ℓ_s(x) + ⟨M_t, x⟩
//       = Π_X( x̄_{<t} − (Σ_{s<t} g_s + M_t) / (µ(t−1)) )      (t ≥ 2; x_1 = the centre of X),
// since the objective is the isotropic quadratic (µ(t−1)/2)‖x‖² − ⟨µ Σ x_s − Σ g_s − M_t, x⟩ + c,
// whose constrained minimiser is a Euclidean projection (x̄_{<t} is the mean of past plays).
// Only µ is needed, not L. `OftlGenericObjective` below (the test's generic solver) checks the
// closed form.
//
// Guarantee (Thm 7 [V]): E R_T ≤ (1/µ) Σ_t (8σ²_max + 4E Σ_t²)/t + (4D²L²/µ) ln(1 + 16L/µ),
// registered as `oftl_sachs2022` on the expected-loss (pseudo) regret with Σ_s Σ_s²/s from the
// environment (Sigma2_harmonic) and the exact harmonic number. Lower bound
// Ω((σ²_max + Σ²_max) ln T/µ) (Thm 8).
//
// Protocol: online_convex; needs µ > 0: the `strong_convexity` parameter, or the environment's λ
// when it is 0 (a ConfigError if both are 0).
//
// Parameters:
//   name              default  meaning
//   strong_convexity  0        µ > 0, or 0 for the environment's λ
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class Oftl {
 public:
  explicit Oftl(const core::Params& params) : mu_(params.Real("strong_convexity")) {}

  std::string Check(const protocol::OcoInfo& info) const {
    return mu_ > 0 ? "" : NeedsStrongConvexity(info, "OFTL with strong_convexity = 0");
  }
  void Reset(const protocol::OcoInfo& info) {
    info_ = info;
    const size_t d = static_cast<size_t>(info.domain.dimension());
    play_sum_.assign(d, 0.0);
    gradient_sum_.assign(d, 0.0);
    hint_.assign(d, 0.0);
    last_.assign(d, 0.0);
    mu_used_ = mu_ > 0 ? mu_ : info.strong_convexity;
    t_ = 0;
    step_ = std::numeric_limits<double>::quiet_NaN();
  }
  void Play(std::span<double> x) {
    ++t_;
    if (t_ == 1) {
      info_.domain.Centre(x);
    } else {
      const double past = static_cast<double>(t_ - 1);
      step_ = 1.0 / (mu_used_ * past);
      for (size_t i = 0; i < x.size(); ++i) {
        x[i] = play_sum_[i] / past - step_ * (gradient_sum_[i] + hint_[i]);
      }
      info_.domain.Project(x);
    }
    std::copy(x.begin(), x.end(), last_.begin());
  }
  void Observe(std::span<const double> gradient) {
    for (size_t i = 0; i < gradient.size(); ++i) {
      play_sum_[i] += last_[i];
      gradient_sum_[i] += gradient[i];
    }
    std::copy(gradient.begin(), gradient.end(), hint_.begin());
  }
  double StepSize() const { return step_; }

 private:
  double mu_;
  protocol::OcoInfo info_;
  std::vector<double> play_sum_, gradient_sum_, hint_, last_;
  double mu_used_ = 0, step_ = 0;
  int64_t t_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "oftl",
      "optimistic FTL on strongly convex surrogates: x_t = P(mean past x - (sum g + M)/(mu (t-1)))",
      "Sachs, Hadiji, van Erven, Guzman (2022), NeurIPS, arXiv 2202.07554v2, Theorem 7",
      "E regret <= (8 sigma^2_max + 4 Sigma^2_max)(1 + ln T)/mu + (4 D^2 L^2/mu) ln(1 + 16 L/mu)",
      {core::RealParam("strong_convexity", 0.0, 0.0, core::kUnbounded, false,
                       "mu > 0 of the surrogates, or 0 for the environment's lambda")},
      {});
}

// H_t = Σ_{s≤t} 1/s: exact sum up to 1000, then the asymptotic series (error < 1e-15).
double Harmonic(int64_t t) {
  if (t <= 1000) {
    double sum = 0;
    for (int64_t s = t; s >= 1; --s) sum += 1.0 / static_cast<double>(s);
    return sum;
  }
  const double x = static_cast<double>(t);
  return std::log(x) + 0.57721566490153286 + 1 / (2 * x) - 1 / (12 * x * x) +
         1 / (120 * x * x * x * x);
}

registry::BoundSpec Bound() {
  auto bound = OcoBound(
      "oftl_sachs2022", "pseudo_regret", {"oftl"},
      "Sachs, Hadiji, van Erven, Guzman (2022), arXiv 2202.07554v2, Theorem 7 [V]",
      "(8 sigma^2_max H_t + 4 sum_{s<=t} Sigma_s^2 / s) / mu + (4 D^2 L^2 / mu) ln(1 + 16 L / mu)",
      false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    return params.Real("strong_convexity") > 0 || oracle.Scalar("strong_convexity") > 0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double mu = params.Real("strong_convexity") > 0 ? params.Real("strong_convexity")
                                                          : oracle.Scalar("strong_convexity");
    const double d = oracle.Scalar("diameter"), l = oracle.Scalar("smoothness");
    return (8 * oracle.Scalar("sigma2_max") * Harmonic(t) +
            4 * protocol::OracleAt(oracle, "Sigma2_harmonic", t)) /
               mu +
           4 * d * d * l * l / mu * std::log(1 + 16 * l / mu);
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, Oftl, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::oco
