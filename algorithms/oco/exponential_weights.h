// Exponential weights on the simplex, shared by hedge.cc and optimistic_hedge.cc:
// x_i ∝ exp(−η (L_i − min_j L_j)) (docs/theory/conventions.md §1.5(b): subtracting the minimum
// keeps every exponent ≤ 0, and the best coordinate has weight 1, so the normaliser is ≥ 1).
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

namespace regretlab::algorithms::oco {

inline void ExponentialWeights(std::span<const double> cumulative, double eta,
                               std::span<double> x) {
  const double smallest = *std::min_element(cumulative.begin(), cumulative.end());
  double total = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = std::exp(-eta * (cumulative[i] - smallest));
    total += x[i];
  }
  for (double& v : x) v /= total;
}

}  // namespace regretlab::algorithms::oco
