// Quadratic SEA environment (docs/theory/oco.md §2.4, E-A1; the primary environment of family A,
// every quantity in closed form).
//
// Loss f(x; ξ) = ½‖x − ξ‖² with ξ_t = μ_t + s·z_t from the SEA generator (sea_environment.h:
// patterns alternating / switching / random_walk / rademacher, corruptions). Then
// F_t(x) = ½‖x − μ_t‖² + ½σ_t², ∇F_t(x) = x − μ_t, so F_t is 1-smooth and 1-strongly convex
// (L = λ = 1), σ_t² = s²·d/(d+2), Σ_t² = ‖μ_t − μ_{t−1}‖², and Σ_1² = sup_X ‖x − μ_1‖² (F_0 ≡ 0):
// (R + ‖μ_1‖)² on the ball, ‖μ_1‖² + 1 − 2 min_i μ_1i on the simplex, Σ_i (R + |μ_1i|)² on the box.
// G = sup_X ‖x‖ + sup ‖ξ‖.
//
// Comparators (exact): Σ_{s≤t} ½‖x − ξ_s‖² = (t/2)‖x − ξ̄‖² + const is an isotropic quadratic, so
// its minimiser over any closed convex X is the Euclidean projection Π_X(ξ̄)
// (docs/theory/oco.md §2.4); likewise Π_X(μ̄) for Σ F_s and Π_X(μ_t) for the dynamic comparator.
//
// Parameters: those of sea_environment.h (dimension, domain, radius, s, rho, pattern, period,
// walk_step, centre, corruptions).
#include "environments/oco/sea_environment.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::oco {
namespace {

struct QuadraticLoss {
  static constexpr double kSmoothness = 1.0;
  static constexpr double kStrongConvexity = 1.0;

  static double Sigma1Squared(const protocol::Domain& domain, std::span<const double> mean) {
    double squared = 0, smallest = mean[0], box = 0;
    for (const double m : mean) {
      squared += m * m;
      smallest = std::min(smallest, m);
      box += (domain.size() + std::fabs(m)) * (domain.size() + std::fabs(m));
    }
    switch (domain.kind()) {
      case protocol::DomainKind::kBall:
        return (domain.size() + std::sqrt(squared)) * (domain.size() + std::sqrt(squared));
      case protocol::DomainKind::kSimplex:
        return squared + 1.0 - 2.0 * smallest;
      case protocol::DomainKind::kBox:
        return box;
    }
    return 0;
  }
  static double GradientBound(const SeaPath& path) {
    return path.domain().MaxNorm() + path.MaxSampleNorm();
  }
  static double Value(std::span<const double> x, std::span<const double> xi) {
    double squared = 0;
    for (size_t i = 0; i < x.size(); ++i) squared += (x[i] - xi[i]) * (x[i] - xi[i]);
    return 0.5 * squared;
  }
  static void Gradient(std::span<const double> x, std::span<const double> xi,
                       std::span<double> gradient) {
    for (size_t i = 0; i < x.size(); ++i) gradient[i] = x[i] - xi[i];
  }
  static double NoiseOffset(double variance) { return 0.5 * variance; }
  static void Minimizer(const protocol::Domain& domain, std::span<const double> sum, double count,
                        std::span<double> u) {
    for (size_t i = 0; i < u.size(); ++i) u[i] = sum[i] / count;
    domain.Project(u);
  }
  // Σ_s ½‖u − ξ_s‖² = ½n‖u‖² − ⟨u, S⟩ + ½Q.
  static double CumulativeValue(std::span<const double> u, std::span<const double> sum,
                                long double square_sum, int64_t count) {
    long double norm = 0, inner = 0;
    for (size_t i = 0; i < u.size(); ++i) {
      norm += static_cast<long double>(u[i]) * u[i];
      inner += static_cast<long double>(u[i]) * sum[i];
    }
    return static_cast<double>(0.5L * static_cast<long double>(count) * norm - inner +
                               0.5L * square_sum);
  }
};

using QuadraticSea = SeaEnvironment<QuadraticLoss>;

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "quadratic_sea",
      "SEA quadratic losses 0.5 ||x - xi||^2, xi = c + rho a_t e_1 + s z (docs/theory/oco.md "
      "section 2.4 E-A1)",
      "Sachs, Hadiji, van Erven, Guzman (2022), arXiv 2202.07554, Def. 1-3; Chen et al. (2023), "
      "arXiv 2302.04552; canonical SEA generator of docs/theory/oco.md section 2.4 (our design "
      "[U])",
      "L = lambda = 1; sigma_t^2 = s^2 d/(d+2); Sigma_t^2 = ||mu_t - mu_{t-1}||^2; exact "
      "comparators by projection",
      SeaParams());
  spec.validate = ValidateSea;
  spec.test_params = {{"dimension", int64_t{3}}, {"s", 0.2}, {"rho", 0.1}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::OnlineConvexProtocol, QuadraticSea, Spec());

}  // namespace
}  // namespace regretlab::environments::oco
