// `regretlab sweep SPEC --slurm`: a Slurm job array whose task i runs shard i of n of the spec
// (`run --shard i/n --resume`, so a requeued or preempted task continues where it stopped), and a
// merge job that starts after the whole array succeeded (`--dependency=afterok`).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace regretlab::cli {

struct SweepOptions {
  std::string spec_file;
  std::string output;  // default results/<name>.h5
  std::vector<std::string> overrides;
  std::string partition;     // empty: the cluster's default
  std::string time_limit;    // e.g. "01:00:00"; empty: the partition's default
  int64_t max_parallel = 0;  // array tasks at once; 0: no limit
  int64_t shards = 0;        // array tasks; 0: one per work unit, at most 1000
  int threads = 1;           // CPUs per task
  bool dry_run = false;
  bool force = false;
};

struct SweepScripts {
  std::string directory;  // OUT.slurm
  std::string array_script;
  std::string merge_script;
  int64_t shards = 0;
};

// Validates the spec (ConfigError on any problem) and renders the two scripts.
SweepScripts RenderSweep(const SweepOptions& options, const std::string& executable);

// Writes the scripts and submits them with sbatch (unless dry_run, which prints them); prints
// the job ids. Returns the exit code.
int RunSlurmSweep(const SweepOptions& options, std::ostream& out, std::ostream& log);

}  // namespace regretlab::cli
