// `regretlab report`: reads a result file with no knowledge of how it was made and prints, per
// cell, the final mean regret with its 95% interval, the log–log slope with its interval,
// regret / ln T, and each bound's verdict. `--csv` writes a tidy table (one row per cell ×
// metric × checkpoint) for pandas or R.
#pragma once

#include <ostream>
#include <string>

namespace regretlab::analysis {

// Throws ConfigError naming the file when it is missing, truncated, not HDF5 or not a regretlab
// result file of a supported schema version.
//
// With `baseline` set to an algorithm name, also prints, for every cell that shares its
// environment, horizon, replicates and seed with a cell of that algorithm (and agrees with it on
// the parameters both declare, e.g. reference_compat), the paired difference of final regret per
// replicate (common random numbers make the pairs) with a 95% interval and as a percentage of
// the baseline's mean.
void PrintReport(const std::string& result_file, std::ostream& out,
                 const std::string& baseline = "");
void WriteTidyCsv(const std::string& result_file, const std::string& csv_file);

// Opens and checks a result file; used by report and resume.
void CheckResultFile(const std::string& result_file);

}  // namespace regretlab::analysis
