// Synthetic realizable contextual bandits with the NeuralUCB paper's functions
// (docs/theory/contextual.md §5.7 [R]).
//
// Reference: D. Zhou, L. Li, Q. Gu (2020). Neural contextual bandits with UCB-based exploration.
//   ICML, §7.1: h1(x) = 10(xᵀa)², h2(x) = xᵀAᵀAx, h3(x) = cos(3xᵀa), x uniform on the sphere,
//   d = 20, K = 4.
// Per replicate (instance substream): a uniform on the unit sphere, A with N(0, 1) entries. Per
// round (context substream): K contexts uniform on the sphere and K noise draws. The function is
// mapped to a loss by min-max scaling over the sphere and reversed (a large h is a small loss):
//   s(x) = 1 − (h(x) − h_min)/(h_max − h_min),  h1 ∈ [0, 10], h2 ∈ [0, λ_max(AᵀA)], h3 ∈ [−1, 1];
// the observed loss is y = clip(s(x) + σ N(0, 1), 0, 1) and the mean loss is its exact expectation
// (synthetic_support.h), itself a fixed function of x: the instance is realizable, and regret
// against the best arm per round is exact. The noise is drawn for every arm every round, so all
// algorithms of a cell see the same losses (common random numbers).
//
// Parameters:
//   function   h1   h1 | h2 | h3
//   num_arms   4    ≥ 2
//   dimension  20   ≥ 1
//   noise      0.1  ≥ 0   σ
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "environments/contextual/synthetic_support.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::contextual {
namespace {

class SyntheticRealizable final : public protocol::ContextualEnvironment {
 public:
  explicit SyntheticRealizable(const core::Params& params)
      : function_(params.String("function") == "h1"   ? 1
                  : params.String("function") == "h2" ? 2
                                                      : 3),
        num_arms_(params.Integer("num_arms")),
        dimension_(params.Integer("dimension")),
        noise_(params.Real("noise")) {}

  protocol::ContextualInfo Info() const override {
    return {num_arms_, dimension_, false, horizon_};
  }

  void Reset(const random::StreamKey& key) override {
    random::Rng instance;
    SeedInstanceAndRounds(key, instance, rounds_);
    direction_.resize(dimension_);
    random::SampleUnitSphere(instance, std::span<double>(direction_.data(), direction_.size()));
    matrix_.resize(dimension_, dimension_);
    for (Eigen::Index j = 0; j < dimension_; ++j) {
      for (Eigen::Index i = 0; i < dimension_; ++i)
        matrix_(i, j) = random::SampleStandardNormal(instance);
    }
    gram_ = matrix_.transpose() * matrix_;
    h_min_ = function_ == 3 ? -1.0 : 0.0;
    h_max_ = function_ == 1 ? 10.0
             : function_ == 2
                 ? Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(gram_).eigenvalues().maxCoeff()
                 : 1.0;
    losses_.assign(static_cast<size_t>(num_arms_), 0.0);
  }

  void NextRound(int64_t /*round*/, std::span<double> contexts,
                 std::span<double> mean_losses) override {
    const size_t d = static_cast<size_t>(dimension_);
    for (int64_t a = 0; a < num_arms_; ++a) {
      const std::span<double> x = contexts.subspan(static_cast<size_t>(a) * d, d);
      random::SampleUnitSphere(rounds_, x);
      const double scaled = ScaledLoss(x);
      mean_losses[static_cast<size_t>(a)] = ClippedGaussianMean(scaled, noise_);
      losses_[static_cast<size_t>(a)] =
          std::clamp(scaled + noise_ * random::SampleStandardNormal(rounds_), 0.0, 1.0);
    }
  }

  double Loss(int64_t arm) override { return losses_[static_cast<size_t>(arm)]; }

 protected:
  bool Realizable() const override { return true; }

 private:
  double ScaledLoss(std::span<const double> x) const {
    const Eigen::Map<const Eigen::VectorXd> v(x.data(), dimension_);
    const double projection = direction_.dot(v);
    const double h = function_ == 1   ? 10.0 * projection * projection
                     : function_ == 2 ? v.dot(gram_ * v)
                                      : std::cos(3.0 * projection);
    return std::clamp(1.0 - (h - h_min_) / (h_max_ - h_min_), 0.0, 1.0);
  }

  int function_;
  int64_t num_arms_, dimension_;
  double noise_;
  Eigen::VectorXd direction_;
  Eigen::MatrixXd matrix_, gram_;
  double h_min_ = 0, h_max_ = 1;
  random::Rng rounds_;
  std::vector<double> losses_;
};

registry::ComponentSpec SyntheticRealizableSpec() {
  registry::ComponentSpec spec;
  spec.name = "synthetic_realizable";
  spec.summary =
      "realizable contextual bandit: K contexts uniform on the sphere, loss = reversed min-max "
      "scaled h1 = 10(x'a)^2, h2 = x'A'Ax or h3 = cos(3x'a) plus clipped Gaussian noise";
  spec.citation =
      "Zhou, Li, Gu (2020), Neural contextual bandits with UCB-based exploration, ICML, 7.1";
  spec.params = {ChoiceParam("function", "h1", {"h1", "h2", "h3"}, "the mean-loss function"),
                 IntegerSetting("num_arms", 4, 2, "K"), IntegerSetting("dimension", 20, 1, "d"),
                 RealSetting("noise", 0.1, 0, 10, "sigma of the Gaussian noise before clipping")};
  spec.test_params = {{"dimension", int64_t{5}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::ContextualBanditProtocol, SyntheticRealizable,
                               SyntheticRealizableSpec());

}  // namespace
}  // namespace regretlab::environments::contextual
