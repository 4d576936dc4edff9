// Corrupted stochastic bandit with a corruption budget (docs/theory/log_barrier.md §3.6 E-B4) [R:
// Lykouris, Mirrokni, Paes Leme (2018), "Stochastic bandits robust to adversarial corruptions",
// STOC; Zimmert & Seldin (2021) §2 for the regime between stochastic and adversarial].
//
// Bernoulli arms with fixed means μ_i. An oblivious adversary corrupts the first `budget` rounds
// as misleadingly as it can: there the best arm's mean is set to 0 and every other arm's to 1.
// The corruption of round t is max_i |μ_t(i) − μ_i| ≤ 1, so the total corruption is at most the
// budget C (the oracle reports the exact amount as `corruption`). Best-of-both-worlds learners
// pay O(Σ ln T/Δ_i + sqrt(C Σ ln T/Δ_i))-type regret; UCB-type learners can pay Θ(C)-and-more.
//
// | parameter | type             | default | meaning                                    |
// |-----------|------------------|---------|--------------------------------------------|
// | means     | list in [0, 1]   | —       | μ_i; a unique largest entry (the best arm) |
// | budget    | integer ≥ 0      | 0       | number of corrupted rounds C               |
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "environments/bandit/reward_table.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class CorruptedStochastic final : public RewardTableEnvironment<CorruptedStochastic> {
 public:
  explicit CorruptedStochastic(const core::Params& params)
      : means_(params.RealList("means")), budget_(params.Integer("budget")) {
    num_arms_ = static_cast<int64_t>(means_.size());
    best_ = std::max_element(means_.begin(), means_.end()) - means_.begin();
  }

  double Mean(int64_t arm, int64_t round) const {
    if (round <= budget_) return arm == best_ ? 0.0 : 1.0;
    return means_[static_cast<size_t>(arm)];
  }
  double MeanTotal(int64_t arm) const {
    const double corrupted = static_cast<double>(std::min(budget_, horizon_));
    const double clean = static_cast<double>(horizon_) - corrupted;
    return (arm == best_ ? 0.0 : corrupted) + means_[static_cast<size_t>(arm)] * clean;
  }

  bool Stationary() const override { return budget_ == 0; }
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = BaseOracle();
    double corruption = 0;
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      const double target = arm == best_ ? 0.0 : 1.0;
      corruption = std::max(corruption, std::abs(target - means_[static_cast<size_t>(arm)]));
    }
    oracle.scalars["corruption"] = corruption * static_cast<double>(std::min(budget_, horizon_));
    std::vector<double> gaps(means_.size());
    for (size_t arm = 0; arm < means_.size(); ++arm) gaps[arm] = means_[best_] - means_[arm];
    oracle.vectors["gaps"] = gaps;
    return oracle;
  }

 private:
  std::vector<double> means_;
  int64_t budget_;
  int64_t best_ = 0;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "corrupted_stochastic",
      "Bernoulli arms whose first `budget` rounds are corrupted (best arm 0, others 1)",
      "Lykouris, Mirrokni, Paes Leme (2018) STOC; Zimmert & Seldin (2021) JMLR 22, Sec. 2; "
      "regretlab docs/theory/log_barrier.md section 3.6 E-B4",
      "oblivious; total corruption <= budget; rewards in {0,1}",
      {
          core::RequiredRealListParam("means", 0, 1, 2,
                                      "mean of each arm outside the corrupted rounds"),
          core::IntegerParam("budget", 0, 0, 9e18,
                             "number of corrupted rounds C (corruption <= C)"),
      });
  spec.validate = [](const core::Params& params) -> std::string {
    std::vector<double> means = params.RealList("means");
    std::sort(means.rbegin(), means.rend());
    if (!(means[0] > means[1])) return "means must have a unique largest entry (the best arm)";
    return "";
  };
  spec.test_params = {{"means", std::vector<double>{0.6, 0.4, 0.3}}, {"budget", int64_t{20}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, CorruptedStochastic, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
