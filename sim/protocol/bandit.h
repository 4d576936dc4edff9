// The stochastic/adversarial K-armed bandit protocol.
//
// Round t = 1..T: the learner picks an arm a_t (possibly at random from a distribution p_t it may
// expose), the environment returns the reward of that arm only. The learner sees K, the horizon
// and the reward range (BanditInfo); everything else the environment knows (means, gaps, the
// comparator arm, the rewards of arms not played) is its private oracle, read by the engine only.
//
// Rewards follow the "reward stack" model (Lattimore & Szepesvári 2020, §4.6): the n-th reward of
// arm a is drawn from a per-arm stream at index n, so outcomes do not depend on the order in
// which a learner plays, and every algorithm of a cell group faces the same stacks (common random
// numbers). Oblivious adversarial environments instead fix a reward per (round, arm).
//
// Metrics (recorded at the checkpoints of each replicate):
//   pseudo_regret    Σ_{s≤t} (μ_s(a°) − μ_s(a_s)), a° the arm with the largest mean total over T.
//   realized_regret  max_a Σ_{s≤t} X_{a,s} − Σ_{s≤t} X_{a_s}, where X_{a,s} is the reward arm a
//                    would have paid had it been played in every round (its stack, or its table).
//   expected_regret  Σ_{s≤t} Σ_a p_s(a) (μ_s(a°) − μ_s(a)): the Rao-Blackwellised pseudo-regret,
//                    recorded when the learner exposes p_s; same mean, lower variance.
//   best_arm_pulls   #{s ≤ t : a_s = a°}.
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

// What the learner is told before round 1.
struct BanditInfo {
  int64_t num_arms = 0;
  int64_t horizon = 0;  // announced horizon T (algorithms tuned to T read it; anytime ones ignore)
  double reward_min = 0.0;
  double reward_max = 1.0;
};

// A bandit environment. One object serves the replicates of a unit one after another: Reset
// prepares replicate `key.replicate` (its reward stacks and any per-replicate instance draw).
class BanditEnvironment : public registry::Component {
 public:
  // Set by the engine before the first Reset: the cell's horizon T, announced to the learner.
  void SetHorizon(int64_t horizon) { horizon_ = horizon; }
  int64_t horizon() const { return horizon_; }

  virtual BanditInfo Info() const = 0;
  virtual void Reset(const random::StreamKey& key) = 0;
  // The reward of `arm` in round `round` (1-based); called exactly once per round.
  virtual double Pull(int64_t arm, int64_t round) = 0;

  // ---- Oracle: for the engine only, never shown to the learner. ----
  // True when the gaps do not depend on the round; the engine then reads Gaps() once.
  virtual bool Stationary() const = 0;
  // gap[a] = μ_t(a°) − μ_t(a) in round t (may be negative for a non-stationary environment).
  virtual void Gaps(int64_t round, std::span<double> gap) const = 0;
  virtual int64_t ComparatorArm() const = 0;
  // Adds to total[a] the rewards arm a would have paid in rounds from+1..to had it been played
  // every round. Called with consecutive, increasing ranges within a replicate.
  virtual void AccumulateHindsight(int64_t from, int64_t to, std::span<double> total) = 0;
  // Named quantities for the bounds (K, horizon, means, gaps, stochastic, bernoulli, ...).
  virtual registry::OracleInfo Oracle() const = 0;

 protected:
  int64_t horizon_ = 0;
};

// What a bandit algorithm class must provide. Select draws a_t (using `rng` if randomised);
// Observe receives its reward. Reset(info) must make the object equivalent to a fresh one.
template <class A>
concept BanditAlgorithm = requires(A algorithm, const BanditInfo& info, random::Rng& rng,
                                   int64_t arm, double reward) {
  algorithm.Reset(info);
  { algorithm.Select(rng) } -> std::convertible_to<int64_t>;
  algorithm.Observe(arm, reward);
};

// Optional: Distribution(), the p_t from which the last Select drew (ExposesDistribution in
// kit.h).

class BanditLearner;
template <BanditAlgorithm A>
class BanditAdapter;  // bandit_loop.h

// The protocol's traits (sim/protocol/kit.h).
struct BanditProtocol {
  static constexpr const char* kName = "bandit";
  static constexpr const char* kSummary =
      "K-armed bandit: the learner sees only the reward of the arm it plays";
  using Info = BanditInfo;
  using Environment = BanditEnvironment;
  using Learner = BanditLearner;
  template <class A>
  using Adapter = BanditAdapter<A>;
  enum class Metric { kPseudoRegret, kExpectedRegret, kRealizedRegret, kBestArmPulls };
  static constexpr std::array kMetrics = {
      MetricDef{"pseudo_regret", "sum over rounds of the mean gap of the arm played", "reward",
                true},
      MetricDef{"expected_regret",
                "Rao-Blackwellised pseudo-regret: sum over rounds of sum_a p_t(a) * gap(a); only "
                "for learners that expose their sampling distribution",
                "reward", true, registry::kExposesDistribution},
      MetricDef{"realized_regret",
                "best arm in hindsight's total reward (its reward stack or table) minus the "
                "rewards collected",
                "reward"},
      MetricDef{"best_arm_pulls", "number of rounds in which the comparator arm was played",
                "rounds"},
  };
  static void RunReplicate(BanditLearner& learner, BanditEnvironment& environment,
                           ReplicateStreams& streams, CheckpointWriter<BanditProtocol>& writer);
};
inline constexpr const char* kBanditProtocol = BanditProtocol::kName;

// Type-erased learner used by the engine and the conformance suite.
class BanditLearner : public registry::Component {
 public:
  virtual void Reset(const BanditInfo& info) = 0;
  virtual int64_t Select(random::Rng& rng) = 0;
  virtual void Observe(int64_t arm, double reward) = 0;
  virtual bool HasDistribution() const = 0;
  virtual std::span<const double> Distribution() const = 0;  // empty if !HasDistribution()
  // Runs a whole replicate with the round loop compiled for the concrete algorithm (no virtual
  // call per round on the learner side).
  virtual void RunReplicate(BanditEnvironment& environment, random::Rng& learner_rng,
                            CheckpointWriter<BanditProtocol>& writer) = 0;
};

// The round loop, instantiated per concrete algorithm (defined in bandit_loop.h).
template <BanditAlgorithm A>
void RunBanditLoop(A& algorithm, BanditEnvironment& environment, random::Rng& learner_rng,
                   CheckpointWriter<BanditProtocol>& writer);

}  // namespace regretlab::protocol

#include "sim/protocol/bandit_loop.h"  // IWYU pragma: export
