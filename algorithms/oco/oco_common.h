// Small pieces shared by the OCO algorithms (algorithms/oco/*.cc): vector arithmetic, the bound
// builder, and the checks of what an algorithm needs from the environment.
#pragma once

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/protocol/online_convex.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::oco {

inline double SquaredNorm(std::span<const double> v) {
  double squared = 0;
  for (const double x : v) squared += x * x;
  return squared;
}

inline double SquaredDistance(std::span<const double> a, std::span<const double> b) {
  double squared = 0;
  for (size_t i = 0; i < a.size(); ++i) squared += (a[i] - b[i]) * (a[i] - b[i]);
  return squared;
}

// ‖a − b‖_∞.
inline double SupDistance(std::span<const double> a, std::span<const double> b) {
  double largest = 0;
  for (size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::fabs(a[i] - b[i]));
  return largest;
}

// out = Π_X(base − step·direction).
inline void ProjectedStep(const protocol::Domain& domain, std::span<const double> base, double step,
                          std::span<const double> direction, std::span<double> out) {
  for (size_t i = 0; i < out.size(); ++i) out[i] = base[i] - step * direction[i];
  domain.Project(out);
}

// Why a strongly convex step cannot run here ("" when λ > 0).
inline std::string NeedsStrongConvexity(const protocol::OcoInfo& info, const std::string& what) {
  if (info.strong_convexity > 0) return "";
  return what +
         " needs strongly convex losses, but this environment's F_t is not strongly "
         "convex (lambda = 0); use a convex step";
}

inline std::string NeedsSimplex(const protocol::OcoInfo& info) {
  if (info.domain.kind() == protocol::DomainKind::kSimplex) return "";
  return std::string("it plays distributions and needs domain = \"simplex\", not \"") +
         info.domain.KindName() + "\"";
}

inline std::string NeedsGradientBound(const protocol::OcoInfo& info) {
  if (info.gradient_bound > 0 && info.domain.Diameter() > 0) return "";
  return "its step needs a positive gradient bound G and diameter D";
}

// What Hedge and optimistic Hedge need: the simplex with N ≥ 2, and G > 0 when the rate is
// derived from it (eta = 0).
inline std::string ExponentialWeightsCheck(const protocol::OcoInfo& info, double eta) {
  std::string problem = NeedsSimplex(info);
  if (problem.empty() && info.domain.dimension() < 2) problem = "it needs N >= 2 coordinates";
  if (problem.empty() && eta <= 0 && !(info.gradient_bound > 0)) problem = NeedsGradientBound(info);
  return problem;
}

// A bound of the online_convex protocol (kind upper) with the common fields filled in.
inline registry::BoundSpec OcoBound(std::string name, std::string metric,
                                    std::vector<std::string> algorithms, std::string citation,
                                    std::string formula, bool constants_checked) {
  return registry::UpperBound(std::move(name), protocol::kOnlineConvexProtocol, std::move(metric),
                              std::move(algorithms), std::move(citation), std::move(formula),
                              constants_checked);
}

}  // namespace regretlab::algorithms::oco
