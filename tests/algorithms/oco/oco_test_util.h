// Helpers of the OCO tests: build registered components with given parameters (the shared
// test_support::Make), and an environment ready to play.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/core/params.h"
#include "sim/protocol/online_convex.h"
#include "sim/registry/registry.h"
#include "tests/support/component_support.h"

namespace regretlab::oco_test {

using test_support::Make;

inline std::unique_ptr<protocol::OcoEnvironment> MakeEnvironment(
    const std::string& name, const std::map<std::string, core::ParamValue>& values, int64_t horizon,
    uint64_t replicate = 0) {
  auto environment = Make<protocol::OcoEnvironment>(name, values);
  environment->SetHorizon(horizon);
  environment->Reset({2026, 77, replicate, random::Role::kEnvironment, 0});
  return environment;
}

}  // namespace regretlab::oco_test
