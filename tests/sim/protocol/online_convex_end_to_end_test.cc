// An OCO spec end to end: plan → engine → HDF5 → report. The cells are byte-identical with 1 and
// 2 threads, and the report prints the SEA phase diagram and the period sweep.
#include <catch2/catch.hpp>
#include <sstream>

#include "analysis/report.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"

namespace regretlab {
namespace {

using test_support::TempDir;

TEST_CASE("OCO specs run end to end, identical across thread counts", "[oco][determinism]") {
  TempDir dir("oco");
  test_support::WriteText(dir / "phase.toml", R"(name = "oco_phase"
seed = 5
horizon = 500
replicates = 4
replicate_block = 2
checkpoints = { kind = "geometric", count = 6 }
[[environments]]
name = "quadratic_sea"
dimension = 3
[[algorithms]]
name = "optimistic_omd"
[[algorithms]]
name = "ogd"
[sweep]
quadratic_sea.s = [0.0, 0.2]
quadratic_sea.rho = [0.0, 0.2]
)");
  test_support::WriteText(dir / "switch.toml", R"(name = "oco_switch"
seed = 6
horizon = 600
replicates = 3
checkpoints = { kind = "geometric", count = 6 }
metrics = ["realized_regret", "pseudo_regret", "dynamic_regret", "path_length"]
[[environments]]
name = "quadratic_sea"
dimension = 3
s = 0.05
rho = 0.3
pattern = "switching"
[[algorithms]]
name = "oftrl"
[sweep]
quadratic_sea.period = [1, 10, 100]
)");
  CHECK(test_support::SameCellsOnOneAndTwoThreads(dir / "phase.toml", dir / "one.h5",
                                                  dir / "two.h5"));
  std::ostringstream report;
  analysis::PrintReport(dir / "one.h5", report);
  CHECK(report.str().find("SEA phase diagrams") != std::string::npos);
  CHECK(report.str().find("max/min ratio over the grid") != std::string::npos);
  test_support::RunSpec(dir / "switch.toml", dir / "switch.h5", 2);
  std::ostringstream sweep;
  analysis::PrintReport(dir / "switch.h5", sweep);
  CHECK(sweep.str().find(
            "Sweeps of environment.period: final dynamic_regret ~ environment.period^b") !=
        std::string::npos);
}

}  // namespace
}  // namespace regretlab
