// The lower-bound-style streaming instance (docs/theory/streaming.md §4.4 "needle" [R]): K − 1
// Bernoulli arms at ½ and one at ½ + ε with ε = min(c·(K/T)^{1/3}, ½), at a uniformly random
// arrival position drawn per replicate. ε = (K/T)^{1/3} is the gap at which finding the needle with
// o(K) memory costs Ω(K^{1/3}T^{2/3}) regret (Chen Wang 2023, main lower bound); the bound
// `streaming_lower_wang2023` applies to this environment only.
//
// | parameter | type        | default | meaning                          |
// |-----------|-------------|---------|----------------------------------|
// | num_arms  | integer ≥ 1 | 1000    | K                                |
// | c         | real > 0    | 1.0     | ε = min(c·(K/T)^{1/3}, 1/2)       |
#include <algorithm>
#include <cmath>

#include "environments/streaming/stream_params.h"
#include "sim/core/param_builders.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::streaming {
namespace {

class StreamingNeedle final : public protocol::StreamingEnvironment {
 public:
  explicit StreamingNeedle(const core::Params& params)
      : num_arms_(params.Integer("num_arms")), c_(params.Real("c")) {}
  int64_t NumArms() const override { return num_arms_; }

 protected:
  void DrawMeans(random::Rng& rng, std::vector<double>& means) override {
    REGRETLAB_CHECK(horizon_ > 0, "the needle's gap depends on the horizon, which is unset");
    const double epsilon = std::min(
        0.5, c_ * std::cbrt(static_cast<double>(num_arms_) / static_cast<double>(horizon_)));
    std::fill(means.begin(), means.end(), 0.5);
    means[rng.UniformInt(static_cast<uint64_t>(num_arms_))] = 0.5 + epsilon;
  }
  bool IsLowerBoundInstance() const override { return true; }

 private:
  int64_t num_arms_;
  double c_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "streaming_needle",
      "streaming needle: K-1 arms at 1/2, one at 1/2 + c (K/T)^(1/3), random position",
      "Chen Wang (2023), arXiv 2306.02208, lower-bound instance (as reconstructed, "
      "docs/theory/streaming.md section 4.4 [R])",
      "Bernoulli rewards; o(K)-memory algorithms have regret Omega(K^(1/3) T^(2/3))",
      {NumArmsParam(1000), core::RealParam("c", 1.0, 0.0, core::kUnbounded, true,
                                           "gap scale: epsilon = min(c (K/T)^(1/3), 1/2)")},
      {{"num_arms", int64_t{20}}});
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::StreamingBanditProtocol, StreamingNeedle, Spec());

}  // namespace
}  // namespace regretlab::environments::streaming
