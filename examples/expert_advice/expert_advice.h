// Prediction with expert advice, full information (the Hedge setting; Cesa-Bianchi & Lugosi 2006,
// ch. 2): an example protocol built from the protocol kit alone (sim/protocol/kit.h, README.md).
//
// N experts. Round t = 1..T: the learner plays a distribution p_t over the experts (it may use its
// own stream), then the environment reveals the whole loss vector ℓ_t ∈ [0, 1]^N (oblivious: the
// environment never sees p_t) and the learner suffers ⟨p_t, ℓ_t⟩.
//
// Metrics (at the checkpoints of each replicate), exact:
//   regret            Σ_{s≤t} ⟨p_s, ℓ_s⟩ − min_i Σ_{s≤t} ℓ_{s,i}
//   best_expert_loss  min_i Σ_{s≤t} ℓ_{s,i}
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <span>
#include <string>

#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::examples::expert_advice {

// What the learner is told before round 1.
struct ExpertsInfo {
  int64_t num_experts = 0;
  int64_t horizon = 0;  // T, announced (Hedge's tuned rate reads it)
};

// An environment: one object serves the replicates of a unit one after another.
class ExpertsEnvironment : public registry::Component {
 public:
  void SetHorizon(int64_t horizon) { horizon_ = horizon; }
  virtual int64_t NumExperts() const = 0;
  ExpertsInfo Info() const { return {NumExperts(), horizon_}; }
  // Prepares replicate `key.replicate` on its environment stream.
  virtual void Reset(const random::StreamKey& key) = 0;
  // ℓ_t of round `round` (1-based), N values in [0, 1]; called once per round, in order.
  virtual void Losses(int64_t round, std::span<double> losses) = 0;
  // Named quantities for the bounds (never shown to the learner).
  virtual registry::OracleInfo Oracle() const {
    registry::OracleInfo oracle;
    oracle.scalars["num_experts"] = static_cast<double>(NumExperts());
    oracle.scalars["horizon"] = static_cast<double>(horizon_);
    oracle.scalars["loss_min"] = 0;
    oracle.scalars["loss_max"] = 1;
    return oracle;
  }

 protected:
  int64_t horizon_ = 0;
};

// What an algorithm class provides (besides `explicit A(const core::Params&)`): Reset(info) makes
// it equivalent to a fresh object; Play(p, rng) writes p_t; Observe(losses) receives ℓ_t.
template <class A>
concept ExpertsAlgorithm = requires(A algorithm, const ExpertsInfo& info, std::span<double> p,
                                    std::span<const double> losses, random::Rng& rng) {
  algorithm.Reset(info);
  algorithm.Play(p, rng);
  algorithm.Observe(losses);
};

// The type-erased learner the engine holds.
class ExpertsLearner : public registry::Component {
 public:
  virtual void Reset(const ExpertsInfo& info) = 0;
  virtual void Play(std::span<double> p, random::Rng& rng) = 0;
  virtual void Observe(std::span<const double> losses) = 0;
};

template <ExpertsAlgorithm A>
class ExpertsAdapter final : public ExpertsLearner {
 public:
  explicit ExpertsAdapter(const core::Params& params) : algorithm_(params) {}
  void Reset(const ExpertsInfo& info) override { algorithm_.Reset(info); }
  void Play(std::span<double> p, random::Rng& rng) override { algorithm_.Play(p, rng); }
  void Observe(std::span<const double> losses) override { algorithm_.Observe(losses); }

 private:
  A algorithm_;
};

// The protocol's traits (sim/protocol/kit.h).
struct ExpertAdviceProtocol {
  static constexpr const char* kName = "expert_advice";
  static constexpr const char* kSummary =
      "prediction with expert advice, full information: play a distribution over N experts, "
      "then see every expert's loss";
  using Info = ExpertsInfo;
  using Environment = ExpertsEnvironment;
  using Learner = ExpertsLearner;
  template <class A>
  using Adapter = ExpertsAdapter<A>;
  enum class Metric { kRegret, kBestExpertLoss };
  static constexpr std::array kMetrics = {
      protocol::MetricDef{"regret",
                          "sum_s <p_s, l_s> - min_i sum_s l_{s,i}: the learner's loss minus the "
                          "best expert's, exact",
                          "loss", true},
      protocol::MetricDef{"best_expert_loss", "min_i sum_s l_{s,i}: the best expert's loss so far",
                          "loss"},
  };
  static void RunReplicate(ExpertsLearner& learner, ExpertsEnvironment& environment,
                           protocol::ReplicateStreams& streams,
                           protocol::CheckpointWriter<ExpertAdviceProtocol>& writer);
  // N ≥ 2 experts; empty when fine.
  static std::string CheckCell(const protocol::CellCheck<ExpertAdviceProtocol>& check);
};

}  // namespace regretlab::examples::expert_advice
