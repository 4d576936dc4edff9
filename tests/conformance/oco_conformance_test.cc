// Conformance of every registered online_convex algorithm on every online_convex environment
// (with the environment's test parameters on the ball and on the simplex, when it has a domain):
// where the algorithm accepts the environment, it runs, plays in the domain, is deterministic, and
// Reset is equivalent to a fresh object. Picks up new algorithms and environments from the
// registry.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/protocol/online_convex.h"
#include "tests/algorithms/oco/oco_test_util.h"

namespace regretlab {
namespace {

// Final regrets and the largest domain violation of one replicate.
std::vector<double> RunOnce(protocol::OcoLearner& learner, protocol::OcoEnvironment& environment,
                            uint64_t replicate) {
  environment.Reset({31, 41, replicate, random::Role::kEnvironment, 0});
  const auto outcome = protocol::RunOcoReplicate(learner, environment, {});
  return {outcome.realized_regret, outcome.pseudo_regret, outcome.linearized_regret,
          outcome.dynamic_regret,  outcome.path_length,   outcome.max_violation};
}

TEST_CASE("every OCO algorithm conforms on every OCO environment", "[oco][conformance]") {
  const registry::Registry& registry = registry::Registry::Get();
  int runs = 0;
  for (const auto* algorithm : registry.Components(registry::ComponentKind::kAlgorithm)) {
    if (algorithm->protocol != protocol::kOnlineConvexProtocol) continue;
    for (const auto* environment_spec :
         registry.Components(registry::ComponentKind::kEnvironment)) {
      if (environment_spec->protocol != protocol::kOnlineConvexProtocol) continue;
      bool has_domain = false;
      for (const auto& param : environment_spec->params) has_domain |= param.name == "domain";
      for (const char* domain : {"ball", "simplex"}) {
        auto values = environment_spec->test_params;
        if (has_domain) {
          values["domain"] = std::string(domain);
        } else if (std::string(domain) != "ball") {
          continue;  // a fixed-domain environment: once
        }
        INFO(algorithm->name << " on " << environment_spec->name << " (" << domain << ")");
        auto environment = oco_test::Make<protocol::OcoEnvironment>(environment_spec->name, values);
        environment->SetHorizon(300);
        auto learner =
            oco_test::Make<protocol::OcoLearner>(algorithm->name, algorithm->test_params);
        if (!learner->Check(environment->Info()).empty()) continue;
        const auto first = RunOnce(*learner, *environment, 0);
        const auto other = RunOnce(*learner, *environment, 1);
        const auto again = RunOnce(*learner, *environment, 0);  // Reset after another replicate
        auto fresh = oco_test::Make<protocol::OcoLearner>(algorithm->name, algorithm->test_params);
        const auto from_fresh = RunOnce(*fresh, *environment, 0);
        for (double value : first) CHECK(std::isfinite(value));
        CHECK(first.back() <= 1e-12);
        CHECK(other.back() <= 1e-12);
        CHECK(first == again);       // deterministic, Reset ≡ fresh state
        CHECK(first == from_fresh);  // a fresh object gives the same bits
        CHECK(first != other);       // the replicate key changes the losses
        ++runs;
      }
    }
  }
  CHECK(runs >= 14);
}

}  // namespace
}  // namespace regretlab
