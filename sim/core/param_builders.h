// Terse builders for parameter schemas (ParamSpec), one call a parameter, shared by every
// component that declares parameters. Pass kUnbounded for a range without an upper end.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::core {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// The fields every parameter has; the builders below add their type's range or choices.
inline ParamSpec NamedParam(std::string name, ParamType type, std::optional<ParamValue> value,
                            std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.default_value = std::move(value);
  spec.help = std::move(help);
  return spec;
}

inline ParamSpec RealParam(std::string name, double value, double min, double max,
                           bool min_exclusive, std::string help) {
  ParamSpec spec = NamedParam(std::move(name), ParamType::kReal, value, std::move(help));
  spec.min = min;
  spec.max = max;
  spec.min_exclusive = min_exclusive;
  return spec;
}

inline ParamSpec IntegerParam(std::string name, int64_t value, double min, double max,
                              std::string help) {
  ParamSpec spec = NamedParam(std::move(name), ParamType::kInteger, value, std::move(help));
  spec.min = min;
  spec.max = max;
  return spec;
}

inline ParamSpec ChoiceParam(std::string name, std::string value, std::vector<std::string> choices,
                             std::string help) {
  ParamSpec spec =
      NamedParam(std::move(name), ParamType::kString, std::move(value), std::move(help));
  spec.choices = std::move(choices);
  return spec;
}

inline ParamSpec BoolParam(std::string name, bool value, std::string help) {
  return NamedParam(std::move(name), ParamType::kBool, value, std::move(help));
}

// A list of reals with a default, each element in [min, max].
inline ParamSpec RealListParam(std::string name, std::vector<double> value, double min, double max,
                               std::string help) {
  ParamSpec spec =
      NamedParam(std::move(name), ParamType::kRealList, std::move(value), std::move(help));
  spec.min = min;
  spec.max = max;
  return spec;
}

// A list of reals the spec must give (no default), of at least min_length elements in [min, max].
inline ParamSpec RequiredRealListParam(std::string name, double min, double max, int64_t min_length,
                                       std::string help) {
  ParamSpec spec = NamedParam(std::move(name), ParamType::kRealList, std::nullopt, std::move(help));
  spec.min = min;
  spec.max = max;
  spec.min_length = min_length;
  return spec;
}

}  // namespace regretlab::core
