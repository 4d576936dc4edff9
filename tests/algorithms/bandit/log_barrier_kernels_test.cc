// Invariants of the simplex normalisers (algorithms/bandit/log_barrier_kernels.h;
// docs/theory/conventions.md §1.5 (f)–(h), docs/theory/log_barrier.md §3.7): sums to 1, the
// two-sided bounds, KKT residuals, invariance to a constant, entries up to ±1e6, K = 2 closed
// forms, monotonicity, per-coordinate rates, the OMD step.
#include "algorithms/bandit/log_barrier_kernels.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

using testing::MakeRng;

double Sum(const std::vector<double>& w) {
  long double total = 0;
  for (const double x : w) total += x;
  return static_cast<double>(total);
}

// Random cumulative losses of size K with entries in [−scale, scale].
std::vector<double> RandomLosses(random::Rng& rng, int64_t num, double scale) {
  std::vector<double> losses(static_cast<size_t>(num));
  for (double& x : losses) x = random::SampleUniform(rng, -scale, scale);
  return losses;
}

// Checks §1.5 (f) invariants of w = LogBarrierFtrlWeights(L, rates).
void CheckLogBarrier(const std::vector<double>& losses, const std::vector<double>& rates) {
  std::vector<double> w(losses.size());
  const NormaliserResult result = LogBarrierFtrlWeights(losses, rates, w);
  const double num = static_cast<double>(losses.size());
  INFO("K = " << losses.size() << ", newton " << result.newton_steps << ", bisection "
              << result.bisection_steps);
  REQUIRE(std::abs(Sum(w) - 1.0) <= 1e-12);
  const double min_loss = *std::min_element(losses.begin(), losses.end());
  for (size_t i = 0; i < losses.size(); ++i) {
    const double rate = rates.size() == 1 ? rates[0] : rates[i];
    const double spread = rate * (losses[i] - min_loss);
    REQUIRE(w[i] > 0);
    if (rates.size() == 1) {  // the two-sided bounds are stated for a common rate
      REQUIRE(w[i] >= (1.0 / (num + spread)) * (1 - 1e-12));
      REQUIRE(w[i] <= (1.0 / (1.0 + spread)) * (1 + 1e-12));
    }
    // KKT: η_i (L_i + λ) w_i = 1, in the shifted coordinates of the result.
    const double residual = rate * ((losses[i] - result.shift) + result.multiplier) * w[i] - 1.0;
    REQUIRE(std::abs(residual) <= 1e-10);
  }
}

TEST_CASE("log-barrier normaliser: sums to 1, two-sided bounds, KKT residual",
          "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(31);
  for (const int64_t num : {1, 2, 3, 10, 100}) {
    for (const double rate : {1e-3, 0.05, 1.0, 30.0}) {
      for (const double scale : {0.0, 1.0, 1e3, 1e6}) {
        CheckLogBarrier(RandomLosses(rng, num, scale), {rate});
      }
    }
  }
}

TEST_CASE("log-barrier normaliser: extreme entries of plus and minus 1e6",
          "[invariant][log_barrier]") {
  // One arm far below the others: its weight is ≈ 1 − (K − 1)/(2η·1e6)-ish, the others tiny.
  CheckLogBarrier({-1e6, 1e6, 1e6, 0.0}, {1.0});
  CheckLogBarrier({1e6, -1e6}, {1e-6});
  CheckLogBarrier({-1e6, -1e6 + 1e-9, 1e6}, {100.0});
  std::vector<double> w(3);
  LogBarrierFtrlWeights(std::vector<double>{-1e6, 1e6, 1e6}, 1.0, w);
  // Closed form to first order: w_other ≈ 1/(η·2e6), so w_0 ≈ 1 − 2/(2e6).
  REQUIRE(w[1] == Approx(1.0 / 2e6).epsilon(1e-5));
  REQUIRE(w[0] == Approx(1.0 - 2.0 / 2e6).epsilon(1e-9));
}

TEST_CASE("log-barrier normaliser: per-coordinate rates", "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(32);
  for (const int64_t num : {2, 5, 40}) {
    for (const double scale : {1.0, 1e4}) {
      std::vector<double> rates(static_cast<size_t>(num));
      for (double& r : rates) r = std::exp(random::SampleUniform(rng, -5.0, 3.0));
      CheckLogBarrier(RandomLosses(rng, num, scale), rates);
    }
  }
}

TEST_CASE("log-barrier normaliser: invariant to adding a constant", "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(33);
  for (const double constant : {-250.5, 3.25, 1000.0}) {
    const std::vector<double> losses = RandomLosses(rng, 7, 20.0);
    std::vector<double> shifted = losses;
    for (double& x : shifted) x += constant;
    std::vector<double> w(7), v(7);
    LogBarrierFtrlWeights(losses, 0.3, w);
    LogBarrierFtrlWeights(shifted, 0.3, v);
    for (size_t i = 0; i < w.size(); ++i) REQUIRE(v[i] == Approx(w[i]).margin(1e-12));
  }
}

TEST_CASE("log-barrier normaliser: raising L_j lowers w_j and raises the others",
          "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(34);
  const std::vector<double> losses = RandomLosses(rng, 6, 5.0);
  std::vector<double> w(6), v(6);
  LogBarrierFtrlWeights(losses, 0.7, w);
  for (size_t j = 0; j < losses.size(); ++j) {
    std::vector<double> raised = losses;
    raised[j] += 0.5;
    LogBarrierFtrlWeights(raised, 0.7, v);
    REQUIRE(v[j] < w[j]);
    for (size_t i = 0; i < losses.size(); ++i) {
      if (i != j) REQUIRE(v[i] >= w[i] - 1e-15);
    }
  }
}

// K = 2: with D = L_2 − L_1 ≥ 0 and μ the shifted multiplier, 1/(η_1 μ) + 1/(η_2 (D + μ)) = 1,
// i.e. η_1η_2 μ² + (η_1η_2 D − η_1 − η_2) μ − η_2 D = 0; the positive root, written without
// cancellation.
double TwoArmMultiplier(double d, double rate1, double rate2) {
  const double a = rate1 * rate2, b = rate1 * rate2 * d - rate1 - rate2, c = -rate2 * d;
  const double root = std::sqrt(b * b - 4 * a * c);
  return b <= 0 ? (-b + root) / (2 * a) : (2 * -c) / (b + root);
}

TEST_CASE("log-barrier normaliser: K = 2 closed form", "[closed_form][log_barrier]") {
  for (const double d : {0.0, 1e-8, 0.3, 1.0, 17.0, 1e3, 1e6}) {
    for (const double rate1 : {0.01, 0.5, 2.0}) {
      for (const double rate2 : {0.01, 0.5, 2.0}) {
        const double mu = TwoArmMultiplier(d, rate1, rate2);
        const double expected0 = 1.0 / (rate1 * mu), expected1 = 1.0 / (rate2 * (d + mu));
        std::vector<double> w(2);
        LogBarrierFtrlWeights(std::vector<double>{5.0, 5.0 + d}, std::vector<double>{rate1, rate2},
                              w);
        INFO("d " << d << " rates " << rate1 << " " << rate2);
        REQUIRE(w[0] == Approx(expected0).margin(1e-12));
        REQUIRE(w[1] == Approx(expected1).margin(1e-12));
      }
    }
  }
}

TEST_CASE("log-barrier normaliser: Newton converges in few monotone steps",
          "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(35);
  int worst = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<double> losses = RandomLosses(rng, 20, 100.0);
    std::vector<double> w(losses.size());
    const NormaliserResult result = LogBarrierFtrlWeights(losses, 0.1, w);
    REQUIRE(result.bisection_steps == 0);
    worst = std::max(worst, result.newton_steps);
  }
  REQUIRE(worst <= 40);
}

// §1.5 (h) invariants: sums to 1, 4/(ηD_i + 2√K)² ≤ w_i ≤ 4/(ηD_i + 2)², KKT residual.
void CheckTsallis(const std::vector<double>& losses, const std::vector<double>& rates) {
  std::vector<double> w(losses.size());
  const NormaliserResult result = TsallisHalfWeights(losses, rates, w);
  REQUIRE(std::abs(Sum(w) - 1.0) <= 1e-12);
  const double root_k = std::sqrt(static_cast<double>(losses.size()));
  const double min_loss = *std::min_element(losses.begin(), losses.end());
  for (size_t i = 0; i < losses.size(); ++i) {
    const double rate = rates.size() == 1 ? rates[0] : rates[i];
    const double spread = rate * (losses[i] - min_loss);
    if (rates.size() == 1) {
      REQUIRE(w[i] >= 4.0 / ((spread + 2 * root_k) * (spread + 2 * root_k)) * (1 - 1e-12));
      REQUIRE(w[i] <= 4.0 / ((spread + 2) * (spread + 2)) * (1 + 1e-12));
    }
    // KKT: η_i (L_i − x) √w_i = 2.
    const double residual =
        rate * ((losses[i] - result.shift) - result.multiplier) * std::sqrt(w[i]) - 2.0;
    REQUIRE(std::abs(residual) <= 1e-10);
  }
}

TEST_CASE("Tsallis normaliser: sums to 1, two-sided bounds, KKT, extremes, per-coordinate",
          "[invariant][tsallis]") {
  random::Rng rng = MakeRng(36);
  for (const int64_t num : {1, 2, 3, 10, 100}) {
    for (const double rate : {1e-3, 0.05, 1.0, 30.0}) {
      for (const double scale : {0.0, 1.0, 1e3, 1e6}) {
        CheckTsallis(RandomLosses(rng, num, scale), {rate});
      }
    }
    std::vector<double> rates(static_cast<size_t>(num));
    for (double& r : rates) r = std::exp(random::SampleUniform(rng, -4.0, 2.0));
    CheckTsallis(RandomLosses(rng, num, 10.0), rates);
  }
  CheckTsallis({-1e6, 1e6, 0.0}, {1.0});
}

TEST_CASE("Tsallis normaliser: K = 2 closed form and invariance", "[closed_form][tsallis]") {
  // With a common rate η and D = L_2 − L_1: u = √w_1 solves u² + (1/u + ηD/2)^{-2} = 1, since
  // 1/√w_2 = 1/√w_1 + ηD/2. Solve that scalar equation by bisection as the independent check.
  for (const double d : {0.0, 0.1, 2.0, 50.0}) {
    for (const double rate : {0.1, 1.0, 5.0}) {
      double lo = std::sqrt(0.5), hi = 1.0;
      for (int i = 0; i < 200; ++i) {
        const double u = 0.5 * (lo + hi);
        const double v = 1.0 / (1.0 / u + rate * d / 2);
        (u * u + v * v > 1 ? hi : lo) = u;
      }
      const double u = 0.5 * (lo + hi);
      const double v = 1.0 / (1.0 / u + rate * d / 2);
      std::vector<double> w(2), shifted(2);
      TsallisHalfWeights(std::vector<double>{-3.0, -3.0 + d}, rate, w);
      TsallisHalfWeights(std::vector<double>{40.0, 40.0 + d}, rate, shifted);
      REQUIRE(w[0] == Approx(u * u).margin(1e-12));
      REQUIRE(w[1] == Approx(v * v).margin(1e-12));
      REQUIRE(shifted[0] == Approx(w[0]).margin(1e-12));
    }
  }
}

TEST_CASE("Tsallis normaliser: raising L_j lowers w_j and raises the others",
          "[invariant][tsallis]") {
  random::Rng rng = MakeRng(37);
  const std::vector<double> losses = RandomLosses(rng, 5, 3.0);
  std::vector<double> w(5), v(5);
  TsallisHalfWeights(losses, 0.9, w);
  for (size_t j = 0; j < losses.size(); ++j) {
    std::vector<double> raised = losses;
    raised[j] += 0.25;
    TsallisHalfWeights(raised, 0.9, v);
    REQUIRE(v[j] < w[j]);
    for (size_t i = 0; i < losses.size(); ++i) {
      if (i != j) REQUIRE(v[i] >= w[i] - 1e-15);
    }
  }
}

TEST_CASE("log-barrier OMD step: KKT of the mirror step, zero loss is a fixed point",
          "[invariant][log_barrier]") {
  random::Rng rng = MakeRng(38);
  for (const int64_t num : {2, 4, 30}) {
    std::vector<double> previous(static_cast<size_t>(num));
    for (double& x : previous) x = random::SampleUniform(rng, 0.01, 1.0);
    const double total = Sum(previous);
    for (double& x : previous) x /= total;
    std::vector<double> rates(previous.size());
    for (double& r : rates) r = random::SampleUniform(rng, 0.05, 2.0);
    for (const double scale : {0.0, 1.0, 1e4}) {
      std::vector<double> estimate = RandomLosses(rng, num, scale);
      std::vector<double> next(previous.size()), scratch(previous.size());
      const NormaliserResult result = LogBarrierOmdStep(previous, estimate, rates, next, scratch);
      REQUIRE(std::abs(Sum(next) - 1.0) <= 1e-12);
      // 1/w'_i = 1/w_i + η_i (ℓ̂_i + μ) with μ = multiplier − shift, up to the final division.
      const double mu = result.multiplier - result.shift;
      for (size_t i = 0; i < previous.size(); ++i) {
        const double lhs = 1.0 / (next[i] * result.sum_before_normalising);
        const double rhs = 1.0 / previous[i] + rates[i] * (estimate[i] + mu);
        REQUIRE(lhs == Approx(rhs).epsilon(1e-9));
      }
    }
    std::vector<double> zero(previous.size(), 0.0), next(previous.size()), scratch(previous.size());
    LogBarrierOmdStep(previous, zero, rates, next, scratch);
    for (size_t i = 0; i < previous.size(); ++i)
      REQUIRE(next[i] == Approx(previous[i]).margin(1e-12));
  }
}

TEST_CASE("normalisers: bad inputs are invariant errors", "[errors][log_barrier]") {
  std::vector<double> w(2);
  REQUIRE_THROWS(LogBarrierFtrlWeights(std::vector<double>{0.0, 1.0}, 0.0, w));
  REQUIRE_THROWS(LogBarrierFtrlWeights(std::vector<double>{0.0, 1.0}, -1.0, w));
  REQUIRE_THROWS(TsallisHalfWeights(std::vector<double>{0.0, NAN}, 1.0, w));
  std::vector<double> wrong(3);
  REQUIRE_THROWS(LogBarrierFtrlWeights(std::vector<double>{0.0, 1.0}, 1.0, wrong));
}

}  // namespace
}  // namespace regretlab::algorithms::bandit

namespace regretlab::algorithms::bandit {
namespace {

// An independent long-double log-barrier FTRL step: bisection on λ over the bracket of §1.5 (f)
// (no shift, no Newton), 200 halvings.
std::vector<long double> LongDoubleLogBarrier(const std::vector<long double>& losses,
                                              long double eta) {
  const long double min_loss = *std::min_element(losses.begin(), losses.end());
  const long double k = static_cast<long double>(losses.size());
  long double lo = -min_loss + 1 / eta, hi = -min_loss + k / eta;
  for (int i = 0; i < 200; ++i) {
    const long double mid = (lo + hi) / 2;
    long double sum = 0;
    for (const long double loss : losses) sum += 1 / (eta * (loss + mid));
    (sum > 1 ? lo : hi) = mid;
  }
  std::vector<long double> w;
  long double sum = 0;
  for (const long double loss : losses) sum += 1 / (eta * (loss + lo));
  for (const long double loss : losses) w.push_back(1 / (eta * (loss + lo)) / sum);
  return w;
}

TEST_CASE("log-barrier FTRL in full information: regret equals a long-double implementation",
          "[closed_form][log_barrier]") {
  // A fixed loss sequence (K = 3, 300 rounds) from a seeded generator; full information: the
  // cumulative loss is the true one. Regret Σ⟨w_t, ℓ_t⟩ − min_i Σ ℓ_{t,i} of the kernel in
  // double against the long-double bisection, and against its O(K ln T/η + η T) guarantee.
  random::Rng rng = MakeRng(77);
  const int rounds = 300;
  const double eta = 0.3;
  std::vector<double> cumulative(3, 0.0), w(3);
  std::vector<long double> cumulative_long(3, 0.0L);
  double regret_double = 0;
  long double regret_long = 0;
  for (int t = 0; t < rounds; ++t) {
    std::vector<double> loss(3);
    for (size_t i = 0; i < 3; ++i)
      loss[i] = (t / 50) % 2 == 0 ? rng.Uniform01() * (i == 0 ? 0.5 : 1.0) : rng.Uniform01();
    LogBarrierFtrlWeights(cumulative, eta, w);
    const std::vector<long double> reference = LongDoubleLogBarrier(cumulative_long, eta);
    for (size_t i = 0; i < 3; ++i) {
      REQUIRE(w[i] == Approx(static_cast<double>(reference[i])).margin(1e-12));
      regret_double += w[i] * loss[i];
      regret_long += reference[i] * loss[i];
      cumulative[i] += loss[i];
      cumulative_long[i] += loss[i];
    }
  }
  const double best = *std::min_element(cumulative.begin(), cumulative.end());
  regret_double -= best;
  regret_long -= static_cast<long double>(best);
  INFO("regret " << regret_double << " vs " << static_cast<double>(regret_long));
  REQUIRE(regret_double == Approx(static_cast<double>(regret_long)).margin(1e-9));
  // Full-information FTRL with the log-barrier: regret ≤ K ln(T)/η + η T (loose, but it can fail).
  REQUIRE(regret_double <= 3 * std::log(static_cast<double>(rounds)) / eta + eta * rounds);
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
