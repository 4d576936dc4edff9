// Registers the episodic MDP protocol: the replicate loop with exact regret accounting, the
// check of a cell when the spec is read, and the unit runner the engine calls.
#include "sim/protocol/episodic_mdp.h"

#include <chrono>
#include <cmath>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"

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
                                           const EpisodicMdpRunContext& context) {
  const auto start = std::chrono::steady_clock::now();
  const LayeredMdp& model = environment.Model();
  const int64_t episodes = environment.horizon();
  REGRETLAB_CHECK(context.checkpoints.empty() || context.checkpoints.back() == episodes,
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
  // Neumaier-compensated (bandit_loop.h): K up to 10^6 episodes of O(H) terms.
  CompensatedSum learner_value, realized;
  EpisodicMdpOutcome outcome;
  size_t checkpoint = 0;

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
      const double value =
          loss[model.StateActionIndex(h, trajectory.states[static_cast<size_t>(h)],
                                      trajectory.actions[static_cast<size_t>(h)])];
      trajectory.losses[static_cast<size_t>(h)] = value;
      trajectory_loss += value;
    }
    realized.Add(trajectory_loss);
    learner.Observe(trajectory);
    for (size_t i = 0; i < size; ++i) cumulative_loss[i] += loss[i];

    const bool at_checkpoint =
        checkpoint < context.checkpoints.size() && context.checkpoints[checkpoint] == episode;
    if (at_checkpoint || episode == episodes) {
      const double best = BestPolicy(model, cumulative_loss, best_policy);
      outcome.expected_regret = learner_value.Value() - best;
      outcome.realized_regret = realized.Value() - best;
      outcome.simulator_calls = simulator.calls();
      REGRETLAB_CHECK(std::isfinite(outcome.expected_regret), "regret is not finite at episode ",
                      episode);
      if (at_checkpoint) {
        if (context.expected_regret) context.expected_regret[checkpoint] = outcome.expected_regret;
        if (context.realized_regret) context.realized_regret[checkpoint] = outcome.realized_regret;
        if (context.simulator_calls) {
          context.simulator_calls[checkpoint] = static_cast<double>(outcome.simulator_calls);
        }
        if (context.wall_seconds) {
          context.wall_seconds[checkpoint] =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        ++checkpoint;
      }
    }
  }
  return outcome;
}

namespace {

void RunEpisodicMdpUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                        engine::UnitResult& result) {
  RunUnitReplicates<EpisodicMdpEnvironment, EpisodicMdpLearner>(
      cell, first_replicate, count, result, kEpisodicMdpProtocol,
      [&](EpisodicMdpEnvironment& environment, EpisodicMdpLearner& learner,
          random::Rng& learner_rng, size_t offset) {
        EpisodicMdpRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.expected_regret = MetricRow(result, "expected_regret", offset);
        context.realized_regret = MetricRow(result, "realized_regret", offset);
        context.simulator_calls = MetricRow(result, "simulator_calls", offset);
        context.wall_seconds = result.wall_seconds.data() + offset;
        const int64_t replicate =
            first_replicate + static_cast<int64_t>(offset / cell.checkpoints.rounds.size());
        RunEpisodicMdpReplicate(learner, environment, learner_rng,
                                EnvironmentKey(cell, replicate), context);
      });
}

std::string CheckCell(const plan::CellPlan& cell) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* environment_spec = registry.FindComponent(cell.environment.name);
  if (!environment_spec) return "unregistered environment";
  auto object = registry::Instantiate(*environment_spec, cell.environment.params);
  auto* environment = dynamic_cast<EpisodicMdpEnvironment*>(object.get());
  if (!environment) return "the environment does not speak the episodic_mdp protocol";
  if (cell.horizon < 1) return "K (the horizon) must be at least 1 episode";
  return "";
}

registry::ProtocolSpec EpisodicMdpProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kEpisodicMdpProtocol;
  spec.summary =
      "adversarial episodic layered MDP: Markov policies per episode, bandit feedback along the "
      "trajectory, a counted simulator, exact DP regret against the best fixed policy";
  spec.metrics = {
      {"expected_regret",
       "sum over episodes of V^{pi_k}_k(s_1) minus the best fixed policy's total, exact by DP"},
      {"realized_regret", "losses along the real trajectories minus the best fixed policy's total"},
      {"simulator_calls", "rollouts requested from the simulator so far"},
  };
  spec.default_metrics = {"expected_regret", "realized_regret", "simulator_calls"};
  spec.metrics_for = [](const registry::ComponentSpec&, const core::Params&) {
    return std::vector<std::string>{"expected_regret", "realized_regret", "simulator_calls"};
  };
  spec.check_cell = CheckCell;
  spec.run_unit = RunEpisodicMdpUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(EpisodicMdpProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
