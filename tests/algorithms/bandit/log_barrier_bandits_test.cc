// Tests of the family-B bandit learners (lb_ftrl, tsallis_inf, exp3_ix), their bounds, the UCB
// trap and corrupted environments, and the negative-estimate stress test
// (docs/theory/log_barrier.md §3.2, §3.7).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "algorithms/bandit/log_barrier_kernels.h"
#include "analysis/statistics.h"
#include "sim/plan/plan.h"
#include "sim/random/samplers.h"
#include "sim/testing/bandit_conformance.h"
#include "tests/algorithms/bandit/bandit_test_util.h"
#include "tests/support/engine_support.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

TEST_CASE("lb_ftrl: the distribution is the log-barrier FTRL solution for hand-fed losses",
          "[closed_form][log_barrier]") {
  auto learner = MakeLearner("lb_ftrl", {{"eta", 0.3}});
  learner->Reset(MakeInfo(3, 100));
  random::Rng rng = MakeRng(1);
  const int64_t arm = learner->Select(rng);
  REQUIRE(learner->Distribution()[0] == Approx(1.0 / 3).margin(1e-15));
  learner->Observe(arm, 0.25);  // loss 0.75, estimate 0.75 / (1/3) = 2.25
  learner->Select(rng);
  std::vector<double> losses(3, 0.0), expected(3);
  losses[static_cast<size_t>(arm)] = 2.25;
  LogBarrierFtrlWeights(losses, 0.3, expected);
  for (size_t i = 0; i < 3; ++i)
    REQUIRE(learner->Distribution()[i] == Approx(expected[i]).margin(1e-15));
}

// From a log-barrier distribution w with common rate η, the differences of the cumulative
// estimates are recoverable: L_i − L_0 = (1/w_i − 1/w_0)/η (KKT of docs/theory/conventions.md
// §1.5 (f)). Over many fresh replicates of one round from the uniform start, their mean must be
// ℓ_i − ℓ_0 (unbiased estimator), within a 4.5-standard-error Monte-Carlo interval.
void CheckUnbiased(const testing::ParamMap& params) {
  const std::vector<double> losses = {0.2, 0.9, 0.5, 0.0};
  const double rate = 0.05;
  const int replicates = 40000;
  std::vector<double> sum(losses.size(), 0.0), sum_sq(losses.size(), 0.0);
  auto learner = MakeLearner("lb_ftrl", params);
  for (int r = 0; r < replicates; ++r) {
    learner->Reset(MakeInfo(4, 100));
    random::Rng rng = MakeRng(1000 + static_cast<uint64_t>(r));
    const int64_t arm = learner->Select(rng);
    learner->Observe(arm, 1.0 - losses[static_cast<size_t>(arm)]);
    learner->Select(rng);
    const auto w = learner->Distribution();
    for (size_t i = 1; i < losses.size(); ++i) {
      const double difference = (1.0 / w[i] - 1.0 / w[0]) / rate;
      sum[i] += difference;
      sum_sq[i] += difference * difference;
    }
  }
  for (size_t i = 1; i < losses.size(); ++i) {
    const double mean = sum[i] / replicates;
    const double se = std::sqrt((sum_sq[i] / replicates - mean * mean) / replicates);
    INFO("arm " << i << " mean " << mean << " se " << se);
    REQUIRE(std::abs(mean - (losses[i] - losses[0])) <= 4.5 * se);
    REQUIRE(se < 0.05);  // the interval is informative
  }
}

TEST_CASE("lb_ftrl: importance-weighted and centred estimators are unbiased (Monte Carlo)",
          "[theory][log_barrier]") {
  CheckUnbiased({{"eta", 0.05}});
  CheckUnbiased({{"eta", 0.05}, {"estimator", std::string("centred")}, {"hint", 0.6}});
}

// Runs `spec_text` in-process; returns the cells' matrices of `metric`.
std::vector<std::vector<double>> RunCells(const std::string& spec_text, const std::string& metric,
                                          plan::Plan& plan_out) {
  plan_out = plan::ParsePlan(spec_text, "family_b.toml");
  const auto results = test_support::RunAllUnits(plan_out, 2);
  for (const auto& result : results) REQUIRE(result.error.empty());
  std::vector<std::vector<double>> cells;
  for (size_t c = 0; c < plan_out.cells.size(); ++c) {
    cells.push_back(test_support::CellMatrix(plan_out, results, c, metric));
  }
  return cells;
}

double FinalMean(const std::vector<double>& matrix, const plan::CellPlan& cell) {
  const size_t checkpoints = cell.checkpoints.rounds.size();
  double total = 0;
  for (int64_t r = 0; r < cell.replicates; ++r) {
    total += matrix[static_cast<size_t>(r) * checkpoints + checkpoints - 1];
  }
  return total / static_cast<double>(cell.replicates);
}

TEST_CASE("ucb trap: UCB1 and Thompson sampling pay linear regret, FTRL learners sqrt(T)",
          "[theory][log_barrier]") {
  // T = 20000, lure phase 5000 rounds. Predicted UCB1 regret ≈ s (1 − late_mean − ε) = 2000.
  plan::Plan plan;
  const auto cells = RunCells(
      "name = \"trap\"\nseed = 5\nhorizon = 20000\nreplicates = 8\n"
      "metrics = [\"pseudo_regret\"]\ncheckpoints = { kind = \"geometric\", count = 10 }\n"
      "[[environments]]\nname = \"ucb_trap\"\n"
      "[[algorithms]]\nname = \"ucb1\"\n[[algorithms]]\nname = \"thompson_sampling\"\n"
      "[[algorithms]]\nname = \"lb_ftrl\"\n[[algorithms]]\nname = \"tsallis_inf\"\n"
      "[[algorithms]]\nname = \"exp3_ix\"\n",
      "pseudo_regret", plan);
  std::map<std::string, double> final_regret;
  for (size_t c = 0; c < cells.size(); ++c) {
    final_regret[plan.cells[c].algorithm.name] = FinalMean(cells[c], plan.cells[c]);
  }
  for (const auto& [name, value] : final_regret) INFO(name << ": " << value);
  const double sqrt_kt = std::sqrt(2.0 * 20000);
  CHECK(final_regret["ucb1"] > 1500);
  CHECK(final_regret["thompson_sampling"] > 1500);
  for (const char* name : {"lb_ftrl", "tsallis_inf", "exp3_ix"}) {
    INFO(name << " " << final_regret[name]);
    CHECK(final_regret[name] < 4 * sqrt_kt);
  }
}

TEST_CASE("family B bounds hold on a stochastic and an adversarial instance",
          "[theory][log_barrier]") {
  for (const char* environment :
       {"[[environments]]\nname = \"bernoulli\"\nmeans = [0.5, 0.6, 0.4, 0.45]\n",
        "[[environments]]\nname = \"switching_adversary\"\nnum_arms = 4\n"}) {
    const std::string spec =
        std::string(
            "name = \"b\"\nseed = 9\nhorizon = 5000\nreplicates = 30\n"
            "metrics = [\"expected_regret\"]\n"
            "bounds = [\"lb_ftrl_fixed_rate\", \"tsallis_inf_adversarial\", "
            "\"exp3_ix_expected\", \"broad_omd_worst_case\"]\n"
            "checkpoints = { kind = \"geometric\", count = 8 }\n") +
        environment +
        "[[algorithms]]\nname = \"lb_ftrl\"\n[[algorithms]]\nname = \"lb_ftrl\"\n"
        "schedule = \"anytime\"\neta = 0.5\n"
        "[[algorithms]]\nname = \"tsallis_inf\"\n[[algorithms]]\nname = \"exp3_ix\"\n"
        "[[algorithms]]\nname = \"broad_omd\"\n";
    const plan::Plan plan = plan::ParsePlan(spec, "bounds.toml");
    const auto results = test_support::RunAllUnits(plan, 2);
    for (size_t c = 0; c < plan.cells.size(); ++c) {
      const auto& cell = plan.cells[c];
      const auto regret = test_support::CellMatrix(plan, results, c, "expected_regret");
      const int64_t checkpoints = static_cast<int64_t>(cell.checkpoints.rounds.size());
      REQUIRE(cell.bounds.size() == 1);
      for (const auto& result : results) {
        if (result.cell_index != c) continue;
        for (int64_t k = 0; k < checkpoints; ++k) {
          const auto band = analysis::MeanInterval(regret, cell.replicates, checkpoints, k);
          const double bound = result.bounds[0][static_cast<size_t>(k)];
          INFO(cell.algorithm.name << " t " << cell.checkpoints.rounds[k] << " mean "
                                   << band.estimate << " bound " << bound);
          REQUIRE(std::isfinite(bound));
          CHECK(band.high <= bound);
        }
      }
    }
  }
}

// docs/theory/log_barrier.md §3.2 stress test: the centred estimator with m ≡ 1 (every
// estimate ≤ 0, down to −1/w_min) fed to LB-FTRL and to EXP3 (exp3_ix with γ = 0) with the same η.
// LB-FTRL keeps Σw = 1 and its weights bounded away from 0 (the lower bound of
// docs/theory/conventions.md §1.5 (f)); exponential weights collapse.
TEST_CASE("negative-estimate stress test: log-barrier survives, exponential weights collapse",
          "[invariant][log_barrier]") {
  const std::vector<double> means = {0.9, 0.85, 0.8, 0.75, 0.7};
  const int64_t rounds = 50000;
  const int replicates = 10;
  const double eta = std::sqrt(5 * std::log(5.0 * rounds) / (2.0 * rounds));
  int collapsed_lb = 0, collapsed_exp3 = 0;
  double regret_lb = 0, regret_exp3 = 0, smallest_exp3 = 1;
  for (int r = 0; r < replicates; ++r) {
    for (const bool log_barrier : {true, false}) {
      auto learner =
          log_barrier
              ? MakeLearner("lb_ftrl",
                            {{"eta", eta}, {"estimator", std::string("centred")}, {"hint", 1.0}})
              : MakeLearner("exp3_ix", {{"eta", eta},
                                        {"gamma_ratio", 0.0},
                                        {"estimator", std::string("centred")},
                                        {"hint", 1.0}});
      learner->Reset(MakeInfo(5, rounds));
      random::Rng rng = MakeRng(500 + static_cast<uint64_t>(r));
      random::Rng environment = MakeRng(900 + static_cast<uint64_t>(r), random::Role::kEnvironment);
      bool collapsed = false;
      double expected_regret = 0;
      for (int64_t t = 0; t < rounds; ++t) {
        const int64_t arm = learner->Select(rng);
        const auto w = learner->Distribution();
        double total = 0, smallest = 1;
        for (size_t i = 0; i < w.size(); ++i) {
          total += w[i];
          smallest = std::min(smallest, w[i]);
          expected_regret += w[i] * (means[0] - means[i]);
        }
        if (smallest < 1e-300) collapsed = true;
        if (!log_barrier) smallest_exp3 = std::min(smallest_exp3, smallest);
        if (log_barrier) REQUIRE(std::abs(total - 1) <= 1e-12);
        learner->Observe(arm, environment.Uniform01() < means[static_cast<size_t>(arm)] ? 1 : 0);
      }
      (log_barrier ? collapsed_lb : collapsed_exp3) += collapsed ? 1 : 0;
      (log_barrier ? regret_lb : regret_exp3) += expected_regret / replicates;
    }
  }
  INFO("collapsed: lb_ftrl " << collapsed_lb << ", exp3 " << collapsed_exp3 << " of " << replicates
                             << "; mean regret lb_ftrl " << regret_lb << ", exp3 " << regret_exp3
                             << "; smallest exp3 weight " << smallest_exp3);
  CHECK(collapsed_lb == 0);
  CHECK(collapsed_exp3 >= replicates / 2);
  CHECK(regret_exp3 >= 2 * regret_lb);
  // O(sqrt(K T ln(KT))) with the fixed-rate constant: K ln(KT)/η + 2ηT + 1.
  CHECK(regret_lb <= 5 * std::log(5.0 * rounds) / eta + 2 * eta * rounds + 1);
}

TEST_CASE("broad_omd: the two log-barrier OMD steps computed by hand",
          "[closed_form][log_barrier]") {
  auto learner = MakeLearner("broad_omd", {{"eta", 0.005}, {"hint", std::string("last")}});
  learner->Reset(MakeInfo(2, 100));
  random::Rng rng = MakeRng(3);
  // Round 1: hint 0, so w_1 = w'_1 = (1/2, 1/2).
  const int64_t arm = learner->Select(rng);
  REQUIRE(learner->Distribution()[0] == Approx(0.5).margin(1e-15));
  learner->Observe(arm, 0.0);  // loss 1 on `arm`
  // Main step from w' = (1/2, 1/2) with x = ℓ̂ + a: x_arm = 1/0.5 + 6η·0.5·2² , x_other = 0.
  const double eta = 0.005;
  std::vector<double> x(2, 0.0), base(2), expected(2), scratch(2);
  x[static_cast<size_t>(arm)] = 2.0 + 6 * eta * 0.5 * 4.0;
  std::vector<double> half = {0.5, 0.5};
  const double rates[1] = {eta};
  LogBarrierOmdStep(half, x, rates, base, scratch);
  // Round 2: optimistic step from w'_2 with hint m = (loss 1 on `arm`, 0 on the other).
  std::vector<double> hint(2, 0.0);
  hint[static_cast<size_t>(arm)] = 1.0;
  LogBarrierOmdStep(base, hint, rates, expected, scratch);
  learner->Select(rng);
  for (size_t i = 0; i < 2; ++i)
    REQUIRE(learner->Distribution()[i] == Approx(expected[i]).margin(1e-14));
  REQUIRE(learner->Distribution()[static_cast<size_t>(arm)] < 0.5);
}

TEST_CASE("ucb trap and corrupted environments: means, comparator and corruption",
          "[closed_form][log_barrier]") {
  auto trap = regretlab::testing::MakeEnvironment("ucb_trap", {{"num_arms", int64_t{3}}});
  trap->SetHorizon(1000);
  trap->Reset({1, 2, 0, random::Role::kEnvironment, 0});
  REQUIRE(trap->ComparatorArm() == 1);
  std::vector<double> gaps(3);
  trap->Gaps(10, gaps);  // lure phase: arm 0 pays 1, others 0.9; gaps w.r.t. arm 1
  CHECK(gaps[0] == Approx(-0.1));
  CHECK(gaps[2] == Approx(0.0));
  trap->Gaps(251, gaps);  // after the lure phase (250 rounds)
  CHECK(gaps[0] == Approx(0.5));
  CHECK(gaps[2] == Approx(0.5));
  auto corrupted = regretlab::testing::MakeEnvironment(
      "corrupted_stochastic", {{"means", std::vector<double>{0.3, 0.7}}, {"budget", int64_t{50}}});
  corrupted->SetHorizon(1000);
  corrupted->Reset({1, 2, 0, random::Role::kEnvironment, 0});
  REQUIRE(corrupted->ComparatorArm() == 1);
  CHECK(corrupted->Oracle().Scalar("corruption") == Approx(0.7 * 50));
  for (int64_t t = 1; t <= 50; ++t) CHECK(corrupted->Pull(1, t) == 0.0);
  corrupted->Gaps(60, gaps);
  CHECK(gaps[0] == Approx(0.4));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
