// `regretlab report` output files and `regretlab verify`: what turns a result file into what a
// reader gets (CSV tables, the HTML page) and what checks an experiment's claims.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analysis/report.h"

namespace regretlab::cli {

// Refuses an output path that exists (unless `force`), is a directory, or whose folder is
// missing: ConfigError naming `option`, before anything is written.
void CheckNewOutput(const std::string& path, const std::string& option, bool force);

// The self-contained HTML page of a result file, written by the Python package
// (analysis/python/regretlab, `python3 -m regretlab html`) through OUT.partial and a rename.
void WriteHtmlPage(const std::string& result_file, const std::string& html_file, std::ostream& log);

struct VerifyOptions {
  std::vector<std::string> inputs;  // specs (TOML) or result files (HDF5)
  bool reduced = false;             // run specs with their `reduced` overrides
  std::vector<std::string> overrides;
  int threads = 0;
  std::string keep_directory;  // keep the result files of specs here (empty: a temporary folder)
  bool force = false;
};
// Prints every input's claims; returns the number of claims not reproduced.
int Verify(const VerifyOptions& options, std::ostream& out, std::ostream& log);

}  // namespace regretlab::cli
