#include "sim/engine/engine.h"

#include <catch2/catch.hpp>

#include "sim/plan/plan.h"
#include "tests/support/engine_support.h"
#include "tests/support/test_support.h"

using namespace regretlab;

namespace {

std::vector<engine::UnitResult> RunAll(const plan::Plan& plan, int threads) {
  return test_support::RunAllUnits(plan, threads);
}

}  // namespace

TEST_CASE("engine: summaries are the replicate-order mean, SE and type-7 quantiles",
          "[closed_form]") {
  // 4 replicates × 2 checkpoints, row-major.
  const std::vector<double> matrix = {1, 10, 2, 20, 3, 30, 4, 40};
  const engine::Summary summary = engine::Summarise(matrix, 4, 2);
  CHECK(summary.mean == std::vector<double>{2.5, 25});
  // sample sd of {1,2,3,4} = sqrt(5/3); SE = sd / 2
  CHECK(summary.stderr_of_mean[0] == Approx(std::sqrt(5.0 / 3.0) / 2).epsilon(1e-14));
  CHECK(summary.q50[0] == 2.5);
  CHECK(summary.q05[0] == Approx(1.15).epsilon(1e-14));  // 1 + 0.05·3·(2−1)
  CHECK(summary.q95[1] == Approx(38.5).epsilon(1e-14));
}

TEST_CASE("engine: results do not depend on the thread count", "[determinism]") {
  const plan::Plan plan = plan::ParsePlan(test_support::SmallBanditSpec(), "a.toml");
  const auto one = RunAll(plan, 1);
  const auto two = RunAll(plan, 2);
  for (size_t u = 0; u < plan.units.size(); ++u) {
    REQUIRE(one[u].error.empty());
    CHECK(one[u].metrics == two[u].metrics);
    CHECK(one[u].bounds == two[u].bounds);
  }
}

TEST_CASE("engine: a replicate's numbers do not depend on the unit it ran in", "[determinism]") {
  // Blocks of 2 and blocks of 3: replicate r must give the same row either way.
  const std::string spec = test_support::SmallBanditSpec();
  const plan::Plan by_two = plan::ParsePlan(spec, "a.toml");
  const plan::Plan by_three = plan::ParsePlan(spec, "a.toml", {"replicate_block=3"});
  const auto a = RunAll(by_two, 2);
  const auto b = RunAll(by_three, 2);
  auto row = [](const plan::Plan& plan, const std::vector<engine::UnitResult>& results, size_t cell,
                int64_t replicate, size_t metric) {
    for (const auto& result : results) {
      if (result.cell_index == cell && replicate >= result.first_replicate &&
          replicate < result.first_replicate + result.count) {
        const int64_t c = result.num_checkpoints;
        const auto& m = result.metrics[metric];
        return std::vector<double>(m.begin() + (replicate - result.first_replicate) * c,
                                   m.begin() + (replicate - result.first_replicate + 1) * c);
      }
    }
    (void)plan;
    return std::vector<double>{};
  };
  for (size_t cell = 0; cell < by_two.cells.size(); ++cell) {
    for (int64_t r = 0; r < 6; ++r) {
      for (size_t m = 0; m < by_two.cells[cell].metrics.size(); ++m) {
        CHECK(row(by_two, a, cell, r, m) == row(by_three, b, cell, r, m));
      }
    }
  }
}

TEST_CASE("engine: regret metrics are consistent with each other", "[invariant]") {
  const plan::Plan plan = plan::ParsePlan(test_support::SmallBanditSpec(8, 2000), "a.toml");
  for (const auto& result : RunAll(plan, 2)) {
    REQUIRE(result.error.empty());
    const int pseudo = result.MetricIndex("pseudo_regret");
    const int pulls = result.MetricIndex("best_arm_pulls");
    const auto& rounds = plan.cells[result.cell_index].checkpoints.rounds;
    const int64_t c_count = result.num_checkpoints;
    for (int64_t r = 0; r < result.count; ++r) {
      for (int64_t c = 0; c < c_count; ++c) {
        const double regret = result.metrics[pseudo][r * c_count + c];
        const double best = result.metrics[pulls][r * c_count + c];
        // Gaps are in [0, 0.4]: 0 <= pseudo-regret <= 0.4 t; best pulls in [0, t].
        CHECK(regret >= 0);
        CHECK(regret <= 0.4 * rounds[c] + 1e-9);
        CHECK(best >= 0);
        CHECK(best <= rounds[c]);
        // With gaps 0.1 and 0.4, regret >= 0.1 * (t - best pulls).
        CHECK(regret >= 0.1 * (rounds[c] - best) - 1e-9);
        if (c > 0) CHECK(regret >= result.metrics[pseudo][r * c_count + c - 1]);
      }
    }
  }
}
