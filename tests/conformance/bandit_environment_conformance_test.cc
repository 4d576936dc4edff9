// Every registered bandit environment (with its test parameters) passes the bandit environment
// kit (sim/testing/bandit_environment_conformance.h): rewards in range, deterministic and keyed,
// and for stochastic ones reward stacks and declared means that match the draws. Picks up new
// environments from the registry. A broken environment shows that the kit can fail.
#include "sim/testing/bandit_environment_conformance.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/bandit.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab {
namespace {

TEST_CASE("every bandit environment conforms to the environment kit", "[bandit][conformance]") {
  int checked = 0, stochastic = 0;
  for (const auto* spec :
       registry::Registry::Get().Components(registry::ComponentKind::kEnvironment)) {
    if (spec->protocol != protocol::kBanditProtocol) continue;
    INFO(spec->name);
    const auto make = [&] {
      return test_support::Make<protocol::BanditEnvironment>(spec->name, spec->test_params);
    };
    const testing::ConformanceReport report = testing::CheckBanditEnvironment(make, 2000);
    INFO(report.Text());
    CHECK(report.ok());
    ++checked;
    for (const auto& name : report.passed) stochastic += name == "means_match";
  }
  CHECK(checked >= 8);
  CHECK(stochastic >= 3);  // bernoulli, gaussian, bounded at least
}

// Pays 1 whenever arm 0 is pulled an even number of rounds in: its rewards depend on the round,
// not on the arm's own stack, while it claims to be a stationary stochastic environment.
class RoundDependent final : public protocol::BanditEnvironment {
 public:
  protocol::BanditInfo Info() const override { return {2, horizon_, 0.0, 1.0}; }
  void Reset(const random::StreamKey& key) override { rng_.Seed(key); }
  double Pull(int64_t arm, int64_t round) override {
    return arm == 0 ? static_cast<double>(round % 2 == 0) : rng_.Uniform01();
  }
  bool Stationary() const override { return true; }
  void Gaps(int64_t, std::span<double> gap) const override { gap[0] = gap[1] = 0; }
  int64_t ComparatorArm() const override { return 0; }
  void AccumulateHindsight(int64_t, int64_t, std::span<double>) override {}
  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle;
    oracle.scalars["stochastic"] = 1;
    oracle.vectors["means"] = {0.5, 0.9};  // arm 1's true mean is 0.5
    return oracle;
  }

 private:
  random::Rng rng_;
};

TEST_CASE("the bandit environment kit catches order dependence and a wrong declared mean",
          "[bandit][conformance]") {
  const auto report =
      testing::CheckBanditEnvironment([] { return std::make_unique<RoundDependent>(); }, 2000);
  INFO(report.Text());
  std::vector<std::string> failed;
  for (const auto& failure : report.failures)
    failed.push_back(failure.substr(0, failure.find(':')));
  CHECK(failed == std::vector<std::string>{"reward_stacks", "means_match"});
  // A reference that is not the same environment.
  const auto versus = testing::CheckBanditEnvironment(
      [] {
        return test_support::Make<protocol::BanditEnvironment>(
            "bernoulli", {{"means", std::vector<double>{0.3, 0.6}}});
      },
      500, 7,
      [] {
        return test_support::Make<protocol::BanditEnvironment>(
            "bernoulli", {{"means", std::vector<double>{0.3, 0.61}}});
      });
  CHECK(versus.failures.size() == 1);
  CHECK(versus.failures.at(0).rfind("matches_reference: ", 0) == 0);
}

}  // namespace
}  // namespace regretlab
