// The dataset loader and the classification environment: shipped data load with the documented
// shapes; every malformed input is a ConfigError naming the file and line; presentation orders.
#include "environments/contextual/dataset.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "sim/core/error.h"
#include "tests/algorithms/contextual/contextual_test_util.h"

namespace regretlab::environments::contextual {
namespace {

std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("regretlab_contextual_" + name);
  std::ofstream(path) << text;
  return path.string();
}

// The ConfigError of loading `text`, checked to name the file and `line`.
void ExpectRejected(const std::string& name, const std::string& text, int64_t line,
                    const std::string& fragment, DatasetFormat format = DatasetFormat::kCsv,
                    int64_t num_classes = 0) {
  const std::string path = WriteTemp(name, text);
  INFO(name);
  try {
    LoadDataset(path, format, num_classes, format == DatasetFormat::kCsv);
    FAIL("accepted a malformed file");
  } catch (const core::ConfigError& error) {
    CHECK(error.file() == path);
    CHECK(error.line() == line);
    CHECK_THAT(error.what(), Catch::Contains(fragment));
  }
}

TEST_CASE("Shipped datasets load with their documented shapes", "[contextual][dataset]") {
  struct Expected {
    std::string file;
    int64_t rows, dimension, classes;
  };
  for (const Expected& e : {Expected{"digits.csv", 1797, 64, 10}, Expected{"wine.csv", 178, 13, 3},
                            Expected{"breast_cancer.csv", 569, 30, 2},
                            Expected{"fashion_mnist_pca64.csv", 3000, 64, 10}}) {
    INFO(e.file);
    const Dataset data = LoadDataset(ResolveDataPath(e.file), DatasetFormat::kCsv, 0, true);
    CHECK(data.rows == e.rows);
    CHECK(data.dimension == e.dimension);
    CHECK(data.num_classes == e.classes);
    for (int64_t r = 0; r < data.rows; ++r) {
      double norm = 0;
      for (int64_t k = 0; k < data.dimension; ++k) {
        norm += data.features[r * data.dimension + k] * data.features[r * data.dimension + k];
      }
      REQUIRE(std::abs(norm - 1) < 1e-12);
    }
  }
}

TEST_CASE("Malformed dataset files are rejected with file and line",
          "[contextual][dataset][errors]") {
  try {
    LoadDataset("/nonexistent/regretlab.csv", DatasetFormat::kCsv, 0, true);
    FAIL("accepted a missing file");
  } catch (const core::ConfigError& error) {
    CHECK(error.file() == "/nonexistent/regretlab.csv");
    CHECK_THAT(error.what(), Catch::Contains("cannot open"));
  }
  ExpectRejected("ragged.csv", "label,a,b\n0,1,2\n1,3\n", 3, "ragged row");
  ExpectRejected("text.csv", "label,a,b\n0,1,2\n1,3,abc\n", 3, "'abc' is not a number");
  ExpectRejected("nan.csv", "label,a,b\n0,1,2\n1,nan,2\n0,1,1\n", 3, "NaN");
  ExpectRejected("label.csv", "label,a\n0,1\n1,2\n5,3\n", 4, "out of range [0, 3)",
                 DatasetFormat::kCsv, 3);
  ExpectRejected("fraction.csv", "label,a\n0,1\n1.5,2\n", 3, "not a non-negative integer");
  ExpectRejected("negative.csv", "label,a\n0,1\n-1,2\n", 3, "not a non-negative integer");
  ExpectRejected("empty.csv", "label,a\n", 1, "no examples");
  ExpectRejected("bad.svm", "0 1:0.5 3:1\n1 2:x\n", 2, "not a number", DatasetFormat::kLibsvm);
  ExpectRejected("order.svm", "0 3:0.5 1:1\n", 1, "above the previous index",
                 DatasetFormat::kLibsvm);
  ExpectRejected("pair.svm", "0 3:0.5 17\n", 1, "not index:value", DatasetFormat::kLibsvm);
}

TEST_CASE("Implausible inferred labels are rejected unless num_classes is given",
          "[contextual][dataset][errors]") {
  // Labels 0..3 with class 2 missing: what a feature column read as the label looks like.
  std::string gap = "label,a\n";
  for (int i = 0; i < 30; ++i)
    gap += std::to_string(i % 2 == 0 ? 0 : (i % 3 == 0 ? 3 : 1)) + ",1\n";
  ExpectRejected("gap.csv", gap, 31, "they span 0..3 but class 2 has no example");
  // Ten classes for twenty rows: fewer than 5 examples a class.
  std::string many = "label,a\n";
  for (int i = 0; i < 20; ++i) many += std::to_string(i % 10) + ",1\n";
  ExpectRejected("many.csv", many, 21, "10 classes for 20 rows, fewer than 5 examples a class");
  // Given explicitly, the same labels are accepted as they are.
  CHECK(LoadDataset(WriteTemp("many_ok.csv", many), DatasetFormat::kCsv, 10, true).num_classes ==
        10);
  CHECK(LoadDataset(WriteTemp("gap_ok.csv", gap), DatasetFormat::kCsv, 4, true).num_classes == 4);
}

// Found by fuzz/dataset_fuzzer.cc (docs/reliability.md): numbers too large for the loader's
// integers were converted anyway (undefined behaviour), and a LIBSVM index sized an allocation.
TEST_CASE("Fuzz regressions: huge labels and indices are ConfigErrors, not crashes",
          "[contextual][dataset][errors][fuzz]") {
  ExpectRejected("huge_label.csv", "label,a\n1e300,1\n0,1\n", 2, "out of range [0, 1000000)");
  ExpectRejected("huge_label.svm", "9.3e18 1:1\n0 1:1\n", 1, "out of range [0, 1000000)",
                 DatasetFormat::kLibsvm);
  ExpectRejected("huge_index.svm", "1 1e300:1\n0 1:1\n", 1, "above the largest dimension",
                 DatasetFormat::kLibsvm);
  ExpectRejected("wide_index.svm", "1 1000000000000:1\n0 1:1\n", 1, "above the largest dimension",
                 DatasetFormat::kLibsvm);
  // 64 rows of dimension 2^20: 2^26 entries is the most the loader makes dense; one more row is
  // not.
  std::string rows;
  for (int r = 0; r < 65; ++r) rows += std::to_string(r % 2) + " 1048576:1\n";
  ExpectRejected("dense.svm", rows, 65, "dense entries", DatasetFormat::kLibsvm);
}

TEST_CASE("LIBSVM rows are read sparsely into dense unit-norm contexts", "[contextual][dataset]") {
  const std::string path = WriteTemp("ok.svm", "1 1:3 3:4\n0 2:2\n\n2 3:1\n");
  const Dataset data = LoadDataset(path, DatasetFormat::kLibsvm, 3, false);
  CHECK(data.rows == 3);
  CHECK(data.dimension == 3);
  CHECK(data.num_classes == 3);
  CHECK(data.labels == std::vector<int64_t>{1, 0, 2});
  CHECK(data.features == std::vector<double>{0.6, 0, 0.8, 0, 1, 0, 0, 0, 1});
}

TEST_CASE("Classification orders: shuffled passes are permutations, sorted is by class",
          "[contextual][dataset][invariant]") {
  using contextual_testing::Make;
  for (const std::string order : {"shuffled", "sorted"}) {
    auto environment = Make<protocol::ContextualEnvironment>(
        "classification", {{"dataset", std::string("wine.csv")}, {"order", order}});
    environment->SetHorizon(356);
    environment->Reset({1, 2, 0, random::Role::kEnvironment, 0});
    const protocol::ContextualInfo info = environment->Info();
    CHECK(info.num_arms == 3);
    CHECK(info.shared_context);
    std::vector<double> x(static_cast<size_t>(info.dimension)), means(3);
    std::vector<int64_t> labels;
    std::set<std::vector<double>> first_pass, second_pass;
    for (int64_t round = 1; round <= 356; ++round) {
      environment->NextRound(round, x, means);
      const int64_t label = std::min_element(means.begin(), means.end()) - means.begin();
      labels.push_back(label);
      CHECK(environment->Loss(label) == 0.0);
      CHECK(environment->Loss((label + 1) % 3) == 1.0);
      (round <= 178 ? first_pass : second_pass).insert(x);
    }
    CHECK(first_pass.size() == 178);  // every row once per pass
    CHECK(second_pass == first_pass);
    const bool sorted = std::is_sorted(labels.begin(), labels.begin() + 178);
    CHECK(sorted == (order == "sorted"));
  }
}

}  // namespace
}  // namespace regretlab::environments::contextual
