// The reduction of contextual bandits to online regression with a neural oracle (Deb, Ban, Zuo,
// He, Banerjee 2024, "Contextual bandits with online neural regression", ICLR;
// docs/theory/contextual.md §5.4 D1/D2). Shared by NeuSquareCB (square loss + inverse gap
// weighting) and NeuFastCB (KL loss + FastCB weighting); the loss-specific parts are the `Head`
// policy:
//   Head::Predict(f̃) -> ŷ ∈ [0, 1]
//   Head::Weigh(ŷ, γ, p)               the exploration distribution
//   Head::LossDerivative(f̃, y) -> ∂ℓ/∂f̃
// Round: ŷ_a ← Predict(f̃(θ_t; x_a)); p_t ← Weigh(ŷ, γ); a_t ~ p_t; observe y;
// θ_{t+1} ← Π_{B(θ_0,ρ)}(θ_t − η ∂ℓ(y, f̃(θ_t; x_{a_t}))/∂θ) — one online gradient step per round,
// the update as analysed (docs/theory/contextual.md §5.3); the "practical" replay variant is not
// implemented.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"
#include "sim/random/samplers.h"

namespace regretlab::algorithms::contextual {

template <class Head>
class NeuralRegressionCb {
 public:
  explicit NeuralRegressionCb(const core::Params& params)
      : model_(params), gamma_(params.Real("gamma")) {}

  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    return model_.CheckInfo(info);
  }

  void Reset(const protocol::ContextualInfo& info, random::Rng& init_rng) {
    model_.Reset(info, init_rng);
    predictions_.assign(static_cast<size_t>(info.num_arms), 0.0);
    probabilities_.assign(static_cast<size_t>(info.num_arms), 0.0);
  }

  int64_t Select(const protocol::ContextBatch& batch, random::Rng& rng) {
    const std::span<const double> outputs = model_.Predict(batch, rng);
    for (size_t a = 0; a < outputs.size(); ++a) predictions_[a] = Head::Predict(outputs[a]);
    Head::Weigh(predictions_, gamma_, probabilities_);
    return static_cast<int64_t>(random::SampleCategorical(rng, probabilities_));
  }

  void Observe(int64_t arm, double loss) {
    model_.Step(arm, Head::LossDerivative(model_.perturbed()[static_cast<size_t>(arm)], loss));
  }

  std::span<const double> Distribution() const { return probabilities_; }
  std::span<const double> Predictions() const { return predictions_; }
  NeuralModel& model() { return model_; }

 private:
  NeuralModel model_;
  double gamma_;
  std::vector<double> predictions_, probabilities_;
};

inline core::ParamSpec GammaParam(double value) {
  return RealParam("gamma", value, 0, kInf, false,
                   "exploration gamma of the weighting (0 = uniform; large = greedy); theory "
                   "sqrt(K T / ln T), grid of docs/theory/contextual.md section 5.4 "
                   "{10, 50, 100, 500, 1000}");
}

}  // namespace regretlab::algorithms::contextual
