// Every registered bandit algorithm × every registered bandit environment, with the test
// parameters of both specs: the conformance kit must pass. New algorithms are picked up through
// the registry, with no change here.
#include <catch2/catch.hpp>

#include "sim/registry/registry.h"
#include "sim/testing/bandit_conformance.h"

using namespace regretlab;

TEST_CASE("conformance: every bandit algorithm on every bandit environment", "[conformance]") {
  const registry::Registry& reg = registry::Registry::Get();
  int pairs = 0;
  for (const auto* algorithm : reg.Components(registry::ComponentKind::kAlgorithm)) {
    if (algorithm->protocol != "bandit") continue;
    for (const auto* environment_spec : reg.Components(registry::ComponentKind::kEnvironment)) {
      if (environment_spec->protocol != "bandit") continue;
      const core::Params algorithm_params = registry::TestParams(*algorithm);
      auto environment =
          testing::MakeEnvironment(environment_spec->name, environment_spec->test_params);
      const auto report = testing::CheckBanditLearner(
          [&] {
            auto object = registry::Instantiate(*algorithm, algorithm_params);
            auto* learner = dynamic_cast<protocol::BanditLearner*>(object.release());
            return std::unique_ptr<protocol::BanditLearner>(learner);
          },
          *environment, 400);
      INFO(algorithm->name << " on " << environment_spec->name << "\n" << report.Text());
      CHECK(report.ok());
      CHECK(report.passed.size() >= 5);
      ++pairs;
    }
  }
  CHECK(pairs >= 36);  // 6 algorithms × 6 environments at least
}
