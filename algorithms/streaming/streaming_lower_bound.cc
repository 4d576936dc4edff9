// The Ω(K^{1/3}T^{2/3}) regret lower bound for single-pass streaming bandits with o(K) memory.
//
// Reference: Chen Wang (2023). Tight regret bounds for single-pass streaming multi-armed bandits.
//   ICML 2023, arXiv 2306.02208, main lower bound (abstract): any algorithm storing o(K) arms has
//   expected regret Ω(K^{1/3}T^{2/3}) on some instance. The instance family and the constant
//   could not be read (docs/theory/streaming.md §4.3 [U]); the needle of
//   environments/streaming/streaming_needle.cc (gap (K/T)^{1/3}) is our reconstruction of it.
//
// Registered as `streaming_lower_wang2023`, kind lower_asymptotic (compared at the final T only,
// never "violated": the constant is unknown), value K^{1/3}T^{2/3} with constant 1 (ours), on the
// streaming needle only, for the sublinear-memory algorithms.
#include <cmath>

#include "algorithms/streaming/streaming_kernels.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::streaming {
namespace {

registry::BoundSpec Bound() {
  registry::BoundSpec bound = registry::MakeBoundSpec(
      registry::BoundKind::kLowerAsymptotic, "streaming_lower_wang2023",
      protocol::kStreamingBanditProtocol, "pseudo_regret",
      {"uniform_exploration", "naive_epsilon_best", "game_of_arms", "multi_level_log_star",
       "multi_level_log", "multi_level_log_log"},
      "Chen Wang (2023), ICML, arXiv 2306.02208, lower bound for o(K) memory "
      "(constant and instance not read: [U])",
      "E[R_T] >= c K^(1/3) T^(2/3) for o(K)-memory algorithms; c = 1 shown (ours)", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params&) {
    return oracle.HasScalar("lower_bound_instance") && oracle.Scalar("lower_bound_instance") == 1;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params&, int64_t) {
    return RateBound(oracle, 1.0);
  };
  return bound;
}

REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::streaming
