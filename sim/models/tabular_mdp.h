// Layered finite MDPs: the model, exact dynamic programming and trajectory sampling, shared by
// the `episodic_mdp` protocol (sim/protocol/episodic_mdp.h), its environments and learners, and
// meant to be reused by other episodic protocols (e.g. latent MDPs).
//
// Model (docs/theory/log_barrier.md §3.3). Steps h = 0..H−1 (the paper's h = 1..H), S states in
// every layer, A actions. An episode starts in state `initial_state` of layer 0; from (h, s, a)
// with h < H−1 it moves to state s' of layer h+1 with probability P_h(s'|s, a). The layered
// structure means a state is the pair (h, s): a "Markov policy" π_h(a|s) may differ per step.
// Losses ℓ(h, s, a) ∈ [0, 1].
//
// Flat layouts (row-major, all `std::vector<double>`):
//   policy, loss, Q, occupancy   index (h·S + s)·A + a          size H·S·A      (StateActionIndex)
//   transition                   index ((h·S + s)·A + a)·S + s'  size (H−1)·S·A·S
//   state values V               index h·S + s                   size H·S
//
// Exact computations (all O(H·S²·A)):
//   Occupancy(model, π)        q_h(s, a) = Pr[s_h = s, a_h = a] under π   (forward recursion)
//   ExpectedLoss(model, π, ℓ)  V^π(s_init) = Σ q·ℓ, the value of the episode
//   EvaluateQ(model, π, ℓ)     Q^π_h(s, a) = ℓ_h(s, a) + Σ_{s'} P_h(s'|s,a) V^π_{h+1}(s')
//   (backward) BestPolicy(model, ℓ)       the deterministic Markov policy minimising V^π(s_init)
//   (backward
//                              DP; ties go to the smallest action), and its value. Since V^π is
//                              linear in ℓ for fixed P, the best fixed policy in hindsight for
//                              losses ℓ_1..ℓ_K is BestPolicy(model, Σ_k ℓ_k)
//                              (docs/theory/log_barrier.md §3.3).
// Sampling: SampleTrajectory draws actions from π with one generator and next states with
// another (the engine keeps them apart: learner and environment/simulator streams).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/random/samplers.h"

namespace regretlab::models {

struct LayeredMdp {
  int64_t horizon = 0;      // H
  int64_t num_states = 0;   // S per layer
  int64_t num_actions = 0;  // A
  int64_t initial_state = 0;
  std::vector<double> transition;  // ((h·S + s)·A + a)·S + s', h < H−1

  size_t StateActionCount() const {
    return static_cast<size_t>(horizon * num_states * num_actions);
  }
  size_t StateActionIndex(int64_t h, int64_t s, int64_t a) const {
    return static_cast<size_t>((h * num_states + s) * num_actions + a);
  }
  // P_h(·|s, a) as a span of S entries.
  std::span<const double> Next(int64_t h, int64_t s, int64_t a) const {
    return std::span<const double>(transition)
        .subspan(StateActionIndex(h, s, a) * static_cast<size_t>(num_states),
                 static_cast<size_t>(num_states));
  }
};

// Empty string when `model` is well formed (sizes, stochastic rows within 1e-9), else what is
// wrong. Used by the environments' checks and by the tests.
inline std::string CheckModel(const LayeredMdp& model) {
  if (model.horizon < 1 || model.num_states < 1 || model.num_actions < 1) {
    return "H, S and A must be at least 1";
  }
  if (model.initial_state < 0 || model.initial_state >= model.num_states) {
    return "initial state out of range";
  }
  const size_t expected = static_cast<size_t>((model.horizon - 1) * model.num_states *
                                              model.num_actions * model.num_states);
  if (model.transition.size() != expected) {
    return "transition table has " + std::to_string(model.transition.size()) + " entries, not " +
           std::to_string(expected);
  }
  for (int64_t h = 0; h + 1 < model.horizon; ++h) {
    for (int64_t s = 0; s < model.num_states; ++s) {
      for (int64_t a = 0; a < model.num_actions; ++a) {
        double total = 0;
        for (const double p : model.Next(h, s, a)) {
          if (!(p >= 0)) return "negative transition probability";
          total += p;
        }
        if (std::abs(total - 1) > 1e-9) return "a transition row does not sum to 1";
      }
    }
  }
  return "";
}

// Empty when every π_h(·|s) is a distribution (non-negative, sums to 1 within 1e-9).
inline std::string CheckPolicy(const LayeredMdp& model, std::span<const double> policy) {
  if (policy.size() != model.StateActionCount()) return "policy has the wrong size";
  for (size_t row = 0; row < policy.size(); row += static_cast<size_t>(model.num_actions)) {
    double total = 0;
    for (int64_t a = 0; a < model.num_actions; ++a) {
      const double p = policy[row + static_cast<size_t>(a)];
      if (!(p >= 0)) return "negative or NaN action probability";
      total += p;
    }
    if (std::abs(total - 1) > 1e-9) return "an action distribution does not sum to 1";
  }
  return "";
}

// q_h(s, a) = Pr[s_h = s, a_h = a] under π from the initial state.
inline void Occupancy(const LayeredMdp& model, std::span<const double> policy,
                      std::span<double> occupancy) {
  const int64_t num_s = model.num_states, num_a = model.num_actions;
  std::vector<double> state_mass(static_cast<size_t>(num_s), 0.0), next(state_mass.size());
  state_mass[static_cast<size_t>(model.initial_state)] = 1.0;
  for (int64_t h = 0; h < model.horizon; ++h) {
    std::fill(next.begin(), next.end(), 0.0);
    for (int64_t s = 0; s < num_s; ++s) {
      for (int64_t a = 0; a < num_a; ++a) {
        const size_t index = model.StateActionIndex(h, s, a);
        const double mass = state_mass[static_cast<size_t>(s)] * policy[index];
        occupancy[index] = mass;
        if (h + 1 < model.horizon && mass != 0) {
          const auto row = model.Next(h, s, a);
          for (int64_t s2 = 0; s2 < num_s; ++s2) next[static_cast<size_t>(s2)] += mass * row[s2];
        }
      }
    }
    state_mass.swap(next);
  }
}

// V^π(s_init) for one loss table: Σ_{h,s,a} q_h(s,a) ℓ_h(s,a).
inline double ExpectedLoss(const LayeredMdp& model, std::span<const double> policy,
                           std::span<const double> loss) {
  std::vector<double> occupancy(model.StateActionCount());
  Occupancy(model, policy, occupancy);
  double total = 0;
  for (size_t i = 0; i < occupancy.size(); ++i) total += occupancy[i] * loss[i];
  return total;
}

// Q^π_h(s, a) (layout of the loss table) and V^π_h(s) (layout h·S + s), by backward recursion.
inline void EvaluateQ(const LayeredMdp& model, std::span<const double> policy,
                      std::span<const double> loss, std::span<double> q_values,
                      std::span<double> state_values) {
  const int64_t num_s = model.num_states, num_a = model.num_actions;
  for (int64_t h = model.horizon - 1; h >= 0; --h) {
    for (int64_t s = 0; s < num_s; ++s) {
      double value = 0;
      for (int64_t a = 0; a < num_a; ++a) {
        const size_t index = model.StateActionIndex(h, s, a);
        double q = loss[index];
        if (h + 1 < model.horizon) {
          const auto row = model.Next(h, s, a);
          const size_t next_layer = static_cast<size_t>((h + 1) * num_s);
          for (int64_t s2 = 0; s2 < num_s; ++s2) {
            q += row[s2] * state_values[next_layer + static_cast<size_t>(s2)];
          }
        }
        q_values[index] = q;
        value += policy[index] * q;
      }
      state_values[static_cast<size_t>(h * num_s + s)] = value;
    }
  }
}

// The deterministic Markov policy minimising V^π(s_init) for `loss` (one-hot rows written into
// `policy`), and its value. Ties are broken towards the smallest action.
inline double BestPolicy(const LayeredMdp& model, std::span<const double> loss,
                         std::span<double> policy) {
  const int64_t num_s = model.num_states, num_a = model.num_actions;
  std::vector<double> values(static_cast<size_t>(model.horizon * num_s), 0.0);
  for (int64_t h = model.horizon - 1; h >= 0; --h) {
    for (int64_t s = 0; s < num_s; ++s) {
      double best = std::numeric_limits<double>::infinity();
      int64_t best_action = 0;
      for (int64_t a = 0; a < num_a; ++a) {
        double q = loss[model.StateActionIndex(h, s, a)];
        if (h + 1 < model.horizon) {
          const auto row = model.Next(h, s, a);
          for (int64_t s2 = 0; s2 < num_s; ++s2) {
            q += row[s2] * values[static_cast<size_t>((h + 1) * num_s + s2)];
          }
        }
        if (q < best) {
          best = q;
          best_action = a;
        }
      }
      values[static_cast<size_t>(h * num_s + s)] = best;
      for (int64_t a = 0; a < num_a; ++a) {
        policy[model.StateActionIndex(h, s, a)] = a == best_action ? 1.0 : 0.0;
      }
    }
  }
  return values[static_cast<size_t>(model.initial_state)];
}

// One trajectory: states[h], actions[h] for h = 0..H−1. Actions from π with `action_rng`, next
// states from P with `transition_rng`.
template <class ActionRng, class TransitionRng>
inline void SampleTrajectory(const LayeredMdp& model, std::span<const double> policy,
                             ActionRng& action_rng, TransitionRng& transition_rng,
                             std::span<int64_t> states, std::span<int64_t> actions) {
  int64_t s = model.initial_state;
  const auto num_a = static_cast<size_t>(model.num_actions);
  for (int64_t h = 0; h < model.horizon; ++h) {
    states[h] = s;
    const auto row = policy.subspan(model.StateActionIndex(h, s, 0), num_a);
    const int64_t a = static_cast<int64_t>(random::SampleCategorical(action_rng, row));
    actions[h] = a;
    if (h + 1 < model.horizon) {
      s = static_cast<int64_t>(random::SampleCategorical(transition_rng, model.Next(h, s, a)));
    }
  }
}

}  // namespace regretlab::models
