// NeuFastCB: FastCB's first-order weighting over a neural online-regression oracle trained on the
// binary KL (log) loss (docs/theory/contextual.md §5.4 D2).
//
// Reference: R. Deb, Y. Ban, S. Zuo, J. He, A. Banerjee (2024). Contextual bandits with online
//   neural regression. ICLR 2024 (arXiv 2312.07145). Reconstruction [U] from the abstract, the
//   reviews and FastCB (Foster & Krishnamurthy 2021, NeurIPS) as recalled
//   (docs/theory/contextual.md §5.2).
// Guarantee (abstract): Õ(√(K·L*) + K), L* the cumulative loss of the best policy. Proxy
//   registered: √(K·L*_t) + K (constant 1), with L*_t from the environment's oracle.
// Protocol: contextual_bandit. Prediction ŷ = sigmoid(f̃); loss y ln(y/ŷ) + (1−y) ln((1−y)/(1−ŷ)),
//   whose derivative in f̃ is ŷ − y. The mirrored initialisation starts every ŷ at 1/2.
//
// Parameters (besides the neural ones, see neu_square_cb.cc):
//   gamma  100  ≥ 0  exploration γ of the FastCB weighting
#include <cmath>

#include "algorithms/contextual/regression_cb.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

struct KlHead {
  static double Predict(double output) { return Sigmoid(output); }
  static void Weigh(std::span<const double> y, double gamma, std::span<double> p) {
    FastCbWeighting(y, gamma, p);
  }
  static double LossDerivative(double output, double loss) { return Sigmoid(output) - loss; }
};

using NeuFastCb = NeuralRegressionCb<KlHead>;

registry::ComponentSpec NeuFastCbSpec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "neu_fast_cb",
      "NeuFastCB (reconstruction): FastCB weighting over an online MLP regressor trained on the "
      "KL (log) loss, one gradient step per round",
      "Deb, Ban, Zuo, He, Banerjee (2024), Contextual bandits with online neural regression, ICLR "
      "2024 (reconstructed; docs/theory/contextual.md section 5.4 D2); FastCB: Foster & "
      "Krishnamurthy (2021), NeurIPS",
      "O~(sqrt(K L*) + K) regret, L* the best policy's loss (abstract)",
      Concat(NeuralParams(), {GammaParam(100)}), {{"width", int64_t{8}}});
  spec.validate = CheckNeuralParams;
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, NeuFastCb, NeuFastCbSpec());
REGRETLAB_REGISTER_BOUND(ContextualProxyBound(
    "neu_fast_cb_first_order", {"neu_fast_cb"},
    "Deb et al. (2024), ICLR, abstract: O~(sqrt(K L*) + K) (hidden factors unknown)",
    "pseudo_regret(t) <~ sqrt(K L*_t) + K, constant 1, L*_t the environment's best-policy loss "
    "(proxy; realizable environments only)",
    [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
      const double k = oracle.Scalar("num_arms");
      return std::sqrt(k * protocol::BestPolicyLossAt(oracle, t)) + k;
    }));

}  // namespace
}  // namespace regretlab::algorithms::contextual
