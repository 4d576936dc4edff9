// Running a spec file end to end from a test: the CLI's experiment runner with progress output
// off and its log discarded (the tests read the HDF5 file it writes).
#pragma once

#include <sstream>
#include <string>

#include "tests/support/test_support.h"
#include "tools/cli/run_experiment.h"

namespace regretlab::test_support {

inline cli::RunSummary RunQuietly(cli::RunOptions options) {
  options.progress = false;
  std::ostringstream log;
  return cli::RunExperiment(options, log);
}

inline cli::RunSummary RunSpec(const std::string& spec, const std::string& output, int threads) {
  cli::RunOptions options;
  options.spec_file = spec;
  options.output = output;
  options.threads = threads;
  return RunQuietly(options);
}

// Runs `spec` into `one` with 1 thread and into `two` with 2; true when their /cells are identical.
inline bool SameCellsOnOneAndTwoThreads(const std::string& spec, const std::string& one,
                                        const std::string& two) {
  RunSpec(spec, one, 1);
  RunSpec(spec, two, 2);
  return CellsIdentical(one, two);
}

}  // namespace regretlab::test_support
