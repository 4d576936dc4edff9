// The online_convex protocol: exact projections (idempotent, non-expansive, hand values), the
// regret accounting against a hand-checked comparator, and the bad inputs rejected when the spec
// is read.
#include "sim/protocol/online_convex.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "tests/algorithms/oco/oco_test_util.h"

namespace regretlab {
namespace {

using protocol::Domain;

double Distance(const std::vector<double>& a, const std::vector<double>& b) {
  double squared = 0;
  for (size_t i = 0; i < a.size(); ++i) squared += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(squared);
}

TEST_CASE("simplex projection matches hand values", "[oco][closed_form]") {
  std::vector<double> scratch;
  std::vector<double> y = {0.5, 0.5, 0.5};  // θ = (1.5 − 1)/3: the uniform point
  models::ProjectOntoSimplex(y, scratch);
  for (double v : y) CHECK(v == Approx(1.0 / 3).margin(1e-15));
  y = {2.0, 0.0};  // θ = (2 − 1)/1 = 1 with ρ = 1: (1, 0)
  models::ProjectOntoSimplex(y, scratch);
  CHECK(y[0] == Approx(1.0));
  CHECK(y[1] == 0.0);
  y = {0.6, 0.3, -0.5};  // ρ = 2: θ = (0.9 − 1)/2 = −0.05 → (0.65, 0.35, 0)
  models::ProjectOntoSimplex(y, scratch);
  CHECK(y[0] == Approx(0.65).margin(1e-15));
  CHECK(y[1] == Approx(0.35).margin(1e-15));
  CHECK(y[2] == 0.0);
  std::vector<double> ball = {3.0, 4.0};
  models::ProjectOntoBall(ball, 1.0);
  CHECK(ball[0] == Approx(0.6));
  CHECK(ball[1] == Approx(0.8));
}

TEST_CASE("projections are idempotent and non-expansive", "[oco][invariant]") {
  random::Rng rng({5, 6, 7, random::Role::kEnvironment, 0});
  for (const Domain& domain : {Domain::Ball(7, 1.5), Domain::Simplex(7), Domain::Box(7, 0.5),
                               Domain::Simplex(2), Domain::Ball(1, 2.0)}) {
    const size_t d = static_cast<size_t>(domain.dimension());
    for (int trial = 0; trial < 500; ++trial) {
      std::vector<double> a(d), b(d);
      for (size_t i = 0; i < d; ++i) {
        a[i] = random::SampleNormal(rng, 0.0, 2.0);
        b[i] = random::SampleNormal(rng, 0.0, 2.0);
      }
      const double before = Distance(a, b);
      domain.Project(a);
      domain.Project(b);
      CHECK(domain.Violation(a) <= 1e-12);
      CHECK(Distance(a, b) <= before + 1e-12);  // non-expansive
      std::vector<double> again = a;
      domain.Project(again);
      CHECK(Distance(again, a) <= 1e-14);  // idempotent
    }
  }
}

TEST_CASE("domains report their diameter, centre and validity", "[oco][closed_form]") {
  CHECK(Domain::Ball(10, 1.0).Diameter() == 2.0);
  CHECK(Domain::Simplex(10).Diameter() == Approx(std::sqrt(2.0)));
  CHECK(Domain::Box(4, 0.5).Diameter() == Approx(2.0));
  std::vector<double> centre(4);
  Domain::Simplex(4).Centre(centre);
  CHECK(centre[2] == 0.25);
  CHECK(Domain::Check("ball", 3, 0.0).find("radius must be > 0") != std::string::npos);
  CHECK(Domain::Check("disc", 3, 1.0).find("valid: ball, simplex, box") != std::string::npos);
  CHECK(Domain::Check("simplex", 3, 0.0).empty());
}

// A small linear instance done by hand: d = 1, domain [−1, 1], s = 0, alternating ρ around c = 0
// (centre [0]): ξ_t = ρ(−1)^t, so the best fixed point in hindsight after an even number of rounds
// has loss 0, and OGD's realized regret is Σ ξ_t x_t.
TEST_CASE("realized regret equals the hand computation on a linear instance",
          "[oco][closed_form]") {
  auto environment = oco_test::MakeEnvironment(
      "linear_sea", {{"dimension", int64_t{1}}, {"rho", 0.5}, {"centre", std::vector<double>{0.0}}},
      4);
  auto learner = oco_test::Make<protocol::OcoLearner>("ogd");
  const protocol::OcoReplicateOutcome outcome =
      protocol::RunOcoReplicate(*learner, *environment, {});
  // D = 2, G = 0.5: η_t = 4/√t. x_1 = 0; ξ_1 = −0.5 → x_2 = Π(0 + 4·0.5) = 1; ξ_2 = 0.5 →
  // x_3 = Π(1 − (4/√2)·0.5) = 1 − √2; ξ_3 = −0.5 → x_4 = Π(1 − √2 + (4/√3)·0.5) = 1 − √2 + 2/√3.
  const double x3 = 1 - std::sqrt(2.0);
  const double x4 = x3 + 2 / std::sqrt(3.0);
  const double expected = 0.0 * -0.5 + 1.0 * 0.5 + x3 * -0.5 + x4 * 0.5;
  CHECK(outcome.realized_regret == Approx(expected).margin(1e-14));
  // Σ ξ = 0 after 4 rounds: the comparator's loss is 0, so pseudo = realized here (s = 0).
  CHECK(outcome.pseudo_regret == Approx(expected).margin(1e-14));
  CHECK(outcome.linearized_regret == Approx(expected).margin(1e-14));
  // u_t = argmin ⟨μ_t, x⟩ = −sign(μ_t): ±1 alternating, path length 3·2, f_t(u_t) = −0.5 each.
  CHECK(outcome.path_length == Approx(6.0));
  CHECK(outcome.dynamic_regret == Approx(expected + 2.0).margin(1e-14));
}

// Quadratic comparator: min_X Σ ½‖x − ξ_s‖² by brute force over the stored ξ_s (read from
// ∇f_s(0) = −ξ_s) at Π(ξ̄) and at random points of X: the environment's exact value is the minimum.
TEST_CASE("quadratic comparator is the exact best fixed point", "[oco][closed_form]") {
  for (const char* domain : {"ball", "simplex", "box"}) {
    auto environment = oco_test::MakeEnvironment("quadratic_sea",
                                                 {{"dimension", int64_t{3}},
                                                  {"domain", std::string(domain)},
                                                  {"s", 0.8},
                                                  {"rho", 0.6},
                                                  {"radius", 0.4}},
                                                 30);
    const Domain set = Domain::Make(domain, 3, 0.4);
    std::vector<std::vector<double>> xis;
    std::vector<double> zero(3, 0.0), gradient(3), mean(3, 0.0);
    for (int t = 0; t < 30; ++t) {
      environment->NextRound();
      environment->Gradient(zero, gradient);
      xis.push_back({-gradient[0], -gradient[1], -gradient[2]});
      for (int i = 0; i < 3; ++i) mean[i] += -gradient[i] / 30;
    }
    auto total = [&](const std::vector<double>& x) {
      double sum = 0;
      for (const auto& xi : xis) sum += 0.5 * std::pow(Distance(x, xi), 2);
      return sum;
    };
    set.Project(mean);
    const double best = environment->BestFixedLoss();
    CHECK(best == Approx(total(mean)).epsilon(1e-12));
    random::Rng rng({1, 2, 3, random::Role::kEnvironment, 0});
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<double> x(3);
      for (double& v : x) v = random::SampleNormal(rng, 0.0, 1.0);
      set.Project(x);
      CHECK(total(x) >= best - 1e-12);
    }
  }
}

plan::Plan Parse(const std::string& environment, const std::string& algorithm) {
  return plan::ParsePlan(
      "name = \"bad\"\nseed = 1\nhorizon = 100\nreplicates = 2\n"
      "[[environments]]\n" +
          environment + "\n[[algorithms]]\n" + algorithm + "\n",
      "bad.toml");
}

void ExpectConfigError(const std::string& environment, const std::string& algorithm,
                       const std::string& fragment) {
  try {
    Parse(environment, algorithm);
    FAIL("no ConfigError for " << environment << " / " << algorithm);
  } catch (const core::ConfigError& error) {
    INFO(error.what());
    CHECK(std::string(error.what()).find(fragment) != std::string::npos);
  }
}

TEST_CASE("bad OCO inputs are ConfigErrors when the spec is read", "[oco][errors]") {
  const std::string ogd = "name = \"ogd\"";
  ExpectConfigError("name = \"quadratic_sea\"\nradius = 0.0", ogd, "radius");
  ExpectConfigError("name = \"quadratic_sea\"\nradius = -1.0", ogd, "radius");
  ExpectConfigError("name = \"quadratic_sea\"\ns = -0.1", ogd, "s");
  ExpectConfigError("name = \"linear_sea\"\nrho = -0.1", ogd, "rho");
  ExpectConfigError("name = \"quadratic_sea\"\ndimension = 3\ncentre = [0.0, 0.3]", ogd,
                    "centre has 2 coordinates but dimension = 3");
  ExpectConfigError("name = \"quadratic_sea\"\ndomain = \"disc\"", ogd, "domain");
  ExpectConfigError("name = \"quadratic_sea\"\npattern = \"zigzag\"", ogd, "pattern");
  ExpectConfigError("name = \"linear_sea\"", "name = \"ogd\"\nstep = \"strongly_convex\"",
                    "not strongly convex");
  ExpectConfigError("name = \"linear_sea\"",
                    "name = \"optimistic_omd\"\nstep = \"strongly_convex\"", "not strongly convex");
  ExpectConfigError("name = \"linear_sea\"", "name = \"oftl\"", "not strongly convex");
  ExpectConfigError("name = \"quadratic_sea\"", "name = \"optimistic_hedge\"",
                    "needs domain = \"simplex\"");
  ExpectConfigError("name = \"quadratic_sea\"", "name = \"hedge\"", "needs domain = \"simplex\"");
  ExpectConfigError("name = \"quadratic_sea\"", "name = \"ucb1\"", "protocol");
  ExpectConfigError("name = \"linear_sea\"", "name = \"ons\"", "exp-concave");
  ExpectConfigError("name = \"quadratic_sea\"\ndomain = \"box\"", "name = \"ons\"", "ball");
  // And the same environments are fine with a compatible learner.
  CHECK_NOTHROW(
      Parse("name = \"linear_sea\"\ndomain = \"simplex\"", "name = \"optimistic_hedge\""));
  CHECK_NOTHROW(Parse("name = \"quadratic_sea\"", "name = \"oftl\""));
}

}  // namespace
}  // namespace regretlab
