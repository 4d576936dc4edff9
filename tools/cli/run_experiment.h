// The `run` and `merge` commands as library functions, so the tests drive the same code path as
// the command line.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace regretlab::cli {

// How the processes of one run cooperate. One process: rank 0 of 1. Under MPI (`run --mpi`) every
// rank runs the units of shard rank/size into the shared OUT.parts, and rank 0 assembles.
struct Coordinator {
  int rank = 0;
  int size = 1;
  std::function<void()> barrier = [] {};
  // Rank 0's value, on every rank.
  std::function<int(int)> broadcast = [](int value) { return value; };
};

struct RunOptions {
  std::string spec_file;
  // Non-empty: the spec's TOML text itself (spec_file then only names it in messages).
  std::string spec_text;
  std::string output;  // empty: results/<experiment name>.h5
  int threads = 0;     // 0: all cores
  std::vector<std::string> overrides;
  bool resume = false;
  bool force = false;
  int64_t shard_index = 0;  // with shard_count > 1: run only this shard's units, no assembly
  int64_t shard_count = 1;
  bool progress = true;  // progress bar on a terminal, log lines otherwise
  // For the kill-and-resume test: stop (as if killed) after this many units were written.
  int64_t stop_after_units = -1;
  Coordinator coordinator;  // MPI ranks; the default is a single process
  // Optional (the Python module): told (units done, units to do) after each unit, from a worker
  // thread; and polled before each unit: once true, no further unit starts and the run returns
  // with its parts on disk (RunSummary::stopped), resumable like a killed run.
  std::function<void(int64_t done, int64_t total)> on_progress;
  std::function<bool()> stop_requested;
};

struct RunSummary {
  std::string output;
  int64_t units_run = 0;
  int64_t units_skipped = 0;
  int64_t failed_cells = 0;
  bool assembled = false;
  double seconds = 0;
  int64_t replicate_steps = 0;
  bool stopped = false;  // stop_requested ended the run early: parts on disk, not assembled
};

// The progress line's ETA: it extrapolates the work done (replicates × horizon of the finished
// units), not the number of units, since units of a horizon sweep differ in size by orders of
// magnitude; before the first unit finishes it says it does not know.
std::string EtaText(double elapsed_seconds, int64_t work_done, int64_t total_work);

// Throws core::ConfigError for every user error, before anything is simulated or overwritten.
RunSummary RunExperiment(const RunOptions& options, std::ostream& log);

// `regretlab merge OUT SHARDS...`: assembles OUT from the part folders (or part files) of the
// shards of one sweep, after checking provenance, duplicates and completeness. OUT must not
// exist unless `force`; with `clean`, the merged part folders are removed afterwards.
RunSummary MergeShards(const std::string& output, const std::vector<std::string>& sources,
                       bool force, bool clean, std::ostream& log);

}  // namespace regretlab::cli
