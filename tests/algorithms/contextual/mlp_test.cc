// The MLP kernel: gradients against finite differences, the mirrored initialisation, parameter
// layout and cost, and that an online gradient step learns (docs/theory/contextual.md §5.8).
#include "algorithms/contextual/nn/mlp.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::algorithms::contextual::nn {
namespace {

random::Rng MakeRng(uint32_t substream) {
  return random::Rng(random::StreamKey{7, 11, 0, random::Role::kInit, substream});
}

std::vector<double> UnitVector(random::Rng& rng, int64_t d) {
  std::vector<double> x(static_cast<size_t>(d));
  random::SampleUnitSphere(rng, std::span<double>(x));
  return x;
}

// Perturbs θ away from the mirrored point (where half the gradient cancels by symmetry) so the
// check exercises every coordinate.
void Jitter(Mlp& mlp, random::Rng& rng) {
  for (Eigen::Index i = 0; i < mlp.parameters().size(); ++i) {
    mlp.parameters()[i] += 0.3 * random::SampleStandardNormal(rng);
  }
}

TEST_CASE("MLP gradient matches central finite differences", "[contextual][nn][closed_form]") {
  for (const MlpShape shape : {MlpShape{1, 5, 6, 2}, MlpShape{3, 4, 8, 3}, MlpShape{2, 3, 4, 4}}) {
    random::Rng rng = MakeRng(1);
    Mlp mlp;
    mlp.Initialize(shape, rng);
    Jitter(mlp, rng);
    const std::vector<double> x = UnitVector(rng, shape.block_dimension);
    const int64_t block = shape.num_blocks - 1;
    MlpWorkspace workspace;
    mlp.PrepareWorkspace(workspace);
    mlp.Forward(block, x, workspace);
    Eigen::VectorXd gradient = Eigen::VectorXd::Zero(mlp.NumParameters());
    mlp.VisitGradient(block, x, workspace, [&](int64_t i, double v) { gradient[i] += v; });
    double worst = 0;
    const double h = 1e-6;
    for (Eigen::Index i = 0; i < mlp.NumParameters(); ++i) {
      const double saved = mlp.parameters()[i];
      mlp.parameters()[i] = saved + h;
      const double up = mlp.Forward(block, x, workspace);
      mlp.parameters()[i] = saved - h;
      const double down = mlp.Forward(block, x, workspace);
      mlp.parameters()[i] = saved;
      const double numeric = (up - down) / (2 * h);
      const double scale = std::max(1e-3, std::abs(numeric) + std::abs(gradient[i]));
      worst = std::max(worst, std::abs(numeric - gradient[i]) / scale);
    }
    INFO("shape blocks=" << shape.num_blocks << " d=" << shape.block_dimension
                         << " m=" << shape.width << " L=" << shape.depth);
    CHECK(worst < 1e-5);
    // The gradient of another block's first-layer columns is zero (disjoint encoding).
    if (shape.num_blocks > 1) CHECK(gradient.head(shape.width * shape.block_dimension).norm() == 0);
  }
}

TEST_CASE("Mirrored initialisation gives exactly zero output", "[contextual][nn][invariant]") {
  for (const MlpShape shape :
       {MlpShape{1, 20, 100, 2}, MlpShape{10, 64, 100, 3}, MlpShape{4, 7, 6, 5}}) {
    random::Rng rng = MakeRng(2);
    Mlp mlp;
    mlp.Initialize(shape, rng);
    MlpWorkspace workspace;
    mlp.PrepareWorkspace(workspace);
    for (int i = 0; i < 50; ++i) {
      const std::vector<double> x = UnitVector(rng, shape.block_dimension);
      const int64_t block =
          static_cast<int64_t>(rng.UniformInt(static_cast<uint64_t>(shape.num_blocks)));
      CHECK(mlp.Forward(block, x, workspace) == 0.0);
    }
    CHECK(mlp.NumParameters() == Mlp::CountParameters(shape));
    // The network is not trivially zero: its gradient is not (checked on the wide shapes; a
    // narrow deep ReLU net may start with a whole layer off).
    if (shape.width < 100) continue;
    const std::vector<double> x = UnitVector(rng, shape.block_dimension);
    mlp.Forward(0, x, workspace);
    double squared = 0;
    mlp.VisitGradient(0, x, workspace, [&](int64_t, double v) { squared += v * v; });
    CHECK(squared > 0);
  }
}

TEST_CASE("MLP parameter count by hand", "[contextual][nn][closed_form]") {
  // m·B·d + m (first layer) + (L−2)(m² + m) + m (output): 100·64 + 100 + 100 = 6600 at d = 64.
  CHECK(Mlp::CountParameters({1, 64, 100, 2}) == 6600);
  CHECK(Mlp::CountParameters({10, 64, 100, 3}) == 64000 + 100 + 10100 + 100);
}

TEST_CASE("One-step OGD lowers the cumulative square loss on a realizable linear target",
          "[contextual][nn][invariant]") {
  // y = ⟨w, x⟩ / 2 + 1/2 with x on the sphere: online square loss of the learner vs frozen θ_0.
  random::Rng rng = MakeRng(3);
  const int64_t d = 10;
  Mlp mlp;
  mlp.Initialize({1, d, 64, 2}, rng);
  const std::vector<double> w = UnitVector(rng, d);
  MlpWorkspace workspace;
  mlp.PrepareWorkspace(workspace);
  double learned = 0, frozen = 0;
  for (int t = 0; t < 3000; ++t) {
    const std::vector<double> x = UnitVector(rng, d);
    double target = 0.5;
    for (int64_t k = 0; k < d; ++k)
      target += 0.5 * w[static_cast<size_t>(k)] * x[static_cast<size_t>(k)];
    const double f = mlp.Forward(0, x, workspace);
    learned += (f - target) * (f - target);
    frozen += target * target;  // f(θ_0; ·) = 0
    mlp.GradientStep(0, x, workspace, 0.05 * 2 * (f - target));
  }
  CHECK(learned < 0.5 * frozen);
}

}  // namespace
}  // namespace regretlab::algorithms::contextual::nn
