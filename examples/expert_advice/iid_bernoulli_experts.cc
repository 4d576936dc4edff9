// I.i.d. Bernoulli experts: in every round, expert i's loss is 1 with probability μ_i, else 0,
// independently across experts and rounds (the stochastic instance of prediction with expert
// advice; Cesa-Bianchi & Lugosi 2006, ch. 2). The draws come from the replicate's environment
// stream, N per round in expert order, so every algorithm of a cell faces the same losses.
//
// | parameter | type          | default              | meaning                              |
// |-----------|---------------|----------------------|--------------------------------------|
// | means     | list in [0,1] | [0.3, 0.5, 0.5, 0.5] | μ_i, the loss probability of expert i |
#include <span>
#include <vector>

#include "examples/expert_advice/expert_advice.h"
#include "sim/random/samplers.h"

namespace regretlab::examples::expert_advice {
namespace {

class IidBernoulliExperts final : public ExpertsEnvironment {
 public:
  explicit IidBernoulliExperts(const core::Params& params) : means_(params.RealList("means")) {}

  int64_t NumExperts() const override { return static_cast<int64_t>(means_.size()); }
  void Reset(const random::StreamKey& key) override { rng_.Seed(key); }
  void Losses(int64_t /*round*/, std::span<double> losses) override {
    for (size_t i = 0; i < means_.size(); ++i) {
      losses[i] = static_cast<double>(random::SampleBernoulli(rng_, means_[i]));
    }
  }
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = ExpertsEnvironment::Oracle();
    oracle.vectors["means"] = means_;
    return oracle;
  }

 private:
  std::vector<double> means_;
  random::Rng rng_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec;
  spec.name = "iid_bernoulli_experts";
  spec.summary = "experts with i.i.d. Bernoulli(mu_i) losses";
  spec.citation = "Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, ch. 2";
  spec.guarantee = "losses in {0,1}; i.i.d. across rounds and experts";
  spec.params = {{.name = "means",
                  .type = core::ParamType::kRealList,
                  .default_value = std::vector<double>{0.3, 0.5, 0.5, 0.5},
                  .min = 0.0,
                  .max = 1.0,
                  .min_length = 2,
                  .help = "loss probability of each expert, N >= 2 values in [0, 1]"}};
  spec.test_params = {{"means", std::vector<double>{0.2, 0.6, 0.5}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(ExpertAdviceProtocol, IidBernoulliExperts, Spec());

}  // namespace
}  // namespace regretlab::examples::expert_advice
