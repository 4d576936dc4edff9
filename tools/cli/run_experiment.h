// The `run` and `merge` commands as library functions, so the tests drive the same code path as
// the command line.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace regretlab::cli {

struct RunOptions {
  std::string spec_file;
  std::string output;  // empty: results/<experiment name>.h5
  int threads = 0;     // 0: all cores
  std::vector<std::string> overrides;
  bool resume = false;
  bool force = false;
  int64_t shard_index = 0;  // with shard_count > 1: run only this shard's units, no assembly
  int64_t shard_count = 1;
  bool progress = true;     // progress bar on a terminal, log lines otherwise
  // For the kill-and-resume test: stop (as if killed) after this many units were written.
  int64_t stop_after_units = -1;
};

struct RunSummary {
  std::string output;
  int64_t units_run = 0;
  int64_t units_skipped = 0;
  int64_t failed_cells = 0;
  bool assembled = false;
  double seconds = 0;
  int64_t replicate_steps = 0;
};

// Throws core::ConfigError for every user error, before anything is simulated or overwritten.
RunSummary RunExperiment(const RunOptions& options, std::ostream& log);

// Assembles OUT from OUT.parts once all shards are done.
RunSummary MergeShards(const std::string& spec_file, const std::vector<std::string>& overrides,
                       const std::string& output, std::ostream& log);

}  // namespace regretlab::cli
