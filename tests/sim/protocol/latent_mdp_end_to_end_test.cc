// A latent-MDP spec end to end: plan → engine → HDF5 → report. Results do not depend on the
// thread count; the report names each cell's planner (and the model-optimistic approximation)
// and prints the planning cost per episode.
#include <catch2/catch.hpp>
#include <sstream>

#include "analysis/report.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"

namespace regretlab {
namespace {

using test_support::TempDir;

const char* kLmdpSpec = R"(name = "lmdp_small"
seed = 5
horizon = 300
replicates = 4
replicate_block = 1
checkpoints = { kind = "geometric", count = 8 }
[[environments]]
name = "identify_or_exploit"
[[environments]]
name = "random_lmdp"
num_states = 3
steps = 5
[[algorithms]]
name = "lmdp_value_optimistic"
belief_grid = 20
[[algorithms]]
name = "lmdp_model_optimistic"
belief_grid = 20
[[algorithms]]
name = "lmdp_mvp"
)";

TEST_CASE("latent_mdp spec runs end to end, thread-count independent", "[lmdp][determinism]") {
  TempDir dir("lmdp");
  test_support::WriteText(dir / "spec.toml", kLmdpSpec);
  CHECK(
      test_support::SameCellsOnOneAndTwoThreads(dir / "spec.toml", dir / "one.h5", dir / "two.h5"));
  std::ostringstream report;
  analysis::PrintReport(dir / "one.h5", report, {.baseline = "lmdp_value_optimistic"});
  const std::string text = report.str();
  CHECK_THAT(text, Catch::Contains("planner     \"belief_grid\" (APPROXIMATE"));
  CHECK_THAT(text, Catch::Contains("approx.     APPROXIMATION: optimistic model chosen per node"));
  CHECK_THAT(text, Catch::Contains("planner iterations and"));
  CHECK_THAT(text, Catch::Contains("Paired comparisons with 'lmdp_value_optimistic'"));
  CHECK_THAT(text, Catch::Contains("var_opt"));
  CHECK(text.find("FAILED") == std::string::npos);
}

}  // namespace
}  // namespace regretlab
