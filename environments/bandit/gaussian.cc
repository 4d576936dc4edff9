// Gaussian bandit: arm a pays means[a] + sigma * N(0, 1).
//
// Rewards are unbounded, so the [0,1]-reward bounds do not apply (the oracle reports an infinite
// reward range and "subgaussian_sigma" = sigma); the learner is told the nominal range [0, 1]
// that holds the means when they lie in it.
//
// | parameter | type          | default | meaning                          |
// |-----------|---------------|---------|----------------------------------|
// | means     | list of reals | —       | mean reward of each arm (K >= 2) |
// | sigma     | real > 0      | 1.0     | noise standard deviation          |
#include <limits>

#include "environments/bandit/reward_stack.h"
#include "sim/core/param_builders.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class GaussianBandit final : public RewardStackEnvironment<GaussianBandit> {
 public:
  explicit GaussianBandit(const core::Params& params)
      : RewardStackEnvironment(params.RealList("means"), /*bernoulli=*/false),
        sigma_(params.Real("sigma")) {}

  double DrawReward(int64_t arm, random::Rng& stream) {
    return random::SampleNormal(stream, means_[arm], sigma_);
  }

  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = RewardStackEnvironment::Oracle();
    oracle.scalars["reward_min"] = -std::numeric_limits<double>::infinity();
    oracle.scalars["reward_max"] = std::numeric_limits<double>::infinity();
    oracle.scalars["subgaussian_sigma"] = sigma_;
    return oracle;
  }

 private:
  double sigma_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "gaussian", "stochastic bandit with Gaussian rewards of a common standard deviation",
      "Lattimore & Szepesvari, Bandit Algorithms (2020), ch. 7",
      "sigma-sub-Gaussian rewards; i.i.d. per arm",
      {core::RequiredRealListParam("means", -core::kUnbounded, core::kUnbounded, 2,
                                   "mean reward of each arm, K >= 2 values"),
       core::RealParam("sigma", 1.0, 0.0, core::kUnbounded, true, "noise standard deviation, > 0")},
      {{"means", std::vector<double>{0.2, 0.5}}, {"sigma", 0.5}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, GaussianBandit, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
