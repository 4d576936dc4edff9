// Tabular layered MDP with one-hot features and adversarial losses
// (docs/theory/log_barrier.md §3.6 E-B6) [R: construction ours, after the original design].
//
// Model: H steps, S states per layer, A actions, start state 0; each P_h(·|s, a) is drawn from a
// symmetric Dirichlet(concentration) over the S states of the next layer (Gamma draws normalised,
// sim/random/samplers.h). Features are one-hot per layer: φ(h, s, a) = e_{s·A + a} ∈ R^{S·A}, so
// with θ_h = Q_h(·, ·) the linear-Q assumption holds exactly (d = S·A, ‖φ‖ = 1).
//
// Losses (oblivious: fixed by the replicate key before the run):
//   doubling_switch  two tables T_0 and T_1 = 1 − T_0 (T_0 uniform on [0, 1] per entry, or given
//                    by `loss_tables`); episode k uses T_{j mod 2} where j = ⌊log2 k⌋, i.e.
//                    epochs of length 2^j alternate. Follow-the-leader chases the table of the
//                    last epoch, which is always the larger part of the past, and loses linearly.
//   iid_corrupted    ℓ_k(h,s,a) ~ Bernoulli(T_0(h,s,a)), independent per entry and episode (drawn
//   at
//                    the Philox address (k, entry) of the loss substream); the first `corruption`
//                    episodes use T_1 (= 1 − T_0 unless given) instead of T_0 as the means.
//
// Instance: with same_instance = true (default) the model and T_0 are drawn from the replicate-0
// key, so every replicate faces the same MDP and tables (the loss noise of iid_corrupted still
// differs per replicate); with false, each replicate draws its own.
//
// | parameter      | type          | default          | meaning                                  |
// |----------------|---------------|------------------|------------------------------------------|
// | steps          | integer ≥ 1   | 5                | H                                        |
// | num_states     | integer ≥ 1   | 3                | S per layer                              |
// | num_actions    | integer ≥ 2   | 4                | A                                        |
// | concentration  | real > 0      | 0.3              | Dirichlet parameter of each P_h(·|s,a)   |
// | losses         | string        | doubling_switch  | doubling_switch or iid_corrupted         |
// | corruption     | integer ≥ 0   | 0                | corrupted episodes (iid_corrupted)       |
// | loss_tables    | real list     | []               | optional T_0 then T_1, 2·H·S·A in [0, 1] |
// | same_instance  | bool          | true             | one instance for all replicates          |
#include <cmath>
#include <string>
#include <vector>

#include "environments/mdp/mdp_environment_util.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::mdp {
namespace {

class TabularSwitchingMdp final : public LayeredMdpEnvironment {
 public:
  explicit TabularSwitchingMdp(const core::Params& params)
      : LayeredMdpEnvironment(params), given_tables_(params.RealList("loss_tables")) {}

  void Reset(const random::StreamKey& key) override {
    random::Rng rng = InstanceRng(key);
    const int64_t num_s = model_.num_states;
    model_.transition.assign(
        static_cast<size_t>((model_.horizon - 1) * num_s * model_.num_actions * num_s), 0.0);
    for (size_t row = 0; row < model_.transition.size(); row += static_cast<size_t>(num_s)) {
      SampleDirichletRow(
          rng, concentration_,
          std::span<double>(model_.transition).subspan(row, static_cast<size_t>(num_s)));
    }
    const size_t size = model_.StateActionCount();
    table_.resize(2 * size);
    if (!given_tables_.empty()) {
      table_ = given_tables_;
    } else {
      for (size_t i = 0; i < size; ++i) {
        table_[i] = rng.Uniform01();
        table_[size + i] = 1.0 - table_[i];
      }
    }
  }

  int64_t FeatureDimension() const override { return model_.num_states * model_.num_actions; }
  void Features(std::span<double> features) const override {
    const size_t d = static_cast<size_t>(FeatureDimension());
    std::fill(features.begin(), features.end(), 0.0);
    for (int64_t h = 0; h < model_.horizon; ++h) {
      for (int64_t s = 0; s < model_.num_states; ++s) {
        for (int64_t a = 0; a < model_.num_actions; ++a) {
          features[model_.StateActionIndex(h, s, a) * d +
                   static_cast<size_t>(s * model_.num_actions + a)] = 1.0;
        }
      }
    }
  }

  // ℓ_k: T_0 or T_1 (doubling switch), or Bernoulli draws with T_0's means (T_1's when corrupted).
  void Loss(int64_t episode, std::span<double> loss) const override {
    ScheduledDraw(episode, table_, loss);
  }

 private:
  std::vector<double> given_tables_;
  std::vector<double> table_;  // T_0 then T_1
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "tabular_switching_mdp",
      "layered tabular MDP with Dirichlet transitions, one-hot features (linear-Q holds) and "
      "doubling-switch or i.i.d.+corruption losses",
      "regretlab docs/theory/log_barrier.md section 3.6 E-B6 (construction ours [R])",
      "oblivious losses in [0,1]; linear-Q with d = S A, ||phi|| = 1", CommonMdpParams());
  spec.params.push_back(
      core::RealListParam("loss_tables", {}, 0, 1,
                          "optional tables T_0 then T_1 (2 H S A values in [0, 1], index "
                          "(h S + s) A + a)"));
  spec.validate = [](const core::Params& params) -> std::string {
    const auto& tables = params.RealList("loss_tables");
    const int64_t size =
        params.Integer("steps") * params.Integer("num_states") * params.Integer("num_actions");
    if (!tables.empty() && static_cast<int64_t>(tables.size()) != 2 * size) {
      return "loss_tables has " + std::to_string(tables.size()) +
             " values; it must hold two "
             "tables of steps * num_states * num_actions = " +
             std::to_string(size) + " entries each (" + std::to_string(2 * size) + " values)";
    }
    return "";
  };
  spec.test_params = {
      {"steps", int64_t{3}}, {"num_states", int64_t{2}}, {"num_actions", int64_t{2}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::EpisodicMdpProtocol, TabularSwitchingMdp, Spec());

}  // namespace
}  // namespace regretlab::environments::mdp
