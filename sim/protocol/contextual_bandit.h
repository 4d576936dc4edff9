// The contextual bandit protocol (docs/theory/contextual.md §5.1; DESIGN §3 `contextual_bandit`).
//
// Round t = 1..T:
//   1. the environment reveals the contexts of the round: either one context x_t ∈ R^d shared by
//      the K arms (classification data: arm a's feature is the disjoint encoding e_a ⊗ x_t, spec
//      §5.7), or one context x_{t,a} ∈ R^d per arm (the synthetic functions);
//   2. the learner draws an arm a_t (from a distribution p_t it may expose);
//   3. the learner observes only the loss y_{t,a_t} ∈ [0, 1] of that arm.
// Contexts need not be i.i.d.: the environment may present them in any oblivious order.
//
// The environment's private oracle is the mean loss μ_t(a) = E[y_{t,a} | x_{t,a}] of every arm
// of the round (the realizable function h for synthetic data; 1[a ≠ label] for classification,
// whose losses are deterministic). The learner never sees it.
//
// Metrics (at the checkpoints of each replicate):
//   pseudo_regret     Σ_{s≤t} μ_s(a_s) − min_a μ_s(a): regret against the best arm of each round
//                     (exact: the environment knows μ); on classification data it equals the
//                     number of mistakes.
//   expected_regret   Σ_{s≤t} Σ_a p_s(a) μ_s(a) − min_a μ_s(a): the Rao-Blackwellised version
//                     (docs/theory/conventions.md §1.1 (3)), for learners that expose p_s; on
//                     classification data Σ_s (1 − p_s(label_s)), the expected number of mistakes.
//   mistakes          #{s ≤ t : a_s is not a best arm of round s}.
//   realized_loss     Σ_{s≤t} y_{s,a_s}, the losses the learner observed.
//   best_policy_loss  L*_t = Σ_{s≤t} min_a μ_s(a), the loss of the best policy (FastCB's bound
//                     quantity, docs/theory/contextual.md §5.5). It is also handed to the bounds
//                     through the oracle.
#pragma once

#include <array>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

struct ContextualBanditProtocol;

// What the learner is told before round 1.
struct ContextualInfo {
  int64_t num_arms = 0;
  int64_t dimension = 0;        // d, the length of one context vector
  bool shared_context = false;  // one context per round (disjoint encoding) or one per arm
  int64_t horizon = 0;
  // Number of disjoint blocks of the arm features: K with a shared context (arm a's feature is
  // e_a ⊗ x, non-zero only in block a), 1 with per-arm contexts.
  int64_t NumBlocks() const { return shared_context ? num_arms : 1; }
  // Length of the full arm feature vector: NumBlocks() · d.
  int64_t FeatureDimension() const { return NumBlocks() * dimension; }
};

// The contexts of one round, row-major: one row (shared) or K rows (per arm) of length d.
struct ContextBatch {
  std::span<const double> values;
  int64_t num_arms = 0;
  int64_t dimension = 0;
  bool shared_context = false;

  // The context vector of arm a (the shared row when the context is shared).
  std::span<const double> Row(int64_t arm) const {
    const size_t row = shared_context ? 0 : static_cast<size_t>(arm);
    return values.subspan(row * static_cast<size_t>(dimension), static_cast<size_t>(dimension));
  }
  // The block of arm a's feature vector in which Row(arm) sits.
  int64_t Block(int64_t arm) const { return shared_context ? arm : 0; }
};

// A contextual environment. One object serves the replicates of a unit one after another.
class ContextualEnvironment : public registry::Component {
 public:
  void SetHorizon(int64_t horizon) { horizon_ = horizon; }
  int64_t horizon() const { return horizon_; }

  virtual ContextualInfo Info() const = 0;
  // Prepares replicate `key.replicate` (instance draw, presentation order, noise streams).
  virtual void Reset(const random::StreamKey& key) = 0;
  // Round `round` (1-based, called in order): fills `contexts` (Info().shared_context ? 1 : K
  // rows of d values, each of unit Euclidean norm) and `mean_losses` (K values, the oracle).
  virtual void NextRound(int64_t round, std::span<double> contexts,
                         std::span<double> mean_losses) = 0;
  // The realized loss in [0, 1] of `arm` in the current round; called exactly once per round.
  virtual double Loss(int64_t arm) = 0;

  // ---- Oracle: for the engine only. ----
  // Named quantities for the bounds: num_arms, dimension, horizon, realizable (1 when the mean
  // loss is a fixed function of the arm's context), classification, plus the L*_t curve that the
  // round loop recorded at the checkpoints (vectors checkpoint_rounds and best_policy_loss).
  registry::OracleInfo Oracle() const {
    registry::OracleInfo oracle;
    const ContextualInfo info = Info();
    oracle.scalars["num_arms"] = static_cast<double>(info.num_arms);
    oracle.scalars["dimension"] = static_cast<double>(info.dimension);
    oracle.scalars["feature_dimension"] = static_cast<double>(info.FeatureDimension());
    oracle.scalars["horizon"] = static_cast<double>(horizon_);
    oracle.scalars["realizable"] = Realizable() ? 1 : 0;
    oracle.scalars["classification"] = info.shared_context ? 1 : 0;
    oracle.vectors["checkpoint_rounds"] = checkpoint_rounds_;
    oracle.vectors["best_policy_loss"] = best_policy_loss_;
    return oracle;
  }
  // Set by the round loop: L*_t at each checkpoint t of the replicate just run.
  void RecordBestPolicyLoss(std::vector<double> rounds, std::vector<double> values) {
    checkpoint_rounds_ = std::move(rounds);
    best_policy_loss_ = std::move(values);
  }

 protected:
  // True when μ_t(a) = h(x_{t,a}) for a fixed h (the synthetic functions): the hypothesis of the
  // realizable bounds.
  virtual bool Realizable() const = 0;

  int64_t horizon_ = 0;

 private:
  std::vector<double> checkpoint_rounds_, best_policy_loss_;
};

// L*_t at round t read from the oracle (the value at the largest recorded checkpoint ≤ t);
// NaN when the curve was not recorded.
double BestPolicyLossAt(const registry::OracleInfo& oracle, int64_t t);

// What a contextual algorithm class provides (besides `explicit A(const core::Params&)`):
//   Reset(info, init_rng)      a fresh replicate; network weights etc. come from init_rng (the
//                              replicate's `init` stream, shared by every algorithm of the cell);
//   Select(batch, rng) -> arm  draws a_t using the learner stream;
//   Observe(arm, loss)         the loss of the arm just played (its context was in the batch).
template <class A>
concept ContextualAlgorithm = requires(A algorithm, const ContextualInfo& info, random::Rng& rng,
                                       const ContextBatch& batch, int64_t arm, double loss) {
  algorithm.Reset(info, rng);
  { algorithm.Select(batch, rng) } -> std::convertible_to<int64_t>;
  algorithm.Observe(arm, loss);
};

// Optional: a check of the announced setting, run when the spec is read (e.g. an input
// dimension fixed by a parameter that disagrees with the environment's). Empty when fine.
template <class A>
concept ChecksContextualInfo = requires(const A algorithm, const ContextualInfo& info) {
  { algorithm.CheckInfo(info) } -> std::convertible_to<std::string>;
};

// Type-erased learner used by the engine.
class ContextualLearner : public registry::Component {
 public:
  virtual bool HasDistribution() const = 0;
  virtual std::string CheckInfo(const ContextualInfo& info) const = 0;
  // Round-by-round access for tests and the conformance checks (one virtual call per round; the
  // engine uses RunReplicate, whose loop is compiled for the concrete algorithm).
  virtual void Reset(const ContextualInfo& info, random::Rng& init_rng) = 0;
  virtual int64_t Select(const ContextBatch& batch, random::Rng& rng) = 0;
  virtual void Observe(int64_t arm, double loss) = 0;
  virtual std::span<const double> Distribution() const = 0;  // empty if !HasDistribution()
  virtual void RunReplicate(ContextualEnvironment& environment, random::Rng& learner_rng,
                            random::Rng& init_rng,
                            CheckpointWriter<ContextualBanditProtocol>& writer) = 0;
};

// Accumulates the metrics of one replicate and writes them at the checkpoints. Used by the round
// loop below; exposed for tests.
class ContextualAccounting {
 public:
  ContextualAccounting(int64_t num_arms, CheckpointWriter<ContextualBanditProtocol>& writer);
  // One round: the mean losses, the arm played, its realized loss, and p_t (empty if none).
  void Round(int64_t round, std::span<const double> mean_losses, int64_t arm, double loss,
             std::span<const double> distribution);
  // The round of the last checkpoint: where the loop ends.
  int64_t LastCheckpoint() const;
  // The best-policy-loss curve at the checkpoints reached (for the oracle).
  std::vector<double> CheckpointRounds() const;
  const std::vector<double>& BestPolicyLossCurve() const { return best_curve_; }

 private:
  CheckpointWriter<ContextualBanditProtocol>& writer_;
  int64_t num_arms_;
  CompensatedSum<> pseudo_, expected_, realized_, best_;
  int64_t mistakes_ = 0;
  std::vector<double> best_curve_;
};

template <ContextualAlgorithm A>
void RunContextualLoop(A& algorithm, ContextualEnvironment& environment, random::Rng& learner_rng,
                       random::Rng& init_rng, CheckpointWriter<ContextualBanditProtocol>& writer) {
  const ContextualInfo info = environment.Info();
  const size_t rows = info.shared_context ? 1 : static_cast<size_t>(info.num_arms);
  std::vector<double> contexts(rows * static_cast<size_t>(info.dimension));
  std::vector<double> mean_losses(static_cast<size_t>(info.num_arms));
  const ContextBatch batch{contexts, info.num_arms, info.dimension, info.shared_context};
  algorithm.Reset(info, init_rng);
  ContextualAccounting accounting(info.num_arms, writer);
  const int64_t horizon = accounting.LastCheckpoint();
  for (int64_t round = 1; round <= horizon; ++round) {
    environment.NextRound(round, contexts, mean_losses);
    const int64_t arm = algorithm.Select(batch, learner_rng);
    REGRETLAB_CHECK(static_cast<uint64_t>(arm) < static_cast<uint64_t>(info.num_arms), "arm ", arm,
                    " selected with K = ", info.num_arms);
    std::span<const double> distribution;
    if constexpr (ExposesDistribution<A>) distribution = algorithm.Distribution();
    const double loss = environment.Loss(arm);
    accounting.Round(round, mean_losses, arm, loss, distribution);
    algorithm.Observe(arm, loss);
  }
  environment.RecordBestPolicyLoss(accounting.CheckpointRounds(), accounting.BestPolicyLossCurve());
}

template <ContextualAlgorithm A>
class ContextualAdapter final : public ContextualLearner {
 public:
  explicit ContextualAdapter(const core::Params& params) : algorithm_(params) {}
  bool HasDistribution() const override { return ExposesDistribution<A>; }
  std::string CheckInfo(const ContextualInfo& info) const override {
    if constexpr (ChecksContextualInfo<A>) {
      return algorithm_.CheckInfo(info);
    } else {
      return "";
    }
  }
  void Reset(const ContextualInfo& info, random::Rng& init_rng) override {
    algorithm_.Reset(info, init_rng);
  }
  int64_t Select(const ContextBatch& batch, random::Rng& rng) override {
    return algorithm_.Select(batch, rng);
  }
  void Observe(int64_t arm, double loss) override { algorithm_.Observe(arm, loss); }
  std::span<const double> Distribution() const override {
    if constexpr (ExposesDistribution<A>) {
      return algorithm_.Distribution();
    } else {
      return {};
    }
  }
  void RunReplicate(ContextualEnvironment& environment, random::Rng& learner_rng,
                    random::Rng& init_rng,
                    CheckpointWriter<ContextualBanditProtocol>& writer) override {
    RunContextualLoop(algorithm_, environment, learner_rng, init_rng, writer);
  }
  A& algorithm() { return algorithm_; }

 private:
  A algorithm_;
};

// The protocol's traits (sim/protocol/kit.h).
struct ContextualBanditProtocol {
  static constexpr const char* kName = "contextual_bandit";
  static constexpr const char* kSummary =
      "contextual bandit: K contexts (or one shared context, disjoint encoding) per round; the "
      "learner sees the loss of the arm it plays";
  using Info = ContextualInfo;
  using Environment = ContextualEnvironment;
  using Learner = ContextualLearner;
  template <class A>
  using Adapter = ContextualAdapter<A>;
  enum class Metric { kPseudoRegret, kExpectedRegret, kMistakes, kRealizedLoss, kBestPolicyLoss };
  static constexpr std::array kMetrics = {
      MetricDef{"pseudo_regret",
                "sum over rounds of mean loss of the arm played minus the round's best mean loss "
                "(= mistakes on classification data)",
                "loss", true},
      MetricDef{"expected_regret",
                "Rao-Blackwellised regret: sum over rounds of sum_a p_t(a) (mu_t(a) - min mu_t); "
                "only for learners that expose p_t",
                "loss", true, registry::kExposesDistribution},
      MetricDef{"mistakes",
                "number of rounds in which the arm played was not a best arm of the round",
                "rounds"},
      MetricDef{"realized_loss", "sum of the observed losses", "loss"},
      MetricDef{"best_policy_loss", "L*_t: sum over rounds of the best arm's mean loss", "loss"},
  };
  static void RunReplicate(ContextualLearner& learner, ContextualEnvironment& environment,
                           ReplicateStreams& streams,
                           CheckpointWriter<ContextualBanditProtocol>& writer);
  // K ≥ 2, d ≥ 1, the algorithm accepts the setting; empty when fine.
  static std::string CheckCell(const CellCheck<ContextualBanditProtocol>& check);
};
inline constexpr const char* kContextualBanditProtocol = ContextualBanditProtocol::kName;

}  // namespace regretlab::protocol
