// The Bernoulli Kullback–Leibler divergence and the KL-UCB index
// (docs/theory/conventions.md §1.5(i)).
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
// Inversion. For fixed p in (0, 1) the index is the root of kl(p, q) = level / n on [p, 1).
// Near q = 1 the variable q itself runs out of precision (1 − q below 1e-16 is not representable
// next to 1), so the root is sought in y = −ln(1 − q) ∈ [−ln(1 − p), ∞), where
//   h(y) = kl(p, 1 − e^−y) = p (ln p − ln(1 − e^−y)) + (1 − p)(ln(1 − p) + y)
// is convex and increasing, and asymptotically linear with slope 1 − p. Newton steps from a point
// above the root therefore move monotonically down to it without overshooting (the tangent of a
// convex function lies below it), and converge in a few steps even when the index is within
// 1e-30 of 1. The start is the smaller of two upper bounds on the root: h(y) ≥ (1 − p) y − H(p)
// (H the binary entropy) and Pinsker's kl(p, q) ≥ 2 (q − p)². Every step is kept inside the
// bracket [lo, hi] (h(lo) ≤ level/n ≤ h(hi)) and replaced by a bisection step when round-off would
// take it out. The loop stops when a Newton step is below 1e-14 relative (the following one
// would be ~1e-28) or below the round-off of h itself (which limits the accuracy when the root is
// very close to p, i.e. for huge counts), or when the bracket is a few ulps wide. The result is
// then within round-off of the root and, up to that round-off, above it: never less optimistic
// than the exact index. Each step costs one expm1 and one log. Closed forms: mean = 0 gives
// 1 − exp(−level/n) (computed as −expm1); mean = 1 gives 1; level ≤ 0 gives mean; n = 0 gives 1
// (an arm never played is maximally optimistic).
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

  // In y = −ln(1 − q): h(y) = kl(p, 1 − e^−y) = p (ln p − ln(1 − e^−y)) + (1 − p)(ln(1 − p) + y).
  const double log_p = std::log(p);
  const double log_one_minus_p = std::log1p(-p);
  double lo = -log_one_minus_p;  // y at q = p: h = 0 ≤ per_sample
  // Upper bounds on the root: h(y) ≥ (1 − p) y − H(p), and Pinsker q ≤ p + sqrt(per_sample / 2).
  double hi = (per_sample - p * log_p - (1.0 - p) * log_one_minus_p) / (1.0 - p);
  const double pinsker_q = p + std::sqrt(0.5 * per_sample);
  if (pinsker_q < 1.0) hi = std::min(hi, -std::log1p(-pinsker_q));
  double y = hi;
  constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
  for (int iteration = 0; iteration < 100; ++iteration) {
    const double q = -std::expm1(-y);  // to full relative precision, also for tiny y
    const double log_q = std::log(q);
    const double gap = p * (log_p - log_q) + (1.0 - p) * (log_one_minus_p + y) - per_sample;
    if (gap == 0.0) break;
    if (gap < 0.0) {
      lo = y;
    } else {
      hi = y;
    }
    // h'(y) = (1 − p) − p (1 − q) / q: positive above the lower end of the bracket. Only its
    // relative accuracy matters, so (1 − q)/q = 1/q − 1 is good enough even for q near 1.
    const double slope = (1.0 - p) - p * (1.0 / q - 1.0);
    const double step = gap / slope;
    // Round-off in `gap` (a sum of terms of the sizes below), as a step in y.
    const double gap_noise = 4.0 * kEpsilon *
                             (p * (std::abs(log_p) + std::abs(log_q)) +
                              (1.0 - p) * (std::abs(log_one_minus_p) + y) + per_sample);
    if (slope > 0.0 && std::abs(step) <= 1e-14 * y + gap_noise / slope) {
      // Converged: the error after this step is ~step² or at the round-off level of h, and by
      // convexity y − step is not below the root (beyond round-off) from either side.
      y -= step;
      break;
    }
    if (hi - lo <= 4.0 * kEpsilon * hi) {
      y = hi;
      break;
    }
    const double next = y - step;
    y = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  return -std::expm1(-y);
}

}  // namespace regretlab::algorithms::bandit
