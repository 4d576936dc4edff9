// The contextual bandit protocol's loop file: the accounting of a replicate, the check of a cell
// when the spec is read, and the protocol's registration.
#include "sim/protocol/contextual_bandit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/check.h"

namespace regretlab::protocol {

double BestPolicyLossAt(const registry::OracleInfo& oracle, int64_t t) {
  if (!oracle.HasVector("checkpoint_rounds") || !oracle.HasVector("best_policy_loss")) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<double>& rounds = oracle.Vector("checkpoint_rounds");
  const std::vector<double>& values = oracle.Vector("best_policy_loss");
  const auto it = std::upper_bound(rounds.begin(), rounds.end(), static_cast<double>(t));
  if (it == rounds.begin()) return std::numeric_limits<double>::quiet_NaN();
  return values[static_cast<size_t>(it - rounds.begin()) - 1];
}

ContextualAccounting::ContextualAccounting(int64_t num_arms,
                                           CheckpointWriter<ContextualBanditProtocol>& writer)
    : writer_(writer), num_arms_(num_arms) {
  REGRETLAB_CHECK(!writer_.checkpoints().empty(), "no checkpoints");
  best_curve_.reserve(writer_.checkpoints().size());
}

void ContextualAccounting::Round(int64_t round, std::span<const double> mean_losses, int64_t arm,
                                 double loss, std::span<const double> distribution) {
  const double best = *std::min_element(mean_losses.begin(), mean_losses.end());
  const double gap = mean_losses[static_cast<size_t>(arm)] - best;
  REGRETLAB_CHECK(std::isfinite(loss) && loss >= 0.0 && loss <= 1.0, "loss ", loss, " of arm ", arm,
                  " at round ", round, " is outside [0, 1]");
  pseudo_.Add(gap);
  if (gap > 0) ++mistakes_;
  realized_.Add(loss);
  best_.Add(best);
  if (!distribution.empty()) {
    // Σ_a p_t(a)(μ_t(a) − min μ_t): the conditional expectation of this round's regret.
    double expected_gap = 0;
    for (int64_t a = 0; a < num_arms_; ++a) {
      expected_gap +=
          distribution[static_cast<size_t>(a)] * (mean_losses[static_cast<size_t>(a)] - best);
    }
    expected_.Add(expected_gap);
  }
  if (!writer_.Due(round)) [[likely]]
    return;
  using Metric = ContextualBanditProtocol::Metric;
  writer_.Put(Metric::kPseudoRegret, pseudo_.Value());
  if (!distribution.empty()) writer_.Put(Metric::kExpectedRegret, expected_.Value());
  writer_.Put(Metric::kMistakes, static_cast<double>(mistakes_));
  writer_.Put(Metric::kRealizedLoss, realized_.Value());
  writer_.Put(Metric::kBestPolicyLoss, best_.Value());
  best_curve_.push_back(best_.Value());
  writer_.Advance();
}

int64_t ContextualAccounting::LastCheckpoint() const { return writer_.checkpoints().back(); }

std::vector<double> ContextualAccounting::CheckpointRounds() const {
  std::vector<double> rounds;
  for (size_t c = 0; c < best_curve_.size(); ++c) {
    rounds.push_back(static_cast<double>(writer_.checkpoints()[c]));
  }
  return rounds;
}

std::string ContextualBanditProtocol::CheckCell(const CellCheck<ContextualBanditProtocol>& check) {
  const ContextualEnvironment* environment = &check.environment;
  const ContextualLearner* learner = &check.learner;
  const registry::ComponentSpec& environment_spec = check.environment_spec;
  const registry::ComponentSpec& algorithm_spec = check.algorithm_spec;
  ContextualInfo info = environment->Info();
  info.horizon = check.cell.horizon;
  if (info.num_arms < 2)
    return "the environment has K = " + std::to_string(info.num_arms) + " < 2 arms";
  if (info.dimension < 1) return "the environment's contexts have dimension 0";
  const std::string problem = learner->CheckInfo(info);
  if (!problem.empty()) {
    return algorithm_spec.name + " cannot run on " + environment_spec.name +
           " (K = " + std::to_string(info.num_arms) + ", d = " + std::to_string(info.dimension) +
           (info.shared_context ? ", shared context" : ", one context per arm") + "): " + problem;
  }
  return "";
}

void ContextualBanditProtocol::RunReplicate(ContextualLearner& learner,
                                            ContextualEnvironment& environment,
                                            ReplicateStreams& streams,
                                            CheckpointWriter<ContextualBanditProtocol>& writer) {
  // The init stream (network weights) is keyed like the learner's, role `init`: every algorithm
  // of the cell starts from the same weights at a given replicate.
  random::Rng init_rng(streams.Key(random::Role::kInit));
  learner.RunReplicate(environment, streams.learner, init_rng, writer);
}

REGRETLAB_REGISTER_PROTOCOL(ContextualBanditProtocol);

}  // namespace regretlab::protocol
