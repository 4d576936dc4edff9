// `regretlab report` and `regretlab verify`: read a result file with no knowledge of how it was
// made. The report lists the spec's claims first, then every cell in the file's /index order
// (environment, algorithm, swept parameters numerically) under a header naming in full what
// varies, with the final value and its 95% interval, the log–log slope, each bound's verdict,
// the sweeps' exponents against theory and paired comparisons. `--csv` writes a tidy table (one
// row per cell × metric × checkpoint, one column per parameter); `--summary-csv` the findings
// (per-replicate finals, finals, slopes, verdicts, exponents, paired differences, claims).
#pragma once

#include <ostream>
#include <string>

namespace regretlab::analysis {

struct ReportOptions {
  // An algorithm name: pair every cell with this algorithm's cell of the same environment,
  // horizon, replicates and seed (whatever the algorithms' own parameters) and print the paired
  // difference of final values per replicate. Unknown: ConfigError listing the algorithms present.
  std::string baseline;
  std::string metric;  // only this metric ("" = all); unknown: ConfigError listing those recorded
};

// Throws ConfigError naming the file when it is missing, truncated, not HDF5 or not a regretlab
// result file of a supported schema version, and naming the option for a bad --baseline/--metric.
void PrintReport(const std::string& result_file, std::ostream& out,
                 const ReportOptions& options = {});
void WriteTidyCsv(const std::string& result_file, const std::string& csv_file,
                  const ReportOptions& options = {});
void WriteSummaryCsv(const std::string& result_file, const std::string& csv_file,
                     const ReportOptions& options = {});

// Prints the claims of a result file; returns how many are not reproduced.
int PrintClaims(const std::string& result_file, std::ostream& out);

// Opens and checks a result file; used by report and resume.
void CheckResultFile(const std::string& result_file);

}  // namespace regretlab::analysis
