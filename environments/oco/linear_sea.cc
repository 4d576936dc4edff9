// Linear SEA environment (docs/theory/oco.md §2.4, E-A2; L = 0, the Rakhlin–Sridharan case).
//
// Loss f(x; ξ) = ⟨ξ, x⟩ with ξ_t = μ_t + s·z_t from the SEA generator (sea_environment.h). Then
// F_t(x) = ⟨μ_t, x⟩, ∇f = ξ, σ_t² = s²·d/(d+2), Σ_t² = ‖μ_t − μ_{t−1}‖², Σ_1² = ‖μ_1‖², G = sup
// ‖ξ‖, L = λ = 0.
//
// Comparators (exact): min_X ⟨S, x⟩ is attained at −R·S/‖S‖ on the ball (any point if S = 0), at
// the vertex e_i with the smallest S_i on the simplex, at −R·sign(S) on the box.
//
// Lower-bound instance LB-Σ of docs/theory/oco.md §2.4: dimension = 1, centre = [0], s = 0,
// pattern = rademacher, rho = a (Ω(a√T) for every algorithm) is this environment with those
// parameters.
//
// Parameters: those of sea_environment.h.
#include "environments/oco/sea_environment.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::oco {
namespace {

struct LinearLoss {
  static constexpr double kSmoothness = 0.0;
  static constexpr double kStrongConvexity = 0.0;

  static double Sigma1Squared(const protocol::Domain&, std::span<const double> mean) {
    double squared = 0;
    for (const double m : mean) squared += m * m;
    return squared;
  }
  static double GradientBound(const SeaPath& path) { return path.MaxSampleNorm(); }
  static double Value(std::span<const double> x, std::span<const double> xi) {
    double inner = 0;
    for (size_t i = 0; i < x.size(); ++i) inner += x[i] * xi[i];
    return inner;
  }
  static void Gradient(std::span<const double>, std::span<const double> xi,
                       std::span<double> gradient) {
    std::copy(xi.begin(), xi.end(), gradient.begin());
  }
  static double NoiseOffset(double) { return 0.0; }
  static void Minimizer(const protocol::Domain& domain, std::span<const double> sum, double,
                        std::span<double> u) {
    switch (domain.kind()) {
      case protocol::DomainKind::kBall: {
        double squared = 0;
        for (const double v : sum) squared += v * v;
        const double scale = squared > 0 ? -domain.size() / std::sqrt(squared) : 0.0;
        for (size_t i = 0; i < u.size(); ++i) u[i] = scale * sum[i];
        return;
      }
      case protocol::DomainKind::kSimplex: {
        size_t best = 0;
        for (size_t i = 1; i < sum.size(); ++i) best = sum[i] < sum[best] ? i : best;
        std::fill(u.begin(), u.end(), 0.0);
        u[best] = 1.0;
        return;
      }
      case protocol::DomainKind::kBox:
        for (size_t i = 0; i < u.size(); ++i) {
          u[i] = sum[i] > 0 ? -domain.size() : sum[i] < 0 ? domain.size() : 0.0;
        }
        return;
    }
  }
  static double CumulativeValue(std::span<const double> u, std::span<const double> sum, long double,
                                int64_t) {
    long double inner = 0;
    for (size_t i = 0; i < u.size(); ++i) inner += static_cast<long double>(u[i]) * sum[i];
    return static_cast<double>(inner);
  }
};

using LinearSea = SeaEnvironment<LinearLoss>;

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "linear_sea",
      "SEA linear losses <xi, x>, xi = c + rho a_t e_1 + s z (docs/theory/oco.md section 2.4 E-A2)",
      "Sachs et al. (2022), arXiv 2202.07554; Rakhlin & Sridharan (2013) optimistic linear case; "
      "canonical SEA generator of docs/theory/oco.md section 2.4 (our design [U])",
      "L = 0; sigma_t^2 = s^2 d/(d+2); Sigma_t^2 = ||mu_t - mu_{t-1}||^2; exact comparators",
      SeaParams());
  spec.validate = ValidateSea;
  spec.test_params = {{"dimension", int64_t{3}}, {"s", 0.2}, {"rho", 0.1}};
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::OnlineConvexProtocol, LinearSea, Spec());

}  // namespace
}  // namespace regretlab::environments::oco
