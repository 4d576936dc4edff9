// E-E5 horizon sweep (docs/theory/lmdp.md §6.4): a cyclic chain with self-loops whose optimal value
// is 1 for every H under the normalised rewards.
//
// M = 2 contexts, S states on a cycle, A = 2 actions. In context m every action stays in s with
// probability stay_m and moves to s + 1 (mod S) otherwise; ν_m is uniform. The target action of
// state s is s mod 2 in both contexts and pays 1/H; the other action pays off_reward_m/H
// (off_rewards = [0.5, 0.25] by default, so rewards reveal the context). The optimal policy plays
// the target everywhere: V* = 1 whatever H, so a sweep over H changes only how long an episode
// is — a horizon-free learner's regret should stay nearly flat, a Hoeffding one's grow.
//
// | parameter   | type      | default     | meaning                                   |
// |-------------|-----------|-------------|-------------------------------------------|
// | num_states  | 2..12     | 3           | S                                         |
// | steps       | 1..256    | 8           | H                                         |
// | stay        | 2 reals   | [0.2, 0.6]  | self-loop probabilities per context       |
// | off_rewards | 2 reals   | [0.5, 0.25] | reward of the non-target action, times 1/H|
#include "environments/lmdp/lmdp_instance.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::lmdp {
namespace {

class HorizonSweep final : public protocol::LmdpEnvironment {
 public:
  explicit HorizonSweep(const core::Params& params) {
    const int states = static_cast<int>(params.Integer("num_states"));
    const int steps = static_cast<int>(params.Integer("steps"));
    const auto& stay = params.RealList("stay");
    const auto& off = params.RealList("off_rewards");
    if (stay.size() != 2 || off.size() != 2) {
      throw core::ConfigError("lmdp_horizon_sweep: stay and off_rewards need 2 entries (M = 2)");
    }
    LatentMdp model;
    model.Allocate(2, states, 2, steps);
    for (int m = 0; m < 2; ++m) {
      for (int s = 0; s < states; ++s) {
        model.initial[static_cast<size_t>(m * states + s)] = 1.0 / states;
        for (int a = 0; a < 2; ++a) {
          double* row = model.transition.data() + model.SaIndex(m, s, a) * states;
          row[s] += stay[static_cast<size_t>(m)];
          row[(s + 1) % states] += 1 - stay[static_cast<size_t>(m)];
          model.reward[model.SaIndex(m, s, a)] =
              (a == s % 2 ? 1.0 : off[static_cast<size_t>(m)]) / steps;
        }
      }
    }
    SetModel(std::move(model), "lmdp_horizon_sweep");
  }
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "lmdp_horizon_sweep",
      "E-E5: cyclic chain with context-dependent self-loops, rewards 1/H for the "
      "target action: V* = 1 for every H",
      "docs/theory/lmdp.md section 6.4 E-E5 (canonical design [U])",
      "V* = 1 for every H; return <= 1",
      {core::IntegerParam("num_states", 3, 2, 12, "S, states on the cycle"),
       core::IntegerParam("steps", 8, 1, 256, "H, steps per episode"),
       core::RealListParam("stay", {0.2, 0.6}, 0, 1,
                           "self-loop probability per context (2 entries)"),
       core::RealListParam("off_rewards", {0.5, 0.25}, 0, 1,
                           "non-target reward per context, times 1/H (2 entries)")});
  spec.validate = ValidateByBuilding<HorizonSweep>;
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::LatentMdpProtocol, HorizonSweep, Spec());

}  // namespace
}  // namespace regretlab::environments::lmdp
