// multi-level epsilon-best arm with log* K levels (streaming)
//
// References: S. Assadi, C. Wang (2020), STOC (multi-level epsilon-best arm); Chen Wang (2023).
//   Tight regret bounds for single-pass streaming multi-armed bandits. ICML 2023,
//   arXiv 2306.02208 (regret reduction; level schedules of the public code `algorithms.py`).
//
// Policy: the multi-level duel/promotion scheme of multi_level.h, with ε = (K/T)^{1/3} and
// the log* schedule of docs/theory/streaming.md §4.2: r_0 = 2, r_{ℓ+1} = 2^{r_ℓ}; levels ℓ = 0..L
// with L the first level whose r_L ≥ K (the tower exceeds K); n_0 = 1/ε², n_ℓ = r_ℓ/ε²; b_0 = 4/ε²
// and b_ℓ = 2^{r_ℓ}·n_ℓ / 2^{r_{ℓ−1}} (infinite once 2^{r_ℓ} overflows: that level never promotes).
//
// Guarantee: memory O(log* K); expected regret O(K^(1/3) T^(2/3)). Registered bound
// `multi_level_log_star_rate`: 20·K^{1/3}T^{2/3} at the final T (constant ours, unchecked;
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
  long double tower = 2;  // r_ℓ
  schedule.batch.push_back(1);
  schedule.budget.push_back(4);
  while (tower < static_cast<long double>(num_arms)) {
    const long double previous = tower;
    tower = tower > 16000 ? INFINITY : std::exp2(tower);
    const long double batch = tower;
    schedule.batch.push_back(batch);
    schedule.budget.push_back(tower > 16000 ? INFINITY
                                            : std::exp2(tower) * batch / std::exp2(previous));
  }
  return schedule;
}

class MultiLevelLogStar final : public MultiLevelEpsilonBest {
 public:
  explicit MultiLevelLogStar(const core::Params& params)
      : MultiLevelEpsilonBest(params, Schedule) {}
};

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "multi_level_log_star", "multi-level epsilon-best arm with log* K levels (streaming)",
      kMultiLevelCitation, "memory O(log* K); expected regret O(K^(1/3) T^(2/3))", true);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, MultiLevelLogStar, Spec());
REGRETLAB_REGISTER_BOUND(MultiLevelRateBound("multi_level_log_star_rate", "multi_level_log_star"));

}  // namespace
}  // namespace regretlab::algorithms::streaming
