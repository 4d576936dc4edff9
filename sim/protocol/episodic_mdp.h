// The adversarial episodic MDP protocol with bandit feedback and a simulator
// (docs/theory/log_barrier.md §3.3; Dai, Luo, Wei, Zimmert 2023, setting reconstructed [R] from the
// abstract and Luo, Wei & Lee 2021).
//
// A layered finite MDP (sim/models/tabular_mdp.h) with horizon H, S states per layer, A actions,
// a fixed start state and a fixed transition kernel P unknown to the learner, is played for K
// episodes (the cell's `horizon` is K). Before the run an oblivious adversary fixes the loss
// tables ℓ_k: (h, s, a) → [0, 1] (the environment's Loss(k) is a pure function of its replicate
// key and k). Episode k:
//   1. the learner hands over a Markov stochastic policy π_k (H·S·A probabilities, checked to be
//      distributions); before that it may roll out any policies in the simulator;
//   2. the engine runs one trajectory of π_k in the real MDP (actions from the learner's stream,
//      transitions from the environment's);
//   3. the learner observes the states, actions and losses along that trajectory only.
// What the learner knows (EpisodicMdpInfo): H, S, A, K, the start state and the feature map
// φ(h, s, a) ∈ R^d with ‖φ‖ ≤ 1 (linear-Q: Q^π_{k,h}(s,a) = φᵀθ). A learner that declares
// NeedsKnownTransitions() (the O-REPS reference) also gets P; no other does.
//
// Simulator (MdpSimulator): rolls out any policy in the true MDP from the start state and returns
// the states and actions (never a loss). It has its own stream (role `simulator`) and counts its
// calls; the count is recorded.
//
// Regret (docs/theory/conventions.md §1.1 (6), §3.3), exact: V^π_k = ⟨q^π, ℓ_k⟩ with q^π the
// occupancy measure, so
//   expected_regret(k) = Σ_{j≤k} V^{π_j}_j − min_π Σ_{j≤k} V^π_j,
// the minimum being the value of the DP-optimal deterministic policy for the cumulative loss
// Σ_{j≤k} ℓ_j (computed at every checkpoint). Metrics:
//   expected_regret   the exact regret above (named like the bandit protocol's Rao-Blackwellised
//                     regret, which it is: the expectation over the trajectory of π_k)
//   realized_regret   Σ_{j≤k} (losses along the real trajectory j) − the same minimum
//   simulator_calls   rollouts requested from the simulator so far
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/models/tabular_mdp.h"
#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

// The tabular model and its dynamic programming (sim/models/tabular_mdp.h) are the protocol's
// public vocabulary: learners receive a LayeredMdp when they ask for the known transitions.
using models::BestPolicy;
using models::CheckModel;
using models::CheckPolicy;
using models::EvaluateQ;
using models::ExpectedLoss;
using models::LayeredMdp;
using models::Occupancy;
using models::SampleTrajectory;

// What the learner is told before episode 1.
struct EpisodicMdpInfo {
  int64_t horizon = 0;      // H
  int64_t num_states = 0;   // S per layer
  int64_t num_actions = 0;  // A
  int64_t episodes = 0;     // K
  int64_t initial_state = 0;
  int64_t feature_dimension = 0;  // d
  // φ(h, s, a) at [StateActionIndex(h, s, a)·d .. + d).
  std::vector<double> features;
  // The true model, only for learners whose NeedsKnownTransitions() is true; else nullptr.
  const LayeredMdp* known_model = nullptr;

  size_t StateActionIndex(int64_t h, int64_t s, int64_t a) const {
    return static_cast<size_t>((h * num_states + s) * num_actions + a);
  }
  size_t StateActionCount() const {
    return static_cast<size_t>(horizon * num_states * num_actions);
  }
  std::span<const double> Feature(size_t state_action) const {
    return std::span<const double>(features).subspan(
        state_action * static_cast<size_t>(feature_dimension),
        static_cast<size_t>(feature_dimension));
  }
};

// One real trajectory: the states, actions and losses at steps h = 0..H−1.
struct MdpTrajectory {
  std::vector<int64_t> states, actions;
  std::vector<double> losses;
};

// Counted rollouts of any Markov policy in the true MDP; never reveals a loss.
class MdpSimulator {
 public:
  MdpSimulator(const LayeredMdp& model, const random::StreamKey& key) : model_(model), rng_(key) {}
  // One trajectory of `policy` from the start state (states and actions have H entries).
  void Rollout(std::span<const double> policy, std::span<int64_t> states,
               std::span<int64_t> actions) {
    ++calls_;
    SampleTrajectory(model_, policy, rng_, rng_, states, actions);
  }
  int64_t calls() const { return calls_; }

 private:
  const LayeredMdp& model_;
  random::Rng rng_;
  int64_t calls_ = 0;
};

// An episodic MDP environment: the model (possibly drawn per replicate), the feature map and an
// oblivious loss sequence.
class EpisodicMdpEnvironment : public registry::Component {
 public:
  // Set by the engine before the first Reset: the number of episodes K.
  void SetHorizon(int64_t episodes) { horizon_ = episodes; }
  int64_t horizon() const { return horizon_; }

  // Prepares replicate `key.replicate`: draws the model and fixes the loss sequence.
  virtual void Reset(const random::StreamKey& key) = 0;
  virtual const LayeredMdp& Model() const = 0;
  virtual int64_t FeatureDimension() const = 0;
  // φ in the layout of EpisodicMdpInfo::features.
  virtual void Features(std::span<double> features) const = 0;
  // ℓ_k(h, s, a) ∈ [0, 1] for episode k = 1..K, a pure function of the replicate key and k.
  virtual void Loss(int64_t episode, std::span<double> loss) const = 0;
  // Named quantities for the bounds (H, S, A, d, K, ...).
  virtual registry::OracleInfo Oracle() const;

 protected:
  int64_t horizon_ = 0;
};

// A learner of this protocol; algorithms derive from it and take `const core::Params&`.
class EpisodicMdpLearner : public registry::Component {
 public:
  virtual bool NeedsKnownTransitions() const { return false; }
  // Must make the object equivalent to a fresh one.
  virtual void Reset(const EpisodicMdpInfo& info) = 0;
  // π_k for episode k (1-based): H·S·A probabilities in the StateActionIndex layout, valid until
  // the next call. May roll out policies in `simulator`; `rng` is the learner's stream.
  virtual std::span<const double> Policy(int64_t episode, MdpSimulator& simulator,
                                         random::Rng& rng) = 0;
  virtual void Observe(const MdpTrajectory& trajectory) = 0;
};

struct EpisodicMdpProtocol;

// The final values of one replicate (for tests).
struct EpisodicMdpOutcome {
  double expected_regret = 0, realized_regret = 0;
  int64_t simulator_calls = 0;
};

// Runs one replicate of `learner` on `environment` (already Reset); `environment_key` keys the
// real transitions (substream 1) and the simulator (role simulator); `writer` (none: record
// nothing) receives the checkpoints.
EpisodicMdpOutcome RunEpisodicMdpReplicate(EpisodicMdpLearner& learner,
                                           EpisodicMdpEnvironment& environment,
                                           random::Rng& learner_rng,
                                           const random::StreamKey& environment_key,
                                           CheckpointWriter<EpisodicMdpProtocol>* writer);

// The public information of `environment` for `learner`.
EpisodicMdpInfo MakeEpisodicMdpInfo(const EpisodicMdpEnvironment& environment,
                                    const EpisodicMdpLearner& learner);

// The protocol's traits (sim/protocol/kit.h). Learners derive from EpisodicMdpLearner.
struct EpisodicMdpProtocol {
  static constexpr const char* kName = "episodic_mdp";
  static constexpr const char* kSummary =
      "adversarial episodic layered MDP: Markov policies per episode, bandit feedback along the "
      "trajectory, a counted simulator, exact DP regret against the best fixed policy";
  using Info = EpisodicMdpInfo;
  using Environment = EpisodicMdpEnvironment;
  using Learner = EpisodicMdpLearner;
  enum class Metric { kExpectedRegret, kRealizedRegret, kSimulatorCalls };
  static constexpr std::array kMetrics = {
      MetricDef{"expected_regret",
                "sum over episodes of V^{pi_k}_k(s_1) minus the best fixed policy's total, exact "
                "by DP",
                "loss", true},
      MetricDef{"realized_regret",
                "losses along the real trajectories minus the best fixed policy's total", "loss"},
      MetricDef{"simulator_calls", "rollouts requested from the simulator so far", "rollouts"},
  };
  static void RunReplicate(EpisodicMdpLearner& learner, EpisodicMdpEnvironment& environment,
                           ReplicateStreams& streams,
                           CheckpointWriter<EpisodicMdpProtocol>& writer);
  // K ≥ 1 episodes; empty when fine.
  static std::string CheckCell(const CellCheck<EpisodicMdpProtocol>& check);
};
inline constexpr const char* kEpisodicMdpProtocol = EpisodicMdpProtocol::kName;

}  // namespace regretlab::protocol
