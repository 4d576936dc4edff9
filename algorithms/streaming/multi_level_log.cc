// multi-level epsilon-best arm with log K levels (streaming)
//
// References: S. Assadi, C. Wang (2020), STOC (multi-level epsilon-best arm); Chen Wang (2023).
//   Tight regret bounds for single-pass streaming multi-armed bandits. ICML 2023,
//   arXiv 2306.02208 (regret reduction; level schedules of the public code `algorithms.py`).
//
// Policy: the multi-level duel/promotion scheme of multi_level.h, with ε = (K/T)^{1/3} and
// the O(log K)-level schedule of the public code (docs/theory/streaming.md §4.2): n_ℓ = 1.2^ℓ/ε²,
// budgets (caps) b_ℓ = 6·n_ℓ, levels ℓ = 0..⌈log_{1.2} K⌉.
//
// Guarantee: memory O(log K); expected regret O(K^(1/3) T^(2/3)). Registered bound
// `multi_level_log_rate`: 20·K^{1/3}T^{2/3} at the final T (constant ours, unchecked;
// multi_level.h).
//
// Protocol: streaming_bandit.
//
// Parameters:
//   name              default  meaning
//   memory_budget     0        stored-arm budget the engine enforces; 0 = what it needs (levels)
//   reference_compat  false    reproduce the reference code's quirks 2, 4, 5, 6, 7
//                              (docs/theory/streaming.md §4.4)
#include <cmath>

#include "algorithms/streaming/multi_level.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {
namespace {

LevelSchedule Schedule(int64_t num_arms) {
  LevelSchedule schedule;
  const int64_t top =
      num_arms > 1
          ? static_cast<int64_t>(std::ceil(std::log(static_cast<double>(num_arms)) / std::log(1.2)))
          : 0;
  for (int64_t level = 0; level <= top; ++level) {
    const long double batch = std::pow(1.2L, static_cast<long double>(level));
    schedule.batch.push_back(batch);
    schedule.budget.push_back(6 * batch);
  }
  return schedule;
}

class MultiLevelLog final : public MultiLevelEpsilonBest {
 public:
  explicit MultiLevelLog(const core::Params& params) : MultiLevelEpsilonBest(params, Schedule) {}
};

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "multi_level_log", "multi-level epsilon-best arm with log K levels (streaming)",
      kMultiLevelCitation, "memory O(log K); expected regret O(K^(1/3) T^(2/3))", true);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, MultiLevelLog, Spec());
REGRETLAB_REGISTER_BOUND(MultiLevelRateBound("multi_level_log_rate", "multi_level_log"));

}  // namespace
}  // namespace regretlab::algorithms::streaming
