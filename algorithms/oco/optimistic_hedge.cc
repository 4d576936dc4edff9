// Optimistic Hedge: optimistic OMD with the negative-entropy mirror map on the simplex
// (docs/theory/oco.md §2.2 A1, last paragraph; §2.7).
//
// References: A. Rakhlin, K. Sridharan (2013), Optimization, learning, and games with predictable
// sequences, NeurIPS; V. Syrgkanis, A. Agarwal, H. Luo, R. Schapire (2015), NeurIPS, Prop. 7;
// Chen et al. (2023), arXiv 2302.04552 (the entropic instance of their optimistic OMD) [R].
//
// Policy (hint M_t = g_{t−1}, M_1 = 0; L_t = Σ_{s<t} g_s):
//   x_t ∝ exp(−η_t (L_t + M_t)),
// i.e. the optimistic-FTRL form of entropic OMD: with a fixed η it is exactly the two-sequence
// update x̂_{t+1,i} ∝ x̂_{t,i} e^{−η g_{t,i}}, x_{t,i} ∝ x̂_{t,i} e^{−η M_{t,i}} of
// docs/theory/oco.md §2.2; with a varying η the FTRL form is the standard stable choice [R, our
// reconstruction].
// Learning rate: eta > 0 fixed, or eta = 0 (default) the adaptive
//   η_t = √(ln N) / √(G² + Σ_{s<t} ‖g_s − M_s‖²_∞)   [R].
//
// Guarantee: regret O(√(ln N · Σ_t ‖g_t − g_{t−1}‖²_∞)) + O(G √(ln N)) [R]; plotted against the
// SEA proxy of sea_proxies.cc (‖·‖_∞ ≤ ‖·‖_2, so σ² and Σ² in ℓ2 dominate).
//
// Protocol: online_convex, domain = simplex only.
//
// Parameters:
//   name  default  meaning
//   eta   0        fixed learning rate > 0, or 0 for the adaptive rate
#include "algorithms/oco/exponential_weights.h"
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

class OptimisticHedge {
 public:
  explicit OptimisticHedge(const core::Params& params) : eta_(params.Real("eta")) {}

  std::string Check(const protocol::OcoInfo& info) const {
    return ExponentialWeightsCheck(info, eta_);
  }
  void Reset(const protocol::OcoInfo& info) {
    const size_t d = static_cast<size_t>(info.domain.dimension());
    cumulative_.assign(d, 0.0);
    hint_.assign(d, 0.0);
    optimistic_.assign(d, 0.0);
    log_n_ = std::log(static_cast<double>(d));
    variation_ = info.gradient_bound * info.gradient_bound;
    step_ = std::numeric_limits<double>::quiet_NaN();
  }
  void Play(std::span<double> x) {
    step_ = eta_ > 0 ? eta_ : std::sqrt(log_n_ / variation_);
    for (size_t i = 0; i < cumulative_.size(); ++i) optimistic_[i] = cumulative_[i] + hint_[i];
    ExponentialWeights(optimistic_, step_, x);
  }
  void Observe(std::span<const double> gradient) {
    const double deviation = SupDistance(gradient, hint_);
    variation_ += deviation * deviation;
    for (size_t i = 0; i < cumulative_.size(); ++i) cumulative_[i] += gradient[i];
    std::copy(gradient.begin(), gradient.end(), hint_.begin());
  }
  double StepSize() const { return step_; }

 private:
  double eta_;
  std::vector<double> cumulative_, hint_, optimistic_;
  double log_n_ = 0, variation_ = 0, step_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "optimistic_hedge",
      "optimistic Hedge: x_t ~ exp(-eta_t (sum of past gradients + last gradient)) on the simplex",
      "Rakhlin & Sridharan (2013), NeurIPS; Syrgkanis et al. (2015), NeurIPS; entropic instance "
      "of Chen et al. (2023) optimistic OMD, adaptive rate reconstructed [R]",
      "regret O(sqrt(ln N sum ||g_t - g_{t-1}||_inf^2)) [R]",
      {core::RealParam("eta", 0.0, 0.0, core::kUnbounded, false,
                       "fixed learning rate; 0 = sqrt(ln N / (G^2 + sum ||g_s - M_s||_inf^2))")},
      {});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, OptimisticHedge, Spec());

}  // namespace
}  // namespace regretlab::algorithms::oco
