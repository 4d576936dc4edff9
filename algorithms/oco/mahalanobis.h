// Small dense symmetric-positive-definite kernels for ONS (d ≤ a few dozen): Cholesky solves and
// the Mahalanobis projection onto the ℓ2 ball of docs/theory/conventions.md §1.5(e).
#pragma once

#include <cmath>
#include <span>
#include <vector>

#include "sim/core/check.h"

namespace regretlab::algorithms::oco {

// Solves (A + shift·I) x = b for symmetric positive definite A (row-major d×d) by Cholesky;
// `factor` is scratch of size d². Returns false if the matrix is not numerically positive definite.
inline bool CholeskySolve(std::span<const double> a, double shift, std::span<const double> b,
                          std::span<double> x, std::vector<double>& factor) {
  const size_t d = b.size();
  factor.assign(d * d, 0.0);
  for (size_t i = 0; i < d; ++i) {
    for (size_t j = 0; j <= i; ++j) {
      double sum = a[i * d + j] + (i == j ? shift : 0.0);
      for (size_t k = 0; k < j; ++k) sum -= factor[i * d + k] * factor[j * d + k];
      if (i == j) {
        if (!(sum > 0)) return false;
        factor[i * d + i] = std::sqrt(sum);
      } else {
        factor[i * d + j] = sum / factor[j * d + j];
      }
    }
  }
  for (size_t i = 0; i < d; ++i) {  // L z = b
    double sum = b[i];
    for (size_t k = 0; k < i; ++k) sum -= factor[i * d + k] * x[k];
    x[i] = sum / factor[i * d + i];
  }
  for (size_t i = d; i-- > 0;) {  // Lᵀ x = z
    double sum = x[i];
    for (size_t k = i + 1; k < d; ++k) sum -= factor[k * d + i] * x[k];
    x[i] = sum / factor[i * d + i];
  }
  return true;
}

// argmin_{‖x‖ ≤ R} (x − y)ᵀ A (x − y) for symmetric positive definite A
// (docs/theory/conventions.md §1.5(e)). If ‖y‖ ≤ R it is y; otherwise the KKT point
// x(ν) = (A + νI)⁻¹ A y with ‖x(ν)‖ = R, whose norm strictly decreases in ν ≥ 0; ν is found by
// bisection on [0, ν_hi] with ν_hi = trace(A)·‖y‖/R ≥ λ_max‖y‖/R, where ‖x(ν_hi)‖ ≤ R. 200 halvings
// reach the double-precision resolution of ν; the result is finally scaled onto the sphere (a
// relative correction of the order of the bisection tolerance).
inline void MahalanobisProjectOntoBall(std::span<const double> a, std::span<double> y,
                                       double radius, std::vector<double>& scratch) {
  const size_t d = y.size();
  double squared = 0;
  for (const double v : y) squared += v * v;
  if (squared <= radius * radius) return;
  std::vector<double> ay(d, 0.0), x(d);
  double trace = 0;
  for (size_t i = 0; i < d; ++i) {
    trace += a[i * d + i];
    for (size_t j = 0; j < d; ++j) ay[i] += a[i * d + j] * y[j];
  }
  auto norm_at = [&](double nu) {
    REGRETLAB_CHECK(CholeskySolve(a, nu, ay, x, scratch),
                    "the ONS matrix is not positive definite");
    double n = 0;
    for (const double v : x) n += v * v;
    return std::sqrt(n);
  };
  double low = 0, high = trace * std::sqrt(squared) / radius;
  for (int iteration = 0; iteration < 200 && high - low > 1e-15 * high; ++iteration) {
    const double middle = 0.5 * (low + high);
    (norm_at(middle) > radius ? low : high) = middle;
  }
  const double norm = norm_at(high);
  for (size_t i = 0; i < d; ++i) y[i] = norm > radius ? x[i] * radius / norm : x[i];
}

}  // namespace regretlab::algorithms::oco
