// Theory checks with fixed seeds and no retries (DESIGN §9 [theory]): the simulated regret of
// the baselines must sit where the theorems say, with a confidence margin.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "analysis/statistics.h"
#include "sim/engine/engine.h"
#include "sim/plan/plan.h"
#include "sim/registry/registry.h"
#include "tests/support/engine_support.h"

using namespace regretlab;

namespace {

struct CellMatrix {
  const plan::CellPlan* cell = nullptr;
  std::vector<double> pseudo;  // replicates × checkpoints
  std::vector<double> bound;   // per-replicate values of the cell's first bound, same layout
};

std::vector<CellMatrix> RunSpec(const plan::Plan& plan) {
  const auto results = test_support::RunAllUnits(plan, 2);
  for (const auto& result : results) REQUIRE(result.error.empty());
  std::vector<CellMatrix> cells(plan.cells.size());
  for (size_t c = 0; c < plan.cells.size(); ++c) {
    cells[c].cell = &plan.cells[c];
    cells[c].pseudo = test_support::CellMatrix(plan, results, c, "pseudo_regret");
    cells[c].bound.assign(cells[c].pseudo.size(), 0.0);
  }
  for (const auto& result : results) {
    if (result.bounds.empty()) continue;
    std::copy(result.bounds[0].begin(), result.bounds[0].end(),
              cells[result.cell_index].bound.begin() +
                  static_cast<std::ptrdiff_t>(result.first_replicate * result.num_checkpoints));
  }
  return cells;
}

const char* kTenArms =
    "[[environments]]\nname = \"bernoulli\"\n"
    "means = [0.1, 0.1889, 0.2778, 0.3667, 0.4556, 0.5444, 0.6333, 0.7222, 0.8111, 0.9]\n";

}  // namespace

TEST_CASE("theory: UCB1's mean regret plus a margin stays under Auer et al.'s bound", "[theory]") {
  const plan::Plan plan =
      plan::ParsePlan(std::string("name = \"t\"\nseed = 101\nhorizon = 10000\nreplicates = 60\n"
                                  "metrics = [\"pseudo_regret\"]\nbounds = [\"ucb1_auer2002\"]\n"
                                  "checkpoints = { kind = \"geometric\", count = 30 }\n") +
                          kTenArms + "[[algorithms]]\nname = \"ucb1\"\n",
                      "theory.toml");
  const auto cells = RunSpec(plan);
  const auto& rounds = plan.cells[0].checkpoints.rounds;
  const int64_t checkpoints = static_cast<int64_t>(rounds.size());
  for (int64_t c = 0; c < checkpoints; ++c) {
    const auto band = analysis::MeanInterval(cells[0].pseudo, 60, checkpoints, c);
    // The bound does not depend on the replicate here (fixed means).
    const double bound = cells[0].bound[c];
    // Margin: 3 standard errors instead of 1.96.
    const double upper = band.estimate + (band.high - band.estimate) * 3.0 / analysis::kZ95;
    INFO("t = " << rounds[c] << ", mean " << band.estimate << ", bound " << bound);
    CHECK(upper <= bound);
  }
  // Hand check of the bound at T: Σ 8 ln T / Δ_i + (1 + π²/3) Σ Δ_i.
  const std::vector<double> means = {0.1,    0.1889, 0.2778, 0.3667, 0.4556,
                                     0.5444, 0.6333, 0.7222, 0.8111, 0.9};
  double expected = 0;
  for (double mean : means) {
    const double gap = 0.9 - mean;
    if (gap > 0) expected += 8 * std::log(10000.0) / gap + (1 + M_PI * M_PI / 3) * gap;
  }
  CHECK(cells[0].bound.back() == Approx(expected).epsilon(1e-12));
}

TEST_CASE("theory: Thompson sampling beats UCB1 on the same replicates", "[theory]") {
  const plan::Plan plan = plan::ParsePlan(
      std::string("name = \"t\"\nseed = 102\nhorizon = 10000\nreplicates = 40\n"
                  "metrics = [\"pseudo_regret\"]\nbounds = []\n"
                  "checkpoints = { kind = \"geometric\", count = 10 }\n") +
          kTenArms +
          "[[algorithms]]\nname = \"ucb1\"\n[[algorithms]]\nname = \"thompson_sampling\"\n",
      "theory.toml");
  const auto cells = RunSpec(plan);
  REQUIRE(plan.cells[0].algorithm.name == "ucb1");
  const int64_t checkpoints = static_cast<int64_t>(plan.cells[0].checkpoints.rounds.size());
  // Paired differences at T (common random numbers: same reward stacks for both).
  std::vector<double> differences;
  for (int64_t r = 0; r < 40; ++r) {
    differences.push_back(cells[1].pseudo[r * checkpoints + checkpoints - 1] -
                          cells[0].pseudo[r * checkpoints + checkpoints - 1]);
  }
  const auto band = analysis::MeanInterval(differences, 40, 1, 0);
  INFO("TS - UCB1 final regret: " << band.estimate << " [" << band.low << ", " << band.high << "]");
  CHECK(band.high < 0);
}

TEST_CASE("theory: EXP3's final regret on the needle grows like sqrt(T)", "[theory]") {
  // The needle's gap is sqrt(K/T), so its final regret scales as sqrt(KT) for every algorithm;
  // EXP3 tuned to T is minimax-optimal up to log factors: slope of log R_T on log T ≈ 1/2.
  const plan::Plan plan = plan::ParsePlan(
      "name = \"t\"\nseed = 103\nreplicates = 24\nmetrics = [\"expected_regret\", "
      "\"pseudo_regret\"]\ncheckpoints = { kind = \"geometric\", count = 2 }\n"
      "[[environments]]\nname = \"needle\"\nnum_arms = 10\n"
      "[[algorithms]]\nname = \"exp3\"\n[sweep]\nhorizon = [1000, 3162, 10000, 31623, 100000]\n",
      "theory.toml");
  const auto cells = RunSpec(plan);
  std::vector<double> log_horizon, log_regret;
  for (const auto& cell : cells) {
    const int64_t checkpoints = static_cast<int64_t>(cell.cell->checkpoints.rounds.size());
    const auto band = analysis::MeanInterval(cell.pseudo, 24, checkpoints, checkpoints - 1);
    log_horizon.push_back(std::log(static_cast<double>(cell.cell->horizon)));
    log_regret.push_back(std::log(band.estimate));
  }
  const double slope = analysis::OlsSlope(log_horizon, log_regret);
  INFO("fitted exponent " << slope);
  CHECK(slope > 0.4);
  CHECK(slope < 0.6);
}
