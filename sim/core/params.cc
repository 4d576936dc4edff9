#include "sim/core/params.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/core/error.h"
#include "sim/core/hash.h"

namespace regretlab::core {

std::string HexId(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[i] = kDigits[value & 0xf];
    value >>= 4;
  }
  return out;
}

std::string ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kBool:
      return "bool";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kReal:
      return "real";
    case ParamType::kString:
      return "string";
    case ParamType::kRealList:
      return "list of reals";
  }
  return "?";
}

namespace {

std::string RealText(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (std::isnan(value)) return "nan";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  // Keep reals recognisable as reals in canonical text ("1" would read as an integer).
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

const char* KindOf(const ParamValue& value) {
  switch (value.index()) {
    case 0:
      return "bool";
    case 1:
      return "integer";
    case 2:
      return "real";
    case 3:
      return "string";
    default:
      return "list";
  }
}

}  // namespace

std::string ValueText(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          return RealText(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return "\"" + v + "\"";
        } else {
          std::string out = "[";
          for (size_t i = 0; i < v.size(); ++i) {
            if (i) out += ",";
            out += RealText(v[i]);
          }
          return out + "]";
        }
      },
      value);
}

std::string RangeText(const ParamSpec& spec) {
  if (!spec.choices.empty()) {
    std::string out = "one of ";
    for (size_t i = 0; i < spec.choices.size(); ++i) {
      if (i) out += ", ";
      out += "\"" + spec.choices[i] + "\"";
    }
    return out;
  }
  const bool has_min = std::isfinite(spec.min), has_max = std::isfinite(spec.max);
  if (!has_min && !has_max) return "any value";
  std::string out;
  if (has_min && has_max) {
    out = std::string(spec.min_exclusive ? "(" : "[") + RealText(spec.min) + ", " +
          RealText(spec.max) + "]";
  } else if (has_min) {
    out = std::string(spec.min_exclusive ? "> " : ">= ") + RealText(spec.min);
  } else {
    out = "<= " + RealText(spec.max);
  }
  if (spec.type == ParamType::kRealList) out = "each element " + out;
  return out;
}

const ParamValue& Params::Value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw InvariantError("parameter '" + name + "' is not in the schema");
  return it->second;
}

bool Params::Bool(const std::string& name) const { return std::get<bool>(Value(name)); }
int64_t Params::Integer(const std::string& name) const { return std::get<int64_t>(Value(name)); }
double Params::Real(const std::string& name) const {
  const ParamValue& value = Value(name);
  if (const auto* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  return std::get<double>(value);
}
const std::string& Params::String(const std::string& name) const {
  return std::get<std::string>(Value(name));
}
const std::vector<double>& Params::RealList(const std::string& name) const {
  return std::get<std::vector<double>>(Value(name));
}

std::string Params::CanonicalText() const {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : values_) {
    if (!first) out += ",";
    first = false;
    out += name + "=" + ValueText(value);
  }
  return out + "}";
}

namespace {

bool InRange(const ParamSpec& spec, double value) {
  if (std::isnan(value)) return false;
  if (spec.min_exclusive ? !(value > spec.min) : !(value >= spec.min)) return false;
  return value <= spec.max;
}

}  // namespace

Params ValidateParams(const std::vector<ParamSpec>& schema,
                      const std::map<std::string, RawParam>& raw, const std::string& context,
                      const SourceLocation& table_location) {
  Params params;
  for (const auto& [key, raw_param] : raw) {
    bool known = false;
    for (const ParamSpec& spec : schema) known = known || spec.name == key;
    if (!known) {
      std::string valid;
      for (const ParamSpec& spec : schema) valid += (valid.empty() ? "" : ", ") + spec.name;
      throw ConfigError(raw_param.where.file, raw_param.where.line, key,
                        "unknown parameter of " + context +
                            "; valid parameters: " + (valid.empty() ? "(none)" : valid));
    }
  }
  for (const ParamSpec& spec : schema) {
    auto it = raw.find(spec.name);
    if (it == raw.end()) {
      if (!spec.default_value) {
        throw ConfigError(table_location.file, table_location.line, spec.name,
                          "missing required parameter of " + context + " (" +
                              ParamTypeName(spec.type) + ", " + RangeText(spec) + ")");
      }
      params.Set(spec.name, *spec.default_value);
      continue;
    }
    const RawParam& given = it->second;
    auto fail = [&](const std::string& why) {
      throw ConfigError(given.where.file, given.where.line, spec.name,
                        why + " in " + context + " (" + spec.help + ")");
    };
    ParamValue value = given.value;
    switch (spec.type) {
      case ParamType::kBool:
        if (!std::holds_alternative<bool>(value)) {
          fail(std::string("expected a bool, got a ") + KindOf(value));
        }
        break;
      case ParamType::kInteger: {
        if (!std::holds_alternative<int64_t>(value)) {
          fail(std::string("expected an integer, got a ") + KindOf(value));
        }
        const double number = static_cast<double>(std::get<int64_t>(value));
        if (!InRange(spec, number)) {
          fail("value " + ValueText(value) + " is out of range; valid: " + RangeText(spec));
        }
        break;
      }
      case ParamType::kReal: {
        if (const auto* integer = std::get_if<int64_t>(&value)) {
          value = static_cast<double>(*integer);
        }
        if (!std::holds_alternative<double>(value)) {
          fail(std::string("expected a real number, got a ") + KindOf(value));
        }
        if (!std::isfinite(std::get<double>(value))) {  // TOML's inf and nan mean nothing here
          fail("value " + ValueText(value) + " is not a finite number; valid: " + RangeText(spec));
        }
        if (!InRange(spec, std::get<double>(value))) {
          fail("value " + ValueText(value) + " is out of range; valid: " + RangeText(spec));
        }
        break;
      }
      case ParamType::kString: {
        if (!std::holds_alternative<std::string>(value)) {
          fail(std::string("expected a string, got a ") + KindOf(value));
        }
        const std::string& text = std::get<std::string>(value);
        if (!spec.choices.empty()) {
          bool ok = false;
          for (const auto& choice : spec.choices) ok = ok || choice == text;
          if (!ok) fail("value \"" + text + "\" is not valid; valid: " + RangeText(spec));
        }
        break;
      }
      case ParamType::kRealList: {
        if (!std::holds_alternative<std::vector<double>>(value)) {
          fail(std::string("expected a list of reals, got a ") + KindOf(value));
        }
        const auto& list = std::get<std::vector<double>>(value);
        if (static_cast<int64_t>(list.size()) < spec.min_length) {
          fail("list has " + std::to_string(list.size()) + " elements; at least " +
               std::to_string(spec.min_length) + " are needed");
        }
        for (size_t i = 0; i < list.size(); ++i) {
          if (!std::isfinite(list[i]) || !InRange(spec, list[i])) {
            std::ostringstream index;
            index << "element " << i << " (" << RealText(list[i])
                  << ") is out of range; valid: " << RangeText(spec);
            fail(index.str());
          }
        }
        break;
      }
    }
    params.Set(spec.name, std::move(value));
  }
  return params;
}

namespace {

// A number for ordering, or nullopt for strings and lists.
std::optional<double> NumberOf(const ParamValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? 1.0 : 0.0;
  if (const int64_t* integer = std::get_if<int64_t>(&value)) return static_cast<double>(*integer);
  if (const double* real = std::get_if<double>(&value)) return *real;
  return std::nullopt;
}

int Sign(double difference) { return difference < 0 ? -1 : difference > 0 ? 1 : 0; }

}  // namespace

int CompareParamValues(const ParamValue& a, const ParamValue& b) {
  const auto number_a = NumberOf(a), number_b = NumberOf(b);
  if (number_a && number_b) return Sign(*number_a - *number_b);
  if (number_a || number_b) return number_a ? -1 : 1;
  const auto* text_a = std::get_if<std::string>(&a);
  const auto* text_b = std::get_if<std::string>(&b);
  if (text_a && text_b) return text_a->compare(*text_b) < 0 ? -1 : *text_a == *text_b ? 0 : 1;
  if (text_a || text_b) return text_a ? -1 : 1;
  const auto& list_a = std::get<std::vector<double>>(a);
  const auto& list_b = std::get<std::vector<double>>(b);
  for (size_t i = 0; i < list_a.size() && i < list_b.size(); ++i) {
    if (list_a[i] != list_b[i]) return Sign(list_a[i] - list_b[i]);
  }
  return Sign(static_cast<double>(list_a.size()) - static_cast<double>(list_b.size()));
}

int CompareParams(const Params& a, const Params& b) {
  auto it_a = a.values().begin(), it_b = b.values().begin();
  while (it_a != a.values().end() || it_b != b.values().end()) {
    if (it_a == a.values().end()) return -1;
    if (it_b == b.values().end()) return 1;
    if (it_a->first != it_b->first) return it_a->first < it_b->first ? 1 : -1;  // missing first
    const int order = CompareParamValues(it_a->second, it_b->second);
    if (order != 0) return order;
    ++it_a;
    ++it_b;
  }
  return 0;
}

}  // namespace regretlab::core
