// The streaming bandit protocol's loop file: the rules of ArmStream, the replicate, the check of
// a cell when the spec is read, and the protocol's registration.
#include "sim/protocol/streaming_bandit.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ostream>

#include "sim/core/check.h"
#include "sim/record/hdf5.h"
#include "sim/record/result_view.h"

namespace regretlab::protocol {

ArmStream::ArmStream(StreamingEnvironment& environment, int64_t memory_budget,
                     CheckpointWriter<StreamingBanditProtocol>& writer)
    : environment_(environment),
      writer_(writer),
      num_arms_(environment.NumArms()),
      horizon_(static_cast<uint64_t>(environment.horizon())),
      memory_budget_(memory_budget),
      stored_(static_cast<size_t>(environment.NumArms()), 0) {
  REGRETLAB_CHECK(num_arms_ >= 1 && horizon_ >= static_cast<uint64_t>(num_arms_), "K = ", num_arms_,
                  ", T = ", horizon_);
  REGRETLAB_CHECK(writer_.checkpoints().empty() ||
                      static_cast<uint64_t>(writer_.checkpoints().back()) == horizon_,
                  "the last checkpoint is not the horizon");
}

void ArmStream::Account(int64_t arm, uint64_t n, const ReportedCharge& charge) {
  REGRETLAB_CHECK(arm >= 0 && arm < num_arms_ && (arm == current_ || IsStored(arm)), "pulling arm ",
                  arm, ", which is neither being read (", current_, ") nor stored");
  REGRETLAB_CHECK(n <= remaining(), "pulling arm ", arm, " ", n, " times with only ", remaining(),
                  " of T = ", horizon_, " pulls left");
  if (n == 0 && charge.count == 0) return;
  const long double gap = environment_.Gap(arm);
  const long double charged_gap =
      charge.charged_arm >= 0 ? environment_.Gap(charge.charged_arm) : gap;
  const long double reported_term = charge.count * charged_gap;
  const uint64_t start = pulls_, end = pulls_ + n;
  // Checkpoints inside (start, end]: every pull of the batch costs Δ_arm, so the regret at pull
  // count t is exact: regret(start) + (t − start)·Δ. The reported charge is spread evenly.
  using Metric = StreamingBanditProtocol::Metric;
  while (!writer_.Done() && static_cast<uint64_t>(writer_.Next()) <= end) {
    const uint64_t within = static_cast<uint64_t>(writer_.Next()) - start;
    writer_.Put(Metric::kPseudoRegret,
                static_cast<double>(regret_.Value() + static_cast<long double>(within) * gap));
    if (writer_.Records(Metric::kReportedRegret)) {
      writer_.Put(
          Metric::kReportedRegret,
          static_cast<double>(reported_.Value() + reported_term * static_cast<long double>(within) /
                                                      static_cast<long double>(n)));
    }
    writer_.Put(Metric::kPeakStoredArms, static_cast<double>(peak_stored_));
    writer_.Put(Metric::kMemoryBudget, static_cast<double>(memory_budget_));
    writer_.Advance();
  }
  regret_.Add(static_cast<long double>(n) * gap);
  reported_.Add(reported_term);
  reported_pulls_ += charge.count;
  pulls_ = end;
}

void ArmStream::Finish() const {
  REGRETLAB_CHECK(pulls_ == horizon_, "the learner made ", pulls_, " pulls; T = ", horizon_);
  writer_.Finish();
  REGRETLAB_CHECK(peak_stored_ <= memory_budget_, "peak memory ", peak_stored_, " > budget ",
                  memory_budget_);
}

std::vector<core::ParamSpec> StreamingCommonParams(bool with_reference_compat) {
  std::vector<core::ParamSpec> params;
  params.push_back({.name = "memory_budget",
                    .type = core::ParamType::kInteger,
                    .default_value = int64_t{0},
                    .min = 0,
                    .help = "largest number of stored arms the engine allows; 0 = exactly what "
                            "the algorithm needs for this K and T"});
  if (with_reference_compat) {
    params.push_back({.name = "reference_compat",
                      .type = core::ParamType::kBool,
                      .default_value = false,
                      .help = "reproduce the quirks of the public reference code "
                              "(docs/theory/streaming.md section 4.4) and "
                              "record its reported regret next to the true one"});
  }
  return params;
}

StreamingReplicateOutcome RunStreamingReplicate(StreamingLearner& learner,
                                                StreamingEnvironment& environment,
                                                random::Rng& learner_rng,
                                                CheckpointWriter<StreamingBanditProtocol>& writer) {
  const StreamingInfo info{environment.NumArms(), static_cast<uint64_t>(environment.horizon()), 0};
  ArmStream stream(environment, learner.MemoryBudget(info), writer);
  learner.RunReplicate(stream, learner_rng);
  stream.Finish();
  return {stream.pseudo_regret(), stream.reported_regret(), stream.peak_stored(),
          stream.pulls_made()};
}

std::string StreamingBanditProtocol::CheckCell(const CellCheck<StreamingBanditProtocol>& check) {
  const int64_t horizon = check.cell.horizon;
  const StreamingEnvironment* environment = &check.environment;
  const StreamingLearner* learner = &check.learner;
  const registry::ComponentSpec& algorithm_spec = check.algorithm_spec;
  const int64_t num_arms = environment->NumArms();
  if (num_arms < 1) return "the stream has K = " + std::to_string(num_arms) + " arms; K >= 1";
  if (horizon < num_arms) {
    return "T = " + std::to_string(horizon) + " is below K = " + std::to_string(num_arms) +
           ": a single pass must be able to pull every arm at least once";
  }
  const StreamingInfo info{num_arms, static_cast<uint64_t>(horizon), 0};
  const int64_t needed = learner->MemoryNeeded(info);
  const int64_t budget = learner->MemoryBudget(info);
  if (budget < needed) {
    return "memory_budget = " + std::to_string(budget) + " arms is below the " +
           std::to_string(needed) + " that " + algorithm_spec.name +
           " stores with K = " + std::to_string(num_arms) + " and T = " + std::to_string(horizon);
  }
  return "";
}

void StreamingBanditProtocol::RunReplicate(StreamingLearner& learner,
                                           StreamingEnvironment& environment,
                                           ReplicateStreams& streams,
                                           CheckpointWriter<StreamingBanditProtocol>& writer) {
  // Simulated pulls count as replicate-steps; batching makes them cheap (docs/benchmarks.md).
  RunStreamingReplicate(learner, environment, streams.learner, writer);
}

// Memory within the budget, per cell (docs/theory/streaming.md): the largest peak of stored arms
// over every replicate and checkpoint against the smallest enforced budget.
void StreamingBanditProtocol::ReportCell(const registry::ReportCellView& cell, std::ostream& out) {
  if (!record::Exists(cell.cell, "peak_stored_arms") ||
      !record::Exists(cell.cell, "memory_budget")) {
    return;
  }
  const auto peak = record::ReadDoubles(cell.cell, "peak_stored_arms");
  const auto budget = record::ReadDoubles(cell.cell, "memory_budget");
  const double max_peak = *std::max_element(peak.begin(), peak.end());
  const double min_budget = *std::min_element(budget.begin(), budget.end());
  out << fmt::format(
      "   memory: max peak_stored_arms {} {} min memory_budget {} over all "
      "replicates and checkpoints\n",
      record::FormatNumber(max_peak), max_peak <= min_budget ? "<=" : "EXCEEDS",
      record::FormatNumber(min_budget));
}

REGRETLAB_REGISTER_PROTOCOL(StreamingBanditProtocol);

}  // namespace regretlab::protocol
