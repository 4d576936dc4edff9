// Exact projections and domain geometry (convex_domain.h).
#include "sim/models/convex_domain.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "sim/core/check.h"
#include "sim/core/error.h"

namespace regretlab::models {

void ProjectOntoBall(std::span<double> y, double radius) {
  double squared = 0;
  for (const double v : y) squared += v * v;
  if (squared <= radius * radius) return;
  const double scale = radius / std::sqrt(squared);
  for (double& v : y) v *= scale;
}

void ProjectOntoSimplex(std::span<double> y, std::vector<double>& scratch) {
  // docs/theory/conventions.md §1.5(c): u = y sorted decreasingly; ρ = max{j : u_j − (Σ_{r≤j} u_r −
  // 1)/j > 0}; θ = (Σ_{r≤ρ} u_r − 1)/ρ; x = max(y − θ, 0). j = 1 always qualifies, so ρ ≥ 1.
  scratch.assign(y.begin(), y.end());
  std::sort(scratch.begin(), scratch.end(), std::greater<double>());
  double prefix = 0, theta = 0;
  for (size_t j = 0; j < scratch.size(); ++j) {
    prefix += scratch[j];
    const double candidate = (prefix - 1.0) / static_cast<double>(j + 1);
    if (scratch[j] - candidate > 0) theta = candidate;
  }
  for (double& v : y) v = std::max(v - theta, 0.0);
}

Domain Domain::Ball(int64_t dimension, double radius) {
  Domain domain;
  domain.kind_ = DomainKind::kBall;
  domain.dimension_ = dimension;
  domain.size_ = radius;
  return domain;
}

Domain Domain::Simplex(int64_t dimension) {
  Domain domain;
  domain.kind_ = DomainKind::kSimplex;
  domain.dimension_ = dimension;
  domain.size_ = 1.0;
  return domain;
}

Domain Domain::Box(int64_t dimension, double half_width) {
  Domain domain = Ball(dimension, half_width);
  domain.kind_ = DomainKind::kBox;
  return domain;
}

std::string Domain::Check(const std::string& kind, int64_t dimension, double size) {
  if (kind != "ball" && kind != "simplex" && kind != "box") {
    return "unknown domain '" + kind + "'; valid: ball, simplex, box";
  }
  if (dimension < 1) return "the dimension must be >= 1, got " + std::to_string(dimension);
  if (kind != "simplex" && !(size > 0)) {
    return "the " + kind + (kind == "ball" ? " radius" : " half-width") + " must be > 0, got " +
           std::to_string(size);
  }
  return "";
}

Domain Domain::Make(const std::string& kind, int64_t dimension, double size) {
  const std::string problem = Check(kind, dimension, size);
  if (!problem.empty()) throw core::InvariantError(problem);
  if (kind == "simplex") return Simplex(dimension);
  if (kind == "box") return Box(dimension, size);
  return Ball(dimension, size);
}

const char* Domain::KindName() const {
  switch (kind_) {
    case DomainKind::kBall:
      return "ball";
    case DomainKind::kSimplex:
      return "simplex";
    case DomainKind::kBox:
      return "box";
  }
  return "?";
}

double Domain::Diameter() const {
  const double d = static_cast<double>(dimension_);
  switch (kind_) {
    case DomainKind::kBall:
      return 2 * size_;
    case DomainKind::kSimplex:
      return dimension_ >= 2 ? std::sqrt(2.0) : 0.0;
    case DomainKind::kBox:
      return 2 * size_ * std::sqrt(d);
  }
  return 0;
}

double Domain::MaxNorm() const {
  switch (kind_) {
    case DomainKind::kBall:
      return size_;
    case DomainKind::kSimplex:
      return 1.0;
    case DomainKind::kBox:
      return size_ * std::sqrt(static_cast<double>(dimension_));
  }
  return 0;
}

void Domain::Centre(std::span<double> x) const {
  const double value = kind_ == DomainKind::kSimplex ? 1.0 / static_cast<double>(x.size()) : 0.0;
  std::fill(x.begin(), x.end(), value);
}

void Domain::Project(std::span<double> y) const {
  switch (kind_) {
    case DomainKind::kBall:
      ProjectOntoBall(y, size_);
      return;
    case DomainKind::kSimplex:
      ProjectOntoSimplex(y, scratch_);
      return;
    case DomainKind::kBox:
      for (double& v : y) v = std::clamp(v, -size_, size_);
      return;
  }
}

double Domain::Violation(std::span<const double> x) const {
  double violation = 0;
  switch (kind_) {
    case DomainKind::kBall: {
      double squared = 0;
      for (const double v : x) squared += v * v;
      return std::max(0.0, std::sqrt(squared) - size_);
    }
    case DomainKind::kSimplex: {
      double sum = 0;
      for (const double v : x) {
        sum += v;
        violation = std::max(violation, -v);
      }
      return std::max(violation, std::fabs(sum - 1.0));
    }
    case DomainKind::kBox:
      for (const double v : x) violation = std::max(violation, std::fabs(v) - size_);
      return std::max(violation, 0.0);
  }
  return violation;
}

}  // namespace regretlab::models
