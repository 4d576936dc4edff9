// Registers the streaming bandit protocol: the rules of ArmStream, its metrics, the check of a
// cell when the spec is read, and the unit runner the engine calls.
#include "sim/protocol/streaming_bandit.h"

#include <chrono>
#include <cmath>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"

namespace regretlab::protocol {

ArmStream::ArmStream(StreamingEnvironment& environment, int64_t memory_budget,
                     const StreamingRunContext& context)
    : environment_(environment),
      context_(context),
      num_arms_(environment.NumArms()),
      horizon_(static_cast<uint64_t>(environment.horizon())),
      memory_budget_(memory_budget),
      stored_(static_cast<size_t>(environment.NumArms()), 0),
      start_(std::chrono::steady_clock::now()) {
  REGRETLAB_CHECK(num_arms_ >= 1 && horizon_ >= static_cast<uint64_t>(num_arms_), "K = ", num_arms_,
                  ", T = ", horizon_);
  REGRETLAB_CHECK(context_.checkpoints.empty() ||
                      static_cast<uint64_t>(context_.checkpoints.back()) == horizon_,
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
  while (checkpoint_index_ < context_.checkpoints.size() &&
         static_cast<uint64_t>(context_.checkpoints[checkpoint_index_]) <= end) {
    const size_t c = checkpoint_index_;
    const uint64_t within = static_cast<uint64_t>(context_.checkpoints[c]) - start;
    if (context_.pseudo_regret) {
      context_.pseudo_regret[c] =
          static_cast<double>(regret_.Value() + static_cast<long double>(within) * gap);
      REGRETLAB_CHECK(std::isfinite(context_.pseudo_regret[c]), "pseudo_regret is not finite");
    }
    if (context_.reported_regret) {
      context_.reported_regret[c] =
          static_cast<double>(reported_.Value() + reported_term * static_cast<long double>(within) /
                                                      static_cast<long double>(n));
      REGRETLAB_CHECK(std::isfinite(context_.reported_regret[c]), "reported_regret is not finite");
    }
    if (context_.peak_stored_arms) context_.peak_stored_arms[c] = static_cast<double>(peak_stored_);
    if (context_.memory_budget) context_.memory_budget[c] = static_cast<double>(memory_budget_);
    if (context_.wall_seconds) {
      context_.wall_seconds[c] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    ++checkpoint_index_;
  }
  regret_.Add(static_cast<long double>(n) * gap);
  reported_.Add(reported_term);
  reported_pulls_ += charge.count;
  pulls_ = end;
}

void ArmStream::Finish() const {
  REGRETLAB_CHECK(pulls_ == horizon_, "the learner made ", pulls_, " pulls; T = ", horizon_);
  REGRETLAB_CHECK(checkpoint_index_ == context_.checkpoints.size(), "only ", checkpoint_index_,
                  " of ", context_.checkpoints.size(), " checkpoints were reached");
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
                      .help = "reproduce the quirks of the public reference code (spec 4.4) and "
                              "record its reported regret next to the true one"});
  }
  return params;
}

StreamingReplicateOutcome RunStreamingReplicate(StreamingLearner& learner,
                                                StreamingEnvironment& environment,
                                                random::Rng& learner_rng,
                                                const StreamingRunContext& context) {
  const StreamingInfo info{environment.NumArms(), static_cast<uint64_t>(environment.horizon()), 0};
  ArmStream stream(environment, learner.MemoryBudget(info), context);
  learner.RunReplicate(stream, learner_rng);
  stream.Finish();
  return {stream.pseudo_regret(), stream.reported_regret(), stream.peak_stored(),
          stream.pulls_made()};
}

std::string CheckStreamingCell(const registry::ComponentSpec& environment_spec,
                               const core::Params& environment_params,
                               const registry::ComponentSpec& algorithm_spec,
                               const core::Params& algorithm_params, int64_t horizon) {
  auto environment_object = registry::Instantiate(environment_spec, environment_params);
  auto learner_object = registry::Instantiate(algorithm_spec, algorithm_params);
  auto* environment = dynamic_cast<StreamingEnvironment*>(environment_object.get());
  auto* learner = dynamic_cast<StreamingLearner*>(learner_object.get());
  if (!environment || !learner) return "components do not speak the streaming_bandit protocol";
  environment->SetHorizon(horizon);
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

namespace {

void RunStreamingUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                      engine::UnitResult& result) {
  // Simulated pulls count as replicate-steps; batching makes them cheap (docs/benchmarks.md).
  RunUnitReplicates<StreamingEnvironment, StreamingLearner>(
      cell, first_replicate, count, result, kStreamingBanditProtocol,
      [&](StreamingEnvironment& environment, StreamingLearner& learner, random::Rng& learner_rng,
          size_t offset) {
        StreamingRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.pseudo_regret = MetricRow(result, "pseudo_regret", offset);
        context.reported_regret = MetricRow(result, "reported_regret", offset);
        context.peak_stored_arms = MetricRow(result, "peak_stored_arms", offset);
        context.memory_budget = MetricRow(result, "memory_budget", offset);
        context.wall_seconds = result.wall_seconds.data() + offset;
        RunStreamingReplicate(learner, environment, learner_rng, context);
      });
}

std::vector<std::string> StreamingMetricsFor(const registry::ComponentSpec& /*algorithm*/,
                                             const core::Params& params) {
  std::vector<std::string> metrics = {"pseudo_regret", "peak_stored_arms", "memory_budget"};
  if (params.Has("reference_compat") && params.Bool("reference_compat")) {
    metrics.push_back("reported_regret");
  }
  return metrics;
}

std::string CheckCell(const plan::CellPlan& cell) {
  return CheckRegisteredCell(cell, CheckStreamingCell);
}

registry::ProtocolSpec StreamingProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kStreamingBanditProtocol;
  spec.summary =
      "single-pass streaming K-armed bandit: arms arrive once, in order; a memory budget of "
      "stored arms is enforced; batched pulls";
  spec.metrics = {
      {"pseudo_regret", "sum over the pulls made of the gap of the arm pulled (true regret)"},
      {"reported_regret",
       "the regret the public reference code reports for the same pulls (reference_compat only)"},
      {"peak_stored_arms", "largest number of arms stored at any moment so far"},
      {"memory_budget", "the memory budget the engine enforced (constant)"},
  };
  spec.default_metrics = {"pseudo_regret", "reported_regret", "peak_stored_arms", "memory_budget"};
  spec.metrics_for = StreamingMetricsFor;
  spec.check_cell = CheckCell;
  spec.run_unit = RunStreamingUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(StreamingProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
