// Statistics used to compare simulated regret with theory (docs/theory/conventions.md §1.4; DESIGN
// §6).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace regretlab::analysis {

// Normal quantile for a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double estimate = 0, low = 0, high = 0;
};

// Mean over replicates at one checkpoint with a normal 95% interval (mean ± z·SE); the interval
// is NaN with fewer than 2 replicates.
Interval MeanInterval(const std::vector<double>& matrix, int64_t replicates, int64_t checkpoints,
                      int64_t checkpoint);

// Ordinary least squares slope of y on x.
double OlsSlope(const std::vector<double>& x, const std::vector<double>& y);

struct SlopeFit {
  double slope = 0, low = 0, high = 0;  // NaN when there are too few usable points
  int64_t t_min = 0, t_max = 0;
  int64_t points = 0;
};

// Log–log slope of the mean curve over the checkpoints with t >= t_max / 10 (the last decade),
// with a 95% percentile-bootstrap interval over replicates (`resamples` resamples drawn from a
// Philox stream keyed by `seed`, so the interval is reproducible).
SlopeFit LogLogSlope(const std::vector<double>& matrix, int64_t replicates,
                     const std::vector<int64_t>& rounds, uint64_t seed, int resamples = 400);

// Exponent b of y ≈ a·x^b across a sweep (e.g. final regret against the horizon T): OLS of
// log(mean of samples[i]) on log(x[i]), with a 95% percentile-bootstrap interval that resamples
// the replicates of each point independently (the points are independent runs). NaN when a mean
// is not positive or there are fewer than 3 points; the interval is NaN when a point has fewer
// than 2 replicates.
struct SweepFit {
  double slope = 0, low = 0, high = 0;
};
SweepFit SweepLogLogSlope(const std::vector<double>& x,
                          const std::vector<std::vector<double>>& samples, uint64_t seed,
                          int resamples = 400);

}  // namespace regretlab::analysis
