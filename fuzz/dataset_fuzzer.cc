// libFuzzer target: the CSV / LIBSVM dataset loader of the contextual bandit's classification
// environments (environments/contextual/dataset.h), which reads a user's file when a spec is read.
//
// Input: one option byte, then the file's bytes. The option byte picks what a spec can pick:
// bit 0 the format (0 CSV, 1 LIBSVM), bit 1 `header`, bits 2-4 `num_classes` (0: from the labels,
// else 1 + the value). The loader takes a path, so the bytes go to a per-process scratch file.
//
// Accepted outcomes: a dataset, or a core::ConfigError naming the file and line. Anything else is a
// finding.
#include <cstddef>
#include <cstdint>

#include "environments/contextual/dataset.h"
#include "fuzz/fuzz_scratch.h"
#include "sim/core/error.h"

namespace {

// The shipped datasets are up to 1.4 MB; 64 KB holds hundreds of rows, enough for every shape.
constexpr size_t kMaxInput = 64 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > kMaxInput) return -1;
  using regretlab::environments::contextual::DatasetFormat;
  const uint8_t options = data[0];
  const DatasetFormat format = (options & 1) ? DatasetFormat::kLibsvm : DatasetFormat::kCsv;
  const bool header = (options & 2) != 0;
  const int64_t selector = (options >> 2) & 7;
  const int64_t num_classes = selector == 0 ? 0 : selector + 1;
  const std::string path = regretlab::fuzz::WriteScratchFile("dataset", data + 1, size - 1);
  try {
    (void)regretlab::environments::contextual::LoadDataset(path, format, num_classes, header);
  } catch (const regretlab::core::ConfigError&) {
    // The expected answer to a malformed file.
  }
  return 0;
}
