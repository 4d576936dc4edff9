#include "analysis/experiment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "analysis/verdict.h"
#include "sim/core/hash.h"
#include "sim/record/hdf5.h"
#include "sim/record/result_view.h"
#include "sim/registry/registry.h"

namespace regretlab::analysis {

using record::Handle;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == separator) {
      if (!part.empty()) parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) parts.push_back(part);
  return parts;
}

// A parameter value as a positive finite number (what a log–log fit needs), or NaN.
double PositiveNumber(const core::ParamValue& value) {
  double number = kNaN;
  if (const auto* integer = std::get_if<int64_t>(&value)) number = static_cast<double>(*integer);
  if (const auto* real = std::get_if<double>(&value)) number = *real;
  return std::isfinite(number) && number > 0 ? number : kNaN;
}

// The metrics of a protocol its table marks as fitted in sweeps (fit_in_sweeps), in table order.
std::vector<std::string> SweepMetrics(const std::string& protocol_name) {
  std::vector<std::string> metrics;
  const registry::ProtocolSpec* protocol = registry::Registry::Get().FindProtocol(protocol_name);
  if (protocol == nullptr) return metrics;
  for (const registry::MetricSpec& metric : protocol->metrics) {
    if (metric.fit_in_sweeps) metrics.push_back(metric.name);
  }
  return metrics;
}

bool Records(const CellInfo& cell, const std::string& metric) {
  return std::find(cell.metrics.begin(), cell.metrics.end(), metric) != cell.metrics.end();
}

std::vector<double> Finals(hid_t file, const std::string& cell_id, const std::string& metric) {
  Handle cell = record::OpenGroup(file, "cells/" + cell_id);
  return record::FinalValues(cell.id(), metric);
}

Interval MeanOf(const std::vector<double>& values) {
  return MeanInterval(values, static_cast<int64_t>(values.size()), 1, 0);
}

// The value of a sweep parameter in a cell: its horizon or one of its components' parameters.
std::optional<core::ParamValue> ParameterOf(const CellInfo& cell, const std::string& parameter) {
  if (parameter == "horizon") return core::ParamValue{cell.horizon};
  const bool environment = parameter.rfind("environment.", 0) == 0;
  const std::string name = parameter.substr(parameter.find('.') + 1);
  const core::Params& params = environment ? cell.environment_params : cell.algorithm_params;
  if (!params.Has(name)) return std::nullopt;
  return params.Value(name);
}

// A component's canonical text with one parameter shown as `*` (what a sweep holds fixed).
std::string WithoutParameter(const std::string& name, const core::Params& params,
                             const std::string& swept) {
  core::Params rest;
  for (const auto& [key, value] : params.values()) {
    if (key != swept) rest.Set(key, value);
  }
  std::string text = name + rest.CanonicalText();
  if (!swept.empty() && params.Has(swept)) {
    text.insert(text.size() - 1, std::string(rest.values().empty() ? "" : ",") + swept + "=*");
  }
  return text;
}

void WriteGroupAttributes(hid_t group,
                          const std::vector<std::pair<std::string, record::AttributeValue>>& list) {
  // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
  for (const auto& attribute : list) {
    const std::string& name = attribute.first;
    std::visit([&](const auto& v) { record::WriteAttribute(group, name, v); }, attribute.second);
  }
}

std::string GroupName(size_t index) { return fmt::format("{:03d}", index); }

std::string Describe(const Interval& interval) {
  return fmt::format("{} [{}, {}]", record::FormatNumber(interval.estimate),
                     record::FormatNumber(interval.low), record::FormatNumber(interval.high));
}

}  // namespace

std::vector<CellInfo> ReadCells(hid_t file) {
  std::vector<CellInfo> cells;
  Handle cells_group = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells_group.id())) {
    Handle group = record::OpenGroup(cells_group.id(), id);
    CellInfo cell;
    cell.id = id;
    cell.protocol = record::ReadStringAttribute(group.id(), "protocol");
    cell.environment_name = record::ReadStringAttribute(group.id(), "environment_name");
    cell.algorithm_name = record::ReadStringAttribute(group.id(), "algorithm_name");
    cell.environment = record::ReadStringAttribute(group.id(), "environment");
    cell.algorithm = record::ReadStringAttribute(group.id(), "algorithm");
    cell.status = record::ReadStringAttribute(group.id(), "status");
    cell.horizon = record::ReadIntAttribute(group.id(), "horizon");
    cell.replicates = record::ReadIntAttribute(group.id(), "replicates");
    cell.seed = record::ReadIntAttribute(group.id(), "seed");
    cell.metrics = Split(record::ReadStringAttribute(group.id(), "metrics"), ',');
    cell.environment_params =
        record::ReadParamAttributes(record::OpenGroup(group.id(), "parameters/environment").id());
    cell.algorithm_params =
        record::ReadParamAttributes(record::OpenGroup(group.id(), "parameters/algorithm").id());
    cells.push_back(std::move(cell));
  }
  auto key = [](const CellInfo& cell) {
    return plan::ReportKey{cell.environment_name, cell.algorithm_name, cell.environment_params,
                           cell.algorithm_params, cell.horizon};
  };
  std::stable_sort(cells.begin(), cells.end(), [&](const CellInfo& a, const CellInfo& b) {
    return plan::ReportLess(key(a), key(b));
  });
  return cells;
}

std::vector<Sweep> FindSweeps(hid_t file, const std::vector<CellInfo>& cells) {
  // Candidate parameters: the horizon, then every numeric parameter of a component.
  std::vector<std::string> parameters = {"horizon"};
  for (const char* role : {"environment", "algorithm"}) {
    std::set<std::string> names;
    for (const CellInfo& cell : cells) {
      const core::Params& params =
          std::string(role) == "environment" ? cell.environment_params : cell.algorithm_params;
      for (const auto& [name, value] : params.values()) {
        if (!std::isnan(PositiveNumber(value))) names.insert(name);
      }
    }
    for (const std::string& name : names) parameters.push_back(std::string(role) + "." + name);
  }
  std::vector<Sweep> sweeps;
  for (const std::string& parameter : parameters) {
    const bool by_horizon = parameter == "horizon";
    const std::string swept = by_horizon ? "" : parameter.substr(parameter.find('.') + 1);
    const bool environment_role = parameter.rfind("environment.", 0) == 0;
    // Cells equal in all but `parameter`, in the file's order of their first cell.
    std::vector<std::string> signatures;
    std::map<std::string, std::vector<size_t>> groups;
    for (size_t i = 0; i < cells.size(); ++i) {
      const CellInfo& cell = cells[i];
      if (cell.status != "complete") continue;
      const auto value = ParameterOf(cell, parameter);
      if (!value || std::isnan(PositiveNumber(*value))) continue;
      const std::string label = WithoutParameter(cell.algorithm_name, cell.algorithm_params,
                                                 environment_role ? "" : swept) +
                                " on " +
                                WithoutParameter(cell.environment_name, cell.environment_params,
                                                 environment_role ? swept : "") +
                                (by_horizon ? " T=*" : " T=" + std::to_string(cell.horizon));
      const std::string signature =
          label + fmt::format("|R={}|seed={}", cell.replicates, cell.seed);
      if (!groups.count(signature)) signatures.push_back(signature);
      groups[signature].push_back(i);
    }
    for (const std::string& signature : signatures) {
      std::vector<size_t>& members = groups[signature];
      if (members.size() < 3) continue;
      std::sort(members.begin(), members.end(), [&](size_t a, size_t b) {
        return PositiveNumber(*ParameterOf(cells[a], parameter)) <
               PositiveNumber(*ParameterOf(cells[b], parameter));
      });
      const CellInfo& first = cells[members.front()];
      for (const std::string& metric : SweepMetrics(first.protocol)) {
        if (!std::all_of(members.begin(), members.end(),
                         [&](size_t i) { return Records(cells[i], metric); })) {
          continue;
        }
        Sweep sweep;
        sweep.parameter = parameter;
        sweep.metric = metric;
        sweep.environment_name = first.environment_name;
        sweep.algorithm_name = first.algorithm_name;
        sweep.label = signature.substr(0, signature.find('|'));
        std::vector<std::vector<double>> finals;
        for (size_t i : members) {
          sweep.cell_ids.push_back(cells[i].id);
          sweep.values.push_back(PositiveNumber(*ParameterOf(cells[i], parameter)));
          finals.push_back(Finals(file, cells[i].id, metric));
          const Interval final_value = MeanOf(finals.back());
          sweep.final_mean.push_back(final_value.estimate);
          sweep.final_ci_low.push_back(final_value.low);
          sweep.final_ci_high.push_back(final_value.high);
        }
        const SweepFit fit = SweepLogLogSlope(
            sweep.values, finals, core::StableHash64(parameter + "|" + signature + "|" + metric));
        sweep.exponent = fit.slope;
        sweep.exponent_ci_low = fit.low;
        sweep.exponent_ci_high = fit.high;
        // The theory's exponent: the log–log slope of a bound's final value across the sweep
        // (of a bound on this metric that every cell evaluates).
        std::set<std::string> common;
        for (size_t k = 0; k < members.size(); ++k) {
          Handle cell = record::OpenGroup(file, "cells/" + cells[members[k]].id);
          std::set<std::string> here;
          if (record::Exists(cell.id(), "bounds")) {
            Handle bounds = record::OpenGroup(cell.id(), "bounds");
            for (const std::string& bound : record::ChildNames(bounds.id())) {
              Handle dataset(H5Dopen2(bounds.id(), bound.c_str(), H5P_DEFAULT), H5Dclose);
              if (record::ReadStringAttribute(dataset.id(), "metric") == metric) {
                here.insert(bound);
              }
            }
          }
          if (k == 0) {
            common = here;
          } else {
            std::set<std::string> both;
            std::set_intersection(common.begin(), common.end(), here.begin(), here.end(),
                                  std::inserter(both, both.begin()));
            common = both;
          }
        }
        sweep.theory_exponent = kNaN;
        sweep.bound_final.assign(members.size(), kNaN);
        if (!common.empty()) {
          // An upper bound if there is one (it states the rate), else the first by name.
          sweep.theory_bound = *common.begin();
          for (const std::string& bound : common) {
            const registry::BoundSpec* spec = registry::Registry::Get().FindBound(bound);
            if (spec != nullptr && spec->kind == registry::BoundKind::kUpper) {
              sweep.theory_bound = bound;
              break;
            }
          }
          std::vector<double> log_x, log_y;
          for (size_t k = 0; k < members.size(); ++k) {
            Handle bounds = record::OpenGroup(file, "cells/" + cells[members[k]].id + "/bounds");
            sweep.bound_final[k] = record::ReadDoubles(bounds.id(), sweep.theory_bound).back();
            if (sweep.bound_final[k] > 0) {
              log_x.push_back(std::log(sweep.values[k]));
              log_y.push_back(std::log(sweep.bound_final[k]));
            }
          }
          if (log_x.size() == members.size()) sweep.theory_exponent = OlsSlope(log_x, log_y);
        }
        sweeps.push_back(std::move(sweep));
      }
    }
  }
  return sweeps;
}

std::vector<PairedComparison> PairWithBaseline(hid_t file, const std::vector<CellInfo>& cells,
                                               const std::string& baseline,
                                               const std::string& metric) {
  std::vector<PairedComparison> pairs;
  for (const CellInfo& cell : cells) {
    if (cell.algorithm_name == baseline || cell.status != "complete") continue;
    for (const CellInfo& other : cells) {
      if (other.algorithm_name != baseline || other.status != "complete" ||
          other.environment != cell.environment || other.horizon != cell.horizon ||
          other.replicates != cell.replicates || other.seed != cell.seed) {
        continue;
      }
      const std::vector<std::string> metrics =
          metric.empty() ? SweepMetrics(cell.protocol) : std::vector<std::string>{metric};
      for (const std::string& name : metrics) {
        if (!Records(cell, name) || !Records(other, name)) continue;
        const std::vector<double> mine = Finals(file, cell.id, name);
        const std::vector<double> theirs = Finals(file, other.id, name);
        if (mine.size() != theirs.size() || mine.empty()) continue;
        std::vector<double> differences;
        for (size_t r = 0; r < mine.size(); ++r) differences.push_back(mine[r] - theirs[r]);
        const Interval difference = MeanOf(differences);
        pairs.push_back({cell.id, other.id, name, difference.estimate, difference.low,
                         difference.high, MeanOf(theirs).estimate,
                         static_cast<int64_t>(mine.size())});
      }
    }
  }
  return pairs;
}

std::string JudgeInterval(const plan::ClaimSpec& claim, const Interval& measured) {
  if (std::isnan(measured.low) || std::isnan(measured.high)) return "inconclusive";
  double lowest = -std::numeric_limits<double>::infinity();
  double highest = std::numeric_limits<double>::infinity();
  if (!std::isnan(claim.expected)) {
    lowest = claim.expected - claim.tolerance;
    highest = claim.expected + claim.tolerance;
  } else {
    if (!std::isnan(claim.at_least)) lowest = claim.at_least;
    if (!std::isnan(claim.at_most)) highest = claim.at_most;
  }
  if (measured.low >= lowest && measured.high <= highest) return "reproduced";
  if (measured.high < lowest || measured.low > highest) return "not reproduced";
  return "inconclusive";
}

namespace {

// One measured item of a claim (a sweep, a cell, a pair of cells) and its judgement.
struct ClaimItem {
  std::string what;
  Interval value;
  std::string status;
};

// A claim over several items holds when every item reproduces it and fails when one does not.
void Aggregate(const std::vector<ClaimItem>& items, ClaimResult& result) {
  result.measured = result.measured_ci_low = result.measured_ci_high = kNaN;
  if (items.empty()) {
    result.status = "inconclusive";
    result.detail = "nothing to measure among the selected cells (failed cells or no pair)";
    return;
  }
  const ClaimItem* shown = &items.front();
  bool all_reproduced = true;
  for (const ClaimItem& item : items) {
    if (item.status == "not reproduced") {
      shown = &item;
      break;
    }
    if (item.status != "reproduced" && shown->status == "reproduced") shown = &item;
    all_reproduced = all_reproduced && item.status == "reproduced";
  }
  result.status = shown->status == "not reproduced" ? "not reproduced"
                  : all_reproduced                  ? "reproduced"
                                                    : "inconclusive";
  result.measured = shown->value.estimate;
  result.measured_ci_low = shown->value.low;
  result.measured_ci_high = shown->value.high;
  for (const ClaimItem& item : items) {
    result.detail += (result.detail.empty() ? "" : "; ") + item.what + ": " + Describe(item.value) +
                     " " + item.status;
  }
}

}  // namespace

std::vector<ClaimResult> EvaluateClaims(hid_t file, const std::vector<CellInfo>& cells,
                                        const std::vector<Sweep>& sweeps,
                                        const std::vector<plan::ClaimSpec>& claims,
                                        bool full_size_run) {
  std::vector<ClaimResult> results;
  for (const plan::ClaimSpec& claim : claims) {
    ClaimResult result;
    result.claim = claim;
    if (claim.full_size && !full_size_run) {
      result.status = "not evaluated (needs full size)";
      result.measured = result.measured_ci_low = result.measured_ci_high = kNaN;
      result.detail =
          "the run had --set overrides (a reduced run); this claim needs the spec as is";
      results.push_back(std::move(result));
      continue;
    }
    auto selected = [&](const CellInfo& cell, const plan::CellSelector& selector) {
      return cell.status == "complete" &&
             selector.Matches(cell.environment_name, cell.algorithm_name, cell.horizon,
                              cell.environment_params, cell.algorithm_params);
    };
    std::set<std::string> chosen;
    for (const CellInfo& cell : cells) {
      if (selected(cell, claim.cells)) chosen.insert(cell.id);
    }
    std::vector<ClaimItem> items;
    if (claim.quantity == "exponent") {
      for (const Sweep& sweep : sweeps) {
        if (sweep.parameter != claim.parameter || sweep.metric != claim.metric) continue;
        if (!std::all_of(sweep.cell_ids.begin(), sweep.cell_ids.end(),
                         [&](const std::string& id) { return chosen.count(id) > 0; })) {
          continue;
        }
        const Interval value{sweep.exponent, sweep.exponent_ci_low, sweep.exponent_ci_high};
        items.push_back({"exponent of " + sweep.label, value, JudgeInterval(claim, value)});
      }
    } else if (claim.quantity == "final") {
      for (const CellInfo& cell : cells) {
        if (!chosen.count(cell.id) || !Records(cell, claim.metric)) continue;
        const Interval value = MeanOf(Finals(file, cell.id, claim.metric));
        items.push_back({cell.id, value, JudgeInterval(claim, value)});
      }
    } else if (claim.quantity == "verdict") {
      std::vector<ClaimItem> verdict_items;
      for (const CellInfo& cell : cells) {
        if (!chosen.count(cell.id)) continue;
        const std::string path = "cells/" + cell.id + "/verdict/" + claim.bound;
        if (!record::Exists(file, path)) continue;
        Handle group = record::OpenGroup(file, path);
        const std::string verdict = record::ReadStringAttribute(group.id(), "verdict");
        // Where the bound's hypotheses fail it says nothing: such a cell neither supports nor
        // contradicts the claim.
        if (verdict == "not_applicable") continue;
        const double ratio = record::ReadDoubleAttribute(group.id(), "max_ratio");
        const bool as_expected = verdict.rfind(claim.expected_verdict, 0) == 0;
        const bool opposite =
            verdict.rfind(claim.expected_verdict == "holds" ? "violated" : "holds", 0) == 0;
        items.push_back({cell.id + " (" + verdict + ")",
                         {ratio, kNaN, kNaN},
                         as_expected ? "reproduced"
                         : opposite  ? "not reproduced"
                                     : "inconclusive"});
      }
    } else {  // difference or ratio: each selected cell against the `versus` cells it pairs with
      for (const CellInfo& cell : cells) {
        if (!chosen.count(cell.id) || !Records(cell, claim.metric)) continue;
        for (const CellInfo& other : cells) {
          if (other.id == cell.id || !selected(other, claim.versus) ||
              !Records(other, claim.metric) || other.environment != cell.environment ||
              other.horizon != cell.horizon || other.replicates != cell.replicates ||
              other.seed != cell.seed) {
            continue;
          }
          const std::vector<double> a = Finals(file, cell.id, claim.metric);
          const std::vector<double> b = Finals(file, other.id, claim.metric);
          Interval value;
          if (claim.quantity == "difference") {
            std::vector<double> differences;
            for (size_t r = 0; r < a.size(); ++r) differences.push_back(a[r] - b[r]);
            value = MeanOf(differences);
          } else {
            // Ratio of means with the delta-method interval of the paired replicates:
            // SE(r) = sd(a_i - r b_i) / (sqrt(n) |mean b|).
            const double mean_a = MeanOf(a).estimate, mean_b = MeanOf(b).estimate;
            const double ratio = mean_a / mean_b;
            std::vector<double> residuals;
            for (size_t r = 0; r < a.size(); ++r) residuals.push_back(a[r] - ratio * b[r]);
            const Interval residual = MeanOf(residuals);
            const double half_width = (residual.high - residual.estimate) / std::abs(mean_b);
            value = {ratio, ratio - half_width, ratio + half_width};
          }
          items.push_back({cell.id + " vs " + other.id, value, JudgeInterval(claim, value)});
        }
      }
    }
    Aggregate(items, result);
    results.push_back(std::move(result));
  }
  return results;
}

void AnalyseExperiment(hid_t file, const plan::Plan& plan) {
  const std::vector<CellInfo> cells = ReadCells(file);
  const std::vector<Sweep> sweeps = FindSweeps(file, cells);
  if (!sweeps.empty()) {
    Handle root = record::CreateGroup(file, "sweeps");
    for (size_t k = 0; k < sweeps.size(); ++k) {
      const Sweep& sweep = sweeps[k];
      Handle group = record::CreateGroup(root.id(), GroupName(k));
      WriteGroupAttributes(group.id(), {{"parameter", sweep.parameter},
                                        {"metric", sweep.metric},
                                        {"environment", sweep.environment_name},
                                        {"algorithm", sweep.algorithm_name},
                                        {"label", sweep.label},
                                        {"exponent", sweep.exponent},
                                        {"exponent_ci_low", sweep.exponent_ci_low},
                                        {"exponent_ci_high", sweep.exponent_ci_high},
                                        {"theory_bound", sweep.theory_bound},
                                        {"theory_exponent", sweep.theory_exponent}});
      record::WriteStringVector(group.id(), "cell_ids", sweep.cell_ids);
      record::WriteVector(group.id(), "values", sweep.values);
      record::WriteVector(group.id(), "final_mean", sweep.final_mean);
      record::WriteVector(group.id(), "final_ci_low", sweep.final_ci_low);
      record::WriteVector(group.id(), "final_ci_high", sweep.final_ci_high);
      record::WriteVector(group.id(), "bound_final", sweep.bound_final);
    }
  }
  if (!plan.baseline.empty()) {
    const std::vector<PairedComparison> pairs = PairWithBaseline(file, cells, plan.baseline);
    Handle root = record::CreateGroup(file, "paired");
    record::WriteAttribute(root.id(), "baseline", plan.baseline);
    for (size_t k = 0; k < pairs.size(); ++k) {
      const PairedComparison& pair = pairs[k];
      Handle group = record::CreateGroup(root.id(), GroupName(k));
      WriteGroupAttributes(group.id(), {{"baseline", plan.baseline},
                                        {"cell_id", pair.cell_id},
                                        {"baseline_cell_id", pair.baseline_cell_id},
                                        {"metric", pair.metric},
                                        {"mean_difference", pair.mean_difference},
                                        {"ci_low", pair.ci_low},
                                        {"ci_high", pair.ci_high},
                                        {"baseline_mean", pair.baseline_mean},
                                        {"replicates", pair.replicates}});
    }
  }
  if (!plan.claims.empty()) {
    const std::vector<ClaimResult> results =
        EvaluateClaims(file, cells, sweeps, plan.claims, plan.overrides.empty());
    Handle root = record::CreateGroup(file, "claims");
    for (size_t k = 0; k < results.size(); ++k) {
      const ClaimResult& result = results[k];
      const plan::ClaimSpec& claim = result.claim;
      Handle group = record::CreateGroup(root.id(), GroupName(k));
      WriteGroupAttributes(group.id(), {{"name", claim.name},
                                        {"quantity", claim.quantity},
                                        {"metric", claim.metric},
                                        {"source", claim.source},
                                        {"description", claim.description},
                                        {"parameter", claim.parameter},
                                        {"bound", claim.bound},
                                        {"cells", claim.cells.text},
                                        {"versus", claim.versus.text},
                                        {"expected", claim.expected},
                                        {"tolerance", claim.tolerance},
                                        {"at_most", claim.at_most},
                                        {"at_least", claim.at_least},
                                        {"expected_verdict", claim.expected_verdict},
                                        {"status", result.status},
                                        {"measured", result.measured},
                                        {"measured_ci_low", result.measured_ci_low},
                                        {"measured_ci_high", result.measured_ci_high},
                                        {"detail", result.detail},
                                        {"full_size", int64_t{claim.full_size ? 1 : 0}}});
    }
  }
}

record::Analyzers ResultAnalyzers() { return {AnalyseCell, AnalyseExperiment}; }

std::vector<Sweep> ReadSweeps(hid_t file) {
  std::vector<Sweep> sweeps;
  if (!record::Exists(file, "sweeps")) return sweeps;
  Handle root = record::OpenGroup(file, "sweeps");
  for (const std::string& name : record::ChildNames(root.id())) {
    Handle group = record::OpenGroup(root.id(), name);
    auto text = [&](const char* key) { return record::ReadStringAttribute(group.id(), key); };
    auto real = [&](const char* key) { return record::ReadDoubleAttribute(group.id(), key); };
    Sweep sweep;
    sweep.parameter = text("parameter");
    sweep.metric = text("metric");
    sweep.environment_name = text("environment");
    sweep.algorithm_name = text("algorithm");
    sweep.label = text("label");
    sweep.exponent = real("exponent");
    sweep.exponent_ci_low = real("exponent_ci_low");
    sweep.exponent_ci_high = real("exponent_ci_high");
    sweep.theory_bound = text("theory_bound");
    sweep.theory_exponent = real("theory_exponent");
    sweep.cell_ids = record::ReadStrings(group.id(), "cell_ids");
    sweep.values = record::ReadDoubles(group.id(), "values");
    sweep.final_mean = record::ReadDoubles(group.id(), "final_mean");
    sweep.final_ci_low = record::ReadDoubles(group.id(), "final_ci_low");
    sweep.final_ci_high = record::ReadDoubles(group.id(), "final_ci_high");
    sweep.bound_final = record::ReadDoubles(group.id(), "bound_final");
    sweeps.push_back(std::move(sweep));
  }
  return sweeps;
}

std::vector<PairedComparison> ReadPaired(hid_t file) {
  std::vector<PairedComparison> pairs;
  if (!record::Exists(file, "paired")) return pairs;
  Handle root = record::OpenGroup(file, "paired");
  for (const std::string& name : record::ChildNames(root.id())) {
    Handle group = record::OpenGroup(root.id(), name);
    auto text = [&](const char* key) { return record::ReadStringAttribute(group.id(), key); };
    auto real = [&](const char* key) { return record::ReadDoubleAttribute(group.id(), key); };
    pairs.push_back({text("cell_id"), text("baseline_cell_id"), text("metric"),
                     real("mean_difference"), real("ci_low"), real("ci_high"),
                     real("baseline_mean"), record::ReadIntAttribute(group.id(), "replicates")});
  }
  return pairs;
}

std::vector<ClaimResult> ReadClaims(hid_t file) {
  std::vector<ClaimResult> results;
  if (!record::Exists(file, "claims")) return results;
  Handle root = record::OpenGroup(file, "claims");
  for (const std::string& name : record::ChildNames(root.id())) {
    Handle group = record::OpenGroup(root.id(), name);
    auto text = [&](const char* key) { return record::ReadStringAttribute(group.id(), key); };
    auto real = [&](const char* key) { return record::ReadDoubleAttribute(group.id(), key); };
    ClaimResult result;
    plan::ClaimSpec& claim = result.claim;
    claim.name = text("name");
    claim.quantity = text("quantity");
    claim.metric = text("metric");
    claim.source = text("source");
    claim.description = text("description");
    claim.parameter = text("parameter");
    claim.bound = text("bound");
    claim.cells.text = text("cells");
    claim.versus.text = text("versus");
    claim.expected = real("expected");
    claim.tolerance = real("tolerance");
    claim.at_most = real("at_most");
    claim.at_least = real("at_least");
    claim.expected_verdict = text("expected_verdict");
    claim.full_size = record::ReadIntAttribute(group.id(), "full_size") != 0;
    result.status = text("status");
    result.measured = real("measured");
    result.measured_ci_low = real("measured_ci_low");
    result.measured_ci_high = real("measured_ci_high");
    result.detail = text("detail");
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace regretlab::analysis
