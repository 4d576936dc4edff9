// Classification datasets for the contextual bandit (docs/theory/contextual.md §5.7): a
// CSV / LIBSVM loader that turns every malformed input into a ConfigError naming the file and the
// line, before any run.
//
// CSV: one example per line, the integer class label first, then the features; an optional header
// line; blank lines are skipped. LIBSVM: `label index:value ...` with 1-based increasing indices;
// absent indices are 0. Labels are integers in [0, num_classes) (num_classes = 0: max label + 1).
// Rejected, with `file:line`: a missing or unreadable file, a row whose number of columns differs
// from the first row's (ragged), a cell that is not a number, a NaN or infinite feature, a label
// that is not an integer or is outside [0, num_classes), a malformed or non-increasing LIBSVM
// index, and a file without examples. With num_classes = 0 (inferred), implausible labels are
// rejected too: a class in 0..max without an example, or fewer than 5 rows a class on average
// (what a feature read as the label looks like); an explicit num_classes accepts them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace regretlab::environments::contextual {

enum class DatasetFormat { kCsv, kLibsvm };

struct Dataset {
  std::string file;
  int64_t rows = 0, dimension = 0, num_classes = 0;
  std::vector<double> features;  // rows × dimension, row-major, each row scaled to unit norm
  std::vector<int64_t> labels;
};

// `name` as given: an absolute path, a path relative to the working directory, or a file name in
// the shipped environments/data folder (tried in that order). Returns the first that exists, or
// `name` unchanged.
std::string ResolveDataPath(const std::string& name);

Dataset LoadDataset(const std::string& path, DatasetFormat format, int64_t num_classes,
                    bool header);

}  // namespace regretlab::environments::contextual
