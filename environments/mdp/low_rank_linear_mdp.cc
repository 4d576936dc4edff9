// Low-rank linear MDP with adversarial losses (docs/theory/log_barrier.md §3.6 E-B7) [R: the
// standard linear MDP of Jin, Yang, Wang, Jordan (2020); construction and parameters ours].
//
// Model: H steps, S states per layer, A actions, d latent factors. Per step h < H−1 there are d
// next-state distributions μ_{h,i} ∈ Δ(S) (Dirichlet(concentration) draws) and every (h, s, a)
// has a feature φ(h,s,a) ∈ Δ_d (a Dirichlet(1) draw, so ‖φ‖₂ ≤ 1), with
//   P_h(s'|s, a) = Σ_i φ_i(h,s,a) μ_{h,i}(s'),       ℓ_k(h, s, a) = φ(h,s,a)ᵀ g_{k,h},
// g_{k,h} ∈ [0, 1]^d. Then Q^π_{k,h}(s,a) = φᵀ(g_{k,h} + Σ_{s'} μ_{h,·}(s') V^π_{k,h+1}(s')) is
// linear in φ for every policy (linear-Q with d factors), and ℓ_k ∈ [0, 1]. With steps = 1 this is
// the H = 1 reduction of docs/theory/log_barrier.md §3.6 E-B8: an adversarial linear bandit over
// the A feature vectors.
//
// Loss vectors (oblivious; G_0 ∈ [0,1]^{H×d} uniform per replicate instance, G_1 = 1 − G_0):
//   doubling_switch  g_{k,h} = G_{j mod 2, h}, j = ⌊log2 k⌋ (epochs of length 2^j alternate);
//   iid_corrupted    g_{k,h,i} ~ Bernoulli(G_{0,h,i}) per episode (Philox-addressed), with G_1's
//                    means in the first `corruption` episodes.
// Features may be given explicitly (`features`, H·S·A·d values, each row a distribution): its
// length must agree with steps, num_states, num_actions and feature_dimension.
//
// | parameter          | type        | default          | meaning                                |
// |--------------------|-------------|------------------|----------------------------------------|
// | steps              | integer ≥ 1 | 5                | H                                      |
// | num_states         | integer ≥ 1 | 3                | S per layer                            |
// | num_actions        | integer ≥ 2 | 4                | A                                      |
// | feature_dimension  | integer ≥ 1 | 4                | d                                      |
// | concentration      | real > 0    | 0.3              | Dirichlet parameter of each μ_{h,i}    |
// | losses             | string      | doubling_switch  | doubling_switch or iid_corrupted       |
// | corruption         | integer ≥ 0 | 0                | corrupted episodes (iid_corrupted)     |
// | features           | real list   | []               | optional φ, H·S·A·d values in [0, 1]   |
// | same_instance      | bool        | true             | one instance for all replicates        |
#include <cmath>
#include <string>
#include <vector>

#include "environments/mdp/mdp_environment_util.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/random/rng.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::mdp {
namespace {

class LowRankLinearMdp final : public LayeredMdpEnvironment {
 public:
  explicit LowRankLinearMdp(const core::Params& params)
      : LayeredMdpEnvironment(params),
        dimension_(params.Integer("feature_dimension")),
        given_features_(params.RealList("features")) {}

  void Reset(const random::StreamKey& key) override {
    random::Rng rng = InstanceRng(key);
    const size_t d = static_cast<size_t>(dimension_),
                 num_s = static_cast<size_t>(model_.num_states);
    const size_t pairs = model_.StateActionCount();
    features_.assign(pairs * d, 0.0);
    if (!given_features_.empty()) {
      features_ = given_features_;
    } else {
      for (size_t pair = 0; pair < pairs; ++pair) {
        SampleDirichletRow(rng, 1.0, std::span<double>(features_).subspan(pair * d, d));
      }
    }
    // μ_{h,i} for h < H−1, then P_h(·|s,a) = Σ_i φ_i μ_{h,i}.
    const size_t steps = static_cast<size_t>(model_.horizon);
    std::vector<double> factors((steps > 0 ? steps - 1 : 0) * d * num_s);
    for (size_t row = 0; row < factors.size(); row += num_s) {
      SampleDirichletRow(rng, concentration_, std::span<double>(factors).subspan(row, num_s));
    }
    model_.transition.assign((steps > 0 ? steps - 1 : 0) *
                                 static_cast<size_t>(model_.num_states * model_.num_actions) *
                                 num_s,
                             0.0);
    for (int64_t h = 0; h + 1 < model_.horizon; ++h) {
      for (int64_t s = 0; s < model_.num_states; ++s) {
        for (int64_t a = 0; a < model_.num_actions; ++a) {
          const size_t pair = model_.StateActionIndex(h, s, a);
          double* row = model_.transition.data() + pair * num_s;
          for (size_t i = 0; i < d; ++i) {
            const double weight = features_[pair * d + i];
            const double* mu = factors.data() + (static_cast<size_t>(h) * d + i) * num_s;
            for (size_t s2 = 0; s2 < num_s; ++s2) row[s2] += weight * mu[s2];
          }
        }
      }
    }
    loss_vectors_.resize(2 * steps * d);
    for (size_t i = 0; i < steps * d; ++i) {
      loss_vectors_[i] = rng.Uniform01();
      loss_vectors_[steps * d + i] = 1.0 - loss_vectors_[i];
    }
  }

  int64_t FeatureDimension() const override { return dimension_; }
  void Features(std::span<double> features) const override {
    std::copy(features_.begin(), features_.end(), features.begin());
  }

  void Loss(int64_t episode, std::span<double> loss) const override {
    const size_t d = static_cast<size_t>(dimension_), steps = static_cast<size_t>(model_.horizon);
    std::vector<double> g(steps * d);  // g_{k,h} for every h
    ScheduledDraw(episode, loss_vectors_, g);
    for (int64_t h = 0; h < model_.horizon; ++h) {
      for (int64_t s = 0; s < model_.num_states; ++s) {
        for (int64_t a = 0; a < model_.num_actions; ++a) {
          const size_t pair = model_.StateActionIndex(h, s, a);
          double value = 0;
          for (size_t i = 0; i < d; ++i) {
            value += features_[pair * d + i] * g[static_cast<size_t>(h) * d + i];
          }
          loss[pair] = std::min(1.0, std::max(0.0, value));  // round-off only
        }
      }
    }
  }

 private:
  int64_t dimension_;
  std::vector<double> given_features_;
  std::vector<double> features_, loss_vectors_;  // φ; G_0 then G_1 (H·d each)
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "low_rank_linear_mdp",
      "low-rank linear MDP: P = sum_i phi_i mu_i, losses phi^T g_k with adversarial g_k "
      "(linear-Q with d factors); steps = 1 is the adversarial linear bandit",
      "Jin, Yang, Wang, Jordan (2020) linear MDP; regretlab docs/theory/log_barrier.md section "
      "3.6 E-B7/E-B8 [R]",
      "oblivious losses in [0,1]; linear-Q with ||phi||_2 <= 1", CommonMdpParams());
  spec.params.push_back(core::IntegerParam("feature_dimension", 4, 1, 1000, "d, latent factors"));
  spec.params.push_back(
      core::RealListParam("features", {}, 0, 1,
                          "optional feature map, H S A d values (index ((h S + s) A + a) d "
                          "+ i), rows in the simplex"));
  spec.validate = [](const core::Params& params) -> std::string {
    const auto& features = params.RealList("features");
    if (features.empty()) return "";
    const int64_t pairs =
        params.Integer("steps") * params.Integer("num_states") * params.Integer("num_actions");
    const int64_t d = params.Integer("feature_dimension");
    if (static_cast<int64_t>(features.size()) != pairs * d) {
      return "features has " + std::to_string(features.size()) +
             " values; with steps * num_states * num_actions = " + std::to_string(pairs) +
             " pairs and feature_dimension = " + std::to_string(d) + " it must have " +
             std::to_string(pairs * d);
    }
    for (int64_t pair = 0; pair < pairs; ++pair) {
      double total = 0;
      for (int64_t i = 0; i < d; ++i) total += features[static_cast<size_t>(pair * d + i)];
      if (std::abs(total - 1.0) > 1e-9) {
        return "features row " + std::to_string(pair) + " sums to " + std::to_string(total) +
               "; every feature must lie in the simplex (it mixes the latent next-state laws)";
      }
    }
    return "";
  };
  spec.test_params = {{"steps", int64_t{3}},
                      {"num_states", int64_t{2}},
                      {"num_actions", int64_t{2}},
                      {"feature_dimension", int64_t{2}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::EpisodicMdpProtocol, LowRankLinearMdp, Spec());

}  // namespace
}  // namespace regretlab::environments::mdp
