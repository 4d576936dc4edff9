// The results layer (schema v2): typed parameters, the /index order, sweeps, paired comparisons,
// claims and their judgement, the report's options, and --set adding a sweep axis.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>

#include "analysis/experiment.h"
#include "analysis/report.h"
#include "sim/plan/plan.h"
#include "sim/record/hdf5.h"
#include "sim/record/result_view.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"
#include "tools/cli/run_experiment.h"

namespace regretlab {
namespace {

using test_support::ConfigErrorOf;
using test_support::TempDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A horizon sweep of UCB1 and KL-UCB whose horizons sort differently as text (1000 < 300).
std::string HorizonSweepSpec(int replicates, const std::string& claims = "") {
  return "name = \"sweep\"\nseed = 3\nreplicates = " + std::to_string(replicates) +
         "\nreplicate_block = 4\ncheckpoints = { kind = \"geometric\", count = 8 }\n"
         "baseline = \"ucb1\"\n"
         "[[environments]]\nname = \"bernoulli\"\nmeans = [0.3, 0.5, 0.7]\n"
         "[[algorithms]]\nname = \"ucb1\"\n"
         "[[algorithms]]\nname = \"kl_ucb\"\n"
         "[sweep]\nhorizon = [3000, 300, 1000]\n" +
         claims;
}

TEST_CASE("results layer: typed parameters round-trip through HDF5 attributes", "[closed_form]") {
  TempDir dir("params");
  record::Handle file = record::CreateFile(dir / "p.h5");
  core::Params params;
  params.Set("flag", true);
  params.Set("count", int64_t{12});
  params.Set("rate", 0.25);
  params.Set("model", std::string("bernoulli"));
  params.Set("means", std::vector<double>{0.1, 0.9});
  params.Set("empty", std::vector<double>{});
  record::Handle group = record::CreateGroup(file.id(), "g");
  record::WriteParamAttributes(group.id(), params);
  const core::Params back = record::ReadParamAttributes(group.id());
  CHECK(back.CanonicalText() == params.CanonicalText());
  CHECK(std::holds_alternative<bool>(back.Value("flag")));
  CHECK(std::holds_alternative<int64_t>(back.Value("count")));
  CHECK(back.RealList("means") == std::vector<double>{0.1, 0.9});
}

TEST_CASE("results layer: parameters compare numerically, missing first", "[closed_form]") {
  CHECK(core::CompareParamValues(int64_t{300}, int64_t{1000}) < 0);  // not as text
  CHECK(core::CompareParamValues(0.5, int64_t{1}) < 0);
  CHECK(core::CompareParamValues(std::string("a"), std::string("b")) < 0);
  CHECK(core::CompareParamValues(std::vector<double>{1, 2}, std::vector<double>{1, 3}) < 0);
  core::Params with, without;
  with.Set("eta", 1.0);
  CHECK(core::CompareParams(without, with) < 0);
  CHECK(core::CompareParams(with, with) == 0);
}

TEST_CASE("results layer: the index lists cells by name, then parameters and T numerically",
          "[closed_form]") {
  TempDir dir("index");
  test_support::WriteText(dir / "spec.toml", HorizonSweepSpec(4));
  test_support::RunSpec(dir / "spec.toml", dir / "out.h5", 2);
  auto file = record::TryOpenFile(dir / "out.h5");
  REQUIRE(file);
  const std::vector<analysis::CellInfo> cells = analysis::ReadCells(file->id());
  REQUIRE(cells.size() == 6);
  const std::vector<std::pair<std::string, int64_t>> expected = {{"kl_ucb", 300},  {"kl_ucb", 1000},
                                                                 {"kl_ucb", 3000}, {"ucb1", 300},
                                                                 {"ucb1", 1000},   {"ucb1", 3000}};
  for (size_t i = 0; i < cells.size(); ++i) {
    CHECK(cells[i].algorithm_name == expected[i].first);
    CHECK(cells[i].horizon == expected[i].second);
  }
  // The report prints them in that order too.
  std::ostringstream report;
  analysis::PrintReport(dir / "out.h5", report);
  const std::string text = report.str();
  CHECK(text.find("ucb1 on bernoulli, T = 300,") < text.find("ucb1 on bernoulli, T = 1000,"));
  CHECK(text.find("ucb1 on bernoulli, T = 1000,") < text.find("ucb1 on bernoulli, T = 3000,"));
}

TEST_CASE("results layer: sweeps, paired comparisons and claims are computed from the file",
          "[closed_form]") {
  TempDir dir("claims");
  const std::string claims =
      "[[claims]]\nname = \"log_rate\"\nquantity = \"exponent\"\nparameter = \"horizon\"\n"
      "metric = \"pseudo_regret\"\ncells = { algorithm = \"ucb1\" }\nexpected = 0.0\n"
      "tolerance = 5.0\nsource = \"test\"\n"
      "[[claims]]\nname = \"impossible\"\nquantity = \"final\"\nmetric = \"pseudo_regret\"\n"
      "cells = { algorithm = \"ucb1\", horizon = 300 }\nat_most = -1.0\nsource = \"test\"\n"
      "[[claims]]\nname = \"bound\"\nquantity = \"verdict\"\nbound = \"ucb1_auer2002\"\n"
      "expected = \"holds\"\ncells = { algorithm = \"ucb1\" }\nsource = \"test\"\n"
      "[[claims]]\nname = \"later\"\nquantity = \"difference\"\nmetric = \"pseudo_regret\"\n"
      "cells = { algorithm = \"kl_ucb\" }\nversus = { algorithm = \"ucb1\" }\nat_most = 1e9\n"
      "full_size = true\nsource = \"test\"\n";
  test_support::WriteText(dir / "spec.toml", HorizonSweepSpec(8, claims));
  test_support::RunSpec(dir / "spec.toml", dir / "out.h5", 2);
  auto file = record::TryOpenFile(dir / "out.h5");
  REQUIRE(file);
  const auto cells = analysis::ReadCells(file->id());

  // Sweeps: one per algorithm and fitted metric; values ascending; the exponent is the OLS slope
  // of log mean final value on log T (recomputed here by hand).
  const auto sweeps = analysis::ReadSweeps(file->id());
  const analysis::Sweep* ucb1 = nullptr;
  for (const auto& sweep : sweeps) {
    if (sweep.algorithm_name == "ucb1" && sweep.metric == "pseudo_regret") ucb1 = &sweep;
  }
  REQUIRE(ucb1 != nullptr);
  CHECK(ucb1->parameter == "horizon");
  CHECK(ucb1->values == std::vector<double>{300, 1000, 3000});
  std::vector<double> log_t, log_final;
  for (size_t k = 0; k < 3; ++k) {
    record::Handle cell = record::OpenGroup(file->id(), "cells/" + ucb1->cell_ids[k]);
    const auto finals = record::FinalValues(cell.id(), "pseudo_regret");
    double mean = 0;
    for (double v : finals) mean += v / static_cast<double>(finals.size());
    CHECK(ucb1->final_mean[k] == Approx(mean).epsilon(1e-12));
    log_t.push_back(std::log(ucb1->values[k]));
    log_final.push_back(std::log(mean));
  }
  CHECK(ucb1->exponent == Approx(analysis::OlsSlope(log_t, log_final)).epsilon(1e-12));
  CHECK(ucb1->exponent_ci_low <= ucb1->exponent);
  CHECK(ucb1->exponent <= ucb1->exponent_ci_high);
  // Theory: UCB1's bound grows like ln T, so its log-log slope over [300, 3000] is small.
  CHECK(ucb1->theory_bound == "ucb1_auer2002");
  CHECK(ucb1->theory_exponent > 0.0);
  CHECK(ucb1->theory_exponent < 0.5);

  // Paired: every kl_ucb cell against the ucb1 cell of its horizon, though their parameters differ
  // (kl_ucb's exploration is not ucb1's).
  const auto pairs = analysis::ReadPaired(file->id());
  CHECK(pairs.size() == 3);
  CHECK(record::ReadStringAttribute(record::OpenGroup(file->id(), "paired").id(), "baseline") ==
        "ucb1");
  for (const auto& pair : pairs) {
    CHECK(pair.cell_id.find("kl_ucb") != std::string::npos);
    CHECK(pair.baseline_cell_id.find("ucb1") != std::string::npos);
    CHECK(pair.metric == "pseudo_regret");
    CHECK(pair.ci_low <= pair.mean_difference);
  }

  const auto results = analysis::ReadClaims(file->id());
  REQUIRE(results.size() == 4);
  CHECK(results[0].claim.name == "log_rate");
  CHECK(results[0].status == "reproduced");  // any exponent in [-5, 5]
  CHECK(results[0].measured == Approx(ucb1->exponent));
  CHECK(results[1].status == "not reproduced");  // regret is never below -1
  CHECK(results[2].status == "reproduced");
  CHECK(results[3].status == "reproduced");  // no overrides: a full-size run

  // The summary CSV: a row per replicate final, final, slope, verdict, sweep, pair and claim.
  analysis::WriteSummaryCsv(dir / "out.h5", dir / "summary.csv");
  const std::string csv = test_support::ReadText(dir / "summary.csv");
  auto rows = [&](const std::string& kind) {
    size_t count = 0;
    for (size_t at = csv.find("," + kind + ","); at != std::string::npos;
         at = csv.find("," + kind + ",", at + 1)) {
      ++count;
    }
    return count;
  };
  CHECK(rows("exponent") == sweeps.size());
  CHECK(rows("paired") == 3);
  CHECK(rows("claim") == 4);
  // 6 cells x 8 replicates x 3 metrics (pseudo_regret, realized_regret, best_arm_pulls)
  CHECK(rows("replicate_final") == 6 * 8 * 3);
  CHECK(csv.find("sweep,,,,,,,") !=
        std::string::npos);  // a sweep row leaves the cell columns empty

  // verify on the file exits non-zero through the count of claims not reproduced.
  std::ostringstream out;
  CHECK(analysis::PrintClaims(dir / "out.h5", out) == 1);
  CHECK(out.str().find("not reproduced   impossible") != std::string::npos);

  // With overrides the run is reduced: full_size claims are not evaluated.
  cli::RunOptions reduced;
  reduced.spec_file = dir / "spec.toml";
  reduced.output = dir / "reduced.h5";
  reduced.overrides = {"replicates=4"};
  test_support::RunQuietly(reduced);
  auto reduced_file = record::TryOpenFile(dir / "reduced.h5");
  REQUIRE(reduced_file);
  CHECK(analysis::ReadClaims(reduced_file->id())[3].status == "not evaluated (needs full size)");
}

TEST_CASE("results layer: a claim's interval is judged against its expectation", "[closed_form]") {
  plan::ClaimSpec band;
  band.expected = 0.5;
  band.tolerance = 0.1;
  CHECK(analysis::JudgeInterval(band, {0.5, 0.45, 0.55}) == "reproduced");
  CHECK(analysis::JudgeInterval(band, {0.5, 0.35, 0.55}) == "inconclusive");
  CHECK(analysis::JudgeInterval(band, {0.7, 0.65, 0.75}) == "not reproduced");
  CHECK(analysis::JudgeInterval(band, {0.5, kNaN, kNaN}) == "inconclusive");
  plan::ClaimSpec below;
  below.at_most = 0.0;
  CHECK(analysis::JudgeInterval(below, {-3, -4, -2}) == "reproduced");
  CHECK(analysis::JudgeInterval(below, {3, 2, 4}) == "not reproduced");
  CHECK(analysis::JudgeInterval(below, {0, -1, 1}) == "inconclusive");
}

TEST_CASE("results layer: one replicate gives no interval and an inconclusive verdict",
          "[closed_form]") {
  TempDir dir("one");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec(1));
  test_support::RunSpec(dir / "spec.toml", dir / "out.h5", 1);
  auto file = record::TryOpenFile(dir / "out.h5");
  REQUIRE(file);
  for (const auto& cell : analysis::ReadCells(file->id())) {
    record::Handle group = record::OpenGroup(file->id(), "cells/" + cell.id);
    record::Handle fit = record::OpenGroup(group.id(), "analysis/pseudo_regret");
    CHECK(std::isnan(record::ReadDoubleAttribute(fit.id(), "final_ci_low")));
    if (cell.algorithm_name == "ucb1") {
      record::Handle verdict = record::OpenGroup(group.id(), "verdict/ucb1_auer2002");
      CHECK(record::ReadStringAttribute(verdict.id(), "verdict") ==
            "inconclusive (too few replicates)");
    }
  }
}

TEST_CASE("results layer: report options are checked against the file", "[error]") {
  TempDir dir("options");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec(2));
  test_support::RunSpec(dir / "spec.toml", dir / "out.h5", 1);
  std::ostringstream out;
  const std::string baseline =
      ConfigErrorOf([&] { analysis::PrintReport(dir / "out.h5", out, {.baseline = "kl_ucb"}); });
  CHECK(baseline.find("--baseline: no algorithm 'kl_ucb' in this file; present: exp3, "
                      "thompson_sampling, ucb1") != std::string::npos);
  const std::string metric =
      ConfigErrorOf([&] { analysis::PrintReport(dir / "out.h5", out, {.metric = "regret"}); });
  CHECK(metric.find("--metric: no cell records 'regret'; recorded: ") != std::string::npos);
  CHECK(out.str().empty());  // nothing printed before the error
  std::ostringstream only;
  analysis::PrintReport(dir / "out.h5", only, {.metric = "realized_regret"});
  CHECK(only.str().find("realized_regret  final") != std::string::npos);
  CHECK(only.str().find("pseudo_regret    final") == std::string::npos);
}

TEST_CASE("results layer: --set may add a sweep axis, and its errors name the override",
          "[error]") {
  const std::string spec = test_support::SmallBanditSpec(2, 500);
  const plan::Plan plan = plan::ParsePlan(spec, "spec.toml", {"sweep.horizon=[100,200,400]"});
  CHECK(plan.cells.size() == 9);  // 3 algorithms x 3 horizons; the spec's horizon is replaced
  const std::string error =
      ConfigErrorOf([&] { plan::ParsePlan(spec, "spec.toml", {"algorithms.0.exploration=-1"}); });
  CHECK(error.find("--set algorithms.0.exploration=-1") != std::string::npos);
  CHECK(error.find("spec.toml") == std::string::npos);
}

TEST_CASE("results layer: bad claims are refused with the spec's line", "[error]") {
  const std::string spec = test_support::SmallBanditSpec(2);
  auto error_of = [&](const std::string& claim) {
    return ConfigErrorOf([&] { plan::ParsePlan(spec + "[[claims]]\n" + claim, "spec.toml"); });
  };
  CHECK(error_of("name = \"x\"\nquantity = \"speed\"\nsource = \"s\"\n")
            .find("unknown quantity 'speed'; valid: exponent, verdict, difference, ratio, final") !=
        std::string::npos);
  CHECK(error_of("name = \"x\"\nquantity = \"final\"\nmetric = \"pseudo_regret\"\nsource = \"s\"\n"
                 "cells = { algorithm = \"kl_ucb\" }\nat_most = 1\n")
            .find("no algorithm 'kl_ucb' in the spec") != std::string::npos);
  CHECK(error_of("name = \"x\"\nquantity = \"exponent\"\nparameter = \"horizon\"\n"
                 "metric = \"pseudo_regret\"\nsource = \"s\"\nexpected = 0.5\ntolerance = 0.1\n")
            .find("needs a sweep of 3 or more values") != std::string::npos);
  CHECK(error_of("name = \"x\"\nquantity = \"final\"\nmetric = \"pseudo_regret\"\nsource = \"s\"\n")
            .find("state the expectation") != std::string::npos);
  CHECK(error_of("name = \"x\"\nquantity = \"final\"\nmetric = \"pseudo_regret\"\n")
            .find("spec.toml:") != std::string::npos);
}

TEST_CASE("results layer: the ETA extrapolates work, not units", "[closed_form]") {
  // A quarter of the work done in 10 s leaves 30 s, however many units that was.
  CHECK(cli::EtaText(10.0, 250, 1000) == "ETA 30 s");
  CHECK(cli::EtaText(10.0, 0, 1000) == "ETA unknown until a unit finishes");
}

}  // namespace
}  // namespace regretlab
