// The simplex normalisers of FTRL/OMD with barrier-type regularisers
// (docs/theory/conventions.md §1.5 (f)–(h)), shared by LB-FTRL, BROAD-OMD, Tsallis-INF and the
// per-state learners of LB-PO / EW-PO (algorithms/mdp).
//
// All three reduce to finding the root of a one-dimensional, monotone, convex function of a
// Lagrange multiplier by Newton's method started at the end of a bracket where the function is on
// the "far" side of its root: convexity then makes the Newton iterates move monotonically towards
// the root without overshoot (docs/theory/conventions.md §1.5 (f)). If round-off pushes an iterate
// out of the bracket or stops the progress, the remaining interval is bisected. At the end the
// weights are divided by their sum, so they sum to 1 to within a few ulps whatever the tolerance
// reached.
//
// Notation (paper symbol → name here):
//   L ∈ R^K   cumulative loss estimates (`cumulative_loss`), any sign, any size
//   η, η_i    learning rate(s) (`rates`: one entry = a common rate, K entries = per coordinate)
//   λ         the multiplier of the log-barrier FTRL problem (`multiplier`)
//   x         the multiplier of Tsallis-INF (also `multiplier`)
//
// Numerics. Every kernel first shifts L by its minimum (the solution is invariant to adding a
// constant to every L_i, docs/theory/conventions.md §1.5 (f)): with D_i = L_i − L_min ≥ 0 the
// multiplier lives in a bracket of size O(K/η) near 0 instead of near −L_min, so entries of ±1e6
// lose no precision to cancellation in L_i + λ. The multiplier returned is the one of the shifted
// problem (μ = λ + L_min for the log-barrier, y = x − L_min for Tsallis); the KKT residual is
// computed there.
//
// (f) Log-barrier FTRL: w = argmin_{w∈Δ} ⟨w, L⟩ + Σ_i (1/η_i) ln(1/w_i). KKT: w_i = 1/(η_i(D_i+μ))
//     with g(μ) = Σ_i w_i(μ) = 1, g strictly decreasing and convex on μ > 0. Bracket
//     μ_lo = max_i(1/η_i − D_i) (g ≥ 1: the maximiser's weight is 1), μ_hi = max_i(K/η_i − D_i)
//     (g ≤ 1: every weight ≤ 1/K). Newton from μ_lo: μ ← μ + (g − 1)/Σ_i η_i w_i².
// (g) Log-barrier OMD (Wei & Luo 2018 style): 1/w'_i = 1/w_i + η_i(ℓ̂_i + μ). Writing
//     L_i = 1/(η_i w_i) + ℓ̂_i this is exactly (f) with cumulative loss L, so (g) calls (f); its
//     bracket is the one of docs/theory/conventions.md §1.5 (g),
//     μ_lo = max_i[(1 − 1/w_i)/η_i − ℓ̂_i], μ_hi = max_i[(K − 1/w_i)/η_i − ℓ̂_i].
// (h) Tsallis-INF, α = ½ (Zimmert & Seldin 2021): w_i = 4/(η_i(D_i − y))² with y < 0, Σ w = 1.
//     The sum is increasing and convex in y. Bracket y ∈ [min_i(D_i − 2√K/η_i), min_i(D_i −
//     2/η_i)]; Newton from the right end (sum ≥ 1): y ← y − (Σw − 1)/Σ_i η_i w_i^{3/2}.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sim/core/check.h"

namespace regretlab::algorithms::bandit {

struct NormaliserResult {
  double multiplier = 0;              // μ (log-barrier) or y (Tsallis) of the shifted problem
  double shift = 0;                   // L_min, subtracted from every L_i before solving
  int newton_steps = 0;               // Newton iterations taken
  int bisection_steps = 0;            // bisection iterations of the fallback (0 in the normal case)
  double sum_before_normalising = 1;  // Σw at the final multiplier, before dividing by it
};

namespace kernels_internal {

inline constexpr double kNewtonTolerance = 1e-13;  // |Σw − 1| at which Newton stops
inline constexpr int kMaxNewtonSteps = 60;
inline constexpr int kMaxBisectionSteps = 200;

inline double RateOf(std::span<const double> rates, size_t i) {
  return rates.size() == 1 ? rates[0] : rates[i];
}

inline void CheckInputs(std::span<const double> cumulative_loss, std::span<const double> rates,
                        std::span<double> weights, const char* kernel) {
  REGRETLAB_CHECK(!cumulative_loss.empty(), kernel, ": no coordinates");
  REGRETLAB_CHECK(weights.size() == cumulative_loss.size(), kernel, ": ", weights.size(),
                  " weights for ", cumulative_loss.size(), " losses");
  REGRETLAB_CHECK(rates.size() == 1 || rates.size() == cumulative_loss.size(), kernel, ": ",
                  rates.size(), " rates for ", cumulative_loss.size(), " coordinates");
  for (const double rate : rates) {
    REGRETLAB_CHECK(rate > 0 && std::isfinite(rate), kernel, ": learning rate ", rate,
                    " is not positive and finite");
  }
  for (const double loss : cumulative_loss) {
    REGRETLAB_CHECK(std::isfinite(loss), kernel, ": cumulative loss ", loss, " is not finite");
  }
}

// Σw and the magnitude of its derivative at one multiplier value.
struct SumAndSlope {
  double sum = 0, slope = 0;
};

// Monotone Newton for Σw(z) = 1, where Σw is convex and monotone in z: `direction` = +1 when Σw
// decreases in z (log-barrier; start at `lo`, where Σw ≥ 1, and step right), −1 when it increases
// (Tsallis; start at `hi`, where Σw ≥ 1, and step left). By convexity the iterates approach the
// root monotonically without crossing it; if round-off makes a step leave the bracket, fail to
// progress or cross the root, the interval that is left is bisected. `evaluate(z)` writes the
// weights at z and returns their sum and slope. Leaves the weights normalised at the final z.
template <class Evaluate>
inline double SolveMonotoneRoot(double lo, double hi, int direction, std::span<double> weights,
                                Evaluate&& evaluate, NormaliserResult& result) {
  double z = direction > 0 ? lo : hi;
  SumAndSlope value = evaluate(z);
  double far = z;                         // Σw ≥ 1 here
  double near = direction > 0 ? hi : lo;  // Σw ≤ 1 here
  bool converged = std::abs(value.sum - 1) <= kNewtonTolerance;
  while (!converged && result.newton_steps < kMaxNewtonSteps) {
    const double next = z + direction * (value.sum - 1) / value.slope;
    ++result.newton_steps;
    const bool progress = direction > 0 ? (next > z && next <= near) : (next < z && next >= near);
    if (!progress || !std::isfinite(next)) break;
    z = next;
    value = evaluate(z);
    converged = std::abs(value.sum - 1) <= kNewtonTolerance;
    if (converged) break;
    if (value.sum < 1) {  // crossed the root: only round-off can do this
      near = z;
      break;
    }
    far = z;
  }
  if (!converged) {
    double a = std::min(far, near), b = std::max(far, near);
    for (int i = 0; i < kMaxBisectionSteps; ++i) {
      const double mid = 0.5 * (a + b);
      if (mid <= a || mid >= b) break;
      value = evaluate(mid);
      ++result.bisection_steps;
      if (std::abs(value.sum - 1) <= kNewtonTolerance) {
        a = b = mid;
        break;
      }
      // Σw ≥ 1 on the `far` side of the root.
      if ((value.sum >= 1) == (direction > 0))
        a = mid;
      else
        b = mid;
    }
    z = 0.5 * (a + b);
    value = evaluate(z);
  }
  result.multiplier = z;
  result.sum_before_normalising = value.sum;
  for (double& w : weights) w /= value.sum;
  return z;
}

}  // namespace kernels_internal

// §1.5 (f): the log-barrier FTRL distribution for cumulative losses L and rate(s) η (one rate,
// or one per coordinate). Writes w into `weights` (same length as L).
inline NormaliserResult LogBarrierFtrlWeights(std::span<const double> cumulative_loss,
                                              std::span<const double> rates,
                                              std::span<double> weights) {
  using namespace kernels_internal;
  CheckInputs(cumulative_loss, rates, weights, "log-barrier FTRL normaliser");
  NormaliserResult result;
  result.shift = *std::min_element(cumulative_loss.begin(), cumulative_loss.end());
  const double num = static_cast<double>(cumulative_loss.size());
  double lo = -std::numeric_limits<double>::infinity(), hi = lo;
  for (size_t i = 0; i < cumulative_loss.size(); ++i) {
    const double shifted = cumulative_loss[i] - result.shift;
    lo = std::max(lo, 1.0 / RateOf(rates, i) - shifted);
    hi = std::max(hi, num / RateOf(rates, i) - shifted);
  }
  auto evaluate = [&](double multiplier) {
    SumAndSlope value;
    for (size_t i = 0; i < weights.size(); ++i) {
      const double rate = RateOf(rates, i);
      const double w = 1.0 / (rate * ((cumulative_loss[i] - result.shift) + multiplier));
      weights[i] = w;
      value.sum += w;
      value.slope += rate * w * w;  // −g'(μ)
    }
    return value;
  };
  SolveMonotoneRoot(lo, hi, +1, weights, evaluate, result);
  return result;
}

// Convenience overload: one common rate η.
inline NormaliserResult LogBarrierFtrlWeights(std::span<const double> cumulative_loss, double rate,
                                              std::span<double> weights) {
  const double rates[1] = {rate};
  return LogBarrierFtrlWeights(cumulative_loss, std::span<const double>(rates, 1), weights);
}

// §1.5 (g): one log-barrier OMD step from `previous` (in the interior of the simplex) with loss
// estimate ℓ̂: 1/w'_i = 1/w_i + η_i(ℓ̂_i + μ). `scratch` must have K entries (it receives the
// equivalent cumulative losses L_i = 1/(η_i w_i) + ℓ̂_i). `next` may alias `previous`.
inline NormaliserResult LogBarrierOmdStep(std::span<const double> previous,
                                          std::span<const double> loss_estimate,
                                          std::span<const double> rates, std::span<double> next,
                                          std::span<double> scratch) {
  REGRETLAB_CHECK(previous.size() == loss_estimate.size() && scratch.size() == previous.size(),
                  "log-barrier OMD step: sizes ", previous.size(), ", ", loss_estimate.size(), ", ",
                  scratch.size());
  for (size_t i = 0; i < previous.size(); ++i) {
    REGRETLAB_CHECK(previous[i] > 0, "log-barrier OMD step: weight ", i, " is ", previous[i],
                    ", not in the interior of the simplex");
    scratch[i] = 1.0 / (kernels_internal::RateOf(rates, i) * previous[i]) + loss_estimate[i];
  }
  return LogBarrierFtrlWeights(scratch, rates, next);
}

// §1.5 (h): the Tsallis-INF (α = ½) distribution for cumulative losses L and rate(s) η_t.
inline NormaliserResult TsallisHalfWeights(std::span<const double> cumulative_loss,
                                           std::span<const double> rates,
                                           std::span<double> weights) {
  using namespace kernels_internal;
  CheckInputs(cumulative_loss, rates, weights, "Tsallis-INF normaliser");
  NormaliserResult result;
  result.shift = *std::min_element(cumulative_loss.begin(), cumulative_loss.end());
  const double root_k = std::sqrt(static_cast<double>(cumulative_loss.size()));
  double lo = std::numeric_limits<double>::infinity(), hi = lo;
  for (size_t i = 0; i < cumulative_loss.size(); ++i) {
    const double shifted = cumulative_loss[i] - result.shift;
    lo = std::min(lo, shifted - 2.0 * root_k / RateOf(rates, i));
    hi = std::min(hi, shifted - 2.0 / RateOf(rates, i));
  }
  auto evaluate = [&](double y) {
    SumAndSlope value;
    for (size_t i = 0; i < weights.size(); ++i) {
      const double rate = RateOf(rates, i);
      const double gap = rate * ((cumulative_loss[i] - result.shift) - y);  // > 0 for y < D_min
      const double w = 4.0 / (gap * gap);
      weights[i] = w;
      value.sum += w;
      value.slope += rate * w * std::sqrt(w);  // d(Σw)/dy
    }
    return value;
  };
  SolveMonotoneRoot(lo, hi, -1, weights, evaluate, result);
  return result;
}

inline NormaliserResult TsallisHalfWeights(std::span<const double> cumulative_loss, double rate,
                                           std::span<double> weights) {
  const double rates[1] = {rate};
  return TsallisHalfWeights(cumulative_loss, std::span<const double>(rates, 1), weights);
}

// Exponential weights w_i ∝ exp(−η(L_i − L_min)) (docs/theory/conventions.md §1.5 (b)), for EW-PO
// and EXP3-IX.
inline void ExponentialWeights(std::span<const double> cumulative_loss, double rate,
                               std::span<double> weights) {
  const double shift = *std::min_element(cumulative_loss.begin(), cumulative_loss.end());
  double sum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    weights[i] = std::exp(-rate * (cumulative_loss[i] - shift));
    sum += weights[i];
  }
  for (double& w : weights) w /= sum;  // sum ≥ 1: the minimiser has weight 1
}

}  // namespace regretlab::algorithms::bandit
