// The Bernoulli Kullback–Leibler divergence and the KL-UCB index (spec algorithms.md §1.5(i)).
//
//   BernoulliKl(p, q)            kl(p, q) = p ln(p/q) + (1 − p) ln((1 − p)/(1 − q))
//   KlUcbIndex(mean, n, level)   sup{q ∈ [mean, 1] : n · kl(mean, q) ≤ level}
//
// Reference: A. Garivier, O. Cappé (2011). The KL-UCB algorithm for bounded stochastic bandits and
// beyond. COLT 2011, PMLR 19:359–376 (the index is their Eq. (2) with level = ln t + c ln ln t).
//
// Boundaries. Both arguments are clamped into [0, 1] first (a running mean of rewards in [0, 1]
// can leave the interval by an ulp). kl then follows the usual conventions 0 · ln 0 = 0 and
// x · ln(x/0) = +∞ for x > 0, so kl(p, q) is finite for q in (0, 1), kl(0, 0) = kl(1, 1) = 0, and
// kl(p, 1) = +∞ for p < 1. The logarithms are taken separately, ln p − ln q and
// log1p(−p) − log1p(−q), so a subnormal q or a q within an ulp of 1 gives a large finite value
// instead of the overflow of p/q.
//
// Inversion. For fixed p in (0, 1), g(q) = kl(p, q) − level/n is convex and strictly increasing on
// [p, 1) with g(p) < 0 and g(q) → +∞ as q → 1, so the index is its unique root. Pinsker's
// inequality kl(p, q) ≥ 2 (q − p)² puts the root at or below p + sqrt(level / (2n)), where the
// iteration starts. Newton steps from a point where g > 0 move monotonically down to the root
// without overshooting (the tangent of a convex function lies below it); every step is kept
// inside the bracket [lo, hi] (g(lo) ≤ 0 < g(hi)) and replaced by a bisection step when it would
// leave it, so round-off or a start at q = 1 cannot derail the iteration. The loop stops when a
// Newton step is below 1e-13 relative (the next step would be ~1e-26) or the bracket is one ulp
// wide; the result is then within a few ulps of the root, from above, i.e. never less optimistic
// than the exact index. Closed forms: mean = 0 gives 1 − exp(−level/n); mean = 1 gives 1;
// level ≤ 0 gives mean; n = 0 gives 1 (an arm never played is maximally optimistic).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace regretlab::algorithms::bandit {

// kl(p, q) between Bernoulli(p) and Bernoulli(q), in nats; +∞ when q is 0 or 1 and p is not.
inline double BernoulliKl(double p, double q) {
  p = std::clamp(p, 0.0, 1.0);
  q = std::clamp(q, 0.0, 1.0);
  double divergence = 0.0;
  if (p > 0.0) {
    if (q <= 0.0) return std::numeric_limits<double>::infinity();
    divergence += p * (std::log(p) - std::log(q));
  }
  if (p < 1.0) {
    if (q >= 1.0) return std::numeric_limits<double>::infinity();
    divergence += (1.0 - p) * (std::log1p(-p) - std::log1p(-q));
  }
  // kl ≥ 0; the two terms can cancel to −1 ulp when q is within round-off of p.
  return divergence > 0.0 ? divergence : 0.0;
}

// sup{q ∈ [mean, 1] : count · kl(mean, q) ≤ level}. `count` is a real so that callers may pass
// pseudo-counts; count ≤ 0 means "no observation" and gives 1.
inline double KlUcbIndex(double mean, double count, double level) {
  if (!(count > 0.0)) return 1.0;
  const double p = std::clamp(mean, 0.0, 1.0);
  if (!(level > 0.0)) return p;
  if (p >= 1.0) return 1.0;
  const double per_sample = level / count;        // the root solves kl(p, q) = per_sample
  if (p <= 0.0) return -std::expm1(-per_sample);  // kl(0, q) = −ln(1 − q)

  double lo = p;                                              // g(lo) ≤ 0
  double hi = 1.0;                                            // g(hi) > 0 (+∞ at 1)
  double q = std::min(p + std::sqrt(0.5 * per_sample), 1.0);  // Pinsker: the root is ≤ this
  for (int iteration = 0; iteration < 200; ++iteration) {
    double next;
    bool newton = false;
    if (q >= 1.0) {
      next = 0.5 * (lo + hi);  // g(1) = +∞: bisect until g is finite
    } else {
      const double gap = BernoulliKl(p, q) - per_sample;
      if (gap == 0.0) return q;
      if (gap < 0.0) {
        lo = q;
      } else {
        hi = q;
      }
      // g'(q) = (q − p) / (q (1 − q)) > 0 for q > p.
      const double slope = (q - p) / (q * (1.0 - q));
      next = q - gap / slope;
      newton = true;
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
        newton = false;
      }
    }
    if (newton && std::abs(next - q) <= 1e-13 * q) return next;
    if (hi - lo <= 2.0 * std::numeric_limits<double>::epsilon() * hi) return hi;
    q = next;
  }
  return hi;
}

}  // namespace regretlab::algorithms::bandit
