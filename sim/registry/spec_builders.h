// Terse builders for the specs components and bounds register: the descriptive fields in one
// call, so that a component's .cc states what it is rather than assigning field after field.
// A bound's `applies` and `evaluate` are then assigned to the returned spec.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.h"
#include "sim/registry/registry.h"

namespace regretlab::registry {

// A component's descriptive spec; the protocol kit's registration macro fills in the kind,
// protocol, factory and interface.
inline ComponentSpec MakeComponentSpec(std::string name, std::string summary, std::string citation,
                                       std::string guarantee,
                                       std::vector<core::ParamSpec> params = {},
                                       std::map<std::string, core::ParamValue> test_params = {}) {
  ComponentSpec spec;
  spec.name = std::move(name);
  spec.summary = std::move(summary);
  spec.citation = std::move(citation);
  spec.guarantee = std::move(guarantee);
  spec.params = std::move(params);
  spec.test_params = std::move(test_params);
  return spec;
}

// A bound of `kind` on `metric` for `algorithms` under `protocol`; constants_checked: whether
// its constants were checked against the source (false: as recalled).
inline BoundSpec MakeBoundSpec(BoundKind kind, std::string name, std::string protocol,
                               std::string metric, std::vector<std::string> algorithms,
                               std::string citation, std::string formula, bool constants_checked) {
  BoundSpec bound;
  bound.name = std::move(name);
  bound.kind = kind;
  bound.protocol = std::move(protocol);
  bound.metric = std::move(metric);
  bound.algorithms = std::move(algorithms);
  bound.citation = std::move(citation);
  bound.formula = std::move(formula);
  bound.constants_checked = constants_checked;
  return bound;
}

inline BoundSpec UpperBound(std::string name, std::string protocol, std::string metric,
                            std::vector<std::string> algorithms, std::string citation,
                            std::string formula, bool constants_checked) {
  return MakeBoundSpec(BoundKind::kUpper, std::move(name), std::move(protocol), std::move(metric),
                       std::move(algorithms), std::move(citation), std::move(formula),
                       constants_checked);
}

}  // namespace regretlab::registry
