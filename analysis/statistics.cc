#include "analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/random/rng.h"

namespace regretlab::analysis {

Interval MeanInterval(const std::vector<double>& matrix, int64_t replicates, int64_t checkpoints,
                      int64_t checkpoint) {
  double sum = 0;
  for (int64_t r = 0; r < replicates; ++r) sum += matrix[r * checkpoints + checkpoint];
  const double mean = sum / static_cast<double>(replicates);
  double squares = 0;
  for (int64_t r = 0; r < replicates; ++r) {
    const double d = matrix[r * checkpoints + checkpoint] - mean;
    squares += d * d;
  }
  // One replicate gives no interval at all (NaN), never a zero-width one.
  const double standard_error = replicates > 1
                                    ? std::sqrt(squares / static_cast<double>(replicates - 1) /
                                                static_cast<double>(replicates))
                                    : std::numeric_limits<double>::quiet_NaN();
  return {mean, mean - kZ95 * standard_error, mean + kZ95 * standard_error};
}

double OlsSlope(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < n; ++i) {
    mean_x += x[i];
    mean_y += y[i];
  }
  mean_x /= static_cast<double>(n);
  mean_y /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mean_x) * (y[i] - mean_y);
    sxx += (x[i] - mean_x) * (x[i] - mean_x);
  }
  return sxx > 0 ? sxy / sxx : std::numeric_limits<double>::quiet_NaN();
}

namespace {

// Percentile of a sorted sample by linear interpolation (type 7).
double SortedQuantile(const std::vector<double>& sorted, double level) {
  const double position = level * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// The 95% percentile-bootstrap interval of the resampled slopes, left NaN when more than half of
// the resamples had no slope (a non-positive mean).
void PercentileInterval(std::vector<double>& slopes, int resamples, double& low, double& high) {
  if (slopes.size() < static_cast<size_t>(resamples) / 2) return;
  std::sort(slopes.begin(), slopes.end());
  low = SortedQuantile(slopes, 0.025);
  high = SortedQuantile(slopes, 0.975);
}

// Slope of log(mean over the chosen replicates) on log t over the fit window; NaN if a mean is
// not positive (a log-log fit is then meaningless).
double SlopeOf(const std::vector<double>& matrix, const std::vector<int64_t>& replicate_indices,
               const std::vector<int64_t>& rounds, size_t first_checkpoint) {
  const int64_t checkpoints = static_cast<int64_t>(rounds.size());
  std::vector<double> x, y;
  for (size_t c = first_checkpoint; c < rounds.size(); ++c) {
    double sum = 0;
    for (int64_t r : replicate_indices) sum += matrix[r * checkpoints + c];
    const double mean = sum / static_cast<double>(replicate_indices.size());
    if (!(mean > 0)) return std::numeric_limits<double>::quiet_NaN();
    x.push_back(std::log(static_cast<double>(rounds[c])));
    y.push_back(std::log(mean));
  }
  return OlsSlope(x, y);
}

}  // namespace

SlopeFit LogLogSlope(const std::vector<double>& matrix, int64_t replicates,
                     const std::vector<int64_t>& rounds, uint64_t seed, int resamples) {
  SlopeFit fit;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  fit.slope = fit.low = fit.high = nan;
  if (rounds.empty() || replicates <= 0) return fit;
  const int64_t t_max = rounds.back();
  size_t first = 0;
  while (first < rounds.size() && rounds[first] * 10 < t_max) ++first;
  fit.t_min = rounds[first];
  fit.t_max = t_max;
  fit.points = static_cast<int64_t>(rounds.size() - first);
  if (fit.points < 3) return fit;
  std::vector<int64_t> all(static_cast<size_t>(replicates));
  for (int64_t r = 0; r < replicates; ++r) all[r] = r;
  fit.slope = SlopeOf(matrix, all, rounds, first);
  if (std::isnan(fit.slope) || replicates < 2) return fit;
  random::Rng rng(random::StreamKey{seed, 0, 0, random::Role::kAnalysis, 0});
  std::vector<double> slopes;
  std::vector<int64_t> sample(static_cast<size_t>(replicates));
  for (int b = 0; b < resamples; ++b) {
    for (int64_t r = 0; r < replicates; ++r) {
      sample[r] = static_cast<int64_t>(rng.UniformInt(static_cast<uint64_t>(replicates)));
    }
    const double slope = SlopeOf(matrix, sample, rounds, first);
    if (!std::isnan(slope)) slopes.push_back(slope);
  }
  PercentileInterval(slopes, resamples, fit.low, fit.high);
  return fit;
}

SweepFit SweepLogLogSlope(const std::vector<double>& x,
                          const std::vector<std::vector<double>>& samples, uint64_t seed,
                          int resamples) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  SweepFit fit{nan, nan, nan};
  if (x.size() < 3 || samples.size() != x.size()) return fit;
  std::vector<double> log_x;
  for (double value : x) log_x.push_back(std::log(value));
  auto slope_of = [&](const std::vector<double>& means) {
    std::vector<double> log_y;
    for (double mean : means) {
      if (!(mean > 0)) return nan;
      log_y.push_back(std::log(mean));
    }
    return OlsSlope(log_x, log_y);
  };
  std::vector<double> means;
  for (const auto& sample : samples) {
    if (sample.empty()) return fit;
    double sum = 0;
    for (double value : sample) sum += value;
    means.push_back(sum / static_cast<double>(sample.size()));
  }
  fit.slope = slope_of(means);
  const bool resamplable = std::all_of(samples.begin(), samples.end(),
                                       [](const std::vector<double>& s) { return s.size() > 1; });
  if (std::isnan(fit.slope) || !resamplable) return fit;
  random::Rng rng(random::StreamKey{seed, 1, 0, random::Role::kAnalysis, 0});
  std::vector<double> slopes;
  for (int b = 0; b < resamples; ++b) {
    for (size_t i = 0; i < samples.size(); ++i) {
      double sum = 0;
      for (size_t r = 0; r < samples[i].size(); ++r) {
        sum += samples[i][rng.UniformInt(samples[i].size())];
      }
      means[i] = sum / static_cast<double>(samples[i].size());
    }
    const double slope = slope_of(means);
    if (!std::isnan(slope)) slopes.push_back(slope);
  }
  PercentileInterval(slopes, resamples, fit.low, fit.high);
  return fit;
}

}  // namespace regretlab::analysis
