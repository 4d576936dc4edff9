// The expert_advice protocol's loop file: one replicate with its exact regret accounting, the
// check of a cell when the spec is read, and the protocol's registration (expert_advice.h).
#include "examples/expert_advice/expert_advice.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/core/check.h"

namespace regretlab::examples::expert_advice {

void ExpertAdviceProtocol::RunReplicate(ExpertsLearner& learner, ExpertsEnvironment& environment,
                                        protocol::ReplicateStreams& streams,
                                        protocol::CheckpointWriter<ExpertAdviceProtocol>& writer) {
  const ExpertsInfo info = environment.Info();
  REGRETLAB_CHECK(!writer.checkpoints().empty() && writer.checkpoints().back() == info.horizon,
                  "the last checkpoint is not the horizon T = ", info.horizon);
  const size_t num_experts = static_cast<size_t>(info.num_experts);
  learner.Reset(info);
  std::vector<double> p(num_experts), losses(num_experts);
  // Neumaier-compensated like every protocol's accounting (sim/core/compensated_sum.h).
  std::vector<core::CompensatedSum<>> expert_loss(num_experts);
  core::CompensatedSum<> learner_loss;
  for (int64_t round = 1; round <= info.horizon; ++round) {
    learner.Play(p, streams.learner);
    core::CompensatedSum<> mass;
    for (const double q : p) {
      REGRETLAB_CHECK(q >= 0.0 && q <= 1.0 + 1e-9, "round ", round, ": p_t has an entry ", q);
      mass.Add(q);
    }
    REGRETLAB_CHECK(std::abs(mass.Value() - 1.0) <= 1e-9, "round ", round, ": p_t sums to ",
                    mass.Value());
    environment.Losses(round, losses);
    double inner = 0;  // ⟨p_t, ℓ_t⟩
    for (size_t i = 0; i < num_experts; ++i) {
      REGRETLAB_CHECK(losses[i] >= 0.0 && losses[i] <= 1.0, "round ", round, ": expert ", i,
                      " has loss ", losses[i]);
      inner += p[i] * losses[i];
      expert_loss[i].Add(losses[i]);
    }
    learner_loss.Add(inner);
    learner.Observe(losses);
    if (!writer.Due(round)) continue;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& total : expert_loss) best = std::min(best, total.Value());
    writer.Put(Metric::kRegret, learner_loss.Value() - best);
    writer.Put(Metric::kBestExpertLoss, best);
    writer.Advance();
  }
  writer.Finish();
}

std::string ExpertAdviceProtocol::CheckCell(
    const protocol::CellCheck<ExpertAdviceProtocol>& check) {
  const int64_t num_experts = check.environment.NumExperts();
  if (num_experts < 2) {
    return check.environment_spec.name + " has N = " + std::to_string(num_experts) +
           " experts; the protocol needs N >= 2";
  }
  return "";
}

REGRETLAB_REGISTER_PROTOCOL(ExpertAdviceProtocol);

}  // namespace regretlab::examples::expert_advice
