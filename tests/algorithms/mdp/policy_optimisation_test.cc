// Tests of the LB-PO / EW-PO pipeline (algorithms/mdp/policy_optimisation.h;
// docs/theory/log_barrier.md §3.7 MDP): the IW linear-Q estimator is unbiased with the exact
// covariance and γ → 0, the bonus is ≥ 0 and satisfies the dilated recursion exactly in oracle
// mode, policies stay in the simplex, and with a stationary loss LB-PO converges to the optimal
// policy.
#include "algorithms/mdp/policy_optimisation.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "algorithms/bandit/log_barrier_kernels.h"
#include "sim/models/tabular_mdp.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/registry/registry.h"

namespace regretlab::algorithms::mdp {
namespace {

struct LogBarrierStep {
  void operator()(std::span<const double> cumulative, double eta, std::span<double> out) const {
    bandit::LogBarrierFtrlWeights(cumulative, eta, out);
  }
};
using Learner = PolicyOptimisation<LogBarrierStep>;

core::Params LearnerParams(const std::map<std::string, core::ParamValue>& values) {
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : values) raw[key] = core::RawParam{value, {}};
  return core::ValidateParams(PolicyOptimisationParams(0.5, 0.5), raw, "lb_po", {});
}

// The tabular environment (H = 3, S = 2, A = 2 unless given) with K episodes, replicate 0.
std::unique_ptr<protocol::EpisodicMdpEnvironment> MakeEnvironment(
    int64_t episodes, std::map<std::string, core::ParamValue> values = {}) {
  const registry::ComponentSpec* spec =
      registry::Registry::Get().FindComponent("tabular_switching_mdp");
  REQUIRE(spec != nullptr);
  values.emplace("steps", int64_t{3});
  values.emplace("num_states", int64_t{2});
  values.emplace("num_actions", int64_t{2});
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : values) raw[key] = core::RawParam{value, {}};
  auto object = registry::Instantiate(*spec, core::ValidateParams(spec->params, raw, "env", {}));
  auto* environment = dynamic_cast<protocol::EpisodicMdpEnvironment*>(object.release());
  REQUIRE(environment != nullptr);
  environment->SetHorizon(episodes);
  environment->Reset({21, 22, 0, random::Role::kEnvironment, 0});
  return std::unique_ptr<protocol::EpisodicMdpEnvironment>(environment);
}

TEST_CASE("lb_po: with the exact covariance and gamma near 0 the Q estimate is unbiased",
          "[theory][episodic_mdp]") {
  auto environment = MakeEnvironment(1);
  const protocol::LayeredMdp& model = environment->Model();
  const size_t size = model.StateActionCount();
  std::vector<double> loss(size);
  environment->Loss(1, loss);
  // β = 0: the cumulative after one episode is exactly Q̂_1. γ = 1e-9 (exponent 0): the bias
  // factor q/(q + γ) is 1 − O(1e-8).
  Learner learner(LearnerParams({{"covariance", std::string("exact")},
                                 {"beta_ratio", 0.0},
                                 {"gamma_scale", 1e-9},
                                 {"gamma_exponent", 0.0}}));
  REQUIRE(learner.NeedsKnownTransitions());
  const random::StreamKey key{21, 22, 0, random::Role::kEnvironment, 0};
  protocol::MdpSimulator simulator(model, key);
  random::Rng rng({21, 22, 0, random::Role::kLearner, 0});
  random::Rng transitions({21, 22, 0, random::Role::kEnvironment, 1});
  const int trials = 60000;
  std::vector<double> sum(size, 0.0), sum_sq(size, 0.0), policy;
  protocol::MdpTrajectory trajectory;
  trajectory.states.resize(3);
  trajectory.actions.resize(3);
  trajectory.losses.resize(3);
  for (int n = 0; n < trials; ++n) {
    learner.Reset(protocol::MakeEpisodicMdpInfo(*environment, learner));
    const auto pi = learner.Policy(1, simulator, rng);
    policy.assign(pi.begin(), pi.end());
    protocol::SampleTrajectory(model, pi, rng, transitions, trajectory.states, trajectory.actions);
    for (int64_t h = 0; h < 3; ++h) {
      trajectory.losses[h] =
          loss[model.StateActionIndex(h, trajectory.states[h], trajectory.actions[h])];
    }
    learner.Observe(trajectory);
    for (size_t i = 0; i < size; ++i) {
      sum[i] += learner.cumulative()[i];
      sum_sq[i] += learner.cumulative()[i] * learner.cumulative()[i];
    }
  }
  std::vector<double> q(size), v(static_cast<size_t>(model.horizon * model.num_states));
  protocol::EvaluateQ(model, policy, loss, q, v);
  std::vector<double> occupancy(size);
  protocol::Occupancy(model, policy, occupancy);
  for (size_t i = 0; i < size; ++i) {
    if (occupancy[i] < 0.02) continue;  // too rarely visited for a tight interval
    const double mean = sum[i] / trials;
    const double se = std::sqrt((sum_sq[i] / trials - mean * mean) / trials);
    INFO("pair " << i << " Q " << q[i] << " mean " << mean << " se " << se);
    REQUIRE(std::abs(mean - q[i]) <= 4.5 * se + 1e-6);
  }
}

TEST_CASE("lb_po: bonus is non-negative and the dilated recursion holds exactly (oracle mode)",
          "[closed_form][episodic_mdp]") {
  auto environment = MakeEnvironment(50);
  const protocol::LayeredMdp& model = environment->Model();
  Learner learner(LearnerParams({{"covariance", std::string("exact")}, {"beta_ratio", 0.7}}));
  learner.Reset(protocol::MakeEpisodicMdpInfo(*environment, learner));
  protocol::MdpSimulator simulator(model, {21, 22, 0, random::Role::kSimulator, 0});
  random::Rng rng({1, 2, 0, random::Role::kLearner, 0});
  random::Rng transitions({1, 2, 0, random::Role::kEnvironment, 1});
  std::vector<double> loss(model.StateActionCount());
  protocol::MdpTrajectory trajectory;
  trajectory.states.resize(3);
  trajectory.actions.resize(3);
  trajectory.losses.resize(3);
  for (int64_t k = 1; k <= 50; ++k) {
    environment->Loss(k, loss);
    const auto pi = learner.Policy(k, simulator, rng);
    REQUIRE(protocol::CheckPolicy(model, pi).empty());
    const std::vector<double> policy(pi.begin(), pi.end());
    protocol::SampleTrajectory(model, pi, rng, transitions, trajectory.states, trajectory.actions);
    for (int64_t h = 0; h < 3; ++h) {
      trajectory.losses[h] =
          loss[model.StateActionIndex(h, trajectory.states[h], trajectory.actions[h])];
    }
    learner.Observe(trajectory);
    const auto& bonus = learner.last_bonus();
    const auto& dilated = learner.last_dilated();
    for (int64_t h = 0; h < 3; ++h) {
      for (int64_t s = 0; s < 2; ++s) {
        for (int64_t a = 0; a < 2; ++a) {
          const size_t index = model.StateActionIndex(h, s, a);
          REQUIRE(bonus[index] >= 0);
          double next = 0;
          if (h + 1 < 3) {
            for (int64_t s2 = 0; s2 < 2; ++s2) {
              for (int64_t a2 = 0; a2 < 2; ++a2) {
                const size_t j = model.StateActionIndex(h + 1, s2, a2);
                next += model.Next(h, s, a)[s2] * policy[j] * dilated[j];
              }
            }
          }
          REQUIRE(dilated[index] == Approx(bonus[index] + (1 + 1.0 / 3) * next).epsilon(1e-12));
        }
      }
    }
  }
}

TEST_CASE("lb_po: with a stationary loss and a large eta it converges to the optimal policy",
          "[theory][episodic_mdp]") {
  // T_0 = T_1: the loss never changes. A clear optimum: action 0 costs 0.1, action 1 costs 0.9.
  std::vector<double> tables(2 * 12);
  for (size_t i = 0; i < tables.size(); ++i) tables[i] = i % 2 == 0 ? 0.1 : 0.9;
  const int64_t episodes = 3000;
  auto environment = MakeEnvironment(episodes, {{"loss_tables", tables}});
  for (const char* mode : {"exact", "simulator"}) {
    INFO(mode);
    // Large η (20/√K); a small ridge γ = 1/√K (its bias shrinks the estimates of rarely played
    // actions towards 0) and β = 0.01 η, so the optimistic bonus (≤ β/γ = 0.2 per step) stays
    // below the 0.8 loss gap: the limit is the optimal policy.
    Learner learner(LearnerParams({{"covariance", std::string(mode)},
                                   {"eta_scale", 20.0},
                                   {"beta_ratio", 0.01},
                                   {"rollouts", int64_t{20}}}));
    random::Rng rng({5, 6, 0, random::Role::kLearner, 0});
    const random::StreamKey key{5, 6, 0, random::Role::kEnvironment, 0};
    const auto outcome = protocol::RunEpisodicMdpReplicate(learner, *environment, rng, key, {});
    // The last policy: its value is within 0.05 of the optimum 3 × 0.1 = 0.3.
    protocol::MdpSimulator simulator(environment->Model(), key);
    const auto pi = learner.Policy(episodes + 1, simulator, rng);
    std::vector<double> loss(12);
    environment->Loss(1, loss);
    const double value = protocol::ExpectedLoss(environment->Model(), pi, loss);
    INFO("final value " << value << ", regret " << outcome.expected_regret);
    CHECK(value <= 0.3 + 0.05);
    CHECK(outcome.expected_regret < 0.1 * 0.8 * 3 * episodes);  // far below uniform's 1200
  }
}

}  // namespace
}  // namespace regretlab::algorithms::mdp

namespace regretlab::algorithms::mdp {
namespace {

std::unique_ptr<protocol::EpisodicMdpLearner> MakeOReps(double eta) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent("o_reps");
  REQUIRE(spec != nullptr);
  std::map<std::string, core::RawParam> raw = {{"eta", core::RawParam{eta, {}}}};
  auto object = registry::Instantiate(*spec, core::ValidateParams(spec->params, raw, "o_reps", {}));
  auto* learner = dynamic_cast<protocol::EpisodicMdpLearner*>(object.release());
  REQUIRE(learner != nullptr);
  return std::unique_ptr<protocol::EpisodicMdpLearner>(learner);
}

TEST_CASE("o_reps: with H = 1 and one state it is exponential weights (EXP3)",
          "[closed_form][episodic_mdp]") {
  auto environment = MakeEnvironment(
      10, {{"steps", int64_t{1}}, {"num_states", int64_t{1}}, {"num_actions", int64_t{3}}});
  auto learner = MakeOReps(0.4);
  learner->Reset(protocol::MakeEpisodicMdpInfo(*environment, *learner));
  protocol::MdpSimulator simulator(environment->Model(), {1, 1, 0, random::Role::kSimulator, 0});
  random::Rng rng({1, 1, 0, random::Role::kLearner, 0});
  std::vector<double> cumulative(3, 0.0), expected(3);
  const int64_t played[] = {0, 2, 2, 1, 0};
  const double losses[] = {0.7, 0.2, 0.9, 0.4, 0.1};
  for (int k = 0; k < 5; ++k) {
    const auto pi = learner->Policy(k + 1, simulator, rng);
    bandit::ExponentialWeights(cumulative, 0.4, expected);
    for (size_t a = 0; a < 3; ++a) REQUIRE(pi[a] == Approx(expected[a]).epsilon(1e-10));
    cumulative[static_cast<size_t>(played[k])] += losses[k] / pi[static_cast<size_t>(played[k])];
    protocol::MdpTrajectory trajectory{{0}, {played[k]}, {losses[k]}};
    learner->Observe(trajectory);
  }
}

TEST_CASE("o_reps: mean regret on the doubling switch stays under its bound",
          "[theory][episodic_mdp]") {
  const int64_t episodes = 2000;
  double total = 0;
  const int replicates = 10;
  double bound = 0;
  for (int r = 0; r < replicates; ++r) {
    auto environment = MakeEnvironment(
        episodes, {{"steps", int64_t{4}}, {"num_states", int64_t{3}}, {"num_actions", int64_t{3}}});
    auto learner = MakeOReps(0.0);
    random::Rng rng({7, 7, static_cast<uint64_t>(r), random::Role::kLearner, 0});
    const random::StreamKey key{7, 7, static_cast<uint64_t>(r), random::Role::kEnvironment, 0};
    total +=
        protocol::RunEpisodicMdpReplicate(*learner, *environment, rng, key, {}).expected_regret;
    if (r == 0) {
      const registry::BoundSpec* spec = registry::Registry::Get().FindBound("o_reps_known_p");
      REQUIRE(spec != nullptr);
      core::Params params;
      params.Set("eta", 0.0);
      params.Set("gamma", 0.0);
      REQUIRE(spec->applies(environment->Oracle(), params));
      bound = spec->evaluate(environment->Oracle(), params, episodes);
      // H sqrt(2 K S A ln A) with H = 4, S = 3, A = 3.
      REQUIRE(bound == Approx(4 * std::sqrt(2.0 * episodes * 9 * std::log(3.0))).epsilon(1e-12));
    }
  }
  INFO("mean regret " << total / replicates << " bound " << bound);
  CHECK(total / replicates <= bound);
}

}  // namespace
}  // namespace regretlab::algorithms::mdp
