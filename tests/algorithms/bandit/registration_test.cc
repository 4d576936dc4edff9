// Registration of the foundation bandit algorithms and their bounds: specs are complete,
// defaults lie in their own ranges, test_params build a learner that runs, bad values are
// rejected.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/algorithms/bandit/bandit_test_util.h"

namespace regretlab::algorithms::bandit {
namespace {

const std::vector<std::string> kAlgorithms = {"ucb1", "kl_ucb",         "thompson_sampling",
                                              "moss", "epsilon_greedy", "exp3"};

TEST_CASE("bandit algorithm specs are complete and their defaults valid", "[invariant]") {
  for (const std::string& name : kAlgorithms) {
    INFO(name);
    const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
    REQUIRE(spec != nullptr);
    REQUIRE(spec->kind == registry::ComponentKind::kAlgorithm);
    REQUIRE(spec->protocol == "bandit");
    REQUIRE_FALSE(spec->summary.empty());
    REQUIRE_FALSE(spec->citation.empty());
    REQUIRE_FALSE(spec->guarantee.empty());
    REQUIRE(spec->source_file.find("algorithms/bandit/" + name + ".cc") != std::string::npos);
    // Every default, given explicitly, passes its own range check.
    std::map<std::string, core::RawParam> defaults;
    for (const core::ParamSpec& param : spec->params) {
      REQUIRE(param.default_value.has_value());
      REQUIRE_FALSE(param.help.empty());
      defaults[param.name] = core::RawParam{*param.default_value, {}};
    }
    REQUIRE_NOTHROW(core::ValidateParams(spec->params, defaults, name, {}));
    // test_params build a learner that runs.
    auto object = registry::Instantiate(*spec, registry::TestParams(*spec));
    auto* learner = dynamic_cast<protocol::BanditLearner*>(object.get());
    REQUIRE(learner != nullptr);
    const auto arms = testing::PlayBernoulli(*learner, {0.2, 0.5, 0.8}, 200, 101, 102);
    REQUIRE(arms.size() == 200);
  }
}

TEST_CASE("bandit algorithm parameters out of range are rejected", "[invariant]") {
  using testing::ValidatedParams;
  REQUIRE_THROWS_AS(ValidatedParams("ucb1", {{"exploration", 0.0}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("kl_ucb", {{"exploration", -1.0}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("thompson_sampling", {{"model", std::string("poisson")}}),
                    core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("thompson_sampling", {{"prior_alpha", 0.0}}),
                    core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("thompson_sampling", {{"sigma", -1.0}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("epsilon_greedy", {{"d", 1.5}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("epsilon_greedy", {{"c", 0.0}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("exp3", {{"eta", -0.1}}), core::ConfigError);
  REQUIRE_THROWS_AS(ValidatedParams("moss", {{"horizon", int64_t{10}}}), core::ConfigError);
}

TEST_CASE("bandit bounds are registered with their algorithms and metrics", "[invariant]") {
  struct Expected {
    std::string name;
    std::string metric;
    bool constants_checked;
  };
  const std::vector<Expected> bounds = {{"ucb1_auer2002", "pseudo_regret", true},
                                        {"lai_robbins_bernoulli", "pseudo_regret", true},
                                        {"moss_minimax", "pseudo_regret", false},
                                        {"exp3_bubeck2012", "expected_regret", true}};
  for (const Expected& expected : bounds) {
    INFO(expected.name);
    const registry::BoundSpec& bound = testing::FindBound(expected.name);
    REQUIRE(bound.protocol == "bandit");
    REQUIRE(bound.metric == expected.metric);
    REQUIRE(bound.constants_checked == expected.constants_checked);
    REQUIRE_FALSE(bound.citation.empty());
    REQUIRE_FALSE(bound.formula.empty());
    REQUIRE_FALSE(bound.algorithms.empty());
    for (const std::string& algorithm : bound.algorithms) {
      REQUIRE(registry::Registry::Get().FindComponent(algorithm) != nullptr);
    }
  }
  // An empty oracle never satisfies a bound's hypotheses (and does not throw).
  const registry::OracleInfo empty;
  for (const Expected& expected : bounds) {
    const registry::BoundSpec& bound = testing::FindBound(expected.name);
    const std::string algorithm = bound.algorithms.front();
    REQUIRE_FALSE(bound.applies(empty, testing::ValidatedParams(algorithm)));
  }
}

}  // namespace
}  // namespace regretlab::algorithms::bandit
