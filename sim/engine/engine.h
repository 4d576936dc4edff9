// The Monte-Carlo engine: tbb::parallel_for over work units.
//
// A unit builds its environment and algorithm from the registry, runs its block of replicates
// through its protocol's runner, and hands its result to `on_unit_done` (the recorder's queue).
// Every number in a result is a function of (spec, replicate) only: nothing depends on which
// thread ran what, how many threads there were, or in which order units finished.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"

namespace regretlab::engine {

struct EngineOptions {
  int threads = 0;                   // 0: all cores
  std::vector<size_t> unit_indices;  // units to run, in plan order
  // Called once per unit, from a worker thread, as soon as the unit is done (thread-safe sink).
  std::function<void(UnitResult&&)> on_unit_done;
  // Optional: polled before each unit starts; once it returns true no further unit starts (units
  // already running finish and are handed to on_unit_done). The Python module's Ctrl-C uses it.
  std::function<bool()> stop_requested;
};

// Runs the units; returns when all are done. Invariant failures are caught per unit and reported
// in UnitResult::error; everything else propagates.
void RunUnits(const plan::Plan& plan, const EngineOptions& options);

// Runs one unit synchronously (the tests and the benchmark use it directly).
UnitResult RunUnit(const plan::Plan& plan, size_t unit_index);

// Per-cell summaries in replicate order over a (replicates × checkpoints) row-major matrix.
struct Summary {
  std::vector<double> mean, stderr_of_mean, q05, q50, q95;
};
Summary Summarise(const std::vector<double>& matrix, int64_t replicates, int64_t checkpoints);

}  // namespace regretlab::engine
