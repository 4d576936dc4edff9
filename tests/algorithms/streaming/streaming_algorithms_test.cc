// Invariants of every registered streaming algorithm on every streaming environment (spec §4.5):
// memory within the budget, exactly T pulls, 0 ≤ regret ≤ T·max gap, K = 1 costs nothing,
// deterministic arms end on the best, naive ε-best finds an ε-good arm (binomial test).
#include <boost/math/distributions/binomial.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/algorithms/streaming/streaming_test_util.h"

namespace regretlab::algorithms::streaming {
namespace {

using testing::Make;
using testing::ParamMap;
using testing::RunReplicate;
using testing::StreamingNames;

const std::vector<std::string> kSublinearMemory = {"uniform_exploration", "naive_epsilon_best",
                                                   "game_of_arms",        "multi_level_log_star",
                                                   "multi_level_log",     "multi_level_log_log"};

std::vector<ParamMap> AlgorithmVariants(const std::string& name) {
  std::vector<ParamMap> variants = {{}};
  const auto* spec = registry::Registry::Get().FindComponent(name);
  for (const auto& param : spec->params) {
    if (param.name == "reference_compat") variants.push_back({{"reference_compat", true}});
  }
  return variants;
}

TEST_CASE("streaming algorithms stay within memory and make exactly T pulls", "[invariant]") {
  const auto algorithms = StreamingNames(registry::ComponentKind::kAlgorithm);
  const auto environments = StreamingNames(registry::ComponentKind::kEnvironment);
  REQUIRE(algorithms.size() >= 9);
  REQUIRE(environments.size() >= 4);
  for (const std::string& algorithm : algorithms) {
    for (const ParamMap& variant : AlgorithmVariants(algorithm)) {
      auto learner = Make<protocol::StreamingLearner>(algorithm, variant);
      for (const std::string& environment_name : environments) {
        for (const int64_t horizon : {int64_t{40}, int64_t{20000}, int64_t{1} << 50}) {
          INFO(algorithm << " compat=" << variant.size() << " on " << environment_name
                         << " T=" << horizon);
          auto environment =
              Make<protocol::StreamingEnvironment>(environment_name, {{"num_arms", int64_t{30}}});
          const protocol::StreamingInfo info{30, static_cast<uint64_t>(horizon), 0};
          for (uint64_t replicate = 0; replicate < 3; ++replicate) {
            const auto run = RunReplicate(*learner, *environment, horizon, replicate,
                                          {horizon / 4, horizon / 2, horizon});
            CHECK(run.outcome.pulls == static_cast<uint64_t>(horizon));
            CHECK(run.outcome.peak_stored <= learner->MemoryBudget(info));
            CHECK(run.peak.back() <= run.budget.back());
            CHECK(run.budget.back() == learner->MemoryBudget(info));
            CHECK(run.regret.back() >= 0.0);
            CHECK(run.regret.back() <= static_cast<double>(horizon) * run.max_gap * (1 + 1e-12));
            CHECK(run.regret[0] <= run.regret[1]);
            CHECK(run.regret[1] <= run.regret[2]);
          }
        }
      }
    }
  }
}

TEST_CASE("streaming algorithms have zero regret with one arm", "[invariant]") {
  for (const std::string& algorithm : StreamingNames(registry::ComponentKind::kAlgorithm)) {
    INFO(algorithm);
    auto learner = Make<protocol::StreamingLearner>(algorithm, {});
    auto environment = Make<protocol::StreamingEnvironment>("mix_in", {{"num_arms", int64_t{1}}});
    const auto run = RunReplicate(*learner, *environment, 1000000, 0);
    CHECK(run.outcome.pulls == 1000000u);
    CHECK(run.regret.back() == 0.0);
  }
}

TEST_CASE("epsilon-best streaming algorithms end on the best of deterministic arms",
          "[invariant]") {
  // Two arms of means 0 and 1 (p in {0, 1}): after exploration, every pull must be of the best
  // arm, so the regret does not grow over the second half of the pulls.
  const int64_t horizon = 1000000000;
  std::vector<std::string> algorithms = kSublinearMemory;
  algorithms.push_back("streaming_explore_then_commit");
  for (const std::string order : {"best_first", "best_last", "staircase"}) {
    for (const std::string& algorithm : algorithms) {
      INFO(algorithm << " " << order);
      auto learner = Make<protocol::StreamingLearner>(algorithm, {});
      auto environment = Make<protocol::StreamingEnvironment>(
          "order_stress",
          {{"num_arms", int64_t{2}}, {"order", order}, {"low", 0.0}, {"high", 1.0}});
      const auto run = RunReplicate(*learner, *environment, horizon, 3, {horizon / 2, horizon});
      CHECK(run.regret[1] == run.regret[0]);
      CHECK(run.regret[1] < static_cast<double>(horizon) / 100);
    }
  }
}

TEST_CASE("naive epsilon-best finds an epsilon-good arm on the needle - binomial test",
          "[theory]") {
  // Needle with gap 2ε (c = 2), ε = (K/T)^{1/3}: the only ε-good arm is the needle, so the final
  // arm is ε-good exactly when the regret stops growing after exploration. Spec §4.5: ε-good in
  // at least (1 − 1/K) of 1000 runs; we reject when the failures exceed the 0.999 quantile of
  // Binomial(1000, 1/K).
  const int64_t num_arms = 10, horizon = 10000000, runs = 1000;
  auto learner = Make<protocol::StreamingLearner>("naive_epsilon_best", {});
  auto environment = Make<protocol::StreamingEnvironment>("streaming_needle",
                                                          {{"num_arms", num_arms}, {"c", 2.0}});
  int64_t failures = 0;
  for (int64_t replicate = 0; replicate < runs; ++replicate) {
    const auto run = RunReplicate(*learner, *environment, horizon, static_cast<uint64_t>(replicate),
                                  {horizon / 2, horizon});
    failures += run.regret[1] > run.regret[0] ? 1 : 0;
  }
  const boost::math::binomial_distribution<double> null_law(runs, 1.0 / num_arms);
  const double threshold = boost::math::quantile(null_law, 0.999);
  INFO("failures " << failures << " threshold " << threshold);
  CHECK(static_cast<double>(failures) <= threshold);
}

TEST_CASE("reference_compat records the reported regret next to the true one", "[invariant]") {
  auto compat =
      Make<protocol::StreamingLearner>("multi_level_log_star", {{"reference_compat", true}});
  auto environment = Make<protocol::StreamingEnvironment>("mix_in", {{"num_arms", int64_t{200}}});
  const int64_t horizon = int64_t{1000} * 200 * 200 * 200;
  const auto run = RunReplicate(*compat, *environment, horizon, 1);
  CHECK(run.reported.back() >= 0.0);
  CHECK(run.regret.back() >= 0.0);
  // Quirk 6 charges challengers at the king's mean: the two differ.
  CHECK(run.reported.back() != run.regret.back());
}

}  // namespace
}  // namespace regretlab::algorithms::streaming
