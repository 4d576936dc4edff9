// A registered environment of protocol P built by name with validated parameters, for the
// conformance kits and their callers (tests, the Python module): what a spec's
// `[[environments]]` entry would build, without a plan.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/core/error.h"
#include "sim/core/params.h"
#include "sim/protocol/kit.h"
#include "sim/registry/registry.h"

namespace regretlab::testing {

// Throws ConfigError for an unknown name, a component of another protocol, or bad parameters.
template <class P>
std::unique_ptr<typename P::Environment> MakeRegisteredEnvironment(
    const std::string& name, const std::map<std::string, core::ParamValue>& params) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  if (!spec || spec->kind != registry::ComponentKind::kEnvironment) {
    throw core::ConfigError("", 0, name, "unknown environment");
  }
  if (spec->protocol != P::kName) {
    throw core::ConfigError(
        "", 0, name,
        std::string("not a ") + P::kName + " environment (it is " + spec->protocol + "'s)");
  }
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : params) raw[key] = {value, {}};
  const core::Params validated = core::ValidateParams(spec->params, raw, name, {});
  return protocol::MakeEnvironment<P>(*spec, validated);
}

}  // namespace regretlab::testing
