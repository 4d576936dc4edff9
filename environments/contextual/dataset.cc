#include "environments/contextual/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "sim/core/error.h"

#ifndef REGRETLAB_DATA_DIR
#define REGRETLAB_DATA_DIR "environments/data"
#endif

namespace regretlab::environments::contextual {
namespace {

// Below this many rows a class on average, inferred classes are called implausible.
constexpr int64_t kMinExamplesPerClass = 5;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The classification environment's num_classes range: a label must name one of its arms.
constexpr int64_t kMaxClasses = 1000000;
// LIBSVM rows become dense contexts: the index bounds the dimension, and rows x dimension the
// memory (2^26 doubles, 512 MB). A LIBSVM index is a number in the file: unchecked, an index of
// 10^12 asked for terabytes (found by fuzz/dataset_fuzzer.cc).
constexpr int64_t kMaxDimension = int64_t{1} << 20;
constexpr int64_t kMaxDenseEntries = int64_t{1} << 26;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void Fail(int64_t line, const std::string& message) const {
    throw core::ConfigError(file_, line, "dataset", message);
  }
  double Number(std::string_view cell, int64_t line, const std::string& what) const {
    cell = Trim(cell);
    double value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (cell.empty() || error != std::errc() || end != cell.data() + cell.size()) {
      Fail(line, what + ": '" + std::string(cell) + "' is not a number");
    }
    if (!std::isfinite(value))
      Fail(line, what + ": " + std::string(cell) + " (NaN or infinite feature)");
    return value;
  }
  int64_t Label(std::string_view cell, int64_t line, int64_t num_classes) const {
    const double value = Number(cell, line, "label");
    if (value != std::floor(value) || value < 0) {
      Fail(line, "label " + std::string(Trim(cell)) + " is not a non-negative integer class");
    }
    // Checked before the conversion to an integer, which is undefined beyond int64's range (a
    // label of 1e300 was one: found by fuzz/dataset_fuzzer.cc).
    if (value >= static_cast<double>(kMaxClasses)) {
      Fail(line, "label " + std::string(Trim(cell)) + " is out of range [0, " +
                     std::to_string(kMaxClasses) + ") (at most that many classes)");
    }
    if (num_classes > 0 && value >= static_cast<double>(num_classes)) {
      Fail(line, "label " + std::string(Trim(cell)) + " is out of range [0, " +
                     std::to_string(num_classes) + ")");
    }
    return static_cast<int64_t>(value);
  }

 private:
  std::string file_;
};

}  // namespace

std::string ResolveDataPath(const std::string& name) {
  namespace fs = std::filesystem;
  if (fs::path(name).is_absolute() || fs::exists(name)) return name;
  const fs::path shipped = fs::path(REGRETLAB_DATA_DIR) / name;
  return fs::exists(shipped) ? shipped.string() : name;
}

Dataset LoadDataset(const std::string& path, DatasetFormat format, int64_t num_classes,
                    bool header) {
  Reader reader(path);
  std::ifstream in(path);
  if (!std::filesystem::is_regular_file(path) || !in) {
    reader.Fail(0,
                "cannot open the dataset file (missing or unreadable); shipped datasets live in " +
                    std::string(REGRETLAB_DATA_DIR));
  }
  Dataset data;
  data.file = path;
  std::vector<std::vector<std::pair<int64_t, double>>> sparse;  // LIBSVM rows before sizing
  std::vector<int64_t> sparse_lines;
  std::string text;
  int64_t line = 0;
  int64_t columns = -1;
  while (std::getline(in, text)) {
    ++line;
    const std::string_view row = Trim(text);
    if (row.empty()) continue;
    if (format == DatasetFormat::kCsv) {
      if (header && line == 1) continue;
      std::vector<std::string_view> cells;
      size_t start = 0;
      while (true) {
        const size_t comma = row.find(',', start);
        cells.push_back(row.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      if (columns < 0) {
        columns = static_cast<int64_t>(cells.size());
        if (columns < 2) reader.Fail(line, "a row needs a label and at least one feature");
        data.dimension = columns - 1;
      } else if (static_cast<int64_t>(cells.size()) != columns) {
        reader.Fail(line, "ragged row: " + std::to_string(cells.size()) +
                              " columns, but the first row has " + std::to_string(columns));
      }
      data.labels.push_back(reader.Label(cells[0], line, num_classes));
      for (size_t c = 1; c < cells.size(); ++c) {
        data.features.push_back(reader.Number(cells[c], line, "column " + std::to_string(c + 1)));
      }
    } else {
      std::vector<std::string_view> tokens;
      size_t start = 0;
      while (start < row.size()) {
        const size_t space = row.find_first_of(" \t", start);
        const size_t end = space == std::string_view::npos ? row.size() : space;
        if (end > start) tokens.push_back(row.substr(start, end - start));
        start = end + 1;
      }
      data.labels.push_back(reader.Label(tokens[0], line, num_classes));
      std::vector<std::pair<int64_t, double>> entries;
      for (size_t i = 1; i < tokens.size(); ++i) {
        const size_t colon = tokens[i].find(':');
        if (colon == std::string_view::npos) {
          reader.Fail(line, "'" + std::string(tokens[i]) + "' is not index:value");
        }
        const double index = reader.Number(tokens[i].substr(0, colon), line, "index");
        if (index != std::floor(index) || index < 1 ||
            (!entries.empty() && index <= static_cast<double>(entries.back().first))) {
          reader.Fail(line, "index " + std::string(tokens[i].substr(0, colon)) +
                                " is not a positive integer above the previous index");
        }
        if (index > static_cast<double>(kMaxDimension)) {
          reader.Fail(line, "index " + std::string(tokens[i].substr(0, colon)) +
                                " is above the largest dimension, " +
                                std::to_string(kMaxDimension));
        }
        entries.emplace_back(static_cast<int64_t>(index),
                             reader.Number(tokens[i].substr(colon + 1), line,
                                           "feature " + std::string(tokens[i].substr(0, colon))));
        data.dimension = std::max(data.dimension, entries.back().first);
      }
      sparse.push_back(std::move(entries));
      sparse_lines.push_back(line);
    }
  }
  data.rows = static_cast<int64_t>(data.labels.size());
  if (data.rows == 0) reader.Fail(line, "the file holds no examples");
  if (format == DatasetFormat::kLibsvm) {
    if (data.dimension == 0) reader.Fail(line, "no feature index in the file");
    if (data.rows > kMaxDenseEntries / data.dimension) {
      reader.Fail(line, std::to_string(data.rows) + " rows of dimension " +
                            std::to_string(data.dimension) + " are more than " +
                            std::to_string(kMaxDenseEntries) + " dense entries");
    }
    data.features.assign(static_cast<size_t>(data.rows * data.dimension), 0.0);
    for (size_t r = 0; r < sparse.size(); ++r) {
      for (const auto& [index, value] : sparse[r]) {
        data.features[r * static_cast<size_t>(data.dimension) + static_cast<size_t>(index - 1)] =
            value;
      }
    }
  }
  int64_t largest = 0;
  for (const int64_t label : data.labels) largest = std::max(largest, label);
  data.num_classes = num_classes > 0 ? num_classes : largest + 1;
  if (data.num_classes < 2) reader.Fail(line, "a single class: a bandit needs K >= 2 arms");
  if (num_classes == 0) {
    // Classes inferred from the labels: a label column that holds a feature instead (pixel
    // intensities, counts) shows as classes without examples or as more classes than the rows
    // can populate. Giving num_classes explicitly accepts such labels as they are.
    std::vector<int64_t> examples(static_cast<size_t>(data.num_classes), 0);
    for (const int64_t label : data.labels) ++examples[static_cast<size_t>(label)];
    const auto empty = std::find(examples.begin(), examples.end(), 0);
    const std::string advice =
        "; is the class label the first column? (Set num_classes to accept the labels as "
        "they are.)";
    if (empty != examples.end()) {
      reader.Fail(line, "implausible labels: they span 0.." + std::to_string(largest) +
                            " but class " + std::to_string(empty - examples.begin()) +
                            " has no example" + advice);
    }
    if (data.num_classes * kMinExamplesPerClass > data.rows) {
      reader.Fail(line, "implausible labels: " + std::to_string(data.num_classes) +
                            " classes for " + std::to_string(data.rows) + " rows, fewer than " +
                            std::to_string(kMinExamplesPerClass) + " examples a class" + advice);
    }
  }
  // Unit-norm contexts (docs/theory/contextual.md §5.1); an all-zero row stays zero.
  const size_t d = static_cast<size_t>(data.dimension);
  for (size_t r = 0; r < static_cast<size_t>(data.rows); ++r) {
    double norm = 0;
    for (size_t k = 0; k < d; ++k) norm += data.features[r * d + k] * data.features[r * d + k];
    if (norm > 0) {
      norm = std::sqrt(norm);
      for (size_t k = 0; k < d; ++k) data.features[r * d + k] /= norm;
    }
  }
  return data;
}

}  // namespace regretlab::environments::contextual
