// What the contextual learners share: parameter schemas, the input-dimension check, the neural
// model (MLP + pluggable perturbation, docs/theory/contextual.md §5.3) and a helper to build
// ParamSpecs tersely.
//
// Perturbation [U: the paper's exact form could not be read, docs/theory/contextual.md §5.3; none
// is claimed to match it]. The prediction used for exploration and for the loss is
// f̃ = f + (perturbation):
//   none          f̃ = f (P0, the ablation);
//   fixed_head    f̃ = f + c_p ⟨ε, e_b ⊗ x⟩, ε ~ N(0, I/D) drawn once at Reset from the init stream
//                 after the network weights, D = B·d the feature dimension (P1);
//   output_noise  f̃ = f + N(0, c_p²) drawn afresh per arm and round from the learner stream (P2).
// With c_p = 0 nothing is drawn, so the run is bit-identical to `none`
// (docs/theory/contextual.md §5.8).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "algorithms/contextual/nn/mlp.h"
#include "sim/core/check.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::algorithms::contextual {

using core::ChoiceParam;
using core::IntegerParam;
using core::RealParam;

inline constexpr double kInf = core::kUnbounded;

// `input_dimension`: 0 = whatever the environment gives; otherwise the context dimension d the
// algorithm is configured for, checked against the environment when the spec is read.
inline core::ParamSpec InputDimensionParam() {
  return IntegerParam("input_dimension", 0, 0, 1e6,
                      "context dimension d the algorithm expects; 0 = take it from the "
                      "environment (a mismatch is a ConfigError when the spec is read)");
}
// `intercept` of the ridge learners (ridge.h).
inline core::ParamSpec InterceptParam() {
  return core::BoolParam("intercept", true, "regress on [x; 1] (a constant feature) instead of x");
}
inline std::string CheckInputDimension(int64_t expected, const protocol::ContextualInfo& info) {
  if (expected == 0 || expected == info.dimension) return "";
  return "input_dimension = " + std::to_string(expected) +
         " but the environment's contexts have d = " + std::to_string(info.dimension);
}

// Schema shared by the neural learners; the perturbation pair only for the regression reductions.
inline std::vector<core::ParamSpec> NeuralParams(bool with_perturbation = true) {
  std::vector<core::ParamSpec> params = {
      IntegerParam("width", 100, 2, 1e5, "hidden width m (even: mirrored initialisation)"),
      IntegerParam("depth", 2, 2, 16, "number of weight layers L (L - 1 hidden ReLU layers)"),
      RealParam("step_size", 1e-2, 0, kInf, true, "online gradient step eta"),
      RealParam(
          "radius", 0, 0, kInf, false,
          "project theta onto the ball B(theta_0, radius) after each step; 0 = no projection"),
      InputDimensionParam(),
  };
  if (!with_perturbation) return params;
  params.push_back(
      ChoiceParam("perturbation", "none", {"none", "fixed_head", "output_noise"},
                  "perturbed prediction [U: our forms, not the paper's]: none (P0), a fixed random "
                  "linear head c_p <eps, x> (P1), fresh output noise N(0, c_p^2) (P2)"));
  params.push_back(
      RealParam("perturbation_scale", 1e-3, 0, kInf, false, "c_p; 0 = no perturbation"));
  return params;
}

inline std::vector<core::ParamSpec> Concat(std::vector<core::ParamSpec> a,
                                           const std::vector<core::ParamSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline std::string CheckNeuralParams(const core::Params& params) {
  if (params.Integer("width") % 2 != 0) {
    return "width = " + std::to_string(params.Integer("width")) +
           " must be even (mirrored initialisation pairs the hidden units)";
  }
  return "";
}

// The network, its perturbation and the per-arm activations of the current round.
class NeuralModel {
 public:
  enum class Perturbation { kNone, kFixedHead, kOutputNoise };

  explicit NeuralModel(const core::Params& params)
      : width_(params.Integer("width")),
        depth_(params.Integer("depth")),
        step_size_(params.Real("step_size")),
        radius_(params.Real("radius")),
        perturbation_scale_(params.Has("perturbation_scale") ? params.Real("perturbation_scale")
                                                             : 0),
        input_dimension_(params.Integer("input_dimension")) {
    const std::string kind = params.Has("perturbation") ? params.String("perturbation") : "none";
    perturbation_ = kind == "fixed_head"     ? Perturbation::kFixedHead
                    : kind == "output_noise" ? Perturbation::kOutputNoise
                                             : Perturbation::kNone;
    if (perturbation_scale_ == 0.0) perturbation_ = Perturbation::kNone;
  }

  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    return CheckInputDimension(input_dimension_, info);
  }

  void Reset(const protocol::ContextualInfo& info, random::Rng& init_rng) {
    num_arms_ = info.num_arms;
    nn::MlpShape shape{info.NumBlocks(), info.dimension, width_, depth_};
    mlp_.Initialize(shape, init_rng);
    if (radius_ > 0) initial_ = mlp_.parameters();
    head_.clear();
    if (perturbation_ == Perturbation::kFixedHead) {
      const double scale = 1.0 / std::sqrt(static_cast<double>(info.FeatureDimension()));
      head_.resize(static_cast<size_t>(info.FeatureDimension()));
      for (double& value : head_) value = scale * random::SampleStandardNormal(init_rng);
    }
    workspaces_.resize(static_cast<size_t>(num_arms_));
    for (auto& workspace : workspaces_) mlp_.PrepareWorkspace(workspace);
    raw_.assign(static_cast<size_t>(num_arms_), 0.0);
    perturbed_.assign(static_cast<size_t>(num_arms_), 0.0);
  }

  // f̃(θ; x_a) for every arm of the round (kept for Step); returns them.
  std::span<const double> Predict(const protocol::ContextBatch& batch, random::Rng& learner_rng) {
    batch_ = batch;
    for (int64_t a = 0; a < num_arms_; ++a) {
      const size_t i = static_cast<size_t>(a);
      raw_[i] = mlp_.Forward(batch.Block(a), batch.Row(a), workspaces_[i]);
      perturbed_[i] = raw_[i];
      if (perturbation_ == Perturbation::kFixedHead) {
        const auto row = batch.Row(a);
        const size_t offset = static_cast<size_t>(batch.Block(a) * batch.dimension);
        double dot = 0;
        for (size_t k = 0; k < row.size(); ++k) dot += head_[offset + k] * row[k];
        perturbed_[i] += perturbation_scale_ * dot;
      } else if (perturbation_ == Perturbation::kOutputNoise) {
        perturbed_[i] += perturbation_scale_ * random::SampleStandardNormal(learner_rng);
      }
    }
    return perturbed_;
  }

  // One online gradient step θ ← Π(θ − η ℓ'(f̃) ∂f/∂θ) at the arm played this round, where
  // `loss_derivative` = ∂ℓ/∂f̃ (the perturbation does not depend on θ).
  void Step(int64_t arm, double loss_derivative) {
    mlp_.GradientStep(batch_.Block(arm), batch_.Row(arm), workspaces_[static_cast<size_t>(arm)],
                      step_size_ * loss_derivative);
    if (radius_ > 0) {
      // Projection onto B(θ_0, ρ) (docs/theory/conventions.md §1.5 (d) around θ_0).
      Eigen::VectorXd& theta = mlp_.parameters();
      const double distance = (theta - initial_).norm();
      if (distance > radius_) theta = initial_ + (radius_ / distance) * (theta - initial_);
    }
  }

  // ∂f/∂θ at arm a (visit(index, value)), at the activations of this round's Predict.
  template <class Visit>
  void VisitGradient(int64_t arm, Visit&& visit) {
    mlp_.VisitGradient(batch_.Block(arm), batch_.Row(arm), workspaces_[static_cast<size_t>(arm)],
                       visit);
  }

  std::span<const double> raw() const { return raw_; }
  std::span<const double> perturbed() const { return perturbed_; }
  nn::Mlp& mlp() { return mlp_; }
  int64_t width() const { return width_; }
  int64_t num_arms() const { return num_arms_; }
  static int64_t CountParameters(const core::Params& params, const protocol::ContextualInfo& info) {
    return nn::Mlp::CountParameters(
        {info.NumBlocks(), info.dimension, params.Integer("width"), params.Integer("depth")});
  }

 private:
  int64_t width_, depth_;
  double step_size_, radius_, perturbation_scale_;
  int64_t input_dimension_;
  Perturbation perturbation_ = Perturbation::kNone;
  int64_t num_arms_ = 0;
  nn::Mlp mlp_;
  Eigen::VectorXd initial_;
  std::vector<double> head_;
  std::vector<nn::MlpWorkspace> workspaces_;
  std::vector<double> raw_, perturbed_;
  protocol::ContextBatch batch_;
};

}  // namespace regretlab::algorithms::contextual

#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {

// An upper-bound proxy on the pseudo-regret of the contextual protocol, applying on realizable
// environments only (the hypothesis of every guarantee of docs/theory/contextual.md §5.5–5.6).
// Constants are 1 and Õ's logarithms are written out as stated in `formula`: a proxy for ratio and
// slope checks, not a theorem with checked constants.
inline registry::BoundSpec ContextualProxyBound(
    std::string name, std::vector<std::string> algorithms, std::string citation,
    std::string formula,
    std::function<double(const registry::OracleInfo&, const core::Params&, int64_t)> evaluate) {
  registry::BoundSpec bound =
      registry::UpperBound(std::move(name), protocol::kContextualBanditProtocol, "pseudo_regret",
                           std::move(algorithms), std::move(citation), std::move(formula), false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params&) {
    return oracle.HasScalar("realizable") && oracle.Scalar("realizable") == 1.0;
  };
  bound.evaluate = std::move(evaluate);
  return bound;
}

// ln t, at least 1 (so that the proxies are positive from t = 1).
inline double LogAtLeastOne(int64_t t) { return std::max(1.0, std::log(static_cast<double>(t))); }

}  // namespace regretlab::algorithms::contextual
