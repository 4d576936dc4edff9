// Tests of thompson_sampling (algorithms/bandit/thompson_sampling.cc).
//
// The posterior is private, so it is checked through the draws: Select must consume the learner's
// generator exactly as "θ_a ~ posterior_a for a = 0..K−1, play the argmax" with the hand-computed
// posterior parameters. A copy of the generator replays that recipe independently.
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

int64_t Argmax(const std::vector<double>& values) {
  int64_t best = 0;
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i] > values[best]) best = static_cast<int64_t>(i);
  }
  return best;
}

// The choice of Beta–Bernoulli Thompson sampling with posteriors Beta(alpha[a], beta[a]), drawn
// from `rng` (advanced past the draws).
int64_t BetaChoice(random::Rng& rng, const std::vector<double>& alpha,
                   const std::vector<double>& beta) {
  std::vector<double> samples;
  for (size_t a = 0; a < alpha.size(); ++a) {
    samples.push_back(random::SampleBeta(rng, alpha[a], beta[a]));
  }
  return Argmax(samples);
}

// Observations used below (K = 3): arm 0: 1, 1, 0; arm 1: 0, 1, 0; arm 2: none.
void FeedBinary(protocol::BanditLearner& learner, double low = 0.0, double high = 1.0) {
  learner.Observe(0, high);
  learner.Observe(1, low);
  learner.Observe(0, high);
  learner.Observe(1, high);
  learner.Observe(0, low);
  learner.Observe(1, low);
}

TEST_CASE("thompson_sampling samples the hand-computed Beta posteriors", "[closed_form]") {
  // Prior Beta(1, 1): posteriors Beta(3, 2), Beta(2, 3), Beta(1, 1).
  const std::vector<double> alpha = {3.0, 2.0, 1.0};
  const std::vector<double> beta = {2.0, 3.0, 1.0};
  auto learner = MakeLearner("thompson_sampling");
  int mismatches_if_wrong = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    learner->Reset(MakeInfo(3));
    FeedBinary(*learner);
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    random::Rng wrong = rng;
    const int64_t arm = learner->Select(rng);
    REQUIRE(arm == BetaChoice(replay, alpha, beta));
    REQUIRE(rng.state() == replay.state());  // no other draw was made
    // The check has power: an off-by-one posterior changes some choices.
    mismatches_if_wrong += arm != BetaChoice(wrong, {3.0, 3.0, 1.0}, {2.0, 2.0, 1.0});
  }
  REQUIRE(mismatches_if_wrong > 0);
}

TEST_CASE("thompson_sampling uses the prior parameters", "[closed_form]") {
  // Prior Beta(2, 0.5): posteriors Beta(4, 1.5), Beta(3, 2.5), Beta(2, 0.5).
  auto learner = MakeLearner("thompson_sampling", {{"prior_alpha", 2.0}, {"prior_beta", 0.5}});
  for (uint64_t seed = 0; seed < 50; ++seed) {
    learner->Reset(MakeInfo(3));
    FeedBinary(*learner);
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    REQUIRE(learner->Select(rng) == BetaChoice(replay, {4.0, 3.0, 2.0}, {1.5, 2.5, 0.5}));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("thompson_sampling maps the reward range ends to failure and success", "[closed_form]") {
  // Rewards in [-2, 6]: -2 is a failure, 6 a success; same posteriors as the first test.
  auto learner = MakeLearner("thompson_sampling");
  for (uint64_t seed = 0; seed < 50; ++seed) {
    learner->Reset(MakeInfo(3, 100, -2.0, 6.0));
    FeedBinary(*learner, -2.0, 6.0);
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    REQUIRE(learner->Select(rng) == BetaChoice(replay, {3.0, 2.0, 1.0}, {2.0, 3.0, 1.0}));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("thompson_sampling binarises a fractional reward with a Bernoulli trial first",
          "[closed_form]") {
  // Arm 1 observes 0.3 (normalised: 0.3 in [0, 1], or 2 in [-1, 9]); the next Select draws the
  // trial U < 0.3 from the learner's generator, then the posterior samples.
  for (const bool shifted : {false, true}) {
    auto learner = MakeLearner("thompson_sampling");
    int successes = 0;
    for (uint64_t seed = 0; seed < 100; ++seed) {
      learner->Reset(shifted ? MakeInfo(2, 100, -1.0, 9.0) : MakeInfo(2));
      learner->Observe(0, shifted ? 9.0 : 1.0);
      learner->Observe(1, shifted ? 2.0 : 0.3);
      random::Rng rng = MakeRng(seed);
      random::Rng replay = rng;
      const bool success = random::SampleBernoulli(replay, 0.3);
      successes += success;
      const std::vector<double> alpha = {2.0, success ? 2.0 : 1.0};
      const std::vector<double> beta = {1.0, success ? 1.0 : 2.0};
      REQUIRE(learner->Select(rng) == BetaChoice(replay, alpha, beta));
      REQUIRE(rng.state() == replay.state());
      // The trial is drawn once: the next Select samples the same posterior again.
      random::Rng second = rng;
      REQUIRE(learner->Select(rng) == BetaChoice(second, alpha, beta));
      REQUIRE(rng.state() == second.state());
    }
    REQUIRE(successes > 15);
    REQUIRE(successes < 45);
  }
}

TEST_CASE("thompson_sampling counts rewards outside the announced range as 0 or 1",
          "[closed_form]") {
  // Some environments announce a nominal range only (the Gaussian bandit announces [0, 1]).
  // 1.7 and 1.0 are successes and -0.4 a failure, without a Bernoulli trial: Beta(3, 2),
  // Beta(2, 3), Beta(1, 1) as in the first test, and no extra draw.
  auto learner = MakeLearner("thompson_sampling");
  for (uint64_t seed = 0; seed < 50; ++seed) {
    learner->Reset(MakeInfo(3));
    FeedBinary(*learner, -0.4, 1.7);
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    REQUIRE(learner->Select(rng) == BetaChoice(replay, {3.0, 2.0, 1.0}, {2.0, 3.0, 1.0}));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("thompson_sampling gaussian model samples N(S/(k+1), sigma^2/(k+1))", "[closed_form]") {
  // Arm 0: rewards 0.5, 1.5 (k = 2, S = 2): N(2/3, 4/3); arm 1: 3.0 (k = 1, S = 3): N(1.5, 2);
  // arm 2: none: N(0, 4). sigma = 2; rewards are used in their own units.
  auto learner =
      MakeLearner("thompson_sampling", {{"model", std::string("gaussian")}, {"sigma", 2.0}});
  for (uint64_t seed = 0; seed < 100; ++seed) {
    learner->Reset(MakeInfo(3, 100, -10.0, 10.0));
    learner->Observe(0, 0.5);
    learner->Observe(0, 1.5);
    learner->Observe(1, 3.0);
    random::Rng rng = MakeRng(seed);
    random::Rng replay = rng;
    std::vector<double> samples;
    samples.push_back(random::SampleNormal(replay, 2.0 / 3.0, 2.0 / std::sqrt(3.0)));
    samples.push_back(random::SampleNormal(replay, 1.5, 2.0 / std::sqrt(2.0)));
    samples.push_back(random::SampleNormal(replay, 0.0, 2.0));
    REQUIRE(learner->Select(rng) == Argmax(samples));
    REQUIRE(rng.state() == replay.state());
  }
}

TEST_CASE("thompson_sampling Reset is equivalent to a fresh object", "[invariant]") {
  for (const char* model : {"bernoulli", "gaussian"}) {
    const auto first = testing::PlayResetAndFresh(
        "thompson_sampling", {{"model", std::string(model)}}, {0.1, 0.9, 0.5}, 600, 31, 32);
    int64_t best_pulls = 0;
    for (const int64_t arm : first) best_pulls += arm == 1;
    REQUIRE(best_pulls > 480);
  }
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
