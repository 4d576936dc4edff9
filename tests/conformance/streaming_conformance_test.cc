// Every registered streaming algorithm × every streaming environment passes the streaming
// conformance kit (sim/testing/streaming_conformance.h), in both modes where it has one.
#include "sim/testing/streaming_conformance.h"

#include <catch2/catch.hpp>

#include "tests/algorithms/streaming/streaming_test_util.h"

namespace regretlab {
namespace {

using algorithms::streaming::testing::Make;
using algorithms::streaming::testing::ParamMap;
using algorithms::streaming::testing::StreamingNames;

TEST_CASE("streaming conformance: every algorithm on every environment", "[conformance]") {
  for (const std::string& algorithm : StreamingNames(registry::ComponentKind::kAlgorithm)) {
    std::vector<ParamMap> variants = {{}};
    for (const auto& param : registry::Registry::Get().FindComponent(algorithm)->params) {
      if (param.name == "reference_compat") variants.push_back({{"reference_compat", true}});
    }
    for (const ParamMap& variant : variants) {
      for (const std::string& environment_name :
           StreamingNames(registry::ComponentKind::kEnvironment)) {
        auto environment =
            Make<protocol::StreamingEnvironment>(environment_name, {{"num_arms", int64_t{30}}});
        const auto report = testing::CheckStreamingLearner(
            [&] { return Make<protocol::StreamingLearner>(algorithm, variant); }, *environment);
        INFO(algorithm << " (" << variant.size() << " overrides) on " << environment_name << "\n"
                       << report.Text());
        CHECK(report.ok());
      }
    }
  }
}

}  // namespace
}  // namespace regretlab
