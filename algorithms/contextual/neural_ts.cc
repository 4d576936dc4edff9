// NeuralTS for losses: sample f̃_a ~ N(f(θ; x_a), ν² λ σ_a²) for every arm and play the smallest
// (docs/theory/contextual.md §5.6; neural_confidence.h for σ_a, Z's full and diagonal forms, and
// the training).
//
// Reference: W. Zhang, D. Zhou, L. Li, Q. Gu (2021). Neural Thompson sampling. ICLR.
//   Algorithm 1; Theorem 3.5: Õ(d̃√T). No bound is registered (d̃ is not computed).
// Differences, labelled: one gradient step per round ("beyond theory"); the default
//   covariance = "diagonal" is the diagonal approximation of Z.
// Protocol: contextual_bandit; randomised through the learner stream, but p_t has no closed form,
//   so no distribution is exposed (its expected regret is not recorded).
//
// Parameters (besides width 100, depth 2, step_size 0.01, radius 0, input_dimension 0):
//   lambda       1         > 0   λ of Z
//   exploration  0.1       ≥ 0   ν, the posterior scale
//   covariance   diagonal        diagonal | full
#include <cmath>
#include <string>
#include <vector>

#include "algorithms/contextual/neural_confidence.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

// A posterior sample N(f, ν² λ σ²) of the loss.
struct PosteriorSampleRule {
  static double Score(double prediction, double sigma, double nu, double lambda, random::Rng& rng) {
    return prediction + nu * std::sqrt(lambda) * sigma * random::SampleStandardNormal(rng);
  }
};

using NeuralTs = NeuralConfidenceLearner<PosteriorSampleRule>;

registry::ComponentSpec NeuralTsSpec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "neural_ts",
      "NeuralTS on losses: Gaussian samples around the MLP prediction with the gradient-feature "
      "variance; Z full or diagonal approximation; one gradient step per round (beyond theory)",
      "Zhang, Zhou, Li, Gu (2021), Neural Thompson sampling, ICLR, Algorithm 1",
      "O~(d_eff sqrt(T)) (Theorem 3.5)", NeuralConfidenceParams(0.1, "nu, the posterior scale"),
      {{"width", int64_t{8}}});
  spec.validate = CheckNeuralParams;
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, NeuralTs, NeuralTsSpec());

}  // namespace
}  // namespace regretlab::algorithms::contextual
