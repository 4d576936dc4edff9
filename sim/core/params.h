// Typed, validated parameters of registered components.
//
// Each algorithm, environment and bound declares a schema (name, type, default, range, help)
// next to its code. A spec's table is validated against that schema once, before any run:
// unknown keys, wrong types and out-of-range values are ConfigErrors naming the key and the
// valid choices. Validated parameters have a canonical text (sorted keys, defaults filled in,
// shortest round-trip reals) that keys cell ids and HDF5 attributes.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace regretlab::core {

enum class ParamType { kBool, kInteger, kReal, kString, kRealList };

using ParamValue = std::variant<bool, int64_t, double, std::string, std::vector<double>>;

std::string ParamTypeName(ParamType type);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kReal;
  std::optional<ParamValue> default_value;  // nullopt: the parameter is required
  // Inclusive numeric range for integers, reals and each element of a real list.
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;        // e.g. a standard deviation or step size that must be > 0
  int64_t min_length = 0;            // real lists only
  std::vector<std::string> choices;  // strings only; empty = any
  std::string help;
};

// Where a raw value came from, for error messages.
struct SourceLocation {
  std::string file;
  int64_t line = 0;
};

struct RawParam {
  ParamValue value;
  SourceLocation where;
};

class Params {
 public:
  Params() = default;

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  bool Bool(const std::string& name) const;
  int64_t Integer(const std::string& name) const;
  double Real(const std::string& name) const;  // integers convert
  const std::string& String(const std::string& name) const;
  const std::vector<double>& RealList(const std::string& name) const;
  const ParamValue& Value(const std::string& name) const;

  void Set(const std::string& name, ParamValue value) { values_[name] = std::move(value); }
  const std::map<std::string, ParamValue>& values() const { return values_; }

  // `{key=value,...}` in sorted key order; reals in shortest round-trip form.
  std::string CanonicalText() const;

 private:
  std::map<std::string, ParamValue> values_;
};

// Validates `raw` against `schema`: fills defaults, converts integers to reals where the schema
// wants reals, and throws ConfigError (naming `context`, e.g. "algorithms[2] (ucb1)", the key,
// and the valid keys or range) on unknown keys, missing required keys, wrong types or values out
// of range.
Params ValidateParams(const std::vector<ParamSpec>& schema,
                      const std::map<std::string, RawParam>& raw, const std::string& context,
                      const SourceLocation& table_location);

std::string ValueText(const ParamValue& value);

// Orders values the way a reader expects a sweep to be listed: numbers (booleans, integers and
// reals alike) numerically, strings lexically, real lists element by element; values of
// different kinds by kind. Returns <0, 0 or >0.
int CompareParamValues(const ParamValue& a, const ParamValue& b);
// The parameters one by one over the union of their names (sorted); a missing one sorts first.
int CompareParams(const Params& a, const Params& b);
std::string RangeText(const ParamSpec& spec);

}  // namespace regretlab::core
