// The single-pass streaming multi-armed bandit protocol under a memory budget (Chen Wang 2023,
// "Tight regret bounds for single-pass streaming multi-armed bandits", ICML 2023,
// arXiv 2306.02208; docs/theory/streaming.md §4.1).
//
// K arms with Bernoulli rewards arrive one at a time, in an order the environment fixes (arm ids
// are arrival positions 0..K-1). The learner knows K and the total number of pulls T. It may
// pull the arm being read and the arms it stores; when it reads the next arm, the previous one is
// gone for ever unless stored (single pass). Memory is the number of stored arms, not counting
// the arm being read (docs/theory/streaming.md §4.1). When the stream ends the learner spends the
// rest of the T pulls on stored arms; it must make exactly T pulls.
//
// The learner drives the replicate itself through an ArmStream, the engine-side wrapper that
// enforces the rules (every violation is an InvariantError):
//   - arms are read once each, in order (ReadNext only moves forward);
//   - Pull only the arm being read or a stored arm;
//   - never more than `memory_budget` stored arms;
//   - never more than T pulls in total, and exactly T when the learner returns.
// Pulls are batched: n pulls of one arm are one Binomial(n, p) draw (sim/random/samplers.h,
// exact for n < 2^64), counts are uint64, so T up to ~10^18 costs O(number of batches).
//
// Regret is the pseudo-regret of the pulls made, Σ_pulls (μ* − μ_arm) (docs/theory/streaming.md
// §4.1), accumulated in long double with Neumaier compensation: a batch of n pulls of arm a adds
// exactly n·Δ_a, and a checkpoint falling inside a batch gets the exact value (t − t_before)·Δ_a
// past the batch's start, since every pull of the batch costs Δ_a.
//
// Metrics (at the checkpoints of the pull count t):
//   pseudo_regret     Σ_{pulls s ≤ t} Δ(a_s): the true regret of the pulls made.
//   reported_regret   only with reference_compat = true: the regret the public reference code
//                     would report for the same run (its charging rules, quirks 5 and 6 of
//                     docs/theory/streaming.md §4.4), next to the true one.
//   peak_stored_arms  the largest number of arms stored at any moment up to t.
//   memory_budget     the budget the wrapper enforced (a constant row), so that the file shows
//                     peak_stored_arms ≤ memory_budget in every cell and replicate.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

struct StreamingBanditProtocol;

// What the learner is told before reading the first arm.
struct StreamingInfo {
  int64_t num_arms = 0;
  uint64_t horizon = 0;       // T, the total number of pulls
  int64_t memory_budget = 0;  // the largest number of arms it may store at once
};

// A streaming environment: K Bernoulli arms whose means, in arrival order, are drawn per
// replicate by the derived class (DrawMeans, from the instance stream). The n-th batch of an arm
// is drawn from that arm's own stream (substream arm + 1), so all algorithms of a cell face the
// same instance and the same per-arm streams (common random numbers); outcomes agree exactly
// between algorithms only when they split an arm's pulls into the same batches.
class StreamingEnvironment : public registry::Component {
 public:
  // Set by the engine before the first Reset: the cell's horizon T (the needle's gap needs it).
  void SetHorizon(int64_t horizon) { horizon_ = horizon; }
  int64_t horizon() const { return horizon_; }

  virtual int64_t NumArms() const = 0;

  // Prepares replicate `key.replicate`: the instance (substream 0) and the per-arm streams.
  void Reset(const random::StreamKey& key) {
    random::StreamKey instance_key = key;
    instance_key.substream = 0;
    random::Rng instance_rng(instance_key);
    means_.assign(static_cast<size_t>(NumArms()), 0.0);
    DrawMeans(instance_rng, means_);
    streams_.resize(means_.size());
    for (size_t arm = 0; arm < means_.size(); ++arm) {
      random::StreamKey arm_key = key;
      arm_key.substream = static_cast<uint32_t>(arm + 1);
      streams_[arm].Seed(arm_key);
    }
    best_mean_ = 0;
    second_mean_ = 0;
    best_arm_ = 0;
    for (size_t arm = 0; arm < means_.size(); ++arm) {
      REGRETLAB_CHECK(means_[arm] >= 0.0 && means_[arm] <= 1.0, "mean ", means_[arm], " of arm ",
                      arm, " is not a Bernoulli mean");
      if (arm == 0 || means_[arm] > best_mean_) {
        if (arm > 0) second_mean_ = best_mean_;
        best_mean_ = means_[arm];
        best_arm_ = static_cast<int64_t>(arm);
      } else if (means_[arm] > second_mean_) {
        second_mean_ = means_[arm];
      }
    }
    if (means_.size() < 2) second_mean_ = best_mean_;
  }

  // Successes among n pulls of `arm`: one exact Binomial(n, μ_arm) draw.
  uint64_t PullBatch(int64_t arm, uint64_t n) {
    return random::SampleBinomial(streams_[static_cast<size_t>(arm)], n, means_[arm]);
  }
  // The empirical mean of n pulls as the public reference code samples it (docs/theory/streaming.md
  // §4.4 quirk 4): for n > 10^5, μ + N(0, (2/√n)²), four times the Bernoulli worst-case standard
  // deviation (and not clipped to [0, 1]); otherwise the exact binomial mean.
  double PullBatchReferenceMean(int64_t arm, uint64_t n) {
    if (n > 100000) {
      return random::SampleNormal(streams_[static_cast<size_t>(arm)], means_[arm],
                                  2.0 / std::sqrt(static_cast<double>(n)));
    }
    return n == 0 ? 0.0 : static_cast<double>(PullBatch(arm, n)) / static_cast<double>(n);
  }

  // ---- Oracle: for the engine only, never shown to the learner. ----
  std::span<const double> Means() const { return means_; }
  double Gap(int64_t arm) const { return best_mean_ - means_[static_cast<size_t>(arm)]; }
  int64_t BestArm() const { return best_arm_; }
  // μ(best) − μ(second best): Game-of-Arms' reference code reads it (quirk 3 of
  // docs/theory/streaming.md §4.4).
  double BestSecondGap() const { return best_mean_ - second_mean_; }
  registry::OracleInfo Oracle() const {
    registry::OracleInfo oracle;
    oracle.scalars["num_arms"] = static_cast<double>(means_.size());
    oracle.scalars["horizon"] = static_cast<double>(horizon_);
    oracle.scalars["stochastic"] = 1;
    oracle.scalars["bernoulli"] = 1;
    oracle.scalars["max_gap"] = MaxGap();
    oracle.scalars["lower_bound_instance"] = IsLowerBoundInstance() ? 1 : 0;
    return oracle;
  }
  double MaxGap() const {
    double largest = 0;
    for (const double mean : means_) largest = std::max(largest, best_mean_ - mean);
    return largest;
  }

 protected:
  // Fills `means` (length K, arrival order) for this replicate from `instance_rng`.
  virtual void DrawMeans(random::Rng& instance_rng, std::vector<double>& means) = 0;
  // True for the instance family of the Ω(K^{1/3}T^{2/3}) lower bound (the needle).
  virtual bool IsLowerBoundInstance() const { return false; }

  int64_t horizon_ = 0;

 private:
  std::vector<double> means_;
  std::vector<random::Rng> streams_;
  double best_mean_ = 0, second_mean_ = 0;
  int64_t best_arm_ = 0;
};

// How the reference code would charge a batch (reference_compat only): `count` pulls (possibly
// fractional, quirk 5) at the mean of `charged_arm` (the king instead of the challenger in the
// multi-level algorithms, quirk 6).
struct ReportedCharge {
  int64_t charged_arm = -1;
  long double count = 0;
};

// The engine-side wrapper through which a learner sees the stream. It owns the rules and the
// accounting; the learner sees arm ids, pull outcomes and its own counters only.
class ArmStream {
 public:
  ArmStream(StreamingEnvironment& environment, int64_t memory_budget,
            CheckpointWriter<StreamingBanditProtocol>& writer);

  // ---- Public information. ----
  int64_t num_arms() const { return num_arms_; }
  uint64_t horizon() const { return horizon_; }
  int64_t memory_budget() const { return memory_budget_; }
  uint64_t pulls_made() const { return pulls_; }
  uint64_t remaining() const { return horizon_ - pulls_; }
  int64_t stored_count() const { return stored_count_; }
  int64_t current() const { return current_; }  // arm being read, -1 before the first read

  // ---- The stream. ----
  bool HasNext() const { return next_ < num_arms_; }
  // Reads the next arm and returns its id; the arm read before it is gone unless stored.
  int64_t ReadNext() {
    REGRETLAB_CHECK(next_ < num_arms_, "the stream has ended: all ", num_arms_, " arms were read");
    current_ = next_++;
    return current_;
  }
  bool IsStored(int64_t arm) const {
    return arm >= 0 && arm < num_arms_ && stored_[static_cast<size_t>(arm)] != 0;
  }
  // Keeps the arm being read (or a stored arm: no effect) in memory.
  void Store(int64_t arm) {
    if (IsStored(arm)) return;
    REGRETLAB_CHECK(arm == current_ && arm >= 0, "storing arm ", arm,
                    ", which is not the arm being read (", current_, ")");
    REGRETLAB_CHECK(stored_count_ < memory_budget_, "storing arm ", arm, " would hold ",
                    stored_count_ + 1, " arms; the memory budget is ", memory_budget_);
    stored_[static_cast<size_t>(arm)] = 1;
    ++stored_count_;
    peak_stored_ = std::max(peak_stored_, stored_count_);
  }
  // Frees a stored arm; it cannot be pulled again unless it is still the arm being read.
  void Discard(int64_t arm) {
    REGRETLAB_CHECK(IsStored(arm), "discarding arm ", arm, ", which is not stored");
    stored_[static_cast<size_t>(arm)] = 0;
    --stored_count_;
  }

  // ---- Pulls. ----
  // n pulls of `arm` (the arm being read or a stored one); returns the number of successes.
  uint64_t Pull(int64_t arm, uint64_t n) {
    return Pull(arm, n, {arm, static_cast<long double>(n)});
  }
  // Same, charging the reported regret as the reference code would (reference_compat).
  uint64_t Pull(int64_t arm, uint64_t n, const ReportedCharge& charge) {
    Account(arm, n, charge);
    return environment_.PullBatch(arm, n);
  }
  // The empirical mean the reference code would observe for n pulls (quirk 4); same accounting.
  double PullReferenceMean(int64_t arm, uint64_t n, const ReportedCharge& charge) {
    Account(arm, n, charge);
    return environment_.PullBatchReferenceMean(arm, n);
  }
  // Pulls `arm` for all remaining pulls (the commit at the end of the stream).
  void PullRest(int64_t arm) { Pull(arm, remaining()); }
  // Reference accounting of the commit: T − (pulls the reference code thinks it has made).
  void PullRestReported(int64_t arm) {
    Pull(arm, remaining(), {arm, static_cast<long double>(horizon_) - reported_pulls_});
  }
  long double reported_pulls() const { return reported_pulls_; }

  // Oracle leak of Game-of-Arms' reference code (quirk 3): only for reference_compat.
  double ReferenceOracleBestSecondGap() const { return environment_.BestSecondGap(); }

  // ---- Engine side. ----
  // Checks the end-of-replicate rules (exactly T pulls) and returns the final regret.
  void Finish() const;
  int64_t peak_stored() const { return peak_stored_; }
  long double pseudo_regret() const { return regret_.Value(); }
  long double reported_regret() const { return reported_.Value(); }

 private:
  void Account(int64_t arm, uint64_t n, const ReportedCharge& charge);

  StreamingEnvironment& environment_;
  CheckpointWriter<StreamingBanditProtocol>& writer_;
  int64_t num_arms_;
  uint64_t horizon_;
  int64_t memory_budget_;
  std::vector<uint8_t> stored_;
  int64_t stored_count_ = 0, peak_stored_ = 0;
  int64_t next_ = 0, current_ = -1;
  uint64_t pulls_ = 0;
  long double reported_pulls_ = 0;
  // Long double: the batch terms n·Δ are exact in its 64-bit significand for n up to ~10^17.
  CompensatedSum<long double> regret_, reported_;
};

// What a streaming algorithm class provides (besides `explicit A(const core::Params&)`):
//   MemoryNeeded(info)  the number of stored arms it needs for K and T (checked against the
//                       budget when the spec is read);
//   Run(stream, rng)    plays one replicate: reads arms, stores, pulls, and makes exactly T pulls.
template <class A>
concept StreamingAlgorithm = requires(A algorithm, const A& const_algorithm,
                                      const StreamingInfo& info, ArmStream& stream,
                                      random::Rng& rng) {
  { const_algorithm.MemoryNeeded(info) } -> std::convertible_to<int64_t>;
  algorithm.Run(stream, rng);
};

// Type-erased learner used by the engine.
class StreamingLearner : public registry::Component {
 public:
  virtual int64_t MemoryNeeded(const StreamingInfo& info) const = 0;
  // The budget the wrapper enforces: the `memory_budget` parameter, or MemoryNeeded when it is 0.
  virtual int64_t MemoryBudget(const StreamingInfo& info) const = 0;
  virtual bool ReferenceCompat() const = 0;
  virtual void RunReplicate(ArmStream& stream, random::Rng& rng) = 0;
};

// The two parameters every streaming algorithm shares; append them to its schema.
//   memory_budget     integer ≥ 0, default 0 = exactly what the algorithm needs (MemoryNeeded)
//   reference_compat  bool, default false: reproduce the reference code's quirks
//   (docs/theory/streaming.md §4.4)
std::vector<core::ParamSpec> StreamingCommonParams(bool with_reference_compat);

template <StreamingAlgorithm A>
class StreamingAdapter final : public StreamingLearner {
 public:
  explicit StreamingAdapter(const core::Params& params)
      : algorithm_(params),
        memory_budget_(params.Has("memory_budget") ? params.Integer("memory_budget") : 0),
        reference_compat_(params.Has("reference_compat") && params.Bool("reference_compat")) {}
  int64_t MemoryNeeded(const StreamingInfo& info) const override {
    return algorithm_.MemoryNeeded(info);
  }
  int64_t MemoryBudget(const StreamingInfo& info) const override {
    return memory_budget_ > 0 ? memory_budget_ : algorithm_.MemoryNeeded(info);
  }
  bool ReferenceCompat() const override { return reference_compat_; }
  void RunReplicate(ArmStream& stream, random::Rng& rng) override { algorithm_.Run(stream, rng); }

 private:
  A algorithm_;
  int64_t memory_budget_;
  bool reference_compat_;
};

// Runs one replicate of `learner` on `environment` (already Reset) outside the engine: used by
// the engine's unit runner and by tests. Returns the stream for inspection after Finish().
struct StreamingReplicateOutcome {
  long double pseudo_regret = 0;
  long double reported_regret = 0;
  int64_t peak_stored = 0;
  uint64_t pulls = 0;
};
StreamingReplicateOutcome RunStreamingReplicate(StreamingLearner& learner,
                                                StreamingEnvironment& environment,
                                                random::Rng& learner_rng,
                                                CheckpointWriter<StreamingBanditProtocol>& writer);

// The protocol's traits (sim/protocol/kit.h).
struct StreamingBanditProtocol {
  static constexpr const char* kName = "streaming_bandit";
  static constexpr const char* kSummary =
      "single-pass streaming K-armed bandit: arms arrive once, in order; a memory budget of "
      "stored arms is enforced; batched pulls";
  using Info = StreamingInfo;
  using Environment = StreamingEnvironment;
  using Learner = StreamingLearner;
  template <class A>
  using Adapter = StreamingAdapter<A>;
  enum class Metric { kPseudoRegret, kReportedRegret, kPeakStoredArms, kMemoryBudget };
  static constexpr std::array kMetrics = {
      MetricDef{"pseudo_regret",
                "sum over the pulls made of the gap of the arm pulled (true regret)", "reward",
                true},
      MetricDef{"reported_regret",
                "the regret the public reference code reports for the same pulls "
                "(reference_compat only)",
                "reward", false, registry::kNoCapability, "reference_compat"},
      MetricDef{"peak_stored_arms", "largest number of arms stored at any moment so far", "arms"},
      MetricDef{"memory_budget", "the memory budget the engine enforced (constant)", "arms"},
  };
  static void RunReplicate(StreamingLearner& learner, StreamingEnvironment& environment,
                           ReplicateStreams& streams,
                           CheckpointWriter<StreamingBanditProtocol>& writer);
  // K ≥ 1, T ≥ K, budget ≥ need; empty when fine.
  static std::string CheckCell(const CellCheck<StreamingBanditProtocol>& check);
  // The cell's peak memory against its budget, in the report.
  static void ReportCell(const registry::ReportCellView& cell, std::ostream& out);
};
inline constexpr const char* kStreamingBanditProtocol = StreamingBanditProtocol::kName;

}  // namespace regretlab::protocol
