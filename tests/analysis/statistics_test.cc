#include "analysis/statistics.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/verdict.h"

using namespace regretlab;

TEST_CASE("analysis: OLS slope of a line is exact", "[closed_form]") {
  CHECK(analysis::OlsSlope({1, 2, 3, 4}, {3, 5, 7, 9}) == Approx(2.0).epsilon(1e-14));
}

TEST_CASE("analysis: the log-log slope recovers t^0.5 and t^1 curves", "[closed_form]") {
  const std::vector<int64_t> rounds = {1, 10, 100, 1000, 2000, 5000, 10000};
  for (double exponent : {0.5, 1.0}) {
    std::vector<double> matrix;  // 3 replicates: c · t^exponent with c = 1, 2, 3
    for (int r = 1; r <= 3; ++r) {
      for (int64_t t : rounds) matrix.push_back(r * std::pow(static_cast<double>(t), exponent));
    }
    const auto fit = analysis::LogLogSlope(matrix, 3, rounds, 1);
    CHECK(fit.slope == Approx(exponent).epsilon(1e-12));
    CHECK(fit.low == Approx(exponent).epsilon(1e-9));  // every resample has the same exponent
    CHECK(fit.high == Approx(exponent).epsilon(1e-9));
    CHECK(fit.t_min == 1000);
    CHECK(fit.points == 4);
  }
}

TEST_CASE("analysis: verdicts follow the confidence band", "[closed_form]") {
  const std::vector<int64_t> rounds = {10, 100};
  // Two replicates: values 1 and 3 at both checkpoints → mean 2, SE 1, band 2 ± 1.96.
  const std::vector<double> matrix = {1, 1, 3, 3};
  using registry::BoundKind;
  CHECK(analysis::JudgeBound(BoundKind::kUpper, matrix, 2, rounds, {4.0, 4.0}).verdict == "holds");
  CHECK(analysis::JudgeBound(BoundKind::kUpper, matrix, 2, rounds, {3.0, 3.0}).verdict ==
        "inconclusive");
  CHECK(analysis::JudgeBound(BoundKind::kUpper, matrix, 2, rounds, {5.0, 0.01}).verdict ==
        "violated");
  CHECK(analysis::JudgeBound(BoundKind::kUpper, matrix, 2, rounds, {4.0, 8.0}).max_ratio ==
        Approx(0.5));
  CHECK(analysis::JudgeBound(BoundKind::kLower, matrix, 2, rounds, {0.01, 0.01}).verdict ==
        "holds");
  CHECK(analysis::JudgeBound(BoundKind::kLower, matrix, 2, rounds, {0.01, 5.0}).verdict ==
        "violated");
  // Asymptotic lower bounds: compared at the end only, and never "violated".
  CHECK(analysis::JudgeBound(BoundKind::kLowerAsymptotic, matrix, 2, rounds, {9.0, 0.01}).verdict ==
        "holds");
  CHECK(analysis::JudgeBound(BoundKind::kLowerAsymptotic, matrix, 2, rounds, {0.01, 9.0}).verdict ==
        "inconclusive");
  CHECK(analysis::JudgeBound(BoundKind::kUpper, matrix, 2, rounds, {}).verdict == "not_applicable");
}

TEST_CASE("analysis: the sweep slope recovers the exponent of final regret in T", "[closed_form]") {
  // Final regret = c·sqrt(T) with replicate spread c ∈ {1, 2, 3}: slope exactly 1/2.
  const std::vector<double> horizons = {1e3, 1e4, 1e5, 1e6};
  std::vector<std::vector<double>> finals;
  for (double horizon : horizons) {
    finals.push_back({std::sqrt(horizon), 2 * std::sqrt(horizon), 3 * std::sqrt(horizon)});
  }
  const auto fit = analysis::SweepLogLogSlope(horizons, finals, 5);
  CHECK(fit.slope == Approx(0.5).epsilon(1e-12));
  CHECK(fit.low <= 0.5 + 1e-12);
  CHECK(fit.high >= 0.5 - 1e-12);
  CHECK(fit.high - fit.low < 0.3);  // resampling {1,2,3} per point moves the slope a little
  CHECK(std::isnan(analysis::SweepLogLogSlope({1e3, 1e4}, {{1.0}, {2.0}}, 5).slope));
}
