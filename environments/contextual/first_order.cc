// A contextual bandit whose best policy has a small (or large) cumulative loss L*, to exercise
// FastCB's first-order bound Õ(√(K L*) + K) (docs/theory/contextual.md §5.7 "low-L* instance").
//
// Per replicate: a direction a uniform on the sphere. Per round: one arm g uniform in [K] gets the
// context x_g = (a + ν z)/‖a + ν z‖ (z standard normal), the others a context uniform on the
// sphere. The mean loss is the fixed function
//   μ(x) = other_loss + (best_loss − other_loss)(xᵀa)²,
// so x_g has mean loss ≈ best_loss and a random context ≈ other_loss (E(xᵀa)² = 1/d); the
// observed loss is Bernoulli(μ(x)) (binary, the KL loss's natural target). Realizable; L*_t is
// exact. Defaults give L* ≈ 0.01 t + O(ν²) t; best_loss = 0.5, other_loss = 0.99 gives L* ≈ t/2.
// The K uniforms deciding the losses are drawn every round (common random numbers).
//
// Parameters:
//   num_arms       4     ≥ 2
//   dimension      20    ≥ 1
//   best_loss      0.01  [0,1]  mean loss of a context aligned with a
//   other_loss     0.5   [0,1]  mean loss of a context orthogonal to a
//   context_noise  0.1   ≥ 0    ν
#include <cmath>
#include <span>
#include <vector>

#include "environments/contextual/synthetic_support.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::contextual {
namespace {

class FirstOrder final : public protocol::ContextualEnvironment {
 public:
  explicit FirstOrder(const core::Params& params)
      : num_arms_(params.Integer("num_arms")),
        dimension_(params.Integer("dimension")),
        best_loss_(params.Real("best_loss")),
        other_loss_(params.Real("other_loss")),
        context_noise_(params.Real("context_noise")) {}

  protocol::ContextualInfo Info() const override {
    return {num_arms_, dimension_, false, horizon_};
  }

  void Reset(const random::StreamKey& key) override {
    random::Rng instance;
    SeedInstanceAndRounds(key, instance, rounds_);
    direction_.assign(static_cast<size_t>(dimension_), 0.0);
    random::SampleUnitSphere(instance, std::span<double>(direction_));
    losses_.assign(static_cast<size_t>(num_arms_), 0.0);
  }

  void NextRound(int64_t /*round*/, std::span<double> contexts,
                 std::span<double> mean_losses) override {
    const size_t d = static_cast<size_t>(dimension_);
    const int64_t good = static_cast<int64_t>(rounds_.UniformInt(static_cast<uint64_t>(num_arms_)));
    for (int64_t a = 0; a < num_arms_; ++a) {
      const std::span<double> x = contexts.subspan(static_cast<size_t>(a) * d, d);
      if (a == good) {
        double norm = 0;
        for (size_t k = 0; k < d; ++k) {
          x[k] = direction_[k] + context_noise_ * random::SampleStandardNormal(rounds_);
          norm += x[k] * x[k];
        }
        norm = std::sqrt(norm);
        for (double& value : x) value /= norm;
      } else {
        random::SampleUnitSphere(rounds_, x);
      }
      double projection = 0;
      for (size_t k = 0; k < d; ++k) projection += direction_[k] * x[k];
      const double mean = other_loss_ + (best_loss_ - other_loss_) * projection * projection;
      mean_losses[static_cast<size_t>(a)] = mean;
      losses_[static_cast<size_t>(a)] = rounds_.Uniform01() < mean ? 1.0 : 0.0;
    }
  }

  double Loss(int64_t arm) override { return losses_[static_cast<size_t>(arm)]; }

 protected:
  bool Realizable() const override { return true; }

 private:
  int64_t num_arms_, dimension_;
  double best_loss_, other_loss_, context_noise_;
  std::vector<double> direction_;
  random::Rng rounds_;
  std::vector<double> losses_;
};

registry::ComponentSpec FirstOrderSpec() {
  registry::ComponentSpec spec;
  spec.name = "first_order";
  spec.summary =
      "realizable contextual bandit with a controllable best-policy loss L*: one aligned arm per "
      "round with mean loss ~best_loss, the others ~other_loss, Bernoulli losses";
  spec.citation =
      "regretlab docs/theory/contextual.md section 5.7 (low-L* / high-L* instances for FastCB's "
      "first-order bound)";
  spec.params = {IntegerSetting("num_arms", 4, 2, "K"), IntegerSetting("dimension", 20, 1, "d"),
                 RealSetting("best_loss", 0.01, 0, 1, "mean loss of a context aligned with a"),
                 RealSetting("other_loss", 0.5, 0, 1, "mean loss of a context orthogonal to a"),
                 RealSetting("context_noise", 0.1, 0, 10, "noise nu around a of the good arm")};
  spec.test_params = {{"dimension", int64_t{5}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::ContextualBanditProtocol, FirstOrder, FirstOrderSpec());

}  // namespace
}  // namespace regretlab::environments::contextual
