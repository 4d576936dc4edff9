// NeuSquareCB: SquareCB's inverse gap weighting over a neural online-regression oracle trained on
// the square loss (docs/theory/contextual.md §5.4 D1).
//
// Reference: R. Deb, Y. Ban, S. Zuo, J. He, A. Banerjee (2024). Contextual bandits with online
//   neural regression. ICLR 2024 (arXiv 2312.07145). Algorithm box, perturbation form, network and
//   hyper-parameters could not be read [U]; this is a reconstruction from the abstract, the
//   reviews and SquareCB (Foster & Rakhlin 2020, Algorithm 1) — docs/theory/contextual.md §5.2–5.4.
// Guarantee (abstract): Õ(√(KT)) regret for a wide enough network with perturbed predictions,
//   realizable losses, adversarial contexts. Proxy registered: √(K t ln t) (constant 1).
// Protocol: contextual_bandit. Loss: ℓ = (f̃ − y)², gradient through the unclipped f̃ (the
//   clipped prediction ŷ = clip(f̃, 0, 1) has zero gradient outside [0, 1]); ŷ feeds the weighting.
//
// Parameters (besides the neural ones of learner_support.h: width 100, depth 2, step_size 0.01,
// radius 0, perturbation none, perturbation_scale 1e-3, input_dimension 0):
//   gamma  100  ≥ 0  exploration γ of the inverse gap weighting
#include <algorithm>
#include <cmath>

#include "algorithms/contextual/regression_cb.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

struct SquareHead {
  static double Predict(double output) { return std::clamp(output, 0.0, 1.0); }
  static void Weigh(std::span<const double> y, double gamma, std::span<double> p) {
    InverseGapWeighting(y, gamma, p);
  }
  static double LossDerivative(double output, double loss) { return 2.0 * (output - loss); }
};

using NeuSquareCb = NeuralRegressionCb<SquareHead>;

registry::ComponentSpec NeuSquareCbSpec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "neu_square_cb",
      "NeuSquareCB (reconstruction): inverse gap weighting over an online MLP square-loss "
      "regressor, one gradient step per round",
      "Deb, Ban, Zuo, He, Banerjee (2024), Contextual bandits with online neural regression, ICLR "
      "2024 (reconstructed: algorithm box and perturbation not read; docs/theory/contextual.md "
      "section 5.4 D1); SquareCB: Foster & Rakhlin (2020), ICML, Algorithm 1",
      "O~(sqrt(K T)) regret, realizable losses, wide network (abstract)",
      Concat(NeuralParams(), {GammaParam(100)}), {{"width", int64_t{8}}});
  spec.validate = CheckNeuralParams;
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, NeuSquareCb, NeuSquareCbSpec());
REGRETLAB_REGISTER_BOUND(ContextualProxyBound(
    "neu_square_cb_sqrt_kt", {"neu_square_cb"},
    "Deb et al. (2024), ICLR, abstract: O~(sqrt(KT)) (hidden NTK/width factors unknown)",
    "pseudo_regret(t) <~ sqrt(K t ln t), constant 1 (proxy; realizable environments only)",
    [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
      return std::sqrt(oracle.Scalar("num_arms") * static_cast<double>(t) * LogAtLeastOne(t));
    }));

}  // namespace
}  // namespace regretlab::algorithms::contextual
