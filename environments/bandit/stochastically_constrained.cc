// Stochastically constrained adversary (Wei & Luo 2018; Zimmert & Seldin 2021, §2): the loss of
// arm i in round t is Bernoulli(c_t + Δ_i), where the gaps Δ_i are fixed and the common level
// c_t, chosen obliviously, alternates between `level_low` and `level_high` every `period` rounds.
// Rewards are 1 − loss, so μ_t(i) = 1 − c_t − Δ_i. The gaps between arms never change although
// no arm's mean is constant: best-of-both-worlds algorithms keep their logarithmic regret here,
// while the i.i.d. assumption behind UCB-type analyses fails.
//
// | parameter  | type          | default | meaning                                   |
// |------------|---------------|---------|-------------------------------------------|
// | gaps       | list in [0,1] | —       | Δ_i; one of them must be 0 (the best arm) |
// | level_low  | real in [0,1] | 0.1     | c_t in the low phase                      |
// | level_high | real in [0,1] | 0.5     | c_t in the high phase                     |
// | period     | integer ≥ 1   | 1000    | rounds per phase                          |
#include <algorithm>

#include "environments/bandit/reward_table.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class StochasticallyConstrained final : public RewardTableEnvironment<StochasticallyConstrained> {
 public:
  explicit StochasticallyConstrained(const core::Params& params)
      : gaps_(params.RealList("gaps")),
        level_low_(params.Real("level_low")),
        level_high_(params.Real("level_high")),
        period_(params.Integer("period")) {
    num_arms_ = static_cast<int64_t>(gaps_.size());
  }

  double Level(int64_t round) const {
    return ((round - 1) / period_) % 2 == 0 ? level_low_ : level_high_;
  }
  double Mean(int64_t arm, int64_t round) const { return 1.0 - Level(round) - gaps_[arm]; }
  double MeanTotal(int64_t arm) const {
    // Σ_t (1 − c_t) is common to all arms: only −T·Δ_a orders them.
    return -static_cast<double>(horizon_) * gaps_[arm];
  }

  bool Stationary() const override { return true; }  // the gaps do not depend on the round
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = BaseOracle();
    oracle.vectors["gaps"] = gaps_;
    return oracle;
  }

 private:
  std::vector<double> gaps_;
  double level_low_, level_high_;
  int64_t period_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "stochastically_constrained",
      "losses Bernoulli(c_t + gap_i) with an oscillating common level c_t",
      "Wei & Luo (2018), COLT; Zimmert & Seldin (2021), JMLR 22, Sec. 2",
      "oblivious; fixed gaps between arms; rewards in {0,1}",
      {
          core::RequiredRealListParam("gaps", 0, 1, 2, "gap of each arm; the smallest must be 0"),
          core::RealParam("level_low", 0.1, 0, 1, false, "common loss level in the low phase"),
          core::RealParam("level_high", 0.5, 0, 1, false, "common loss level in the high phase"),
          core::IntegerParam("period", 1000, 1, 9e18, "rounds per phase of the level"),
      });
  spec.validate = [](const core::Params& params) -> std::string {
    const auto& gaps = params.RealList("gaps");
    if (*std::min_element(gaps.begin(), gaps.end()) != 0.0) {
      return "gaps must contain a 0 (the best arm)";
    }
    const double worst = *std::max_element(gaps.begin(), gaps.end());
    if (std::max(params.Real("level_low"), params.Real("level_high")) + worst > 1.0) {
      return "level + largest gap must stay <= 1 (it is a Bernoulli loss probability)";
    }
    return "";
  };
  spec.test_params = {{"gaps", std::vector<double>{0.0, 0.2, 0.3}}, {"period", int64_t{7}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, StochasticallyConstrained, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
