// Arrival-order stress instances (docs/theory/streaming.md §4.4): K Bernoulli arms with means
// evenly spaced on [low, high], arriving in one of three orders:
//   best_first  the best arm first, the others in a random order (per replicate): a king found
//               early must survive K − 1 challenges;
//   best_last   the best arm last, the others in a random order: it must be recognised at the
//               very end of the stream;
//   staircase   increasing means: every arm beats the king before it, the most king
//               replacements (and promotions in the multi-level algorithms) possible.
//
// | parameter | type                               | default     | meaning              |
// |-----------|------------------------------------|-------------|----------------------|
// | num_arms  | integer ≥ 1                        | 1000        | K                    |
// | order     | best_first / best_last / staircase | "staircase" | the arrival order    |
// | low, high | reals in [0, 1], low < high        | 0.1, 0.9    | range of the means   |
#include <string>

#include "environments/streaming/stream_params.h"
#include "sim/core/param_builders.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::streaming {
namespace {

class OrderStress final : public protocol::StreamingEnvironment {
 public:
  explicit OrderStress(const core::Params& params)
      : num_arms_(params.Integer("num_arms")),
        order_(params.String("order")),
        low_(params.Real("low")),
        high_(params.Real("high")) {}
  int64_t NumArms() const override { return num_arms_; }

 protected:
  void DrawMeans(random::Rng& rng, std::vector<double>& means) override {
    const size_t k = means.size();
    for (size_t i = 0; i < k; ++i) {  // increasing: the staircase
      means[i] = k == 1
                     ? high_
                     : low_ + (high_ - low_) * static_cast<double>(i) / static_cast<double>(k - 1);
    }
    if (order_ == "best_first") {
      std::swap(means[0], means[k - 1]);  // best first, then shuffle the rest
      ShuffleRange(rng, means, 1);
    } else if (order_ == "best_last") {
      means.pop_back();
      ShuffleRange(rng, means);
      means.push_back(high_);
    }
  }

 private:
  int64_t num_arms_;
  std::string order_;
  double low_, high_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "order_stress",
      "streaming: evenly spaced means; best first, best last, or increasing staircase",
      "regretlab (docs/theory/streaming.md section 4.4 order stress); ours, no paper counterpart",
      "Bernoulli rewards; adversarial arrival orders for king-based algorithms",
      {NumArmsParam(1000),
       core::ChoiceParam("order", "staircase", {"best_first", "best_last", "staircase"},
                         "arrival order of the arms"),
       core::RealParam("low", 0.1, 0.0, 1.0, false, "smallest mean"),
       core::RealParam("high", 0.9, 0.0, 1.0, false, "largest mean (the best arm)")});
  spec.validate = [](const core::Params& params) -> std::string {
    return params.Real("low") < params.Real("high") ? "" : "low must be below high";
  };
  spec.test_params = {{"num_arms", int64_t{20}}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::StreamingBanditProtocol, OrderStress, Spec());

}  // namespace
}  // namespace regretlab::environments::streaming
