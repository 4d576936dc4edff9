#include "tools/cli/slurm_sweep.h"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/record/recorder.h"

namespace regretlab::cli {

namespace fs = std::filesystem;
using core::ConfigError;

namespace {

// Single-quoted for bash, so spec paths and --set values pass through unchanged.
std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string Absolute(const std::string& path) { return fs::absolute(path).lexically_normal(); }

// Runs a command, returns its standard output; throws on failure.
std::string Capture(const std::string& command) {
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = ::pclose(pipe);
  if (status != 0) throw std::runtime_error(command + " failed: " + output);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

}  // namespace

SweepScripts RenderSweep(const SweepOptions& options, const std::string& executable) {
  const plan::Plan plan = plan::LoadPlan(options.spec_file, options.overrides);
  const std::string output =
      Absolute(options.output.empty() ? "results/" + plan.name + ".h5" : options.output);
  const fs::path parent = fs::path(output).parent_path();
  if (!fs::is_directory(parent)) {
    throw ConfigError(
        output, 0, "-o",
        "the output directory '" + parent.string() + "' does not exist; create it first");
  }
  if (fs::exists(output) && !options.force) {
    throw ConfigError(output, 0, "-o", "the output file exists; use --force to replace it");
  }
  if (options.threads < 1) throw ConfigError("", 0, "--threads", "must be >= 1 for a Slurm task");
  if (options.max_parallel < 0) throw ConfigError("", 0, "--max-parallel", "must be >= 0");
  if (options.shards < 0) throw ConfigError("", 0, "--shards", "must be >= 0");
  const int64_t units = static_cast<int64_t>(plan.units.size());
  SweepScripts scripts;
  scripts.shards =
      options.shards > 0 ? std::min(options.shards, units) : std::min<int64_t>(units, 1000);
  scripts.directory = output + ".slurm";
  std::string sets;
  for (const auto& override_text : options.overrides) sets += " --set " + Quoted(override_text);
  std::string header;
  if (!options.partition.empty()) header += "#SBATCH --partition=" + options.partition + "\n";
  if (!options.time_limit.empty()) header += "#SBATCH --time=" + options.time_limit + "\n";
  const std::string array_range =
      fmt::format("0-{}{}", scripts.shards - 1,
                  options.max_parallel > 0 ? fmt::format("%{}", options.max_parallel) : "");
  scripts.array_script = fmt::format(
      "#!/bin/bash\n"
      "# regretlab sweep of {spec}: task i runs shard i of {n} (its work units by id order).\n"
      "# --resume makes a requeued or preempted task skip the units it already wrote.\n"
      "#SBATCH --job-name=regretlab-{name}\n"
      "#SBATCH --array={range}\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --cpus-per-task={threads}\n"
      "#SBATCH --requeue\n"
      "#SBATCH --output={dir}/array-%A_%a.out\n"
      "{header}"
      "set -euo pipefail\n"
      "exec {bin} run {spec} -o {out} --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --threads {threads} "
      "--resume --quiet{sets}\n",
      fmt::arg("spec", Quoted(Absolute(options.spec_file))), fmt::arg("n", scripts.shards),
      fmt::arg("name", plan.name), fmt::arg("range", array_range),
      fmt::arg("threads", options.threads), fmt::arg("dir", scripts.directory),
      fmt::arg("header", header), fmt::arg("bin", Quoted(executable)),
      fmt::arg("out", Quoted(output)), fmt::arg("sets", sets));
  scripts.merge_script = fmt::format(
      "#!/bin/bash\n"
      "# Merges the shards of the array job into one result file, then removes the parts.\n"
      "#SBATCH --job-name=regretlab-{name}-merge\n"
      "#SBATCH --ntasks=1\n"
      "#SBATCH --output={dir}/merge-%j.out\n"
      "{header}"
      "set -euo pipefail\n"
      "exec {bin} merge {out} {parts} --clean{force}\n",
      fmt::arg("name", plan.name), fmt::arg("dir", scripts.directory), fmt::arg("header", header),
      fmt::arg("bin", Quoted(executable)), fmt::arg("out", Quoted(output)),
      fmt::arg("parts", Quoted(record::PartsDirectory(output))),
      fmt::arg("force", options.force ? " --force" : ""));
  return scripts;
}

int RunSlurmSweep(const SweepOptions& options, std::ostream& out, std::ostream& log) {
  const std::string executable = fs::read_symlink("/proc/self/exe").string();
  const SweepScripts scripts = RenderSweep(options, executable);
  if (options.dry_run) {
    out << "# " << scripts.directory << "/array.sh\n"
        << scripts.array_script << "\n# " << scripts.directory
        << "/merge.sh (submitted with --dependency=afterok:<array job>)\n"
        << scripts.merge_script;
    return 0;
  }
  fs::create_directories(scripts.directory);
  const std::string array_path = scripts.directory + "/array.sh";
  const std::string merge_path = scripts.directory + "/merge.sh";
  std::ofstream(array_path) << scripts.array_script;
  std::ofstream(merge_path) << scripts.merge_script;
  std::string array_job, merge_job;
  try {
    array_job = Capture("sbatch --parsable " + Quoted(array_path));
    array_job = array_job.substr(0, array_job.find(';'));  // "id;cluster" on federated setups
    merge_job =
        Capture("sbatch --parsable --dependency=afterok:" + array_job + " " + Quoted(merge_path));
    merge_job = merge_job.substr(0, merge_job.find(';'));
  } catch (const std::exception& error) {
    throw ConfigError(array_path, 0, "sbatch", error.what());
  }
  log << fmt::format(
      "submitted {} array tasks (job {}) and the merge (job {}); scripts and logs "
      "in {}\n",
      scripts.shards, array_job, merge_job, scripts.directory);
  out << array_job << " " << merge_job << "\n";
  return 0;
}

}  // namespace regretlab::cli
