// multi-level epsilon-best arm with log log K levels (streaming)
//
// References: S. Assadi, C. Wang (2020), STOC (multi-level epsilon-best arm); Chen Wang (2023).
//   Tight regret bounds for single-pass streaming multi-armed bandits. ICML 2023,
//   arXiv 2306.02208 (regret reduction; level schedules of the public code `algorithms.py`).
//
// Policy: the multi-level duel/promotion scheme of multi_level.h, with ε = (K/T)^{1/3} and
// an O(log log K)-level schedule: n_ℓ = 2^ℓ/ε², b_ℓ = 2^{2^ℓ}·n_ℓ (level ℓ accepts about
// 2^{2^ℓ}/2 duels before promoting), levels ℓ = 0..⌈log2 log2 K⌉. The public code has such a
// variant; its exact constants could not be read [U], these are ours.
//
// Guarantee: memory O(log log K); expected regret O(K^(1/3) T^(2/3)). Registered bound
// `multi_level_log_log_rate`: 20·K^{1/3}T^{2/3} at the final T (constant ours, unchecked;
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
      num_arms > 2
          ? static_cast<int64_t>(std::ceil(std::log2(std::log2(static_cast<double>(num_arms)))))
          : 0;
  for (int64_t level = 0; level <= top; ++level) {
    const long double batch = std::ldexp(1.0L, static_cast<int>(level));
    schedule.batch.push_back(batch);
    schedule.budget.push_back(std::exp2(std::ldexp(1.0L, static_cast<int>(level))) * batch);
  }
  return schedule;
}

class MultiLevelLogLog final : public MultiLevelEpsilonBest {
 public:
  explicit MultiLevelLogLog(const core::Params& params) : MultiLevelEpsilonBest(params, Schedule) {}
};

registry::ComponentSpec Spec() {
  return StreamingAlgorithmSpec(
      "multi_level_log_log", "multi-level epsilon-best arm with log log K levels (streaming)",
      kMultiLevelCitation, "memory O(log log K); expected regret O(K^(1/3) T^(2/3))", true);
}

REGRETLAB_REGISTER_ALGORITHM(protocol::StreamingBanditProtocol, MultiLevelLogLog, Spec());
REGRETLAB_REGISTER_BOUND(MultiLevelRateBound("multi_level_log_log_rate", "multi_level_log_log"));

}  // namespace
}  // namespace regretlab::algorithms::streaming
