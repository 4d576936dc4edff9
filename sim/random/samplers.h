// Samplers for the distributions the simulator draws from, written on top of our own streams.
//
// Why our own: the algorithms behind std::*_distribution are not specified by the standard, so
// libstdc++, libc++ and MSVC turn the same engine output into different numbers (DESIGN §4).
// Every sampler here is a fixed algorithm: what it returns is a function of the generator's state
// alone, and so of the stream key and the position in the stream. Rejection samplers consume a
// variable number of draws, but always the same number from the same state. No sampler keeps
// state between calls (Box–Muller's second normal is thrown away for that reason), so a sampler
// call can be moved between objects or threads without changing any later number.
// One caveat: log, cos, pow and friends come from the C library's libm, which rounds the last bit
// differently from one implementation to another; the golden files pin the platform's libm.
//
// Every function is a template on the generator `R` (in practice regretlab::random::Rng from
// "sim/random/rng.h"): it needs NextU64(), Uniform01() in [0, 1) and UniformOpen0() in (0, 1].
//
//   SampleUniform(low, high)       uniform on [low, high)                 low + (high - low) U
//   SampleBernoulli(p)             P(true) = p                            U < p
//   SampleStandardNormal()         N(0, 1)                                Box & Muller (1958)
//   SampleNormal(mean, stddev)     N(mean, stddev²)                       Box & Muller (1958)
//   SampleGamma(shape)             Gamma(shape, scale 1)                  Marsaglia & Tsang (2000)
//   SampleBeta(a, b)               Beta(a, b)                             Ga / (Ga + Gb)
//   SampleBinomial(n, p)           Binomial(n, p), any n < 2^64           Beta splitting + BINV
//   SampleCategorical(probs)       index i with probability probs[i]      inversion, Neumaier sum
//   SampleUnitSphere(out)          uniform direction in R^out.size()      Muller (1959)
//
// References.
//   G. E. P. Box, M. E. Muller (1958). A note on the generation of random normal deviates.
//     Ann. Math. Statist. 29(2):610–611.
//   G. Marsaglia, W. W. Tsang (2000). A simple method for generating gamma variables.
//     ACM Trans. Math. Softw. 26(3):363–372.
//   L. Devroye (1986). Non-Uniform Random Variate Generation. Springer. §IX.4 (beta from two
//     gammas), §X.4 (binomial; the recursive order-statistic method).
//   D. E. Knuth (1997). The Art of Computer Programming, Vol. 2, 3rd ed., §3.4.1 (binomial
//     deviates by splitting at a beta-distributed order statistic).
//   V. Kachitvichyanukul, B. W. Schmeiser (1988). Binomial random variate generation.
//     Commun. ACM 31(2):216–222 (algorithm BINV, inversion by sequential search).
//   A. Neumaier (1974). Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen.
//     Z. Angew. Math. Mech. 54:39–51 (the improved Kahan summation).
//   M. E. Muller (1959). A note on a method for generating points uniformly on n-dimensional
//     spheres. Commun. ACM 2(4):19–20.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>

#include "sim/core/check.h"

namespace regretlab::random {

// Uniform on [low, high) for low < high (returns low when low == high).
template <class R>
inline double SampleUniform(R& rng, double low, double high) {
  REGRETLAB_DCHECK(low <= high, "low = ", low, ", high = ", high);
  const double x = low + (high - low) * rng.Uniform01();
  // low + (high - low) u can round up to high when u is within an ulp of 1; keep the interval
  // half-open as documented. The branch is almost never taken.
  return x < high ? x : std::nextafter(high, low);
}

// True with probability p, p in [0, 1]. Uniform01() < 1 always and >= 0 always, so p = 1 is
// always true and p = 0 never is.
template <class R>
inline bool SampleBernoulli(R& rng, double p) {
  REGRETLAB_DCHECK(p >= 0.0 && p <= 1.0, "p = ", p);
  return rng.Uniform01() < p;
}

// N(0, 1) by the Box–Muller transform: sqrt(-2 ln U1) cos(2π U2). The sine partner is discarded
// instead of cached, so the result depends on the stream position only (two uniforms per call).
// U1 is drawn from (0, 1] so the logarithm is finite; the largest output is about 8.57.
template <class R>
inline double SampleStandardNormal(R& rng) {
  const double radius = std::sqrt(-2.0 * std::log(rng.UniformOpen0()));
  const double angle = 2.0 * std::numbers::pi * rng.Uniform01();
  return radius * std::cos(angle);
}

template <class R>
inline double SampleNormal(R& rng, double mean, double stddev) {
  REGRETLAB_DCHECK(stddev >= 0.0, "stddev = ", stddev);
  return mean + stddev * SampleStandardNormal(rng);
}

namespace internal {

// Marsaglia & Tsang (2000) for shape >= 1: with d = shape - 1/3, c = 1/sqrt(9d), x ~ N(0, 1),
// v = (1 + cx)^3, accept d·v when ln U < x²/2 + d(1 - v + ln v), after the cheap squeeze
// U < 1 - 0.0331 x^4 that accepts about 98% of the candidates.
//
// Large shapes: w = c·x = x/sqrt(9d) is then tiny (about 1e-9·x at d = 1e17), v is within a few
// ulps of 1, and d(1 - v + ln v) ≈ -x²/2 is d times a difference of two O(w) numbers. We write it
// as d(3 log1p(w) - (3w + 3w² + w³)) (ln v = 3 log1p(w), and v - 1 expanded), so neither part goes
// through the rounded 1 + w. The cancellation between the two O(w) parts remains; each carries a
// relative error of about eps = 2.2e-16, so the term is off by about eps·|x|·sqrt(d): 1e-7·|x| at
// d = 1e17, 1e-6·|x| at d = 9e18 (SampleBinomial at n = 2^63). That is negligible against ln U,
// and no coarser than the output d·v itself, whose ulp is about eps·sqrt(d) standard deviations.
// Measured against 400-bit arithmetic, the textbook expression is of the same order (1 - v is
// exact by Sterbenz's lemma, ln v accurate to a relative eps), up to 3 times worse; both stay
// below 1e-4 up to d = 1e22. Removing the cancellation entirely would take a series for
// log1p(w) - w + w²/2 - w³/3; nothing here needs it.
template <class R>
inline double SampleGammaShapeAtLeastOne(R& rng, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x;
    double w;
    do {
      x = SampleStandardNormal(rng);
      w = c * x;
    } while (w <= -1.0);  // v = (1 + w)^3 must be positive
    const double one_plus_w = 1.0 + w;
    const double v = one_plus_w * one_plus_w * one_plus_w;
    const double u = rng.UniformOpen0();  // (0, 1]: ln U must be finite
    const double x_squared = x * x;
    if (u < 1.0 - 0.0331 * x_squared * x_squared) return d * v;
    const double v_minus_one = w * (3.0 + w * (3.0 + w));  // 3w + 3w² + w³
    if (std::log(u) < 0.5 * x_squared + d * (3.0 * std::log1p(w) - v_minus_one)) return d * v;
  }
}

// ln of a Gamma(shape) variate for 0 < shape < 1 by the boost below: it stays finite when the
// variate itself underflows to 0 (ln U / shape is below -745 when shape is small).
template <class R>
inline double SampleLogGammaShapeBelowOne(R& rng, double shape) {
  const double boosted = SampleGammaShapeAtLeastOne(rng, shape + 1.0);
  return std::log(boosted) + std::log(rng.UniformOpen0()) / shape;
}

}  // namespace internal

// Gamma(shape) with scale 1, shape > 0 (tested up to 1e17; see the internal function for why the
// acceptance test is written with log1p). For shape < 1, the boost of Marsaglia & Tsang (2000):
// if G ~ Gamma(shape + 1) and U ~ U(0, 1] then G·U^(1/shape) ~ Gamma(shape). For very small
// shapes the result can underflow to 0; SampleBeta works in logarithms in that range.
template <class R>
inline double SampleGamma(R& rng, double shape) {
  REGRETLAB_DCHECK(shape > 0.0 && std::isfinite(shape), "shape = ", shape);
  if (shape >= 1.0) return internal::SampleGammaShapeAtLeastOne(rng, shape);
  const double boosted = internal::SampleGammaShapeAtLeastOne(rng, shape + 1.0);
  return boosted * std::pow(rng.UniformOpen0(), 1.0 / shape);
}

// Beta(a, b), a, b > 0, as Ga / (Ga + Gb) with independent Ga ~ Gamma(a), Gb ~ Gamma(b)
// (Devroye 1986, §IX.4); Ga is drawn first. When a shape is below 1 a gamma variate can underflow
// to 0 and the ratio would be 0/0, so that case is computed as 1 / (1 + exp(ln Gb - ln Ga)).
template <class R>
inline double SampleBeta(R& rng, double a, double b) {
  REGRETLAB_DCHECK(a > 0.0 && b > 0.0 && std::isfinite(a) && std::isfinite(b), "a = ", a,
                   ", b = ", b);
  if (a >= 1.0 && b >= 1.0) {
    const double gamma_a = internal::SampleGammaShapeAtLeastOne(rng, a);
    const double gamma_b = internal::SampleGammaShapeAtLeastOne(rng, b);
    return gamma_a / (gamma_a + gamma_b);
  }
  const double log_gamma_a = a < 1.0 ? internal::SampleLogGammaShapeBelowOne(rng, a)
                                     : std::log(internal::SampleGammaShapeAtLeastOne(rng, a));
  const double log_gamma_b = b < 1.0 ? internal::SampleLogGammaShapeBelowOne(rng, b)
                                     : std::log(internal::SampleGammaShapeAtLeastOne(rng, b));
  return 1.0 / (1.0 + std::exp(log_gamma_b - log_gamma_a));
}

namespace internal {

// Below this mean the binomial is drawn by inversion, whose expected cost is about mean + 1 cheap
// steps; above it, one beta-splitting step (two gamma draws) is cheaper.
inline constexpr double kBinomialInversionMaxMean = 30.0;

// Binomial(n, p) by inversion with sequential search from 0 (Kachitvichyanukul & Schmeiser 1988,
// BINV), for p <= 1/2 and a small mean n·p, so that pmf(0) = (1-p)^n >= e^-45 is far from
// underflow. The pmf follows the recurrence pmf(k+1) = pmf(k) · (n-k)/(k+1) · p/(1-p).
// Round-off can leave U above the computed total mass (by ~1e-16); the search then runs past the
// point where the pmf underflows, and a fresh U is drawn, which samples the computed pmf exactly.
template <class R>
inline uint64_t SampleBinomialByInversion(R& rng, uint64_t n, double p) {
  if (n == 0 || !(p > 0.0)) return 0;
  const double odds = p / (1.0 - p);
  const double pmf_at_zero = std::exp(static_cast<double>(n) * std::log1p(-p));
  while (true) {
    double u = rng.Uniform01();
    double pmf = pmf_at_zero;
    for (uint64_t k = 0;; ++k) {
      if (u < pmf) return k;
      u -= pmf;
      if (k == n) break;
      pmf *= odds * static_cast<double>(n - k) / static_cast<double>(k + 1);
      if (pmf == 0.0) break;  // only past the mode, in the underflowed tail
    }
  }
}

}  // namespace internal

// Binomial(n, p): the number of successes in n independent trials of probability p in [0, 1].
// Exact algorithm (no normal or Poisson approximation) for every n < 2^64, including n ~ 2^63.
//
// Method (Devroye 1986, §X.4; Knuth, TAOCP Vol. 2, §3.4.1). Think of the trials as n uniforms
// U_1..U_n, a success being U_j < p. Their i-th smallest value X = U_(i) is Beta(i, n + 1 - i).
//   - If X < p, the i smallest are successes, and the other n - i uniforms are independent and
//     uniform on (X, 1): each is a success with probability (p - X)/(1 - X).
//   - If X >= p, only the i - 1 below X can be successes; they are uniform on (0, X), each a
//     success with probability p/X.
// Either way the problem becomes a smaller binomial, and the loop repeats until the mean is below
// kBinomialInversionMaxMean, where inversion finishes. The symmetry Binomial(n, p) =
// n - Binomial(n, 1 - p) keeps p <= 1/2 throughout; the flipped probability is computed directly
// ((1 - p)/(1 - X) or (X - p)/X) rather than as 1 minus something, which would cancel.
//
// Knuth splits at the middle index i ≈ n/2, which halves n per step: O(log n) beta draws.
// We split at the mean index i = floor(n·p) instead (any fixed i is exact). X then lands within
// about one standard deviation of p, so the remaining mean drops from m to O(sqrt(m)) per step:
// O(log log n) beta draws, in practice at most ~5 for n = 10^15 (two gamma draws each) plus an
// inversion of mean < 30. The only inexactness is floating point: X is known to a relative ~1e-16,
// which moves the result by about n·p·1e-16 counts, i.e. ~2e-7 standard deviations at n = 2^63.
//
// The result is kept as base ± Binomial(n, p) in modulo-2^64 arithmetic: every intermediate is
// exact, and the final value lies in [0, n].
template <class R>
inline uint64_t SampleBinomial(R& rng, uint64_t n, double p) {
  REGRETLAB_DCHECK(p >= 0.0 && p <= 1.0, "p = ", p);
  if (n == 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  uint64_t base = 0;
  bool subtract = false;  // the result is base - Binomial(n, p) when set, base + ... otherwise
  // Records that `count` successes are certain, in the orientation of the current subproblem.
  auto add_certain = [&base, &subtract](uint64_t count) {
    base = subtract ? base - count : base + count;
  };
  // Continues with Binomial(trials, success) or, when that has p > 1/2, with
  // trials - Binomial(trials, failure); success + failure = 1 up to rounding.
  auto continue_with = [&](uint64_t trials, double success, double failure) {
    n = trials;
    if (success <= failure) {
      p = success;
    } else {
      add_certain(trials);
      subtract = !subtract;
      p = failure;
    }
  };
  continue_with(n, p, 1.0 - p);
  while (n > 0 && p > 0.0 && static_cast<double>(n) * p >= internal::kBinomialInversionMaxMean) {
    // n·p >= 30 and p <= 1/2 put the split index in [30, n/2]: both beta shapes are >= 1.
    const uint64_t i = static_cast<uint64_t>(static_cast<double>(n) * p);
    const double x = SampleBeta(rng, static_cast<double>(i), static_cast<double>(n - i + 1));
    if (x < p) {
      add_certain(i);
      continue_with(n - i, (p - x) / (1.0 - x), (1.0 - p) / (1.0 - x));
    } else {
      continue_with(i - 1, p / x, (x - p) / x);
    }
  }
  const uint64_t tail = internal::SampleBinomialByInversion(rng, n, p);
  return subtract ? base - tail : base + tail;
}

// Index i drawn with probability probabilities[i] by inversion of the cumulative distribution.
// The entries must be non-negative with |Σ p - 1| < 1e-9 (REGRETLAB_CHECK, always on: a learner
// handing over a broken distribution is a bug to stop on, not to sample around). The cumulative
// sums are compensated (Neumaier 1974), so they do not drift with many small entries, and the
// uniform is scaled by the computed total, so the distribution sampled is p / Σ p. An index with
// p[i] = 0 is never returned; if round-off leaves the scaled uniform at the very top, the last
// index with positive probability takes it.
template <class R>
inline size_t SampleCategorical(R& rng, std::span<const double> probabilities) {
  // One step of Neumaier's summation: compensation collects the low-order bits the sum drops.
  auto add = [](double& sum, double& compensation, double value) {
    const double next = sum + value;
    compensation += std::abs(sum) >= std::abs(value) ? (sum - next) + value : (value - next) + sum;
    sum = next;
  };
  double sum = 0.0;
  double compensation = 0.0;
  bool all_non_negative = true;
  for (const double probability : probabilities) {
    all_non_negative = all_non_negative && probability >= 0.0;  // NaN fails too
    add(sum, compensation, probability);
  }
  const double total = sum + compensation;
  REGRETLAB_CHECK(all_non_negative, "a probability is negative or NaN");
  REGRETLAB_CHECK(std::abs(total - 1.0) < 1e-9, "probabilities sum to ", total);

  const double target = rng.Uniform01() * total;
  sum = 0.0;
  compensation = 0.0;
  size_t last_positive = 0;
  for (size_t i = 0; i < probabilities.size(); ++i) {
    if (!(probabilities[i] > 0.0)) continue;
    add(sum, compensation, probabilities[i]);
    if (target < sum + compensation) return i;
    last_positive = i;
  }
  return last_positive;
}

// A direction uniform on the unit sphere of R^d, d = out.size() >= 1: d standard normals divided
// by their norm (Muller 1959; the normal density is rotation invariant). A zero vector (only if
// every coordinate underflows) is redrawn. The norm of the output is 1 to a few ulps.
template <class R>
inline void SampleUnitSphere(R& rng, std::span<double> out) {
  REGRETLAB_DCHECK(!out.empty());
  if (out.empty()) return;
  while (true) {
    double squared_norm = 0.0;
    for (double& coordinate : out) {
      coordinate = SampleStandardNormal(rng);
      squared_norm += coordinate * coordinate;
    }
    if (squared_norm >= std::numeric_limits<double>::min()) {
      const double inverse_norm = 1.0 / std::sqrt(squared_norm);
      for (double& coordinate : out) coordinate *= inverse_norm;
      return;
    }
  }
}

}  // namespace regretlab::random
