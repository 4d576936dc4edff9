// The "UCB trap" (docs/theory/log_barrier.md §3.6 E-B5) [R: construction ours, in the spirit of the
// examples Zimmert & Seldin (2021) give of index policies failing against oblivious adversaries].
//
// Bernoulli rewards from a table of means with two phases. In rounds t ≤ s = ⌊fraction·T⌋ arm 0
// (the lure) pays mean 1 and every other arm 1 − epsilon: arm 0 looks perfect. Afterwards arm 0
// pays 0, arm 1 pays `late_mean` and the other arms 0. Arm 1 is best over the horizon when
// (1 − epsilon)·s + late_mean·(T − s) > s.
//
// Why it traps UCB1 and Thompson sampling: after phase 1 the lure's empirical mean is ≈ 1 over
// ≈ s pulls, while arm 1 was pulled only O(ln T / epsilon²) times. In phase 2 the lure's mean
// decays like s/(s + m) after m failures, so an index policy keeps pulling it for
// m ≈ s (1 − late_mean)/late_mean rounds, each costing late_mean against arm 1: the regret is
// ≈ s (1 − late_mean − epsilon), linear in T. FTRL-type learners (LB-FTRL, Tsallis-INF, EXP3)
// move their weight as soon as the cumulative loss of arm 1 falls below the lure's, which keeps
// their regret against the fixed arm 1 at O(sqrt T).
//
// | parameter | type          | default | meaning                                          |
// |-----------|---------------|---------|--------------------------------------------------|
// | num_arms  | integer ≥ 2   | 2       | K                                                |
// | fraction  | real in (0,1) | 0.25    | length of the lure phase, as part of T           |
// | epsilon   | real in (0,1] | 0.1     | how far below the lure the others are in phase 1 |
// | late_mean | real in (0,1] | 0.5     | mean of arm 1 after the lure phase               |
#include <cmath>
#include <string>

#include "environments/bandit/reward_table.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::bandit {
namespace {

class UcbTrap final : public RewardTableEnvironment<UcbTrap> {
 public:
  explicit UcbTrap(const core::Params& params)
      : fraction_(params.Real("fraction")),
        epsilon_(params.Real("epsilon")),
        late_mean_(params.Real("late_mean")) {
    num_arms_ = params.Integer("num_arms");
  }

  double Mean(int64_t arm, int64_t round) const {
    if (round <= LurePhaseEnd()) return arm == 0 ? 1.0 : 1.0 - epsilon_;
    return arm == 1 ? late_mean_ : 0.0;
  }
  double MeanTotal(int64_t arm) const {
    const double first = static_cast<double>(LurePhaseEnd());
    const double second = static_cast<double>(horizon_) - first;
    if (arm == 0) return first;
    return (1.0 - epsilon_) * first + (arm == 1 ? late_mean_ * second : 0.0);
  }

  bool Stationary() const override { return false; }
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = BaseOracle();
    oracle.scalars["lure_phase_end"] = static_cast<double>(LurePhaseEnd());
    return oracle;
  }

 private:
  int64_t LurePhaseEnd() const {
    return static_cast<int64_t>(std::floor(fraction_ * static_cast<double>(horizon_)));
  }
  double fraction_, epsilon_, late_mean_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "ucb_trap",
      "oblivious two-phase Bernoulli instance: arm 0 looks perfect for a fraction of T, then "
      "fails; arm 1 is best overall (traps UCB1 and Thompson sampling)",
      "regretlab docs/theory/log_barrier.md section 3.6 E-B5 (construction ours [R])",
      "oblivious; rewards in {0,1}; arm 1 best overall when the parameters say so",
      {
          core::IntegerParam("num_arms", 2, 2, 1e6, "number of arms K >= 2"),
          core::RealParam("fraction", 0.25, 0, 1, true,
                          "lure phase length as a fraction of T, in (0, 1)"),
          core::RealParam("epsilon", 0.1, 0, 1, true,
                          "the other arms pay 1 - epsilon in the lure phase"),
          core::RealParam("late_mean", 0.5, 0, 1, true, "mean of arm 1 after the lure phase"),
      });
  spec.validate = [](const core::Params& params) -> std::string {
    const double f = params.Real("fraction");
    if (!(f < 1.0)) return "fraction must be below 1 (there must be a second phase)";
    // Arm 1 must beat the lure over the horizon: (1 - eps) f + late (1 - f) > f.
    if (!((1.0 - params.Real("epsilon")) * f + params.Real("late_mean") * (1.0 - f) > f)) {
      return "arm 1 must be best overall: need (1 - epsilon) fraction + late_mean (1 - fraction) "
             "> fraction";
    }
    return "";
  };
  spec.test_params = {{"num_arms", int64_t{3}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::BanditProtocol, UcbTrap, Spec());

}  // namespace
}  // namespace regretlab::environments::bandit
