// E-E1 random LMDP (docs/theory/lmdp.md §6.4); the determinism knob E-E2 is
// lmdp_determinism_knob.cc.
//
// M contexts over S states, A actions, H steps. Each P_m(·|s,a) is Dirichlet(1) on a uniformly
// random Γ-subset of the states; ν_m is Dirichlet(1) on all S states; R(s,a) ~ U[0,1]/H so that
// the return is ≤ 1 (the horizon-free normalisation, docs/theory/lmdp.md §6.1), shared by the
// contexts unless context_rewards (continuous per-context rewards would reveal m after one step and
// make the latent structure trivial). Mixing weights uniform unless
// `weights` is given. Drawn once from instance_seed: every replicate faces the same instance.
//
// | parameter     | type    | default | meaning                                    |
// |---------------|---------|---------|--------------------------------------------|
// | num_contexts  | 1..5    | 2       | M                                          |
// | num_states    | 1..12   | 4       | S                                          |
// | num_actions   | 1..5    | 2       | A                                          |
// | steps         | 1..128  | 8       | H, steps per episode                       |
// | degree        | 1..S    | 2       | Γ, support size of every transition row    |
// | weights       | list    | []      | mixing weights w (empty: uniform; sum 1)   |
// | context_rewards | bool  | false   | draw R_m per context                       |
// | instance_seed | integer | 1       | seed of the instance draw                  |
#include "environments/lmdp/lmdp_instance.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::lmdp {
namespace {

class RandomLmdp final : public protocol::LmdpEnvironment {
 public:
  explicit RandomLmdp(const core::Params& params) {
    const int contexts = static_cast<int>(params.Integer("num_contexts"));
    const int states = static_cast<int>(params.Integer("num_states"));
    const int actions = static_cast<int>(params.Integer("num_actions"));
    const int steps = static_cast<int>(params.Integer("steps"));
    const int degree = static_cast<int>(params.Integer("degree"));
    const bool context_rewards = params.Bool("context_rewards");
    if (degree > states) {
      throw core::ConfigError("random_lmdp: degree Gamma = " + std::to_string(degree) +
                              " exceeds num_states S = " + std::to_string(states) +
                              " (the support of a row has at most S states)");
    }
    LatentMdp model;
    model.Allocate(contexts, states, actions, steps);
    const auto& weights = params.RealList("weights");
    if (!weights.empty()) {
      if (weights.size() != static_cast<size_t>(contexts)) {
        throw core::ConfigError("random_lmdp: weights has " + std::to_string(weights.size()) +
                                " entries; num_contexts is " + std::to_string(contexts));
      }
      model.weights = weights;
    }
    random::Rng rng = InstanceRng("random_lmdp", params.Integer("instance_seed"));
    for (int m = 0; m < contexts; ++m) {
      RandomSupportRow(
          rng, states, states,
          {model.initial.data() + static_cast<size_t>(m * states), static_cast<size_t>(states)});
      for (int s = 0; s < states; ++s) {
        for (int a = 0; a < actions; ++a) {
          RandomSupportRow(rng, states, degree,
                           {model.transition.data() + model.SaIndex(m, s, a) * states,
                            static_cast<size_t>(states)});
          model.reward[model.SaIndex(m, s, a)] = RandomReward(rng, model, context_rewards, m, s, a);
        }
      }
    }
    SetModel(std::move(model), "random_lmdp");
  }
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "random_lmdp",
      "E-E1 random LMDP: Gamma-support Dirichlet(1) rows, rewards U[0,1]/H, fixed "
      "instance per instance_seed",
      "docs/theory/lmdp.md section 6.4 E-E1 (canonical design; the paper has no experiments [U])",
      "deterministic rewards, return <= 1, transition degree Gamma",
      RandomFamilyParams(8,
                         {core::RealListParam("weights", {}, 0, 1,
                                              "mixing weights (empty: uniform); must sum to 1")}));
  spec.validate = ValidateByBuilding<RandomLmdp>;
  spec.test_params = {{"steps", int64_t{3}}, {"num_states", int64_t{3}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::LatentMdpProtocol, RandomLmdp, Spec());

}  // namespace
}  // namespace regretlab::environments::lmdp
