// "Mix-in" streaming instance of the reference experiment (Chen Wang 2023, public code;
// docs/theory/streaming.md §4.4): all K Bernoulli means drawn i.i.d. Uniform[0, 1] per replicate
// (so the arrival order is random too). Near-ties at the top are the rule, which makes ε-best arms
// plentiful.
//
// | parameter | type        | default | meaning |
// |-----------|-------------|---------|---------|
// | num_arms  | integer ≥ 1 | 1000    | K       |
#include "environments/streaming/stream_params.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::streaming {
namespace {

class MixIn final : public protocol::StreamingEnvironment {
 public:
  explicit MixIn(const core::Params& params) : num_arms_(params.Integer("num_arms")) {}
  int64_t NumArms() const override { return num_arms_; }

 protected:
  void DrawMeans(random::Rng& rng, std::vector<double>& means) override {
    for (double& mean : means) mean = rng.Uniform01();
  }

 private:
  int64_t num_arms_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "mix_in", "streaming: all K means i.i.d. Uniform[0, 1]",
      "Chen Wang (2023), arXiv 2306.02208, public experiment code (mix-in setting)",
      "Bernoulli rewards; random means and order", {NumArmsParam(1000)},
      {{"num_arms", int64_t{20}}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::StreamingBanditProtocol, MixIn, Spec());

}  // namespace
}  // namespace regretlab::environments::streaming
