// Runs every work unit of a plan in-process and returns the results by unit index (the tests'
// way to use the engine without HDF5). Catch2 assertions are not thread-safe, so results are
// collected under a lock and checked by the caller.
#pragma once

#include <mutex>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/plan/plan.h"

namespace regretlab::test_support {

inline std::vector<engine::UnitResult> RunAllUnits(const plan::Plan& plan, int threads) {
  std::vector<engine::UnitResult> results(plan.units.size());
  std::mutex mutex;
  engine::EngineOptions options;
  options.threads = threads;
  for (size_t u = 0; u < plan.units.size(); ++u) options.unit_indices.push_back(u);
  options.on_unit_done = [&](engine::UnitResult&& result) {
    std::lock_guard<std::mutex> lock(mutex);
    results[result.unit_index] = std::move(result);
  };
  engine::RunUnits(plan, options);
  return results;
}

// Row-major (replicates × checkpoints) matrix of one metric of one cell, gathered from the units.
inline std::vector<double> CellMatrix(const plan::Plan& plan,
                                      const std::vector<engine::UnitResult>& results,
                                      size_t cell_index, const std::string& metric) {
  const plan::CellPlan& cell = plan.cells[cell_index];
  const size_t checkpoints = cell.checkpoints.rounds.size();
  std::vector<double> matrix(static_cast<size_t>(cell.replicates) * checkpoints, 0.0);
  for (const auto& result : results) {
    if (result.cell_index != cell_index || !result.error.empty()) continue;
    const auto& values = result.metrics[result.MetricIndex(metric)];
    std::copy(values.begin(), values.end(),
              matrix.begin() + static_cast<std::ptrdiff_t>(result.first_replicate * checkpoints));
  }
  return matrix;
}

}  // namespace regretlab::test_support
