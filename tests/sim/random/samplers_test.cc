// Tests of the project's samplers (sim/random/samplers.h).
//
// Every statistical check has a fixed seed and no retries, and is sized to fail for a wrong
// sampler: means and variances must lie within 5 standard errors of the theoretical values
// (standard errors from the theoretical variance and kurtosis), and goodness of fit is tested at
// level 1e-4 — Pearson's chi-square for discrete laws, Kolmogorov–Smirnov for continuous ones,
// against distribution functions from Boost.Math.
#include "sim/random/samplers.h"

#include <algorithm>
#include <array>
#include <boost/math/distributions/bernoulli.hpp>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include "sim/core/error.h"
#include "sim/random/rng.h"

namespace regretlab::random {
namespace {

// Boost promotes double arguments to long double by default, which makes the incomplete gamma
// and beta functions 5-10 times slower; double precision is ample for these tests.
using FastPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
using NormalLaw = boost::math::normal_distribution<double, FastPolicy>;
using GammaLaw = boost::math::gamma_distribution<double, FastPolicy>;
using BetaLaw = boost::math::beta_distribution<double, FastPolicy>;
using BinomialLaw = boost::math::binomial_distribution<double, FastPolicy>;
using BernoulliLaw = boost::math::bernoulli_distribution<double, FastPolicy>;
using UniformLaw = boost::math::uniform_distribution<double, FastPolicy>;

constexpr double kTestLevel = 1e-4;
constexpr size_t kDraws = 200000;
// Pearson's chi-square is reliable when every bin expects at least this many draws.
constexpr double kMinExpectedPerBin = 20.0;

// One substream per test case, so that no two cases look at the same numbers.
Rng TestRng(uint32_t substream) {
  return Rng(StreamKey{.seed = 20261126,
                       .environment_id = 1,
                       .replicate = 0,
                       .role = Role::kEnvironment,
                       .substream = substream});
}

template <class Sampler>
std::vector<double> Draw(size_t count, Sampler&& sampler) {
  std::vector<double> samples(count);
  for (double& sample : samples) sample = static_cast<double>(sampler());
  return samples;
}

// Checks the sample mean and the sample variance against the theoretical mean, variance and
// kurtosis (not excess: 3 for the normal), within 5 standard errors. The standard error of the
// sample variance is sqrt((μ4 - σ⁴)/n) = σ² sqrt((kurtosis - 1)/n). Deviations from the
// theoretical mean are accumulated, so samples near 1e17 keep their precision.
void CheckMoments(const std::vector<double>& samples, double mean, double variance,
                  double kurtosis) {
  const double n = static_cast<double>(samples.size());
  double sum = 0.0;
  double sum_of_squares = 0.0;
  for (const double sample : samples) {
    const double deviation = sample - mean;
    sum += deviation;
    sum_of_squares += deviation * deviation;
  }
  const double mean_deviation = sum / n;
  const double sample_variance = (sum_of_squares - n * mean_deviation * mean_deviation) / (n - 1);
  const double mean_margin = 5.0 * std::sqrt(variance / n);
  const double variance_margin = 5.0 * variance * std::sqrt((kurtosis - 1.0) / n);
  INFO("sample mean - mean = " << mean_deviation << " (margin " << mean_margin << ")");
  INFO("sample variance = " << sample_variance << ", variance = " << variance << " (margin "
                            << variance_margin << ")");
  CHECK(std::abs(mean_deviation) < mean_margin);
  CHECK(std::abs(sample_variance - variance) < variance_margin);
}

template <class Law>
void CheckMomentsOf(const std::vector<double>& samples, const Law& law) {
  CheckMoments(samples, boost::math::mean(law), boost::math::variance(law),
               boost::math::kurtosis(law));
}

// Kolmogorov–Smirnov statistic D = sup |F_n - F| of the samples against the continuous cdf.
double KolmogorovSmirnovStatistic(std::vector<double> samples,
                                  const std::function<double(double)>& cdf) {
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double statistic = 0.0;
  for (size_t i = 0; i < samples.size(); ++i) {
    const double value = cdf(samples[i]);
    statistic = std::max(
        {statistic, value - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - value});
  }
  return statistic;
}

// Critical value of D at kTestLevel: the Kolmogorov tail P(K > t) ≈ 2 exp(-2t²) (its first term,
// accurate to ~1e-12 here) with Stephens' (1970) finite-sample scaling sqrt(n) + 0.12 +
// 0.11/sqrt(n).
double KolmogorovSmirnovCritical(size_t sample_size) {
  const double t = std::sqrt(-0.5 * std::log(kTestLevel / 2.0));
  const double root_n = std::sqrt(static_cast<double>(sample_size));
  return t / (root_n + 0.12 + 0.11 / root_n);
}

void CheckKolmogorovSmirnov(const std::vector<double>& samples,
                            const std::function<double(double)>& cdf) {
  const double statistic = KolmogorovSmirnovStatistic(samples, cdf);
  const double critical = KolmogorovSmirnovCritical(samples.size());
  INFO("Kolmogorov-Smirnov D = " << statistic << ", critical value " << critical);
  CHECK(statistic < critical);
}

template <class Law>
void CheckKolmogorovSmirnovOf(const std::vector<double>& samples, const Law& law) {
  CheckKolmogorovSmirnov(samples, [&law](double x) { return boost::math::cdf(law, x); });
}

double ChiSquareCritical(size_t degrees_of_freedom) {
  return boost::math::quantile(boost::math::complement(
      boost::math::chi_squared_distribution<double>(static_cast<double>(degrees_of_freedom)),
      kTestLevel));
}

// A partition of the integers into bins [lower_edges[j], lower_edges[j + 1]), the last one
// unbounded above, with the probability the law under test gives each bin.
struct Bins {
  std::vector<uint64_t> lower_edges;
  std::vector<double> probabilities;
};

// Merges each bin expecting fewer than kMinExpectedPerBin draws into its right neighbour (the
// last one into its left neighbour), so the chi-square approximation holds.
Bins MergeSmallBins(const Bins& bins, size_t draws) {
  Bins merged;
  bool bin_open = false;
  double pending = 0.0;
  for (size_t j = 0; j < bins.lower_edges.size(); ++j) {
    if (!bin_open) merged.lower_edges.push_back(bins.lower_edges[j]);
    bin_open = true;
    pending += bins.probabilities[j];
    if (pending * static_cast<double>(draws) >= kMinExpectedPerBin) {
      merged.probabilities.push_back(pending);
      bin_open = false;
      pending = 0.0;
    }
  }
  if (bin_open) {
    if (merged.probabilities.empty()) {
      merged.probabilities.push_back(pending);  // a single bin: the test will refuse it
    } else {
      merged.lower_edges.pop_back();
      merged.probabilities.back() += pending;
    }
  }
  return merged;
}

// Pearson's chi-square test of integer samples against the binned law.
void CheckChiSquare(const std::vector<uint64_t>& samples, const Bins& unmerged_bins) {
  const Bins bins = MergeSmallBins(unmerged_bins, samples.size());
  REQUIRE(bins.lower_edges.size() >= 2);
  std::vector<double> counts(bins.lower_edges.size(), 0.0);
  for (const uint64_t sample : samples) {
    const auto above = std::upper_bound(bins.lower_edges.begin(), bins.lower_edges.end(), sample);
    REQUIRE(above != bins.lower_edges.begin());
    counts[static_cast<size_t>(above - bins.lower_edges.begin()) - 1] += 1.0;
  }
  double statistic = 0.0;
  for (size_t j = 0; j < counts.size(); ++j) {
    const double expected = bins.probabilities[j] * static_cast<double>(samples.size());
    statistic += (counts[j] - expected) * (counts[j] - expected) / expected;
  }
  const double critical = ChiSquareCritical(counts.size() - 1);
  INFO("chi-square = " << statistic << " with " << counts.size() - 1
                       << " degrees of freedom, critical value " << critical);
  CHECK(statistic < critical);
}

// One bin per value 0..n of Binomial(n, p) (small n, or huge n with a small mean, where only the
// values up to `last_value` matter and the rest form the last bin).
Bins BinomialBinsPerValue(double n, double p, uint64_t last_value) {
  const BinomialLaw law(n, p);
  Bins bins;
  for (uint64_t k = 0; k <= last_value; ++k) {
    bins.lower_edges.push_back(k);
    bins.probabilities.push_back(boost::math::pdf(law, static_cast<double>(k)));
  }
  if (static_cast<double>(last_value) < n) {
    bins.lower_edges.push_back(last_value + 1);
    bins.probabilities.push_back(
        boost::math::cdf(boost::math::complement(law, static_cast<double>(last_value))));
  }
  return bins;
}

// `bin_count` bins of roughly equal probability for a binomial with large mean and variance:
// edges at mean + sd·z_j for the normal quantiles z_j, bin probabilities from `cdf` (which gives
// P(X <= k)).
Bins BinomialBinsByQuantile(double n, double p, int bin_count,
                            const std::function<double(double)>& cdf) {
  const double mean = n * p;
  const double stddev = std::sqrt(n * p * (1.0 - p));
  const NormalLaw standard_normal(0.0, 1.0);
  Bins bins;
  bins.lower_edges.push_back(0);
  double previous_cdf = 0.0;
  for (int j = 1; j < bin_count; ++j) {
    const double z = boost::math::quantile(standard_normal, static_cast<double>(j) / bin_count);
    const uint64_t edge = static_cast<uint64_t>(std::llround(mean + stddev * z));
    const double cdf_below_edge = cdf(static_cast<double>(edge - 1));
    bins.probabilities.push_back(cdf_below_edge - previous_cdf);
    bins.lower_edges.push_back(edge);
    previous_cdf = cdf_below_edge;
  }
  bins.probabilities.push_back(1.0 - previous_cdf);
  return bins;
}

std::vector<uint64_t> DrawBinomial(Rng& rng, size_t count, uint64_t n, double p) {
  std::vector<uint64_t> samples(count);
  for (uint64_t& sample : samples) {
    sample = SampleBinomial(rng, n, p);
    REQUIRE(sample <= n);
  }
  return samples;
}

std::vector<double> ToDouble(const std::vector<uint64_t>& values) {
  return std::vector<double>(values.begin(), values.end());
}

// ---------------------------------------------------------------------------------------------
// Reproducibility.

TEST_CASE("Box-Muller draws two uniforms per normal and keeps no state", "[closed_form]") {
  Rng sampler_rng = TestRng(1);
  Rng uniform_rng = TestRng(1);
  for (int i = 0; i < 1000; ++i) {
    const double normal = SampleStandardNormal(sampler_rng);
    const double radius_uniform = uniform_rng.UniformOpen0();
    const double angle_uniform = uniform_rng.Uniform01();
    REQUIRE(normal == std::sqrt(-2.0 * std::log(radius_uniform)) *
                          std::cos(2.0 * std::numbers::pi * angle_uniform));
    REQUIRE(sampler_rng.state() == uniform_rng.state());
  }
}

TEST_CASE("Samplers are functions of the stream position only", "[invariant]") {
  const std::array<double, 4> probabilities = {0.25, 0.0, 0.5, 0.25};
  // A mixed sequence of every sampler, recorded as doubles.
  auto run = [&probabilities](Rng& rng) {
    std::vector<double> record;
    std::array<double, 3> direction{};
    for (int i = 0; i < 200; ++i) {
      record.push_back(SampleUniform(rng, -1.0, 2.0));
      record.push_back(SampleBernoulli(rng, 0.4) ? 1.0 : 0.0);
      record.push_back(SampleNormal(rng, 1.0, 3.0));
      record.push_back(SampleGamma(rng, 0.7));
      record.push_back(SampleGamma(rng, 2.5));
      record.push_back(SampleBeta(rng, 0.5, 3.0));
      record.push_back(static_cast<double>(SampleBinomial(rng, 1000000, 0.3)));
      record.push_back(static_cast<double>(SampleCategorical(rng, probabilities)));
      SampleUnitSphere(rng, direction);
      record.insert(record.end(), direction.begin(), direction.end());
    }
    return record;
  };
  Rng first = TestRng(2);
  Rng second = TestRng(2);
  const std::vector<double> first_record = run(first);
  CHECK(run(second) == first_record);
  CHECK(first.state() == second.state());
  // A copy taken mid-stream continues identically.
  Rng copy = first;
  CHECK(run(copy) == run(first));
  // A different stream gives different numbers.
  Rng other = TestRng(3);
  CHECK(run(other) != first_record);
}

// ---------------------------------------------------------------------------------------------
// Uniform and Bernoulli.

TEST_CASE("SampleUniform stays in the half-open range low to high", "[invariant]") {
  Rng rng = TestRng(10);
  for (int i = 0; i < 100000; ++i) {
    const double x = SampleUniform(rng, -2.0, 5.0);
    REQUIRE(x >= -2.0);
    REQUIRE(x < 5.0);
  }
  // An interval one ulp wide can only give its lower end.
  const double low = 1.0;
  const double high = std::nextafter(1.0, 2.0);
  for (int i = 0; i < 1000; ++i) REQUIRE(SampleUniform(rng, low, high) == low);
  CHECK(SampleUniform(rng, 3.0, 3.0) == 3.0);
}

TEST_CASE("SampleUniform has the uniform law", "[theory]") {
  Rng rng = TestRng(11);
  const std::vector<double> samples =
      Draw(kDraws, [&rng] { return SampleUniform(rng, -2.0, 5.0); });
  const UniformLaw law(-2.0, 5.0);
  CheckMomentsOf(samples, law);
  CheckKolmogorovSmirnovOf(samples, law);
}

TEST_CASE("SampleBernoulli with p = 0 is never true and with p = 1 always", "[invariant]") {
  Rng rng = TestRng(20);
  for (int i = 0; i < 100000; ++i) {
    REQUIRE_FALSE(SampleBernoulli(rng, 0.0));
    REQUIRE(SampleBernoulli(rng, 1.0));
  }
}

TEST_CASE("SampleBernoulli has the Bernoulli law", "[theory]") {
  uint32_t substream = 21;
  for (const double p : {0.3, 0.001}) {
    INFO("p = " << p);
    Rng rng = TestRng(substream++);
    const std::vector<double> samples =
        Draw(kDraws, [&rng, p] { return SampleBernoulli(rng, p) ? 1.0 : 0.0; });
    CheckMomentsOf(samples, BernoulliLaw(p));
    const std::vector<uint64_t> outcomes(samples.begin(), samples.end());
    CheckChiSquare(outcomes, Bins{.lower_edges = {0, 1}, .probabilities = {1.0 - p, p}});
  }
}

// ---------------------------------------------------------------------------------------------
// Normal.

TEST_CASE("SampleStandardNormal has the standard normal law", "[theory]") {
  Rng rng = TestRng(30);
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleStandardNormal(rng); });
  const NormalLaw law(0.0, 1.0);
  CheckMomentsOf(samples, law);
  CheckKolmogorovSmirnovOf(samples, law);
}

TEST_CASE("SampleNormal has the normal law with the given mean and deviation", "[theory]") {
  Rng rng = TestRng(31);
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleNormal(rng, 3.0, 2.0); });
  const NormalLaw law(3.0, 2.0);
  CheckMomentsOf(samples, law);
  CheckKolmogorovSmirnovOf(samples, law);
}

// ---------------------------------------------------------------------------------------------
// Gamma.

TEST_CASE("SampleGamma has the gamma law", "[theory]") {
  uint32_t substream = 40;
  for (const double shape : {0.5, 1.0, 3.7}) {
    INFO("shape = " << shape);
    Rng rng = TestRng(substream++);
    const std::vector<double> samples =
        Draw(kDraws, [&rng, shape] { return SampleGamma(rng, shape); });
    const GammaLaw law(shape, 1.0);
    CheckMomentsOf(samples, law);
    CheckKolmogorovSmirnovOf(samples, law);
  }
}

TEST_CASE("SampleGamma has the gamma law at shape 1e6", "[theory]") {
  Rng rng = TestRng(45);
  const GammaLaw law(1e6, 1.0);
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleGamma(rng, 1e6); });
  CheckMomentsOf(samples, law);
  // Boost's incomplete gamma function takes ~7 us at this shape, so the Kolmogorov-Smirnov test
  // uses the first 50,000 draws (critical D ≈ 0.01).
  CheckKolmogorovSmirnovOf(std::vector<double>(samples.begin(), samples.begin() + 50000), law);
}

TEST_CASE("SampleGamma stays correct at shape 1e17", "[theory]") {
  // Where c·x in Marsaglia-Tsang is ~1e-9 and the acceptance test rests on a cancellation (see
  // samplers.h). Boost's incomplete gamma function fails to converge at this shape; the normal law
  // with the same mean and variance differs from Gamma(1e17) by at most ~1e-9 in distribution
  // function (Berry-Esseen with skewness 2/sqrt(shape) ≈ 6e-9), far below the test's resolution.
  constexpr double kShape = 1e17;
  Rng rng = TestRng(46);
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleGamma(rng, kShape); });
  CheckMoments(samples, kShape, kShape, 3.0 + 6.0 / kShape);
  const double stddev = std::sqrt(kShape);
  const NormalLaw standard_normal(0.0, 1.0);
  CheckKolmogorovSmirnov(
      samples, [&](double x) { return boost::math::cdf(standard_normal, (x - kShape) / stddev); });
}

TEST_CASE("SampleGamma with tiny shape gives finite non-negative values", "[invariant]") {
  Rng rng = TestRng(47);
  constexpr double kShape = 1e-3;
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleGamma(rng, kShape); });
  for (const double sample : samples) {
    REQUIRE(std::isfinite(sample));
    REQUIRE(sample >= 0.0);
  }
  // Mean and variance 1e-3; the kurtosis 3 + 6/shape = 6003 makes the variance check loose.
  CheckMomentsOf(samples, GammaLaw(kShape, 1.0));
}

// ---------------------------------------------------------------------------------------------
// Beta.

TEST_CASE("SampleBeta has the beta law", "[theory]") {
  // (0.5, 0.5) and (0.3, 4) go through the logarithmic path for shapes below 1.
  const std::array<std::array<double, 2>, 4> shapes = {
      {{0.5, 0.5}, {2.0, 5.0}, {0.3, 4.0}, {1.0, 1.0}}};
  uint32_t substream = 50;
  for (const auto& [a, b] : shapes) {
    INFO("a = " << a << ", b = " << b);
    Rng rng = TestRng(substream++);
    const std::vector<double> samples =
        Draw(kDraws, [&rng, a = a, b = b] { return SampleBeta(rng, a, b); });
    const BetaLaw law(a, b);
    CheckMomentsOf(samples, law);
    CheckKolmogorovSmirnovOf(samples, law);
  }
}

TEST_CASE("SampleBeta has the beta law at large shapes", "[theory]") {
  // The regime of SampleBinomial's splitting step.
  Rng rng = TestRng(55);
  const BetaLaw law(1e6, 2e6);
  const std::vector<double> samples = Draw(50000, [&rng] { return SampleBeta(rng, 1e6, 2e6); });
  CheckMomentsOf(samples, law);
  CheckKolmogorovSmirnovOf(samples, law);
}

TEST_CASE("SampleBeta with tiny shapes stays in the unit interval", "[invariant]") {
  // Both gamma variates underflow to 0 about a fifth of the time here; Ga/(Ga+Gb) would be NaN.
  Rng rng = TestRng(56);
  const std::vector<double> samples = Draw(kDraws, [&rng] { return SampleBeta(rng, 1e-3, 1e-3); });
  for (const double sample : samples) {
    REQUIRE(sample >= 0.0);
    REQUIRE(sample <= 1.0);
  }
  CheckMomentsOf(samples, BetaLaw(1e-3, 1e-3));
}

// ---------------------------------------------------------------------------------------------
// Binomial.

TEST_CASE("SampleBinomial edge cases", "[invariant]") {
  Rng rng = TestRng(60);
  constexpr uint64_t kHuge = std::numeric_limits<uint64_t>::max();
  for (const uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{20}, uint64_t{1000000}, kHuge}) {
    INFO("n = " << n);
    CHECK(SampleBinomial(rng, n, 0.0) == 0);
    CHECK(SampleBinomial(rng, n, 1.0) == n);
  }
  for (const double p : {0.0, 1e-9, 0.3, 0.5, 0.9, 1.0}) CHECK(SampleBinomial(rng, 0, p) == 0);
  for (const uint64_t n : {uint64_t{1} << 63, kHuge}) {
    for (const double p : {1e-18, 0.3, 0.5, 1.0 - 1e-12}) {
      for (int i = 0; i < 100; ++i) REQUIRE(SampleBinomial(rng, n, p) <= n);
    }
  }
}

TEST_CASE("SampleBinomial matches the pmf on the inversion path", "[theory]") {
  // Means below 30: inversion only; p = 0.85 also goes through the symmetry.
  uint32_t substream = 61;
  for (const double p : {0.3, 0.85}) {
    INFO("n = 20, p = " << p);
    Rng rng = TestRng(substream++);
    const std::vector<uint64_t> samples = DrawBinomial(rng, kDraws, 20, p);
    CheckMomentsOf(ToDouble(samples), BinomialLaw(20, p));
    CheckChiSquare(samples, BinomialBinsPerValue(20, p, 20));
  }
}

TEST_CASE("SampleBinomial matches the pmf on the splitting path", "[theory]") {
  // Means above 30, so at least one beta split before the inversion; a split off by one trial
  // would shift the mean by about one, many standard errors at these sizes.
  struct Case {
    uint64_t n;
    double p;
    uint64_t last_value;  // values above it form one bin
  };
  const std::array<Case, 4> cases = {
      {{100, 0.4, 100}, {1000, 0.7, 1000}, {5000, 0.5, 5000}, {1000000000000000, 4e-14, 200}}};
  uint32_t substream = 63;
  for (const Case& c : cases) {
    INFO("n = " << c.n << ", p = " << c.p);
    Rng rng = TestRng(substream++);
    const std::vector<uint64_t> samples = DrawBinomial(rng, kDraws, c.n, c.p);
    const double n = static_cast<double>(c.n);
    CheckMomentsOf(ToDouble(samples), BinomialLaw(n, c.p));
    CheckChiSquare(samples, BinomialBinsPerValue(n, c.p, c.last_value));
  }
}

TEST_CASE("SampleBinomial has the binomial law at n = 1e6", "[theory]") {
  constexpr double kP = 0.3;
  Rng rng = TestRng(70);
  const std::vector<uint64_t> samples = DrawBinomial(rng, kDraws, 1000000, kP);
  const BinomialLaw law(1e6, kP);
  CheckMomentsOf(ToDouble(samples), law);
  CheckChiSquare(samples, BinomialBinsByQuantile(
                              1e6, kP, 40, [&law](double k) { return boost::math::cdf(law, k); }));
}

TEST_CASE("SampleBinomial has the binomial law at n = 1e15", "[theory]") {
  // Boost's binomial distribution function is slow and loses ~1e-6 at this n, so the bins use the
  // normal law with continuity correction, whose error is below 1e-8 (Berry-Esseen bound
  // 0.48·(p² + q²)/sqrt(npq)) against bin probabilities of 1/40 estimated from 200,000 draws.
  constexpr double kN = 1e15;
  constexpr double kP = 0.37;
  Rng rng = TestRng(71);
  const std::vector<uint64_t> samples = DrawBinomial(rng, kDraws, 1000000000000000, kP);
  const double mean = kN * kP;
  const double variance = kN * kP * (1.0 - kP);
  CheckMoments(ToDouble(samples), mean, variance, 3.0 + (1.0 - 6.0 * kP * (1.0 - kP)) / variance);
  const NormalLaw standard_normal(0.0, 1.0);
  const double stddev = std::sqrt(variance);
  CheckChiSquare(samples, BinomialBinsByQuantile(kN, kP, 40, [&](double k) {
                   return boost::math::cdf(standard_normal, (k + 0.5 - mean) / stddev);
                 }));
}

TEST_CASE("SampleBinomial has the binomial mean and variance at n = 2^63", "[theory]") {
  constexpr double kN = 9223372036854775808.0;  // 2^63
  Rng rng = TestRng(72);
  for (const double p : {0.5, 0.2, 3e-17}) {
    INFO("p = " << p);
    const std::vector<uint64_t> samples = DrawBinomial(rng, 20000, uint64_t{1} << 63, p);
    const double variance = kN * p * (1.0 - p);
    CheckMoments(ToDouble(samples), kN * p, variance, 3.0 + (1.0 - 6.0 * p * (1.0 - p)) / variance);
  }
}

// ---------------------------------------------------------------------------------------------
// Categorical.

TEST_CASE("SampleCategorical has the categorical law and never picks a zero entry", "[theory]") {
  const std::vector<double> probabilities = {0.0, 0.1, 0.25, 0.0, 0.05, 0.6, 0.0};
  Rng rng = TestRng(80);
  std::vector<uint64_t> samples(kDraws);
  for (uint64_t& sample : samples) {
    sample = SampleCategorical(rng, probabilities);
    REQUIRE(sample < probabilities.size());
    REQUIRE(probabilities[sample] > 0.0);
  }
  CheckChiSquare(samples,
                 Bins{.lower_edges = {0, 1, 2, 3, 4, 5, 6}, .probabilities = probabilities});
}

TEST_CASE("SampleCategorical renormalises by the computed total", "[theory]") {
  // Thirds do not sum to 1 in floating point; a vector a little off 1 is accepted and sampled as
  // p / Σ p.
  Rng rng = TestRng(81);
  const std::vector<double> thirds = {1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0};
  const std::vector<double> slightly_off = {0.5 - 4e-10, 0.5 - 4e-10};
  std::vector<uint64_t> samples(kDraws);
  for (uint64_t& sample : samples) sample = SampleCategorical(rng, thirds);
  CheckChiSquare(samples,
                 Bins{.lower_edges = {0, 1, 2}, .probabilities = {1.0 / 3, 1.0 / 3, 1.0 / 3}});
  for (uint64_t& sample : samples) sample = SampleCategorical(rng, slightly_off);
  CheckChiSquare(samples, Bins{.lower_edges = {0, 1}, .probabilities = {0.5, 0.5}});
}

TEST_CASE("SampleCategorical with one positive entry always returns it", "[closed_form]") {
  Rng rng = TestRng(82);
  const std::vector<double> last_only = {0.0, 0.0, 0.0, 1.0};
  const std::vector<double> first_only = {1.0, 0.0, 0.0};
  for (int i = 0; i < 10000; ++i) {
    REQUIRE(SampleCategorical(rng, last_only) == 3);
    REQUIRE(SampleCategorical(rng, first_only) == 0);
  }
  // Many tiny entries and one large one: the compensated sum reaches the total exactly, so the
  // top of [0, 1) lands on the last positive entry and never past it.
  std::vector<double> many(1001, 1e-6);
  many[1000] = 0.0;
  many[999] = 1.0 - 999e-6;
  for (int i = 0; i < 10000; ++i) REQUIRE(SampleCategorical(rng, many) <= 999);
}

TEST_CASE("SampleCategorical rejects a vector that is not a distribution", "[invariant]") {
  Rng rng = TestRng(83);
  const std::vector<double> sums_to_point_nine = {0.3, 0.3, 0.3};
  const std::vector<double> negative_entry = {1.5, -0.5};
  const std::vector<double> not_a_number = {0.5, std::numeric_limits<double>::quiet_NaN(), 0.5};
  const std::vector<double> empty;
  REQUIRE_THROWS_AS(SampleCategorical(rng, sums_to_point_nine), core::InvariantError);
  REQUIRE_THROWS_AS(SampleCategorical(rng, negative_entry), core::InvariantError);
  REQUIRE_THROWS_AS(SampleCategorical(rng, not_a_number), core::InvariantError);
  REQUIRE_THROWS_AS(SampleCategorical(rng, empty), core::InvariantError);
  // A sum off by 1e-12 is round-off, not an error.
  const std::vector<double> off_by_round_off = {0.5, 0.5 + 1e-12};
  REQUIRE_NOTHROW(SampleCategorical(rng, off_by_round_off));
}

// ---------------------------------------------------------------------------------------------
// Unit sphere.

TEST_CASE("SampleUnitSphere gives unit vectors centred at 0", "[invariant]") {
  Rng rng = TestRng(90);
  for (const size_t dimension : {size_t{1}, size_t{3}, size_t{10}}) {
    INFO("dimension = " << dimension);
    std::vector<double> direction(dimension);
    std::vector<double> sums(dimension, 0.0);
    constexpr int kSphereDraws = 50000;
    for (int i = 0; i < kSphereDraws; ++i) {
      SampleUnitSphere(rng, direction);
      double squared_norm = 0.0;
      for (size_t j = 0; j < dimension; ++j) {
        squared_norm += direction[j] * direction[j];
        sums[j] += direction[j];
      }
      REQUIRE(std::abs(std::sqrt(squared_norm) - 1.0) < 1e-12);
    }
    // Each coordinate has mean 0 and variance 1/dimension.
    const double margin = 5.0 * std::sqrt(1.0 / static_cast<double>(dimension) / kSphereDraws);
    for (size_t j = 0; j < dimension; ++j) CHECK(std::abs(sums[j] / kSphereDraws) < margin);
  }
}

TEST_CASE("SampleUnitSphere in 3 dimensions has uniform coordinates", "[theory]") {
  // Archimedes: on the uniform sphere in R^3 each coordinate is uniform on [-1, 1].
  Rng rng = TestRng(91);
  std::array<double, 3> direction{};
  std::vector<double> heights(kDraws);
  for (double& height : heights) {
    SampleUnitSphere(rng, direction);
    height = direction[2];
  }
  CheckKolmogorovSmirnovOf(heights, UniformLaw(-1.0, 1.0));
}

}  // namespace
}  // namespace regretlab::random
