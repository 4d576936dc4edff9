// Online ridge regression on block-structured features (LinUCB, LinTS, SquareCB's oracle).
//
// An arm's feature is e_b ⊗ x (protocol::ContextBatch): the Gram matrix of the joint model is
// block-diagonal, so the model is B independent ridge regressions of dimension d (with a shared
// context this is the "disjoint" LinUCB of Li et al. 2010; with per-arm contexts B = 1).
// Per block: A = λI + Σ x xᵀ, r = Σ y x, θ̂ = A⁻¹ r.
//
// A⁻¹ is kept by Sherman–Morrison, A⁻¹ ← A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x), O(d²) per update,
// and recomputed exactly from A (Eigen LLT) every `kRefactorEvery` updates of the block so that
// round-off does not accumulate (docs/theory/conventions.md §1.5 (j)). With `keep_cholesky`, the
// Cholesky factor L of A (A = L Lᵀ) is also kept by rank-one updates (LinTS samples with it).
//
// With `intercept`, every block regresses on [x; 1] (dimension d + 1): the contexts have unit
// norm, and without a constant feature a linear loss predictor cannot be ≈ 1 on most of the
// sphere and ≈ 0 on one class (classification losses), nor fit an offset like the networks'
// biases.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "algorithms/contextual/learner_support.h"

namespace regretlab::algorithms::contextual {

class RidgeBlocks {
 public:
  static constexpr int64_t kRefactorEvery = 1000;

  void Reset(int64_t num_blocks, int64_t context_dimension, double lambda, bool keep_cholesky,
             bool intercept) {
    intercept_ = intercept;
    const int64_t dimension = context_dimension + (intercept ? 1 : 0);
    feature_.setZero(dimension);
    lambda_ = lambda;
    keep_cholesky_ = keep_cholesky;
    blocks_.clear();
    blocks_.resize(static_cast<size_t>(num_blocks));  // default-constructed in place (no LLT copy)
    for (Block& block : blocks_) {
      block.gram = lambda * Eigen::MatrixXd::Identity(dimension, dimension);
      block.inverse = (1.0 / lambda) * Eigen::MatrixXd::Identity(dimension, dimension);
      block.response.setZero(dimension);
      block.theta.setZero(dimension);
      if (keep_cholesky) block.cholesky.compute(block.gram);
      block.updates = 0;
    }
  }

  // The regression feature of context x: x, or [x; 1] with an intercept.
  const Eigen::VectorXd& Feature(std::span<const double> x) const {
    feature_.head(static_cast<Eigen::Index>(x.size())) =
        Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
    if (intercept_) feature_[feature_.size() - 1] = 1.0;
    return feature_;
  }

  double Predict(int64_t block, std::span<const double> x) const {
    return blocks_[static_cast<size_t>(block)].theta.dot(Feature(x));
  }
  // ‖φ(x)‖_{A⁻¹} = √(φᵀA⁻¹φ).
  double Width(int64_t block, std::span<const double> x) const {
    const Eigen::VectorXd& v = Feature(x);
    return std::sqrt(std::max(0.0, v.dot(blocks_[static_cast<size_t>(block)].inverse * v)));
  }
  int64_t dimension() const { return feature_.size(); }

  void Update(int64_t block_index, std::span<const double> x, double y) {
    Block& block = blocks_[static_cast<size_t>(block_index)];
    const Eigen::VectorXd v = Feature(x);
    block.gram.noalias() += v * v.transpose();
    block.response += y * v;
    ++block.updates;
    if (block.updates % kRefactorEvery == 0) {
      block.inverse =
          block.gram.llt().solve(Eigen::MatrixXd::Identity(block.gram.rows(), block.gram.cols()));
    } else {
      const Eigen::VectorXd u = block.inverse * v;
      block.inverse.noalias() -= (u * u.transpose()) / (1.0 + v.dot(u));
    }
    block.theta.noalias() = block.inverse * block.response;
    if (keep_cholesky_) block.cholesky.rankUpdate(v, 1.0);
  }

  // θ̂ + scale · L⁻ᵀ z, z standard normal: a draw from N(θ̂, scale² A⁻¹) (needs keep_cholesky).
  Eigen::VectorXd SampleTheta(int64_t block_index, const Eigen::VectorXd& z, double scale) const {
    const Block& block = blocks_[static_cast<size_t>(block_index)];
    return block.theta + scale * block.cholesky.matrixU().solve(z);
  }

  const Eigen::MatrixXd& Inverse(int64_t block) const {
    return blocks_[static_cast<size_t>(block)].inverse;
  }
  const Eigen::MatrixXd& Gram(int64_t block) const {
    return blocks_[static_cast<size_t>(block)].gram;
  }
  const Eigen::VectorXd& Theta(int64_t block) const {
    return blocks_[static_cast<size_t>(block)].theta;
  }

 private:
  struct Block {
    Eigen::MatrixXd gram, inverse;
    Eigen::VectorXd response, theta;
    Eigen::LLT<Eigen::MatrixXd> cholesky;
    int64_t updates = 0;
  };
  double lambda_ = 1;
  bool keep_cholesky_ = false;
  bool intercept_ = false;
  mutable Eigen::VectorXd feature_;  // scratch for Feature()
  std::vector<Block> blocks_;
};

// What LinUCB, LinTS and SquareCB share: λ, the intercept switch, the input-dimension check, the
// batch of the round and the ridge update at the arm played. The derived class's Select must set
// batch_ before returning.
class RidgeLearner {
 public:
  explicit RidgeLearner(const core::Params& params)
      : lambda_(params.Real("lambda")),
        input_dimension_(params.Integer("input_dimension")),
        intercept_(params.Bool("intercept")) {}

  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    return CheckInputDimension(input_dimension_, info);
  }
  void Observe(int64_t arm, double loss) {
    ridge_.Update(batch_.Block(arm), batch_.Row(arm), loss);
  }

 protected:
  void ResetRidge(const protocol::ContextualInfo& info, bool keep_cholesky) {
    ridge_.Reset(info.NumBlocks(), info.dimension, lambda_, keep_cholesky, intercept_);
  }

  RidgeBlocks ridge_;
  protocol::ContextBatch batch_;

 private:
  double lambda_;
  int64_t input_dimension_;
  bool intercept_;
};

// The parameters every ridge learner has (append its own).
inline std::vector<core::ParamSpec> RidgeParams() {
  return {RealParam("lambda", 1.0, 0, kInf, true, "ridge regularisation lambda"),
          InputDimensionParam(), InterceptParam()};
}

}  // namespace regretlab::algorithms::contextual
