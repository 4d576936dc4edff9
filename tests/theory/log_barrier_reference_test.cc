// The reference experiment of the log-barrier family (experiments/log_barrier_sqrt_k.toml,
// docs/theory/log_barrier.md §3.8): reduced in the default suite, in full under [.slow]
// (tools/test_slow.sh).
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "sim/core/hash.h"
#include "sim/plan/plan.h"
#include "tests/support/engine_support.h"

using namespace regretlab;

namespace {

struct SweepPoints {
  std::vector<double> episodes;
  std::vector<std::vector<double>> finals;  // per K: final regret of each replicate
  std::vector<double> bound_finals;         // per K: the first bound's final value (or NaN)
};

// Runs `plan` and groups the final expected regret by (environment, algorithm), in K order.
std::map<std::string, SweepPoints> RunSweep(const plan::Plan& plan) {
  const auto results = test_support::RunAllUnits(plan, 2);
  for (const auto& result : results) REQUIRE(result.error.empty());
  std::map<std::string, SweepPoints> sweeps;
  for (size_t c = 0; c < plan.cells.size(); ++c) {
    const plan::CellPlan& cell = plan.cells[c];
    const auto matrix = test_support::CellMatrix(plan, results, c, "expected_regret");
    const size_t checkpoints = cell.checkpoints.rounds.size();
    std::vector<double> finals;
    for (int64_t r = 0; r < cell.replicates; ++r)
      finals.push_back(matrix[(r + 1) * checkpoints - 1]);
    double bound = NAN;
    for (const auto& result : results) {
      if (result.cell_index == c && !result.bounds.empty())
        bound = result.bounds[0][checkpoints - 1];
    }
    SweepPoints& points = sweeps[cell.environment.name + " " + cell.algorithm.name];
    points.episodes.push_back(static_cast<double>(cell.horizon));
    points.finals.push_back(finals);
    points.bound_finals.push_back(bound);
  }
  return sweeps;
}

double Mean(const std::vector<double>& values) {
  double total = 0;
  for (const double value : values) total += value;
  return total / static_cast<double>(values.size());
}

// What both versions check: every learner's regret per episode falls with K (it learns), the
// fitted exponent of final regret in K is below 1 with its whole interval (sublinear), and
// O-REPS's registered bound holds at every K.
void CheckSweeps(const std::map<std::string, SweepPoints>& sweeps, double max_exponent) {
  REQUIRE(sweeps.size() == 6);  // 2 environments × 3 algorithms
  for (const auto& [key, points] : sweeps) {
    const analysis::SweepFit fit =
        analysis::SweepLogLogSlope(points.episodes, points.finals, core::StableHash64(key));
    const double first = Mean(points.finals.front()) / points.episodes.front();
    const double last = Mean(points.finals.back()) / points.episodes.back();
    INFO(key << ": exponent " << fit.slope << " [" << fit.low << ", " << fit.high
             << "], regret per episode " << first << " -> " << last);
    CHECK(last < 0.8 * first);
    CHECK(fit.high < max_exponent);
    if (key.find("o_reps") != std::string::npos) {
      for (size_t k = 0; k < points.episodes.size(); ++k) {
        CHECK(Mean(points.finals[k]) <= points.bound_finals[k]);
      }
    }
  }
}

}  // namespace

TEST_CASE("log-barrier reference experiment, reduced: every learner's regret is sublinear in K",
          "[theory][episodic_mdp]") {
  const plan::Plan plan =
      plan::LoadPlan(std::string(REGRETLAB_SOURCE_DIR) + "/experiments/log_barrier_sqrt_k.toml",
                     {"sweep.horizon=[300, 1000, 3000]", "replicates=4"});
  CheckSweeps(RunSweep(plan), 1.0);
}

TEST_CASE("slow: log-barrier reference experiment in full (K up to 10^5, 20 replicates)",
          "[.slow][theory]") {
  const plan::Plan plan = plan::LoadPlan(std::string(REGRETLAB_SOURCE_DIR) +
                                         "/experiments/log_barrier_sqrt_k_full.toml");
  CheckSweeps(RunSweep(plan), 0.9);
}
