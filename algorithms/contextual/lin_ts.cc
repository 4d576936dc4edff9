// Linear Thompson sampling for losses: per round, θ̃ ~ N(θ̂, v² A⁻¹) per ridge block, play
// argmin_a θ̃ᵀx_a (docs/theory/contextual.md §5.6).
//
// Reference: S. Agrawal, N. Goyal (2013). Thompson sampling for contextual bandits with linear
//   payoffs. ICML. Algorithm 1; Theorem 1: Õ(d^{3/2}√T) with v = R√(24 d ln(1/δ)/ε). The default
//   v = 0.5 is a practical choice, not the theory's (labelled). No bound is registered.
// Sampling: A = L Lᵀ kept by Cholesky rank-one updates (ridge.h, O(d²) per round), θ̃ = θ̂ + v L⁻ᵀ z
//   with z standard normal from the learner stream (cov(L⁻ᵀz) = A⁻¹).
// Protocol: contextual_bandit; no closed-form p_t, none exposed.
//
// Parameters:
//   lambda           1    > 0  ridge λ
//   posterior_scale  0.5  ≥ 0  v
//   intercept        true       regress on [x; 1] (ridge.h)
//   input_dimension  0         see learner_support.h
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"
#include "algorithms/contextual/ridge.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

class LinTs : public RidgeLearner {
 public:
  explicit LinTs(const core::Params& params)
      : RidgeLearner(params), scale_(params.Real("posterior_scale")) {}
  void Reset(const protocol::ContextualInfo& info, random::Rng& /*init_rng*/) {
    ResetRidge(info, true);
    samples_.assign(static_cast<size_t>(info.num_arms), 0.0);
    normal_.setZero(ridge_.dimension());
  }
  int64_t Select(const protocol::ContextBatch& batch, random::Rng& rng) {
    const int64_t blocks = batch.shared_context ? batch.num_arms : 1;
    for (int64_t b = 0; b < blocks; ++b) {
      for (Eigen::Index k = 0; k < normal_.size(); ++k)
        normal_[k] = random::SampleStandardNormal(rng);
      theta_ = ridge_.SampleTheta(b, normal_, scale_);
      for (int64_t a = 0; a < batch.num_arms; ++a) {
        if (batch.Block(a) != b) continue;
        samples_[static_cast<size_t>(a)] = theta_.dot(ridge_.Feature(batch.Row(a)));
      }
    }
    batch_ = batch;
    return ArgMin(samples_);
  }

 private:
  double scale_;
  std::vector<double> samples_;
  Eigen::VectorXd normal_, theta_;
};

registry::ComponentSpec LinTsSpec() {
  return registry::MakeComponentSpec(
      "lin_ts",
      "linear Thompson sampling on losses: Gaussian posterior samples of a ridge regression",
      "Agrawal & Goyal (2013), Thompson sampling for contextual bandits with linear payoffs, ICML, "
      "Algorithm 1 and Theorem 1",
      "O~(d^(3/2) sqrt(T)) with the theory's posterior scale",
      Concat(RidgeParams(),
             {RealParam("posterior_scale", 0.5, 0, kInf, false, "v, the posterior scale")}));
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, LinTs, LinTsSpec());

}  // namespace
}  // namespace regretlab::algorithms::contextual
