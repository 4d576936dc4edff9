// The contextual_bandit protocol: hand-computed accounting, the plan-time checks (dimension
// mismatch, bad dataset, odd width) and a small end-to-end run through the engine.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/engine/engine.h"
#include "sim/plan/plan.h"
#include "sim/protocol/contextual_bandit.h"

namespace regretlab::protocol {
namespace {

TEST_CASE("Contextual accounting by hand", "[contextual][protocol][closed_form]") {
  // K = 3, checkpoints {2, 3}.
  // round 1: μ = (0.2, 0.5, 0.9), a = 1, y = 1, p = (0.5, 0.25, 0.25): gap 0.3, E-gap 0.25·0.3 +
  // 0.25·0.7 = 0.25 round 2: μ = (0.4, 0.1, 0.4), a = 1, y = 0, p = (0.1, 0.8, 0.1): gap 0, E-gap
  // 0.1·0.3 + 0.1·0.3 = 0.06 round 3: μ = (0.0, 1.0, 1.0), a = 2, y = 1, p = (0.2, 0.2, 0.6): gap
  // 1, E-gap 0.2 + 0.6 = 0.8
  std::vector<int64_t> checkpoints = {2, 3};
  std::vector<double> pseudo(2), expected(2), mistakes(2), realized(2), best(2), wall(2);
  using Metric = ContextualBanditProtocol::Metric;
  CheckpointWriter<ContextualBanditProtocol> writer(checkpoints);
  writer.Record(Metric::kPseudoRegret, pseudo.data())
      .Record(Metric::kExpectedRegret, expected.data())
      .Record(Metric::kMistakes, mistakes.data())
      .Record(Metric::kRealizedLoss, realized.data())
      .Record(Metric::kBestPolicyLoss, best.data())
      .RecordWallSeconds(wall.data());
  ContextualAccounting accounting(3, writer);
  const std::vector<double> p1 = {0.5, 0.25, 0.25}, p2 = {0.1, 0.8, 0.1}, p3 = {0.2, 0.2, 0.6};
  accounting.Round(1, std::vector<double>{0.2, 0.5, 0.9}, 1, 1.0, p1);
  accounting.Round(2, std::vector<double>{0.4, 0.1, 0.4}, 1, 0.0, p2);
  accounting.Round(3, std::vector<double>{0.0, 1.0, 1.0}, 2, 1.0, p3);
  CHECK(pseudo[0] == Approx(0.3));
  CHECK(pseudo[1] == Approx(1.3));
  CHECK(expected[0] == Approx(0.31));
  CHECK(expected[1] == Approx(1.11));
  CHECK(mistakes == std::vector<double>{1, 2});
  CHECK(realized == std::vector<double>{1, 2});
  CHECK(best[0] == Approx(0.3));
  CHECK(best[1] == Approx(0.3));
  registry::OracleInfo oracle;
  oracle.vectors["checkpoint_rounds"] = accounting.CheckpointRounds();
  oracle.vectors["best_policy_loss"] = accounting.BestPolicyLossCurve();
  CHECK(BestPolicyLossAt(oracle, 3) == Approx(0.3));
  CHECK(std::isnan(BestPolicyLossAt(oracle, 1)));
}

std::string Spec(const std::string& environment, const std::string& algorithm) {
  return "name = \"t\"\nseed = 1\nhorizon = 200\nreplicates = 2\n"
         "checkpoints = { kind = \"geometric\", count = 5 }\n\n[[environments]]\n" +
         environment + "\n\n[[algorithms]]\n" + algorithm + "\n";
}

void ExpectConfigError(const std::string& text, const std::string& fragment,
                       const std::string& file) {
  try {
    plan::ParsePlan(text, "spec.toml");
    FAIL("accepted: " << text);
  } catch (const core::ConfigError& error) {
    CHECK_THAT(error.what(), Catch::Contains(fragment));
    CHECK(error.file() == file);
  }
}

TEST_CASE("Contextual specs with bad input fail when read", "[contextual][protocol][errors]") {
  ExpectConfigError(Spec("name = \"synthetic_realizable\"\ndimension = 7",
                         "name = \"lin_ucb\"\ninput_dimension = 20"),
                    "input_dimension = 20 but the environment's contexts have d = 7", "spec.toml");
  ExpectConfigError(Spec("name = \"synthetic_realizable\"", "name = \"neu_square_cb\"\nwidth = 7"),
                    "must be even", "spec.toml");
  ExpectConfigError(
      Spec("name = \"classification\"\ndataset = \"/nonexistent/x.csv\"", "name = \"square_cb\""),
      "cannot open", "/nonexistent/x.csv");
  ExpectConfigError(Spec("name = \"classification\"\ndataset = \"wine.csv\"\norder = \"random\"",
                         "name = \"square_cb\""),
                    "order", "spec.toml");
}

TEST_CASE("A contextual spec runs through the engine and records its metrics and bounds",
          "[contextual][protocol][engine]") {
  const plan::Plan plan = plan::ParsePlan(
      Spec("name = \"first_order\"\ndimension = 5", "name = \"neu_fast_cb\"\nwidth = 8"),
      "spec.toml");
  REQUIRE(plan.cells.size() == 1);
  const plan::CellPlan& cell = plan.cells[0];
  CHECK(cell.metrics == std::vector<std::string>{"pseudo_regret", "expected_regret", "mistakes",
                                                 "realized_loss", "best_policy_loss"});
  CHECK(cell.bounds == std::vector<std::string>{"neu_fast_cb_first_order"});
  const engine::UnitResult result = engine::RunUnit(plan, 0);
  REQUIRE(result.error.empty());
  const size_t c = cell.checkpoints.rounds.size();
  for (int64_t r = 0; r < result.count; ++r) {
    const double best = result.metrics[4][r * c + c - 1];
    CHECK(best > 0);
    CHECK(best < 200 * 0.5);
    // The bound at T is sqrt(K L*_T) + K with K = 4.
    CHECK(result.bounds[0][r * c + c - 1] == Approx(std::sqrt(4 * best) + 4));
    CHECK(result.metrics[0][r * c + c - 1] <=
          result.metrics[2][r * c + c - 1]);  // regret ≤ mistakes
  }
}

}  // namespace
}  // namespace regretlab::protocol

namespace regretlab::protocol {
namespace {

TEST_CASE("Contextual results do not depend on how replicates are split into units",
          "[contextual][protocol][determinism]") {
  // Every number is a function of (spec, replicate): replicate 2 alone in a unit, or third in a
  // unit of four, gives the same rows (classification: per-replicate shuffles; neural: init
  // stream).
  const std::string body =
      Spec("name = \"classification\"\ndataset = \"wine.csv\"",
           "name = \"neu_fast_cb\"\nwidth = 8\nperturbation = \"output_noise\"");
  auto with_block = [&](int block) {
    std::string text = body;
    text.replace(text.find("replicates = 2"), 14,
                 "replicates = 4\nreplicate_block = " + std::to_string(block));
    return plan::ParsePlan(text, "spec.toml");
  };
  const plan::Plan whole = with_block(4), single = with_block(1);
  REQUIRE(whole.units.size() == 1);
  REQUIRE(single.units.size() == 4);
  const engine::UnitResult all = engine::RunUnit(whole, 0);
  const engine::UnitResult third = engine::RunUnit(single, 2);
  REQUIRE(all.error.empty());
  REQUIRE(third.error.empty());
  const size_t c = whole.cells[0].checkpoints.rounds.size();
  for (size_t m = 0; m < all.metrics.size(); ++m) {
    const std::vector<double> row(all.metrics[m].begin() + 2 * c, all.metrics[m].begin() + 3 * c);
    CHECK(row == third.metrics[m]);
  }
}

}  // namespace
}  // namespace regretlab::protocol
