// Online (projected) gradient descent, the baseline of family A (docs/theory/oco.md §2.7).
//
// References: M. Zinkevich (2003), ICML, Theorem 1; E. Hazan (2016), Introduction to Online
// Convex Optimization, Theorem 3.1 (convex, η_t = D/(G√t)) and Theorem 3.3 (λ-strongly convex,
// η_t = 1/(λt)).
//
// Policy: x_1 = the centre of X; after observing g_t, x_{t+1} = Π_X(x_t − η_t g_t) with
//   step = "convex":           η_t = D/(G√t)
//   step = "strongly_convex":  η_t = 1/(λt)   (needs λ > 0: a ConfigError otherwise)
//
// Guarantee (both [R], constants as recalled, not checked at the source here): realized regret
//   convex:           R_t ≤ (3/2)·G·D·√t                          bound `ogd_convex_hazan`
//   strongly convex:  R_t ≤ (G²/(2λ))·(1 + ln t)                  bound `ogd_strongly_convex_hazan`
// against any fixed point, at every t (anytime steps), for convex f_t with ‖∇f_t‖ ≤ G.
//
// Protocol: online_convex.
//
// Parameters:
//   name  default   meaning
//   step  "convex"  convex | strongly_convex
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class Ogd {
 public:
  explicit Ogd(const core::Params& params) : strongly_convex_(params.String("step") != "convex") {}

  std::string Check(const protocol::OcoInfo& info) const {
    return strongly_convex_ ? NeedsStrongConvexity(info, "step = \"strongly_convex\"")
                            : NeedsGradientBound(info);
  }
  void Reset(const protocol::OcoInfo& info) {
    info_ = info;
    x_.assign(static_cast<size_t>(info.domain.dimension()), 0.0);
    info_.domain.Centre(x_);
    t_ = 0;
    step_ = std::numeric_limits<double>::quiet_NaN();
  }
  void Play(std::span<double> x) const { std::copy(x_.begin(), x_.end(), x.begin()); }
  void Observe(std::span<const double> gradient) {
    ++t_;
    const double t = static_cast<double>(t_);
    step_ = strongly_convex_ ? 1.0 / (info_.strong_convexity * t)
                             : info_.domain.Diameter() / (info_.gradient_bound * std::sqrt(t));
    ProjectedStep(info_.domain, x_, step_, gradient, x_);
  }
  double StepSize() const { return step_; }

 private:
  bool strongly_convex_;
  protocol::OcoInfo info_;
  std::vector<double> x_;
  int64_t t_ = 0;
  double step_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "ogd", "online projected gradient descent, eta_t = D/(G sqrt t) or 1/(lambda t)",
      "Zinkevich (2003), ICML, Thm 1; Hazan (2016), Intro to OCO, Thm 3.1 and Thm 3.3",
      "regret <= 1.5 G D sqrt(t) (convex); <= G^2 (1 + ln t)/(2 lambda) (strongly convex)",
      {core::ChoiceParam("step", "convex", {"convex", "strongly_convex"},
                         "convex: D/(G sqrt t); strongly_convex: 1/(lambda t)")},
      {});
}

bool IsStep(const core::Params& params, const char* step) { return params.String("step") == step; }

registry::BoundSpec ConvexBound() {
  auto bound = OcoBound("ogd_convex_hazan", "realized_regret", {"ogd"},
                        "Hazan (2016), Introduction to OCO, Theorem 3.1 [R]",
                        "realized regret <= (3/2) G D sqrt(t), step = convex", false);
  bound.applies = [](const registry::OracleInfo&, const core::Params& params) {
    return IsStep(params, "convex");
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
    return 1.5 * oracle.Scalar("gradient_bound") * oracle.Scalar("diameter") *
           std::sqrt(static_cast<double>(t));
  };
  return bound;
}

registry::BoundSpec StronglyConvexBound() {
  auto bound =
      OcoBound("ogd_strongly_convex_hazan", "realized_regret", {"ogd"},
               "Hazan (2016), Introduction to OCO, Theorem 3.3 [R]",
               "realized regret <= G^2 (1 + ln t) / (2 lambda), step = strongly_convex", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    return IsStep(params, "strongly_convex") && oracle.Scalar("strong_convexity") > 0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
    const double g = oracle.Scalar("gradient_bound");
    return g * g * (1 + std::log(static_cast<double>(t))) / (2 * oracle.Scalar("strong_convexity"));
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, Ogd, Spec());
REGRETLAB_REGISTER_BOUND(ConvexBound());
REGRETLAB_REGISTER_BOUND(StronglyConvexBound());

}  // namespace
}  // namespace regretlab::algorithms::oco
