// Exploration distributions of the regression-oracle reductions (docs/theory/contextual.md §5.2)
// and the helpers the contextual algorithms share.
//
// Inverse gap weighting (Foster & Rakhlin 2020, "Beyond UCB", ICML, Algorithm 1 (SquareCB)):
// with b = argmin_a ŷ_a (the lowest index on ties),
//   p(a) = 1 / (K + γ(ŷ_a − ŷ_b))  for a ≠ b,     p(b) = 1 − Σ_{a≠b} p(a).
// FastCB weighting (Foster & Krishnamurthy 2021, "Efficient first-order contextual bandits",
// NeurIPS; as recalled, docs/theory/contextual.md §5.2 [R]): predictions clamped to [ε, 1 − ε],
// ε = 1e-6, then
//   p(a) = ŷ_b / (K ŷ_b + γ(ŷ_a − ŷ_b))  for a ≠ b,  p(b) = 1 − Σ_{a≠b} p(a).
// Both give p(a) ≤ 1/K for a ≠ b (the gap is ≥ 0), hence p(b) ≥ 1/K; p(a) is non-increasing in
// its gap; γ = 0 gives the uniform distribution and γ → ∞ the greedy one
// (docs/theory/contextual.md §5.8).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace regretlab::algorithms::contextual {

inline constexpr double kFastCbClamp = 1e-6;

// Index of the smallest prediction (the lowest index among ties).
inline int64_t ArgMin(std::span<const double> values) {
  return static_cast<int64_t>(std::min_element(values.begin(), values.end()) - values.begin());
}

// p(b) = 1 − Σ_{a≠b} p(a), summed in index order.
inline void CompleteLeader(int64_t leader, std::span<double> probabilities) {
  double others = 0;
  for (size_t a = 0; a < probabilities.size(); ++a) {
    if (static_cast<int64_t>(a) != leader) others += probabilities[a];
  }
  probabilities[static_cast<size_t>(leader)] = 1.0 - others;
}

inline void InverseGapWeighting(std::span<const double> predictions, double gamma,
                                std::span<double> probabilities) {
  const int64_t leader = ArgMin(predictions);
  const double k = static_cast<double>(predictions.size());
  for (size_t a = 0; a < predictions.size(); ++a) {
    probabilities[a] = 1.0 / (k + gamma * (predictions[a] - predictions[leader]));
  }
  CompleteLeader(leader, probabilities);
}

inline void FastCbWeighting(std::span<const double> predictions, double gamma,
                            std::span<double> probabilities) {
  const int64_t leader = ArgMin(predictions);
  const double k = static_cast<double>(predictions.size());
  auto clamp = [](double y) { return std::clamp(y, kFastCbClamp, 1.0 - kFastCbClamp); };
  const double best = clamp(predictions[static_cast<size_t>(leader)]);
  for (size_t a = 0; a < predictions.size(); ++a) {
    probabilities[a] = best / (k * best + gamma * (clamp(predictions[a]) - best));
  }
  CompleteLeader(leader, probabilities);
}

inline double Sigmoid(double z) {
  return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

}  // namespace regretlab::algorithms::contextual
