// Neural ε-greedy: with probability ε_t = min(1, c·t^{−1/3}) a uniform arm, otherwise the arm with
// the smallest MLP prediction; one online gradient step per round on the square loss
// (docs/theory/contextual.md §5.6).
//
// Reference: the ε-greedy reduction to regression with ε_t ∝ t^{−1/3} (Langford & Zhang 2007,
//   "The epoch-greedy algorithm", NeurIPS, give the T^{2/3} rate for the explore/exploit split);
//   used as a neural baseline by Zhou et al. (2020). Guarantee: O(T^{2/3})-type regret when the
//   regressor's excess risk is small [R]. No bound is registered.
// Protocol: contextual_bandit; exposes p_t = ε_t/K + (1 − ε_t)·1[a = greedy arm].
//
// Parameters (besides width 100, depth 2, step_size 0.01, radius 0, input_dimension 0):
//   c  1  ≥ 0  ε_t = min(1, c t^{−1/3})
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

class NeuralEpsilonGreedy {
 public:
  explicit NeuralEpsilonGreedy(const core::Params& params)
      : model_(params), constant_(params.Real("c")) {}
  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    return model_.CheckInfo(info);
  }
  void Reset(const protocol::ContextualInfo& info, random::Rng& init_rng) {
    model_.Reset(info, init_rng);
    probabilities_.assign(static_cast<size_t>(info.num_arms), 0.0);
    round_ = 0;
  }
  int64_t Select(const protocol::ContextBatch& batch, random::Rng& rng) {
    ++round_;
    const std::span<const double> predictions = model_.Predict(batch, rng);
    const double epsilon = std::min(1.0, constant_ * std::cbrt(1.0 / static_cast<double>(round_)));
    const double k = static_cast<double>(batch.num_arms);
    std::fill(probabilities_.begin(), probabilities_.end(), epsilon / k);
    probabilities_[static_cast<size_t>(ArgMin(predictions))] += 1.0 - epsilon;
    return static_cast<int64_t>(random::SampleCategorical(rng, probabilities_));
  }
  void Observe(int64_t arm, double loss) {
    model_.Step(arm, 2.0 * (model_.raw()[static_cast<size_t>(arm)] - loss));
  }
  std::span<const double> Distribution() const { return probabilities_; }

 private:
  NeuralModel model_;
  double constant_;
  std::vector<double> probabilities_;
  int64_t round_ = 0;
};

registry::ComponentSpec NeuralEpsilonGreedySpec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "neural_epsilon_greedy",
      "neural epsilon-greedy: uniform arm with probability min(1, c t^(-1/3)), else the MLP's "
      "argmin",
      "Langford & Zhang (2007), The epoch-greedy algorithm, NeurIPS (T^(2/3) rate); neural "
      "baseline of Zhou, Li, Gu (2020), ICML",
      "O(T^(2/3))-type regret when the regressor is accurate",
      Concat(NeuralParams(false),
             {RealParam("c", 1.0, 0, kInf, false, "epsilon_t = min(1, c t^(-1/3))")}),
      {{"width", int64_t{8}}});
  spec.validate = CheckNeuralParams;
  return spec;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, NeuralEpsilonGreedy,
                             NeuralEpsilonGreedySpec());

}  // namespace
}  // namespace regretlab::algorithms::contextual
