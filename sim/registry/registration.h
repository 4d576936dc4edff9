// Self-registration from a component's own .cc (DESIGN §5): the bound macro, and the token
// pasting every registration macro uses. Protocol-free: algorithms and environments register
// through the protocol kit's macros (sim/protocol/kit.h), bounds through this one.
#pragma once

#include <utility>

#include "sim/registry/registry.h"

#define REGRETLAB_CONCAT_INNER(a, b) a##b
#define REGRETLAB_CONCAT(a, b) REGRETLAB_CONCAT_INNER(a, b)

namespace regretlab::registry {

inline bool RegisterBound(BoundSpec spec, const char* file) {
  spec.source_file = file;
  Registry::Mutable().AddBound(std::move(spec));
  return true;
}

}  // namespace regretlab::registry

// One line in an algorithm's .cc: REGRETLAB_REGISTER_BOUND(Ucb1BoundSpec());
#define REGRETLAB_REGISTER_BOUND(spec_expression)                               \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) = \
      ::regretlab::registry::RegisterBound(spec_expression, __FILE__)
