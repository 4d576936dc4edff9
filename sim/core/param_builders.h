// Terse builders for parameter schemas (ParamSpec), shared by the components that declare many
// parameters (the contextual family's algorithms and environments).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::core {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

inline ParamSpec RealParam(std::string name, double value, double min, double max,
                           bool min_exclusive, std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = ParamType::kReal;
  spec.default_value = value;
  spec.min = min;
  spec.max = max;
  spec.min_exclusive = min_exclusive;
  spec.help = std::move(help);
  return spec;
}

inline ParamSpec IntegerParam(std::string name, int64_t value, double min, double max,
                              std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = ParamType::kInteger;
  spec.default_value = value;
  spec.min = min;
  spec.max = max;
  spec.help = std::move(help);
  return spec;
}

inline ParamSpec ChoiceParam(std::string name, std::string value, std::vector<std::string> choices,
                             std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = ParamType::kString;
  spec.default_value = std::move(value);
  spec.choices = std::move(choices);
  spec.help = std::move(help);
  return spec;
}

inline ParamSpec BoolParam(std::string name, bool value, std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = ParamType::kBool;
  spec.default_value = value;
  spec.help = std::move(help);
  return spec;
}

}  // namespace regretlab::core
