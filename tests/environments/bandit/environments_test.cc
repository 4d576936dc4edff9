#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <set>

#include "sim/protocol/bandit.h"
#include "sim/testing/bandit_conformance.h"

using namespace regretlab;

namespace {

random::StreamKey Key(uint64_t replicate) {
  return {11, 22, replicate, random::Role::kEnvironment, 0};
}

}  // namespace

TEST_CASE("environments: reward stacks are the hindsight rewards", "[invariant]") {
  // Pulling arm a n times returns the first n entries of its stack, which are also what the
  // hindsight cursor sums: realized regret compares the learner with the same numbers.
  for (const char* name : {"bernoulli", "bounded", "gaussian"}) {
    auto environment = testing::MakeEnvironment(name, {{"means", std::vector<double>{0.3, 0.7}}});
    environment->SetHorizon(50);
    environment->Reset(Key(3));
    double pulled_sum_arm1 = 0;
    for (int n = 1; n <= 50; ++n) pulled_sum_arm1 += environment->Pull(1, n);
    environment->Reset(Key(3));
    std::vector<double> hindsight(2, 0.0);
    environment->AccumulateHindsight(0, 20, hindsight);
    environment->AccumulateHindsight(20, 50, hindsight);
    CHECK(hindsight[1] == Approx(pulled_sum_arm1).epsilon(1e-12));
    // A different replicate gives different stacks.
    environment->Reset(Key(4));
    double other = 0;
    for (int n = 1; n <= 50; ++n) other += environment->Pull(1, n);
    CHECK(other != pulled_sum_arm1);
  }
}

TEST_CASE("environments: sample means match the declared means", "[theory]") {
  // 20000 pulls per arm: the sample mean lies within 5 standard errors of the mean.
  const std::vector<double> means = {0.1, 0.5, 0.85};
  for (const char* name : {"bernoulli", "bounded", "gaussian"}) {
    auto environment = testing::MakeEnvironment(name, {{"means", means}});
    environment->SetHorizon(20000);
    environment->Reset(Key(0));
    for (size_t arm = 0; arm < means.size(); ++arm) {
      double sum = 0;
      for (int n = 1; n <= 20000; ++n) {
        const double reward = environment->Pull(static_cast<int64_t>(arm), n);
        if (std::string(name) != "gaussian") {
          REQUIRE(reward >= 0);
          REQUIRE(reward <= 1);
        }
        sum += reward;
      }
      CHECK(std::abs(sum / 20000 - means[arm]) < 5 * 1.0 / std::sqrt(20000.0));
    }
    const auto oracle = environment->Oracle();
    CHECK(environment->ComparatorArm() == 2);
    CHECK(oracle.Vector("gaps")[0] == Approx(0.75));
  }
}

TEST_CASE("environments: the needle hides one arm at 1/2 + c sqrt(K/T), per replicate",
          "[closed_form]") {
  auto environment = testing::MakeEnvironment("needle", {{"num_arms", int64_t{8}}, {"c", 1.0}});
  environment->SetHorizon(3200);
  std::set<int64_t> positions;
  for (uint64_t replicate = 0; replicate < 40; ++replicate) {
    environment->Reset(Key(replicate));
    const auto means = environment->Oracle().Vector("means");
    const int64_t best = environment->ComparatorArm();
    CHECK(means[best] == Approx(0.5 + std::sqrt(8.0 / 3200.0)).epsilon(1e-14));
    CHECK(std::count(means.begin(), means.end(), 0.5) == 7);
    positions.insert(best);
  }
  CHECK(positions.size() >= 6);  // 40 uniform draws over 8 positions
}

TEST_CASE("environments: the switching adversary switches and arm 1 wins overall",
          "[closed_form]") {
  auto environment = testing::MakeEnvironment("switching_adversary", {{"num_arms", int64_t{3}}});
  environment->SetHorizon(300);
  environment->Reset(Key(0));
  CHECK(environment->ComparatorArm() == 1);
  CHECK_FALSE(environment->Stationary());
  std::vector<double> gaps(3);
  environment->Gaps(100, gaps);  // phase 1: arm 0 is 0.8 better than arm 1
  CHECK(gaps == std::vector<double>{-0.8, 0.0, 0.0});
  environment->Gaps(101, gaps);
  CHECK(gaps == std::vector<double>{0.8, 0.0, 0.8});
  // Rewards are a pure function of (round, arm): pulling in any order gives the same table.
  const double a = environment->Pull(2, 57);
  environment->Reset(Key(0));
  environment->Pull(0, 3);
  CHECK(environment->Pull(2, 57) == a);
  std::vector<double> hindsight(3, 0.0);
  environment->AccumulateHindsight(0, 300, hindsight);
  CHECK(hindsight[1] > hindsight[0]);
  CHECK(std::abs(hindsight[1] - (0.1 * 100 + 0.9 * 200)) < 5 * std::sqrt(300 * 0.25));
}

TEST_CASE("environments: stochastically constrained levels alternate, gaps stay", "[closed_form]") {
  auto environment = testing::MakeEnvironment("stochastically_constrained",
                                              {{"gaps", std::vector<double>{0.0, 0.2}},
                                               {"period", int64_t{1000}},
                                               {"level_low", 0.1},
                                               {"level_high", 0.5}});
  environment->SetHorizon(4000);
  environment->Reset(Key(1));
  std::vector<double> sums(2, 0.0);
  for (int t = 1; t <= 1000; ++t) sums[0] += environment->Pull(0, t);
  for (int t = 1001; t <= 2000; ++t) sums[1] += environment->Pull(0, t);
  // Reward means 0.9 then 0.5 for the best arm.
  CHECK(std::abs(sums[0] / 1000 - 0.9) < 5 * std::sqrt(0.09 / 1000));
  CHECK(std::abs(sums[1] / 1000 - 0.5) < 5 * std::sqrt(0.25 / 1000));
  std::vector<double> gaps(2);
  environment->Gaps(1500, gaps);
  CHECK(gaps == std::vector<double>{0.0, 0.2});
}
