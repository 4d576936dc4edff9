// O-REPS: online relative-entropy policy search, i.e. mirror descent over occupancy measures with
// known transitions and bandit feedback — the reference learner of the log-barrier experiment
// (docs/theory/log_barrier.md §3.8, §3.9) [R].
//
// Reference: A. Zimin, G. Neu (2013). Online learning in episodic Markovian decision processes by
//   relative entropy policy search. NeurIPS 2013 (O-REPS, bandit feedback, known P).
//
// Policy: keep an occupancy measure q_k over (h, s, a) in the polytope Δ(P) of occupancies the
// known transitions allow (flow conservation from the start state). Play π_k(a|h,s) ∝ q_k(h,s,a)
// (uniform where the state has no mass); then, with the real trajectory's losses, build the
// importance-weighted estimate ℓ̂(h,s,a) = ℓ 1[(s_h, a_h) = (s, a)] / (q_k(h,s,a) + γ) and update
//   q_{k+1} = argmin_{q ∈ Δ(P)} η⟨q, ℓ̂⟩ + KL(q ‖ q_k)      (unnormalised KL over (h, s, a)).
// The Lagrangian of the flow constraints gives q_{k+1}(h,s,a) = q_k(h,s,a) exp(B_v(h,s,a)) with
//   B_v(h,s,a) = −η ℓ̂(h,s,a) − v(h,s) + Σ_{s'} P_h(s'|s,a) v(h+1,s'),   v(H, ·) = 0,
// where v ∈ R^{H·S} minimises the convex dual Φ(v) = Σ q_k exp(B_v) + v(0, s_init), whose gradient
// is (inflow − outflow) per state. We minimise Φ by Newton's method with a backtracking line
// search (Hessian Σ q_{k+1} c cᵀ, c = ∂B/∂v, solved by Cholesky with a 1e-12 ridge for states no
// policy reaches) until the flow residual is below 1e-11, or below 1e-8 once Φ stops decreasing
// beyond round-off; v is warm-started from the last episode.
//
// Guarantee [R: our derivation from the standard OMD analysis; constants not checked against
// Zimin & Neu]: with γ = 0, KL(q* ‖ q_1) ≤ H ln A for q_1 the uniform policy's occupancy (both
// follow P, so only the policy terms remain), and E Σ q_k ℓ̂_k² ≤ H S A per episode, so
//   E[regret(K)] ≤ H ln A / η + η K H S A / 2,
// which is H sqrt(2 K S A ln A) for the default η = sqrt(2 ln A / (K S A)). Registered as
// `o_reps_known_p` on the expected regret.
//
// Protocol: episodic_mdp; declares NeedsKnownTransitions (the reference has the true P).
//
// Parameters:
//   name   default  range  meaning
//   eta    0        ≥ 0    learning rate; 0 = sqrt(2 ln A / (K S A))
//   gamma  0        ≥ 0    implicit exploration added to q in the estimate's denominator
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/mdp/policy_optimisation.h"  // InvertSpd
#include "sim/core/check.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/models/tabular_mdp.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::mdp {
namespace {

double TunedRate(double episodes, double states, double actions) {
  return std::sqrt(2.0 * std::log(actions) / (episodes * states * actions));
}

class OReps final : public protocol::EpisodicMdpLearner {
 public:
  explicit OReps(const core::Params& params)
      : eta_parameter_(params.Real("eta")), gamma_(params.Real("gamma")) {}

  bool NeedsKnownTransitions() const override { return true; }

  void Reset(const protocol::EpisodicMdpInfo& info) override {
    REGRETLAB_CHECK(info.known_model != nullptr, "o_reps needs the known model");
    model_ = info.known_model;
    eta_ = eta_parameter_ > 0 ? eta_parameter_
                              : TunedRate(static_cast<double>(std::max<int64_t>(info.episodes, 1)),
                                          static_cast<double>(info.num_states),
                                          static_cast<double>(info.num_actions));
    const size_t size = model_->StateActionCount();
    policy_.assign(size, 1.0 / static_cast<double>(model_->num_actions));
    occupancy_.assign(size, 0.0);
    protocol::Occupancy(*model_, policy_, occupancy_);
    estimate_.assign(size, 0.0);
    potential_.assign(static_cast<size_t>(model_->horizon * model_->num_states), 0.0);
  }

  std::span<const double> Policy(int64_t, protocol::MdpSimulator&, random::Rng&) override {
    return policy_;
  }

  void Observe(const protocol::MdpTrajectory& trajectory) override {
    std::fill(estimate_.begin(), estimate_.end(), 0.0);
    for (int64_t h = 0; h < model_->horizon; ++h) {
      const size_t index = model_->StateActionIndex(h, trajectory.states[static_cast<size_t>(h)],
                                                    trajectory.actions[static_cast<size_t>(h)]);
      estimate_[index] = trajectory.losses[static_cast<size_t>(h)] / (occupancy_[index] + gamma_);
    }
    Project();
    // π_{k+1}(a|h,s) ∝ q_{k+1}(h,s,a).
    const size_t num_a = static_cast<size_t>(model_->num_actions);
    for (size_t row = 0; row < policy_.size(); row += num_a) {
      double mass = 0;
      for (size_t a = 0; a < num_a; ++a) mass += occupancy_[row + a];
      for (size_t a = 0; a < num_a; ++a) {
        policy_[row + a] = mass > 0 ? occupancy_[row + a] / mass : 1.0 / static_cast<double>(num_a);
      }
    }
  }

 private:
  // B_v(h,s,a) for the current potential; writes the candidate q into `next` and returns Φ(v).
  double Evaluate(const std::vector<double>& potential, std::vector<double>& next) const {
    const int64_t num_s = model_->num_states, num_a = model_->num_actions;
    double phi = potential[static_cast<size_t>(model_->initial_state)];
    for (int64_t h = 0; h < model_->horizon; ++h) {
      for (int64_t s = 0; s < num_s; ++s) {
        for (int64_t a = 0; a < num_a; ++a) {
          const size_t index = model_->StateActionIndex(h, s, a);
          if (occupancy_[index] == 0) {
            next[index] = 0;
            continue;
          }
          double exponent =
              -eta_ * estimate_[index] - potential[static_cast<size_t>(h * num_s + s)];
          if (h + 1 < model_->horizon) {
            const auto row = model_->Next(h, s, a);
            for (int64_t s2 = 0; s2 < num_s; ++s2) {
              exponent += row[s2] * potential[static_cast<size_t>((h + 1) * num_s + s2)];
            }
          }
          next[index] = occupancy_[index] * std::exp(exponent);
          phi += next[index];
        }
      }
    }
    return phi;
  }

  // Gradient of Φ: inflow − outflow per state (h, s).
  void Gradient(const std::vector<double>& next, std::vector<double>& gradient) const {
    const int64_t num_s = model_->num_states, num_a = model_->num_actions;
    std::fill(gradient.begin(), gradient.end(), 0.0);
    gradient[static_cast<size_t>(model_->initial_state)] += 1.0;
    for (int64_t h = 0; h < model_->horizon; ++h) {
      for (int64_t s = 0; s < num_s; ++s) {
        for (int64_t a = 0; a < num_a; ++a) {
          const size_t index = model_->StateActionIndex(h, s, a);
          const double mass = next[index];
          if (mass == 0) continue;
          gradient[static_cast<size_t>(h * num_s + s)] -= mass;
          if (h + 1 < model_->horizon) {
            const auto row = model_->Next(h, s, a);
            for (int64_t s2 = 0; s2 < num_s; ++s2) {
              gradient[static_cast<size_t>((h + 1) * num_s + s2)] += mass * row[s2];
            }
          }
        }
      }
    }
  }

  void Project() {
    const int64_t num_s = model_->num_states, num_a = model_->num_actions;
    const size_t n = potential_.size();
    std::vector<double> next(occupancy_.size()), trial(occupancy_.size()), gradient(n),
        hessian(n * n), step(n), candidate(n), column(n);
    double phi = Evaluate(potential_, next);
    for (int iteration = 0; iteration < 100; ++iteration) {
      Gradient(next, gradient);
      double residual = 0;
      for (const double g : gradient) residual = std::max(residual, std::abs(g));
      if (residual <= 1e-11) break;
      // Hessian Σ q c cᵀ with c = −e_{(h,s)} + Σ_{s'} P(s'|s,a) e_{(h+1,s')}.
      std::fill(hessian.begin(), hessian.end(), 0.0);
      for (int64_t h = 0; h < model_->horizon; ++h) {
        for (int64_t s = 0; s < num_s; ++s) {
          for (int64_t a = 0; a < num_a; ++a) {
            const double mass = next[model_->StateActionIndex(h, s, a)];
            if (mass == 0) continue;
            std::fill(column.begin(), column.end(), 0.0);
            column[static_cast<size_t>(h * num_s + s)] = -1.0;
            if (h + 1 < model_->horizon) {
              const auto row = model_->Next(h, s, a);
              for (int64_t s2 = 0; s2 < num_s; ++s2) {
                column[static_cast<size_t>((h + 1) * num_s + s2)] = row[s2];
              }
            }
            for (size_t i = 0; i < n; ++i) {
              if (column[i] == 0) continue;
              for (size_t j = 0; j < n; ++j) hessian[i * n + j] += mass * column[i] * column[j];
            }
          }
        }
      }
      for (size_t i = 0; i < n; ++i) hessian[i * n + i] += 1e-12;
      InvertSpd(hessian, n);
      for (size_t i = 0; i < n; ++i) {
        double sum = 0;
        for (size_t j = 0; j < n; ++j) sum += hessian[i * n + j] * gradient[j];
        step[i] = -sum;
      }
      // Backtracking (Armijo) on Φ along the Newton direction.
      double slope = 0;
      for (size_t i = 0; i < n; ++i) slope += gradient[i] * step[i];
      double length = 1.0;
      bool moved = false;
      double decrease = 0;
      for (int backtrack = 0; backtrack < 50; ++backtrack) {
        for (size_t i = 0; i < n; ++i) candidate[i] = potential_[i] + length * step[i];
        const double value = Evaluate(candidate, trial);
        if (std::isfinite(value) && value <= phi + 1e-4 * length * slope) {
          potential_.swap(candidate);
          next.swap(trial);
          decrease = phi - value;
          phi = value;
          moved = true;
          break;
        }
        length *= 0.5;
      }
      if (!moved) break;  // at the precision limit
      // Φ no longer decreases beyond round-off and the flow residual is already tiny: stop
      // (measured: otherwise ill-conditioned states with mass ~1e-9 can take 100 iterations).
      if (residual <= 1e-8 && decrease <= 1e-14 * std::max(1.0, std::abs(phi))) break;
    }
    occupancy_.swap(next);
  }

  double eta_parameter_, gamma_;
  double eta_ = 0;
  const protocol::LayeredMdp* model_ = nullptr;
  std::vector<double> policy_, occupancy_, estimate_, potential_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "o_reps",
      "O-REPS: mirror descent with unnormalised KL over occupancy measures, known transitions, "
      "importance-weighted bandit-feedback estimates",
      "A. Zimin, G. Neu (2013), NeurIPS, O-REPS with bandit feedback",
      "E regret(K) <= H ln A / eta + eta K H S A / 2 (our derivation [R])",
      {
          core::RealParam("eta", 0.0, 0, core::kUnbounded, false,
                          "learning rate; 0 = sqrt(2 ln A / (K S A))"),
          core::RealParam("gamma", 0.0, 0, core::kUnbounded, false,
                          "implicit exploration in the estimate's denominator (0 = unbiased)"),
      });
}

registry::BoundSpec Bound() {
  registry::BoundSpec bound = registry::UpperBound(
      "o_reps_known_p", protocol::kEpisodicMdpProtocol, "expected_regret", {"o_reps"},
      "mirror descent over occupancy measures (Zimin & Neu 2013); derivation in "
      "algorithms/mdp/o_reps.cc [R]",
      "E regret(k) <= H ln A / eta + eta k H S A / 2 (gamma = 0, known P)", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    return params.Real("gamma") == 0.0 && oracle.HasScalar("num_actions") &&
           oracle.Scalar("num_actions") >= 2;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t k) {
    const double h = oracle.Scalar("mdp_horizon"), s = oracle.Scalar("num_states"),
                 a = oracle.Scalar("num_actions");
    const double eta =
        params.Real("eta") > 0 ? params.Real("eta") : TunedRate(oracle.Scalar("episodes"), s, a);
    return h * std::log(a) / eta + eta * static_cast<double>(k) * h * s * a / 2.0;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::EpisodicMdpProtocol, OReps, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::algorithms::mdp
