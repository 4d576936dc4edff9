// Build registered components with validated parameters in tests (shared by the streaming and
// contextual test helpers).
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>

#include "sim/core/params.h"
#include "sim/registry/registry.h"

namespace regretlab::test_support {

using ParamMap = std::map<std::string, core::ParamValue>;

// The parameters of component `name` validated against its schema (defaults filled in).
inline core::Params Validated(const std::string& name, const ParamMap& params) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  REQUIRE(spec != nullptr);
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : params) raw[key] = core::RawParam{value, {}};
  return core::ValidateParams(spec->params, raw, name, {});
}

// Component `name` built from the registry and downcast to T (a test failure if it is not one).
template <class T>
std::unique_ptr<T> Make(const std::string& name, const ParamMap& params = {}) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  REQUIRE(spec != nullptr);
  auto object = registry::Instantiate(*spec, Validated(name, params));
  auto* typed = dynamic_cast<T*>(object.get());
  REQUIRE(typed != nullptr);
  object.release();
  return std::unique_ptr<T>(typed);
}

}  // namespace regretlab::test_support
