// Tests of moss (algorithms/bandit/moss.cc) and its bound moss_minimax.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::Feed;
using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

TEST_CASE("moss plays every arm once, in index order, before using the index", "[invariant]") {
  auto learner = MakeLearner("moss");
  learner->Reset(MakeInfo(3, 100));
  random::Rng rng = MakeRng(41);
  for (int64_t arm = 0; arm < 3; ++arm) {
    REQUIRE(learner->Select(rng) == arm);
    learner->Observe(arm, arm == 0 ? 1.0 : 0.0);
  }
  REQUIRE(learner->Select(rng) == 0);
}

// K = 2, T = 100 (T/K = 50). Arm 1: sixty rewards of 0.7, n_1 = 60 > 50, so its bonus is
// max(0, ln(100/120)) = 0 and its index is 0.7. Arm 0: five rewards of mu0, bonus
// sqrt(ln(100/10)/5) = 0.678614042441511, index mu0 + 0.678614.
TEST_CASE("moss picks the arm of the larger hand-computed index", "[closed_form]") {
  auto learner = MakeLearner("moss");
  random::Rng rng = MakeRng(42);
  SECTION("mu0 = 0.02: 0.698614 < 0.7, arm 1") {
    learner->Reset(MakeInfo(2, 100));
    Feed(*learner, 0, 0.02, 5);
    Feed(*learner, 1, 0.7, 60);
    REQUIRE(learner->Select(rng) == 1);
  }
  SECTION("mu0 = 0.03: 0.708614 > 0.7, arm 0") {
    learner->Reset(MakeInfo(2, 100));
    Feed(*learner, 0, 0.03, 5);
    Feed(*learner, 1, 0.7, 60);
    REQUIRE(learner->Select(rng) == 0);
  }
  SECTION("n_0 = T/K exactly: bonus exactly 0") {
    // Arm 0: 0.699999999999 + sqrt(max(0, ln(100/(2*50)))/50) = 0.699999999999 < arm 1's 0.7;
    // a bonus of even 1e-11 from a rounded ln(T/(K n)) would flip the choice.
    learner->Reset(MakeInfo(2, 100));
    Feed(*learner, 0, 0.699999999999, 50);
    Feed(*learner, 1, 0.7, 60);
    REQUIRE(learner->Select(rng) == 1);
  }
  SECTION("the horizon, not the round, sets the bonus") {
    // T = 10^6: arm 1 (n = 60) has bonus sqrt(ln(10^6/120)/60) = 0.387901, index 1.087901;
    // arm 0 (n = 5) has sqrt(ln(10^5)/5) = 1.517427, index 1.537427 with mu0 = 0.02: arm 0.
    // With the round t = 66 in place of T, arm 1 (0.7) would beat arm 0 (0.631850).
    learner->Reset(MakeInfo(2, 1000000));
    Feed(*learner, 0, 0.02, 5);
    Feed(*learner, 1, 0.7, 60);
    REQUIRE(learner->Select(rng) == 0);
  }
}

TEST_CASE("moss needs the announced horizon", "[invariant]") {
  auto learner = MakeLearner("moss");
  REQUIRE_THROWS_AS(learner->Reset(MakeInfo(2, 0)), core::ConfigError);
  REQUIRE_NOTHROW(learner->Reset(MakeInfo(2, 1)));
}

TEST_CASE("moss Reset is equivalent to a fresh object", "[invariant]") {
  const auto first = testing::PlayResetAndFresh("moss", {}, {0.5, 0.4, 0.7, 0.65}, 800, 51, 52);
  int64_t best_pulls = 0;
  for (const int64_t arm : first) best_pulls += arm == 2;
  REQUIRE(best_pulls > 300);
}

TEST_CASE("moss_minimax is 49 sqrt(K T) at every t", "[closed_form]") {
  const registry::BoundSpec& bound = testing::FindBound("moss_minimax");
  REQUIRE(bound.kind == registry::BoundKind::kUpper);
  REQUIRE(bound.metric == "pseudo_regret");
  REQUIRE_FALSE(bound.constants_checked);
  const core::Params params = testing::ValidatedParams("moss");
  // K = 4, T = 10^4: 49 * sqrt(4 * 10^4) = 49 * 200 = 9800.
  const auto oracle = testing::StochasticOracle({0.5, 0.4, 0.3, 0.2}, 10000, false);
  REQUIRE(bound.applies(oracle, params));
  for (const int64_t t : {1, 77, 5000, 10000}) {
    REQUIRE(bound.evaluate(oracle, params, t) == Approx(9800.0).epsilon(1e-14));
  }
}

TEST_CASE("moss_minimax applies only to its hypotheses", "[invariant]") {
  const registry::BoundSpec& bound = testing::FindBound("moss_minimax");
  const core::Params params = testing::ValidatedParams("moss");
  const auto oracle = testing::StochasticOracle({0.5, 0.4}, 100, true);
  REQUIRE(bound.applies(oracle, params));
  auto adversarial = oracle;
  adversarial.scalars["stochastic"] = 0.0;
  REQUIRE_FALSE(bound.applies(adversarial, params));
  auto no_horizon = oracle;
  no_horizon.scalars.erase("horizon");
  REQUIRE_FALSE(bound.applies(no_horizon, params));
  auto wide = oracle;
  wide.scalars["reward_min"] = -1.0;
  REQUIRE_FALSE(bound.applies(wide, params));
  auto nonstationary = oracle;
  nonstationary.vectors.erase("gaps");
  REQUIRE_FALSE(bound.applies(nonstationary, params));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
