#include "tools/cli/run_experiment.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "analysis/report.h"
#include "analysis/verdict.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/engine/engine.h"
#include "sim/plan/plan.h"
#include "sim/record/hdf5.h"
#include "sim/record/recorder.h"

namespace regretlab::cli {

namespace fs = std::filesystem;
using core::ConfigError;

namespace {

std::string DefaultOutput(const plan::Plan& plan) { return "results/" + plan.name + ".h5"; }

std::string HostName() {
  char buffer[256] = {0};
  ::gethostname(buffer, sizeof buffer - 1);
  return buffer;
}

// Progress on units: a redrawn bar on a terminal, a log line every 10 s otherwise.
class Progress {
 public:
  Progress(std::ostream& log, int64_t total_units, bool enabled)
      : log_(log), total_(total_units), enabled_(enabled && total_units > 0),
        terminal_(::isatty(STDERR_FILENO) != 0), start_(Clock::now()) {
    if (enabled_) thread_ = std::thread([this] { Loop(); });
  }
  ~Progress() { Stop(); }

  void UnitDone(int64_t replicate_steps) {
    done_.fetch_add(1);
    steps_.fetch_add(replicate_steps);
  }

  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    Print(true);
  }

 private:
  using Clock = std::chrono::steady_clock;

  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto period = terminal_ ? std::chrono::milliseconds(200) : std::chrono::seconds(10);
    while (!stopping_) {
      wake_.wait_for(lock, period);
      if (!stopping_) Print(false);
    }
  }

  void Print(bool final_line) {
    const int64_t done = done_.load();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(steps_.load()) / elapsed : 0.0;
    const double eta = done > 0 ? elapsed * static_cast<double>(total_ - done) / done : 0.0;
    const std::string text =
        fmt::format("{}/{} units  {:.3g} replicate-steps/s  elapsed {:.1f} s  ETA {:.0f} s", done,
                    total_, rate, elapsed, eta);
    if (terminal_) {
      const int width = 30;
      const int filled = static_cast<int>(width * done / std::max<int64_t>(total_, 1));
      std::fprintf(stderr, "\r[%s%s] %s", std::string(filled, '#').c_str(),
                   std::string(width - filled, '.').c_str(), text.c_str());
      if (final_line) std::fprintf(stderr, "\n");
      std::fflush(stderr);
    } else {
      log_ << "progress: " << text << std::endl;
    }
  }

  std::ostream& log_;
  const int64_t total_;
  const bool enabled_, terminal_;
  const Clock::time_point start_;
  std::atomic<int64_t> done_{0}, steps_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

void CheckOutputDirectory(const std::string& output) {
  const fs::path parent = fs::path(output).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    throw ConfigError(output, 0, "-o", "the output directory '" + parent.string() +
                                           "' does not exist; create it first");
  }
}

// Whether an existing output file is a complete result of this very spec.
bool IsCompleteResultOf(const std::string& output, const plan::Plan& plan) {
  analysis::CheckResultFile(output);  // ConfigError if truncated, foreign or another schema
  auto file = record::TryOpenFile(output);
  const std::string hash = record::ReadStringAttribute(file->id(), "spec_hash");
  if (hash != core::HexId(plan.spec_hash)) {
    throw ConfigError(output, 0, "spec_hash",
                      "this result file was made by another spec (or other --set overrides); "
                      "refusing to resume into it. Choose another output, or --force to replace "
                      "it");
  }
  return true;
}

record::RunInfo MakeRunInfo(int threads) {
  return record::RunInfo{threads, HostName()};
}

}  // namespace

RunSummary RunExperiment(const RunOptions& options, std::ostream& log) {
  record::SilenceHdf5Errors();
  const auto start = std::chrono::steady_clock::now();
  const plan::Plan plan = plan::LoadPlan(options.spec_file, options.overrides);
  RunSummary summary;
  summary.output = options.output.empty() ? DefaultOutput(plan) : options.output;
  const std::string& output = summary.output;
  if (options.shard_count < 1 || options.shard_index < 0 ||
      options.shard_index >= options.shard_count) {
    throw ConfigError("", 0, "--shard", fmt::format("shard {}/{} is out of range; use i/n with "
                                                    "0 <= i < n", options.shard_index,
                                                    options.shard_count));
  }
  if (options.threads < 0) throw ConfigError("", 0, "--threads", "must be >= 0 (0: all cores)");
  CheckOutputDirectory(output);
  const std::string parts = record::PartsDirectory(output);
  const bool sharded = options.shard_count > 1;

  if (fs::exists(output) && !sharded) {
    if (options.resume) {
      if (IsCompleteResultOf(output, plan)) {
        log << output << " is already complete for this spec; nothing to do\n";
        summary.assembled = true;
        return summary;
      }
    } else if (!options.force) {
      throw ConfigError(output, 0, "-o", "the output file exists; use --force to replace it "
                                         "(the old file stays until the new one is complete) or "
                                         "--resume to continue an interrupted run");
    }
  }
  if (fs::exists(parts) && !options.resume && !sharded) {
    if (!options.force) {
      throw ConfigError(parts, 0, "", "an interrupted run left its parts here; use --resume to "
                                      "continue it or --force to start over");
    }
    fs::remove_all(parts);
  }
  fs::create_directories(parts);
  const std::vector<bool> done = record::ScanParts(parts, plan, /*remove_stale=*/true);

  std::vector<size_t> todo;
  const std::vector<size_t> mine = plan::ShardUnits(plan, options.shard_index, options.shard_count);
  for (size_t u : mine) {
    if (done[u]) {
      ++summary.units_skipped;
    } else {
      todo.push_back(u);
    }
  }
  if (options.stop_after_units >= 0 &&
      static_cast<int64_t>(todo.size()) > options.stop_after_units) {
    todo.resize(static_cast<size_t>(options.stop_after_units));
  }
  log << fmt::format("{}: {} cells, {} work units ({} already done), {} threads -> {}\n",
                     plan.name, plan.cells.size(), mine.size(), summary.units_skipped,
                     options.threads > 0 ? std::to_string(options.threads) : "all", output);

  {
    record::PartWriter writer(plan, parts);
    Progress progress(log, static_cast<int64_t>(todo.size()), options.progress);
    engine::EngineOptions engine_options;
    engine_options.threads = options.threads;
    engine_options.unit_indices = todo;
    std::atomic<int64_t> steps{0};
    engine_options.on_unit_done = [&](engine::UnitResult&& result) {
      steps.fetch_add(result.replicate_steps);
      progress.UnitDone(result.replicate_steps);
      writer.Push(std::move(result));
    };
    engine::RunUnits(plan, engine_options);
    progress.Stop();
    writer.Finish();
    summary.units_run = static_cast<int64_t>(todo.size());
    summary.replicate_steps = steps.load();
  }
  if (options.stop_after_units >= 0) return summary;  // simulated kill: leave the parts
  if (sharded) {
    log << fmt::format("shard {}/{} done; when every shard is done run: regretlab merge {} -o {}\n",
                       options.shard_index, options.shard_count, options.spec_file, output);
    return summary;
  }
  const int threads = options.threads > 0 ? options.threads : static_cast<int>(
                                                                  std::thread::hardware_concurrency());
  summary.failed_cells =
      record::Assemble(plan, parts, output, analysis::AnalyseCell, MakeRunInfo(threads));
  fs::remove_all(parts);
  summary.assembled = true;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log << fmt::format("wrote {} ({:.1f} s, {:.3g} replicate-steps/s){}\n", output, summary.seconds,
                     summary.seconds > 0 ? summary.replicate_steps / summary.seconds : 0.0,
                     summary.failed_cells > 0
                         ? fmt::format("; {} cell(s) FAILED an invariant", summary.failed_cells)
                         : "");
  return summary;
}

RunSummary MergeShards(const std::string& spec_file, const std::vector<std::string>& overrides,
                       const std::string& output, std::ostream& log) {
  record::SilenceHdf5Errors();
  const plan::Plan plan = plan::LoadPlan(spec_file, overrides);
  RunSummary summary;
  summary.output = output.empty() ? DefaultOutput(plan) : output;
  CheckOutputDirectory(summary.output);
  const std::string parts = record::PartsDirectory(summary.output);
  if (!fs::is_directory(parts)) {
    throw ConfigError(parts, 0, "", "no parts directory to merge (run the shards first)");
  }
  summary.failed_cells = record::Assemble(plan, parts, summary.output, analysis::AnalyseCell,
                                          MakeRunInfo(0));
  fs::remove_all(parts);
  summary.assembled = true;
  log << "merged " << plan.units.size() << " units into " << summary.output << "\n";
  return summary;
}

}  // namespace regretlab::cli
