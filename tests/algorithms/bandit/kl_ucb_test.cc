// Tests of the KL kernel (algorithms/bandit/kl_index.h), kl_ucb (algorithms/bandit/kl_ucb.cc) and
// the Lai–Robbins bound registered there.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "algorithms/bandit/kl_index.h"
#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::Feed;
using testing::MakeInfo;
using testing::MakeLearner;
using testing::MakeRng;

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// An independent inversion: plain bisection on the textbook formula, 200 halvings.
double BisectionIndex(double p, double n, double level) {
  auto kl = [p](double q) {
    double value = 0.0;
    if (p > 0.0) value += p * std::log(p / q);
    if (p < 1.0) value += (1.0 - p) * std::log((1.0 - p) / (1.0 - q));
    return value;
  };
  double lo = p, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (n * kl(mid) <= level) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

TEST_CASE("BernoulliKl matches hand-computed values and the boundary conventions",
          "[closed_form]") {
  // kl(0.5, 0.75) = 0.5 ln(2/3) + 0.5 ln 2 = 0.5 ln(4/3).
  REQUIRE(BernoulliKl(0.5, 0.75) == Approx(0.5 * std::log(4.0 / 3.0)).epsilon(1e-14));
  // kl(0.8, 0.9) = 0.8 ln(8/9) + 0.2 ln 2 = 0.04440300758688...
  REQUIRE(BernoulliKl(0.8, 0.9) == Approx(0.0444030075868822).epsilon(1e-12));
  REQUIRE(BernoulliKl(0.0, 0.3) == Approx(-std::log(0.7)).epsilon(1e-14));
  REQUIRE(BernoulliKl(1.0, 0.3) == Approx(-std::log(0.3)).epsilon(1e-14));
  REQUIRE(BernoulliKl(0.3, 0.3) == 0.0);
  REQUIRE(BernoulliKl(0.0, 0.0) == 0.0);
  REQUIRE(BernoulliKl(1.0, 1.0) == 0.0);
  REQUIRE(BernoulliKl(0.3, 1.0) == kInfinity);
  REQUIRE(BernoulliKl(0.3, 0.0) == kInfinity);
  REQUIRE(BernoulliKl(0.0, 1.0) == kInfinity);
  // Arguments an ulp outside [0, 1] are clamped, not turned into NaN.
  REQUIRE(BernoulliKl(std::nextafter(1.0, 2.0), 0.5) == Approx(std::log(2.0)).epsilon(1e-14));
  REQUIRE(BernoulliKl(-1e-17, 0.5) == Approx(std::log(2.0)).epsilon(1e-14));
  // A subnormal q gives a large finite value, not the overflow of p / q.
  const double tiny = 1e-310;
  REQUIRE(std::isfinite(BernoulliKl(0.5, tiny)));
  REQUIRE(BernoulliKl(0.5, tiny) > 300.0);
}

TEST_CASE("KlUcbIndex inverts kl at a hand-computed point", "[closed_form]") {
  // n = 1, level = kl(0.5, 0.75) = 0.5 ln(4/3): the index is 0.75.
  REQUIRE(KlUcbIndex(0.5, 1.0, 0.5 * std::log(4.0 / 3.0)) == Approx(0.75).margin(1e-12));
  // n = 4, level = 4 kl(0.8, 0.9): the index is 0.9.
  REQUIRE(KlUcbIndex(0.8, 4.0, 4.0 * 0.0444030075868822) == Approx(0.9).margin(1e-9));
}

TEST_CASE("KlUcbIndex equals an independent bisection to 1e-9", "[closed_form]") {
  const std::vector<double> means = {1e-9, 0.001, 0.1, 0.3, 0.5, 0.77, 0.9, 0.99, 0.999999};
  const std::vector<double> counts = {1, 2, 7, 100, 12345, 1e7};
  const std::vector<double> levels = {1e-6, 0.1, 1.0, std::log(1000.0), 20.0, 50.0};
  for (const double mean : means) {
    for (const double count : counts) {
      for (const double level : levels) {
        const double index = KlUcbIndex(mean, count, level);
        const double reference = BisectionIndex(mean, count, level);
        INFO("mean " << mean << " count " << count << " level " << level);
        REQUIRE(index == Approx(reference).margin(1e-9));
        REQUIRE(index >= mean);
        REQUIRE(index <= 1.0);
        // Pinsker: kl(p, q) >= 2 (q - p)^2, so the index is at most p + sqrt(level / (2n)).
        REQUIRE(index <= mean + std::sqrt(level / (2.0 * count)) + 1e-12);
        // The index is on the boundary of the KL ball (checked away from q = 1, where kl is so
        // steep that an ulp of q moves it by more than the tolerance).
        if (index < 0.999) {
          REQUIRE(count * BernoulliKl(mean, index) == Approx(level).epsilon(1e-6).margin(1e-9));
        }
      }
    }
  }
}

TEST_CASE("KlUcbIndex closed forms and degenerate inputs", "[closed_form]") {
  // mean = 0: kl(0, q) = -ln(1 - q), so q = 1 - exp(-level / n).
  for (const double count : {1.0, 3.0, 1000.0}) {
    for (const double level : {0.01, 1.0, 7.5}) {
      REQUIRE(KlUcbIndex(0.0, count, level) ==
              Approx(1.0 - std::exp(-level / count)).epsilon(1e-12));
    }
  }
  REQUIRE(KlUcbIndex(1.0, 5.0, 2.0) == 1.0);
  REQUIRE(KlUcbIndex(0.4, 5.0, 0.0) == 0.4);
  REQUIRE(KlUcbIndex(0.4, 5.0, -1.0) == 0.4);
  REQUIRE(KlUcbIndex(0.4, 0.0, 2.0) == 1.0);
  // A huge level puts the index within round-off of 1, without NaN.
  const double near_one = KlUcbIndex(0.5, 1.0, 1e4);
  REQUIRE(near_one <= 1.0);
  REQUIRE(near_one > 1.0 - 1e-12);
}

TEST_CASE("KlUcbIndex is increasing in the level and decreasing in the count", "[invariant]") {
  for (const double mean : {0.0, 0.2, 0.6, 0.95}) {
    double previous = mean;
    for (double level = 0.05; level < 5.0; level *= 1.7) {
      const double index = KlUcbIndex(mean, 10.0, level);
      REQUIRE(index > previous);
      previous = index;
    }
    previous = 1.0;
    for (double count = 10.0; count < 1e6; count *= 3.0) {  // index < 1 in double from n = 10
      const double index = KlUcbIndex(mean, count, 3.0);
      REQUIRE(index < previous);
      previous = index;
    }
  }
}

TEST_CASE("kl_ucb plays every arm once, in index order, before using the index", "[invariant]") {
  auto learner = MakeLearner("kl_ucb");
  learner->Reset(MakeInfo(4));
  random::Rng rng = MakeRng(11);
  for (int64_t arm = 0; arm < 4; ++arm) {
    REQUIRE(learner->Select(rng) == arm);
    learner->Observe(arm, arm == 3 ? 0.0 : 1.0);
  }
  REQUIRE(learner->Select(rng) == 0);
}

// Arm 0: ten rewards of mu0 (N_0 = 10); arm 1: rewards 1 and 0 (N_1 = 2, mean 0.5). 12 plays, so
// round t = 13 and level ln 13 = 2.564949. Indices from an independent bisection:
//   arm 1: 0.980384 (ln 12: 0.978714, ln 14: 0.981812)
//   arm 0, mu0 = 0.817: 0.980000 (< arm 1; with ln 12 arm 0 would win by 3.0e-4)
//   arm 0, mu0 = 0.82:  0.980856 (> arm 1; with ln 14 arm 1 would win by 1.1e-4)
TEST_CASE("kl_ucb picks the arm of the larger hand-computed index", "[closed_form]") {
  auto learner = MakeLearner("kl_ucb");
  random::Rng rng = MakeRng(12);
  learner->Reset(MakeInfo(2));
  Feed(*learner, 0, 0.817, 10);
  learner->Observe(1, 1.0);
  learner->Observe(1, 0.0);
  REQUIRE(learner->Select(rng) == 1);

  learner->Reset(MakeInfo(2));
  Feed(*learner, 0, 0.82, 10);
  learner->Observe(1, 1.0);
  learner->Observe(1, 0.0);
  REQUIRE(learner->Select(rng) == 0);
}

// With c = 3 the level is ln 13 + 3 ln ln 13 = 5.390766; arm 1's index is 0.998859 and arm 0's
// (mu0 = 0.86) is 0.998812: arm 1, although with c = 0 arm 0 wins by 0.0102.
TEST_CASE("kl_ucb exploration adds c ln ln t to the level", "[closed_form]") {
  random::Rng rng = MakeRng(13);
  for (const double c : {0.0, 3.0}) {
    auto learner = MakeLearner("kl_ucb", {{"exploration", c}});
    learner->Reset(MakeInfo(2));
    Feed(*learner, 0, 0.86, 10);
    learner->Observe(1, 1.0);
    learner->Observe(1, 0.0);
    REQUIRE(learner->Select(rng) == (c == 0.0 ? 0 : 1));
  }
}

// Select skips arms by upper bounds on their indices; its choices must be those of the plain
// rule "argmax over all arms of KlUcbIndex(mean, N, ln t + c ln ln t)" (lowest arm on ties).
TEST_CASE("kl_ucb chooses as an exhaustive evaluation of every index", "[invariant]") {
  for (const double c : {0.0, 3.0}) {
    const std::vector<double> means = {0.85, 0.9, 0.1, 0.88, 0.5, 0.89};
    const int64_t num_arms = static_cast<int64_t>(means.size());
    auto learner = MakeLearner("kl_ucb", {{"exploration", c}});
    learner->Reset(MakeInfo(num_arms, 5000));
    random::Rng rng = MakeRng(14);
    random::Rng environment = MakeRng(15, random::Role::kEnvironment);
    std::vector<double> mean(means.size(), 0.0);
    std::vector<double> count(means.size(), 0.0);
    for (int64_t t = 1; t <= 5000; ++t) {
      int64_t expected = -1;
      for (int64_t a = 0; a < num_arms && expected < 0; ++a) {
        if (count[a] == 0.0) expected = a;
      }
      if (expected < 0) {
        const double level =
            std::log(static_cast<double>(t)) + c * std::log(std::log(static_cast<double>(t)));
        double best = -1.0;
        for (int64_t a = 0; a < num_arms; ++a) {
          const double index = KlUcbIndex(mean[a], count[a], level);
          if (index > best) {
            best = index;
            expected = a;
          }
        }
      }
      const int64_t arm = learner->Select(rng);
      INFO("round " << t);
      REQUIRE(arm == expected);
      const double reward = environment.Uniform01() < means[arm] ? 1.0 : 0.0;
      learner->Observe(arm, reward);
      count[arm] += 1.0;
      mean[arm] += (reward - mean[arm]) / count[arm];
    }
  }
}

TEST_CASE("kl_ucb Reset is equivalent to a fresh object", "[invariant]") {
  const std::vector<double> means = {0.2, 0.25, 0.6};
  auto learner = MakeLearner("kl_ucb");
  const auto first = testing::PlayBernoulli(*learner, means, 400, 21, 22);
  const auto again = testing::PlayBernoulli(*learner, means, 400, 21, 22);
  auto fresh = MakeLearner("kl_ucb", {{"exploration", 0.0}});
  REQUIRE(first == again);
  REQUIRE(first == testing::PlayBernoulli(*fresh, means, 400, 21, 22));
  int64_t best_pulls = 0;
  for (const int64_t arm : first) best_pulls += arm == 2;
  REQUIRE(best_pulls > 300);
}

TEST_CASE("lai_robbins_bernoulli evaluates the hand-computed rate", "[closed_form]") {
  const registry::BoundSpec& bound = testing::FindBound("lai_robbins_bernoulli");
  REQUIRE(bound.kind == registry::BoundKind::kLowerAsymptotic);
  REQUIRE(bound.metric == "pseudo_regret");
  REQUIRE(bound.algorithms == std::vector<std::string>{"ucb1", "kl_ucb", "thompson_sampling"});
  const core::Params params = testing::ValidatedParams("kl_ucb");
  // means 0.9, 0.8, 0.5: ln 1000 (0.1 / kl(0.8, 0.9) + 0.4 / kl(0.5, 0.9)) = 20.966044243609...
  const auto oracle = testing::StochasticOracle({0.9, 0.8, 0.5}, 1000, true);
  REQUIRE(bound.applies(oracle, params));
  REQUIRE(bound.evaluate(oracle, params, 1000) == Approx(20.966044243609506).epsilon(1e-12));
  REQUIRE(bound.evaluate(oracle, params, 1) == 0.0);
  // Ties at the top and a zero mean: means 0.3, 0.1, 0.3, 0.0 at t = 50:
  // ln 50 (0.2 / kl(0.1, 0.3) + 0.3 / kl(0, 0.3)) = 10.016620611388914.
  const auto tied = testing::StochasticOracle({0.3, 0.1, 0.3, 0.0}, 1000, true);
  REQUIRE(bound.evaluate(tied, params, 50) == Approx(10.016620611388914).epsilon(1e-12));
  // mu* = 1: kl(mu_i, 1) is infinite, so no suboptimal arm needs logarithmically many pulls.
  const auto certain = testing::StochasticOracle({1.0, 0.5}, 1000, true);
  REQUIRE(bound.evaluate(certain, params, 1000) == 0.0);
}

TEST_CASE("lai_robbins_bernoulli applies only to Bernoulli stochastic environments",
          "[invariant]") {
  const registry::BoundSpec& bound = testing::FindBound("lai_robbins_bernoulli");
  const core::Params params = testing::ValidatedParams("ucb1");
  const auto bernoulli = testing::StochasticOracle({0.9, 0.8}, 100, true);
  REQUIRE(bound.applies(bernoulli, params));
  REQUIRE_FALSE(bound.applies(testing::StochasticOracle({0.9, 0.8}, 100, false), params));
  auto adversarial = bernoulli;
  adversarial.scalars["stochastic"] = 0.0;
  REQUIRE_FALSE(bound.applies(adversarial, params));
  auto no_means = bernoulli;
  no_means.vectors.erase("means");
  REQUIRE_FALSE(bound.applies(no_means, params));
  auto no_flag = bernoulli;
  no_flag.scalars.erase("bernoulli");
  REQUIRE_FALSE(bound.applies(no_flag, params));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
