// Tests of exp3 (algorithms/bandit/exp3.cc) and its bound exp3_bubeck2012.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/random/samplers.h"
#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

// p_a = exp(-eta L_a) / sum_b exp(-eta L_b), written out directly (no shift).
std::vector<double> ExponentialWeights(double eta, const std::vector<double>& losses) {
  double total = 0.0;
  for (const double loss : losses) total += std::exp(-eta * loss);
  std::vector<double> p;
  for (const double loss : losses) p.push_back(std::exp(-eta * loss) / total);
  return p;
}

void RequireDistribution(std::span<const double> actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  double total = 0.0;
  for (size_t a = 0; a < expected.size(); ++a) {
    INFO("arm " << a);
    REQUIRE(actual[a] == Approx(expected[a]).margin(1e-12));
    REQUIRE(actual[a] > 0.0);
    total += actual[a];
  }
  REQUIRE(total == Approx(1.0).margin(1e-14));
}

TEST_CASE("exp3 distribution follows hand-fed rewards", "[closed_form]") {
  auto learner = MakeLearner("exp3", {{"eta", 0.5}});
  REQUIRE(learner->HasDistribution());
  learner->Reset(MakeInfo(3));
  random::Rng rng = MakeRng(81);

  // Round 1: uniform. Arm 0 pays 0.25: loss 0.75, estimate 0.75 / (1/3) = 2.25.
  learner->Select(rng);
  RequireDistribution(learner->Distribution(), {1 / 3.0, 1 / 3.0, 1 / 3.0});
  learner->Observe(0, 0.25);

  // Round 2: p = (e^-1.125, 1, 1) / (e^-1.125 + 2) = (0.139656345..., 0.430171827..., same).
  learner->Select(rng);
  RequireDistribution(learner->Distribution(),
                      {0.13965634515995975, 0.43017182742002014, 0.43017182742002014});
  // Arm 2 pays 0: loss 1, estimate 1 / 0.43017182742002014 = e^-1.125 + 2.
  learner->Observe(2, 0.0);

  // Round 3: cumulative estimates (2.25, 0, e^-1.125 + 2).
  learner->Select(rng);
  const std::vector<double> round3 = ExponentialWeights(0.5, {2.25, 0.0, std::exp(-1.125) + 2.0});
  RequireDistribution(learner->Distribution(), round3);
  // Arm 1 pays 1: loss 0, nothing changes.
  learner->Observe(1, 1.0);
  learner->Select(rng);
  RequireDistribution(learner->Distribution(), round3);
}

TEST_CASE("exp3 shifts by the minimum: huge equal estimates give the uniform distribution",
          "[closed_form]") {
  // 1000 losses of 1 per arm at p = 1/3 (no Select in between): every estimate is 3000, and
  // exp(-0.5 * 3000) would underflow to 0 without the shift.
  auto learner = MakeLearner("exp3", {{"eta", 0.5}});
  learner->Reset(MakeInfo(3));
  for (int i = 0; i < 1000; ++i) {
    for (int64_t arm = 0; arm < 3; ++arm) learner->Observe(arm, 0.0);
  }
  random::Rng rng = MakeRng(82);
  learner->Select(rng);
  RequireDistribution(learner->Distribution(), {1 / 3.0, 1 / 3.0, 1 / 3.0});
  // One more loss on arm 0, now at p = 1/3: estimates (3003, 3000, 3000).
  learner->Observe(0, 0.0);
  learner->Select(rng);
  const double w = std::exp(-1.5);
  RequireDistribution(learner->Distribution(), {w / (w + 2), 1 / (w + 2), 1 / (w + 2)});
}

TEST_CASE("exp3 normalises the reward range and tunes eta to the horizon", "[closed_form]") {
  // Rewards in [0, 2]: 0.5 is x = 0.25, loss 0.75, estimate 2.25 at p = 1/3. Tuned
  // eta = sqrt(2 ln 3 / (3 * 1000)) = 0.027063041079032...
  auto learner = MakeLearner("exp3");
  learner->Reset(MakeInfo(3, 1000, 0.0, 2.0));
  random::Rng rng = MakeRng(83);
  learner->Select(rng);
  learner->Observe(0, 0.5);
  learner->Select(rng);
  RequireDistribution(learner->Distribution(),
                      ExponentialWeights(0.02706304107903261, {2.25, 0.0, 0.0}));
}

TEST_CASE("exp3 with eta = 0 needs the horizon", "[invariant]") {
  auto tuned = MakeLearner("exp3");
  REQUIRE_THROWS_AS(tuned->Reset(MakeInfo(3, 0)), core::ConfigError);
  auto fixed = MakeLearner("exp3", {{"eta", 0.1}});
  REQUIRE_NOTHROW(fixed->Reset(MakeInfo(3, 0)));
}

TEST_CASE("exp3 draws from the distribution it exposes", "[invariant]") {
  auto learner = MakeLearner("exp3", {{"eta", 0.3}});
  for (uint64_t seed = 0; seed < 100; ++seed) {
    learner->Reset(MakeInfo(4));
    random::Rng warmup = MakeRng(1000 + seed);
    for (int round = 0; round < 20; ++round) {
      const int64_t arm = learner->Select(warmup);
      learner->Observe(arm, arm == 3 ? 0.9 : 0.2);
    }
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    const int64_t arm = learner->Select(rng);
    const auto p = learner->Distribution();
    const std::vector<double> copy(p.begin(), p.end());
    REQUIRE(arm == static_cast<int64_t>(random::SampleCategorical(replay, copy)));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("exp3 Reset is equivalent to a fresh object", "[invariant]") {
  const auto first = testing::PlayResetAndFresh("exp3", {}, {0.3, 0.7, 0.5}, 2000, 91, 92);
  int64_t best_pulls = 0;
  for (const int64_t arm : first) best_pulls += arm == 1;
  REQUIRE(best_pulls > 800);
}

TEST_CASE("exp3_bubeck2012 evaluates ln K / eta + eta K t / 2", "[closed_form]") {
  const registry::BoundSpec& bound = testing::FindBound("exp3_bubeck2012");
  REQUIRE(bound.kind == registry::BoundKind::kUpper);
  REQUIRE(bound.metric == "expected_regret");
  REQUIRE(bound.constants_checked);
  const auto oracle = testing::StochasticOracle({0.5, 0.4, 0.3}, 1000, true);
  const core::Params tuned = testing::ValidatedParams("exp3");
  REQUIRE(bound.applies(oracle, tuned));
  // Tuned eta, t = T = 1000: sqrt(2 T K ln K) = sqrt(6000 ln 3) = 81.18912323709783.
  REQUIRE(bound.evaluate(oracle, tuned, 1000) == Approx(81.18912323709783).epsilon(1e-12));
  // t = 500: ln 3 / eta + eta * 3 * 500 / 2 = 60.89184242782338.
  REQUIRE(bound.evaluate(oracle, tuned, 500) == Approx(60.89184242782338).epsilon(1e-12));
  // eta = 0.1, t = 100: ln 3 / 0.1 + 0.1 * 3 * 100 / 2 = 25.986122886681098.
  const core::Params fixed = testing::ValidatedParams("exp3", {{"eta", 0.1}});
  REQUIRE(bound.evaluate(oracle, fixed, 100) == Approx(25.986122886681098).epsilon(1e-12));
}

TEST_CASE("exp3_bubeck2012 applies only to its hypotheses", "[invariant]") {
  const registry::BoundSpec& bound = testing::FindBound("exp3_bubeck2012");
  const core::Params tuned = testing::ValidatedParams("exp3");
  const core::Params fixed = testing::ValidatedParams("exp3", {{"eta", 0.1}});
  const auto oracle = testing::StochasticOracle({0.5, 0.4, 0.3}, 1000, false);
  auto adversarial = oracle;  // oblivious adversarial: no means or gaps, stochastic = 0
  adversarial.scalars["stochastic"] = 0.0;
  adversarial.vectors.clear();
  REQUIRE(bound.applies(adversarial, tuned));
  auto no_horizon = adversarial;
  no_horizon.scalars.erase("horizon");
  REQUIRE_FALSE(bound.applies(no_horizon, tuned));
  REQUIRE(bound.applies(no_horizon, fixed));
  auto one_arm = adversarial;
  one_arm.scalars["num_arms"] = 1.0;
  REQUIRE_FALSE(bound.applies(one_arm, fixed));
  auto wide = adversarial;
  wide.scalars["reward_max"] = 2.0;
  REQUIRE_FALSE(bound.applies(wide, fixed));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
