// Full-memory index policies (UCB1, MOSS) on the streaming instances, as references for what
// memory buys (docs/theory/streaming.md §4.2): they read and store all K arms (budget K), pull each
// once, then play index policies in batches.
//
// Batching (ours): the arm with the highest index is pulled max(1, ⌊growth·n_j⌋) times in a row,
// n_j its pull count so far (growth = 1: its count doubles). A per-pull index over T = 10^9 pulls
// would take hours; with batches the number of index computations is O(K log T / log(1 +
// growth)). The price: after a batch starts, the index is not re-read for up to growth·n_j pulls,
// so the regret of each suboptimal arm is at most (1 + growth) times what the per-pull policy's
// analysis allows (its count overshoots the stopping count by that factor at most). The bounds of
// the per-pull policies are therefore not registered for these references.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "sim/core/param_builders.h"
#include "sim/protocol/streaming_bandit.h"

namespace regretlab::algorithms::streaming {

// Index policies of the form index_j(t) = offset_j + scale(t)·weight_j, where offset_j and weight_j
// depend only on arm j's own statistics: they are recomputed for the pulled arm only, so a
// selection is one multiply-add per arm (K = 10^4 arms over T = 10^9 pulls: about 10^5
// selections). `arm_terms(mean, count)` → {offset, weight}; `scale(pulls_made)`.
template <class ArmTerms, class Scale>
void RunBatchedIndexPolicy(protocol::ArmStream& stream, double growth, ArmTerms arm_terms,
                           Scale scale) {
  const int64_t num_arms = stream.num_arms();
  std::vector<uint64_t> counts(static_cast<size_t>(num_arms), 0);
  std::vector<uint64_t> successes(static_cast<size_t>(num_arms), 0);
  std::vector<double> offsets(static_cast<size_t>(num_arms), 0.0);
  std::vector<double> weights(static_cast<size_t>(num_arms), 0.0);
  auto refresh = [&](int64_t arm) {
    const double count = static_cast<double>(counts[arm]);
    const auto [offset, weight] = arm_terms(static_cast<double>(successes[arm]) / count, count);
    offsets[arm] = offset;
    weights[arm] = weight;
  };
  // Read and store every arm, one pull each (T ≥ K is checked when the spec is read).
  while (stream.HasNext() && stream.remaining() > 0) {
    const int64_t arm = stream.ReadNext();
    stream.Store(arm);
    successes[arm] += stream.Pull(arm, 1);
    counts[arm] = 1;
    refresh(arm);
  }
  while (stream.remaining() > 0) {
    const double factor = scale(static_cast<double>(stream.pulls_made()));
    int64_t best_arm = 0;
    double best_index = -std::numeric_limits<double>::infinity();
    for (int64_t arm = 0; arm < num_arms; ++arm) {
      const double value = offsets[arm] + factor * weights[arm];
      if (value > best_index) {
        best_index = value;
        best_arm = arm;
      }
    }
    const uint64_t batch = std::min<uint64_t>(
        stream.remaining(),
        std::max<uint64_t>(1,
                           static_cast<uint64_t>(growth * static_cast<double>(counts[best_arm]))));
    successes[best_arm] += stream.Pull(best_arm, batch);
    counts[best_arm] += batch;
    refresh(best_arm);
  }
}

inline core::ParamSpec BatchGrowthParam() {
  return core::RealParam(
      "batch_growth", 1.0, 0.0, 100.0, true,
      "an arm chosen by its index is pulled max(1, floor(growth * its count)) times "
      "in a row (1: its count doubles)");
}

}  // namespace regretlab::algorithms::streaming
