// The episodic MDP protocol's loop file: the replicate with exact regret accounting, the check of
// a cell when the spec is read, and the protocol's registration.
#include "sim/protocol/episodic_mdp.h"

#include <chrono>
#include <cmath>

#include "sim/core/check.h"

namespace regretlab::protocol {

registry::OracleInfo EpisodicMdpEnvironment::Oracle() const {
  const LayeredMdp& model = Model();
  registry::OracleInfo oracle;
  oracle.scalars["mdp_horizon"] = static_cast<double>(model.horizon);
  oracle.scalars["num_states"] = static_cast<double>(model.num_states);
  oracle.scalars["num_actions"] = static_cast<double>(model.num_actions);
  oracle.scalars["feature_dimension"] = static_cast<double>(FeatureDimension());
  oracle.scalars["episodes"] = static_cast<double>(horizon_);
  oracle.scalars["horizon"] = static_cast<double>(horizon_);
  return oracle;
}

EpisodicMdpInfo MakeEpisodicMdpInfo(const EpisodicMdpEnvironment& environment,
                                    const EpisodicMdpLearner& learner) {
  const LayeredMdp& model = environment.Model();
  EpisodicMdpInfo info;
  info.horizon = model.horizon;
  info.num_states = model.num_states;
  info.num_actions = model.num_actions;
  info.episodes = environment.horizon();
  info.initial_state = model.initial_state;
  info.feature_dimension = environment.FeatureDimension();
  info.features.assign(info.StateActionCount() * static_cast<size_t>(info.feature_dimension), 0.0);
  environment.Features(info.features);
  info.known_model = learner.NeedsKnownTransitions() ? &model : nullptr;
  return info;
}

EpisodicMdpOutcome RunEpisodicMdpReplicate(EpisodicMdpLearner& learner,
                                           EpisodicMdpEnvironment& environment,
                                           random::Rng& learner_rng,
                                           const random::StreamKey& environment_key,
                                           CheckpointWriter<EpisodicMdpProtocol>* out) {
  using Metric = EpisodicMdpProtocol::Metric;
  CheckpointWriter<EpisodicMdpProtocol> nothing({});
  CheckpointWriter<EpisodicMdpProtocol>& writer = out != nullptr ? *out : nothing;
  const LayeredMdp& model = environment.Model();
  const int64_t episodes = environment.horizon();
  REGRETLAB_CHECK(writer.checkpoints().empty() || writer.checkpoints().back() == episodes,
                  "the last checkpoint is not K");
  learner.Reset(MakeEpisodicMdpInfo(environment, learner));

  random::StreamKey transition_key = environment_key;
  transition_key.substream = 1;
  random::Rng transition_rng(transition_key);
  random::StreamKey simulator_key = environment_key;
  simulator_key.role = random::Role::kSimulator;
  MdpSimulator simulator(model, simulator_key);

  const size_t size = model.StateActionCount();
  std::vector<double> loss(size), cumulative_loss(size, 0.0), best_policy(size);
  MdpTrajectory trajectory;
  trajectory.states.resize(static_cast<size_t>(model.horizon));
  trajectory.actions.resize(static_cast<size_t>(model.horizon));
  trajectory.losses.resize(static_cast<size_t>(model.horizon));
  // Neumaier-compensated: K up to 10^6 episodes of O(H) terms.
  CompensatedSum<> learner_value, realized;
  EpisodicMdpOutcome outcome;

  for (int64_t episode = 1; episode <= episodes; ++episode) {
    environment.Loss(episode, loss);
    for (const double value : loss) {
      REGRETLAB_CHECK(value >= 0.0 && value <= 1.0, "loss ", value, " of episode ", episode,
                      " is outside [0, 1]");
    }
    const std::span<const double> policy = learner.Policy(episode, simulator, learner_rng);
    const std::string problem = CheckPolicy(model, policy);
    REGRETLAB_CHECK(problem.empty(), "policy of episode ", episode, ": ", problem);
    learner_value.Add(ExpectedLoss(model, policy, loss));

    SampleTrajectory(model, policy, learner_rng, transition_rng, trajectory.states,
                     trajectory.actions);
    double trajectory_loss = 0;
    for (int64_t h = 0; h < model.horizon; ++h) {
      const double value = loss[model.StateActionIndex(h, trajectory.states[static_cast<size_t>(h)],
                                                       trajectory.actions[static_cast<size_t>(h)])];
      trajectory.losses[static_cast<size_t>(h)] = value;
      trajectory_loss += value;
    }
    realized.Add(trajectory_loss);
    learner.Observe(trajectory);
    for (size_t i = 0; i < size; ++i) cumulative_loss[i] += loss[i];

    const bool at_checkpoint = writer.Due(episode);
    if (at_checkpoint || episode == episodes) {
      const double best = BestPolicy(model, cumulative_loss, best_policy);
      outcome.expected_regret = learner_value.Value() - best;
      outcome.realized_regret = realized.Value() - best;
      outcome.simulator_calls = simulator.calls();
      REGRETLAB_CHECK(std::isfinite(outcome.expected_regret), "regret is not finite at episode ",
                      episode);
      if (at_checkpoint) {
        writer.Put(Metric::kExpectedRegret, outcome.expected_regret);
        writer.Put(Metric::kRealizedRegret, outcome.realized_regret);
        writer.Put(Metric::kSimulatorCalls, static_cast<double>(outcome.simulator_calls));
        writer.Advance();
      }
    }
  }
  return outcome;
}

void EpisodicMdpProtocol::RunReplicate(EpisodicMdpLearner& learner,
                                       EpisodicMdpEnvironment& environment,
                                       ReplicateStreams& streams,
                                       CheckpointWriter<EpisodicMdpProtocol>& writer) {
  RunEpisodicMdpReplicate(learner, environment, streams.learner, streams.environment, &writer);
}

std::string EpisodicMdpProtocol::CheckCell(const CellCheck<EpisodicMdpProtocol>& check) {
  if (check.cell.horizon < 1) return "K (the horizon) must be at least 1 episode";
  return "";
}

REGRETLAB_REGISTER_PROTOCOL(EpisodicMdpProtocol);

}  // namespace regretlab::protocol
