#include "analysis/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <filesystem>
#include <fstream>

#include "analysis/statistics.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/record/hdf5.h"
#include "sim/record/recorder.h"
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

std::string Number(double value, int digits = 4) {
  if (std::isnan(value)) return "n/a";
  return fmt::format("{:.{}g}", value, digits);
}

std::string Shorten(const std::string& text, size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

// Cells that differ only in their horizon form a sweep; for each with 3 or more horizons, the
// exponent of final regret in T (what horizon-tuned algorithms are judged by: spec §1.1).
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
    out << fmt::format("   {:<34} on {:<40} {:<15} b = {} [{}, {}] over T in [{}, {}] ({} horizons)\n",
                       Shorten(key.second, 34), Shorten(key.first, 40), metric_of[key],
                       Number(fit.slope, 3), Number(fit.low, 3), Number(fit.high, 3),
                       points.front().horizon, points.back().horizon, points.size());
  }
}

// The parameters of a canonical component text "name{k=v,...}" (lists "[..]" kept whole).
std::map<std::string, std::string> CanonicalParams(const std::string& canonical) {
  std::map<std::string, std::string> params;
  const size_t open = canonical.find('{');
  if (open == std::string::npos) return params;
  int depth = 0;
  std::string item;
  auto flush = [&] {
    const size_t equals = item.find('=');
    if (equals != std::string::npos) params[item.substr(0, equals)] = item.substr(equals + 1);
    item.clear();
  };
  for (size_t i = open + 1; i < canonical.size(); ++i) {
    const char c = canonical[i];
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth == 0 && (c == ',' || c == '}')) {
      flush();
      if (c == '}') break;
      continue;
    }
    item += c;
  }
  return params;
}

// Final values (last checkpoint) of `metric` per replicate, or empty.
std::vector<double> FinalValues(hid_t cell, const std::string& metric) {
  if (!record::Exists(cell, metric)) return {};
  std::vector<int64_t> dims;
  const std::vector<double> values = record::ReadDoubles(cell, metric, &dims);
  std::vector<double> finals;
  for (int64_t r = 0; r < dims[0]; ++r) finals.push_back(values[(r + 1) * dims[1] - 1]);
  return finals;
}

// Cells that differ only in the environment's `parameter` form a sweep; for each with 3 or more
// values, the exponent of final `metric` in it (num_arms K: theory 1/3 for the streaming family,
// spec §4.3; the SEA switching period B: −1/2, spec §2.6; the LMDP steps H: ~0 for the
// horizon-free learners, spec §6.7).
void PrintParamSweeps(hid_t file, std::ostream& out, const std::string& parameter,
                      const std::string& metric, const std::string& title, const char* symbol) {
  struct Point {
    double num_arms;
    std::vector<double> finals;
  };
  std::map<std::string, std::vector<Point>> sweeps;
  Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    const std::string environment = record::ReadStringAttribute(cell.id(), "environment");
    const auto params = CanonicalParams(environment);
    auto arms = params.find(parameter);
    if (arms == params.end()) continue;
    std::vector<double> finals = FinalValues(cell.id(), metric);
    if (finals.empty()) continue;
    std::string environment_pattern = environment;
    environment_pattern.replace(environment_pattern.find(parameter + "=" + arms->second),
                                parameter.size() + 1 + arms->second.size(), parameter + "=*");
    // T first: the line is read as "at this T, this algorithm on this family".
    const std::string key = "T=" + std::to_string(record::ReadIntAttribute(cell.id(), "horizon")) +
                            " " + record::ReadStringAttribute(cell.id(), "algorithm") + " on " +
                            environment_pattern;
    sweeps[key].push_back({std::stod(arms->second), std::move(finals)});
  }
  bool header = false;
  for (auto& [key, points] : sweeps) {
    if (points.size() < 3) continue;
    std::sort(points.begin(), points.end(),
              [](const Point& a, const Point& b) { return a.num_arms < b.num_arms; });
    std::vector<double> arm_counts;
    std::vector<std::vector<double>> finals;
    for (const Point& point : points) {
      arm_counts.push_back(point.num_arms);
      finals.push_back(point.finals);
    }
    const SweepFit fit = SweepLogLogSlope(arm_counts, finals, core::StableHash64(key));
    if (!header) {
      out << fmt::format("\n{}: final {} ~ {}^b (OLS of log mean final regret on log {}, "
                         "bootstrap 95% interval)\n",
                         title, metric, symbol, symbol);
      header = true;
    }
    // A log-log fit needs positive means; regret against a fixed comparator can be negative
    // (an SEA learner that tracks a switching mean beats the best fixed point).
    out << fmt::format("   {:<120} b = {} [{}, {}] over {} in [{}, {}] ({} values){}\n",
                       Shorten(key, 120), Number(fit.slope, 3), Number(fit.low, 3),
                       Number(fit.high, 3), symbol, points.front().num_arms,
                       points.back().num_arms, points.size(),
                       std::isnan(fit.slope) ? " (a mean final value <= 0: no log-log fit)" : "");
  }
}

// SEA phase diagrams (spec §2.6): cells whose environment has both `s` and `rho` parameters, grouped
// by (algorithm, horizon, the environment's other parameters); per group with ≥ 2 values of each,
// the table of the final ratio regret / sea_convex_proxy (the verdict's final_ratio) over the grid.
void PrintSeaPhaseDiagrams(hid_t file, std::ostream& out) {
  const std::string proxy = "sea_convex_proxy";
  // group → (s, rho) → final ratio
  std::map<std::string, std::map<std::pair<double, double>, double>> groups;
  Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    if (!record::Exists(cell.id(), "verdict/" + proxy)) continue;
    std::string environment = record::ReadStringAttribute(cell.id(), "environment");
    const auto params = CanonicalParams(environment);
    auto s = params.find("s"), rho = params.find("rho");
    if (s == params.end() || rho == params.end()) continue;
    for (const std::string key : {"rho", "s"}) {  // rho first: "s=" also ends "rhos=..."-free text
      const std::string item = key + "=" + params.at(key);
      const size_t at = environment.find((environment.find("{" + item) != std::string::npos
                                              ? "{"
                                              : ",") +
                                         item);
      if (at != std::string::npos) environment.replace(at + 1, item.size(), key + "=*");
    }
    Handle verdict = record::OpenGroup(cell.id(), "verdict/" + proxy);
    const std::string group =
        "T=" + std::to_string(record::ReadIntAttribute(cell.id(), "horizon")) + " " +
        record::ReadStringAttribute(cell.id(), "algorithm") + " on " + environment;
    groups[group][{std::stod(s->second), std::stod(rho->second)}] =
        record::ReadDoubleAttribute(verdict.id(), "final_ratio");
  }
  bool header = false;
  for (const auto& [group, grid] : groups) {
    std::vector<double> s_values, rho_values;
    for (const auto& [point, ratio] : grid) {
      if (std::find(s_values.begin(), s_values.end(), point.first) == s_values.end()) {
        s_values.push_back(point.first);
      }
      if (std::find(rho_values.begin(), rho_values.end(), point.second) == rho_values.end()) {
        rho_values.push_back(point.second);
      }
    }
    if (s_values.size() < 2 || rho_values.size() < 2) continue;
    std::sort(s_values.begin(), s_values.end());
    std::sort(rho_values.begin(), rho_values.end());
    if (!header) {
      out << "\nSEA phase diagrams: final mean " << "pseudo-regret / sea_convex_proxy "
          << "(D(sqrt(sigma^2_1:T) + sqrt(Sigma^2_1:T)) + L D^2, spec 2.6), rows s, columns rho; "
             "max/min over the grid\n";
      header = true;
    }
    double largest = 0, smallest = std::numeric_limits<double>::infinity();
    out << "   " << Shorten(group, 150) << "\n      s \\ rho ";
    for (double rho : rho_values) out << fmt::format("{:>9}", Number(rho, 3));
    out << "\n";
    for (double s : s_values) {
      out << fmt::format("      {:<9}", Number(s, 3));
      for (double rho : rho_values) {
        auto it = grid.find({s, rho});
        const double ratio = it == grid.end() ? std::nan("") : it->second;
        if (std::isfinite(ratio)) {
          largest = std::max(largest, ratio);
          smallest = std::min(smallest, ratio);
        }
        out << fmt::format("{:>9}", Number(ratio, 3));
      }
      out << "\n";
    }
    out << fmt::format("      max/min ratio over the grid: {}\n", Number(largest / smallest, 3));
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
    info.group = record::ReadStringAttribute(cell.id(), "environment") + " T=" +
                 std::to_string(record::ReadIntAttribute(cell.id(), "horizon"));
    // Cells pair only within the same environment instance family, replicates and seed.
    info.group_key = record::ReadStringAttribute(cell.id(), "environment") + "|" + info.group +
                     "|" + std::to_string(record::ReadIntAttribute(cell.id(), "replicates")) +
                     "|" + std::to_string(record::ReadIntAttribute(cell.id(), "seed"));
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
  if (!header) out << "\nPaired comparisons: no cell shares its setting with '" << baseline << "'\n";
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
    out << fmt::format("\n== {}\n   environment {}\n   algorithm   {}\n   T = {}, replicates = {}\n",
                       id, Shorten(record::ReadStringAttribute(cell.id(), "environment"), 100),
                       Shorten(record::ReadStringAttribute(cell.id(), "algorithm"), 100),
                       record::ReadIntAttribute(cell.id(), "horizon"),
                       record::ReadIntAttribute(cell.id(), "replicates"));
    // Latent-MDP cells name their planner (issue 7: every curve says which planner made it).
    if (const auto params = CanonicalParams(record::ReadStringAttribute(cell.id(), "algorithm"));
        params.count("planner")) {
      const std::string planner = params.at("planner");
      out << "   planner     " << planner
          << (planner.find("belief_grid") != std::string::npos
                  ? " (APPROXIMATE: beliefs projected on a grid, G = " +
                        (params.count("belief_grid") ? params.at("belief_grid") : "?") + ")"
                  : " (exact belief enumeration)")
          << "\n";
    }
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
            Number(real("final_ci_high")), Number(real("slope"), 3), Number(real("slope_ci_low"), 3),
            Number(real("slope_ci_high"), 3), record::ReadIntAttribute(group.id(), "fit_t_min"),
            record::ReadIntAttribute(group.id(), "fit_t_max"), Number(real("final_over_log_t")));
      }
    }
    // Latent-MDP cells: planning cost per episode (planner iterations are deterministic and
    // live under /cells; the wall time is under /cost).
    if (const std::vector<double> iterations = FinalValues(cell.id(), "planner_iterations");
        !iterations.empty()) {
      const double episodes = static_cast<double>(record::ReadIntAttribute(cell.id(), "horizon"));
      double mean_iterations = 0;
      for (double value : iterations) mean_iterations += value / iterations.size();
      double mean_seconds = std::nan("");
      if (record::Exists(file.id(), "cost/" + id + "/wall_seconds")) {
        Handle cost = record::OpenGroup(file.id(), "cost/" + id);
        const std::vector<double> walls = FinalValues(cost.id(), "wall_seconds");
        mean_seconds = 0;
        for (double value : walls) mean_seconds += value / walls.size();
      }
      out << fmt::format("   planning cost: {} planner iterations and {} ms wall time per episode "
                         "(mean over replicates)\n",
                         Number(mean_iterations / episodes), Number(1e3 * mean_seconds / episodes));
    }
    // Streaming cells: the largest peak of stored arms over every replicate and checkpoint
    // against the smallest enforced budget (spec §4.5: memory within the budget, per cell).
    if (record::Exists(cell.id(), "peak_stored_arms") && record::Exists(cell.id(), "memory_budget")) {
      const auto peak = record::ReadDoubles(cell.id(), "peak_stored_arms");
      const auto budget = record::ReadDoubles(cell.id(), "memory_budget");
      const double max_peak = *std::max_element(peak.begin(), peak.end());
      const double min_budget = *std::min_element(budget.begin(), budget.end());
      out << fmt::format("   memory: max peak_stored_arms {} {} min memory_budget {} over all "
                         "replicates and checkpoints\n",
                         Number(max_peak), max_peak <= min_budget ? "<=" : "EXCEEDS",
                         Number(min_budget));
    }
    if (record::Exists(cell.id(), "verdict")) {
      Handle verdicts = record::OpenGroup(cell.id(), "verdict");
      for (const std::string& bound : record::ChildNames(verdicts.id())) {
        Handle group = record::OpenGroup(verdicts.id(), bound);
        const bool checked = record::ReadIntAttribute(group.id(), "constants_checked") != 0;
        unchecked += checked ? 0 : 1;
        const std::string kind = record::ReadStringAttribute(group.id(), "kind");
        out << fmt::format("   bound {:<24}{} {:<16} on {:<15} verdict {:<14} {} ratio {} (final {})\n",
                           bound, checked ? " " : "*", kind,
                           record::ReadStringAttribute(group.id(), "metric"),
                           record::ReadStringAttribute(group.id(), "verdict"),
                           kind == "upper" ? "max" : "min",
                           Number(record::ReadDoubleAttribute(group.id(), "max_ratio"), 3),
                           Number(record::ReadDoubleAttribute(group.id(), "final_ratio"), 3));
      }
    }
  }
  PrintHorizonSweeps(file.id(), out);
  PrintParamSweeps(file.id(), out, "num_arms", "pseudo_regret", "Arm-count sweeps", "K");
  PrintParamSweeps(file.id(), out, "steps", "pseudo_regret",
                   "Steps-per-episode sweeps (latent MDPs)", "H");
  PrintSeaPhaseDiagrams(file.id(), out);
  for (const char* metric : {"pseudo_regret", "dynamic_regret"}) {
    PrintParamSweeps(file.id(), out, "period", metric, "Period sweeps (SEA switching)", "B");
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
