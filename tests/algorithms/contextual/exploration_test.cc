// Inverse gap weighting and FastCB weighting: validity, the inequalities of
// docs/theory/contextual.md §5.8, limits and hand-computed values; and the ridge kernel's
// Sherman–Morrison inverse against a direct one.
#include "algorithms/contextual/exploration.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "algorithms/contextual/ridge.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::algorithms::contextual {
namespace {

using Weighting = void (*)(std::span<const double>, double, std::span<double>);

TEST_CASE("Exploration distributions are valid and satisfy the gap inequalities",
          "[contextual][exploration][invariant]") {
  random::Rng rng(random::StreamKey{1, 2, 3, random::Role::kLearner, 0});
  for (const Weighting weigh : {Weighting{InverseGapWeighting}, Weighting{FastCbWeighting}}) {
    for (int trial = 0; trial < 500; ++trial) {
      const size_t k = 2 + rng.UniformInt(9);
      std::vector<double> y(k), p(k);
      for (double& value : y) value = rng.Uniform01();
      const double gamma = trial % 5 == 0 ? 0.0 : std::pow(10.0, 4 * rng.Uniform01());
      weigh(y, gamma, p);
      const int64_t b = ArgMin(y);
      const double sum = std::accumulate(p.begin(), p.end(), 0.0);
      CHECK(std::abs(sum - 1.0) < 1e-12);
      for (size_t a = 0; a < k; ++a) {
        CHECK(p[a] >= 0.0);
        if (static_cast<int64_t>(a) != b) CHECK(p[a] <= 1.0 / static_cast<double>(k) + 1e-15);
      }
      CHECK(p[static_cast<size_t>(b)] >= 1.0 / static_cast<double>(k) - 1e-15);
      // Non-increasing in the gap: sort the non-leaders by prediction.
      for (size_t a = 0; a < k; ++a) {
        for (size_t c = 0; c < k; ++c) {
          if (static_cast<int64_t>(a) == b || static_cast<int64_t>(c) == b) continue;
          if (y[a] < y[c]) CHECK(p[a] >= p[c]);
        }
      }
      if (gamma == 0.0) {
        for (double value : p) CHECK(value == Approx(1.0 / static_cast<double>(k)).epsilon(1e-14));
      }
    }
  }
}

TEST_CASE("Inverse gap weighting by hand", "[contextual][exploration][closed_form]") {
  // ŷ = (0.2, 0.5, 0.4), γ = 10, K = 3: p(1) = 1/(3 + 3) = 1/6, p(2) = 1/(3 + 2) = 1/5,
  // p(0) = 1 − 1/6 − 1/5 = 19/30.
  std::vector<double> y = {0.2, 0.5, 0.4}, p(3);
  InverseGapWeighting(y, 10.0, p);
  CHECK(p[1] == Approx(1.0 / 6).epsilon(1e-14));
  CHECK(p[2] == Approx(1.0 / 5).epsilon(1e-14));
  CHECK(p[0] == Approx(19.0 / 30).epsilon(1e-14));
  // γ → ∞: greedy.
  InverseGapWeighting(y, 1e12, p);
  CHECK(p[0] > 1 - 1e-10);
}

TEST_CASE("FastCB weighting by hand and its clamp", "[contextual][exploration][closed_form]") {
  // ŷ = (0.1, 0.3), γ = 20, K = 2: p(1) = 0.1/(0.2 + 20·0.2) = 0.1/4.2.
  std::vector<double> y = {0.1, 0.3}, p(2);
  FastCbWeighting(y, 20.0, p);
  CHECK(p[1] == Approx(0.1 / 4.2).epsilon(1e-14));
  CHECK(p[0] == Approx(1 - 0.1 / 4.2).epsilon(1e-14));
  // ŷ_b = 0 would give p(a) = 0/0 for a tie and 0 otherwise; the clamp keeps every p finite and
  // the tie uniform-like.
  std::vector<double> zero = {0.0, 0.0, 0.7}, q(3);
  FastCbWeighting(zero, 100.0, q);
  for (double value : q) CHECK(std::isfinite(value));
  CHECK(q[1] == Approx(1.0 / 3).epsilon(1e-12));
  CHECK(q[2] > 0);
  CHECK(q[2] < 1e-6);
}

TEST_CASE("Sherman-Morrison inverse matches a direct inverse, across refactorisations",
          "[contextual][ridge][closed_form]") {
  random::Rng rng(random::StreamKey{5, 6, 7, random::Role::kEnvironment, 0});
  const int64_t d = 6;
  RidgeBlocks ridge;
  ridge.Reset(2, d, 0.5, true, false);
  Eigen::MatrixXd gram = 0.5 * Eigen::MatrixXd::Identity(d, d);
  Eigen::VectorXd response = Eigen::VectorXd::Zero(d);
  for (int64_t n = 1; n <= 2500; ++n) {
    std::vector<double> x(static_cast<size_t>(d));
    random::SampleUnitSphere(rng, std::span<double>(x));
    const double y = rng.Uniform01();
    ridge.Update(1, x, y);
    const Eigen::Map<const Eigen::VectorXd> v(x.data(), d);
    gram += v * v.transpose();
    response += y * v;
    if (n == 10 || n == 999 || n == 1000 || n == 2500) {
      const Eigen::MatrixXd direct = gram.inverse();
      INFO("after " << n << " updates");
      CHECK((ridge.Inverse(1) - direct).cwiseAbs().maxCoeff() < 1e-10);
      CHECK((ridge.Theta(1) - direct * response).cwiseAbs().maxCoeff() < 1e-10);
      // The kept Cholesky factor reproduces A.
      const Eigen::VectorXd z = Eigen::VectorXd::Unit(d, 0);
      const Eigen::VectorXd w = ridge.SampleTheta(1, z, 1.0) - ridge.Theta(1);  // L^{-T} e_0
      const Eigen::MatrixXd upper = gram.llt().matrixU();
      CHECK((upper * w - z).cwiseAbs().maxCoeff() < 1e-9);
    }
  }
  // Block 0 was never updated: still (1/λ) I.
  CHECK((ridge.Inverse(0) - 2.0 * Eigen::MatrixXd::Identity(d, d)).norm() == 0);
}

}  // namespace
}  // namespace regretlab::algorithms::contextual
