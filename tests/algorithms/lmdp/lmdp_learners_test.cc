// The LMDP learners and the latent_mdp protocol: M = 1 reduction to MVP step for step, the re-plan
// count bound, optimism with the true model in the confidence sets, zero-width sets equal the
// oracle planner, exact regret of the oracle and the context-agnostic baseline, bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/lmdp/lmdp_learner.h"
#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/protocol/latent_mdp.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab::algorithms::lmdp {
namespace {

using test_support::Make;
using test_support::ParamMap;

random::StreamKey Key(uint64_t replicate) {
  return {99, 1234, replicate, random::Role::kEnvironment, 0};
}

std::vector<protocol::LmdpEpisode> Play(protocol::LmdpLearner& learner,
                                        protocol::LmdpEnvironment& environment, int64_t episodes,
                                        std::vector<int64_t>* replans = nullptr) {
  environment.SetHorizon(episodes);
  environment.Reset(Key(0));
  learner.Reset(environment.Info());
  std::vector<protocol::LmdpEpisode> out;
  for (int64_t k = 0; k < episodes; ++k) {
    out.push_back(environment.RunEpisode(learner.Policy()));
    learner.Observe(out.back());
    if (replans) replans->push_back(learner.Replans());
  }
  return out;
}

TEST_CASE("LMDP-VO with M = 1 matches the standalone MVP step for step", "[lmdp][learner]") {
  for (int64_t seed : {1, 2, 3}) {
    const ParamMap environment_params = {{"num_contexts", int64_t{1}},
                                         {"num_states", int64_t{3}},
                                         {"steps", int64_t{5}},
                                         {"degree", int64_t{2}},
                                         {"instance_seed", seed}};
    auto environment_a = Make<protocol::LmdpEnvironment>("random_lmdp", environment_params);
    auto environment_b = Make<protocol::LmdpEnvironment>("random_lmdp", environment_params);
    auto value_optimistic = Make<protocol::LmdpLearner>(
        "lmdp_value_optimistic",
        {{"c1", 0.3}, {"c2", 0.1}, {"planner", std::string("belief_grid")}});
    auto mvp = Make<protocol::LmdpLearner>("lmdp_mvp", {{"c1", 0.3}, {"c2", 0.1}});
    std::vector<int64_t> replans_a, replans_b;
    const auto a = Play(*value_optimistic, *environment_a, 400, &replans_a);
    const auto b = Play(*mvp, *environment_b, 400, &replans_b);
    for (size_t k = 0; k < a.size(); ++k) {
      REQUIRE(a[k].states == b[k].states);
      REQUIRE(a[k].actions == b[k].actions);
    }
    CHECK(replans_a == replans_b);
    CHECK(replans_a.back() > 3);
  }
}

TEST_CASE("LMDP re-plan count stays within M S A ceil(log2(K H)) + 1", "[lmdp][learner]") {
  auto environment = Make<protocol::LmdpEnvironment>(
      "random_lmdp", {{"num_states", int64_t{3}}, {"steps", int64_t{4}}});
  for (const char* name :
       {"lmdp_value_optimistic", "lmdp_hoeffding_ucrl", "lmdp_model_optimistic"}) {
    auto learner = Make<protocol::LmdpLearner>(name, {{"belief_grid", int64_t{20}}});
    const int64_t episodes = 3000;
    Play(*learner, *environment, episodes);
    const auto info = environment->Info();
    const double bound = info.num_contexts * info.num_states * info.num_actions *
                             std::ceil(std::log2(static_cast<double>(episodes * info.horizon))) +
                         1;
    CHECK(learner->Replans() <= bound);
    CHECK(learner->Replans() > 5);
  }
}

TEST_CASE("LMDP statistics: next-state counts sum to the visit counts", "[lmdp][learner]") {
  auto environment = Make<protocol::LmdpEnvironment>("random_lmdp", {{"steps", int64_t{4}}});
  environment->SetHorizon(200);
  environment->Reset(Key(3));
  Statistics statistics;
  statistics.Reset(environment->Info());
  auto oracle =
      Make<protocol::LmdpLearner>("lmdp_oracle_planner", {{"planner", std::string("belief_grid")}});
  oracle->Reset(environment->Info());
  oracle->SetTrueModel(environment->Model());
  for (int k = 0; k < 200; ++k) statistics.Add(environment->RunEpisode(oracle->Policy()));
  const auto info = environment->Info();
  int64_t visits = 0;
  for (int m = 0; m < info.num_contexts; ++m) {
    for (int s = 0; s < info.num_states; ++s) {
      for (int a = 0; a < info.num_actions; ++a) {
        int64_t sum = 0;
        for (int n = 0; n < info.num_states; ++n) sum += statistics.NextCount(m, s, a, n);
        CHECK(sum == statistics.Count(m, s, a));
        visits += statistics.Count(m, s, a);
      }
    }
  }
  CHECK(visits == 200 * info.horizon);
}

// A tiny instance drawn from the random family (M = 2, S = 2, A = 2, H = 3).
std::unique_ptr<protocol::LmdpEnvironment> Tiny(int64_t seed) {
  return Make<protocol::LmdpEnvironment>(
      "random_lmdp", {{"num_states", int64_t{2}}, {"steps", int64_t{3}}, {"instance_seed", seed}});
}

TEST_CASE("LMDP optimism: with the true model in the confidence sets the planned value is >= V*",
          "[lmdp][optimism]") {
  for (int64_t seed = 1; seed <= 8; ++seed) {
    auto environment = Tiny(seed);
    environment->SetHorizon(1000);
    const double optimal = environment->OptimalValue();
    for (const char* name : {"lmdp_value_optimistic", "lmdp_model_optimistic"}) {
      // Estimates equal to the true model (count 4 everywhere): P lies in every set.
      auto learner = Make<BeliefLearner>(name, {{"planner", std::string("exact")}});
      learner->Reset(environment->Info());
      learner->PlanWithEstimates(Estimates::FromModel(environment->Model(), 4));
      const double planned = learner->PlannedValue();
      CHECK(planned >= optimal - 1e-12);
      CHECK(planned <= 1 + 1e-12);
      // At every history: <b, α̃> ≥ <b, α*> (docs/theory/lmdp.md §6.6), walking the learner's plan
      // and the oracle's exact plan in lockstep (P̂ = P, so the beliefs, hence the nodes, agree).
      const auto& truth = environment->Model();
      auto& mine = dynamic_cast<models::lmdp::BeliefPlanner&>(learner->Policy());
      models::lmdp::TrueModelView view(truth);
      models::lmdp::BeliefPlanner oracle(view, {});
      int histories = 0;
      std::function<void(int, int, int64_t, int64_t)> walk = [&](int h, int s, int64_t a_node,
                                                                 int64_t b_node) {
        const auto belief = oracle.Belief(b_node);
        const auto mine_belief = mine.Belief(a_node);
        double optimistic = 0, exact = 0;
        for (size_t m = 0; m < belief.size(); ++m) {
          REQUIRE(mine_belief[m] == Approx(belief[m]).margin(1e-12));
          optimistic += belief[m] * mine.Alpha(a_node)[m];
          exact += belief[m] * oracle.Alpha(b_node)[m];
          CHECK(mine.Alpha(a_node)[m] <= 1 + 1e-12);
        }
        CHECK(optimistic >= exact - 1e-12);
        ++histories;
        if (h + 1 == truth.horizon) return;
        for (int a = 0; a < truth.num_actions; ++a) {
          for (int m = 0; m < truth.num_contexts; ++m) {
            if (!(belief[static_cast<size_t>(m)] > 0)) continue;
            for (int n = 0; n < truth.num_states; ++n) {
              if (!(truth.P(m, s, a, n) > 0)) continue;
              const double r = truth.R(m, s, a);
              walk(h + 1, n, mine.Next(a_node, a, r, n), oracle.Next(b_node, a, r, n));
            }
          }
        }
      };
      for (int s1 = 0; s1 < truth.num_states; ++s1) walk(0, s1, mine.Start(s1), oracle.Start(s1));
      CHECK(histories > 20);
    }
  }
}

TEST_CASE("LMDP model-optimistic solver with zero-width sets equals the oracle planner",
          "[lmdp][model_optimistic]") {
  for (int64_t seed = 1; seed <= 8; ++seed) {
    auto environment = Tiny(seed);
    environment->SetHorizon(1000);
    const auto& truth = environment->Model();
    auto learner = Make<BeliefLearner>("lmdp_model_optimistic",
                                       {{"planner", std::string("exact")}, {"conf_scale", 0.0}});
    learner->Reset(environment->Info());
    learner->PlanWithEstimates(Estimates::FromModel(truth, 4));
    auto oracle = Make<protocol::LmdpLearner>("lmdp_oracle_planner");
    oracle->Reset(environment->Info());
    oracle->SetTrueModel(truth);
    CHECK(learner->PlannedValue() == Approx(environment->OptimalValue()).margin(1e-12));
    const auto mine = models::lmdp::EvaluatePolicy(truth, learner->Policy());
    const auto theirs = models::lmdp::EvaluatePolicy(truth, oracle->Policy());
    CHECK(mine.value == Approx(theirs.value).margin(1e-12));
    CHECK(mine.value == Approx(environment->OptimalValue()).margin(1e-12));
    for (int s1 = 0; s1 < truth.num_states; ++s1) {
      CHECK(learner->Policy().Action(learner->Policy().Start(s1)) ==
            oracle->Policy().Action(oracle->Policy().Start(s1)));
    }
  }
}

TEST_CASE("LMDP protocol: the oracle has zero regret, the context-agnostic MVP linear regret",
          "[lmdp][protocol]") {
  auto environment = Make<protocol::LmdpEnvironment>("identify_or_exploit");
  const int64_t episodes = 600;
  environment->SetHorizon(episodes);
  CHECK(environment->OptimalValue() == Approx(0.8).margin(1e-12));
  std::vector<int64_t> checkpoints = {10, 100, episodes};
  std::vector<double> regret(3), realized(3), iterations(3), replans(3);
  // A fresh writer per replicate, over the same rows.
  auto writer = [&] {
    using Metric = protocol::LatentMdpProtocol::Metric;
    protocol::CheckpointWriter<protocol::LatentMdpProtocol> out(checkpoints);
    out.Record(Metric::kPseudoRegret, regret.data())
        .Record(Metric::kRealizedRegret, realized.data())
        .Record(Metric::kPlannerIterations, iterations.data())
        .Record(Metric::kReplans, replans.data());
    return out;
  };
  auto oracle = Make<protocol::LmdpLearner>("lmdp_oracle_planner");
  environment->Reset(Key(1));
  auto oracle_writer = writer();
  const auto oracle_run = protocol::RunLmdpReplicate(*oracle, *environment, oracle_writer);
  CHECK(oracle_run.pseudo_regret == Approx(0).margin(1e-9));
  CHECK(regret[2] == Approx(0).margin(1e-9));
  // Every Markov policy is worth at most 0.6 here: at least 0.2 regret per episode.
  auto mvp = Make<protocol::LmdpLearner>("lmdp_mvp");
  environment->Reset(Key(1));
  auto mvp_writer = writer();
  const auto mvp_run = protocol::RunLmdpReplicate(*mvp, *environment, mvp_writer);
  CHECK(mvp_run.pseudo_regret >= 0.2 * episodes - 1e-9);
  CHECK(regret[0] <= regret[1]);
  CHECK(replans[2] == mvp_run.replans);
  // The history-dependent learner does far better.
  auto learner =
      Make<protocol::LmdpLearner>("lmdp_value_optimistic", {{"planner", std::string("exact")}});
  environment->Reset(Key(1));
  auto learner_writer = writer();
  const auto learner_run = protocol::RunLmdpReplicate(*learner, *environment, learner_writer);
  CHECK(learner_run.pseudo_regret < 0.5 * mvp_run.pseudo_regret);
  CHECK(iterations[2] > 0);
}

TEST_CASE("LMDP bad input is a ConfigError when the spec is read", "[lmdp][errors]") {
  auto plan = [](const std::string& environment, const std::string& algorithm) {
    const std::string text =
        "name = \"bad\"\nseed = 1\nhorizon = 10\nreplicates = 1\n"
        "[[environments]]\n" +
        environment + "\n[[algorithms]]\n" + algorithm + "\n";
    return plan::ParsePlan(text, "bad.toml");
  };
  const std::string vo = "name = \"lmdp_value_optimistic\"";
  CHECK_THROWS_WITH(plan("name = \"lmdp_table\"\nweights = [0.6, 0.6]", vo),
                    Catch::Contains("mixing weights"));
  CHECK_THROWS_WITH(plan("name = \"random_lmdp\"\nnum_states = 3\ndegree = 5", vo),
                    Catch::Contains("exceeds num_states"));
  CHECK_THROWS_WITH(plan("name = \"lmdp_table\"\ntransitions = [1, 0.5, 1, 1]", vo),
                    Catch::Contains("not a distribution"));
  CHECK_THROWS_WITH(plan("name = \"lmdp_table\"\nrewards = [1.5, 0, 0, 0.5]", vo),
                    Catch::Contains("outside [0, 1]"));
  CHECK_THROWS_WITH(plan("name = \"random_lmdp\"\nsteps = 7",
                         "name = \"lmdp_value_optimistic\"\nplanner = \"exact\""),
                    Catch::Contains("tiny instances only"));
  CHECK_THROWS_WITH(
      plan("name = \"random_lmdp\"\nnum_contexts = 4", "name = \"lmdp_hoeffding_ucrl\""),
      Catch::Contains("M <= 3"));
  CHECK_NOTHROW(plan("name = \"identify_or_exploit\"", vo));
}

}  // namespace
}  // namespace regretlab::algorithms::lmdp

namespace regretlab::algorithms::lmdp {
namespace {

TEST_CASE("LMDP needle: V* in closed form, Gamma = 2", "[lmdp][environment]") {
  for (int64_t seed = 1; seed <= 5; ++seed) {
    auto environment = Make<protocol::LmdpEnvironment>("lmdp_needle", {{"num_contexts", int64_t{3}},
                                                                       {"depth", int64_t{2}},
                                                                       {"epsilon", 0.2},
                                                                       {"instance_seed", seed}});
    const auto& model = environment->Model();
    CHECK(model.TransitionDegree() == 2);
    // The needles, read back from the leaves' win probabilities; V* = 1/2 + ε·(largest weight
    // of the contexts sharing one needle).
    std::map<std::pair<int, int>, double> weight;
    for (int m = 0; m < 3; ++m) {
      for (int leaf = 3; leaf < 7; ++leaf) {
        for (int a = 0; a < 2; ++a) {
          if (model.P(m, leaf, a, 7) > 0.5)
            weight[{leaf, a}] += model.weights[static_cast<size_t>(m)];
        }
      }
    }
    double best = 0;
    for (const auto& [needle, w] : weight) best = std::max(best, w);
    CHECK(environment->OptimalValue() == Approx(0.5 + 0.2 * best).margin(1e-12));
  }
}

}  // namespace
}  // namespace regretlab::algorithms::lmdp

namespace regretlab::algorithms::lmdp {
namespace {

TEST_CASE("LMDP monotonicity: more data, smaller bonus, larger rewards, larger values",
          "[lmdp][invariant]") {
  const std::vector<double> p = {0.2, 0.5, 0.3}, v = {0.1, 0.6, 0.3};
  double previous = 2;
  for (double n : {1.0, 4.0, 16.0, 64.0, 256.0}) {
    const double value = VarianceAwareBackup(0.05, p, v, n, 1.0, 1.0, 3.0);
    CHECK(value <= previous);
    CHECK(value <= 1.0);
    previous = value;
  }
  for (int64_t seed = 1; seed <= 4; ++seed) {
    auto environment = Tiny(seed);
    models::lmdp::LatentMdp larger = environment->Model();
    for (double& r : larger.reward) r += 0.5 * (1.0 / larger.horizon - r);  // ≤ 1/H: return ≤ 1
    REQUIRE(larger.Problem().empty());
    CHECK(models::lmdp::SolveExact(larger).optimal.value >= environment->OptimalValue());
    for (const char* name : {"lmdp_value_optimistic", "lmdp_model_optimistic"}) {
      auto small = Make<BeliefLearner>(name, {{"planner", std::string("exact")}});
      auto big = Make<BeliefLearner>(name, {{"planner", std::string("exact")}});
      small->Reset(environment->Info());
      big->Reset(environment->Info());
      small->PlanWithEstimates(Estimates::FromModel(environment->Model(), 64));
      big->PlanWithEstimates(Estimates::FromModel(larger, 64));
      CHECK(big->PlannedValue() >= small->PlannedValue() - 1e-12);
    }
  }
}

}  // namespace
}  // namespace regretlab::algorithms::lmdp
