// regretlab: the command-line interface.
//
//   regretlab run SPEC [-o OUT] [--threads N] [--set KEY=VALUE]... [--resume] [--force]
//                      [--shard i/n]
//   regretlab merge SPEC [-o OUT] [--set KEY=VALUE]...
//   regretlab list [algorithms|environments|bounds|protocols]
//   regretlab describe NAME
//   regretlab report FILE [--csv OUT.csv]
//
// Exit codes: 0 success; 1 a cell failed an invariant (results are still written, the cell is
// marked failed); 2 a user error (bad spec, unknown name, bad file), reported as
// `file:line: key: message` before anything is simulated or overwritten.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "analysis/report.h"
#include "sim/core/error.h"
#include "sim/registry/registry.h"
#include "tools/cli/run_experiment.h"

namespace {

using regretlab::core::ConfigError;
namespace registry = regretlab::registry;

void ParseShard(const std::string& text, regretlab::cli::RunOptions& options) {
  const auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument(text);
    options.shard_index = std::stoll(text.substr(0, slash));
    options.shard_count = std::stoll(text.substr(slash + 1));
  } catch (const std::exception&) {
    throw ConfigError("", 0, "--shard", "expected i/n, e.g. 0/4, got '" + text + "'");
  }
}

// Under a Slurm array the shard comes from the environment when --shard is not given.
void ShardFromSlurm(regretlab::cli::RunOptions& options) {
  const char* index = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (index && count) ParseShard(std::string(index) + "/" + count, options);
}

void ListComponents(const std::string& what) {
  const registry::Registry& reg = registry::Registry::Get();
  auto print_components = [&](registry::ComponentKind kind, const char* title) {
    std::cout << title << ":\n";
    for (const auto* spec : reg.Components(kind)) {
      std::cout << fmt::format("  {:<28} [{}] {}\n", spec->name, spec->protocol, spec->summary);
    }
  };
  if (what.empty() || what == "algorithms") {
    print_components(registry::ComponentKind::kAlgorithm, "algorithms");
  }
  if (what.empty() || what == "environments") {
    print_components(registry::ComponentKind::kEnvironment, "environments");
  }
  if (what.empty() || what == "bounds") {
    std::cout << "bounds:\n";
    for (const auto* bound : reg.Bounds()) {
      std::string algorithms;
      for (const auto& a : bound->algorithms) algorithms += (algorithms.empty() ? "" : ",") + a;
      std::cout << fmt::format("  {:<28} {}{} on {} of {}\n", bound->name,
                               registry::BoundKindName(bound->kind),
                               bound->constants_checked ? "" : " (constants unchecked)",
                               bound->metric, algorithms);
    }
  }
  if (what.empty() || what == "protocols") {
    std::cout << "protocols:\n";
    for (const auto* protocol : reg.Protocols()) {
      std::cout << fmt::format("  {:<28} {}\n", protocol->name, protocol->summary);
      for (const auto& metric : protocol->metrics) {
        std::cout << fmt::format("      metric {:<20} {}\n", metric.name, metric.help);
      }
    }
  }
}

void Describe(const std::string& name) {
  const registry::Registry& reg = registry::Registry::Get();
  if (const auto* spec = reg.FindComponent(name)) {
    std::cout << fmt::format("{} ({} for the '{}' protocol)\n  {}\n  reference: {}\n  guarantee: {}\n",
                             spec->name,
                             spec->kind == registry::ComponentKind::kAlgorithm ? "algorithm"
                                                                               : "environment",
                             spec->protocol, spec->summary, spec->citation, spec->guarantee);
    std::cout << "  parameters:\n";
    if (spec->params.empty()) std::cout << "    (none)\n";
    for (const auto& param : spec->params) {
      std::cout << fmt::format("    {:<16} {:<14} default {:<12} range {}\n      {}\n", param.name,
                               regretlab::core::ParamTypeName(param.type),
                               param.default_value ? regretlab::core::ValueText(*param.default_value)
                                                   : "(required)",
                               regretlab::core::RangeText(param), param.help);
    }
    const auto bounds = reg.BoundsFor(spec->name);
    if (!bounds.empty()) {
      std::cout << "  bounds:\n";
      for (const auto* bound : bounds) {
        std::cout << fmt::format("    {} ({}{}): {}\n      {}\n", bound->name,
                                 registry::BoundKindName(bound->kind),
                                 bound->constants_checked ? "" : ", constants unchecked",
                                 bound->formula, bound->citation);
      }
    }
    std::cout << "  source: " << spec->source_file << "\n";
    return;
  }
  if (const auto* bound = reg.FindBound(name)) {
    std::string algorithms;
    for (const auto& a : bound->algorithms) algorithms += (algorithms.empty() ? "" : ", ") + a;
    std::cout << fmt::format(
        "{} ({} bound on {})\n  statement: {}\n  reference: {}\n  algorithms: {}\n  constants "
        "checked against the source: {}\n  source: {}\n",
        bound->name, registry::BoundKindName(bound->kind), bound->metric, bound->formula,
        bound->citation, algorithms, bound->constants_checked ? "yes" : "no (as recalled)",
        bound->source_file);
    return;
  }
  std::string names;
  for (auto kind : {registry::ComponentKind::kAlgorithm, registry::ComponentKind::kEnvironment}) {
    names += (names.empty() ? "" : ", ") + reg.NamesText(kind);
  }
  for (const auto* bound : reg.Bounds()) names += ", " + bound->name;
  throw ConfigError("", 0, "describe", "unknown name '" + name + "'; registered: " + names);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    registry::CheckRegistry();
  } catch (const std::exception& error) {
    std::cerr << "regretlab: " << error.what() << "\n";
    return 3;
  }
  CLI::App app{"regretlab: check learning theory against simulation.\n"
               "Runs algorithms against environments in parallel, records regret curves and\n"
               "their theoretical bounds to HDF5, and judges each bound.\n"
               "Exit codes: 0 ok, 1 a cell failed an invariant, 2 a user error."};
  app.require_subcommand(1);

  regretlab::cli::RunOptions run_options;
  std::string shard_text;
  auto* run = app.add_subcommand("run", "run an experiment spec (TOML) and write its HDF5 result");
  run->add_option("spec", run_options.spec_file, "experiment spec (TOML)")->required();
  run->add_option("-o,--output", run_options.output,
                  "result file (default results/<name>.h5); its directory must exist");
  run->add_option("--threads", run_options.threads, "worker threads (0 = all cores)");
  run->add_option("--set", run_options.overrides,
                  "override a spec value, KEY=VALUE with a dotted key (e.g. replicates=8, "
                  "checkpoints.count=20, algorithms.1.exploration=3); recorded in the file");
  run->add_flag("--resume", run_options.resume,
                "continue an interrupted run from OUT.parts (skips finished work units)");
  run->add_flag("--force", run_options.force,
                "replace an existing result file (kept until the new one is complete)");
  run->add_option("--shard", shard_text,
                  "run only shard i of n (0-based, by work-unit id); parts are merged later "
                  "with `regretlab merge`. Under a Slurm array, SLURM_ARRAY_TASK_ID and "
                  "SLURM_ARRAY_TASK_COUNT are used when --shard is not given");
  bool quiet = false;
  run->add_flag("--quiet", quiet, "no progress output");

  std::string merge_spec, merge_output;
  std::vector<std::string> merge_overrides;
  auto* merge = app.add_subcommand("merge", "assemble the result of a sharded run from OUT.parts");
  merge->add_option("spec", merge_spec, "the experiment spec the shards ran")->required();
  merge->add_option("-o,--output", merge_output, "result file (default results/<name>.h5)");
  merge->add_option("--set", merge_overrides, "the same --set overrides the shards used");

  std::string list_what;
  auto* list = app.add_subcommand("list", "list registered algorithms, environments, bounds, "
                                          "protocols");
  list->add_option("what", list_what, "algorithms | environments | bounds | protocols")
      ->check(CLI::IsMember({"algorithms", "environments", "bounds", "protocols"}));

  std::string describe_name;
  auto* describe = app.add_subcommand("describe", "parameters, defaults, reference and bounds of "
                                                  "a component or a bound");
  describe->add_option("name", describe_name, "registered name")->required();

  std::string report_file, csv_file;
  auto* report = app.add_subcommand("report", "print final regret, slopes and bound verdicts of "
                                              "a result file");
  report->add_option("file", report_file, "result file (HDF5)")->required();
  report->add_option("--csv", csv_file, "also write a tidy CSV table here");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  try {
    if (*run) {
      if (!shard_text.empty()) {
        ParseShard(shard_text, run_options);
      } else {
        ShardFromSlurm(run_options);
      }
      run_options.progress = !quiet;
      const auto summary = regretlab::cli::RunExperiment(run_options, std::cerr);
      return summary.failed_cells > 0 ? 1 : 0;
    }
    if (*merge) {
      const auto summary =
          regretlab::cli::MergeShards(merge_spec, merge_overrides, merge_output, std::cerr);
      return summary.failed_cells > 0 ? 1 : 0;
    }
    if (*list) {
      ListComponents(list_what);
      return 0;
    }
    if (*describe) {
      Describe(describe_name);
      return 0;
    }
    if (*report) {
      regretlab::analysis::PrintReport(report_file, std::cout);
      if (!csv_file.empty()) {
        regretlab::analysis::WriteTidyCsv(report_file, csv_file);
        std::cerr << "wrote " << csv_file << "\n";
      }
      return 0;
    }
  } catch (const ConfigError& error) {
    std::cerr << "regretlab: error: " << error.what() << "\n";
    return 2;
  } catch (const regretlab::core::InvariantError& error) {
    std::cerr << "regretlab: invariant failed: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "regretlab: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
