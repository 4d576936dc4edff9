// The gradient-feature confidence of NeuralUCB and NeuralTS (docs/theory/contextual.md §5.6):
//   Z_t = λI + Σ_{s<t} g_s g_sᵀ / m,   σ_t(x)² = g(x)ᵀ Z_t⁻¹ g(x) / m,   g(x) = ∂f(θ_t; x)/∂θ.
// Two forms:
//   full      Z⁻¹ kept exactly by Sherman–Morrison (rank-one updates), O(P²) per update and per
//             arm; refused by CheckInfo above kMaxFullParameters parameters (P² doubles of memory);
//   diagonal  Z replaced by its diagonal, O(P) — the approximation the NeuralUCB/NeuralTS authors'
//             code uses for large networks; labelled "diagonal approximation" everywhere it is
//             reported.
// Training, shared by both algorithms (labelled "beyond theory"): one online gradient step per
// round on the square loss (f − y)² at the arm played; Zhou et al. instead run J steps of gradient
// descent on all the history with an mλ‖θ − θ_0‖² regulariser, whose memory grows with T.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"

namespace regretlab::algorithms::contextual {

inline constexpr int64_t kMaxFullParameters = 4000;

inline std::vector<core::ParamSpec> NeuralConfidenceParams(double exploration, std::string help) {
  return Concat(
      NeuralParams(false),
      {RealParam("lambda", 1.0, 0, kInf, true,
                 "regularisation lambda of Z = lambda I + sum g g'/m"),
       RealParam("exploration", exploration, 0, kInf, false, std::move(help)),
       ChoiceParam("covariance", "diagonal", {"diagonal", "full"},
                   "Z kept in full (rank-one inverse updates; at most 4000 parameters) or "
                   "its diagonal approximation")});
}

class NeuralConfidence {
 public:
  explicit NeuralConfidence(const core::Params& params)
      : model_(params),
        params_(params),
        lambda_(params.Real("lambda")),
        full_(params.String("covariance") == "full") {}

  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    const std::string problem = model_.CheckInfo(info);
    if (!problem.empty()) return problem;
    const int64_t count = NeuralModel::CountParameters(params_, info);
    if (full_ && count > kMaxFullParameters) {
      return "covariance = \"full\" keeps a " + std::to_string(count) + " x " +
             std::to_string(count) + " inverse; it is limited to " +
             std::to_string(kMaxFullParameters) +
             " parameters (use covariance = \"diagonal\" or a smaller network)";
    }
    return "";
  }

  void Reset(const protocol::ContextualInfo& info, random::Rng& init_rng) {
    model_.Reset(info, init_rng);
    const int64_t p = model_.mlp().NumParameters();
    inverse_m_ = 1.0 / static_cast<double>(model_.width());
    if (full_) {
      inverse_ = (1.0 / lambda_) * Eigen::MatrixXd::Identity(p, p);
      gradient_.setZero(p);
    } else {
      diagonal_.setConstant(p, lambda_);
    }
    sigma_.assign(static_cast<size_t>(info.num_arms), 0.0);
  }

  // f(θ; x_a) for every arm and σ_a = √(g_aᵀZ⁻¹g_a/m).
  void Evaluate(const protocol::ContextBatch& batch, random::Rng& rng) {
    model_.Predict(batch, rng);
    for (int64_t a = 0; a < batch.num_arms; ++a) sigma_[static_cast<size_t>(a)] = Sigma(a);
  }

  // Adds g_a g_aᵀ/m to Z for the arm played, then one gradient step on (f − y)².
  void Update(int64_t arm, double loss) {
    if (full_) {
      DenseGradient(arm);
      const Eigen::VectorXd u = inverse_ * gradient_;
      inverse_.noalias() -=
          (u * u.transpose()) * (inverse_m_ / (1.0 + inverse_m_ * gradient_.dot(u)));
    } else {
      model_.VisitGradient(arm, [&](int64_t i, double g) { diagonal_[i] += g * g * inverse_m_; });
    }
    model_.Step(arm, 2.0 * (model_.raw()[static_cast<size_t>(arm)] - loss));
  }

  std::span<const double> predictions() const { return model_.raw(); }
  std::span<const double> sigmas() const { return sigma_; }
  double lambda() const { return lambda_; }

 private:
  double Sigma(int64_t arm) {
    double quadratic = 0;
    if (full_) {
      DenseGradient(arm);
      quadratic = gradient_.dot(inverse_ * gradient_);
    } else {
      model_.VisitGradient(arm, [&](int64_t i, double g) { quadratic += g * g / diagonal_[i]; });
    }
    return std::sqrt(std::max(0.0, quadratic * inverse_m_));
  }
  void DenseGradient(int64_t arm) {
    gradient_.setZero();
    model_.VisitGradient(arm, [&](int64_t i, double g) { gradient_[i] = g; });
  }

  NeuralModel model_;
  core::Params params_;
  double lambda_;
  bool full_;
  double inverse_m_ = 1;
  Eigen::MatrixXd inverse_;
  Eigen::VectorXd diagonal_, gradient_;
  std::vector<double> sigma_;
};

// NeuralUCB and NeuralTS differ only in the score whose argmin they play:
//   Rule::Score(f_a, σ_a, exploration, λ, rng) -> double.
template <class Rule>
class NeuralConfidenceLearner {
 public:
  explicit NeuralConfidenceLearner(const core::Params& params)
      : confidence_(params), exploration_(params.Real("exploration")) {}
  std::string CheckInfo(const protocol::ContextualInfo& info) const {
    return confidence_.CheckInfo(info);
  }
  void Reset(const protocol::ContextualInfo& info, random::Rng& init_rng) {
    confidence_.Reset(info, init_rng);
    scores_.assign(static_cast<size_t>(info.num_arms), 0.0);
  }
  int64_t Select(const protocol::ContextBatch& batch, random::Rng& rng) {
    confidence_.Evaluate(batch, rng);
    for (size_t a = 0; a < scores_.size(); ++a) {
      scores_[a] = Rule::Score(confidence_.predictions()[a], confidence_.sigmas()[a], exploration_,
                               confidence_.lambda(), rng);
    }
    return ArgMin(scores_);
  }
  void Observe(int64_t arm, double loss) { confidence_.Update(arm, loss); }

 private:
  NeuralConfidence confidence_;
  double exploration_;
  std::vector<double> scores_;
};

}  // namespace regretlab::algorithms::contextual
