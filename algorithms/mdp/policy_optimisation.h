// The policy-optimisation pipeline shared by LB-PO (log-barrier FTRL per state; Dai, Luo, Wei,
// Zimmert 2023, Algorithm 1) and EW-PO (exponential weights per state; Luo, Wei & Lee 2021) on the
// episodic_mdp protocol (docs/theory/log_barrier.md §3.4). RECONSTRUCTION: the skeleton follows
// Luo, Wei & Lee 2021 [R]; that the per-state learner is log-barrier FTRL is from Dai et al.'s
// abstract [V]; every formula and parameter choice below is ours [U] (the paper's algorithm boxes
// could not be read).
//
// Notation (paper symbol → name here):
//   k, h           episode (1-based), step (0-based here)
//   φ(s, a) ∈ R^d  info.features (per step h: φ(h, s, a))
//   Σ_{k,h}        covariance_[h] = E_{(s,a)∼q^{π_k}_h} φφᵀ (exact) or its estimate from N_sim
//                  simulator rollouts of π_k
//   Σ⁺_{k,h}       inverse_[h] = (Σ_{k,h} + γ I)^{-1}
//   L_{k,h}        loss-to-go Σ_{h' ≥ h} ℓ_k(s_{k,h'}, a_{k,h'}) along the real trajectory
//   θ̂_{k,h}        Σ⁺ φ(s_{k,h}, a_{k,h}) L_{k,h};  Q̂_{k,h}(s, a) = φ(s,a)ᵀ θ̂_{k,h}   (may be ≪ 0)
//   b_{k,h}(s, a)  β (‖φ(s,a)‖²_{Σ⁺} + E_{a'∼π_k(s)} ‖φ(s,a')‖²_{Σ⁺})
//   B_{k,h}(s, a)  b + (1 + 1/H) E_{s'∼P(s,a), a'∼π_k(s')} B_{k,h+1}(s', a')   (dilated bonus)
//   C_h(s, ·)      cumulative_[(h,s,·)] = Σ_k (Q̂_{k,h} − B_{k,h})(s, ·)
//   π_k(·|s)       per-state learner on C_h(s, ·) with rate η
//
// Modes (parameter `covariance`):
//   exact      Σ_{k,h} and the dilated recursion use the true model (the learner declares
//              NeedsKnownTransitions; an oracle ablation, docs/theory/log_barrier.md §3.4
//              "exact-covariance mode");
//   simulator  Σ_{k,h} from N_sim rollouts of π_k (counted by the protocol), and the dilated
//              recursion uses the empirical transitions of every rollout and real trajectory so
//              far (uniform for a pair never tried) — our choice for "by simulator rollouts" [U].
//
// Rates: η = eta_scale · K^{−eta_exponent}, γ = gamma_scale · K^{−gamma_exponent}, β = beta_ratio ·
// η. LB-PO's defaults are (½, ½) (√K); EW-PO's are (⅔, ⅓), the tuning under which exponential
// weights are stable with linear-Q estimates of magnitude up to H/γ (Luo, Wei & Lee: K^{2/3}).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "algorithms/bandit/log_barrier_kernels.h"
#include "sim/core/check.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::algorithms::mdp {

// In-place inverse of the symmetric positive-definite d×d matrix `matrix` (row-major) by
// Cholesky: A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹. d is small (S·A or the linear-MDP dimension).
inline void InvertSpd(std::vector<double>& matrix, size_t d) {
  std::vector<double> lower(d * d, 0.0);
  for (size_t i = 0; i < d; ++i) {
    for (size_t j = 0; j <= i; ++j) {
      double sum = matrix[i * d + j];
      for (size_t k = 0; k < j; ++k) sum -= lower[i * d + k] * lower[j * d + k];
      if (i == j) {
        REGRETLAB_CHECK(sum > 0, "covariance + ridge is not positive definite (pivot ", sum, ")");
        lower[i * d + i] = std::sqrt(sum);
      } else {
        lower[i * d + j] = sum / lower[j * d + j];
      }
    }
  }
  // L⁻¹ column by column (forward substitution), then A⁻¹ = L⁻ᵀ L⁻¹.
  std::vector<double> inverse_lower(d * d, 0.0);
  for (size_t col = 0; col < d; ++col) {
    for (size_t i = col; i < d; ++i) {
      double sum = i == col ? 1.0 : 0.0;
      for (size_t k = col; k < i; ++k) sum -= lower[i * d + k] * inverse_lower[k * d + col];
      inverse_lower[i * d + col] = sum / lower[i * d + i];
    }
  }
  for (size_t i = 0; i < d; ++i) {
    for (size_t j = 0; j <= i; ++j) {
      double sum = 0;
      for (size_t k = i; k < d; ++k) sum += inverse_lower[k * d + i] * inverse_lower[k * d + j];
      matrix[i * d + j] = matrix[j * d + i] = sum;
    }
  }
}

// The parameters common to LB-PO and EW-PO (defaults differ in the rate exponents).
inline std::vector<core::ParamSpec> PolicyOptimisationParams(double eta_exponent,
                                                             double gamma_exponent) {
  return {
      core::RealParam("eta_scale", 1.0, 0, core::kUnbounded, true,
                      "eta = eta_scale * K^-eta_exponent (must be > 0)"),
      core::RealParam("eta_exponent", eta_exponent, 0, 1, false, "exponent of K in eta"),
      core::RealParam("gamma_scale", 1.0, 0, core::kUnbounded, true,
                      "covariance ridge gamma = gamma_scale * K^-gamma_exponent"),
      core::RealParam("gamma_exponent", gamma_exponent, 0, 1, false, "exponent of K in gamma"),
      core::RealParam("beta_ratio", 1.0, 0, core::kUnbounded, false,
                      "bonus scale beta = beta_ratio * eta (0 = no bonus, the ablation)"),
      core::IntegerParam("rollouts", 0, 0, 1e9, "simulator rollouts per episode N_sim; 0 = 20 d"),
      core::ChoiceParam(
          "covariance", "simulator", {"simulator", "exact"},
          "estimate the covariance from simulator rollouts, or use the exact one (oracle)"),
  };
}

// `PerStateWeights` is a callable (span<const double> cumulative, double eta, span<double> out).
template <class PerStateWeights>
class PolicyOptimisation : public protocol::EpisodicMdpLearner {
 public:
  explicit PolicyOptimisation(const core::Params& params)
      : eta_scale_(params.Real("eta_scale")),
        eta_exponent_(params.Real("eta_exponent")),
        gamma_scale_(params.Real("gamma_scale")),
        gamma_exponent_(params.Real("gamma_exponent")),
        beta_ratio_(params.Real("beta_ratio")),
        rollouts_parameter_(params.Integer("rollouts")),
        exact_(params.String("covariance") == "exact") {}

  bool NeedsKnownTransitions() const override { return exact_; }

  void Reset(const protocol::EpisodicMdpInfo& info) override {
    info_ = info;
    REGRETLAB_CHECK(!exact_ || info.known_model != nullptr, "exact mode needs the model");
    const double episodes = static_cast<double>(std::max<int64_t>(info.episodes, 1));
    eta_ = eta_scale_ * std::pow(episodes, -eta_exponent_);
    gamma_ = gamma_scale_ * std::pow(episodes, -gamma_exponent_);
    beta_ = beta_ratio_ * eta_;
    d_ = static_cast<size_t>(info.feature_dimension);
    rollouts_ = rollouts_parameter_ > 0 ? rollouts_parameter_ : 20 * info.feature_dimension;
    const size_t size = info.StateActionCount();
    cumulative_.assign(size, 0.0);
    policy_.assign(size, 1.0 / static_cast<double>(info.num_actions));
    inverse_.assign(static_cast<size_t>(info.horizon), std::vector<double>(d_ * d_, 0.0));
    const size_t transitions = static_cast<size_t>(info.horizon > 1 ? info.horizon - 1 : 0) *
                               static_cast<size_t>(info.num_states * info.num_actions);
    transition_counts_.assign(transitions * static_cast<size_t>(info.num_states), 0.0);
    visit_counts_.assign(transitions, 0.0);
    occupancy_.assign(size, 0.0);
    states_.assign(static_cast<size_t>(info.horizon), 0);
    actions_.assign(static_cast<size_t>(info.horizon), 0);
  }

  std::span<const double> Policy(int64_t /*episode*/, protocol::MdpSimulator& simulator,
                                 random::Rng& /*rng*/) override {
    const size_t num_a = static_cast<size_t>(info_.num_actions);
    for (size_t row = 0; row < policy_.size(); row += num_a) {
      weights_(std::span<const double>(cumulative_).subspan(row, num_a), eta_,
               std::span<double>(policy_).subspan(row, num_a));
    }
    // Occupancy of π_k: exact, or the empirical frequencies of N_sim rollouts.
    if (exact_) {
      protocol::Occupancy(*info_.known_model, policy_, occupancy_);
    } else {
      std::fill(occupancy_.begin(), occupancy_.end(), 0.0);
      const double weight = 1.0 / static_cast<double>(rollouts_);
      for (int64_t n = 0; n < rollouts_; ++n) {
        simulator.Rollout(policy_, states_, actions_);
        for (int64_t h = 0; h < info_.horizon; ++h) {
          occupancy_[info_.StateActionIndex(h, states_[h], actions_[h])] += weight;
        }
        CountTransitions();
      }
    }
    // Σ_{k,h} = Σ_{s,a} q_h(s,a) φφᵀ, then (Σ + γI)^{-1}.
    for (int64_t h = 0; h < info_.horizon; ++h) {
      std::vector<double>& matrix = inverse_[static_cast<size_t>(h)];
      std::fill(matrix.begin(), matrix.end(), 0.0);
      for (int64_t s = 0; s < info_.num_states; ++s) {
        for (int64_t a = 0; a < info_.num_actions; ++a) {
          const size_t index = info_.StateActionIndex(h, s, a);
          const double mass = occupancy_[index];
          if (mass == 0) continue;
          const auto phi = info_.Feature(index);
          for (size_t i = 0; i < d_; ++i) {
            if (phi[i] == 0) continue;
            for (size_t j = 0; j < d_; ++j) matrix[i * d_ + j] += mass * phi[i] * phi[j];
          }
        }
      }
      for (size_t i = 0; i < d_; ++i) matrix[i * d_ + i] += gamma_;
      InvertSpd(matrix, d_);
    }
    return policy_;
  }

  void Observe(const protocol::MdpTrajectory& trajectory) override {
    const int64_t horizon = info_.horizon, num_s = info_.num_states, num_a = info_.num_actions;
    for (int64_t h = 0; h < horizon; ++h) {
      states_[static_cast<size_t>(h)] = trajectory.states[static_cast<size_t>(h)];
      actions_[static_cast<size_t>(h)] = trajectory.actions[static_cast<size_t>(h)];
    }
    CountTransitions();
    std::vector<double> theta(d_), bonus(info_.StateActionCount()), dilated(bonus.size(), 0.0),
        weighted(d_);
    double loss_to_go = 0;
    for (int64_t h = horizon - 1; h >= 0; --h) {
      loss_to_go += trajectory.losses[static_cast<size_t>(h)];
      const std::vector<double>& inverse = inverse_[static_cast<size_t>(h)];
      // θ̂ = Σ⁺ φ(s_h, a_h) L_h.
      const auto phi_played =
          info_.Feature(info_.StateActionIndex(h, trajectory.states[static_cast<size_t>(h)],
                                               trajectory.actions[static_cast<size_t>(h)]));
      for (size_t i = 0; i < d_; ++i) {
        double sum = 0;
        for (size_t j = 0; j < d_; ++j) sum += inverse[i * d_ + j] * phi_played[j];
        theta[i] = sum * loss_to_go;
      }
      for (int64_t s = 0; s < num_s; ++s) {
        // ‖φ(s,a)‖²_{Σ⁺} per action, and its mean under π_k(·|s).
        double mean_norm = 0;
        for (int64_t a = 0; a < num_a; ++a) {
          const size_t index = info_.StateActionIndex(h, s, a);
          const double norm = QuadraticForm(inverse, info_.Feature(index), weighted);
          bonus[index] = norm;
          mean_norm += policy_[index] * norm;
        }
        for (int64_t a = 0; a < num_a; ++a) {
          const size_t index = info_.StateActionIndex(h, s, a);
          bonus[index] = beta_ * (bonus[index] + mean_norm);
          const auto phi = info_.Feature(index);
          double q_estimate = 0;
          for (size_t i = 0; i < d_; ++i) q_estimate += phi[i] * theta[i];
          // Dilated bonus: B_h = b_h + (1 + 1/H) E_{s'∼P, a'∼π_k} B_{h+1}.
          double next = 0;
          if (h + 1 < horizon) {
            for (int64_t s2 = 0; s2 < num_s; ++s2) {
              const double p = Transition(h, s, a, s2);
              if (p == 0) continue;
              double value = 0;
              for (int64_t a2 = 0; a2 < num_a; ++a2) {
                const size_t next_index = info_.StateActionIndex(h + 1, s2, a2);
                value += policy_[next_index] * dilated[next_index];
              }
              next += p * value;
            }
          }
          dilated[index] = bonus[index] + (1.0 + 1.0 / static_cast<double>(horizon)) * next;
          cumulative_[index] += q_estimate - dilated[index];
        }
      }
    }
    last_bonus_ = bonus;
    last_dilated_ = dilated;
  }

  // For tests: the per-step and dilated bonuses of the last Observe, and the rates in use.
  const std::vector<double>& last_bonus() const { return last_bonus_; }
  const std::vector<double>& last_dilated() const { return last_dilated_; }
  const std::vector<double>& cumulative() const { return cumulative_; }
  double eta() const { return eta_; }
  double gamma() const { return gamma_; }

 private:
  static double QuadraticForm(const std::vector<double>& matrix, std::span<const double> phi,
                              std::vector<double>& scratch) {
    const size_t d = phi.size();
    double total = 0;
    for (size_t i = 0; i < d; ++i) {
      double sum = 0;
      for (size_t j = 0; j < d; ++j) sum += matrix[i * d + j] * phi[j];
      scratch[i] = sum;
      total += phi[i] * sum;
    }
    return total;
  }

  // P(s'|h, s, a): the true model (exact mode) or the empirical one (uniform when unvisited).
  double Transition(int64_t h, int64_t s, int64_t a, int64_t next) const {
    if (exact_) return info_.known_model->Next(h, s, a)[next];
    const size_t pair = info_.StateActionIndex(h, s, a);
    const double visits = visit_counts_[pair];
    if (visits == 0) return 1.0 / static_cast<double>(info_.num_states);
    return transition_counts_[pair * static_cast<size_t>(info_.num_states) +
                              static_cast<size_t>(next)] /
           visits;
  }

  // Adds the transitions of (states_, actions_) to the empirical model (simulator mode).
  void CountTransitions() {
    if (exact_) return;
    for (int64_t h = 0; h + 1 < info_.horizon; ++h) {
      const size_t pair = info_.StateActionIndex(h, states_[static_cast<size_t>(h)],
                                                 actions_[static_cast<size_t>(h)]);
      visit_counts_[pair] += 1;
      transition_counts_[pair * static_cast<size_t>(info_.num_states) +
                         static_cast<size_t>(states_[static_cast<size_t>(h + 1)])] += 1;
    }
  }

  double eta_scale_, eta_exponent_, gamma_scale_, gamma_exponent_, beta_ratio_;
  int64_t rollouts_parameter_;
  bool exact_;
  PerStateWeights weights_;
  protocol::EpisodicMdpInfo info_;
  double eta_ = 0, gamma_ = 0, beta_ = 0;
  size_t d_ = 0;
  int64_t rollouts_ = 0;
  std::vector<double> cumulative_, policy_, occupancy_;
  std::vector<std::vector<double>> inverse_;
  std::vector<double> transition_counts_, visit_counts_;
  std::vector<int64_t> states_, actions_;
  std::vector<double> last_bonus_, last_dilated_;
};

}  // namespace regretlab::algorithms::mdp
