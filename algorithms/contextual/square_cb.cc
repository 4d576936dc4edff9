// SquareCB with an online ridge-regression oracle: inverse gap weighting over the clipped ridge
// predictions (docs/theory/contextual.md §5.2, §5.6).
//
// Reference: D. Foster, A. Rakhlin (2020). Beyond UCB: optimal and efficient contextual bandits
//   with regression oracles. ICML. Algorithm 1 (SquareCB) and Theorem 1: regret
//   ≤ 4√(KT·Reg_Sq(T)) + 8√(KT ln(2/δ)) as recalled [R: constants not checked,
//   docs/theory/contextual.md §5.2]. Online ridge (Vovk–Azoury–Warmuth form up to the clip) has
//   Reg_Sq = O(d ln T), hence Õ(√(KdT)). Proxy registered: √(K t d ln t) (constant 1).
// Protocol: contextual_bandit; exposes p_t.
//
// Parameters:
//   gamma            100  ≥ 0  exploration γ (0 = uniform)
//   lambda           1    > 0  ridge λ
//   intercept        true       regress on [x; 1] (ridge.h)
//   input_dimension  0         see learner_support.h
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"
#include "algorithms/contextual/regression_cb.h"
#include "algorithms/contextual/ridge.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

class SquareCbRidge : public RidgeLearner {
 public:
  explicit SquareCbRidge(const core::Params& params)
      : RidgeLearner(params), gamma_(params.Real("gamma")) {}

  void Reset(const protocol::ContextualInfo& info, random::Rng& /*init_rng*/) {
    ResetRidge(info, false);
    predictions_.assign(static_cast<size_t>(info.num_arms), 0.0);
    probabilities_.assign(static_cast<size_t>(info.num_arms), 0.0);
  }

  int64_t Select(const protocol::ContextBatch& batch, random::Rng& rng) {
    for (int64_t a = 0; a < batch.num_arms; ++a) {
      predictions_[static_cast<size_t>(a)] =
          std::clamp(ridge_.Predict(batch.Block(a), batch.Row(a)), 0.0, 1.0);
    }
    InverseGapWeighting(predictions_, gamma_, probabilities_);
    batch_ = batch;
    return static_cast<int64_t>(random::SampleCategorical(rng, probabilities_));
  }

  std::span<const double> Distribution() const { return probabilities_; }

 private:
  double gamma_;
  std::vector<double> predictions_, probabilities_;
};

registry::ComponentSpec SquareCbSpec() {
  return registry::MakeComponentSpec(
      "square_cb", "SquareCB: inverse gap weighting over an online ridge-regression oracle",
      "Foster & Rakhlin (2020), Beyond UCB: optimal and efficient contextual bandits with "
      "regression oracles, ICML, Algorithm 1 and Theorem 1",
      "O(sqrt(K T Reg_Sq(T))); with online ridge Reg_Sq = O(d ln T)",
      Concat(RidgeParams(), {GammaParam(100)}));
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, SquareCbRidge, SquareCbSpec());
REGRETLAB_REGISTER_BOUND(ContextualProxyBound(
    "square_cb_sqrt_kt_reg_sq", {"square_cb"},
    "Foster & Rakhlin (2020), ICML, Theorem 1 with Reg_Sq = d ln T (linear realizable; h1-h3 are "
    "not linear: a reference curve there)",
    "pseudo_regret(t) <~ sqrt(K t d ln t), constant 1 (proxy)",
    [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
      return std::sqrt(oracle.Scalar("num_arms") * static_cast<double>(t) *
                       oracle.Scalar("dimension") * LogAtLeastOne(t));
    }));

}  // namespace
}  // namespace regretlab::algorithms::contextual
