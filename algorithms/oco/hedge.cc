// Hedge (exponential weights over the N vertices of the simplex), the experts baseline of family
// A (docs/theory/oco.md §2.7).
//
// Reference: Y. Freund, R. Schapire (1997), JCSS 55(1); N. Cesa-Bianchi, G. Lugosi (2006),
// Prediction, Learning, and Games, Theorem 2.2 (exponential weights with a fixed rate, losses in
// an interval of width r): regret ≤ ln N/η + η·t·r²/8 [R].
//
// Policy: x_t ∝ exp(−η Σ_{s<t} g_s) (docs/theory/conventions.md §1.5(b)); played as a point of the
// simplex, so the learner's loss is f_t(x_t) and the comparison is against the best fixed point.
// Learning rate: eta = 0 (default) selects η = √(8 ln N/T)/r with r = 2G, since every gradient
// coordinate lies in [−G, G]; eta > 0 is used as given.
//
// Guarantee: for convex f_t, realized regret ≤ linearized regret ≤ ln N/η + η·t·(2G)²/8 at every
// t; with the tuned η this is 2G·√((T/2) ln N) at t = T. Registered as `hedge_exponential_weights`
// (constants as recalled [R]).
//
// Protocol: online_convex, domain = simplex only (a ConfigError otherwise).
//
// Parameters:
//   name  default  meaning
//   eta   0        learning rate > 0, or 0 for √(8 ln N/T)/(2G)
#include "algorithms/oco/exponential_weights.h"
#include "algorithms/oco/oco_common.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {
namespace {

double TunedRate(double num_coordinates, double horizon, double gradient_bound) {
  return std::sqrt(8 * std::log(num_coordinates) / horizon) / (2 * gradient_bound);
}

class Hedge {
 public:
  explicit Hedge(const core::Params& params) : eta_(params.Real("eta")) {}

  std::string Check(const protocol::OcoInfo& info) const {
    return ExponentialWeightsCheck(info, eta_);
  }
  void Reset(const protocol::OcoInfo& info) {
    cumulative_.assign(static_cast<size_t>(info.domain.dimension()), 0.0);
    step_ = eta_ > 0 ? eta_
                     : TunedRate(static_cast<double>(info.domain.dimension()),
                                 static_cast<double>(info.horizon), info.gradient_bound);
  }
  void Play(std::span<double> x) const { ExponentialWeights(cumulative_, step_, x); }
  void Observe(std::span<const double> gradient) {
    for (size_t i = 0; i < cumulative_.size(); ++i) cumulative_[i] += gradient[i];
  }
  double StepSize() const { return step_; }

 private:
  double eta_;
  std::vector<double> cumulative_;
  double step_ = 0;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "hedge", "Hedge: exponential weights on cumulative gradients over the simplex",
      "Freund & Schapire (1997), JCSS 55(1); Cesa-Bianchi & Lugosi (2006), Thm 2.2",
      "regret <= ln N / eta + eta t (2G)^2 / 8; = 2G sqrt((T/2) ln N) with the tuned eta",
      {core::RealParam("eta", 0.0, 0.0, core::kUnbounded, false,
                       "learning rate; 0 = sqrt(8 ln N / T) / (2G)")},
      {});
}

registry::BoundSpec Bound() {
  auto bound = OcoBound(
      "hedge_exponential_weights", "realized_regret", {"hedge"},
      "Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, Theorem 2.2 [R]",
      "realized regret <= ln N / eta + eta t (2G)^2 / 8 (gradient coordinates in [-G, G])", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params&) {
    return oracle.Scalar("simplex") > 0 && oracle.Scalar("dimension") >= 2;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double n = oracle.Scalar("dimension"), g = oracle.Scalar("gradient_bound");
    const double eta =
        params.Real("eta") > 0 ? params.Real("eta") : TunedRate(n, oracle.Scalar("horizon"), g);
    return std::log(n) / eta + eta * static_cast<double>(t) * 4 * g * g / 8;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::OnlineConvexProtocol, Hedge, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::oco
