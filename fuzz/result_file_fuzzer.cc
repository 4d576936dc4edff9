// libFuzzer target: the result-file readers behind `report`, `verify`, `merge` and `--resume`.
//
// Input: the bytes of one HDF5 file, written to a per-process scratch path (HDF5 opens paths). The
// same bytes are read twice, as each command would:
//   - as a result file: CheckResultFile (what `run --resume` checks an existing output with),
//     PrintReport, PrintClaims (`verify`), WriteSummaryCsv and WriteTidyCsv (`report --csv`);
//   - as a part file: MergeShards over a folder holding it (CollectParts: provenance, the plan
//     rebuilt from the spec text the part records, ReadPart — the reader `--resume` assembles
//     with; then assembly and analysis), and the report of the merged file.
// Seeds whose plan has a single work unit (fuzz/make_corpus.sh) let one part file merge whole.
//
// Accepted outcomes: success, a core::ConfigError (the user error the CLI exits 2 on), or a
// record::Hdf5Error (the HDF5 layer naming what it could not read). Anything else escaping, a
// sanitizer report or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

#include "analysis/report.h"
#include "fuzz/fuzz_scratch.h"
#include "sim/core/error.h"
#include "sim/record/hdf5.h"
#include "tools/cli/run_experiment.h"

namespace {

namespace fs = std::filesystem;

// The seeds are 10-60 KB; larger inputs only slow the search down.
constexpr size_t kMaxInput = 256 * 1024;

template <typename Read>
void Accepting(Read read) {
  try {
    read();
  } catch (const regretlab::core::ConfigError&) {
    // A damaged or foreign file, named: the expected answer.
  } catch (const regretlab::record::Hdf5Error&) {
    // The HDF5 layer naming the group, dataset or attribute it could not read.
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The library's own error stack printing is slow and noisy; the readers report errors themselves.
  regretlab::record::SilenceHdf5Errors();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  namespace analysis = regretlab::analysis;
  std::ostream discard(nullptr);  // the report's text is not what is tested
  const std::string& scratch = regretlab::fuzz::ScratchDirectory();

  const std::string result = regretlab::fuzz::WriteScratchFile("result.h5", data, size);
  Accepting([&] {
    analysis::CheckResultFile(result);
    analysis::PrintReport(result, discard);
  });
  Accepting([&] { (void)analysis::PrintClaims(result, discard); });
  Accepting([&] { analysis::WriteSummaryCsv(result, scratch + "/summary.csv"); });
  Accepting([&] { analysis::WriteTidyCsv(result, scratch + "/tidy.csv"); });

  const std::string parts = scratch + "/parts";
  fs::create_directories(parts);
  regretlab::fuzz::WriteScratchFile("parts/part.h5", data, size);
  const std::string merged = scratch + "/merged.h5";
  Accepting([&] {
    regretlab::cli::MergeShards(merged, {parts}, /*force=*/true, /*clean=*/false, discard);
    analysis::PrintReport(merged, discard);
  });
  return 0;
}
