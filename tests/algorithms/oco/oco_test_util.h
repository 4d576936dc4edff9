// Helpers of the OCO tests: build registered components with given parameters, and run a learner
// by hand on a stream of gradients.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/core/params.h"
#include "sim/protocol/online_convex.h"
#include "sim/registry/registry.h"

namespace regretlab::oco_test {

inline core::Params ComponentParams(const std::string& name,
                                    const std::map<std::string, core::ParamValue>& values) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  REGRETLAB_CHECK(spec, "no component ", name);
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : values) raw[key] = core::RawParam{value, {}};
  return core::ValidateParams(spec->params, raw, name, {});
}

template <class T>
std::unique_ptr<T> Make(const std::string& name,
                        const std::map<std::string, core::ParamValue>& values = {}) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  REGRETLAB_CHECK(spec, "no component ", name);
  auto object = registry::Instantiate(*spec, ComponentParams(name, values));
  std::unique_ptr<T> typed(dynamic_cast<T*>(object.get()));
  REGRETLAB_CHECK(typed, name, " is not of the requested interface");
  object.release();
  return typed;
}

inline std::unique_ptr<protocol::OcoEnvironment> MakeEnvironment(
    const std::string& name, const std::map<std::string, core::ParamValue>& values, int64_t horizon,
    uint64_t replicate = 0) {
  auto environment = Make<protocol::OcoEnvironment>(name, values);
  environment->SetHorizon(horizon);
  environment->Reset({2026, 77, replicate, random::Role::kEnvironment, 0});
  return environment;
}

}  // namespace regretlab::oco_test
