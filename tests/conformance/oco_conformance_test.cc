// Conformance of every registered online_convex algorithm on every online_convex environment
// (with the environment's test parameters on the ball and on the simplex, when it has a domain):
// where the algorithm accepts the environment, the OCO conformance kit
// (sim/testing/oco_conformance.h) passes: it runs, plays in the domain, is deterministic, and
// Reset is equivalent to a fresh object. Picks up new algorithms and environments from the
// registry.
#include "sim/testing/oco_conformance.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <span>
#include <string>
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
        const auto make = [&] {
          return oco_test::Make<protocol::OcoLearner>(algorithm->name, algorithm->test_params);
        };
        if (!make()->Check(environment->Info()).empty()) continue;
        const testing::ConformanceReport report = testing::CheckOcoLearner(make, *environment);
        INFO(report.Text());
        CHECK(report.ok());
        // The environment's side: the replicate key changes the losses.
        auto learner = make();
        CHECK(RunOnce(*learner, *environment, 0) != RunOnce(*learner, *environment, 1));
        ++runs;
      }
    }
  }
  CHECK(runs >= 14);
}

// Two broken learners the kit must catch: one that steps outside the ball after round 10, one
// whose Reset forgets to clear its round counter (so a second replicate starts elsewhere).
class LeavesTheBall final : public protocol::OcoLearner {
 public:
  std::string Check(const protocol::OcoInfo&) const override { return ""; }
  void Reset(const protocol::OcoInfo& info) override {
    dimension_ = info.domain.dimension();
    radius_ = info.domain.size();
    t_ = 0;
  }
  void Play(std::span<double> x) override {
    std::fill(x.begin(), x.end(), 0.0);
    if (++t_ > 10) x[0] = 2 * radius_;
  }
  void Observe(std::span<const double>) override {}
  double StepSize() const override { return 0; }

 private:
  int64_t dimension_ = 0, t_ = 0;
  double radius_ = 1;
};

class ResetKeepsCounter final : public protocol::OcoLearner {
 public:
  std::string Check(const protocol::OcoInfo&) const override { return ""; }
  void Reset(const protocol::OcoInfo& info) override { radius_ = info.domain.size(); }
  void Play(std::span<double> x) override {
    std::fill(x.begin(), x.end(), 0.0);
    x[0] = radius_ / static_cast<double>(++plays_);  // plays_ survives Reset: the defect
  }
  void Observe(std::span<const double>) override {}
  double StepSize() const override { return 0; }

 private:
  int64_t plays_ = 0;
  double radius_ = 1;
};

TEST_CASE("the OCO conformance kit catches a play outside X and a Reset that is not fresh",
          "[oco][conformance]") {
  auto environment = oco_test::Make<protocol::OcoEnvironment>(
      "quadratic_sea", {{"dimension", int64_t{3}}, {"domain", std::string("ball")}});
  environment->SetHorizon(50);
  const auto outside =
      testing::CheckOcoLearner([] { return std::make_unique<LeavesTheBall>(); }, *environment);
  REQUIRE(outside.failures.size() == 1);
  CHECK(outside.failures[0].rfind("plays_in_domain: ", 0) == 0);
  CHECK(outside.failures[0].find("round 11") != std::string::npos);
  const auto stale =
      testing::CheckOcoLearner([] { return std::make_unique<ResetKeepsCounter>(); }, *environment);
  REQUIRE(stale.failures.size() == 1);
  CHECK(stale.failures[0].rfind("reset_is_fresh: ", 0) == 0);
  CHECK(stale.passed == std::vector<std::string>{"constructs", "accepts", "plays_in_domain",
                                                 "finite", "deterministic"});
}

}  // namespace
}  // namespace regretlab
