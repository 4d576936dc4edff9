// A small ReLU multilayer perceptron with hand-written backpropagation, for the neural contextual
// bandits (docs/theory/contextual.md §5.3; DESIGN §2 `algorithms/contextual/nn`).
//
// Input. An arm's feature is e_b ⊗ x: a context x ∈ R^d placed in block b of B blocks (B = K
// with the disjoint encoding of a shared context, B = 1 with per-arm contexts;
// docs/theory/contextual.md §5.7). Only the d columns of block b of the first layer touch it, so a
// forward pass costs O(m·d) for the first layer whatever B is.
//
// Network f(θ; x) with depth L ≥ 2 weight layers and width m (L − 1 hidden layers of m ReLU units,
// no output bias):
//   z_1 = c_1 W_1 x + b_1,                      c_1 = 1 (inputs have unit norm)
//   z_l = c_h W_l a_{l−1} + b_l,  l = 2..L−1,   c_h = √(2/m) (He/NTK multiplier)
//   a_l = max(z_l, 0)
//   f   = c_o Σ_i w_i a_{L−1,i},                c_o = 1/√m
// NTK parametrisation: every weight is drawn N(0, 1) and the layer multipliers c carry the
// scaling, so the gradient of each weight is O(1/√m) as in the NTK analyses (Jacot et al. 2018;
// Zhou et al. 2020 use the equivalent form with N(0, 4/m) weights). Biases start at 0.
//
// Mirrored initialisation [R: common in NTK-bandit code, docs/theory/contextual.md §5.3]: m is
// even, h = m/2; the first layer's rows i and i + h are equal, hidden layers are block-diagonal
// [[V, 0], [0, V]], and the output weights are [u, −u]. The two halves then compute bit-identical
// activations, and the output is evaluated pairwise, Σ_{i<h} (w_i a_i + w_{i+h} a_{i+h}), so that
// f(θ_0; ·) = 0 exactly (each pair is u·a + (−u)·a = 0 in floating point). After training, the
// pairwise order is just another summation order.
//
// Parameters θ are one flat vector (so a projection on a ball around θ_0, a diagonal covariance
// or a full one index the same coordinates): W_1 (m × B·d, column-major), b_1, then for each
// hidden layer W_l (m × m, column-major), b_l, then w (m).
//
// Cost: Forward is O(m·d + (L−2)·m²); VisitGradient the same; both are linear in the number of
// parameters the feature touches (the update cost per round of docs/theory/contextual.md §5.3).
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/check.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::algorithms::contextual::nn {

struct MlpShape {
  int64_t num_blocks = 1;       // B
  int64_t block_dimension = 1;  // d
  int64_t width = 2;            // m, even (mirrored initialisation)
  int64_t depth = 2;            // L ≥ 2 weight layers
};

// Activations of one forward pass, kept for the backward pass.
struct MlpWorkspace {
  std::vector<Eigen::VectorXd> pre;    // z_l, l = 1..L−1
  std::vector<Eigen::VectorXd> post;   // a_l
  std::vector<Eigen::VectorXd> delta;  // ∂f/∂z_l (filled by VisitGradient)
  double output = 0;
};

class Mlp {
 public:
  Mlp() = default;

  // Number of parameters of `shape`.
  static int64_t CountParameters(const MlpShape& shape) {
    const int64_t m = shape.width;
    return m * shape.num_blocks * shape.block_dimension + m + (shape.depth - 2) * (m * m + m) + m;
  }

  // Draws the mirrored initialisation θ_0 from `init_rng` (N(0,1) weights, zero biases).
  void Initialize(const MlpShape& shape, random::Rng& init_rng) {
    REGRETLAB_CHECK(shape.width >= 2 && shape.width % 2 == 0, "width ", shape.width,
                    " must be even and >= 2");
    REGRETLAB_CHECK(shape.depth >= 2, "depth ", shape.depth, " < 2");
    shape_ = shape;
    const int64_t m = shape.width, h = m / 2, inputs = shape.num_blocks * shape.block_dimension;
    theta_.setZero(CountParameters(shape));
    hidden_scale_ = std::sqrt(2.0 / static_cast<double>(m));
    output_scale_ = 1.0 / std::sqrt(static_cast<double>(m));
    // Offsets of each layer in θ.
    weight_offset_.assign(static_cast<size_t>(shape.depth), 0);
    bias_offset_.assign(static_cast<size_t>(shape.depth), 0);
    int64_t offset = 0;
    weight_offset_[0] = offset;
    offset += m * inputs;
    bias_offset_[0] = offset;
    offset += m;
    for (int64_t l = 1; l + 1 < shape.depth; ++l) {
      weight_offset_[l] = offset;
      offset += m * m;
      bias_offset_[l] = offset;
      offset += m;
    }
    weight_offset_[shape.depth - 1] = offset;
    // First layer: rows i and i + h equal.
    for (int64_t column = 0; column < inputs; ++column) {
      for (int64_t i = 0; i < h; ++i) {
        const double w = random::SampleStandardNormal(init_rng);
        theta_[weight_offset_[0] + column * m + i] = w;
        theta_[weight_offset_[0] + column * m + i + h] = w;
      }
    }
    // Hidden layers: block-diagonal [[V, 0], [0, V]].
    for (int64_t l = 1; l + 1 < shape.depth; ++l) {
      for (int64_t column = 0; column < h; ++column) {
        for (int64_t i = 0; i < h; ++i) {
          const double w = random::SampleStandardNormal(init_rng);
          theta_[weight_offset_[l] + column * m + i] = w;
          theta_[weight_offset_[l] + (column + h) * m + i + h] = w;
        }
      }
    }
    // Output: [u, −u].
    for (int64_t i = 0; i < h; ++i) {
      const double w = random::SampleStandardNormal(init_rng);
      theta_[weight_offset_[shape.depth - 1] + i] = w;
      theta_[weight_offset_[shape.depth - 1] + i + h] = -w;
    }
  }

  const MlpShape& shape() const { return shape_; }
  int64_t NumParameters() const { return theta_.size(); }
  Eigen::VectorXd& parameters() { return theta_; }
  const Eigen::VectorXd& parameters() const { return theta_; }

  void PrepareWorkspace(MlpWorkspace& workspace) const {
    const size_t hidden = static_cast<size_t>(shape_.depth - 1);
    workspace.pre.assign(hidden, Eigen::VectorXd::Zero(shape_.width));
    workspace.post.assign(hidden, Eigen::VectorXd::Zero(shape_.width));
    workspace.delta.assign(hidden, Eigen::VectorXd::Zero(shape_.width));
  }

  // f(θ; e_block ⊗ x). `workspace` must come from PrepareWorkspace.
  double Forward(int64_t block, std::span<const double> x, MlpWorkspace& workspace) const {
    REGRETLAB_DCHECK(static_cast<int64_t>(x.size()) == shape_.block_dimension);
    const int64_t m = shape_.width, d = shape_.block_dimension;
    REGRETLAB_DCHECK(block >= 0 && block < shape_.num_blocks);
    ColumnProduct(theta_.data() + weight_offset_[0] + block * d * m, d, x.data(), 1.0,
                  workspace.pre[0]);
    workspace.pre[0] += Bias(0);
    workspace.post[0] = workspace.pre[0].cwiseMax(0.0);
    for (int64_t l = 1; l + 1 < shape_.depth; ++l) {
      ColumnProduct(theta_.data() + weight_offset_[l], m, workspace.post[l - 1].data(),
                    hidden_scale_, workspace.pre[l]);
      workspace.pre[l] += Bias(l);
      workspace.post[l] = workspace.pre[l].cwiseMax(0.0);
    }
    // Pairwise output sum: exactly 0 at the mirrored initialisation.
    const int64_t h = m / 2;
    const double* w = theta_.data() + weight_offset_[shape_.depth - 1];
    const Eigen::VectorXd& a = workspace.post[shape_.depth - 2];
    double sum = 0;
    for (int64_t i = 0; i < h; ++i) sum += w[i] * a[i] + w[i + h] * a[i + h];
    workspace.output = output_scale_ * sum;
    return workspace.output;
  }

  // Calls visit(index, value) for every coordinate of ∂f/∂θ at the last Forward of `workspace`
  // that can be non-zero (the coordinates of block `block` of the first layer and all deeper
  // ones). The derivatives are computed from the current θ before the first call, so `visit` may
  // modify θ (an in-place gradient step).
  template <class Visit>
  void VisitGradient(int64_t block, std::span<const double> x, MlpWorkspace& workspace,
                     Visit&& visit) const {
    const int64_t m = shape_.width, d = shape_.block_dimension, last = shape_.depth - 2;
    const int64_t output_offset = weight_offset_[shape_.depth - 1];
    // ∂f/∂a_{L−1} = c_o w; ∂f/∂z = that ⊙ 1[z > 0].
    for (int64_t i = 0; i < m; ++i) {
      workspace.delta[last][i] =
          workspace.pre[last][i] > 0 ? output_scale_ * theta_[output_offset + i] : 0.0;
    }
    for (int64_t l = last; l >= 1; --l) {
      workspace.delta[l - 1].noalias() =
          hidden_scale_ * (Hidden(l).transpose() * workspace.delta[l]);
      for (int64_t i = 0; i < m; ++i) {
        if (!(workspace.pre[l - 1][i] > 0)) workspace.delta[l - 1][i] = 0.0;
      }
    }
    // Output weights: ∂f/∂w_i = c_o a_i.
    for (int64_t i = 0; i < m; ++i)
      visit(output_offset + i, output_scale_ * workspace.post[last][i]);
    for (int64_t l = last; l >= 1; --l) {
      const int64_t offset = weight_offset_[l];
      for (int64_t column = 0; column < m; ++column) {
        const double a = hidden_scale_ * workspace.post[l - 1][column];
        if (a == 0.0) continue;  // a ReLU that is off: the whole column's gradient is 0
        for (int64_t i = 0; i < m; ++i) visit(offset + column * m + i, workspace.delta[l][i] * a);
      }
      for (int64_t i = 0; i < m; ++i) visit(bias_offset_[l] + i, workspace.delta[l][i]);
    }
    const int64_t first = weight_offset_[0] + block * d * m;
    for (int64_t k = 0; k < d; ++k) {
      const double input = x[static_cast<size_t>(k)];
      if (input == 0.0) continue;
      for (int64_t i = 0; i < m; ++i) visit(first + k * m + i, workspace.delta[0][i] * input);
    }
    for (int64_t i = 0; i < m; ++i) visit(bias_offset_[0] + i, workspace.delta[0][i]);
  }

  // θ ← θ − step · ∂f/∂θ · loss_derivative: one online gradient step on a loss of f.
  void GradientStep(int64_t block, std::span<const double> x, MlpWorkspace& workspace,
                    double step_times_derivative) {
    double* theta = theta_.data();
    VisitGradient(block, x, workspace, [&](int64_t index, double value) {
      theta[index] -= step_times_derivative * value;
    });
  }

 private:
  // out = Σ_k (scale·in_k) · column_k of the m-row column-major matrix at `columns`, summed column
  // by column: every row is a sequential sum in the same column order, so the two mirrored halves
  // give bit-identical values (a blocked matrix-vector product may group rows differently).
  // Columns whose input is 0 (a ReLU that is off) are skipped.
  void ColumnProduct(const double* columns, int64_t count, const double* in, double scale,
                     Eigen::VectorXd& out) const {
    const int64_t m = shape_.width;
    out.setZero();
    for (int64_t k = 0; k < count; ++k) {
      if (in[k] == 0.0) continue;
      out += (scale * in[k]) * Eigen::Map<const Eigen::VectorXd>(columns + k * m, m);
    }
  }
  Eigen::Map<const Eigen::MatrixXd> Hidden(int64_t layer) const {
    return {theta_.data() + weight_offset_[layer], shape_.width, shape_.width};
  }
  Eigen::Map<const Eigen::VectorXd> Bias(int64_t layer) const {
    return {theta_.data() + bias_offset_[layer], shape_.width};
  }

  MlpShape shape_;
  Eigen::VectorXd theta_;
  std::vector<int64_t> weight_offset_, bias_offset_;
  double hidden_scale_ = 1, output_scale_ = 1;
};

}  // namespace regretlab::algorithms::contextual::nn
