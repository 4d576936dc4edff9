// Neumaier's compensated summation (Neumaier 1974), the one summation type of every protocol's
// accounting: the regret of a long run adds up to 10^9 small terms, or (streaming) up to 10^5
// batch terms of size up to 10^17. `T` is double everywhere except the streaming protocol, whose
// batch terms n·Δ are exact only in long double's 64-bit significand (docs/design-notes.md).
#pragma once

#include <cmath>
#include <concepts>

namespace regretlab::core {

template <std::floating_point T = double>
class CompensatedSum {
 public:
  void Add(T term) {
    const T next = sum_ + term;
    // The low-order bits lost by `next`, taken from the smaller of the two operands.
    carry_ += std::abs(sum_) >= std::abs(term) ? (sum_ - next) + term : (term - next) + sum_;
    sum_ = next;
  }
  T Value() const { return sum_ + carry_; }

 private:
  T sum_ = 0, carry_ = 0;
};

}  // namespace regretlab::core
