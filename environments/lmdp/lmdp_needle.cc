// E-E4 lower-bound-style needle (docs/theory/lmdp.md §6.4, [R/U]): M contexts share a binary tree
// of depth d (Γ = 2); in each context one (leaf, action) pair is ε better, an M·S·A "needle"
// structure on which regret should look like Ω(√(M·S·A·K)) [V: the paper's lower bound on Γ = 2
// instances; the instance details are ours].
//
// States: the 2^d − 1 internal nodes of the tree (node i has children 2i + 1, 2i + 2), then the
// 2^d leaves, then win, lose and done. Every episode starts at the root. At an internal node
// action a ∈ {0, 1} moves to child 2i + 1 + a (with probability 1 − slip, else to the other child).
// At a leaf, action a moves to win with probability 1/2 + ε·1[(leaf, a) is context m's needle],
// else to lose. win pays 1 (then done), lose and done pay 0. H = d + 2, so the return is ≤ 1.
// Rewards are deterministic; the randomness is in the transitions. Needles are drawn once from
// instance_seed. V* = 1/2 + ε·max_{(leaf, a)} Σ_m w_m·1[needle_m = (leaf, a)] (contexts are
// indistinguishable before the last step), tested in closed form.
//
// | parameter     | type     | default | meaning                                   |
// |---------------|----------|---------|-------------------------------------------|
// | num_contexts  | 1..5     | 2       | M                                         |
// | depth         | 1..4     | 2       | d, depth of the binary tree               |
// | epsilon       | (0, 0.5] | 0.1     | advantage of the needle                   |
// | slip          | [0, 0.5] | 0       | probability of moving to the other child  |
// | instance_seed | integer  | 1       | seed of the needles' draw                 |
#include "environments/lmdp/lmdp_instance.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::lmdp {
namespace {

class Needle final : public protocol::LmdpEnvironment {
 public:
  explicit Needle(const core::Params& params) {
    const int contexts = static_cast<int>(params.Integer("num_contexts"));
    const int depth = static_cast<int>(params.Integer("depth"));
    const double epsilon = params.Real("epsilon"), slip = params.Real("slip");
    const int internal = (1 << depth) - 1, leaves = 1 << depth;
    const int win = internal + leaves, lose = win + 1, done = win + 2, states = win + 3;
    LatentMdp model;
    model.Allocate(contexts, states, 2, depth + 2);
    random::Rng rng = InstanceRng("lmdp_needle", params.Integer("instance_seed"));
    for (int m = 0; m < contexts; ++m) {
      const int needle = static_cast<int>(rng.UniformInt(static_cast<uint64_t>(2 * leaves)));
      model.initial[static_cast<size_t>(m * states)] = 1.0;
      auto row = [&](int s, int a) {
        return model.transition.data() + model.SaIndex(m, s, a) * states;
      };
      for (int a = 0; a < 2; ++a) {
        for (int i = 0; i < internal; ++i) {
          row(i, a)[2 * i + 1 + a] += 1 - slip;
          row(i, a)[2 * i + 2 - a] += slip;
        }
        for (int leaf = 0; leaf < leaves; ++leaf) {
          const double p_win = 0.5 + (2 * leaf + a == needle ? epsilon : 0.0);
          row(internal + leaf, a)[win] = p_win;
          row(internal + leaf, a)[lose] = 1 - p_win;
        }
        row(win, a)[done] = 1;
        row(lose, a)[done] = 1;
        row(done, a)[done] = 1;
        model.reward[model.SaIndex(m, win, a)] = 1.0;
      }
    }
    SetModel(std::move(model), "lmdp_needle");
  }
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "lmdp_needle",
      "E-E4 needle: Gamma = 2 binary tree, one (leaf, action) per context epsilon "
      "better (lower-bound style; instance details ours)",
      "docs/theory/lmdp.md section 6.4 E-E4 [R/U]; lower bound Omega(sqrt(Var* M S A K)) of "
      "Zhou, Wang, Du (2023)",
      "V* = 1/2 + epsilon * (largest context weight sharing a needle)",
      {core::IntegerParam("num_contexts", 2, 1, 5, "M"),
       core::IntegerParam("depth", 2, 1, 4, "d, depth of the binary tree (H = d + 2)"),
       core::RealParam("epsilon", 0.1, 0, 0.5, true, "advantage of each context's needle"),
       core::RealParam("slip", 0.0, 0, 0.5, false,
                       "probability that a tree move goes to the other child"),
       InstanceSeedParam()});
  spec.validate = ValidateByBuilding<Needle>;
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::LatentMdpProtocol, Needle, Spec());

}  // namespace
}  // namespace regretlab::environments::lmdp
