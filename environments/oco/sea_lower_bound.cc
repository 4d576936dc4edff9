// The lower-bound instance LB-σ of docs/theory/oco.md §2.4 [R]: 1-D linear losses f(x; ξ) = ξ·x on
// X = [−1, 1] with ξ_t ∈ {+s, −s} i.i.d., P(ξ = +s) = ½(1 + θε), where the sign θ = ±1 is drawn
// once per replicate (hidden from the learner) and ε = gap_scale/√T. Telling θ apart takes about
// 1/ε² = T/gap_scale² rounds, so every algorithm pays Ω(s√T) in expectation (the stochastic half of
// Sachs et al. 2022 Thm 6; construction as recalled, [R]).
//
// F_t(x) = sθε·x; σ_t² = sup_x E(ξ − E ξ)² = s²(1 − ε²); Σ_1² = (sε)², Σ_t² = 0 for t ≥ 2 (i.i.d.);
// G = s; L = λ = 0. Comparators: min_X Σ ξ_s x = −|Σ ξ_s|; u° = −θ with Σ F_s(u°) = −t·sε;
// u_t = −θ.
//
// (LB-Σ, the adversarial half, is linear_sea with dimension = 1, centre = [0], s = 0,
// pattern = rademacher.)
//
// | parameter  | default | meaning                                   |
// |------------|---------|-------------------------------------------|
// | s          | 1.0     | s > 0, the loss magnitude                 |
// | gap_scale  | 1.0     | ε·√T, > 0 (ε = gap_scale/√T, capped at 1) |
#include <cmath>

#include "sim/core/param_builders.h"
#include "sim/protocol/online_convex.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::oco {
namespace {

class LowerBoundSigma final : public protocol::OcoEnvironment {
 public:
  explicit LowerBoundSigma(const core::Params& params)
      : s_(params.Real("s")), gap_scale_(params.Real("gap_scale")) {}

  protocol::OcoInfo Info() const override {
    protocol::OcoInfo info;
    info.domain = protocol::Domain::Ball(1, 1.0);
    info.horizon = horizon_;
    info.gradient_bound = s_;
    return info;
  }
  void NextRound() override {
    ++t_;
    xi_ = random::SampleBernoulli(rng_, 0.5 * (1 + theta_ * epsilon_)) ? s_ : -s_;
    sum_ += xi_;
    difficulty_.sigma2_cumulative += s_ * s_ * (1 - epsilon_ * epsilon_);
    const double Sigma2 = t_ == 1 ? (s_ * epsilon_) * (s_ * epsilon_) : 0.0;
    difficulty_.Sigma2_cumulative += Sigma2;
    difficulty_.Sigma2_harmonic += Sigma2 / static_cast<double>(t_);
  }
  double Loss(std::span<const double> x) const override { return xi_ * x[0]; }
  void Gradient(std::span<const double>, std::span<double> gradient) const override {
    gradient[0] = xi_;
  }
  double ExpectedLoss(std::span<const double> x) const override { return Mean() * x[0]; }
  void RoundMinimizer(std::span<double> u) const override { u[0] = -theta_; }
  double BestFixedLoss() const override { return -std::fabs(sum_); }
  void BestFixedExpectedPoint(std::span<double> u) const override { u[0] = -theta_; }
  double CumulativeExpectedLoss(std::span<const double> u) const override {
    return static_cast<double>(t_) * Mean() * u[0];
  }
  protocol::SeaDifficulty Difficulty() const override { return difficulty_; }

 protected:
  void DoReset(const random::StreamKey& key) override {
    rng_.Seed(key);
    theta_ = random::SampleBernoulli(rng_, 0.5) ? 1.0 : -1.0;
    epsilon_ =
        std::min(1.0, gap_scale_ / std::sqrt(static_cast<double>(std::max<int64_t>(horizon_, 1))));
    t_ = 0;
    xi_ = sum_ = 0;
    difficulty_ = {};
  }
  void AddOracleScalars(registry::OracleInfo& oracle) const override {
    oracle.scalars["s"] = s_;
    oracle.scalars["sigma2_max"] = s_ * s_ * (1 - epsilon_ * epsilon_);
    oracle.scalars["Sigma2_max"] = (s_ * epsilon_) * (s_ * epsilon_);
    oracle.scalars["lower_bound_instance"] = 1;
  }

 private:
  double Mean() const { return s_ * theta_ * epsilon_; }

  double s_, gap_scale_;
  random::Rng rng_;
  double theta_ = 1, epsilon_ = 0, xi_ = 0, sum_ = 0;
  int64_t t_ = 0;
  protocol::SeaDifficulty difficulty_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "sea_lower_bound_sigma",
      "LB-sigma: 1-D linear losses +-s on [-1, 1], P(+s) = (1 + theta eps)/2, hidden sign theta, "
      "eps = gap_scale/sqrt(T) (docs/theory/oco.md section 2.4, reconstructed [R])",
      "docs/theory/oco.md section 2.4 lower-bound instance LB-sigma [R]; cf. Sachs, Hadiji, van "
      "Erven, Guzman (2022), arXiv 2202.07554, Theorem 6",
      "every algorithm pays Omega(s sqrt(T)); sigma_t^2 = s^2 (1 - eps^2), i.i.d.",
      {core::RealParam("s", 1.0, 0.0, core::kUnbounded, true, "loss magnitude s > 0"),
       core::RealParam("gap_scale", 1.0, 0.0, core::kUnbounded, true, "eps sqrt(T) > 0")},
      {{"s", 0.5}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::OnlineConvexProtocol, LowerBoundSigma, Spec());

}  // namespace
}  // namespace regretlab::environments::oco
