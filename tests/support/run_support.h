// Running a spec file end to end from a test: the CLI's experiment runner with progress output
// off and its log discarded (the tests read the HDF5 file it writes).
#pragma once

#include <sstream>
#include <string>

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

}  // namespace regretlab::test_support
