// Convex decision sets with exact Euclidean projections: the ℓ2 ball, the probability simplex and
// the box (docs/theory/conventions.md §1.5). Shared mathematics of the online_convex protocol,
// its environments and its learners; it knows no protocol.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace regretlab::models {

// ---- Exact Euclidean projections (docs/theory/conventions.md §1.5 (c), (d)). ----

// Onto the ℓ2 ball of radius `radius` centred at 0: y · min(1, R/‖y‖).
void ProjectOntoBall(std::span<double> y, double radius);
// Onto the probability simplex, sort-based, O(d log d) (Duchi et al. 2008;
// docs/theory/conventions.md §1.5(c)). `scratch` is resized to y.size().
void ProjectOntoSimplex(std::span<double> y, std::vector<double>& scratch);

enum class DomainKind { kBall, kSimplex, kBox };

// A closed convex decision set with its exact projection. Holds a scratch buffer (the simplex
// sort), so each learner and environment owns its own copy.
class Domain {
 public:
  Domain() = default;
  static Domain Ball(int64_t dimension, double radius);
  static Domain Simplex(int64_t dimension);
  static Domain Box(int64_t dimension, double half_width);  // [−w, w]^d
  // "ball", "simplex", "box" with `size` the radius / half-width (ignored for the simplex).
  // Returns an empty string when valid, else what is wrong (for ConfigErrors).
  static std::string Check(const std::string& kind, int64_t dimension, double size);
  static Domain Make(const std::string& kind, int64_t dimension, double size);

  DomainKind kind() const { return kind_; }
  const char* KindName() const;
  int64_t dimension() const { return dimension_; }
  double size() const { return size_; }
  // D = sup ‖x − y‖: 2R (ball), √2 (simplex, d ≥ 2; 0 for d = 1), 2w√d (box).
  double Diameter() const;
  // sup ‖x‖ over X: R, 1, w√d.
  double MaxNorm() const;
  // A canonical interior/centre point: 0, the uniform vector, 0.
  void Centre(std::span<double> x) const;
  // Euclidean projection in place (exact up to rounding).
  void Project(std::span<double> y) const;
  // Distance-like violation: max(0, ‖x‖ − R), the simplex's max(|Σx − 1|, max(−x_i)), or the box's
  // largest excess over w.
  double Violation(std::span<const double> x) const;

 private:
  DomainKind kind_ = DomainKind::kBall;
  int64_t dimension_ = 0;
  double size_ = 1.0;
  mutable std::vector<double> scratch_;
};

// What the learner is told before round 1.

}  // namespace regretlab::models
