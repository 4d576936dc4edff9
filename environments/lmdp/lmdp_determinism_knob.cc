// E-E2 determinism knob (docs/theory/lmdp.md §6.4): P_m = (1 − p)·D_m + p·U_m, where D_m(s,a) is a
// random deterministic next state and U_m a Dirichlet(1) row on a random Γ-subset; likewise
// ν_m = (1 − p)·δ(start_m) + p·Dirichlet(1). At p = 0 the LMDP is deterministic and both Var*
// proxies are 0 (docs/theory/lmdp.md §6.3: regret should then be lower-order only). Rewards
// R(s,a) ~ U[0,1]/H, shared by the contexts unless context_rewards. The same D_m, U_m and rewards
// for every p at a given instance_seed, so a sweep over p changes only the noise.
//
// | parameter     | type    | default | meaning                                    |
// |---------------|---------|---------|--------------------------------------------|
// | num_contexts  | 1..5    | 2       | M                                          |
// | num_states    | 1..12   | 4       | S                                          |
// | num_actions   | 1..5    | 2       | A                                          |
// | steps         | 1..128  | 4       | H                                          |
// | degree        | 1..S    | 2       | Γ of the random part U_m                   |
// | p             | [0, 1]  | 0.2     | the determinism knob (0: deterministic)    |
// | context_rewards | bool  | false   | draw R_m per context                       |
// | instance_seed | integer | 1       | seed of the instance draw                  |
#include "environments/lmdp/lmdp_instance.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::lmdp {
namespace {

class DeterminismKnob final : public protocol::LmdpEnvironment {
 public:
  explicit DeterminismKnob(const core::Params& params) {
    const int contexts = static_cast<int>(params.Integer("num_contexts"));
    const int states = static_cast<int>(params.Integer("num_states"));
    const int actions = static_cast<int>(params.Integer("num_actions"));
    const int steps = static_cast<int>(params.Integer("steps"));
    const int degree = static_cast<int>(params.Integer("degree"));
    const bool context_rewards = params.Bool("context_rewards");
    const double p = params.Real("p");
    if (degree > states) {
      throw core::ConfigError("lmdp_determinism_knob: degree Gamma = " + std::to_string(degree) +
                              " exceeds num_states S = " + std::to_string(states));
    }
    LatentMdp model;
    model.Allocate(contexts, states, actions, steps);
    random::Rng rng = InstanceRng("lmdp_determinism_knob", params.Integer("instance_seed"));
    std::vector<double> row(static_cast<size_t>(states));
    for (int m = 0; m < contexts; ++m) {
      const int start = static_cast<int>(rng.UniformInt(static_cast<uint64_t>(states)));
      RandomSupportRow(rng, states, states, row);
      for (int s = 0; s < states; ++s) {
        model.initial[static_cast<size_t>(m * states + s)] =
            (1 - p) * (s == start ? 1.0 : 0.0) + p * row[static_cast<size_t>(s)];
      }
      for (int s = 0; s < states; ++s) {
        for (int a = 0; a < actions; ++a) {
          const int target = static_cast<int>(rng.UniformInt(static_cast<uint64_t>(states)));
          RandomSupportRow(rng, states, degree, row);
          double* out = model.transition.data() + model.SaIndex(m, s, a) * states;
          for (int n = 0; n < states; ++n) {
            out[n] = (1 - p) * (n == target ? 1.0 : 0.0) + p * row[static_cast<size_t>(n)];
          }
          model.reward[model.SaIndex(m, s, a)] = RandomReward(rng, model, context_rewards, m, s, a);
        }
      }
    }
    SetModel(std::move(model), "lmdp_determinism_knob");
  }
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "lmdp_determinism_knob",
      "E-E2: P = (1-p) deterministic map + p random Gamma-support row; p = 0 is a "
      "deterministic LMDP (Var* = 0)",
      "docs/theory/lmdp.md section 6.4 E-E2 (canonical design [U])",
      "deterministic rewards, return <= 1",
      RandomFamilyParams(
          4, {core::RealParam("p", 0.2, 0, 1, false,
                              "determinism knob: weight of the random part (0 = deterministic)")}));
  spec.validate = ValidateByBuilding<DeterminismKnob>;
  spec.test_params = {{"steps", int64_t{3}}, {"num_states", int64_t{3}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::LatentMdpProtocol, DeterminismKnob, Spec());

}  // namespace
}  // namespace regretlab::environments::lmdp
