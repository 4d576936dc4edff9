// Parameters and helpers shared by the streaming environments (docs/theory/streaming.md §4.4).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/random/rng.h"

namespace regretlab::environments::streaming {

inline core::ParamSpec NumArmsParam(int64_t default_arms) {
  return core::IntegerParam("num_arms", default_arms, 1, 1e8,
                            "number of arms K in the stream (K >= 1)");
}

// Fisher–Yates shuffle of `values[first, end)` from the instance stream (uniform permutation).
inline void ShuffleRange(random::Rng& rng, std::vector<double>& values, size_t first = 0) {
  for (size_t i = values.size(); i > first + 1; --i) {
    const size_t j = first + static_cast<size_t>(rng.UniformInt(i - first));
    std::swap(values[i - 1], values[j]);
  }
}

}  // namespace regretlab::environments::streaming
