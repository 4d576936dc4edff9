#include "sim/plan/plan.h"

#include <catch2/catch.hpp>

#include "sim/core/error.h"
#include "sim/registry/registry.h"
#include "tests/support/test_support.h"

using regretlab::core::ConfigError;
using namespace regretlab::plan;

namespace {

std::string ErrorOf(const std::string& spec, std::vector<std::string> overrides = {}) {
  return regretlab::test_support::ConfigErrorOf([&] { ParsePlan(spec, "bad.toml", overrides); });
}

const std::string kBase = regretlab::test_support::SmallBanditSpec();

}  // namespace

TEST_CASE("plan: cells, units and ids are a pure function of the spec", "[closed_form]") {
  const Plan plan = ParsePlan(kBase, "a.toml");
  REQUIRE(plan.cells.size() == 3);
  CHECK(plan.units.size() == 9);  // 6 replicates in blocks of 2, for 3 cells
  const Plan again = ParsePlan(kBase, "elsewhere/b.toml");
  CHECK(again.spec_hash == plan.spec_hash);
  for (size_t c = 0; c < plan.cells.size(); ++c) CHECK(again.cells[c].id == plan.cells[c].id);
  CHECK(plan.cells[0].id.rfind("bernoulli-ucb1-", 0) == 0);
  // Common random numbers: the environment id does not depend on the algorithm.
  CHECK(plan.cells[0].environment_id == plan.cells[1].environment_id);
  // A different seed changes every id.
  const Plan other = ParsePlan(kBase, "a.toml", {"seed=8"});
  CHECK(other.cells[0].id != plan.cells[0].id);
  CHECK(other.overrides == std::vector<std::string>{"seed=8"});
}

TEST_CASE("plan: the geometric grid is increasing and ends at the horizon", "[invariant]") {
  for (int64_t horizon : {1, 2, 10, 1000, 123457}) {
    const CheckpointGrid grid = GeometricGrid(horizon, 60);
    REQUIRE(!grid.rounds.empty());
    CHECK(grid.rounds.front() == 1);
    CHECK(grid.rounds.back() == horizon);
    for (size_t i = 1; i < grid.rounds.size(); ++i) CHECK(grid.rounds[i] > grid.rounds[i - 1]);
  }
  CHECK(LinearGrid(100, 4).rounds == std::vector<int64_t>{25, 50, 75, 100});
}

TEST_CASE("plan: sweep axes expand to their grid", "[closed_form]") {
  const std::string spec =
      kBase + "[sweep]\nhorizon = [100, 200]\nucb1.exploration = [1.0, 2.0, 3.0]\n";
  const std::string without_horizon =
      spec.substr(0, spec.find("horizon = 300")) + spec.substr(spec.find("horizon = 300") + 14);
  const Plan plan = ParsePlan(without_horizon, "a.toml");
  // (3 ucb1 points + exp3 + ts) × 2 horizons
  CHECK(plan.cells.size() == 10);
  int ucb_cells = 0;
  for (const auto& cell : plan.cells) ucb_cells += cell.algorithm.name == "ucb1";
  CHECK(ucb_cells == 6);
  CHECK(ErrorOf(spec).find("horizon is given both here and as a [sweep] axis") !=
        std::string::npos);
  CHECK(ErrorOf(kBase + "[sweep]\nnope.x = [1]\n").find("no component named 'nope'") !=
        std::string::npos);
}

TEST_CASE("plan: --set overrides any value and rejects unknown paths", "[closed_form]") {
  const Plan plan =
      ParsePlan(kBase, "a.toml", {"replicates=4", "horizon=50", "algorithms.0.exploration=3"});
  CHECK(plan.cells[0].replicates == 4);
  CHECK(plan.cells[0].horizon == 50);
  CHECK(plan.cells[0].algorithm.params.Real("exploration") == 3.0);
  CHECK(ErrorOf(kBase, {"algorithms.9.exploration=3"}).find("--set: algorithms.9.exploration") !=
        std::string::npos);
  CHECK(ErrorOf(kBase, {"noequals"}).find("expected KEY=VALUE") != std::string::npos);
}

TEST_CASE("plan: every bad spec is a ConfigError naming file, line and key", "[errors]") {
  CHECK(ErrorOf("name = \"x\"\nseed = [1,\n").find("bad.toml:") != std::string::npos);
  CHECK(ErrorOf("name = \"x\"\nseed = [1,\n").find("malformed TOML") != std::string::npos);
  CHECK(ErrorOf("colour = 3\n" + kBase).find("bad.toml:1: colour: unknown key in the spec") !=
        std::string::npos);
  // Keys after a [[table]] header belong to that table: an unknown algorithm parameter.
  CHECK(ErrorOf(kBase + "colour = 3\n").find("colour: unknown parameter of algorithms[2]") !=
        std::string::npos);
  {
    std::string spec = kBase;
    spec.replace(spec.find("\"ucb1\""), 6, "\"ucb2\"");
    const std::string message = ErrorOf(spec);
    CHECK(message.find("unknown algorithm 'ucb2'; registered: ") != std::string::npos);
    CHECK(message.find("thompson_sampling") != std::string::npos);
  }
  {
    std::string spec = kBase;
    spec.replace(spec.find("\"bernoulli\""), 11, "\"bernouli\"");
    CHECK(ErrorOf(spec).find("unknown environment 'bernouli'") != std::string::npos);
  }
  CHECK(ErrorOf(kBase, {"environments.0.means=[0.5]"}).find("at least 2") != std::string::npos);
  CHECK(ErrorOf(kBase, {"environments.0.means=[0.5, 1.2]"}).find("element 1 (1.2)") !=
        std::string::npos);
  CHECK(ErrorOf(kBase, {"horizon=0"}).find("horizon: must be in [1,") != std::string::npos);
  CHECK(ErrorOf(kBase, {"replicates=-3"}).find("replicates: must be in [1,") != std::string::npos);
  CHECK(ErrorOf(kBase + "[[environments]]\nname = \"gaussian\"\nmeans = [0, 1]\nsigma = -1\n")
            .find("sigma: value -1.0 is out of range") != std::string::npos);
  CHECK(ErrorOf("metrics = [\"regret\"]\n" + kBase).find("unknown") != std::string::npos);
  CHECK(ErrorOf("bounds = [\"nope\"]\n" + kBase).find("unknown bound 'nope'") != std::string::npos);
  // An environment of another registered protocol (streaming_bandit) beside bandit algorithms.
  CHECK(ErrorOf(kBase + "[[environments]]\nname = \"clear_cut\"\n")
            .find("speaks the 'bandit' protocol but environment 'clear_cut'") != std::string::npos);
  CHECK(ErrorOf(kBase + "[[environments]]\nname = \"stochastically_constrained\"\n"
                        "gaps = [0.1, 0.2]\n")
            .find("gaps must contain a 0") != std::string::npos);
}

TEST_CASE("plan: shards partition the units by id order", "[invariant]") {
  const Plan plan = ParsePlan(kBase, "a.toml");
  std::vector<int> seen(plan.units.size(), 0);
  for (int64_t shard = 0; shard < 4; ++shard) {
    for (size_t u : ShardUnits(plan, shard, 4)) ++seen[u];
  }
  for (int count : seen) CHECK(count == 1);
}

// Found by fuzz/spec_plan_fuzzer.cc (docs/reliability.md): a linear grid near the largest horizon
// overflowed (undefined behaviour), and plans of 10^8 work units or a sweep grid of 10^10 cells
// hung the planner instead of being refused.
TEST_CASE("plan: fuzz regressions: huge grids, unit counts and sweeps", "[errors][fuzz]") {
  const int64_t horizon = INT64_C(1) << 62;
  const CheckpointGrid grid = LinearGrid(horizon, 100000);
  REQUIRE(grid.rounds.size() == 100000);
  CHECK(grid.rounds.front() == horizon / 100000);
  CHECK(grid.rounds.back() == horizon);
  CHECK(LinearGrid(1000, 7).rounds == std::vector<int64_t>{142, 285, 428, 571, 714, 857, 1000});
  const Plan plan = ParsePlan(
      kBase, "a.toml",
      {"horizon=4611686018427387904", "checkpoints.kind=linear", "checkpoints.count=100000"});
  CHECK(plan.cells[0].checkpoints.rounds.back() == horizon);

  CHECK_THAT(ErrorOf(kBase, {"replicates=100000000", "replicate_block=1"}),
             Catch::Contains("the plan has 300000000 work units") &&
                 Catch::Contains("raise replicate_block"));

  // 1000 horizons x 1000 exploration values: 10^6 cells, refused before any is made.
  std::string values;
  for (int v = 1; v <= 1000; ++v) values.append(v > 1 ? "," : "").append(std::to_string(v));
  std::string spec = kBase;
  spec.replace(spec.find("horizon = 300\n"), 14, "");
  // .append, not a chain of +: GCC 12 reports a false -Wrestrict on the latter.
  spec.append("[sweep]\nhorizon = [").append(values).append("]\nucb1.exploration = [");
  spec.append(values).append("]\n");
  CHECK_THAT(ErrorOf(spec), Catch::Contains("the plan has more than 100000 cells"));
}
