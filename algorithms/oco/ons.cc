// Online Newton step (ONS), the exp-concave baseline of family A (docs/theory/oco.md §2.7).
//
// Reference: E. Hazan, A. Agarwal, S. Kale (2007), Logarithmic regret algorithms for online
// convex optimization, Machine Learning 69; E. Hazan (2016), Introduction to Online Convex
// Optimization, Algorithm 12 and Theorem 4.5 [R, constants as recalled].
//
// Policy: γ = ½·min{1/(4GD), α}, ε = 1/(γ²D²); x_1 = the centre of the ball; after g_t,
//   A_t = εI + Σ_{s≤t} g_s g_sᵀ,   y = x_t − (1/γ)·A_t⁻¹ g_t,
//   x_{t+1} = argmin_{x∈X} (x − y)ᵀ A_t (x − y)    (Mahalanobis projection,
//                                                   docs/theory/conventions.md §1.5(e)).
// A_t⁻¹g by a Cholesky solve each round (O(d³), fine for d ≤ a few dozen).
//
// Guarantee: for α-exp-concave f_t with ‖∇f_t‖ ≤ G on X of diameter D, realized regret
// ≤ 5(1/α + GD)·d·ln T (Thm 4.5); registered as `ons_hazan` with (1 + ln t) in place of ln T so
// the bound is positive at t = 1 [R].
//
// Protocol: online_convex, ball domain only (the projection kernel is the ball's); needs α > 0:
// the `exp_concavity` parameter, or the environment's α when it is 0 (quadratic_sea: λ/G²).
//
// Parameters:
//   name           default  meaning
//   exp_concavity  0        α > 0, or 0 for the environment's
#include "algorithms/oco/mahalanobis.h"
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class Ons {
 public:
  explicit Ons(const core::Params& params) : alpha_(params.Real("exp_concavity")) {}

  std::string Check(const protocol::OcoInfo& info) const {
    if (info.domain.kind() != protocol::DomainKind::kBall) {
      return std::string("its projection is onto the ball; domain is \"") + info.domain.KindName() +
             "\"";
    }
    if (alpha_ <= 0 && !(info.exp_concavity > 0)) {
      return "it needs exp-concave losses (alpha > 0), and this environment's are not known to "
             "be; give exp_concavity";
    }
    return NeedsGradientBound(info);
  }
  void Reset(const protocol::OcoInfo& info) {
    info_ = info;
    const size_t d = static_cast<size_t>(info.domain.dimension());
    const double alpha = alpha_ > 0 ? alpha_ : info.exp_concavity;
    const double diameter = info.domain.Diameter(), g = info.gradient_bound;
    gamma_ = 0.5 * std::min(1.0 / (4 * g * diameter), alpha);
    const double epsilon = 1.0 / (gamma_ * gamma_ * diameter * diameter);
    matrix_.assign(d * d, 0.0);
    for (size_t i = 0; i < d; ++i) matrix_[i * d + i] = epsilon;
    x_.assign(d, 0.0);
    direction_.assign(d, 0.0);
  }
  void Play(std::span<double> x) const { std::copy(x_.begin(), x_.end(), x.begin()); }
  void Observe(std::span<const double> gradient) {
    const size_t d = x_.size();
    for (size_t i = 0; i < d; ++i) {
      for (size_t j = 0; j < d; ++j) matrix_[i * d + j] += gradient[i] * gradient[j];
    }
    REGRETLAB_CHECK(CholeskySolve(matrix_, 0.0, gradient, direction_, scratch_),
                    "the ONS matrix is not positive definite");
    for (size_t i = 0; i < d; ++i) x_[i] -= direction_[i] / gamma_;
    MahalanobisProjectOntoBall(matrix_, x_, info_.domain.size(), scratch_);
  }
  double StepSize() const { return 1.0 / gamma_; }

 private:
  double alpha_;
  protocol::OcoInfo info_;
  double gamma_ = 1;
  std::vector<double> matrix_, x_, direction_, scratch_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "ons", "online Newton step: A_t = eps I + sum g g^T, Mahalanobis projection",
      "Hazan, Agarwal, Kale (2007), Machine Learning 69; Hazan (2016), Intro to OCO, "
      "Algorithm 12, Theorem 4.5 [R]",
      "regret <= 5 (1/alpha + G D) d ln T for alpha-exp-concave losses",
      {core::RealParam("exp_concavity", 0.0, 0.0, core::kUnbounded, false,
                       "alpha > 0, or 0 for the environment's")},
      {});
}

registry::BoundSpec Bound() {
  auto bound = OcoBound("ons_hazan", "realized_regret", {"ons"},
                        "Hazan (2016), Introduction to OCO, Theorem 4.5 [R]",
                        "realized regret <= 5 (1/alpha + G D) d (1 + ln t)", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    return params.Real("exp_concavity") > 0 || oracle.Scalar("exp_concavity") > 0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double alpha = params.Real("exp_concavity") > 0 ? params.Real("exp_concavity")
                                                          : oracle.Scalar("exp_concavity");
    return 5 * (1 / alpha + oracle.Scalar("gradient_bound") * oracle.Scalar("diameter")) *
           oracle.Scalar("dimension") * (1 + std::log(static_cast<double>(t)));
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, Ons, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::oco
