#include "analysis/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "analysis/statistics.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/record/hdf5.h"
#include "sim/record/recorder.h"
#include "sim/record/result_view.h"
#include "sim/registry/registry.h"

namespace regretlab::analysis {

using core::ConfigError;
using record::Handle;

namespace {

Handle OpenResult(const std::string& path) {
  if (!std::filesystem::exists(path)) throw ConfigError(path, 0, "", "no such file");
  record::SilenceHdf5Errors();
  auto file = record::TryOpenFile(path);
  if (!file) {
    throw ConfigError(path, 0, "", "not a readable HDF5 file (truncated, or another format)");
  }
  if (!record::HasAttribute(file->id(), "schema_version") ||
      !record::Exists(file->id(), "/cells")) {
    throw ConfigError(path, 0, "schema_version",
                      "an HDF5 file, but not a regretlab result file (no schema_version "
                      "attribute or /cells group)");
  }
  const int64_t version = record::ReadIntAttribute(file->id(), "schema_version");
  if (version != record::kSchemaVersion) {
    throw ConfigError(path, 0, "schema_version",
                      fmt::format("schema version {} is not supported (this build reads {})",
                                  version, record::kSchemaVersion));
  }
  return std::move(*file);
}

using record::CanonicalParams;
using record::FinalValues;

std::string Number(double value, int digits = 4) { return record::FormatNumber(value, digits); }

std::string Shorten(const std::string& text, size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

// Cells that differ only in their horizon form a sweep; for each with 3 or more horizons, the
// exponent of final regret in T (what horizon-tuned algorithms are judged by:
// docs/theory/conventions.md §1.1).
void PrintHorizonSweeps(hid_t file, std::ostream& out) {
  struct Point {
    int64_t horizon;
    std::vector<double> finals;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Point>> sweeps;
  std::map<std::pair<std::string, std::string>, std::string> metric_of;
  Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    const std::string metric =
        record::Exists(cell.id(), "expected_regret") ? "expected_regret" : "pseudo_regret";
    if (!record::Exists(cell.id(), metric)) continue;
    std::vector<int64_t> dims;
    const std::vector<double> values = record::ReadDoubles(cell.id(), metric, &dims);
    Point point{record::ReadIntAttribute(cell.id(), "horizon"), {}};
    for (int64_t r = 0; r < dims[0]; ++r) point.finals.push_back(values[(r + 1) * dims[1] - 1]);
    const auto key = std::make_pair(record::ReadStringAttribute(cell.id(), "environment"),
                                    record::ReadStringAttribute(cell.id(), "algorithm"));
    sweeps[key].push_back(std::move(point));
    metric_of[key] = metric;
  }
  bool header = false;
  for (auto& [key, points] : sweeps) {
    if (points.size() < 3) continue;
    std::sort(points.begin(), points.end(),
              [](const Point& a, const Point& b) { return a.horizon < b.horizon; });
    std::vector<double> horizons;
    std::vector<std::vector<double>> finals;
    for (const Point& point : points) {
      horizons.push_back(static_cast<double>(point.horizon));
      finals.push_back(point.finals);
    }
    const SweepFit fit =
        SweepLogLogSlope(horizons, finals, core::StableHash64(key.first + "|" + key.second));
    if (!header) {
      out << "\nHorizon sweeps: final regret ~ T^b (OLS of log mean final regret on log T, "
             "bootstrap 95% interval)\n";
      header = true;
    }
    out << fmt::format(
        "   {:<34} on {:<40} {:<15} b = {} [{}, {}] over T in [{}, {}] ({} horizons)\n",
        Shorten(key.second, 34), Shorten(key.first, 40), metric_of[key], Number(fit.slope, 3),
        Number(fit.low, 3), Number(fit.high, 3), points.front().horizon, points.back().horizon,
        points.size());
  }
}

// The metrics of a cell that its protocol marks as fitted in sweeps (fit_in_sweeps), in table
// order; a cell of an unknown protocol has none.
std::vector<std::string> SweepMetrics(hid_t cell) {
  std::vector<std::string> metrics;
  const registry::ProtocolSpec* protocol =
      registry::Registry::Get().FindProtocol(record::ReadStringAttribute(cell, "protocol"));
  if (protocol == nullptr) return metrics;
  for (const registry::MetricSpec& metric : protocol->metrics) {
    if (metric.fit_in_sweeps && record::Exists(cell, metric.name)) metrics.push_back(metric.name);
  }
  return metrics;
}

// A canonical parameter value as a positive finite number (what a log-log fit needs), or NaN.
double PositiveNumber(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value) || value <= 0) {
    return std::nan("");
  }
  return value;
}

// Cells that differ only in one numeric environment parameter form a sweep; for each with 3 or
// more positive values, the exponent of the final value of each sweep metric in it (the theory's
// exponents per family are in docs/theory/).
void PrintParamSweeps(hid_t file, std::ostream& out) {
  struct Point {
    double value;
    std::vector<double> finals;
  };
  // (parameter, metric, "T=.. algorithm on environment{parameter=*}") → points
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<Point>> sweeps;
  Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    const std::string environment = record::ReadStringAttribute(cell.id(), "environment");
    const std::vector<std::string> metrics = SweepMetrics(cell.id());
    for (const auto& [parameter, text] : CanonicalParams(environment)) {
      const double value = PositiveNumber(text);
      if (std::isnan(value)) continue;
      // The parameter's item, with its separator so that `s` does not match inside `steps`.
      const std::string item = parameter + "=" + text;
      size_t at = environment.find("{" + item);
      if (at == std::string::npos) at = environment.find("," + item);
      if (at == std::string::npos) continue;
      std::string pattern = environment;
      pattern.replace(at + 1, item.size(), parameter + "=*");
      const std::string key =
          "T=" + std::to_string(record::ReadIntAttribute(cell.id(), "horizon")) + " " +
          record::ReadStringAttribute(cell.id(), "algorithm") + " on " + pattern;
      for (const std::string& metric : metrics) {
        sweeps[{parameter, metric, key}].push_back({value, FinalValues(cell.id(), metric)});
      }
    }
  }
  std::string printed_header;
  for (auto& [sweep, points] : sweeps) {
    const auto& [parameter, metric, key] = sweep;
    if (points.size() < 3) continue;
    std::sort(points.begin(), points.end(),
              [](const Point& a, const Point& b) { return a.value < b.value; });
    std::vector<double> values;
    std::vector<std::vector<double>> finals;
    for (const Point& point : points) {
      values.push_back(point.value);
      finals.push_back(point.finals);
    }
    const SweepFit fit = SweepLogLogSlope(values, finals, core::StableHash64(key));
    const std::string header = parameter + "|" + metric;
    if (printed_header != header) {
      out << fmt::format(
          "\nSweeps of {}: final {} ~ {}^b (OLS of log mean final value on log {}, "
          "bootstrap 95% interval)\n",
          parameter, metric, parameter, parameter);
      printed_header = header;
    }
    // A log-log fit needs positive means; regret against a fixed comparator can be negative
    // (a learner that tracks a switching mean beats the best fixed point).
    out << fmt::format("   {} b = {} [{}, {}] over {} in [{}, {}] ({} values){}\n", key,
                       Number(fit.slope, 3), Number(fit.low, 3), Number(fit.high, 3), parameter,
                       points.front().value, points.back().value, points.size(),
                       std::isnan(fit.slope) ? " (a mean final value <= 0: no log-log fit)" : "");
  }
}

// Paired differences of final regret against the cells of `baseline` (see report.h).
void PrintPairedComparisons(hid_t file, const std::string& baseline, std::ostream& out) {
  struct CellInfo {
    std::string id, algorithm_name, algorithm, group, group_key;
    std::map<std::string, std::string> params;
  };
  std::vector<CellInfo> infos;
  Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    CellInfo info;
    info.id = id;
    info.algorithm_name = record::ReadStringAttribute(cell.id(), "algorithm_name");
    info.algorithm = record::ReadStringAttribute(cell.id(), "algorithm");
    info.params = CanonicalParams(info.algorithm);
    // The environment's full canonical text: cells of one environment name with different
    // parameters (e.g. two datasets of the contextual `classification`) must not read alike.
    info.group = record::ReadStringAttribute(cell.id(), "environment") +
                 " T=" + std::to_string(record::ReadIntAttribute(cell.id(), "horizon"));
    // Cells pair only within the same environment instance family, replicates and seed.
    info.group_key = record::ReadStringAttribute(cell.id(), "environment") + "|" + info.group +
                     "|" + std::to_string(record::ReadIntAttribute(cell.id(), "replicates")) + "|" +
                     std::to_string(record::ReadIntAttribute(cell.id(), "seed"));
    infos.push_back(std::move(info));
  }
  bool header = false;
  for (const CellInfo& cell : infos) {
    if (cell.algorithm_name == baseline) continue;
    const CellInfo* match = nullptr;
    for (const CellInfo& candidate : infos) {
      if (candidate.algorithm_name != baseline || candidate.group_key != cell.group_key) continue;
      bool agrees = true;
      for (const auto& [key, value] : candidate.params) {
        auto it = cell.params.find(key);
        agrees = agrees && (it == cell.params.end() || it->second == value);
      }
      if (agrees) match = &candidate;
    }
    if (!match) continue;
    Handle cell_group = record::OpenGroup(cells.id(), cell.id);
    Handle baseline_group = record::OpenGroup(cells.id(), match->id);
    for (const std::string metric : {"pseudo_regret", "reported_regret"}) {
      const std::vector<double> mine = FinalValues(cell_group.id(), metric);
      const std::vector<double> theirs = FinalValues(baseline_group.id(), metric);
      if (mine.empty() || mine.size() != theirs.size() || mine.size() < 2) continue;
      const double n = static_cast<double>(mine.size());
      double sum = 0, baseline_sum = 0;
      for (size_t r = 0; r < mine.size(); ++r) {
        sum += mine[r] - theirs[r];
        baseline_sum += theirs[r];
      }
      const double mean = sum / n, baseline_mean = baseline_sum / n;
      double squares = 0;
      for (size_t r = 0; r < mine.size(); ++r) {
        squares += (mine[r] - theirs[r] - mean) * (mine[r] - theirs[r] - mean);
      }
      const double half_width = 1.96 * std::sqrt(squares / (n - 1) / n);
      if (!header) {
        out << "\nPaired comparisons with '" << baseline
            << "': final regret difference per replicate (same instances and arm streams), "
               "mean [95% interval]; percentage of the baseline's mean (interval of the "
               "difference over the baseline mean)\n";
        header = true;
      }
      out << fmt::format("   {:<64} on {} {:<15} diff {} [{}, {}] = {}% [{}%, {}%]\n",
                         cell.algorithm, cell.group, metric, Number(mean),
                         Number(mean - half_width), Number(mean + half_width),
                         Number(100 * mean / baseline_mean, 3),
                         Number(100 * (mean - half_width) / baseline_mean, 3),
                         Number(100 * (mean + half_width) / baseline_mean, 3));
    }
  }
  if (!header)
    out << "\nPaired comparisons: no cell shares its setting with '" << baseline << "'\n";
}

}  // namespace

void CheckResultFile(const std::string& result_file) { OpenResult(result_file); }

void PrintReport(const std::string& result_file, std::ostream& out, const std::string& baseline) {
  Handle file = OpenResult(result_file);
  out << fmt::format("regretlab report: {}\n", result_file);
  out << fmt::format("experiment '{}', spec {}, regretlab {} ({}), created {}\n",
                     record::ReadStringAttribute(file.id(), "name"),
                     record::ReadStringAttribute(file.id(), "spec_file"),
                     record::ReadStringAttribute(file.id(), "regretlab_version"),
                     record::ReadStringAttribute(file.id(), "git_sha"),
                     record::ReadStringAttribute(file.id(), "created_utc"));
  const std::string overrides = record::ReadStringAttribute(file.id(), "overrides");
  if (!overrides.empty()) out << "overrides: " << overrides << "\n";
  out << "95% intervals: mean +- 1.96 SE over replicates; slope: OLS of log mean regret on log t "
         "over the last decade, percentile bootstrap.\n";
  Handle cells = record::OpenGroup(file.id(), "cells");
  int64_t unchecked = 0;
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    out << fmt::format(
        "\n== {}\n   environment {}\n   algorithm   {}\n   T = {}, replicates = {}\n", id,
        Shorten(record::ReadStringAttribute(cell.id(), "environment"), 100),
        Shorten(record::ReadStringAttribute(cell.id(), "algorithm"), 100),
        record::ReadIntAttribute(cell.id(), "horizon"),
        record::ReadIntAttribute(cell.id(), "replicates"));
    // An algorithm whose registered summary declares an APPROXIMATION says so in every report.
    if (const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(
            record::ReadStringAttribute(cell.id(), "algorithm_name"));
        spec && spec->summary.find("APPROXIMATION") != std::string::npos) {
      out << "   approx.     " << spec->summary.substr(spec->summary.find("APPROXIMATION")) << "\n";
    }
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") {
      out << "   FAILED: " << record::ReadStringAttribute(cell.id(), "error") << "\n";
      continue;
    }
    if (record::Exists(cell.id(), "analysis")) {
      Handle analysis = record::OpenGroup(cell.id(), "analysis");
      for (const std::string& metric : record::ChildNames(analysis.id())) {
        Handle group = record::OpenGroup(analysis.id(), metric);
        auto real = [&](const char* name) { return record::ReadDoubleAttribute(group.id(), name); };
        out << fmt::format(
            "   {:<16} final {} [{}, {}]  slope {} [{}, {}] over t in [{}, {}]  regret/ln T {}\n",
            metric, Number(real("final_mean")), Number(real("final_ci_low")),
            Number(real("final_ci_high")), Number(real("slope"), 3),
            Number(real("slope_ci_low"), 3), Number(real("slope_ci_high"), 3),
            record::ReadIntAttribute(group.id(), "fit_t_min"),
            record::ReadIntAttribute(group.id(), "fit_t_max"), Number(real("final_over_log_t")));
      }
    }
    // The cell's protocol's own section (registered beside its loop).
    if (const registry::ProtocolSpec* protocol = registry::Registry::Get().FindProtocol(
            record::ReadStringAttribute(cell.id(), "protocol"));
        protocol != nullptr && protocol->report_cell != nullptr) {
      protocol->report_cell({file.id(), cell.id(), id}, out);
    }
    if (record::Exists(cell.id(), "verdict")) {
      Handle verdicts = record::OpenGroup(cell.id(), "verdict");
      for (const std::string& bound : record::ChildNames(verdicts.id())) {
        Handle group = record::OpenGroup(verdicts.id(), bound);
        const bool checked = record::ReadIntAttribute(group.id(), "constants_checked") != 0;
        unchecked += checked ? 0 : 1;
        const std::string kind = record::ReadStringAttribute(group.id(), "kind");
        out << fmt::format(
            "   bound {:<24}{} {:<16} on {:<15} verdict {:<14} {} ratio {} (final {})\n", bound,
            checked ? " " : "*", kind, record::ReadStringAttribute(group.id(), "metric"),
            record::ReadStringAttribute(group.id(), "verdict"), kind == "upper" ? "max" : "min",
            Number(record::ReadDoubleAttribute(group.id(), "max_ratio"), 3),
            Number(record::ReadDoubleAttribute(group.id(), "final_ratio"), 3));
      }
    }
  }
  PrintHorizonSweeps(file.id(), out);
  PrintParamSweeps(file.id(), out);
  // Sections of the protocols present in the file, registered beside their loops.
  std::set<std::string> protocols;
  for (const std::string& id : record::ChildNames(cells.id())) {
    protocols.insert(
        record::ReadStringAttribute(record::OpenGroup(cells.id(), id).id(), "protocol"));
  }
  for (const std::string& name : protocols) {
    const registry::ProtocolSpec* protocol = registry::Registry::Get().FindProtocol(name);
    if (protocol != nullptr && protocol->report_experiment != nullptr) {
      protocol->report_experiment(file.id(), out);
    }
  }
  if (!baseline.empty()) PrintPairedComparisons(file.id(), baseline, out);
  if (unchecked > 0) {
    out << "\n* constants of this bound were not checked against the source (as recalled); "
           "see `regretlab describe <bound>`.\n"
           "lower_asymptotic bounds are compared at the final round only and are indicative.\n";
  }
}

void WriteTidyCsv(const std::string& result_file, const std::string& csv_file) {
  Handle file = OpenResult(result_file);
  const std::string temporary = csv_file + ".partial";
  {
    std::ofstream csv(temporary);
    if (!csv) throw ConfigError(csv_file, 0, "", "cannot write the CSV file");
    csv << "cell_id,environment,algorithm,horizon,replicates,metric,t,mean,stderr,q05,q50,q95\n";
    Handle cells = record::OpenGroup(file.id(), "cells");
    for (const std::string& id : record::ChildNames(cells.id())) {
      Handle cell = record::OpenGroup(cells.id(), id);
      if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
      const std::vector<int64_t> rounds =
          record::ReadInts(file.id(), record::ReadStringAttribute(cell.id(), "checkpoints"));
      auto quoted = [](std::string text) {
        std::string out = "\"";
        for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
      };
      Handle summary = record::OpenGroup(cell.id(), "summary");
      for (const std::string& metric : record::ChildNames(summary.id())) {
        Handle group = record::OpenGroup(summary.id(), metric);
        const auto mean = record::ReadDoubles(group.id(), "mean");
        const auto stderr_values = record::ReadDoubles(group.id(), "stderr");
        const auto q05 = record::ReadDoubles(group.id(), "q05");
        const auto q50 = record::ReadDoubles(group.id(), "q50");
        const auto q95 = record::ReadDoubles(group.id(), "q95");
        for (size_t c = 0; c < rounds.size(); ++c) {
          csv << fmt::format("{},{},{},{},{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}\n", id,
                             quoted(record::ReadStringAttribute(cell.id(), "environment")),
                             quoted(record::ReadStringAttribute(cell.id(), "algorithm")),
                             record::ReadIntAttribute(cell.id(), "horizon"),
                             record::ReadIntAttribute(cell.id(), "replicates"), metric, rounds[c],
                             mean[c], stderr_values[c], q05[c], q50[c], q95[c]);
        }
      }
    }
  }
  std::filesystem::rename(temporary, csv_file);
}

}  // namespace regretlab::analysis
