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

#include "analysis/experiment.h"
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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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
                      fmt::format("schema version {} is not supported (this build reads {}){}",
                                  version, record::kSchemaVersion,
                                  version == 1 ? ": version 1 predates typed parameters, the "
                                                 "/index table and claims; run the spec again "
                                                 "(its text is in the file's spec_toml attribute)"
                                               : ""));
  }
  return std::move(*file);
}

using record::FinalValues;

std::string Number(double value, int digits = 4) { return record::FormatNumber(value, digits); }

// The parameters of a component that take more than one value among the cells of its name:
// what a cell's header must show in full to tell it apart.
std::map<std::string, std::set<std::string>> VaryingParams(const std::vector<CellInfo>& cells,
                                                           bool environment) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> values;
  for (const CellInfo& cell : cells) {
    const auto& name = environment ? cell.environment_name : cell.algorithm_name;
    const auto& params = environment ? cell.environment_params : cell.algorithm_params;
    for (const auto& [key, value] : params.values())
      values[name][key].insert(core::ValueText(value));
  }
  std::map<std::string, std::set<std::string>> varying;
  for (const auto& [name, keys] : values) {
    for (const auto& [key, seen] : keys) {
      if (seen.size() > 1) varying[name].insert(key);
    }
  }
  return varying;
}

// "name{k=v,...}" with only the given keys, in full.
std::string Shown(const std::string& name, const core::Params& params,
                  const std::set<std::string>& keys) {
  std::string text;
  for (const std::string& key : keys) {
    if (!params.Has(key)) continue;
    text += (text.empty() ? "" : ",") + key + "=" + core::ValueText(params.Value(key));
  }
  return text.empty() ? name : name + "{" + text + "}";
}

// "name{k=v,...}" with the varying keys shown as *: what all cells of the name share.
std::string Fixed(const std::string& name, const core::Params& params,
                  const std::set<std::string>& varying) {
  std::string text;
  for (const auto& [key, value] : params.values()) {
    text +=
        (text.empty() ? "" : ",") + key + "=" + (varying.count(key) ? "*" : core::ValueText(value));
  }
  return name + "{" + text + "}";
}

std::string IntervalText(double estimate, double low, double high, int digits = 4) {
  if (std::isnan(low) || std::isnan(high)) return Number(estimate, digits) + " [no interval]";
  return fmt::format("{} [{}, {}]", Number(estimate, digits), Number(low, digits),
                     Number(high, digits));
}

std::string ExpectationText(const plan::ClaimSpec& claim) {
  if (claim.quantity == "verdict") return claim.bound + " " + claim.expected_verdict;
  if (!std::isnan(claim.expected)) {
    return fmt::format("{} ± {}", Number(claim.expected), Number(claim.tolerance));
  }
  std::string text;
  if (!std::isnan(claim.at_least)) text += ">= " + Number(claim.at_least);
  if (!std::isnan(claim.at_most))
    text += std::string(text.empty() ? "" : ", ") + "<= " + Number(claim.at_most);
  return text;
}

void PrintClaimsTable(const std::vector<ClaimResult>& claims, std::ostream& out) {
  if (claims.empty()) return;
  out << "\nClaims (docs/claims.md): reproduced when the 95% interval of the measured value lies "
         "inside the expectation, not reproduced when it lies wholly outside\n";
  for (const ClaimResult& result : claims) {
    const plan::ClaimSpec& claim = result.claim;
    out << fmt::format(
        "   {:<16} {:<32} {} {} of {}: measured {}, expected {}\n", result.status, claim.name,
        claim.quantity, claim.quantity == "exponent" ? "in " + claim.parameter : "",
        claim.metric.empty() ? claim.bound : claim.metric,
        IntervalText(result.measured, result.measured_ci_low, result.measured_ci_high, 3),
        ExpectationText(claim));
    out << fmt::format("   {:<16}   source: {}\n", "", claim.source);
    if (!result.detail.empty()) out << fmt::format("   {:<16}   {}\n", "", result.detail);
  }
}

void PrintSweeps(const std::vector<Sweep>& sweeps, const std::string& metric_filter,
                 std::ostream& out) {
  std::string printed;
  for (const Sweep& sweep : sweeps) {
    if (!metric_filter.empty() && sweep.metric != metric_filter) continue;
    const std::string header = sweep.parameter + "|" + sweep.metric;
    if (header != printed) {
      out << fmt::format(
          "\nSweeps of {}: final {} ~ {}^b (OLS of log mean final value on log {}, bootstrap "
          "95% interval; theory: the same fit of the bound's final value)\n",
          sweep.parameter, sweep.metric, sweep.parameter, sweep.parameter);
      printed = header;
    }
    std::string values;
    for (double value : sweep.values) values += (values.empty() ? "" : ", ") + Number(value, 6);
    out << fmt::format(
        "   {}\n      b = {} over {} = {}{}{}\n", sweep.label,
        IntervalText(sweep.exponent, sweep.exponent_ci_low, sweep.exponent_ci_high, 3),
        sweep.parameter, values,
        sweep.theory_bound.empty()
            ? ""
            : fmt::format("; theory {} ({})", Number(sweep.theory_exponent, 3), sweep.theory_bound),
        std::isnan(sweep.exponent) ? " (a mean final value <= 0: no log-log fit)" : "");
  }
}

void PrintPaired(const std::vector<PairedComparison>& pairs, const std::string& baseline,
                 const std::vector<CellInfo>& cells, std::ostream& out) {
  std::map<std::string, std::string> titles;
  const auto varying_environment = VaryingParams(cells, true);
  const auto varying_algorithm = VaryingParams(cells, false);
  for (const CellInfo& cell : cells) {
    titles[cell.id] = Shown(cell.algorithm_name, cell.algorithm_params,
                            varying_algorithm.count(cell.algorithm_name)
                                ? varying_algorithm.at(cell.algorithm_name)
                                : std::set<std::string>{}) +
                      " on " +
                      Shown(cell.environment_name, cell.environment_params,
                            varying_environment.count(cell.environment_name)
                                ? varying_environment.at(cell.environment_name)
                                : std::set<std::string>{}) +
                      " T=" + std::to_string(cell.horizon);
  }
  out << "\nPaired comparisons with '" << baseline
      << "': final value difference per replicate (same instances and random streams), mean "
         "[95% interval]; as a percentage of the baseline's mean\n";
  if (pairs.empty())
    out << "   no cell shares its environment, horizon, replicates and seed with it\n";
  for (const PairedComparison& pair : pairs) {
    const double scale = 100.0 / pair.baseline_mean;
    out << fmt::format(
        "   {} vs {}\n      {:<15} diff {} = {}%\n", titles[pair.cell_id],
        titles[pair.baseline_cell_id], pair.metric,
        IntervalText(pair.mean_difference, pair.ci_low, pair.ci_high),
        IntervalText(pair.mean_difference * scale, pair.ci_low * scale, pair.ci_high * scale, 3));
  }
}

// Checks --baseline and --metric against the file before anything is printed.
void CheckOptions(const std::vector<CellInfo>& cells, const ReportOptions& options,
                  const std::string& path) {
  std::set<std::string> algorithms, metrics;
  for (const CellInfo& cell : cells) {
    algorithms.insert(cell.algorithm_name);
    metrics.insert(cell.metrics.begin(), cell.metrics.end());
  }
  auto listed = [](const std::set<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
  };
  if (!options.baseline.empty() && !algorithms.count(options.baseline)) {
    throw ConfigError(
        path, 0, "--baseline",
        "no algorithm '" + options.baseline + "' in this file; present: " + listed(algorithms));
  }
  if (!options.metric.empty() && !metrics.count(options.metric)) {
    throw ConfigError(path, 0, "--metric",
                      "no cell records '" + options.metric + "'; recorded: " + listed(metrics));
  }
}

}  // namespace

void CheckResultFile(const std::string& result_file) { OpenResult(result_file); }

void PrintReport(const std::string& result_file, std::ostream& out, const ReportOptions& options) {
  Handle file = OpenResult(result_file);
  const std::vector<CellInfo> cells = ReadCells(file.id());
  CheckOptions(cells, options, result_file);
  out << fmt::format("regretlab report: {}\n", result_file);
  out << fmt::format("experiment '{}', spec {}, regretlab {} ({}), created {}\n",
                     record::ReadStringAttribute(file.id(), "name"),
                     record::ReadStringAttribute(file.id(), "spec_file"),
                     record::ReadStringAttribute(file.id(), "regretlab_version"),
                     record::ReadStringAttribute(file.id(), "git_sha"),
                     record::ReadStringAttribute(file.id(), "created_utc"));
  const std::string overrides = record::ReadStringAttribute(file.id(), "overrides");
  if (!overrides.empty()) out << "overrides: " << overrides << "\n";
  out << "95% intervals: mean +- 1.96 SE over replicates (none with one replicate); slope: OLS "
         "of log mean regret on log t over the last decade, percentile bootstrap.\n";
  PrintClaimsTable(ReadClaims(file.id()), out);

  // What the cells share, once; each cell's header then names only what varies, in full.
  const auto varying_environment = VaryingParams(cells, true);
  const auto varying_algorithm = VaryingParams(cells, false);
  auto varying = [](const auto& map, const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? std::set<std::string>{} : it->second;
  };
  std::set<std::string> printed_components;
  out << "\nComponents (* = varies across cells):\n";
  for (const CellInfo& cell : cells) {
    for (const std::string& text :
         {"environment " + Fixed(cell.environment_name, cell.environment_params,
                                 varying(varying_environment, cell.environment_name)),
          "algorithm   " + Fixed(cell.algorithm_name, cell.algorithm_params,
                                 varying(varying_algorithm, cell.algorithm_name))}) {
      if (printed_components.insert(text).second) out << "   " << text << "\n";
    }
  }
  int64_t unchecked = 0;
  Handle cells_group = record::OpenGroup(file.id(), "cells");
  for (const CellInfo& info : cells) {
    Handle cell = record::OpenGroup(cells_group.id(), info.id);
    out << fmt::format("\n== {} on {}, T = {}, replicates = {}\n   cell {}\n",
                       Shown(info.algorithm_name, info.algorithm_params,
                             varying(varying_algorithm, info.algorithm_name)),
                       Shown(info.environment_name, info.environment_params,
                             varying(varying_environment, info.environment_name)),
                       info.horizon, info.replicates, info.id);
    // An algorithm whose registered summary declares an APPROXIMATION says so in every report.
    if (const registry::ComponentSpec* spec =
            registry::Registry::Get().FindComponent(info.algorithm_name);
        spec && spec->summary.find("APPROXIMATION") != std::string::npos) {
      out << "   approx.     " << spec->summary.substr(spec->summary.find("APPROXIMATION")) << "\n";
    }
    if (info.status != "complete") {
      out << "   FAILED: " << record::ReadStringAttribute(cell.id(), "error") << "\n";
      continue;
    }
    if (record::Exists(cell.id(), "analysis")) {
      Handle analysis = record::OpenGroup(cell.id(), "analysis");
      for (const std::string& metric : record::ChildNames(analysis.id())) {
        if (!options.metric.empty() && metric != options.metric) continue;
        Handle group = record::OpenGroup(analysis.id(), metric);
        auto real = [&](const char* name) { return record::ReadDoubleAttribute(group.id(), name); };
        out << fmt::format(
            "   {:<16} final {}  slope {} over t in [{}, {}]  regret/ln T {}\n", metric,
            IntervalText(real("final_mean"), real("final_ci_low"), real("final_ci_high")),
            IntervalText(real("slope"), real("slope_ci_low"), real("slope_ci_high"), 3),
            record::ReadIntAttribute(group.id(), "fit_t_min"),
            record::ReadIntAttribute(group.id(), "fit_t_max"), Number(real("final_over_log_t")));
      }
    }
    // The cell's protocol's own section (registered beside its loop).
    if (const registry::ProtocolSpec* protocol =
            registry::Registry::Get().FindProtocol(info.protocol);
        protocol != nullptr && protocol->report_cell != nullptr) {
      protocol->report_cell({file.id(), cell.id(), info.id}, out);
    }
    if (record::Exists(cell.id(), "verdict")) {
      Handle verdicts = record::OpenGroup(cell.id(), "verdict");
      for (const std::string& bound : record::ChildNames(verdicts.id())) {
        Handle group = record::OpenGroup(verdicts.id(), bound);
        const std::string metric = record::ReadStringAttribute(group.id(), "metric");
        if (!options.metric.empty() && metric != options.metric) continue;
        const bool checked = record::ReadIntAttribute(group.id(), "constants_checked") != 0;
        unchecked += checked ? 0 : 1;
        const std::string kind = record::ReadStringAttribute(group.id(), "kind");
        out << fmt::format(
            "   bound {:<24}{} {:<16} on {:<15} verdict {:<34} {} ratio {} (final {})\n", bound,
            checked ? " " : "*", kind, metric, record::ReadStringAttribute(group.id(), "verdict"),
            kind == "upper" ? "max" : "min",
            Number(record::ReadDoubleAttribute(group.id(), "max_ratio"), 3),
            Number(record::ReadDoubleAttribute(group.id(), "final_ratio"), 3));
      }
    }
  }
  PrintSweeps(ReadSweeps(file.id()), options.metric, out);
  // Sections of the protocols present in the file, registered beside their loops.
  std::set<std::string> protocols;
  for (const CellInfo& cell : cells) protocols.insert(cell.protocol);
  for (const std::string& name : protocols) {
    const registry::ProtocolSpec* protocol = registry::Registry::Get().FindProtocol(name);
    if (protocol != nullptr && protocol->report_experiment != nullptr) {
      protocol->report_experiment(file.id(), out);
    }
  }
  if (!options.baseline.empty()) {
    PrintPaired(PairWithBaseline(file.id(), cells, options.baseline, options.metric),
                options.baseline, cells, out);
  } else if (record::Exists(file.id(), "paired")) {
    // The spec's baseline, named on /paired even when no cell paired with it.
    Handle paired = record::OpenGroup(file.id(), "paired");
    PrintPaired(ReadPaired(file.id()), record::ReadStringAttribute(paired.id(), "baseline"), cells,
                out);
  }
  if (unchecked > 0) {
    out << "\n* constants of this bound were not checked against the source (as recalled): "
           "its verdict reads \"holds (unverified term dominates)\" where it holds; see "
           "`regretlab describe <bound>`.\n"
           "lower_asymptotic bounds are compared at the final round only and are indicative.\n";
  }
}

int PrintClaims(const std::string& result_file, std::ostream& out) {
  Handle file = OpenResult(result_file);
  const std::vector<ClaimResult> claims = ReadClaims(file.id());
  out << fmt::format("{}: experiment '{}'{}\n", result_file,
                     record::ReadStringAttribute(file.id(), "name"),
                     claims.empty() ? ": states no claims" : "");
  PrintClaimsTable(claims, out);
  return static_cast<int>(std::count_if(claims.begin(), claims.end(), [](const ClaimResult& c) {
    return c.status == "not reproduced";
  }));
}

namespace {

std::string Quoted(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string CsvNumber(double value) {
  return std::isnan(value) ? "" : fmt::format("{:.17g}", value);
}

// The identifying columns of a cell and one column per parameter (as the file's /index).
struct CellColumns {
  std::vector<std::string> environment_keys, algorithm_keys;
  explicit CellColumns(const std::vector<CellInfo>& cells) {
    std::set<std::string> environment, algorithm;
    for (const CellInfo& cell : cells) {
      for (const auto& [key, value] : cell.environment_params.values()) environment.insert(key);
      for (const auto& [key, value] : cell.algorithm_params.values()) algorithm.insert(key);
    }
    environment_keys.assign(environment.begin(), environment.end());
    algorithm_keys.assign(algorithm.begin(), algorithm.end());
  }
  std::string Header() const {
    std::string text = "cell_id,protocol,environment,algorithm,horizon,replicates,seed";
    for (const auto& key : environment_keys) text.append(",").append(Quoted("environment." + key));
    for (const auto& key : algorithm_keys) text.append(",").append(Quoted("algorithm." + key));
    return text;
  }
  std::string Row(const CellInfo& cell) const {
    std::string text =
        fmt::format("{},{},{},{},{},{},{}", cell.id, cell.protocol, cell.environment_name,
                    cell.algorithm_name, cell.horizon, cell.replicates, cell.seed);
    auto value = [](const core::Params& params, const std::string& key) {
      if (!params.Has(key)) return std::string();
      const core::ParamValue& v = params.Value(key);
      if (const auto* string = std::get_if<std::string>(&v)) return Quoted(*string);
      return Quoted(core::ValueText(v));
    };
    for (const auto& key : environment_keys) {
      text.append(",").append(value(cell.environment_params, key));
    }
    for (const auto& key : algorithm_keys)
      text.append(",").append(value(cell.algorithm_params, key));
    return text;
  }
};

// Writes through OUT.partial and a rename, so a CSV is whole or absent.
template <typename Body>
void WriteCsv(const std::string& csv_file, Body body) {
  const std::string temporary = csv_file + ".partial";
  {
    std::ofstream csv(temporary);
    if (!csv) throw ConfigError(csv_file, 0, "", "cannot write the CSV file");
    body(csv);
    if (!csv.flush()) throw ConfigError(csv_file, 0, "", "cannot write the CSV file (disk full?)");
  }
  std::filesystem::rename(temporary, csv_file);
}

}  // namespace

void WriteTidyCsv(const std::string& result_file, const std::string& csv_file,
                  const ReportOptions& options) {
  Handle file = OpenResult(result_file);
  const std::vector<CellInfo> cells = ReadCells(file.id());
  CheckOptions(cells, options, result_file);
  const CellColumns columns(cells);
  WriteCsv(csv_file, [&](std::ostream& csv) {
    csv << columns.Header() << ",metric,t,mean,stderr,ci_low,ci_high,q05,q50,q95\n";
    for (const CellInfo& cell : cells) {
      if (cell.status != "complete") continue;
      Handle group = record::OpenGroup(file.id(), "cells/" + cell.id);
      const std::vector<int64_t> rounds =
          record::ReadInts(file.id(), record::ReadStringAttribute(group.id(), "checkpoints"));
      const std::string prefix = columns.Row(cell);
      for (const std::string& metric : cell.metrics) {
        if (!options.metric.empty() && metric != options.metric) continue;
        Handle summary = record::OpenGroup(group.id(), "summary/" + metric);
        const auto mean = record::ReadDoubles(summary.id(), "mean");
        const auto stderr_values = record::ReadDoubles(summary.id(), "stderr");
        const auto q05 = record::ReadDoubles(summary.id(), "q05");
        const auto q50 = record::ReadDoubles(summary.id(), "q50");
        const auto q95 = record::ReadDoubles(summary.id(), "q95");
        for (size_t c = 0; c < rounds.size(); ++c) {
          const bool interval = cell.replicates > 1;
          csv << prefix
              << fmt::format(",{},{},{},{},{},{},{},{},{}\n", metric, rounds[c], CsvNumber(mean[c]),
                             CsvNumber(stderr_values[c]),
                             interval ? CsvNumber(mean[c] - kZ95 * stderr_values[c]) : "",
                             interval ? CsvNumber(mean[c] + kZ95 * stderr_values[c]) : "",
                             CsvNumber(q05[c]), CsvNumber(q50[c]), CsvNumber(q95[c]));
        }
      }
    }
  });
}

void WriteSummaryCsv(const std::string& result_file, const std::string& csv_file,
                     const ReportOptions& options) {
  Handle file = OpenResult(result_file);
  const std::vector<CellInfo> cells = ReadCells(file.id());
  CheckOptions(cells, options, result_file);
  const CellColumns columns(cells);
  std::map<std::string, const CellInfo*> by_id;
  for (const CellInfo& cell : cells) by_id[cell.id] = &cell;
  const std::string header = columns.Header();
  // The cell columns left empty on the rows of a sweep or a claim (after their first column).
  const std::string blank_cell(static_cast<size_t>(std::count(header.begin(), header.end(), ',')),
                               ',');
  WriteCsv(csv_file, [&](std::ostream& csv) {
    // One row per finding; `kind` says which: replicate_final, final, slope, verdict, exponent,
    // paired, claim. `name` is the bound, the swept parameter, the baseline cell or the claim.
    csv << columns.Header() << ",kind,metric,name,value,ci_low,ci_high,verdict,detail\n";
    auto row = [&](const std::string& prefix, const std::string& kind, const std::string& metric,
                   const std::string& name, double value, double low, double high,
                   const std::string& verdict, const std::string& detail) {
      csv << prefix << "," << kind << "," << metric << "," << Quoted(name) << ","
          << CsvNumber(value) << "," << CsvNumber(low) << "," << CsvNumber(high) << ","
          << Quoted(verdict) << "," << Quoted(detail) << "\n";
    };
    for (const CellInfo& cell : cells) {
      if (cell.status != "complete") continue;
      const std::string prefix = columns.Row(cell);
      Handle group = record::OpenGroup(file.id(), "cells/" + cell.id);
      for (const std::string& metric : cell.metrics) {
        if (!options.metric.empty() && metric != options.metric) continue;
        const std::vector<double> finals = FinalValues(group.id(), metric);
        for (size_t r = 0; r < finals.size(); ++r) {
          row(prefix, "replicate_final", metric, std::to_string(r), finals[r], kNaN, kNaN, "", "");
        }
        const std::string analysis = "analysis/" + metric;
        if (!record::Exists(group.id(), analysis)) continue;
        Handle fit = record::OpenGroup(group.id(), analysis);
        auto real = [&](const char* name) { return record::ReadDoubleAttribute(fit.id(), name); };
        row(prefix, "final", metric, "", real("final_mean"), real("final_ci_low"),
            real("final_ci_high"), "", "");
        row(prefix, "slope", metric, "", real("slope"), real("slope_ci_low"), real("slope_ci_high"),
            "",
            fmt::format("t in [{}, {}]", record::ReadIntAttribute(fit.id(), "fit_t_min"),
                        record::ReadIntAttribute(fit.id(), "fit_t_max")));
      }
      if (!record::Exists(group.id(), "verdict")) continue;
      Handle verdicts = record::OpenGroup(group.id(), "verdict");
      for (const std::string& bound : record::ChildNames(verdicts.id())) {
        Handle verdict = record::OpenGroup(verdicts.id(), bound);
        const std::string metric = record::ReadStringAttribute(verdict.id(), "metric");
        if (!options.metric.empty() && metric != options.metric) continue;
        row(prefix, "verdict", metric, bound,
            record::ReadDoubleAttribute(verdict.id(), "max_ratio"), kNaN, kNaN,
            record::ReadStringAttribute(verdict.id(), "verdict"),
            fmt::format("final_ratio={}; constants_checked={}; {}",
                        record::ReadDoubleAttribute(verdict.id(), "final_ratio"),
                        record::ReadIntAttribute(verdict.id(), "constants_checked"),
                        record::ReadStringAttribute(verdict.id(), "citation")));
      }
    }
    for (const Sweep& sweep : ReadSweeps(file.id())) {
      if (!options.metric.empty() && sweep.metric != options.metric) continue;
      row("sweep" + blank_cell, "exponent", sweep.metric, sweep.parameter, sweep.exponent,
          sweep.exponent_ci_low, sweep.exponent_ci_high, "",
          sweep.label +
              (sweep.theory_bound.empty()
                   ? ""
                   : fmt::format("; theory {} ({})", sweep.theory_exponent, sweep.theory_bound)));
    }
    const std::vector<PairedComparison> pairs =
        options.baseline.empty()
            ? ReadPaired(file.id())
            : PairWithBaseline(file.id(), cells, options.baseline, options.metric);
    for (const PairedComparison& pair : pairs) {
      if (!options.metric.empty() && pair.metric != options.metric) continue;
      row(columns.Row(*by_id.at(pair.cell_id)), "paired", pair.metric, pair.baseline_cell_id,
          pair.mean_difference, pair.ci_low, pair.ci_high, "",
          fmt::format("baseline mean {}", pair.baseline_mean));
    }
    for (const ClaimResult& claim : ReadClaims(file.id())) {
      row("claim" + blank_cell, "claim", claim.claim.metric, claim.claim.name, claim.measured,
          claim.measured_ci_low, claim.measured_ci_high, claim.status,
          claim.claim.source + "; " + claim.detail);
    }
  });
}

}  // namespace regretlab::analysis
