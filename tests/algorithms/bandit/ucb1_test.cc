// Tests of ucb1 (algorithms/bandit/ucb1.cc) and its bound ucb1_auer2002.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::Feed;
using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

TEST_CASE("ucb1 plays every arm once, in index order, before using the index", "[invariant]") {
  auto learner = MakeLearner("ucb1");
  learner->Reset(MakeInfo(5));
  random::Rng rng = MakeRng(1);
  for (int64_t arm = 0; arm < 5; ++arm) {
    REQUIRE(learner->Select(rng) == arm);
    learner->Observe(arm, arm == 0 ? 1.0 : 0.0);  // arm 0 looks best, yet the others come first
  }
  REQUIRE(learner->Select(rng) == 0);
  REQUIRE_FALSE(learner->HasDistribution());
}

// Arm 0: ten rewards of 0.9 (n_0 = 10), arm 1: two rewards of mu1 (n_1 = 2); n = 12 plays.
// Index difference (arm 1 minus arm 0) = sqrt(2 ln 12) (1/sqrt(2) - 1/sqrt(10)) - (0.9 - mu1)
//   = 0.871390 - (0.9 - mu1).
// With ln 11 the bonus difference would be 0.855997, with ln 13 0.885313, so the two cases below
// pin the round count used in ln n to the number of plays made so far (Auer et al.'s n).
TEST_CASE("ucb1 picks the arm of the larger hand-computed index", "[closed_form]") {
  auto learner = MakeLearner("ucb1");
  random::Rng rng = MakeRng(2);
  SECTION("mu1 = 0.02: 0.871390 < 0.88, arm 0 (ln 13 would give arm 1)") {
    learner->Reset(MakeInfo(2));
    Feed(*learner, 0, 0.9, 10);
    Feed(*learner, 1, 0.02, 2);
    REQUIRE(learner->Select(rng) == 0);
  }
  SECTION("mu1 = 0.04: 0.871390 > 0.86, arm 1 (ln 11 would give arm 0)") {
    learner->Reset(MakeInfo(2));
    Feed(*learner, 0, 0.9, 10);
    Feed(*learner, 1, 0.04, 2);
    REQUIRE(learner->Select(rng) == 1);
  }
}

// Same counts; with exploration c the bonus difference is sqrt(c ln 12)(1/sqrt 2 - 1/sqrt 10):
// 0.616166 for c = 1 and 0.584546 for c = 0.9, against a mean difference of 0.6.
TEST_CASE("ucb1 exploration scales the bonus", "[closed_form]") {
  random::Rng rng = MakeRng(3);
  auto with_one = MakeLearner("ucb1", {{"exploration", 1.0}});
  with_one->Reset(MakeInfo(2));
  Feed(*with_one, 0, 0.9, 10);
  Feed(*with_one, 1, 0.3, 2);
  REQUIRE(with_one->Select(rng) == 1);

  auto with_less = MakeLearner("ucb1", {{"exploration", 0.9}});
  with_less->Reset(MakeInfo(2));
  Feed(*with_less, 0, 0.9, 10);
  Feed(*with_less, 1, 0.3, 2);
  REQUIRE(with_less->Select(rng) == 0);
}

TEST_CASE("ucb1 normalises the announced reward range onto the unit interval", "[closed_form]") {
  // Rewards in [-1, 3]: x = (r + 1) / 4. The normalised problem is the mu1 = 0.04 case above.
  auto learner = MakeLearner("ucb1");
  random::Rng rng = MakeRng(4);
  learner->Reset(MakeInfo(2, 1000, -1.0, 3.0));
  Feed(*learner, 0, -1.0 + 4.0 * 0.9, 10);
  Feed(*learner, 1, -1.0 + 4.0 * 0.04, 2);
  REQUIRE(learner->Select(rng) == 1);
  learner->Reset(MakeInfo(2, 1000, -1.0, 3.0));
  Feed(*learner, 0, -1.0 + 4.0 * 0.9, 10);
  Feed(*learner, 1, -1.0 + 4.0 * 0.02, 2);
  REQUIRE(learner->Select(rng) == 0);
}

TEST_CASE("ucb1 rejects an unbounded reward range", "[invariant]") {
  auto learner = MakeLearner("ucb1");
  REQUIRE_THROWS_AS(learner->Reset(MakeInfo(2, 100, 0.0, std::numeric_limits<double>::infinity())),
                    core::ConfigError);
  REQUIRE_THROWS_AS(learner->Reset(MakeInfo(2, 100, 1.0, 1.0)), core::ConfigError);
}

TEST_CASE("ucb1 Reset is equivalent to a fresh object", "[invariant]") {
  const auto first = testing::PlayResetAndFresh("ucb1", {}, {0.3, 0.5, 0.45, 0.1}, 500, 7, 8);
  // Sanity: the best arm dominates after 500 rounds.
  int64_t best_pulls = 0;
  for (const int64_t arm : first) best_pulls += arm == 1;
  REQUIRE(best_pulls > 150);
}

TEST_CASE("ucb1_auer2002 evaluates the hand-computed bound", "[closed_form]") {
  const registry::BoundSpec& bound = testing::FindBound("ucb1_auer2002");
  REQUIRE(bound.metric == "pseudo_regret");
  REQUIRE(bound.kind == registry::BoundKind::kUpper);
  REQUIRE(bound.constants_checked);
  const auto oracle = testing::StochasticOracle({0.9, 0.8, 0.4}, 1000, true);
  const core::Params params = testing::ValidatedParams("ucb1");
  // gaps 0, 0.1, 0.5: 8 ln 100 (1/0.1 + 1/0.5) + (1 + pi^2/3)(0.6) = 444.67025873507...
  REQUIRE(bound.applies(oracle, params));
  REQUIRE(bound.evaluate(oracle, params, 100) == Approx(444.6702587350747).epsilon(1e-12));
  // t = 1: only the constant term (1 + pi^2/3) * 0.6 = 2.5739208802178717.
  REQUIRE(bound.evaluate(oracle, params, 1) == Approx(2.5739208802178717).epsilon(1e-12));
}

TEST_CASE("ucb1_auer2002 applies only to its hypotheses", "[invariant]") {
  const registry::BoundSpec& bound = testing::FindBound("ucb1_auer2002");
  const auto oracle = testing::StochasticOracle({0.9, 0.8, 0.4}, 1000, false);
  REQUIRE(bound.applies(oracle, testing::ValidatedParams("ucb1")));
  REQUIRE_FALSE(bound.applies(oracle, testing::ValidatedParams("ucb1", {{"exploration", 1.0}})));
  auto adversarial = oracle;
  adversarial.scalars["stochastic"] = 0.0;
  REQUIRE_FALSE(bound.applies(adversarial, testing::ValidatedParams("ucb1")));
  auto wide = oracle;
  wide.scalars["reward_max"] = 2.0;
  REQUIRE_FALSE(bound.applies(wide, testing::ValidatedParams("ucb1")));
  auto no_gaps = oracle;
  no_gaps.vectors.erase("gaps");
  REQUIRE_FALSE(bound.applies(no_gaps, testing::ValidatedParams("ucb1")));
  auto no_range = oracle;
  no_range.scalars.erase("reward_min");
  REQUIRE_FALSE(bound.applies(no_range, testing::ValidatedParams("ucb1")));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
