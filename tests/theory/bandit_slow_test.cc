// Long statistical checks, hidden from the default suite ([.slow]); run by tools/test_slow.sh.
#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/statistics.h"
#include "sim/engine/engine.h"
#include "sim/plan/plan.h"
#include "tests/support/engine_support.h"

using namespace regretlab;

namespace {

// Final-checkpoint values of `metric` per cell, replicate order.
std::vector<std::vector<double>> FinalValues(const plan::Plan& plan, const std::string& metric) {
  const auto results = test_support::RunAllUnits(plan, 0);
  for (const auto& result : results) REQUIRE(result.error.empty());
  std::vector<std::vector<double>> finals(plan.cells.size());
  for (size_t c = 0; c < plan.cells.size(); ++c) {
    const auto matrix = test_support::CellMatrix(plan, results, c, metric);
    const size_t checkpoints = plan.cells[c].checkpoints.rounds.size();
    for (int64_t r = 0; r < plan.cells[c].replicates; ++r) {
      finals[c].push_back(matrix[(r + 1) * checkpoints - 1]);
    }
  }
  return finals;
}

}  // namespace

TEST_CASE("slow: EXP3 and MOSS final regret on the needle scale as sqrt(T) up to 10^6",
          "[.slow][theory]") {
  const plan::Plan plan = plan::ParsePlan(
      "name = \"s\"\nseed = 201\nreplicates = 100\nmetrics = [\"pseudo_regret\"]\n"
      "checkpoints = { kind = \"geometric\", count = 2 }\n"
      "[[environments]]\nname = \"needle\"\nnum_arms = 10\n"
      "[[algorithms]]\nname = \"exp3\"\n[[algorithms]]\nname = \"moss\"\n"
      "[sweep]\nhorizon = [10000, 31623, 100000, 316228, 1000000]\n",
      "slow.toml");
  const auto finals = FinalValues(plan, "pseudo_regret");
  for (const std::string algorithm : {"exp3", "moss"}) {
    std::vector<double> log_horizon, log_regret;
    for (size_t c = 0; c < plan.cells.size(); ++c) {
      if (plan.cells[c].algorithm.name != algorithm) continue;
      const auto band = analysis::MeanInterval(finals[c], 100, 1, 0);
      log_horizon.push_back(std::log(static_cast<double>(plan.cells[c].horizon)));
      log_regret.push_back(std::log(band.estimate));
    }
    const double slope = analysis::OlsSlope(log_horizon, log_regret);
    INFO(algorithm << ": fitted exponent " << slope);
    CHECK(slope > 0.42);
    CHECK(slope < 0.58);
  }
}

TEST_CASE("slow: UCB1's regret is logarithmic: R_T / ln T settles between 10^4 and 10^6",
          "[.slow][theory]") {
  // Gap-dependent regime: R_T ≈ C ln T, so R_T / ln T changes little from T = 10^5 to 10^6
  // while R_T itself grows; a √T algorithm would grow by √10 ≈ 3.2.
  const plan::Plan plan = plan::ParsePlan(
      "name = \"s\"\nseed = 202\nreplicates = 100\nmetrics = [\"pseudo_regret\"]\n"
      "checkpoints = { kind = \"geometric\", count = 2 }\n"
      "[[environments]]\nname = \"bernoulli\"\nmeans = [0.3, 0.5, 0.7]\n"
      "[[algorithms]]\nname = \"ucb1\"\n[sweep]\nhorizon = [100000, 1000000]\n",
      "slow.toml");
  const auto finals = FinalValues(plan, "pseudo_regret");
  const double at_1e5 = analysis::MeanInterval(finals[0], 100, 1, 0).estimate / std::log(1e5);
  const double at_1e6 = analysis::MeanInterval(finals[1], 100, 1, 0).estimate / std::log(1e6);
  INFO("R/ln T at 1e5: " << at_1e5 << ", at 1e6: " << at_1e6);
  CHECK(at_1e6 / at_1e5 > 0.8);
  CHECK(at_1e6 / at_1e5 < 1.5);
}
