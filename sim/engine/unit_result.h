// What one work unit produces: for each recorded metric and bound, a (replicates × checkpoints)
// block in row-major order, plus wall times. Memory is O(replicates × checkpoints), never
// O(replicates × horizon).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace regretlab::engine {

struct UnitResult {
  size_t unit_index = 0;
  std::string unit_id;
  size_t cell_index = 0;
  int64_t first_replicate = 0;
  int64_t count = 0;
  int64_t num_checkpoints = 0;
  std::vector<std::string> metric_names;
  std::vector<std::vector<double>> metrics;  // [metric][replicate * C + checkpoint]
  std::vector<std::string> bound_names;
  std::vector<std::vector<double>> bounds;  // [bound][replicate * C + checkpoint]
  std::vector<double> wall_seconds;         // [replicate * C + checkpoint], since replicate start
  std::string error;                        // non-empty: the unit failed (an invariant broke)
  double seconds = 0;                       // wall time of the whole unit
  int64_t replicate_steps = 0;              // rounds simulated, for throughput

  // Allocates the blocks for `count` replicates.
  void Allocate(std::vector<std::string> metric_list, std::vector<std::string> bound_list,
                int64_t replicate_count, int64_t checkpoint_count) {
    metric_names = std::move(metric_list);
    bound_names = std::move(bound_list);
    count = replicate_count;
    num_checkpoints = checkpoint_count;
    const size_t size = static_cast<size_t>(count * num_checkpoints);
    metrics.assign(metric_names.size(), std::vector<double>(size, 0.0));
    bounds.assign(bound_names.size(), std::vector<double>(size, 0.0));
    wall_seconds.assign(size, 0.0);
  }

  // Index of a metric, or -1.
  int MetricIndex(const std::string& name) const {
    for (size_t i = 0; i < metric_names.size(); ++i) {
      if (metric_names[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

}  // namespace regretlab::engine
