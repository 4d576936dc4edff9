// NeuralUCB for losses: play argmin_a f(θ; x_a) − γ σ_a with σ_a = √(g_aᵀZ⁻¹g_a/m)
// (docs/theory/contextual.md §5.6; neural_confidence.h for Z, its full and diagonal forms, and the
// training).
//
// Reference: D. Zhou, L. Li, Q. Gu (2020). Neural contextual bandits with UCB-based exploration.
//   ICML. Algorithm 1; Theorem 4.5: Õ(d̃√T), d̃ the effective dimension of the NTK Gram matrix
//   (which Deb et al. argue can grow linearly in T). No bound is registered: d̃ is not computed.
// Differences from the paper, labelled: γ is a constant (the paper's γ_t has unverifiable
//   constants); one gradient step per round instead of J epochs on the history ("beyond theory");
//   covariance = "diagonal" (the default) is the diagonal approximation of Z.
// Protocol: contextual_bandit; deterministic (no distribution exposed); ties: lowest index.
//
// Parameters (besides width 100, depth 2, step_size 0.01, radius 0, input_dimension 0):
//   lambda       1         > 0   λ of Z
//   exploration  0.1       ≥ 0   γ, the confidence multiplier
//   covariance   diagonal        diagonal | full
#include <string>
#include <vector>

#include "algorithms/contextual/neural_confidence.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

// Lower confidence bound on the loss.
struct LowerConfidenceRule {
  static double Score(double prediction, double sigma, double gamma, double /*lambda*/,
                      random::Rng& /*rng*/) {
    return prediction - gamma * sigma;
  }
};

using NeuralUcb = NeuralConfidenceLearner<LowerConfidenceRule>;

registry::ComponentSpec NeuralUcbSpec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "neural_ucb",
      "NeuralUCB on losses: MLP prediction minus gamma times the gradient-feature width; Z full "
      "or diagonal approximation; one gradient step per round (beyond theory)",
      "Zhou, Li, Gu (2020), Neural contextual bandits with UCB-based exploration, ICML, Algorithm "
      "1",
      "O~(d_eff sqrt(T)), d_eff the NTK effective dimension (Theorem 4.5)",
      NeuralConfidenceParams(0.1, "gamma, the constant multiplier of the confidence width"),
      {{"width", int64_t{8}}});
  spec.validate = CheckNeuralParams;
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, NeuralUcb, NeuralUcbSpec());

}  // namespace
}  // namespace regretlab::algorithms::contextual
