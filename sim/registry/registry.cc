#include "sim/registry/registry.h"

#include <stdexcept>

#include "sim/core/error.h"

namespace regretlab::registry {

double OracleInfo::Scalar(const std::string& name) const {
  auto it = scalars.find(name);
  if (it == scalars.end()) throw core::InvariantError("oracle quantity '" + name + "' missing");
  return it->second;
}

const std::vector<double>& OracleInfo::Vector(const std::string& name) const {
  auto it = vectors.find(name);
  if (it == vectors.end()) throw core::InvariantError("oracle vector '" + name + "' missing");
  return it->second;
}

std::string BoundKindName(BoundKind kind) {
  switch (kind) {
    case BoundKind::kUpper:
      return "upper";
    case BoundKind::kLower:
      return "lower";
    case BoundKind::kLowerAsymptotic:
      return "lower_asymptotic";
  }
  return "?";
}

Registry& Registry::Mutable() {
  // A function-local static: constructed on first use, so registration order across
  // translation units does not matter.
  static Registry registry;
  return registry;
}

namespace {

bool IsSnakeCase(const std::string& name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

void Registry::AddComponent(ComponentSpec spec) {
  if (!IsSnakeCase(spec.name)) {
    registration_errors_.push_back("component name '" + spec.name + "' is not snake_case");
  }
  if (components_.count(spec.name)) {
    registration_errors_.push_back("duplicate component name '" + spec.name + "' (" +
                                   spec.source_file + " and " + components_[spec.name].source_file +
                                   ")");
    return;
  }
  const std::string name = spec.name;
  components_.emplace(name, std::move(spec));
}

void Registry::AddBound(BoundSpec spec) {
  if (!IsSnakeCase(spec.name)) {
    registration_errors_.push_back("bound name '" + spec.name + "' is not snake_case");
  }
  if (bounds_.count(spec.name)) {
    registration_errors_.push_back("duplicate bound name '" + spec.name + "'");
    return;
  }
  const std::string name = spec.name;
  bounds_.emplace(name, std::move(spec));
}

void Registry::AddProtocol(ProtocolSpec spec) {
  if (protocols_.count(spec.name)) {
    registration_errors_.push_back("duplicate protocol '" + spec.name + "'");
    return;
  }
  const std::string name = spec.name;
  protocols_.emplace(name, std::move(spec));
}

const ComponentSpec* Registry::FindComponent(const std::string& name) const {
  auto it = components_.find(name);
  return it == components_.end() ? nullptr : &it->second;
}

const BoundSpec* Registry::FindBound(const std::string& name) const {
  auto it = bounds_.find(name);
  return it == bounds_.end() ? nullptr : &it->second;
}

const ProtocolSpec* Registry::FindProtocol(const std::string& name) const {
  auto it = protocols_.find(name);
  return it == protocols_.end() ? nullptr : &it->second;
}

std::vector<const ComponentSpec*> Registry::Components(ComponentKind kind) const {
  std::vector<const ComponentSpec*> out;
  for (const auto& [name, spec] : components_) {
    if (spec.kind == kind) out.push_back(&spec);
  }
  return out;
}

std::vector<const BoundSpec*> Registry::Bounds() const {
  std::vector<const BoundSpec*> out;
  for (const auto& [name, spec] : bounds_) out.push_back(&spec);
  return out;
}

std::vector<const ProtocolSpec*> Registry::Protocols() const {
  std::vector<const ProtocolSpec*> out;
  for (const auto& [name, spec] : protocols_) out.push_back(&spec);
  return out;
}

std::vector<const BoundSpec*> Registry::BoundsFor(const std::string& algorithm_name) const {
  std::vector<const BoundSpec*> out;
  for (const auto& [name, spec] : bounds_) {
    for (const auto& covered : spec.algorithms) {
      if (covered == algorithm_name) {
        out.push_back(&spec);
        break;
      }
    }
  }
  return out;
}

std::string Registry::NamesText(ComponentKind kind) const {
  std::string out;
  for (const ComponentSpec* spec : Components(kind)) out += (out.empty() ? "" : ", ") + spec->name;
  return out;
}

void CheckRegistry() {
  const Registry& registry = Registry::Get();
  if (registry.registration_errors().empty()) {
    for (const BoundSpec* bound : registry.Bounds()) {
      for (const auto& algorithm : bound->algorithms) {
        if (!registry.FindComponent(algorithm)) {
          throw core::InvariantError("bound '" + bound->name + "' names unknown algorithm '" +
                                     algorithm + "'");
        }
      }
    }
    return;
  }
  std::string message = "registry errors:";
  for (const auto& error : registry.registration_errors()) message += "\n  " + error;
  throw core::InvariantError(message);
}

std::unique_ptr<Component> Instantiate(const ComponentSpec& spec, const core::Params& params) {
  return spec.factory(params);
}

core::Params TestParams(const ComponentSpec& spec) {
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : spec.test_params) raw[key] = core::RawParam{value, {}};
  return core::ValidateParams(spec.params, raw, spec.name + " test_params", {});
}

}  // namespace regretlab::registry

namespace regretlab::registry {

bool ProducesMetric(const MetricSpec& metric, const ComponentSpec& algorithm,
                    const core::Params& algorithm_params) {
  if ((algorithm.capabilities & metric.needs) != metric.needs) return false;
  if (!metric.needs_true_param.empty()) {
    return algorithm_params.Has(metric.needs_true_param) &&
           algorithm_params.Bool(metric.needs_true_param);
  }
  return true;
}

}  // namespace regretlab::registry
