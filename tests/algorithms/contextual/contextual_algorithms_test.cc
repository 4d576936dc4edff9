// The registered contextual algorithms, driven round by round: valid distributions every round,
// determinism, Reset ≡ fresh, the perturbation switch, and that they learn
// (docs/theory/contextual.md §5.8).
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "sim/random/samplers.h"
#include "sim/testing/contextual_conformance.h"
#include "tests/algorithms/contextual/contextual_test_util.h"

namespace regretlab::contextual_testing {
namespace {

std::vector<std::string> ContextualAlgorithms() {
  std::vector<std::string> names;
  for (const auto* spec :
       registry::Registry::Get().Components(registry::ComponentKind::kAlgorithm)) {
    if (spec->protocol == protocol::kContextualBanditProtocol) names.push_back(spec->name);
  }
  return names;
}

ParamMap SmallNetwork(ParamMap params, const std::string& name) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  for (const auto& p : spec->params) {
    if (p.name == "width") params.emplace("width", int64_t{16});
  }
  return params;
}

TEST_CASE("Every contextual algorithm passes the conformance kit",
          "[contextual][conformance][invariant]") {
  const std::vector<std::string> names = ContextualAlgorithms();
  REQUIRE(names.size() >= 8);
  for (const std::string& name : names) {
    for (const auto& [environment_name, environment_params] :
         std::vector<std::pair<std::string, ParamMap>>{
             {"synthetic_realizable", {{"dimension", int64_t{6}}}},
             {"first_order", {{"dimension", int64_t{5}}}},
             {"classification", {{"dataset", std::string("wine.csv")}}}}) {
      INFO(name << " on " << environment_name);
      auto environment =
          Make<protocol::ContextualEnvironment>(environment_name, environment_params);
      const auto report = testing::CheckContextualLearner(
          [&] { return Make<protocol::ContextualLearner>(name, SmallNetwork({}, name)); },
          *environment);
      INFO(report.Text());
      CHECK(report.ok());
    }
  }
}

TEST_CASE("Perturbation with c_p = 0 is bit-identical to no perturbation",
          "[contextual][perturbation][invariant]") {
  for (const std::string name : {"neu_square_cb", "neu_fast_cb"}) {
    auto record = [&](const ParamMap& params) {
      auto learner = Make<protocol::ContextualLearner>(name, params);
      auto environment = Make<protocol::ContextualEnvironment>("synthetic_realizable",
                                                               {{"function", std::string("h2")}});
      std::vector<double> trace;
      Drive(*learner, *environment, 400, 3,
            [&](int64_t, std::span<const double>, int64_t arm, std::span<const double> p) {
              trace.push_back(static_cast<double>(arm));
              trace.insert(trace.end(), p.begin(), p.end());
            });
      return trace;
    };
    const ParamMap base = {{"width", int64_t{16}}};
    const std::vector<double> none = record(base);
    for (const std::string kind : {"fixed_head", "output_noise"}) {
      INFO(name << " " << kind);
      ParamMap off = base;
      off["perturbation"] = kind;
      off["perturbation_scale"] = 0.0;
      CHECK(record(off) == none);
      ParamMap on = off;
      on["perturbation_scale"] = 0.1;
      CHECK(record(on) != none);
    }
  }
}

TEST_CASE("Contextual learners beat uniform play", "[contextual][theory]") {
  // Fixed seeds; the margin is wide (uniform play on h1 loses ~0.2 per round against the per-round
  // optimum, on wine 2/3 per round).
  auto uniform_regret = [](const std::string& environment_name, const ParamMap& environment_params,
                           int64_t horizon) {
    auto uniform = Make<protocol::ContextualLearner>("square_cb", {{"gamma", 0.0}});
    auto environment = Make<protocol::ContextualEnvironment>(environment_name, environment_params);
    return Drive(*uniform, *environment, horizon, 1);
  };
  struct Case {
    std::string algorithm;
    ParamMap params;
    std::string environment;
    ParamMap environment_params;
  };
  const std::vector<Case> cases = {
      {"neu_square_cb",
       {{"width", int64_t{32}}, {"step_size", 0.05}},
       "synthetic_realizable",
       {{"dimension", int64_t{8}}}},
      {"neu_fast_cb",
       {{"width", int64_t{32}}, {"step_size", 0.05}},
       "first_order",
       {{"dimension", int64_t{8}}}},
      {"lin_ucb",
       {{"exploration_scale", 0.1}},
       "classification",
       {{"dataset", std::string("wine.csv")}}},
      {"square_cb", {}, "classification", {{"dataset", std::string("wine.csv")}}},
  };
  for (const Case& c : cases) {
    INFO(c.algorithm << " on " << c.environment);
    auto learner = Make<protocol::ContextualLearner>(c.algorithm, c.params);
    auto environment = Make<protocol::ContextualEnvironment>(c.environment, c.environment_params);
    const double regret = Drive(*learner, *environment, 2000, 1);
    const double uniform = uniform_regret(c.environment, c.environment_params, 2000);
    INFO("regret " << regret << " uniform " << uniform);
    CHECK(regret < 0.6 * uniform);
  }
}

}  // namespace
}  // namespace regretlab::contextual_testing

namespace regretlab::contextual_testing {
namespace {

TEST_CASE("NeuralUCB and NeuralTS with the full Z differ from the diagonal approximation",
          "[contextual][neural_ucb]") {
  for (const std::string name : {"neural_ucb", "neural_ts"}) {
    auto environment =
        Make<protocol::ContextualEnvironment>("synthetic_realizable", {{"dimension", int64_t{6}}});
    auto full = Make<protocol::ContextualLearner>(
        name, {{"width", int64_t{8}}, {"covariance", std::string("full")}, {"exploration", 1.0}});
    auto diagonal =
        Make<protocol::ContextualLearner>(name, {{"width", int64_t{8}}, {"exploration", 1.0}});
    INFO(name);
    CHECK(full->CheckInfo(environment->Info()).empty());
    const double full_regret = Drive(*full, *environment, 300, 2);
    CHECK(std::isfinite(full_regret));
    CHECK(full_regret != Drive(*diagonal, *environment, 300, 2));
    // 100 wide on a 10-class, 64-feature shared context: 64,000 + 200 parameters, refused.
    auto big = Make<protocol::ContextualLearner>(name, {{"covariance", std::string("full")}});
    protocol::ContextualInfo info{10, 64, true, 100};
    CHECK_THAT(big->CheckInfo(info), Catch::Contains("limited to 4000 parameters"));
  }
}

}  // namespace
}  // namespace regretlab::contextual_testing

namespace regretlab::contextual_testing {
namespace {

// A user-written algorithm checked through the public kit, and one with a broken distribution.
class UniformPlay {
 public:
  explicit UniformPlay(const core::Params&) {}
  void Reset(const protocol::ContextualInfo& info, random::Rng&) {
    p_.assign(static_cast<size_t>(info.num_arms), 1.0 / static_cast<double>(info.num_arms));
  }
  int64_t Select(const protocol::ContextBatch&, random::Rng& rng) {
    return static_cast<int64_t>(random::SampleCategorical(rng, p_));
  }
  void Observe(int64_t, double) {}
  std::span<const double> Distribution() const { return p_; }

 protected:
  std::vector<double> p_;
};

class SkewedReport : public UniformPlay {
 public:
  using UniformPlay::UniformPlay;
  // Plays uniformly but reports a distribution that sums to 1.5.
  std::span<const double> Distribution() const {
    skewed_ = p_;
    skewed_[0] += 0.5;
    return skewed_;
  }

 private:
  mutable std::vector<double> skewed_;
};

TEST_CASE("The contextual conformance kit accepts a valid user algorithm and catches a broken one",
          "[contextual][conformance]") {
  auto environment =
      Make<protocol::ContextualEnvironment>("first_order", {{"dimension", int64_t{4}}});
  const core::Params none;
  CHECK(testing::CheckContextualAlgorithm<UniformPlay>(none, *environment).ok());
  const auto report = testing::CheckContextualAlgorithm<SkewedReport>(none, *environment);
  CHECK_FALSE(report.ok());
  CHECK_THAT(report.Text(), Catch::Contains("distribution: invalid p_t at round 1"));
}

}  // namespace
}  // namespace regretlab::contextual_testing
