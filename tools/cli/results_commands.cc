#include "tools/cli/results_commands.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "tools/cli/run_experiment.h"

namespace regretlab::cli {

namespace fs = std::filesystem;
using core::ConfigError;

void CheckNewOutput(const std::string& path, const std::string& option, bool force) {
  if (fs::is_directory(path)) {
    throw ConfigError(path, 0, option, "is a directory; give a file name");
  }
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    throw ConfigError(path, 0, option, "its folder " + parent.string() + " does not exist");
  }
  if (fs::exists(path) && !force) {
    throw ConfigError(path, 0, option, "exists; pass --force to replace it");
  }
}

namespace {

// Whether a file starts with the HDF5 signature (a result file) rather than text (a spec).
bool IsHdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char signature[8] = {};
  in.read(signature, sizeof signature);
  return in.gcount() == 8 && std::string(signature, 8) == "\x89HDF\r\n\x1a\n";
}

}  // namespace

void WriteHtmlPage(const std::string& result_file, const std::string& html_file,
                   std::ostream& log) {
  analysis::CheckResultFile(result_file);
  const char* python = std::getenv("REGRETLAB_PYTHON");
  const std::string interpreter = python != nullptr ? python : "/usr/bin/python3";
  const std::string package_root = std::string(REGRETLAB_SOURCE_DIR) + "/analysis/python";
  if (!fs::is_directory(package_root + "/regretlab")) {
    throw ConfigError(package_root, 0, "--html",
                      "the Python analysis package is not there (this build's checkout moved?)");
  }
  const std::string partial = html_file + ".partial";
  const pid_t child = fork();
  if (child == 0) {
    const char* old_path = std::getenv("PYTHONPATH");
    std::string path = package_root;
    if (old_path != nullptr && *old_path) path.append(":").append(old_path);
    setenv("PYTHONPATH", path.c_str(), 1);
    execl(interpreter.c_str(), interpreter.c_str(), "-m", "regretlab", "html", result_file.c_str(),
          "-o", partial.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    fs::remove(partial);
    throw std::runtime_error(fmt::format(
        "writing {} failed: `{} -m regretlab html` exited with status {} (PYTHONPATH {})",
        html_file, interpreter, WIFEXITED(status) ? WEXITSTATUS(status) : -1, package_root));
  }
  fs::rename(partial, html_file);
  log << "wrote " << html_file << "\n";
}

int Verify(const VerifyOptions& options, std::ostream& out, std::ostream& log) {
  // Check every input before running any.
  for (const std::string& input : options.inputs) {
    if (!fs::is_regular_file(input)) throw ConfigError(input, 0, "verify", "no such file");
    if (IsHdf5(input)) {
      analysis::CheckResultFile(input);
    } else {
      plan::LoadPlan(input, options.overrides);
    }
  }
  if (!options.keep_directory.empty() && !fs::is_directory(options.keep_directory)) {
    throw ConfigError(options.keep_directory, 0, "--keep", "no such folder");
  }
  std::string folder = options.keep_directory;
  if (folder.empty()) {
    std::string pattern = (fs::temp_directory_path() / "regretlab-verify-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot make a temporary folder");
    folder = pattern;
  }
  int not_reproduced = 0;
  for (const std::string& input : options.inputs) {
    std::string result_file = input;
    if (!IsHdf5(input)) {
      const plan::Plan plan = plan::LoadPlan(input, options.overrides);
      RunOptions run;
      run.spec_file = input;
      run.threads = options.threads;
      run.progress = false;
      if (options.reduced) run.overrides = plan.reduced_overrides;
      run.overrides.insert(run.overrides.end(), options.overrides.begin(), options.overrides.end());
      run.output =
          (fs::path(folder) / (plan.name + (options.reduced ? ".reduced.h5" : ".h5"))).string();
      CheckNewOutput(run.output, "--keep", options.force || options.keep_directory.empty());
      run.force = true;
      log << fmt::format("verify: running {}{} -> {}\n", input,
                         options.reduced ? " at reduced size" : "", run.output);
      RunExperiment(run, log);
      result_file = run.output;
    }
    not_reproduced += analysis::PrintClaims(result_file, out);
  }
  if (options.keep_directory.empty()) fs::remove_all(folder);
  out << fmt::format("\nverify: {} claim(s) not reproduced\n", not_reproduced);
  return not_reproduced;
}

}  // namespace regretlab::cli
