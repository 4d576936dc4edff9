// Tests of the tabular MDP helpers (sim/models/tabular_mdp.h) and the episodic_mdp protocol:
// DP evaluation equals Monte-Carlo rollouts, the best fixed policy equals brute force, the regret
// accounting matches an independent computation, bad policies and bad specs are refused.
#include "sim/protocol/episodic_mdp.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/models/tabular_mdp.h"
#include "sim/plan/plan.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"
#include "tests/support/engine_support.h"

namespace regretlab::protocol {
namespace {

random::Rng TestRng(uint64_t seed, uint32_t substream = 0) {
  return random::Rng({seed, 77, 0, random::Role::kEnvironment, substream});
}

// A random layered MDP with H = 3, S = 2, A = 2 (docs/theory/log_barrier.md §3.7's tiny instance),
// a random stochastic policy and a random loss table.
struct TinyInstance {
  LayeredMdp model;
  std::vector<double> policy, loss;
};

TinyInstance MakeTiny(uint64_t seed, int64_t horizon = 3, int64_t states = 2, int64_t actions = 2) {
  random::Rng rng = TestRng(seed);
  TinyInstance tiny;
  tiny.model.horizon = horizon;
  tiny.model.num_states = states;
  tiny.model.num_actions = actions;
  tiny.model.transition.resize(static_cast<size_t>((horizon - 1) * states * actions * states));
  for (size_t row = 0; row < tiny.model.transition.size(); row += static_cast<size_t>(states)) {
    double total = 0;
    for (int64_t s = 0; s < states; ++s)
      total += tiny.model.transition[row + s] = 0.05 + rng.Uniform01();
    for (int64_t s = 0; s < states; ++s) tiny.model.transition[row + s] /= total;
  }
  const size_t size = tiny.model.StateActionCount();
  tiny.policy.resize(size);
  tiny.loss.resize(size);
  for (size_t row = 0; row < size; row += static_cast<size_t>(actions)) {
    double total = 0;
    for (int64_t a = 0; a < actions; ++a) total += tiny.policy[row + a] = 0.1 + rng.Uniform01();
    for (int64_t a = 0; a < actions; ++a) tiny.policy[row + a] /= total;
  }
  for (double& x : tiny.loss) x = rng.Uniform01();
  REQUIRE(CheckModel(tiny.model).empty());
  REQUIRE(CheckPolicy(tiny.model, tiny.policy).empty());
  return tiny;
}

TEST_CASE("tabular mdp: DP policy evaluation equals Monte-Carlo rollouts",
          "[theory][episodic_mdp]") {
  for (const uint64_t seed : {1u, 2u, 3u}) {
    const TinyInstance tiny = MakeTiny(seed, 4, 3, 2);
    const double exact = ExpectedLoss(tiny.model, tiny.policy, tiny.loss);
    // The backward recursion gives the same value at the start state.
    std::vector<double> q(tiny.model.StateActionCount()), v(static_cast<size_t>(4 * 3));
    EvaluateQ(tiny.model, tiny.policy, tiny.loss, q, v);
    REQUIRE(v[0] == Approx(exact).epsilon(1e-12));
    // Occupancy: each layer's mass is 1.
    std::vector<double> occupancy(q.size());
    Occupancy(tiny.model, tiny.policy, occupancy);
    for (int64_t h = 0; h < 4; ++h) {
      double mass = 0;
      for (size_t i = static_cast<size_t>(h * 6); i < static_cast<size_t>((h + 1) * 6); ++i)
        mass += occupancy[i];
      REQUIRE(mass == Approx(1.0).epsilon(1e-12));
    }
    random::Rng actions = TestRng(seed, 1), transitions = TestRng(seed, 2);
    std::vector<int64_t> states_seen(4), actions_seen(4);
    const int rollouts = 100000;
    double sum = 0, sum_sq = 0;
    for (int n = 0; n < rollouts; ++n) {
      SampleTrajectory(tiny.model, tiny.policy, actions, transitions, states_seen, actions_seen);
      double total = 0;
      for (int64_t h = 0; h < 4; ++h) {
        total += tiny.loss[tiny.model.StateActionIndex(h, states_seen[h], actions_seen[h])];
      }
      sum += total;
      sum_sq += total * total;
    }
    const double mean = sum / rollouts;
    const double se = std::sqrt((sum_sq / rollouts - mean * mean) / rollouts);
    INFO("exact " << exact << " MC " << mean << " se " << se);
    REQUIRE(std::abs(mean - exact) <= 4.5 * se);
  }
}

TEST_CASE(
    "tabular mdp: the best policy in hindsight equals brute force over deterministic policies",
    "[closed_form][episodic_mdp]") {
  for (const uint64_t seed : {4u, 5u, 6u, 7u}) {
    const TinyInstance tiny = MakeTiny(seed);  // H = 3, S = 2, A = 2: 2^6 = 64 policies
    std::vector<double> best_policy(tiny.model.StateActionCount());
    const double dp = BestPolicy(tiny.model, tiny.loss, best_policy);
    REQUIRE(ExpectedLoss(tiny.model, best_policy, tiny.loss) == Approx(dp).epsilon(1e-12));
    double brute = 1e300;
    std::vector<double> policy(best_policy.size());
    for (int code = 0; code < 64; ++code) {
      for (int pair = 0; pair < 6; ++pair) {
        const int action = (code >> pair) & 1;
        policy[static_cast<size_t>(2 * pair)] = action == 0 ? 1.0 : 0.0;
        policy[static_cast<size_t>(2 * pair + 1)] = action == 1 ? 1.0 : 0.0;
      }
      brute = std::min(brute, ExpectedLoss(tiny.model, policy, tiny.loss));
    }
    REQUIRE(dp == Approx(brute).epsilon(1e-12));
    // No stochastic policy does better (the random one of the instance, for one).
    REQUIRE(ExpectedLoss(tiny.model, tiny.policy, tiny.loss) >= dp - 1e-12);
  }
}

// A learner that always plays the uniform policy and calls the simulator twice per episode.
class UniformLearner : public EpisodicMdpLearner {
 public:
  void Reset(const EpisodicMdpInfo& info) override {
    info_ = info;
    policy_.assign(info.StateActionCount(), 1.0 / static_cast<double>(info.num_actions));
  }
  std::span<const double> Policy(int64_t, MdpSimulator& simulator, random::Rng&) override {
    std::vector<int64_t> s(static_cast<size_t>(info_.horizon)), a(s.size());
    simulator.Rollout(policy_, s, a);
    simulator.Rollout(policy_, s, a);
    return policy_;
  }
  void Observe(const MdpTrajectory& trajectory) override {
    REQUIRE(trajectory.losses.size() == static_cast<size_t>(info_.horizon));
    for (const double loss : trajectory.losses) REQUIRE((loss >= 0 && loss <= 1));
  }
  EpisodicMdpInfo info_;
  std::vector<double> policy_;
};

// A learner whose policy is not a distribution.
class BrokenLearner : public UniformLearner {
 public:
  std::span<const double> Policy(int64_t episode, MdpSimulator& simulator,
                                 random::Rng& rng) override {
    UniformLearner::Policy(episode, simulator, rng);
    policy_[0] = 0.9;  // the first row no longer sums to 1
    return policy_;
  }
};

std::unique_ptr<EpisodicMdpEnvironment> MakeMdpEnvironment(
    const std::map<std::string, core::RawParam>& raw) {
  const registry::ComponentSpec* spec =
      registry::Registry::Get().FindComponent("tabular_switching_mdp");
  REQUIRE(spec != nullptr);
  auto object = registry::Instantiate(*spec, core::ValidateParams(spec->params, raw, "test", {}));
  auto* environment = dynamic_cast<EpisodicMdpEnvironment*>(object.release());
  REQUIRE(environment != nullptr);
  return std::unique_ptr<EpisodicMdpEnvironment>(environment);
}

TEST_CASE("episodic_mdp: regret accounting matches an independent computation",
          "[closed_form][episodic_mdp]") {
  auto environment = MakeMdpEnvironment({});
  const int64_t episodes = 40;
  environment->SetHorizon(episodes);
  const random::StreamKey key{3, 4, 0, random::Role::kEnvironment, 0};
  environment->Reset(key);
  UniformLearner learner;
  random::Rng learner_rng({3, 4, 0, random::Role::kLearner, 0});
  const std::vector<int64_t> checkpoints = {10, 40};
  std::vector<double> regret(2), calls(2);
  CheckpointWriter<EpisodicMdpProtocol> writer(checkpoints);
  writer.Record(EpisodicMdpProtocol::Metric::kExpectedRegret, regret.data())
      .Record(EpisodicMdpProtocol::Metric::kSimulatorCalls, calls.data());
  const EpisodicMdpOutcome outcome =
      RunEpisodicMdpReplicate(learner, *environment, learner_rng, key, &writer);
  // Independent: Σ_k V^{unif}_k − min_π Σ_k V^π_k with the doubling switch written out.
  const LayeredMdp& model = environment->Model();
  const size_t size = model.StateActionCount();
  std::vector<double> loss(size), total(size, 0.0), uniform(size, 0.25), best(size);
  double learner_value = 0;
  for (int64_t k = 1; k <= episodes; ++k) {
    environment->Loss(k, loss);
    learner_value += ExpectedLoss(model, uniform, loss);
    for (size_t i = 0; i < size; ++i) total[i] += loss[i];
    if (k == 10) {
      CHECK(regret[0] == Approx(learner_value - BestPolicy(model, total, best)).margin(1e-10));
      // Episodes 1..10 hold five T_0 and five T_1 = 1 − T_0: every policy has total loss 5 H,
      // so the regret of any learner is exactly 0 here.
      CHECK(std::abs(regret[0]) < 1e-10);
    }
  }
  CHECK(regret[1] == Approx(learner_value - BestPolicy(model, total, best)).epsilon(1e-12));
  CHECK(outcome.expected_regret == regret[1]);
  CHECK(calls[1] == 2 * episodes);
  // The doubling switch: episodes 1, 4..7, 16..31 use T_0; 2..3, 8..15, 32..63 use T_1 = 1 − T_0.
  std::vector<double> first(size), second(size);
  environment->Loss(1, first);
  environment->Loss(2, second);
  for (size_t i = 0; i < size; ++i) CHECK(first[i] + second[i] == Approx(1.0).epsilon(1e-15));
  environment->Loss(5, second);
  CHECK(second == first);
}

TEST_CASE("episodic_mdp: a policy that is not a distribution is an invariant error",
          "[errors][episodic_mdp]") {
  auto environment = MakeMdpEnvironment({});
  environment->SetHorizon(3);
  const random::StreamKey key{3, 4, 0, random::Role::kEnvironment, 0};
  environment->Reset(key);
  BrokenLearner learner;
  random::Rng learner_rng({3, 4, 0, random::Role::kLearner, 0});
  REQUIRE_THROWS_WITH(RunEpisodicMdpReplicate(learner, *environment, learner_rng, key, nullptr),
                      Catch::Contains("does not sum to 1"));
}

TEST_CASE("episodic_mdp: bad specs are refused before any run", "[errors][episodic_mdp]") {
  const std::string head =
      "name = \"e\"\nseed = 1\nhorizon = 10\nreplicates = 2\n"
      "[[algorithms]]\nname = \"lb_po\"\n";
  // Wrong shape of the loss tables (2 H S A = 120 values with the defaults).
  REQUIRE_THROWS_AS(plan::ParsePlan(head + "[[environments]]\nname = \"tabular_switching_mdp\"\n"
                                           "loss_tables = [0.5, 0.5, 0.5]\n",
                                    "bad.toml"),
                    core::ConfigError);
  // A loss outside [0, 1].
  std::string tables = "loss_tables = [";
  for (int i = 0; i < 120; ++i)
    tables += (i == 7 ? "1.5" : "0.5") + std::string(i < 119 ? ", " : "]\n");
  REQUIRE_THROWS_AS(
      plan::ParsePlan(head + "[[environments]]\nname = \"tabular_switching_mdp\"\n" + tables,
                      "bad.toml"),
      core::ConfigError);
  // A zero or negative rate.
  const std::string environment = "[[environments]]\nname = \"tabular_switching_mdp\"\n";
  for (const char* bad : {"eta_scale = 0.0\n", "eta_scale = -1.0\n", "gamma_scale = 0.0\n"}) {
    INFO(bad);
    REQUIRE_THROWS_AS(plan::ParsePlan("name = \"e\"\nseed = 1\nhorizon = 10\nreplicates = 2\n"
                                      "[[algorithms]]\nname = \"lb_po\"\n" +
                                          std::string(bad) + environment,
                                      "bad.toml"),
                      core::ConfigError);
  }
  // Bandit learners: a negative eta.
  for (const char* algorithm : {"lb_ftrl", "exp3_ix"}) {
    REQUIRE_THROWS_AS(
        plan::ParsePlan(std::string("name = \"e\"\nseed = 1\nhorizon = 10\nreplicates = 2\n"
                                    "[[algorithms]]\nname = \"") +
                            algorithm +
                            "\"\neta = -0.5\n[[environments]]\nname = \"bernoulli\"\n"
                            "means = [0.2, 0.4]\n",
                        "bad.toml"),
        core::ConfigError);
  }
  REQUIRE_THROWS_AS(plan::ParsePlan("name = \"e\"\nseed = 1\nhorizon = 10\nreplicates = 2\n"
                                    "[[algorithms]]\nname = \"tsallis_inf\"\nscale = 0.0\n"
                                    "[[environments]]\nname = \"bernoulli\"\nmeans = [0.2, 0.4]\n",
                                    "bad.toml"),
                    core::ConfigError);
}

// Every episodic_mdp algorithm × environment (finite, deterministic, Reset ≡ fresh) is checked with
// every other protocol's in tests/conformance/registry_conformance_test.cc.

}  // namespace
}  // namespace regretlab::protocol

namespace regretlab::protocol {
namespace {

TEST_CASE("episodic_mdp: results do not depend on threads or replicate blocks",
          "[determinism][episodic_mdp]") {
  auto run = [](int threads, int block) {
    const plan::Plan plan = plan::ParsePlan(
        "name = \"d\"\nseed = 5\nhorizon = 60\nreplicates = 4\nreplicate_block = " +
            std::to_string(block) +
            "\ncheckpoints = { kind = \"geometric\", count = 5 }\n"
            "[[environments]]\nname = \"tabular_switching_mdp\"\nlosses = \"iid_corrupted\"\n"
            "same_instance = false\n"
            "[[algorithms]]\nname = \"lb_po\"\nrollouts = 7\n[[algorithms]]\nname = \"o_reps\"\n",
        "d.toml");
    const auto results = test_support::RunAllUnits(plan, threads);
    std::vector<std::vector<double>> matrices;
    for (size_t c = 0; c < plan.cells.size(); ++c) {
      for (const char* metric : {"expected_regret", "realized_regret", "simulator_calls"}) {
        matrices.push_back(test_support::CellMatrix(plan, results, c, metric));
      }
    }
    return matrices;
  };
  const auto reference = run(1, 4);
  CHECK(run(2, 1) == reference);
  CHECK(run(2, 3) == reference);
  // Replicates differ (their own instance and streams).
  CHECK(reference[0][4] != reference[0][9]);
}

}  // namespace
}  // namespace regretlab::protocol
