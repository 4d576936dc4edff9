// A streaming spec end to end: plan → engine → HDF5 → report. Peak memory is in the file and
// within the budget; results do not depend on the thread count; the report fits exponents across
// a K sweep and prints paired comparisons against a baseline.
#include <catch2/catch.hpp>
#include <sstream>

#include "analysis/report.h"
#include "sim/record/hdf5.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"

namespace regretlab {
namespace {

using test_support::TempDir;

const char* kSpec = R"(name = "streaming_small"
seed = 11
horizon = 100000000
replicates = 6
replicate_block = 2
checkpoints = { kind = "geometric", count = 10 }
metrics = ["pseudo_regret", "reported_regret", "peak_stored_arms", "memory_budget"]
[[environments]]
name = "clear_cut"
[[algorithms]]
name = "uniform_exploration"
[[algorithms]]
name = "multi_level_log_star"
[[algorithms]]
name = "game_of_arms"
reference_compat = true
[sweep]
clear_cut.num_arms = [10, 100, 1000]
)";

TEST_CASE("streaming spec runs end to end with memory in the file", "[determinism]") {
  TempDir dir("streaming");
  test_support::WriteText(dir / "spec.toml", kSpec);
  CHECK(
      test_support::SameCellsOnOneAndTwoThreads(dir / "spec.toml", dir / "one.h5", dir / "two.h5"));

  record::SilenceHdf5Errors();
  auto file = record::TryOpenFile(dir / "one.h5");
  REQUIRE(file);
  record::Handle cells = record::OpenGroup(file->id(), "cells");
  int checked = 0;
  for (const std::string& id : record::ChildNames(cells.id())) {
    record::Handle cell = record::OpenGroup(cells.id(), id);
    REQUIRE(record::ReadStringAttribute(cell.id(), "status") == "complete");
    const auto peak = record::ReadDoubles(cell.id(), "peak_stored_arms");
    const auto budget = record::ReadDoubles(cell.id(), "memory_budget");
    REQUIRE(peak.size() == budget.size());
    for (size_t i = 0; i < peak.size(); ++i) CHECK(peak[i] <= budget[i]);
    const bool compat = record::Exists(cell.id(), "reported_regret");
    CHECK(compat == (record::ReadStringAttribute(cell.id(), "algorithm_name") == "game_of_arms"));
    ++checked;
  }
  CHECK(checked == 9);

  std::ostringstream out;
  analysis::PrintReport(dir / "one.h5", out, {.baseline = "uniform_exploration"});
  INFO(out.str());
  CHECK(out.str().find(
            "Sweeps of environment.num_arms: final pseudo_regret ~ environment.num_arms^b") !=
        std::string::npos);
  CHECK(out.str().find("memory: max peak_stored_arms 1 <= min memory_budget 1") !=
        std::string::npos);
  CHECK(out.str().find("EXCEEDS") == std::string::npos);
  CHECK(out.str().find("over environment.num_arms = 10, 100, 1000") != std::string::npos);
  CHECK(out.str().find("Paired comparisons with 'uniform_exploration'") != std::string::npos);
  // --baseline pairs every cell with the baseline's cell of the same environment and horizon,
  // whatever the algorithms' own parameters (the compat game_of_arms cell included).
  for (const char* algorithm : {"multi_level_log_star", "game_of_arms"}) {
    CHECK(out.str().find(std::string(algorithm) +
                         " on clear_cut{num_arms=100} T=100000000 vs uniform_exploration on "
                         "clear_cut{num_arms=100} T=100000000") != std::string::npos);
  }
}

}  // namespace
}  // namespace regretlab
