// The OCO algorithms: plays stay in the domain, step sizes are non-increasing, five rounds of
// optimistic OMD by hand, bounded regret on a constant loss for the optimistic methods, OFTL's
// closed form against the KKT conditions of its objective, and the registered bounds on small
// runs.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/plan/plan.h"
#include "sim/protocol/online_convex.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "tests/algorithms/oco/oco_test_util.h"
#include "tests/support/engine_support.h"

namespace regretlab {
namespace {

using Values = std::map<std::string, core::ParamValue>;

struct Case {
  std::string algorithm;
  Values algorithm_params;
  std::string environment;
  Values environment_params;
};

std::vector<Case> AllCases() {
  const Values ball = {{"s", 0.3}, {"rho", 0.2}};
  const Values simplex = {{"domain", std::string("simplex")}, {"s", 0.3}, {"rho", 0.2}};
  const Values box = {{"domain", std::string("box")},
                      {"radius", 0.2},
                      {"s", 0.3},
                      {"rho", 0.4},
                      {"pattern", std::string("random_walk")}};
  std::vector<Case> cases;
  for (const Values* domain : {&ball, &simplex, &box}) {
    for (const char* environment : {"quadratic_sea", "linear_sea"}) {
      cases.push_back({"ogd", {}, environment, *domain});
      cases.push_back({"optimistic_omd", {}, environment, *domain});
      cases.push_back({"oftrl", {}, environment, *domain});
      cases.push_back({"oftrl", {{"regularizer", std::string("full")}}, environment, *domain});
      cases.push_back({"adagrad_norm", {}, environment, *domain});
    }
    cases.push_back({"ogd", {{"step", std::string("strongly_convex")}}, "quadratic_sea", *domain});
    cases.push_back(
        {"optimistic_omd", {{"step", std::string("strongly_convex")}}, "quadratic_sea", *domain});
    cases.push_back({"optimistic_omd",
                     {{"step", std::string("strongly_convex_safe")}},
                     "quadratic_sea",
                     *domain});
    cases.push_back({"oftl", {}, "quadratic_sea", *domain});
  }
  cases.push_back({"ons", {}, "quadratic_sea", ball});
  cases.push_back({"ons", {{"exp_concavity", 0.5}}, "linear_sea", ball});
  for (const char* environment : {"quadratic_sea", "linear_sea"}) {
    cases.push_back({"hedge", {}, environment, simplex});
    cases.push_back({"optimistic_hedge", {}, environment, simplex});
  }
  return cases;
}

TEST_CASE("OCO plays stay in the domain and steps never increase", "[oco][invariant]") {
  for (const Case& c : AllCases()) {
    INFO(c.algorithm << " on " << c.environment);
    auto environment = oco_test::MakeEnvironment(c.environment, c.environment_params, 400);
    auto learner = oco_test::Make<protocol::OcoLearner>(c.algorithm, c.algorithm_params);
    const protocol::OcoInfo info = environment->Info();
    REQUIRE(learner->Check(info).empty());
    learner->Reset(info);
    std::vector<double> x(static_cast<size_t>(info.domain.dimension())), gradient(x.size());
    double previous_step = std::numeric_limits<double>::infinity();
    for (int t = 1; t <= 400; ++t) {
      learner->Play(x);
      REQUIRE(info.domain.Violation(x) <= 1e-12);
      environment->NextRound();
      environment->Gradient(x, gradient);
      learner->Observe(gradient);
      const double step = learner->StepSize();
      if (std::isnan(step)) continue;  // AdaGrad-norm before a non-zero gradient; OFTL at t = 1
      REQUIRE(step > 0);
      REQUIRE(step <= previous_step * (1 + 1e-15));
      previous_step = step;
    }
  }
}

// docs/theory/oco.md §2.5: η_t ≤ D/√(δ + 4G²) for A1.
TEST_CASE("optimistic OMD's adaptive step is capped by D over sqrt(delta + 4 G^2)",
          "[oco][invariant]") {
  auto environment = oco_test::MakeEnvironment("quadratic_sea", {{"s", 0.4}, {"rho", 0.1}}, 200);
  auto learner = oco_test::Make<protocol::OcoLearner>("optimistic_omd");
  const protocol::OcoInfo info = environment->Info();
  learner->Reset(info);
  const double g = info.gradient_bound;
  const double cap = info.domain.Diameter() / std::sqrt(g * g + 4 * g * g);
  std::vector<double> x(10), gradient(10);
  for (int t = 0; t < 200; ++t) {
    learner->Play(x);
    CHECK(learner->StepSize() <= cap * (1 + 1e-15));
    environment->NextRound();
    environment->Gradient(x, gradient);
    learner->Observe(gradient);
  }
}

// Five rounds of A1 by hand (docs/theory/oco.md §2.5 golden test): d = 1, X = [−10, 10] (D = 20),
// G = 1, δ = G² = 1, gradients 0.1, −0.2, 0.05, 0.05, −0.1 fed directly (the iterates never reach
// ±10: unconstrained). η_t = 20/√(5 + V_t), x_t = x̂_t − η_t M_t, x̂_{t+1} = x̂_t − η_t g_t.
TEST_CASE("five rounds of optimistic OMD match the hand computation", "[oco][closed_form]") {
  auto learner = oco_test::Make<protocol::OcoLearner>("optimistic_omd");
  protocol::OcoInfo info;
  info.domain = protocol::Domain::Ball(1, 10.0);
  info.horizon = 5;
  info.gradient_bound = 1.0;
  learner->Reset(info);
  const double gradients[5] = {0.1, -0.2, 0.05, 0.05, -0.1};
  // V_t: 0; 0.1²; + 0.3²; + 0.25²; + 0 (g_4 = M_4 = 0.05).
  const double eta1 = 20 / std::sqrt(5.0), eta2 = 20 / std::sqrt(5.01), eta3 = 20 / std::sqrt(5.1),
               eta4 = 20 / std::sqrt(5.1625), eta5 = eta4;
  // x̂_2 = −0.1η1; x̂_3 = x̂_2 + 0.2η2; x̂_4 = x̂_3 − 0.05η3; x̂_5 = x̂_4 − 0.05η4.
  const double hat2 = -0.1 * eta1, hat3 = hat2 + 0.2 * eta2, hat4 = hat3 - 0.05 * eta3,
               hat5 = hat4 - 0.05 * eta4;
  const double expected_x[5] = {0.0, hat2 - 0.1 * eta2, hat3 + 0.2 * eta3, hat4 - 0.05 * eta4,
                                hat5 - 0.05 * eta5};
  const double expected_eta[5] = {eta1, eta2, eta3, eta4, eta5};
  std::vector<double> x(1);
  for (int t = 0; t < 5; ++t) {
    learner->Play(x);
    CHECK(x[0] == Approx(expected_x[t]).margin(1e-13));
    CHECK(learner->StepSize() == Approx(expected_eta[t]).epsilon(1e-15));
    learner->Observe(std::span<const double>(&gradients[t], 1));
  }
  CHECK(expected_x[1] == Approx(-1.78796129421746).epsilon(1e-12));  // printed to 15 digits
}

// docs/theory/oco.md §2.5: a constant quadratic loss (s = ρ = 0) gives bounded regret for the
// optimistic methods: R(10^5) − R(10^4) ≤ 1e-3·R(10^4) + 1e-9; likewise a constant linear loss on
// the simplex for optimistic Hedge.
TEST_CASE("optimistic methods have bounded regret on a constant loss", "[oco][theory]") {
  struct Constant {
    const char* algorithm;
    const char* environment;
    Values environment_params;
  };
  const Values quadratic = {};
  const Values simplex = {{"domain", std::string("simplex")},
                          {"centre", std::vector<double>{0.5, 0.2, 0.9, 0.4, 0.7}},
                          {"dimension", int64_t{5}}};
  for (const Constant& c :
       {Constant{"optimistic_omd", "quadratic_sea", quadratic},
        Constant{"oftrl", "quadratic_sea", quadratic}, Constant{"oftl", "quadratic_sea", quadratic},
        Constant{"optimistic_hedge", "linear_sea", simplex}}) {
    INFO(c.algorithm);
    auto environment = oco_test::MakeEnvironment(c.environment, c.environment_params, 100000);
    auto learner = oco_test::Make<protocol::OcoLearner>(c.algorithm);
    std::vector<double> realized(2);
    const std::vector<int64_t> checkpoints = {10000, 100000};
    protocol::CheckpointWriter<protocol::OnlineConvexProtocol> writer(checkpoints);
    writer.Record(protocol::OnlineConvexProtocol::Metric::kRealizedRegret, realized.data());
    protocol::RunOcoReplicate(*learner, *environment, &writer);
    CHECK(realized[0] > 0);
    CHECK(realized[1] - realized[0] <= 1e-3 * realized[0] + 1e-9);
  }
}

// OFTL's play is the minimiser of Φ(x) = Σ_{s<t} ℓ_s(x) + ⟨M_t, x⟩ over the ball, checked by the
// KKT conditions of Φ, which do not use the closed form: ∇Φ(x) = µ(t−1)x − (µΣx_s − Σg_s − M_t)
// is 0 inside the ball and −κx with κ ≥ 0 on its boundary; and Φ(x) ≤ Φ at random points.
TEST_CASE("OFTL's closed form solves its strongly convex objective", "[oco][closed_form]") {
  const double mu = 0.7;
  auto learner = oco_test::Make<protocol::OcoLearner>("oftl", {{"strong_convexity", mu}});
  protocol::OcoInfo info;
  info.domain = protocol::Domain::Ball(3, 1.0);
  info.horizon = 40;
  info.gradient_bound = 3.0;
  learner->Reset(info);
  random::Rng rng({9, 9, 9, random::Role::kEnvironment, 0});
  std::vector<std::vector<double>> plays, gradients;
  std::vector<double> x(3), hint(3, 0.0);
  int boundary = 0, interior = 0;
  for (int t = 1; t <= 40; ++t) {
    learner->Play(x);
    if (t >= 2) {
      auto phi = [&](const std::vector<double>& y) {
        double value = 0;
        for (size_t s = 0; s < plays.size(); ++s) {
          for (int i = 0; i < 3; ++i) {
            value += gradients[s][i] * (y[i] - plays[s][i]) +
                     0.5 * mu * (y[i] - plays[s][i]) * (y[i] - plays[s][i]);
          }
        }
        for (int i = 0; i < 3; ++i) value += hint[i] * y[i];
        return value;
      };
      std::vector<double> grad_phi(3, 0.0);
      for (int i = 0; i < 3; ++i) {
        grad_phi[i] = hint[i];
        for (size_t s = 0; s < plays.size(); ++s) {
          grad_phi[i] += gradients[s][i] + mu * (x[i] - plays[s][i]);
        }
      }
      const double norm = std::sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
      if (norm < 1 - 1e-12) {
        ++interior;
        for (double v : grad_phi) CHECK(std::fabs(v) <= 1e-10);
      } else {
        ++boundary;
        // ∇Φ = −κ x: the component orthogonal to x vanishes and κ = −⟨∇Φ, x⟩/‖x‖² ≥ 0.
        const double kappa =
            -(grad_phi[0] * x[0] + grad_phi[1] * x[1] + grad_phi[2] * x[2]) / (norm * norm);
        CHECK(kappa >= -1e-10);
        for (int i = 0; i < 3; ++i) CHECK(std::fabs(grad_phi[i] + kappa * x[i]) <= 1e-9);
      }
      const double best = phi(x);
      for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> y(3);
        for (double& v : y) v = random::SampleNormal(rng, 0.0, 1.0);
        info.domain.Project(y);
        CHECK(phi(y) >= best - 1e-10);
      }
    }
    // Gradients of a drifting quadratic, sometimes far outside the ball: both KKT cases occur.
    std::vector<double> gradient(3);
    for (int i = 0; i < 3; ++i)
      gradient[i] = x[i] - (t % 7 < 3 ? 2.5 : 0.1) * (i == t % 3 ? 1 : 0) +
                    random::SampleNormal(rng, 0.0, 0.2);
    plays.push_back(x);
    gradients.push_back(gradient);
    hint = gradient;
    learner->Observe(gradient);
  }
  CHECK(boundary > 0);
  CHECK(interior > 0);
}

// The registered bounds on a small engine run: every bound of every cell is finite where it
// applies, and the classical (checked-form) bounds hold on every replicate mean with margin.
TEST_CASE("OCO cells run in the engine and respect the classical bounds", "[oco][theory]") {
  const std::string spec = R"(name = "oco_small"
seed = 3
horizon = 2000
replicates = 4
checkpoints = { kind = "geometric", count = 8 }
metrics = ["realized_regret", "pseudo_regret", "linearized_regret", "dynamic_regret", "path_length"]
[[environments]]
name = "quadratic_sea"
s = 0.2
rho = 0.3
[[algorithms]]
name = "ogd"
[[algorithms]]
name = "ogd"
step = "strongly_convex"
[[algorithms]]
name = "adagrad_norm"
[[algorithms]]
name = "optimistic_omd"
[[algorithms]]
name = "oftrl"
[[algorithms]]
name = "oftl"
[[algorithms]]
name = "ons"
)";
  const plan::Plan plan = plan::ParsePlan(spec, "oco_small.toml");
  const auto results = test_support::RunAllUnits(plan, 1);
  int checked = 0;
  for (const auto& result : results) {
    REQUIRE(result.error.empty());
    const plan::CellPlan& cell = plan.cells[result.cell_index];
    for (size_t b = 0; b < result.bound_names.size(); ++b) {
      const std::string& name = result.bound_names[b];
      const registry::BoundSpec* bound = registry::Registry::Get().FindBound(name);
      const auto& metric = result.metrics[static_cast<size_t>(result.MetricIndex(bound->metric))];
      for (size_t k = 0; k < result.bounds[b].size(); ++k) {
        INFO(cell.algorithm.canonical << " " << name);
        if (std::isnan(result.bounds[b][k])) continue;
        REQUIRE(std::isfinite(result.bounds[b][k]));
        if (name == "ogd_convex_hazan" || name == "ogd_strongly_convex_hazan" ||
            name == "adagrad_norm_orabona" || name == "oftl_sachs2022" || name == "ons_hazan" ||
            name == "oftrl_sachs2022") {
          CHECK(metric[k] <= result.bounds[b][k]);
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 0);
}

}  // namespace
}  // namespace regretlab

namespace regretlab {
namespace {

// docs/theory/oco.md §2.5: on slow drift (s = 0, a clipped random walk with small steps) optimistic
// OMD's regret is at most OGD's. Paired by replicate (same losses): the mean paired difference plus
// its 95% half-width is ≤ 0.
TEST_CASE("optimistic OMD beats OGD on slow drift, paired by replicate", "[oco][theory]") {
  const int replicates = 20;
  double sum = 0, squares = 0;
  for (int r = 0; r < replicates; ++r) {
    double finals[2];
    int k = 0;
    for (const char* algorithm : {"optimistic_omd", "ogd"}) {
      auto environment = oco_test::MakeEnvironment(
          "quadratic_sea",
          {{"rho", 0.5}, {"pattern", std::string("random_walk")}, {"walk_step", 0.02}}, 20000,
          static_cast<uint64_t>(r));
      auto learner = oco_test::Make<protocol::OcoLearner>(algorithm);
      finals[k++] = protocol::RunOcoReplicate(*learner, *environment, {}).pseudo_regret;
    }
    sum += finals[0] - finals[1];
    squares += (finals[0] - finals[1]) * (finals[0] - finals[1]);
  }
  const double n = replicates, mean = sum / n;
  const double half_width = 1.96 * std::sqrt((squares / n - mean * mean) / (n - 1));
  INFO("mean paired difference " << mean << " +- " << half_width);
  CHECK(mean + half_width <= 0.0);
}

}  // namespace
}  // namespace regretlab

#include "algorithms/oco/mahalanobis.h"

namespace regretlab {
namespace {

// docs/theory/conventions.md §1.5(e): the Mahalanobis projection onto the ball satisfies its KKT
// conditions A(x − y) = −νx, ν ≥ 0, ‖x‖ = R when y is outside, reduces to the Euclidean projection
// for A = I, and no random point of the ball has a smaller objective.
TEST_CASE("Mahalanobis projection onto the ball solves its problem", "[oco][closed_form]") {
  random::Rng rng({4, 4, 4, random::Role::kEnvironment, 0});
  std::vector<double> scratch;
  const size_t d = 4;
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<double> b(d * d), a(d * d, 0.0), y(d);
    for (double& v : b) v = random::SampleNormal(rng, 0.0, 1.0);
    for (size_t i = 0; i < d; ++i) {  // A = BBᵀ + 0.1 I
      for (size_t j = 0; j < d; ++j) {
        for (size_t k = 0; k < d; ++k) a[i * d + j] += b[i * d + k] * b[j * d + k];
      }
      a[i * d + i] += 0.1;
    }
    for (double& v : y) v = random::SampleNormal(rng, 0.0, 2.0);
    std::vector<double> x = y;
    algorithms::oco::MahalanobisProjectOntoBall(a, x, 1.0, scratch);
    auto objective = [&](const std::vector<double>& z) {
      double value = 0;
      for (size_t i = 0; i < d; ++i) {
        for (size_t j = 0; j < d; ++j) value += (z[i] - y[i]) * a[i * d + j] * (z[j] - y[j]);
      }
      return value;
    };
    double norm = 0, y_norm = 0;
    for (size_t i = 0; i < d; ++i) {
      norm += x[i] * x[i];
      y_norm += y[i] * y[i];
    }
    if (y_norm <= 1) {
      CHECK(x == y);
      continue;
    }
    CHECK(std::sqrt(norm) == Approx(1.0).epsilon(1e-12));
    std::vector<double> residual(d, 0.0);  // A(x − y) = −νx
    for (size_t i = 0; i < d; ++i) {
      for (size_t j = 0; j < d; ++j) residual[i] += a[i * d + j] * (x[j] - y[j]);
    }
    double nu = 0;
    for (size_t i = 0; i < d; ++i) nu -= residual[i] * x[i];
    CHECK(nu >= 0);
    for (size_t i = 0; i < d; ++i) CHECK(std::fabs(residual[i] + nu * x[i]) <= 1e-8 * (1 + nu));
    const double best = objective(x);
    for (int k = 0; k < 100; ++k) {
      std::vector<double> z(d);
      for (double& v : z) v = random::SampleNormal(rng, 0.0, 1.0);
      models::ProjectOntoBall(z, 1.0);
      CHECK(objective(z) >= best - 1e-9);
    }
    std::vector<double> identity(d * d, 0.0), euclidean = y, mahalanobis = y;
    for (size_t i = 0; i < d; ++i) identity[i * d + i] = 1.0;
    models::ProjectOntoBall(euclidean, 1.0);
    algorithms::oco::MahalanobisProjectOntoBall(identity, mahalanobis, 1.0, scratch);
    for (size_t i = 0; i < d; ++i) CHECK(mahalanobis[i] == Approx(euclidean[i]).margin(1e-12));
  }
}

}  // namespace
}  // namespace regretlab

namespace regretlab {
namespace {

// docs/theory/oco.md §2.5: a constant linear loss ⟨c, x⟩ (s = ρ = 0, c = 0.3e_2) drives optimistic
// OMD to the boundary minimiser −e_2 in O(1) rounds: η_1 = D/√(δ + 4G²) = 2/√(5·0.09) ≈ 2.98, so
// x̂_2 = Π(−2.98·0.3e_2) = −e_2 and x_t = −e_2 from t = 2 on (the hint is c too).
TEST_CASE("a constant linear loss sends optimistic OMD to the boundary minimiser at once",
          "[oco][closed_form]") {
  auto environment = oco_test::MakeEnvironment("linear_sea", {}, 50);
  auto learner = oco_test::Make<protocol::OcoLearner>("optimistic_omd");
  learner->Reset(environment->Info());
  std::vector<double> x(10), gradient(10);
  for (int t = 1; t <= 50; ++t) {
    learner->Play(x);
    if (t >= 2) {
      for (int i = 0; i < 10; ++i) CHECK(x[i] == Approx(i == 1 ? -1.0 : 0.0).margin(1e-12));
    }
    environment->NextRound();
    environment->Gradient(x, gradient);
    learner->Observe(gradient);
  }
}

}  // namespace
}  // namespace regretlab
