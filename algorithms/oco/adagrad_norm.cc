// AdaGrad-norm: projected gradient descent with the scalar adaptive step (docs/theory/oco.md §2.7).
//
// References: J. Duchi, E. Hazan, Y. Singer (2011), JMLR 12; M. Streeter, H. B. McMahan (2010),
// arXiv 1002.4862; F. Orabona (2019), A Modern Introduction to Online Learning, §4.2 (the scalar
// AdaGrad step D/√(Σ_{s≤t}‖g_s‖²) for projected OGD: regret ≤ √2·D·√(Σ_{s≤T}‖g_s‖²)) [R].
//
// Policy: x_1 = the centre of X; x_{t+1} = Π_X(x_t − η_t g_t), η_t = D/√(Σ_{s≤t} ‖g_s‖²) (no move
// while every gradient so far is 0).
//
// Guarantee: realized regret ≤ √2·D·√(Σ_{s≤t}‖g_s‖²) ≤ √2·D·G·√t, registered as
// `adagrad_norm_orabona` with the second (oracle-computable) form [R, constants as recalled].
//
// Protocol: online_convex. No parameters.
#include "algorithms/oco/oco_common.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class AdaGradNorm {
 public:
  explicit AdaGradNorm(const core::Params&) {}

  std::string Check(const protocol::OcoInfo& info) const {
    return info.domain.Diameter() > 0 ? "" : "it needs a domain of positive diameter";
  }
  void Reset(const protocol::OcoInfo& info) {
    info_ = info;
    x_.assign(static_cast<size_t>(info.domain.dimension()), 0.0);
    info_.domain.Centre(x_);
    squared_sum_ = 0;
    step_ = std::numeric_limits<double>::quiet_NaN();
  }
  void Play(std::span<double> x) const { std::copy(x_.begin(), x_.end(), x.begin()); }
  void Observe(std::span<const double> gradient) {
    squared_sum_ += SquaredNorm(gradient);
    if (squared_sum_ <= 0) return;
    step_ = info_.domain.Diameter() / std::sqrt(squared_sum_);
    ProjectedStep(info_.domain, x_, step_, gradient, x_);
  }
  double StepSize() const { return step_; }

 private:
  protocol::OcoInfo info_;
  std::vector<double> x_;
  double squared_sum_ = 0, step_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "adagrad_norm", "projected OGD with eta_t = D / sqrt(sum_{s<=t} ||g_s||^2)",
      "Duchi, Hazan, Singer (2011), JMLR 12; Orabona (2019), Modern Introduction to "
      "Online Learning, section 4.2 [R]",
      "regret <= sqrt(2) D sqrt(sum ||g_t||^2)", {}, {});
}

registry::BoundSpec Bound() {
  auto bound =
      OcoBound("adagrad_norm_orabona", "realized_regret", {"adagrad_norm"},
               "Orabona (2019), A Modern Introduction to Online Learning, section 4.2 [R]",
               "realized regret <= sqrt(2) D G sqrt(t) (>= sqrt(2) D sqrt(sum ||g||^2))", false);
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
    return std::sqrt(2.0) * oracle.Scalar("diameter") * oracle.Scalar("gradient_bound") *
           std::sqrt(static_cast<double>(t));
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, AdaGradNorm, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::oco
