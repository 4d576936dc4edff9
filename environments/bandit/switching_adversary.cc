// Oblivious adversary with a switching best arm (docs/theory/log_barrier.md §3.6, E-B2).
//
// Bernoulli rewards with a table of means: in rounds t ≤ s = ⌊fraction·T⌋ arm 0 has mean `high`
// and every other arm `low`; afterwards arm 1 has mean `high` and every other arm (arm 0 too)
// `low`. With fraction < ½, arm 1 is the best fixed arm over the horizon (the comparator a°).
// Regret is measured against that fixed arm, so a learner that follows the switch can end below
// it (negative regret); EXP3's guarantee holds for any such oblivious sequence. It is not the
// "UCB trap" of the log-barrier issue: measured here, UCB1 follows this switch within a few
// hundred rounds, because its rarely pulled arm carries a large exploration bonus.
//
// | parameter | type          | default | meaning                                  |
// |-----------|---------------|---------|------------------------------------------|
// | num_arms  | integer ≥ 2   | 2       | K                                        |
// | high      | real in [0,1] | 0.9     | mean of the arm that is best in a phase  |
// | low       | real in [0,1] | 0.1     | mean of the other arms                   |
// | fraction  | real in (0,1) | 1/3     | length of the first phase, as part of T  |
#include <cmath>

#include "environments/bandit/reward_table.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class SwitchingAdversary final : public RewardTableEnvironment<SwitchingAdversary> {
 public:
  explicit SwitchingAdversary(const core::Params& params)
      : high_(params.Real("high")), low_(params.Real("low")), fraction_(params.Real("fraction")) {
    num_arms_ = params.Integer("num_arms");
  }

  double Mean(int64_t arm, int64_t round) const {
    const int64_t best = round <= SwitchRound() ? 0 : 1;
    return arm == best ? high_ : low_;
  }
  double MeanTotal(int64_t arm) const {
    const double first = static_cast<double>(SwitchRound());
    const double second = static_cast<double>(horizon_) - first;
    if (arm == 0) return high_ * first + low_ * second;
    if (arm == 1) return low_ * first + high_ * second;
    return low_ * static_cast<double>(horizon_);
  }

  bool Stationary() const override { return false; }
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = BaseOracle();
    oracle.scalars["switch_round"] = static_cast<double>(SwitchRound());
    return oracle;
  }

 private:
  int64_t SwitchRound() const {
    return static_cast<int64_t>(std::floor(fraction_ * static_cast<double>(horizon_)));
  }
  double high_, low_, fraction_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "switching_adversary",
      "oblivious Bernoulli adversary whose best arm switches after a fraction of T",
      "regretlab docs/theory/log_barrier.md section 3.6 E-B2 (adversarial switching instance)",
      "oblivious; rewards in {0,1}; arm 1 best overall when fraction < 1/2",
      {
          core::IntegerParam("num_arms", 2, 2, 1e6, "number of arms K >= 2"),
          core::RealParam("high", 0.9, 0, 1, false,
                          "mean of the arm that is best in the current phase"),
          core::RealParam("low", 0.1, 0, 1, false, "mean of the other arms"),
          core::RealParam("fraction", 1.0 / 3.0, 0, 1, true,
                          "first phase length as a fraction of T, in (0, 1]"),
      });
  spec.validate = [](const core::Params& params) -> std::string {
    if (!(params.Real("high") > params.Real("low"))) return "high must exceed low";
    return "";
  };
  spec.test_params = {{"num_arms", int64_t{3}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, SwitchingAdversary, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
