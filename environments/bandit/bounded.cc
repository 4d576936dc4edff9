// Bounded-reward bandit: arm a pays a Beta(κ·μ_a, κ·(1 − μ_a)) reward, which lies in [0, 1] and
// has mean μ_a. The concentration κ sets the spread (κ = 2 with μ = ½ is the uniform law), so the
// same means can be run with rewards less or more noisy than Bernoulli ones (variance
// μ(1−μ)/(κ+1), against μ(1−μ) for Bernoulli).
//
// | parameter     | type          | default | meaning                            |
// |---------------|---------------|---------|------------------------------------|
// | means         | list in [0,1] | —       | mean reward of each arm (K >= 2)   |
// | concentration | real > 0      | 2.0     | κ: larger means less reward noise  |
#include "environments/bandit/reward_stack.h"
#include "sim/core/param_builders.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class BoundedBandit final : public RewardStackEnvironment<BoundedBandit> {
 public:
  explicit BoundedBandit(const core::Params& params)
      : RewardStackEnvironment(params.RealList("means"), /*bernoulli=*/false),
        concentration_(params.Real("concentration")) {}

  double DrawReward(int64_t arm, random::Rng& stream) {
    const double mean = means_[arm];
    // A Beta law needs both shapes > 0; means at the ends of [0, 1] are point masses.
    if (mean <= 0.0) return 0.0;
    if (mean >= 1.0) return 1.0;
    return random::SampleBeta(stream, concentration_ * mean, concentration_ * (1.0 - mean));
  }

 private:
  double concentration_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "bounded", "stochastic bandit with Beta-distributed rewards in [0,1] of given means",
      "Auer, Cesa-Bianchi, Fischer (2002), setting of Thm 1 (rewards in [0,1])",
      "rewards in [0,1]; i.i.d. per arm; mean means[a]",
      {core::RequiredRealListParam("means", 0.0, 1.0, 2,
                                   "mean reward of each arm, K >= 2 values in [0, 1]"),
       core::RealParam("concentration", 2.0, 0.0, core::kUnbounded, true,
                       "Beta concentration kappa > 0; reward variance mu(1-mu)/(kappa+1)")},
      {{"means", std::vector<double>{0.4, 0.6}}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, BoundedBandit, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
