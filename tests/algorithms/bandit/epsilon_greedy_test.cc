// Tests of epsilon_greedy (algorithms/bandit/epsilon_greedy.cc).
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "sim/random/samplers.h"
#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

void RequireDistribution(std::span<const double> actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  double total = 0.0;
  for (size_t a = 0; a < expected.size(); ++a) {
    REQUIRE(actual[a] == Approx(expected[a]).margin(1e-15));
    total += actual[a];
  }
  REQUIRE(total == Approx(1.0).margin(1e-15));
}

TEST_CASE("epsilon_greedy explores uniformly while c K / (d^2 t) >= 1", "[closed_form]") {
  // Defaults c = 5, d = 0.1, K = 3: epsilon_t = min(1, 1500 / t) = 1 for t <= 1500.
  auto learner = MakeLearner("epsilon_greedy");
  REQUIRE(learner->HasDistribution());
  learner->Reset(MakeInfo(3));
  random::Rng rng = MakeRng(61);
  for (int round = 1; round <= 1500; ++round) {
    const int64_t arm = learner->Select(rng);
    if (round == 1 || round == 1500)
      RequireDistribution(learner->Distribution(), {1 / 3.0, 1 / 3.0, 1 / 3.0});
    learner->Observe(arm, arm == 2 ? 1.0 : 0.0);
  }
  // Round 1501: epsilon = 1500/1501; arm 2 (mean 1) is greedy.
  learner->Select(rng);
  const double epsilon = 1500.0 / 1501.0;
  RequireDistribution(learner->Distribution(),
                      {epsilon / 3, epsilon / 3, epsilon / 3 + (1 - epsilon)});
}

TEST_CASE("epsilon_greedy puts 1 - eps + eps/K on the greedy arm", "[closed_form]") {
  // c = 0.01, d = 1, K = 4: epsilon_t = min(1, 0.04 / t). Four plays, so t = 5 and
  // epsilon = 0.008: the greedy arm 1 gets 1 - 0.008 + 0.002 = 0.994, the others 0.002.
  auto learner = MakeLearner("epsilon_greedy", {{"c", 0.01}, {"d", 1.0}});
  learner->Reset(MakeInfo(4, 1000, -5.0, 5.0));  // any range: the policy uses raw means
  learner->Observe(0, 0.2);
  learner->Observe(1, 0.9);
  learner->Observe(2, 0.5);
  learner->Observe(3, 0.1);
  random::Rng rng = MakeRng(62);
  learner->Select(rng);
  RequireDistribution(learner->Distribution(), {0.002, 0.994, 0.002, 0.002});
}

TEST_CASE("epsilon_greedy splits the greedy mass between tied arms", "[closed_form]") {
  auto learner = MakeLearner("epsilon_greedy", {{"c", 0.01}, {"d", 1.0}});
  learner->Reset(MakeInfo(4));
  learner->Observe(0, 0.2);
  learner->Observe(1, 0.9);
  learner->Observe(2, 0.9);
  learner->Observe(3, 0.1);
  random::Rng rng = MakeRng(63);
  learner->Select(rng);
  // epsilon = 0.008: tied arms get 0.002 + 0.992 / 2 = 0.498.
  RequireDistribution(learner->Distribution(), {0.002, 0.498, 0.498, 0.002});
}

TEST_CASE("epsilon_greedy treats arms never played as greedy", "[closed_form]") {
  // K = 3, c = 0.01, d = 1: epsilon_2 = 0.03 / 2 = 0.015 after one play of arm 0 (mean 0.9).
  auto learner = MakeLearner("epsilon_greedy", {{"c", 0.01}, {"d", 1.0}});
  learner->Reset(MakeInfo(3));
  learner->Observe(0, 0.9);
  random::Rng rng = MakeRng(64);
  const int64_t arm = learner->Select(rng);
  REQUIRE(arm != 0);  // p(0) = 0.005 and this seed does not draw it
  RequireDistribution(learner->Distribution(), {0.005, 0.005 + 0.985 / 2, 0.005 + 0.985 / 2});
}

TEST_CASE("epsilon_greedy draws from the distribution it exposes", "[invariant]") {
  auto learner = MakeLearner("epsilon_greedy", {{"c", 0.5}, {"d", 0.5}});
  for (uint64_t seed = 0; seed < 100; ++seed) {
    learner->Reset(MakeInfo(3));
    for (int i = 0; i < 4; ++i) {
      learner->Observe(0, 0.2);
      learner->Observe(1, 0.7);
      learner->Observe(2, 0.4);
    }
    // Twelve plays, so t = 13: epsilon = min(1, 0.5 * 3 / (0.25 * 13)) = 6/13; arm 1 greedy.
    const double epsilon = 6.0 / 13.0;
    const std::vector<double> expected = {epsilon / 3, epsilon / 3 + 1 - epsilon, epsilon / 3};
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    const int64_t arm = learner->Select(rng);
    RequireDistribution(learner->Distribution(), expected);
    REQUIRE(arm == static_cast<int64_t>(random::SampleCategorical(replay, expected)));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("epsilon_greedy Reset is equivalent to a fresh object", "[invariant]") {
  const auto first = testing::PlayResetAndFresh("epsilon_greedy", {{"c", 0.05}, {"d", 0.3}},
                                                {0.2, 0.8, 0.5}, 500, 71, 72);
  // Every arm is tried early: arms never played are greedy.
  std::vector<int> seen(3, 0);
  for (size_t round = 0; round < 10; ++round) seen[static_cast<size_t>(first[round])] = 1;
  REQUIRE(seen == std::vector<int>{1, 1, 1});
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
