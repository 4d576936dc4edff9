#include "sim/engine/engine.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>

#include "sim/core/check.h"
#include "sim/registry/registry.h"

namespace regretlab::engine {

UnitResult RunUnit(const plan::Plan& plan, size_t unit_index) {
  const plan::WorkUnit& unit = plan.units.at(unit_index);
  const plan::CellPlan& cell = plan.cells.at(unit.cell_index);
  UnitResult result;
  result.unit_index = unit_index;
  result.unit_id = unit.id;
  result.cell_index = unit.cell_index;
  result.first_replicate = unit.first_replicate;
  result.count = unit.count;
  const registry::ProtocolSpec* protocol = registry::Registry::Get().FindProtocol(cell.protocol);
  REGRETLAB_CHECK(protocol != nullptr, "protocol ", cell.protocol, " is not registered");
  try {
    protocol->run_unit(cell, unit.first_replicate, unit.count, result);
  } catch (const core::InvariantError& error) {
    result.error = error.what();
  } catch (const core::ComponentError& error) {
    result.error = error.what();
  }
  result.first_replicate = unit.first_replicate;
  result.count = unit.count;
  return result;
}

void RunUnits(const plan::Plan& plan, const EngineOptions& options) {
  const int threads =
      options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    // Grain 1: a unit is seconds of work; TBB's work stealing balances uneven cells.
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, options.unit_indices.size(), 1),
        [&](const tbb::blocked_range<size_t>& range) {
          for (size_t i = range.begin(); i != range.end(); ++i) {
            if (options.stop_requested && options.stop_requested()) continue;
            options.on_unit_done(RunUnit(plan, options.unit_indices[i]));
          }
        },
        tbb::simple_partitioner());
  });
}

namespace {

// Quantile by linear interpolation between order statistics (type 7 of Hyndman & Fan 1996, the
// default of R and numpy), so values can be checked against those tools.
double Quantile(std::vector<double>& sorted_values, double level) {
  const double position = level * static_cast<double>(sorted_values.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted_values.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted_values[below] + weight * (sorted_values[above] - sorted_values[below]);
}

}  // namespace

Summary Summarise(const std::vector<double>& matrix, int64_t replicates, int64_t checkpoints) {
  Summary summary;
  const size_t count = static_cast<size_t>(checkpoints);
  summary.mean.assign(count, 0);
  summary.stderr_of_mean.assign(count, 0);
  summary.q05.assign(count, 0);
  summary.q50.assign(count, 0);
  summary.q95.assign(count, 0);
  std::vector<double> column(static_cast<size_t>(replicates));
  for (int64_t c = 0; c < checkpoints; ++c) {
    // Two passes in replicate order: the mean, then the centred sum of squares (stable).
    double sum = 0;
    for (int64_t r = 0; r < replicates; ++r) {
      column[r] = matrix[static_cast<size_t>(r * checkpoints + c)];
      sum += column[r];
    }
    const double mean = sum / static_cast<double>(replicates);
    double squares = 0;
    for (int64_t r = 0; r < replicates; ++r) squares += (column[r] - mean) * (column[r] - mean);
    summary.mean[c] = mean;
    summary.stderr_of_mean[c] = replicates > 1
                                    ? std::sqrt(squares / static_cast<double>(replicates - 1) /
                                                static_cast<double>(replicates))
                                    : 0.0;
    std::sort(column.begin(), column.end());
    summary.q05[c] = Quantile(column, 0.05);
    summary.q50[c] = Quantile(column, 0.50);
    summary.q95[c] = Quantile(column, 0.95);
  }
  return summary;
}

}  // namespace regretlab::engine
