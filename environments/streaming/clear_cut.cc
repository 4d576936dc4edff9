// "Clear-cut" streaming instance of the reference experiment (Chen Wang 2023, public code
// `streamingMAB.py`; docs/theory/streaming.md §4.4): K − 1 Bernoulli arms whose means are drawn
// from a Normal(0.5, 0.1²) truncated to [0, 0.8], plus one arm of mean 0.82, in a uniformly random
// arrival order.
// Drawn afresh for every replicate from the instance stream, the same for every algorithm.
//
// | parameter  | type        | default | meaning                               |
// |------------|-------------|---------|---------------------------------------|
// | num_arms   | integer ≥ 1 | 1000    | K                                     |
// | best_mean  | real (0.8,1]| 0.82    | mean of the one clearly best arm      |
#include "environments/streaming/stream_params.h"
#include "sim/core/param_builders.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/random/samplers.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::streaming {
namespace {

class ClearCut final : public protocol::StreamingEnvironment {
 public:
  explicit ClearCut(const core::Params& params)
      : num_arms_(params.Integer("num_arms")), best_mean_(params.Real("best_mean")) {}
  int64_t NumArms() const override { return num_arms_; }

 protected:
  void DrawMeans(random::Rng& rng, std::vector<double>& means) override {
    means[0] = best_mean_;
    for (size_t arm = 1; arm < means.size(); ++arm) {
      double mean;
      do {  // truncation by rejection: P(accept) = P(N(0.5, 0.01) in [0, 0.8]) ≈ 0.9987
        mean = random::SampleNormal(rng, 0.5, 0.1);
      } while (mean < 0.0 || mean > 0.8);
      means[arm] = mean;
    }
    ShuffleRange(rng, means);
  }

 private:
  int64_t num_arms_;
  double best_mean_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "clear_cut", "streaming: K-1 arms ~ N(0.5, 0.1^2) truncated to [0, 0.8], one arm at 0.82",
      "Chen Wang (2023), arXiv 2306.02208, public experiment code (clear-cut setting)",
      "Bernoulli rewards; best-vs-rest gap >= 0.02, random arrival order",
      {NumArmsParam(1000), core::RealParam("best_mean", 0.82, 0.8, 1.0, true,
                                           "mean of the best arm (the others are at most 0.8)")},
      {{"num_arms", int64_t{20}}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::StreamingBanditProtocol, ClearCut, Spec());

}  // namespace
}  // namespace regretlab::environments::streaming
