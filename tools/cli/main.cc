// regretlab: the command-line interface.
//
//   regretlab run SPEC [-o OUT] [--threads N] [--set KEY=VALUE]... [--resume] [--force]
//                      [--shard i/n | --mpi]
//   regretlab merge OUT SHARDS... [--force] [--clean]
//   regretlab sweep SPEC --slurm [-o OUT] [--partition P] [--time T] [--max-parallel N]
//                      [--shards N] [--threads N] [--set KEY=VALUE]... [--dry-run] [--force]
//   regretlab list [algorithms|environments|bounds|protocols]
//   regretlab describe NAME
//   regretlab report FILE [--metric M] [--baseline ALGORITHM] [--csv OUT.csv]
//                         [--summary-csv OUT.csv] [--html OUT.html] [--force]
//   regretlab verify SPEC-or-FILE... [--reduced] [--set KEY=VALUE]... [--threads N]
//                         [--keep DIR] [--force]
//
// Exit codes: 0 success; 1 a cell failed, an invariant broke or a component raised (results are
// still written, the cell is marked failed) or, for verify, a claim was not reproduced; 2 a user
// error (bad spec, unknown name, bad file), reported as `file:line: key: message` before anything
// is simulated or overwritten.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "analysis/report.h"
#include "sim/core/error.h"
#include "sim/registry/registry.h"
#include "tools/cli/mpi_session.h"
#include "tools/cli/results_commands.h"
#include "tools/cli/run_experiment.h"
#include "tools/cli/slurm_sweep.h"

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
      std::cout << fmt::format(
          "  {:<28} {}{} on {} of {}\n", bound->name, registry::BoundKindName(bound->kind),
          bound->constants_checked ? "" : " (constants unchecked)", bound->metric, algorithms);
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
    std::cout << fmt::format(
        "{} ({} for the '{}' protocol)\n  {}\n  reference: {}\n  guarantee: {}\n", spec->name,
        spec->kind == registry::ComponentKind::kAlgorithm ? "algorithm" : "environment",
        spec->protocol, spec->summary, spec->citation, spec->guarantee);
    std::cout << "  parameters:\n";
    if (spec->params.empty()) std::cout << "    (none)\n";
    for (const auto& param : spec->params) {
      std::cout << fmt::format(
          "    {:<16} {:<14} default {:<12} range {}\n      {}\n", param.name,
          regretlab::core::ParamTypeName(param.type),
          param.default_value ? regretlab::core::ValueText(*param.default_value) : "(required)",
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
  CLI::App app{
      "regretlab: check learning theory against simulation.\n"
      "Runs algorithms against environments in parallel, records regret curves and\n"
      "their theoretical bounds to HDF5, and judges each bound.\n"
      "Exit codes: 0 ok, 1 a cell failed (an invariant broke or a component raised), 2 a user "
      "error."};
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

  bool use_mpi = false;
  run->add_flag("--mpi", use_mpi,
                "run under mpirun: each rank takes the work units of shard rank/size, rank 0 "
                "assembles (set --threads per rank)");

  std::string merge_output;
  std::vector<std::string> merge_sources;
  bool merge_force = false, merge_clean = false;
  auto* merge = app.add_subcommand(
      "merge",
      "assemble one result file from the part folders of a sharded run, after checking "
      "that every part is of one spec and version and that no unit is missing");
  merge->add_option("output", merge_output, "result file to write")->required();
  merge
      ->add_option("shards", merge_sources,
                   "part folders (OUT.parts of each shard) or part "
                   "files")
      ->required();
  merge->add_flag("--force", merge_force, "replace an existing result file");
  merge->add_flag("--clean", merge_clean, "remove the part folders after a successful merge");

  regretlab::cli::SweepOptions sweep_options;
  bool sweep_slurm = false;
  auto* sweep = app.add_subcommand(
      "sweep", "run a spec as a Slurm job array (one shard per task) plus a merge job");
  sweep->add_option("spec", sweep_options.spec_file, "experiment spec (TOML)")->required();
  sweep
      ->add_flag("--slurm", sweep_slurm,
                 "submit to Slurm with sbatch (the only scheduler "
                 "supported)")
      ->required();
  sweep->add_option("-o,--output", sweep_options.output, "result file (default results/<name>.h5)");
  sweep->add_option("--partition", sweep_options.partition, "Slurm partition");
  sweep->add_option("--time", sweep_options.time_limit, "time limit per task, e.g. 01:00:00");
  sweep->add_option("--max-parallel", sweep_options.max_parallel,
                    "array tasks running at once (0: no limit)");
  sweep->add_option("--shards", sweep_options.shards,
                    "array tasks (default: one per work unit, at most 1000)");
  sweep->add_option("--threads", sweep_options.threads, "CPUs (threads) per task");
  sweep->add_option("--set", sweep_options.overrides, "override a spec value, as for run");
  sweep->add_flag("--dry-run", sweep_options.dry_run, "print the scripts, submit nothing");
  sweep->add_flag("--force", sweep_options.force, "replace an existing result file when merging");

  std::string list_what;
  auto* list = app.add_subcommand("list",
                                  "list registered algorithms, environments, bounds, "
                                  "protocols");
  list->add_option("what", list_what, "algorithms | environments | bounds | protocols")
      ->check(CLI::IsMember({"algorithms", "environments", "bounds", "protocols"}));

  std::string describe_name;
  auto* describe = app.add_subcommand("describe",
                                      "parameters, defaults, reference and bounds of "
                                      "a component or a bound");
  describe->add_option("name", describe_name, "registered name")->required();

  std::string report_file, csv_file, summary_csv_file, html_file;
  regretlab::analysis::ReportOptions report_options;
  bool report_force = false;
  auto* report = app.add_subcommand("report",
                                    "print the claims, final regret, slopes, bound verdicts, "
                                    "sweep exponents and paired comparisons of a result file");
  report->add_option("file", report_file, "result file (HDF5)")->required();
  report->add_option("--metric", report_options.metric, "report only this metric");
  report->add_option("--baseline", report_options.baseline,
                     "algorithm name: paired differences of final values against its cell of "
                     "the same environment, horizon, replicates and seed");
  report->add_option("--csv", csv_file,
                     "also write a tidy CSV (one row per cell x metric x checkpoint, one "
                     "column per parameter)");
  report->add_option("--summary-csv", summary_csv_file,
                     "also write the findings as CSV (per-replicate finals, finals, slopes, "
                     "verdicts, exponents, paired differences, claims)");
  report->add_option("--html", html_file,
                     "also write a self-contained HTML page (claims, provenance, verdicts, rates, "
                     "paired comparisons, every figure)");
  report->add_flag("--force", report_force, "replace existing --csv/--summary-csv/--html files");

  regretlab::cli::VerifyOptions verify_options;
  auto* verify = app.add_subcommand(
      "verify",
      "check the claims ([[claims]]) of experiment specs (run first) or result files; exit 1 "
      "when a claim is not reproduced");
  verify->add_option("inputs", verify_options.inputs, "specs (TOML) or result files (HDF5)")
      ->required();
  verify->add_flag("--reduced", verify_options.reduced,
                   "run specs with their `reduced` overrides (claims marked full_size are then "
                   "not evaluated)");
  verify->add_option("--set", verify_options.overrides, "override a spec value, as for run");
  verify->add_option("--threads", verify_options.threads, "worker threads (0 = all cores)");
  verify->add_option("--keep", verify_options.keep_directory,
                     "keep the result files of the specs in this folder (default: a temporary "
                     "folder, removed)");
  verify->add_flag("--force", verify_options.force, "replace result files in --keep");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  std::unique_ptr<regretlab::cli::MpiSession> mpi;
  try {
    if (*run) {
      if (use_mpi) {
        if (!shard_text.empty()) {
          throw ConfigError("", 0, "--shard", "--shard and --mpi exclude each other");
        }
        mpi = regretlab::cli::MpiSession::Start(&argc, &argv);
        run_options.coordinator = mpi->coordinator();
      } else if (!shard_text.empty()) {
        ParseShard(shard_text, run_options);
      } else {
        ShardFromSlurm(run_options);
      }
      run_options.progress = !quiet;
      const auto summary = regretlab::cli::RunExperiment(run_options, std::cerr);
      return summary.failed_cells > 0 ? 1 : 0;
    }
    if (*merge) {
      const auto summary = regretlab::cli::MergeShards(merge_output, merge_sources, merge_force,
                                                       merge_clean, std::cerr);
      return summary.failed_cells > 0 ? 1 : 0;
    }
    if (*sweep) {
      (void)sweep_slurm;
      return regretlab::cli::RunSlurmSweep(sweep_options, std::cout, std::cerr);
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
      regretlab::analysis::CheckResultFile(report_file);
      if (!csv_file.empty()) regretlab::cli::CheckNewOutput(csv_file, "--csv", report_force);
      if (!summary_csv_file.empty()) {
        regretlab::cli::CheckNewOutput(summary_csv_file, "--summary-csv", report_force);
      }
      if (!html_file.empty()) regretlab::cli::CheckNewOutput(html_file, "--html", report_force);
      regretlab::analysis::PrintReport(report_file, std::cout, report_options);
      if (!csv_file.empty()) {
        regretlab::analysis::WriteTidyCsv(report_file, csv_file, report_options);
        std::cerr << "wrote " << csv_file << "\n";
      }
      if (!summary_csv_file.empty()) {
        regretlab::analysis::WriteSummaryCsv(report_file, summary_csv_file, report_options);
        std::cerr << "wrote " << summary_csv_file << "\n";
      }
      if (!html_file.empty()) regretlab::cli::WriteHtmlPage(report_file, html_file, std::cerr);
      return 0;
    }
    if (*verify) {
      return regretlab::cli::Verify(verify_options, std::cout, std::cerr) > 0 ? 1 : 0;
    }
  } catch (const ConfigError& error) {
    // Under MPI every rank reaches the same user error (rank 0's checks are broadcast), so each
    // returns and MPI finalises normally; only rank 0 prints.
    if (!mpi || run_options.coordinator.rank == 0) {
      std::cerr << "regretlab: error: " << error.what() << "\n";
    }
    return 2;
  } catch (const regretlab::core::InvariantError& error) {
    std::cerr << "regretlab: invariant failed: " << error.what() << "\n";
    if (mpi) mpi->Abort(1);
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "regretlab: " << error.what() << "\n";
    if (mpi) mpi->Abort(1);
    return 1;
  }
  return 0;
}
