// Optimistic online mirror descent with the Euclidean mirror map, for the SEA model
// (docs/theory/oco.md §2.2 A1 and A2).
//
// Reference: S. Chen, Y.-J. Zhang, W.-W. Tu, P. Zhao, L. Zhang (2023). Optimistic online mirror
// descent for bridging stochastic and adversarial online convex optimization. ICML 2023; JMLR
// 25(178), 2024; arXiv 2302.04552. The convex step size is as restated by Wang, Barik, Zhao, Tan
// (NeurIPS 2025) [V]; the strongly convex step 2/(λt) and its safe variant are a
// reconstruction [R; Chen et al.'s exact step U].
//
// Policy (two sequences; hint M_t = g_{t−1}, M_1 = 0; x̂_1 = the centre of X):
//   1. η_t from `step`:
//        adaptive              η_t = D/√(δ + 4G² + V_t),  V_t = Σ_{s<t} ‖g_s − M_s‖²
//                              (safe = true: η_t ← min(η_t, 1/(4L)) when L > 0)
//        strongly_convex       η_t = 2/(λt)          (needs λ > 0)
//        strongly_convex_safe  η_t = 2/(λt + 8L)     (needs λ > 0)
//   2. play x_t = Π_X(x̂_t − η_t M_t);
//   3. observe g_t; x̂_{t+1} = Π_X(x̂_t − η_t g_t); V += ‖g_t − M_t‖²; M_{t+1} = g_t.
//
// Guarantee: convex and L-smooth F_t: E R_T = O(D√σ²_{1:T} + D√Σ²_{1:T} + LD² + DG) [V form,
// constants U]; λ-strongly convex: O((σ²_max + Σ²_max)/λ · log((σ²_{1:T} + Σ²_{1:T})/(σ²_max +
// Σ²_max))) [V abstract]. Plotted against the proxies of sea_proxies.cc.
//
// Protocol: online_convex.
//
// Parameters:
//   name   default     meaning
//   step   "adaptive"  adaptive | strongly_convex | strongly_convex_safe
//   delta  0           δ ≥ 0 in the adaptive step; 0 means δ = G² (default of
//                      docs/theory/oco.md §2.2 A1)
//   safe   false       cap the adaptive step at 1/(4L)
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class OptimisticOmd {
 public:
  explicit OptimisticOmd(const core::Params& params)
      : step_kind_(params.String("step")),
        delta_(params.Real("delta")),
        safe_(params.Bool("safe")) {}

  std::string Check(const protocol::OcoInfo& info) const {
    if (step_kind_ != "adaptive")
      return NeedsStrongConvexity(info, "step = \"" + step_kind_ + "\"");
    return NeedsGradientBound(info);
  }
  void Reset(const protocol::OcoInfo& info) {
    info_ = info;
    const size_t d = static_cast<size_t>(info.domain.dimension());
    secondary_.assign(d, 0.0);
    info_.domain.Centre(secondary_);
    hint_.assign(d, 0.0);
    V_ = 0;
    t_ = 0;
    step_ = std::numeric_limits<double>::quiet_NaN();
    delta_used_ = delta_ > 0 ? delta_ : info.gradient_bound * info.gradient_bound;
  }
  void Play(std::span<double> x) {
    ++t_;
    const double t = static_cast<double>(t_);
    const double lambda = info_.strong_convexity, smoothness = info_.smoothness;
    if (step_kind_ == "adaptive") {
      const double g = info_.gradient_bound;
      step_ = info_.domain.Diameter() / std::sqrt(delta_used_ + 4 * g * g + V_);
      if (safe_ && smoothness > 0) step_ = std::min(step_, 1.0 / (4 * smoothness));
    } else if (step_kind_ == "strongly_convex") {
      step_ = 2.0 / (lambda * t);
    } else {
      step_ = 2.0 / (lambda * t + 8 * smoothness);
    }
    ProjectedStep(info_.domain, secondary_, step_, hint_, x);
  }
  void Observe(std::span<const double> gradient) {
    ProjectedStep(info_.domain, secondary_, step_, gradient, secondary_);
    V_ += SquaredDistance(gradient, hint_);
    std::copy(gradient.begin(), gradient.end(), hint_.begin());
  }
  double StepSize() const { return step_; }

 private:
  std::string step_kind_;
  double delta_;
  bool safe_;
  protocol::OcoInfo info_;
  std::vector<double> secondary_, hint_;
  double V_ = 0, delta_used_ = 0;
  int64_t t_ = 0;
  double step_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "optimistic_omd",
      "optimistic OMD (Euclidean): x_t = P(xhat - eta M), xhat <- P(xhat - eta g), hint = last g",
      "Chen, Zhang, Tu, Zhao, Zhang (2023), ICML / JMLR 25(178), arXiv 2302.04552; adaptive step "
      "as restated by Wang, Barik, Zhao, Tan (2025); strongly convex steps reconstructed [R]",
      "E regret = O(D sqrt(sigma^2_1:T) + D sqrt(Sigma^2_1:T) + L D^2 + D G) (convex, smooth); "
      "O((sigma^2_max + Sigma^2_max)/lambda log(...)) (strongly convex) [constants U]",
      {core::ChoiceParam("step", "adaptive",
                         {"adaptive", "strongly_convex", "strongly_convex_safe"},
                         "adaptive: D/sqrt(delta + 4G^2 + V); strongly_convex: 2/(lambda t); "
                         "strongly_convex_safe: 2/(lambda t + 8L)"),
       core::RealParam("delta", 0.0, 0.0, core::kUnbounded, false,
                       "delta in the adaptive step; 0 = G^2"),
       core::BoolParam("safe", false, "cap the adaptive step at 1/(4L) when L > 0")},
      {});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, OptimisticOmd, Spec());

}  // namespace
}  // namespace regretlab::algorithms::oco
