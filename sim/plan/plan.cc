#include "sim/plan/plan.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/registry/registry.h"

namespace regretlab::plan {

using core::ConfigError;

namespace {

constexpr int64_t kMaxCheckpoints = 100000;
// A plan's size is checked before anything is expanded: a sweep grid can ask for more cells, and
// `replicate_block = 1` with many replicates for more work units (one part file each), than memory
// holds; unchecked, both hung the planner (found by fuzz/spec_plan_fuzzer.cc). The largest
// reference experiment has a few hundred cells.
constexpr int64_t kMaxCells = 100000;
constexpr int64_t kMaxUnits = 1000000;

int64_t LineOf(const toml::node& node) { return static_cast<int64_t>(node.source().begin.line); }

// The spec file and the values `--set` put into it (by node; their elements included).
struct SpecSource {
  std::string file;
  std::map<const toml::node*, std::string> overridden;  // node → "--set KEY=VALUE"
};

// Where a value came from: the spec file and its line, or the `--set KEY=VALUE` override that put
// it there, so that an error about it names the override.
core::SourceLocation Locate(const toml::node& node, const SpecSource& source) {
  auto it = source.overridden.find(&node);
  if (it != source.overridden.end()) return {it->second, 0};
  return {source.file, LineOf(node)};
}

[[noreturn]] void FailAt(const toml::node& node, const SpecSource& source, const std::string& key,
                         const std::string& message) {
  const core::SourceLocation where = Locate(node, source);
  throw ConfigError(where.file, where.line, key, message);
}

// Converts a TOML value to a parameter value; arrays must be all numbers.
core::ParamValue ToParamValue(const toml::node& node, const SpecSource& file,
                              const std::string& key) {
  if (auto v = node.as_boolean()) return v->get();
  if (auto v = node.as_integer()) return static_cast<int64_t>(v->get());
  if (auto v = node.as_floating_point()) return v->get();
  if (auto v = node.as_string()) return v->get();
  if (auto array = node.as_array()) {
    std::vector<double> list;
    for (const toml::node& element : *array) {
      if (auto i = element.as_integer()) {
        list.push_back(static_cast<double>(i->get()));
      } else if (auto f = element.as_floating_point()) {
        list.push_back(f->get());
      } else {
        FailAt(element, file, key, "lists may hold numbers only");
      }
    }
    return list;
  }
  FailAt(node, file, key,
         "unsupported value type (use a number, bool, string "
         "or a list of numbers)");
}

// Applies one `--set path=value` override to the document. Paths are dotted; a numeric part
// indexes an array (`algorithms.1.exploration`).
// Marks `node` and everything inside it as put there by the override `text`.
void MarkOverridden(const toml::node& node, const std::string& text, SpecSource& source) {
  source.overridden[&node] = text;
  if (auto array = node.as_array()) {
    for (const toml::node& element : *array) MarkOverridden(element, text, source);
  } else if (auto table = node.as_table()) {
    for (auto&& [key, value] : *table) MarkOverridden(value, text, source);
  }
}

void ApplyOverride(toml::table& document, const std::string& text, SpecSource& source) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ConfigError("--set", 0, text, "expected KEY=VALUE");
  }
  const std::string path = text.substr(0, equals);
  const std::string value_text = text.substr(equals + 1);
  toml::table parsed_value;
  try {
    parsed_value = toml::parse("v = " + value_text);
  } catch (const toml::parse_error&) {
    parsed_value.insert_or_assign("v", value_text);  // a bare word is a string
  }
  std::vector<std::string> parts;
  std::stringstream stream(path);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  toml::node* current = &document;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (auto table = current->as_table()) {
      // A missing table is created (e.g. `--set sweep.horizon=[...]` on a spec without [sweep]);
      // whether its keys mean anything is checked with the rest of the spec.
      if (!table->get(part)) table->insert(part, toml::table{});
      current = table->get(part);
    } else if (auto array = current->as_array()) {
      char* end = nullptr;
      const long index = std::strtol(part.c_str(), &end, 10);
      current = (*end == 0 && index >= 0) ? array->get(static_cast<size_t>(index)) : nullptr;
    } else {
      current = nullptr;
    }
    if (!current) throw ConfigError("--set", 0, path, "no such table or array element in the spec");
  }
  const std::string& last = parts.back();
  if (auto table = current->as_table()) {
    table->insert_or_assign(last, *parsed_value.get("v"));
    MarkOverridden(*table->get(last), "--set " + text, source);
  } else if (auto array = current->as_array()) {
    char* end = nullptr;
    const long index = std::strtol(last.c_str(), &end, 10);
    if (*end != 0 || index < 0 || static_cast<size_t>(index) >= array->size()) {
      throw ConfigError("--set", 0, path, "array index out of range");
    }
    array->replace(array->begin() + index, *parsed_value.get("v"));
    MarkOverridden(*array->get(static_cast<size_t>(index)), "--set " + text, source);
  } else {
    throw ConfigError("--set", 0, path, "not a table or array");
  }
}

struct Reader : SpecSource {
  [[noreturn]] void Fail(const toml::node* node, const std::string& key,
                         const std::string& message) const {
    if (node) FailAt(*node, *this, key, message);
    throw ConfigError(file, 0, key, message);
  }

  void CheckKeys(const toml::table& table, const std::set<std::string>& allowed,
                 const std::string& where) const {
    for (auto&& [key, node] : table) {
      const std::string name(key.str());
      if (!allowed.count(name)) {
        std::string valid;
        for (const auto& a : allowed) valid += (valid.empty() ? "" : ", ") + a;
        Fail(&node, name, "unknown key in " + where + "; valid keys: " + valid);
      }
    }
  }

  int64_t PositiveInteger(const toml::table& table, const std::string& key, bool required,
                          int64_t fallback, int64_t max = INT64_MAX) const {
    const toml::node* node = table.get(key);
    if (!node) {
      if (required) Fail(&table, key, "missing required key (a positive integer)");
      return fallback;
    }
    auto value = node->as_integer();
    if (!value) Fail(node, key, "expected a positive integer");
    if (value->get() <= 0 || value->get() > max) {
      Fail(node, key,
           "must be in [1, " + std::to_string(max) + "], got " + std::to_string(value->get()));
    }
    return value->get();
  }
};

struct Entry {  // one [[environments]] or [[algorithms]] table, not yet expanded
  std::string name;
  const registry::ComponentSpec* spec = nullptr;
  std::map<std::string, core::RawParam> raw;
  core::SourceLocation where;
  std::string context;
};

std::vector<Entry> ReadEntries(const Reader& reader, const toml::table& document,
                               const std::string& key, registry::ComponentKind kind) {
  const toml::node* node = document.get(key);
  if (!node) reader.Fail(&document, key, "missing: at least one [[" + key + "]] table is needed");
  auto array = node->as_array();
  if (!array || array->empty()) reader.Fail(node, key, "expected one or more [[" + key + "]]");
  std::vector<Entry> entries;
  const registry::Registry& registry = registry::Registry::Get();
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    auto table = element.as_table();
    const std::string where = key + "[" + std::to_string(i) + "]";
    if (!table) reader.Fail(&element, where, "expected a table");
    Entry entry;
    entry.where = Locate(element, reader);
    const toml::node* name_node = table->get("name");
    if (!name_node || !name_node->as_string()) {
      reader.Fail(
          &element, where + ".name",
          "missing (a registered " + key + " name; one of: " + registry.NamesText(kind) + ")");
    }
    entry.name = name_node->as_string()->get();
    entry.spec = registry.FindComponent(entry.name);
    if (!entry.spec || entry.spec->kind != kind) {
      reader.Fail(name_node, where + ".name",
                  "unknown " +
                      std::string(kind == registry::ComponentKind::kAlgorithm ? "algorithm"
                                                                              : "environment") +
                      " '" + entry.name + "'; registered: " + registry.NamesText(kind));
    }
    entry.context = where + " (" + entry.name + ")";
    for (auto&& [param_key, value] : *table) {
      const std::string param(param_key.str());
      if (param == "name") continue;
      entry.raw[param] = {ToParamValue(value, reader, where + "." + param), Locate(value, reader)};
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// A sweep axis: "horizon" or "<component>.<param>", with its values in order.
struct Axis {
  std::string key;
  std::string component;  // empty for "horizon"
  std::string param;
  std::vector<core::ParamValue> values;
  core::SourceLocation where;
};

std::vector<Axis> ReadSweep(const Reader& reader, const toml::table& document,
                            const std::vector<Entry>& environments,
                            const std::vector<Entry>& algorithms) {
  std::vector<Axis> axes;
  const toml::node* node = document.get("sweep");
  if (!node) return axes;
  auto table = node->as_table();
  if (!table) reader.Fail(node, "sweep", "expected a table of axes, e.g. horizon = [1000, 10000]");
  // `ucb1.exploration = [...]` is, in TOML, the table ucb1 holding exploration: flatten it.
  std::vector<std::pair<std::string, const toml::node*>> entries;
  for (auto&& [key, value] : *table) {
    if (auto inner = value.as_table()) {
      for (auto&& [inner_key, inner_value] : *inner) {
        entries.emplace_back(std::string(key.str()) + "." + std::string(inner_key.str()),
                             &inner_value);
      }
    } else {
      entries.emplace_back(std::string(key.str()), &value);
    }
  }
  for (const auto& [key_text, value_pointer] : entries) {
    const toml::node& value = *value_pointer;
    Axis axis;
    axis.key = key_text;
    axis.where = Locate(value, reader);
    auto array = value.as_array();
    if (!array || array->empty()) {
      reader.Fail(&value, "sweep." + axis.key, "an axis is a non-empty list of values");
    }
    for (const toml::node& element : *array) {
      axis.values.push_back(ToParamValue(element, reader, "sweep." + axis.key));
    }
    if (axis.key != "horizon") {
      const auto dot = axis.key.find('.');
      if (dot == std::string::npos) {
        reader.Fail(&value, "sweep." + axis.key,
                    "unknown axis; valid: horizon, or <component name>.<parameter> for a "
                    "component named in the spec");
      }
      axis.component = axis.key.substr(0, dot);
      axis.param = axis.key.substr(dot + 1);
      bool used = false;
      for (const auto* entries : {&environments, &algorithms}) {
        for (const Entry& entry : *entries) used = used || entry.name == axis.component;
      }
      if (!used) {
        std::string names;
        for (const auto* entries : {&environments, &algorithms}) {
          for (const Entry& entry : *entries) names += (names.empty() ? "" : ", ") + entry.name;
        }
        reader.Fail(&value, "sweep." + axis.key,
                    "no component named '" + axis.component + "' in the spec; named: " + names);
      }
    } else {
      for (const auto& v : axis.values) {
        const auto* integer = std::get_if<int64_t>(&v);
        if (!integer || *integer <= 0) {
          reader.Fail(&value, "sweep.horizon", "horizons must be positive integers");
        }
      }
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

// Every parameter point of an entry: the grid of the sweep axes that name it, in axis order.
std::vector<core::Params> ExpandEntry(const Entry& entry, const std::vector<Axis>& axes) {
  std::vector<std::map<std::string, core::RawParam>> points = {entry.raw};
  for (const Axis& axis : axes) {
    if (axis.component != entry.name) continue;
    std::vector<std::map<std::string, core::RawParam>> next;
    for (const auto& point : points) {
      for (const auto& value : axis.values) {
        auto expanded = point;
        expanded[axis.param] = {value, axis.where};
        next.push_back(std::move(expanded));
      }
    }
    points = std::move(next);
  }
  std::vector<core::Params> out;
  for (const auto& point : points) {
    out.push_back(core::ValidateParams(entry.spec->params, point, entry.context, entry.where));
    if (entry.spec->validate) {
      const std::string problem = entry.spec->validate(out.back());
      if (!problem.empty()) {
        throw ConfigError(entry.where.file, entry.where.line, entry.context,
                          problem + " (parameters " + out.back().CanonicalText() + ")");
      }
    }
  }
  return out;
}

// A [[claims]] cell selector: `{ environment = NAME, algorithm = NAME, horizon = T,
// "environment.<p>" = v, "algorithm.<p>" = v }` (keys as the /index columns).
CellSelector ReadSelector(const Reader& reader, const toml::node& node, const std::string& key,
                          const Plan& plan) {
  auto table = node.as_table();
  if (!table) {
    reader.Fail(&node, key,
                "expected a table, e.g. { algorithm = \"ucb1\", \"environment.num_arms\" = 10 }");
  }
  CellSelector selector;
  std::ostringstream text;
  text << *table;
  selector.text = text.str();
  for (auto&& [name_key, value] : *table) {
    const std::string name(name_key.str());
    const std::string where = key + "." + name;
    if (name == "environment" || name == "algorithm") {
      if (!value.as_string()) reader.Fail(&value, where, "expected a component name (a string)");
      const std::string component = value.as_string()->get();
      bool known = false;
      std::set<std::string> names;
      for (const CellPlan& cell : plan.cells) {
        const std::string& candidate =
            name == "environment" ? cell.environment.name : cell.algorithm.name;
        names.insert(candidate);
        known = known || candidate == component;
      }
      if (!known) {
        std::string valid;
        for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
        reader.Fail(&value, where,
                    "no " + name + " '" + component + "' in the spec; named: " + valid);
      }
      (name == "environment" ? selector.environment : selector.algorithm) = component;
    } else if (name == "horizon") {
      auto horizon = value.as_integer();
      if (!horizon || horizon->get() <= 0)
        reader.Fail(&value, where, "expected a positive integer");
      selector.horizon = horizon->get();
    } else if (name.rfind("environment.", 0) == 0 || name.rfind("algorithm.", 0) == 0) {
      const bool environment = name.rfind("environment.", 0) == 0;
      const std::string param = name.substr(name.find('.') + 1);
      bool known = false;
      for (const CellPlan& cell : plan.cells) {
        known = known || (environment ? cell.environment.params : cell.algorithm.params).Has(param);
      }
      if (!known) {
        reader.Fail(&value, where,
                    "no " + std::string(environment ? "environment" : "algorithm") +
                        " of the spec has a parameter '" + param + "'");
      }
      (environment ? selector.environment_params : selector.algorithm_params)[param] =
          ToParamValue(value, reader, where);
    } else {
      reader.Fail(&value, where,
                  "unknown selector key; valid: environment, algorithm, horizon, "
                  "\"environment.<parameter>\", \"algorithm.<parameter>\"");
    }
  }
  return selector;
}

// `baseline`, `reduced` and the [[claims]] of the spec, checked against its cells.
void ReadExtras(const Reader& reader, const toml::table& document, Plan& plan) {
  if (const toml::node* node = document.get("baseline")) {
    if (!node->as_string()) reader.Fail(node, "baseline", "expected an algorithm name");
    plan.baseline = node->as_string()->get();
    std::set<std::string> names;
    for (const CellPlan& cell : plan.cells) names.insert(cell.algorithm.name);
    if (!names.count(plan.baseline)) {
      std::string valid;
      for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
      reader.Fail(node, "baseline",
                  "no algorithm '" + plan.baseline + "' in the spec; named: " + valid);
    }
  }
  if (const toml::node* node = document.get("reduced")) {
    auto array = node->as_array();
    if (!array) reader.Fail(node, "reduced", "expected a list of KEY=VALUE overrides");
    for (const toml::node& element : *array) {
      if (!element.as_string() || element.as_string()->get().find('=') == std::string::npos) {
        reader.Fail(&element, "reduced", "expected KEY=VALUE strings (as for --set)");
      }
      plan.reduced_overrides.push_back(element.as_string()->get());
    }
  }
  const toml::node* node = document.get("claims");
  if (!node) return;
  auto array = node->as_array();
  if (!array) reader.Fail(node, "claims", "expected [[claims]] tables");
  std::set<std::string> claim_names;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string where = "claims[" + std::to_string(i) + "]";
    auto table = element.as_table();
    if (!table) reader.Fail(&element, where, "expected a table");
    reader.CheckKeys(
        *table,
        {"name", "quantity", "metric", "source", "description", "cells", "versus", "parameter",
         "bound", "expected", "tolerance", "at_most", "at_least", "full_size"},
        where);
    ClaimSpec claim;
    auto text = [&](const char* key, bool required) -> std::string {
      const toml::node* value = table->get(key);
      if (!value) {
        if (required) reader.Fail(&element, where + "." + key, "missing required key");
        return "";
      }
      if (!value->as_string()) reader.Fail(value, where + "." + key, "expected a string");
      return value->as_string()->get();
    };
    auto number = [&](const char* key) {
      const toml::node* value = table->get(key);
      if (!value) return std::numeric_limits<double>::quiet_NaN();
      if (auto i = value->as_integer()) return static_cast<double>(i->get());
      if (auto f = value->as_floating_point(); f && std::isfinite(f->get())) return f->get();
      reader.Fail(value, where + "." + key, "expected a finite number");
    };
    claim.name = text("name", true);
    if (!claim_names.insert(claim.name).second) {
      reader.Fail(table->get("name"), where + ".name", "two claims are named '" + claim.name + "'");
    }
    claim.quantity = text("quantity", true);
    static const std::set<std::string> kQuantities = {"exponent", "verdict", "difference", "ratio",
                                                      "final"};
    if (!kQuantities.count(claim.quantity)) {
      reader.Fail(table->get("quantity"), where + ".quantity",
                  "unknown quantity '" + claim.quantity +
                      "'; valid: exponent, verdict, difference, ratio, final");
    }
    claim.source = text("source", true);
    claim.description = text("description", false);
    claim.metric = text("metric", claim.quantity != "verdict");
    if (!claim.metric.empty()) {
      bool known = false;
      for (const CellPlan& cell : plan.cells) {
        known = known || std::find(cell.metrics.begin(), cell.metrics.end(), claim.metric) !=
                             cell.metrics.end();
      }
      if (!known) {
        reader.Fail(table->get("metric"), where + ".metric",
                    "no cell of the spec records '" + claim.metric + "'");
      }
    }
    if (const toml::node* cells = table->get("cells")) {
      claim.cells = ReadSelector(reader, *cells, where + ".cells", plan);
    }
    if (const toml::node* full = table->get("full_size")) {
      if (!full->as_boolean()) reader.Fail(full, where + ".full_size", "expected true or false");
      claim.full_size = full->as_boolean()->get();
    }
    const auto selected = std::count_if(plan.cells.begin(), plan.cells.end(),
                                        [&](const CellPlan& c) { return claim.cells.Matches(c); });
    if (selected == 0) {
      reader.Fail(table->get("cells") ? table->get("cells") : &element, where + ".cells",
                  "selects no cell of the spec");
    }
    if (claim.quantity != "verdict") claim.expected = number("expected");
    claim.tolerance = number("tolerance");
    claim.at_most = number("at_most");
    claim.at_least = number("at_least");
    if (claim.quantity == "verdict") {
      claim.bound = text("bound", true);
      const toml::node* expected = table->get("expected");
      if (!expected || !expected->as_string() ||
          (expected->as_string()->get() != "holds" && expected->as_string()->get() != "violated")) {
        reader.Fail(expected ? expected : &element, where + ".expected",
                    "a verdict claim expects \"holds\" or \"violated\"");
      }
      claim.expected_verdict = expected->as_string()->get();
      bool has_bound = false;
      for (const CellPlan& cell : plan.cells) {
        has_bound = has_bound ||
                    (claim.cells.Matches(cell) && std::find(cell.bounds.begin(), cell.bounds.end(),
                                                            claim.bound) != cell.bounds.end());
      }
      if (!has_bound) {
        reader.Fail(table->get("bound"), where + ".bound",
                    "no selected cell evaluates the bound '" + claim.bound + "'");
      }
    } else {
      const bool band = !std::isnan(claim.expected);
      if (band != !std::isnan(claim.tolerance) ||
          (!band && std::isnan(claim.at_most) && std::isnan(claim.at_least))) {
        reader.Fail(&element, where,
                    "state the expectation as expected = x with tolerance = t, or as at_most "
                    "and/or at_least");
      }
      if (band && claim.tolerance < 0) {
        reader.Fail(table->get("tolerance"), where + ".tolerance", "must be >= 0");
      }
    }
    if (claim.quantity == "exponent") {
      claim.parameter = text("parameter", true);
      std::set<std::string> values;
      for (const CellPlan& cell : plan.cells) {
        if (!claim.cells.Matches(cell)) continue;
        if (claim.parameter == "horizon") {
          values.insert(std::to_string(cell.horizon));
        } else {
          const bool environment = claim.parameter.rfind("environment.", 0) == 0;
          const std::string param = claim.parameter.substr(claim.parameter.find('.') + 1);
          const core::Params& params =
              environment ? cell.environment.params : cell.algorithm.params;
          if (claim.parameter.find('.') != std::string::npos && params.Has(param)) {
            values.insert(core::ValueText(params.Value(param)));
          }
        }
      }
      if (values.size() < 3) {
        reader.Fail(table->get("parameter"), where + ".parameter",
                    "an exponent needs a sweep of 3 or more values of '" + claim.parameter +
                        "' among the selected cells (valid: horizon, \"environment.<p>\", "
                        "\"algorithm.<p>\"); found " +
                        std::to_string(values.size()));
      }
    }
    if (claim.quantity == "difference" || claim.quantity == "ratio") {
      const toml::node* versus = table->get("versus");
      if (!versus) reader.Fail(&element, where + ".versus", "missing: the cells compared against");
      claim.versus = ReadSelector(reader, *versus, where + ".versus", plan);
    }
    plan.claims.push_back(std::move(claim));
  }
}

}  // namespace

bool CellSelector::Matches(const std::string& environment_name, const std::string& algorithm_name,
                           int64_t cell_horizon, const core::Params& environment_values,
                           const core::Params& algorithm_values) const {
  if (!environment.empty() && environment_name != environment) return false;
  if (!algorithm.empty() && algorithm_name != algorithm) return false;
  if (horizon != 0 && cell_horizon != horizon) return false;
  for (const auto& [wanted, params] : {std::pair{&environment_params, &environment_values},
                                       std::pair{&algorithm_params, &algorithm_values}}) {
    for (const auto& [name, value] : *wanted) {
      if (!params->Has(name) || core::CompareParamValues(params->Value(name), value) != 0) {
        return false;
      }
    }
  }
  return true;
}

CheckpointGrid GeometricGrid(int64_t horizon, int64_t count) {
  CheckpointGrid grid;
  grid.name = "geometric_" + std::to_string(count) + "_T" + std::to_string(horizon);
  const int64_t points = std::max<int64_t>(count, 1);
  for (int64_t i = 0; i < points; ++i) {
    const double exponent = points == 1 ? 1.0 : static_cast<double>(i) / (points - 1);
    int64_t t =
        static_cast<int64_t>(std::llround(std::pow(static_cast<double>(horizon), exponent)));
    t = std::clamp<int64_t>(t, 1, horizon);
    if (grid.rounds.empty() || t > grid.rounds.back()) grid.rounds.push_back(t);
  }
  if (grid.rounds.back() != horizon) grid.rounds.push_back(horizon);
  return grid;
}

CheckpointGrid LinearGrid(int64_t horizon, int64_t count) {
  CheckpointGrid grid;
  grid.name = "linear_" + std::to_string(count) + "_T" + std::to_string(horizon);
  const int64_t points = std::max<int64_t>(count, 1);
  // floor(horizon * i / points) without forming horizon * i, which overflows for horizons near
  // the 2^62 limit (found by fuzz/spec_plan_fuzzer.cc).
  const int64_t quotient = horizon / points, remainder = horizon % points;
  for (int64_t i = 1; i <= points; ++i) {
    const int64_t t = std::max<int64_t>(1, quotient * i + remainder * i / points);
    if (grid.rounds.empty() || t > grid.rounds.back()) grid.rounds.push_back(t);
  }
  if (grid.rounds.back() != horizon) grid.rounds.push_back(horizon);
  return grid;
}

Plan LoadPlan(const std::string& spec_file, const std::vector<std::string>& overrides) {
  std::ifstream in(spec_file, std::ios::binary);
  if (!in) throw ConfigError(spec_file, 0, "", "cannot open the spec file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParsePlan(buffer.str(), spec_file, overrides);
}

Plan ParsePlan(const std::string& spec_text, const std::string& spec_file,
               const std::vector<std::string>& overrides) {
  const registry::Registry& registry = registry::Registry::Get();
  Reader reader{{spec_file, {}}};
  toml::table document;
  try {
    document = toml::parse(spec_text, spec_file);
  } catch (const toml::parse_error& error) {
    throw ConfigError(spec_file, static_cast<int64_t>(error.source().begin.line), "",
                      "malformed TOML: " + std::string(error.description()));
  }
  for (const std::string& override_text : overrides) {
    ApplyOverride(document, override_text, reader);
  }

  reader.CheckKeys(
      document,
      {"name", "seed", "horizon", "replicates", "checkpoints", "metrics", "bounds", "environments",
       "algorithms", "sweep", "replicate_block", "description", "claims", "baseline", "reduced"},
      "the spec");
  Plan plan;
  plan.spec_file = spec_file;
  plan.spec_toml = spec_text;
  plan.overrides = overrides;
  if (const toml::node* node = document.get("name")) {
    if (!node->as_string()) reader.Fail(node, "name", "expected a string");
    plan.name = node->as_string()->get();
    // The name becomes the default output results/<name>.h5: a plain file name only.
    const bool plain =
        !plan.name.empty() && plan.name[0] != '.' &&
        std::all_of(plan.name.begin(), plan.name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        });
    if (!plain) {
      reader.Fail(node, "name",
                  "'" + plan.name +
                      "' is not a plain file name; use letters, digits, '_', '-' and '.' "
                      "(not first)");
    }
  } else {
    reader.Fail(&document, "name", "missing required key (the experiment's name)");
  }
  if (const toml::node* node = document.get("description"); node && !node->as_string()) {
    reader.Fail(node, "description", "expected a string");
  }
  {
    const toml::node* node = document.get("seed");
    if (!node) reader.Fail(&document, "seed", "missing required key (a non-negative integer)");
    auto seed = node->as_integer();
    if (!seed || seed->get() < 0) reader.Fail(node, "seed", "expected a non-negative integer");
    plan.seed = static_cast<uint64_t>(seed->get());
  }
  const int64_t replicates = reader.PositiveInteger(document, "replicates", true, 0, 100000000);
  const int64_t replicate_block =
      reader.PositiveInteger(document, "replicate_block", false, 0, 100000000);

  auto environments =
      ReadEntries(reader, document, "environments", registry::ComponentKind::kEnvironment);
  auto algorithms =
      ReadEntries(reader, document, "algorithms", registry::ComponentKind::kAlgorithm);
  const std::vector<Axis> axes = ReadSweep(reader, document, environments, algorithms);

  std::vector<int64_t> horizons;
  bool horizon_swept = false;
  for (const Axis& axis : axes) {
    if (axis.key == "horizon") {
      horizon_swept = true;
      for (const auto& v : axis.values) horizons.push_back(std::get<int64_t>(v));
    }
  }
  // An axis put there by `--set sweep.horizon=[...]` replaces the spec's horizon.
  const bool horizon_overridden = std::any_of(axes.begin(), axes.end(), [](const Axis& axis) {
    return axis.key == "horizon" && axis.where.file.rfind("--set ", 0) == 0;
  });
  if (horizon_swept) {
    const toml::node* node = document.get("horizon");
    if (node && !horizon_overridden) {
      reader.Fail(node, "horizon", "horizon is given both here and as a [sweep] axis; keep one");
    }
  } else {
    horizons.push_back(reader.PositiveInteger(document, "horizon", true, 0, INT64_C(1) << 62));
  }

  {
    // Cells: horizons × the environments' parameter points × the algorithms' (each entry's points
    // are the grid of the axes naming it, as ExpandEntry makes them), saturating past the limit.
    auto points = [&](const std::vector<Entry>& entries) {
      int64_t total = 0;
      for (const Entry& entry : entries) {
        int64_t count = 1;
        for (const Axis& axis : axes) {
          if (axis.component == entry.name) {
            count =
                std::min<int64_t>(count * static_cast<int64_t>(axis.values.size()), kMaxCells + 1);
          }
        }
        total = std::min<int64_t>(total + count, kMaxCells + 1);
      }
      return total;
    };
    const int64_t cells = std::min<int64_t>(
        std::min<int64_t>(static_cast<int64_t>(horizons.size()) * points(environments),
                          kMaxCells + 1) *
            points(algorithms),
        kMaxCells + 1);
    if (cells > kMaxCells) {
      const toml::node* sweep = document.get("sweep");
      reader.Fail(sweep ? sweep : &document, "sweep",
                  "the plan has more than " + std::to_string(kMaxCells) +
                      " cells (horizons x environment points x algorithm points); split the "
                      "sweep into several specs");
    }
    const int64_t block =
        replicate_block > 0 ? replicate_block : std::max<int64_t>(1, (replicates + 7) / 8);
    const int64_t units = cells * ((replicates + block - 1) / block);
    if (units > kMaxUnits) {
      const toml::node* node = document.get("replicate_block");
      reader.Fail(node ? node : &document, "replicate_block",
                  "the plan has " + std::to_string(units) + " work units (" +
                      std::to_string(cells) + " cells x blocks of " + std::to_string(block) +
                      " of " + std::to_string(replicates) + " replicates), more than " +
                      std::to_string(kMaxUnits) + "; raise replicate_block");
    }
  }

  // Checkpoint grid kind.
  std::string grid_kind = "geometric";
  int64_t grid_count = 100;
  std::vector<int64_t> explicit_rounds;
  if (const toml::node* node = document.get("checkpoints")) {
    auto table = node->as_table();
    if (!table)
      reader.Fail(node, "checkpoints",
                  "expected a table, e.g. { kind = \"geometric\", count = 60 }");
    reader.CheckKeys(*table, {"kind", "count", "rounds"}, "checkpoints");
    if (const toml::node* kind = table->get("kind")) {
      if (!kind->as_string()) reader.Fail(kind, "checkpoints.kind", "expected a string");
      grid_kind = kind->as_string()->get();
      if (grid_kind != "geometric" && grid_kind != "linear" && grid_kind != "explicit") {
        reader.Fail(kind, "checkpoints.kind",
                    "unknown kind '" + grid_kind + "'; valid: geometric, linear, explicit");
      }
    }
    grid_count = reader.PositiveInteger(*table, "count", false, grid_count, kMaxCheckpoints);
    if (grid_kind == "explicit") {
      const toml::node* rounds = table->get("rounds");
      if (!rounds || !rounds->as_array()) {
        reader.Fail(node, "checkpoints.rounds", "explicit checkpoints need rounds = [t1, t2, ...]");
      }
      for (const toml::node& element : *rounds->as_array()) {
        auto t = element.as_integer();
        if (!t || t->get() <= 0 ||
            (!explicit_rounds.empty() && t->get() <= explicit_rounds.back())) {
          reader.Fail(&element, "checkpoints.rounds",
                      "rounds must be increasing positive integers");
        }
        // A round past every cell's horizon can never be recorded: an error, not a silent drop.
        // (Past a shorter horizon of a sweep it is dropped for those cells only; each cell's
        // grid is recorded in the file.)
        const int64_t longest = *std::max_element(horizons.begin(), horizons.end());
        if (t->get() > longest) {
          reader.Fail(&element, "checkpoints.rounds",
                      "round " + std::to_string(t->get()) + " lies beyond the horizon " +
                          std::to_string(longest) + (horizons.size() > 1 ? " (the longest)" : "") +
                          "; checkpoints must not exceed it");
        }
        explicit_rounds.push_back(t->get());
      }
    }
  }

  // Metrics and bounds requested (validated per protocol below).
  std::vector<std::string> requested_metrics;
  const toml::node* metrics_node = document.get("metrics");
  if (metrics_node) {
    auto array = metrics_node->as_array();
    if (!array) reader.Fail(metrics_node, "metrics", "expected a list of metric names");
    for (const toml::node& element : *array) {
      if (!element.as_string()) reader.Fail(&element, "metrics", "expected metric names (strings)");
      requested_metrics.push_back(element.as_string()->get());
    }
  }
  std::vector<std::string> requested_bounds;
  bool bounds_given = false;
  if (const toml::node* node = document.get("bounds")) {
    bounds_given = true;
    auto array = node->as_array();
    if (!array) reader.Fail(node, "bounds", "expected a list of bound names");
    for (const toml::node& element : *array) {
      if (!element.as_string()) reader.Fail(&element, "bounds", "expected bound names (strings)");
      const std::string name = element.as_string()->get();
      if (!registry.FindBound(name)) {
        std::string valid;
        for (const auto* bound : registry.Bounds())
          valid += (valid.empty() ? "" : ", ") + bound->name;
        reader.Fail(&element, "bounds", "unknown bound '" + name + "'; registered: " + valid);
      }
      requested_bounds.push_back(name);
    }
  }

  // Protocol agreement: every algorithm must speak the protocol of every environment.
  for (const Entry& environment : environments) {
    for (const Entry& algorithm : algorithms) {
      if (environment.spec->protocol != algorithm.spec->protocol) {
        throw ConfigError(spec_file, algorithm.where.line, "algorithms",
                          "algorithm '" + algorithm.name + "' speaks the '" +
                              algorithm.spec->protocol + "' protocol but environment '" +
                              environment.name + "' (line " +
                              std::to_string(environment.where.line) + ") speaks '" +
                              environment.spec->protocol + "'; put them in separate specs");
      }
    }
  }

  std::string canonical = "name=" + plan.name + ";seed=" + std::to_string(plan.seed) + "\n";
  std::map<std::string, std::string> summaries;  // by environment canonical text, made once
  for (int64_t horizon : horizons) {
    CheckpointGrid grid;
    if (grid_kind == "geometric") {
      grid = GeometricGrid(horizon, grid_count);
    } else if (grid_kind == "linear") {
      grid = LinearGrid(horizon, grid_count);
    } else {
      for (int64_t t : explicit_rounds) {
        if (t <= horizon) grid.rounds.push_back(t);
      }
      if (grid.rounds.empty() || grid.rounds.back() != horizon) grid.rounds.push_back(horizon);
      grid.name = "explicit_" +
                  core::HexId(core::StableHash64([&] {
                    std::string text;
                    for (int64_t t : grid.rounds) text += std::to_string(t) + ",";
                    return text;
                  }()))
                      .substr(0, 8) +
                  "_T" + std::to_string(horizon);
    }
    for (const Entry& environment : environments) {
      for (const core::Params& environment_params : ExpandEntry(environment, axes)) {
        ComponentChoice environment_choice{environment.name, environment_params,
                                           environment.name + environment_params.CanonicalText()};
        if (environment.spec->summarize) {
          auto [known, inserted] = summaries.try_emplace(environment_choice.canonical);
          if (inserted) known->second = environment.spec->summarize(environment_params);
          environment_choice.summary = known->second;
        }
        const registry::ProtocolSpec* protocol = registry.FindProtocol(environment.spec->protocol);
        if (!protocol) {
          throw core::InvariantError("protocol '" + environment.spec->protocol +
                                     "' is not registered");
        }
        for (const std::string& metric : requested_metrics) {
          bool known = false;
          std::string valid;
          for (const auto& m : protocol->metrics) {
            known = known || m.name == metric;
            valid += (valid.empty() ? "" : ", ") + m.name;
          }
          if (!known) {
            reader.Fail(metrics_node, "metrics",
                        "unknown metric '" + metric + "' for protocol '" + protocol->name +
                            "'; valid: " + valid);
          }
        }
        for (const Entry& algorithm : algorithms) {
          for (const core::Params& algorithm_params : ExpandEntry(algorithm, axes)) {
            CellPlan cell;
            cell.environment = environment_choice;
            cell.algorithm = {algorithm.name, algorithm_params,
                              algorithm.name + algorithm_params.CanonicalText()};
            cell.protocol = protocol->name;
            cell.horizon = horizon;
            cell.replicates = replicates;
            cell.seed = plan.seed;
            cell.checkpoints = grid;
            cell.environment_id =
                core::StableHash64(cell.environment.canonical + ";T=" + std::to_string(horizon));
            const std::vector<std::string>& wanted =
                requested_metrics.empty() ? protocol->default_metrics : requested_metrics;
            for (const auto& m : protocol->metrics) {  // protocol order, only those possible
              const bool is_wanted =
                  std::find(wanted.begin(), wanted.end(), m.name) != wanted.end();
              if (is_wanted && registry::ProducesMetric(m, *algorithm.spec, algorithm_params)) {
                cell.metrics.push_back(m.name);
              }
            }
            for (const registry::BoundSpec* bound : registry.BoundsFor(algorithm.name)) {
              if (bound->protocol != protocol->name) continue;
              if (bounds_given && std::find(requested_bounds.begin(), requested_bounds.end(),
                                            bound->name) == requested_bounds.end()) {
                continue;
              }
              if (std::find(cell.metrics.begin(), cell.metrics.end(), bound->metric) ==
                  cell.metrics.end()) {
                continue;
              }
              cell.bounds.push_back(bound->name);
            }
            if (protocol->check_cell) {
              const std::string problem = protocol->check_cell(cell);
              if (!problem.empty()) {
                throw ConfigError(spec_file, algorithm.where.line, algorithm.context,
                                  problem + " (environment " + cell.environment.canonical +
                                      ", horizon " + std::to_string(horizon) + ")");
              }
            }
            std::string metrics_text, bounds_text;
            for (const auto& m : cell.metrics) metrics_text += m + ",";
            for (const auto& b : cell.bounds) bounds_text += b + ",";
            cell.canonical =
                "environment=" + cell.environment.canonical +
                ";algorithm=" + cell.algorithm.canonical + ";horizon=" + std::to_string(horizon) +
                ";replicates=" + std::to_string(replicates) + ";seed=" + std::to_string(plan.seed) +
                ";checkpoints=" + grid.name + ";metrics=" + metrics_text + ";bounds=" + bounds_text;
            cell.id = environment.name + "-" + algorithm.name + "-" +
                      core::HexId(core::StableHash64(cell.canonical));
            canonical += cell.canonical + "\n";
            plan.cells.push_back(std::move(cell));
          }
        }
      }
    }
  }
  {
    std::set<std::string> ids;
    for (const CellPlan& cell : plan.cells) {
      if (!ids.insert(cell.id).second) {
        throw ConfigError(
            spec_file, 0, "",
            "two cells of the spec are identical (" + cell.id + "); remove the repeated entry");
      }
    }
  }
  // A bound the spec names must apply to some cell: dropping it silently would hide a typo'd
  // algorithm or metric.
  for (const std::string& bound : requested_bounds) {
    const bool used = std::any_of(plan.cells.begin(), plan.cells.end(), [&](const CellPlan& c) {
      return std::find(c.bounds.begin(), c.bounds.end(), bound) != c.bounds.end();
    });
    if (!used) {
      const registry::BoundSpec* spec = registry.FindBound(bound);
      std::string algorithms;
      for (const auto& a : spec->algorithms) algorithms += (algorithms.empty() ? "" : ", ") + a;
      reader.Fail(document.get("bounds"), "bounds",
                  "bound '" + bound + "' applies to no cell of the spec (it covers " + algorithms +
                      " under the '" + spec->protocol + "' protocol, on " + spec->metric +
                      ", which must be recorded)");
    }
  }
  ReadExtras(reader, document, plan);
  // Work units: blocks of replicates. The block size is a function of the spec only.
  for (size_t c = 0; c < plan.cells.size(); ++c) {
    const CellPlan& cell = plan.cells[c];
    const int64_t block =
        replicate_block > 0 ? replicate_block : std::max<int64_t>(1, (cell.replicates + 7) / 8);
    for (int64_t first = 0; first < cell.replicates; first += block) {
      WorkUnit unit;
      unit.cell_index = c;
      unit.first_replicate = first;
      unit.count = std::min(block, cell.replicates - first);
      unit.id = cell.id + "/r" + std::to_string(first) + "-" + std::to_string(first + unit.count);
      plan.units.push_back(std::move(unit));
    }
  }
  plan.spec_canonical = canonical;
  plan.spec_hash = core::StableHash64(canonical);
  return plan;
}

std::vector<size_t> ReportOrder(const Plan& plan) {
  std::vector<size_t> order(plan.cells.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](size_t i) {
    const CellPlan& cell = plan.cells[i];
    return ReportKey{cell.environment.name, cell.algorithm.name, cell.environment.params,
                     cell.algorithm.params, cell.horizon};
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t i, size_t j) { return ReportLess(key(i), key(j)); });
  return order;
}

bool ReportLess(const ReportKey& a, const ReportKey& b) {
  if (a.environment_name != b.environment_name) return a.environment_name < b.environment_name;
  if (a.algorithm_name != b.algorithm_name) return a.algorithm_name < b.algorithm_name;
  if (const int c = core::CompareParams(a.environment_params, b.environment_params); c != 0) {
    return c < 0;
  }
  if (const int c = core::CompareParams(a.algorithm_params, b.algorithm_params); c != 0) {
    return c < 0;
  }
  return a.horizon < b.horizon;
}

std::vector<size_t> ShardUnits(const Plan& plan, int64_t index, int64_t count) {
  std::vector<size_t> out;
  for (size_t u = 0; u < plan.units.size(); ++u) {
    if (static_cast<int64_t>(u % static_cast<size_t>(count)) == index) out.push_back(u);
  }
  return out;
}

}  // namespace regretlab::plan
