#include "tools/cli/run_experiment.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "analysis/experiment.h"
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

}  // namespace

std::string EtaText(double elapsed_seconds, int64_t work_done, int64_t total_work) {
  if (work_done <= 0) return "ETA unknown until a unit finishes";
  return fmt::format("ETA {:.0f} s", elapsed_seconds * static_cast<double>(total_work - work_done) /
                                         static_cast<double>(work_done));
}

namespace {

// Progress: a redrawn bar on a terminal, a log line every 10 s otherwise.
class Progress {
 public:
  Progress(std::ostream& log, int64_t total_units, int64_t total_work, bool enabled)
      : log_(log),
        total_(total_units),
        enabled_(enabled && total_units > 0),
        terminal_(::isatty(STDERR_FILENO) != 0),
        start_(Clock::now()),
        total_work_(total_work) {
    if (enabled_) thread_ = std::thread([this] { Loop(); });
  }
  ~Progress() { Stop(); }

  // `planned_work`: the unit's replicates × horizon, the measure the ETA is based on.
  void UnitDone(int64_t replicate_steps, int64_t planned_work) {
    done_.fetch_add(1);
    steps_.fetch_add(replicate_steps);
    work_done_.fetch_add(planned_work);
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
    const std::string text =
        fmt::format("{}/{} units  {:.3g} replicate-steps/s  elapsed {:.1f} s  {}", done, total_,
                    rate, elapsed, EtaText(elapsed, work_done_.load(), total_work_));
    if (terminal_) {
      const int width = 30;
      const int filled = static_cast<int>(width * done / std::max<int64_t>(total_, 1));
      // \033[K clears what a longer previous line left at the end.
      std::fprintf(stderr, "\r[%s%s] %s\033[K", std::string(filled, '#').c_str(),
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
  const int64_t total_work_;
  std::atomic<int64_t> done_{0}, steps_{0}, work_done_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

void CheckOutputDirectory(const std::string& output) {
  if (fs::is_directory(output)) {
    throw ConfigError(output, 0, "-o", "is a directory; give the result file's name");
  }
  const fs::path parent = fs::path(output).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    throw ConfigError(
        output, 0, "-o",
        "the output directory '" + parent.string() + "' does not exist; create it first");
  }
  // Writable: a probe file is created and removed (access(2) would say yes to root on a folder
  // whose mode says no, and cannot see every read-only mount).
  const fs::path folder = parent.empty() ? fs::path(".") : parent;
  // Host and pid in the name: shards of a Slurm array probe a shared folder at the same moment.
  std::string probe_name = ".regretlab-write-probe.";
  probe_name.append(record::HostName()).append(".").append(std::to_string(::getpid()));
  const std::string probe = (folder / probe_name).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw ConfigError(
        output, 0, "-o",
        "the output directory '" + folder.string() + "' is not writable: " + std::strerror(errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

// The largest matrix a run holds is one cell's: replicates × checkpoints values for each recorded
// series (metrics, bounds, the wall clock), read whole when the file is assembled. A plan whose
// largest cell needs more than half of this machine's memory is refused before any work, naming
// the cell and what to lower.
void CheckMemory(const plan::Plan& plan) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return;  // unknown: nothing to compare with
  const double machine = static_cast<double>(pages) * static_cast<double>(page_size);
  for (const plan::CellPlan& cell : plan.cells) {
    const double series = static_cast<double>(cell.metrics.size() + cell.bounds.size() + 1);
    const double bytes = static_cast<double>(cell.replicates) *
                         static_cast<double>(cell.checkpoints.rounds.size()) * series * 8.0;
    if (bytes > machine / 2) {
      throw ConfigError(
          plan.spec_file, 0, "replicates",
          fmt::format("cell {} needs {:.1f} GiB ({} replicates x {} checkpoints x {} series x 8 "
                      "bytes), more than half of this machine's {:.1f} GiB; lower replicates or "
                      "checkpoints.count",
                      cell.id, bytes / (1 << 30), cell.replicates, cell.checkpoints.rounds.size(),
                      static_cast<int64_t>(series), machine / (1 << 30)));
    }
  }
}

// An existing output is a complete result of this very spec, or a ConfigError says what it is.
void RequireResultOf(const std::string& output, const plan::Plan& plan) {
  analysis::CheckResultFile(output);  // ConfigError if truncated, foreign or another schema
  auto file = record::TryOpenFile(output);
  const std::string hash = record::ReadStringAttribute(file->id(), "spec_hash");
  if (hash != core::HexId(plan.spec_hash)) {
    throw ConfigError(output, 0, "spec_hash",
                      "this result file was made by another spec (or other --set overrides); "
                      "refusing to resume into it. Choose another output, or --force to replace "
                      "it");
  }
}

record::RunInfo MakeRunInfo(int threads) { return record::RunInfo{threads, record::HostName()}; }

// Everything that may refuse the run or touch existing files: done by one process (rank 0).
// Returns true when the output is already complete for this spec (nothing to run).
bool PrepareOutput(const RunOptions& options, const plan::Plan& plan, const std::string& output,
                   bool sharded, std::ostream& log) {
  const std::string parts = record::PartsDirectory(output);
  if (fs::exists(output) && !sharded) {
    if (options.resume) {
      RequireResultOf(output, plan);
      // A kill between the final rename and the removal of the parts leaves both behind.
      fs::remove_all(parts);
      fs::remove(output + ".partial");
      log << output << " is already complete for this spec; nothing to do\n";
      return true;
    }
    if (!options.force) {
      throw ConfigError(output, 0, "-o",
                        "the output file exists; use --force to replace it "
                        "(the old file stays until the new one is complete) or "
                        "--resume to continue an interrupted run");
    }
  }
  if (fs::exists(parts) && !options.resume && !sharded) {
    if (!options.force) {
      throw ConfigError(parts, 0, "",
                        "an interrupted run left its parts here; use --resume to "
                        "continue it or --force to start over");
    }
    fs::remove_all(parts);
  }
  // A kill during assembly leaves OUT.partial: never a result, always ours to delete.
  if (!sharded) fs::remove(output + ".partial");
  fs::create_directories(parts);
  // Stale temporaries of killed writers go now, before any process of this run writes. Shards
  // share the folder with other shards that may be writing: they only remove dead ones of theirs.
  record::ScanParts(
      parts, plan,
      sharded ? record::StaleTemporaries::kDeadOnThisHost : record::StaleTemporaries::kAll);
  return false;
}

}  // namespace

RunSummary RunExperiment(const RunOptions& options, std::ostream& log) {
  record::SilenceHdf5Errors();
  const auto start = std::chrono::steady_clock::now();
  const Coordinator& coordinator = options.coordinator;
  const bool root = coordinator.rank == 0;
  // Every rank reads the spec: a bad spec fails identically everywhere, before any collective.
  const plan::Plan plan =
      options.spec_text.empty()
          ? plan::LoadPlan(options.spec_file, options.overrides)
          : plan::ParsePlan(options.spec_text, options.spec_file, options.overrides);
  RunSummary summary;
  summary.output = options.output.empty() ? DefaultOutput(plan) : options.output;
  const std::string& output = summary.output;
  if (options.shard_count < 1 || options.shard_index < 0 ||
      options.shard_index >= options.shard_count) {
    throw ConfigError("", 0, "--shard",
                      fmt::format("shard {}/{} is out of range; use i/n with "
                                  "0 <= i < n",
                                  options.shard_index, options.shard_count));
  }
  if (coordinator.size > 1 && options.shard_count > 1) {
    throw ConfigError("", 0, "--shard",
                      "--shard and --mpi exclude each other: under MPI each "
                      "rank is a shard");
  }
  constexpr int kMaxThreads = 4096;
  if (options.threads < 0 || options.threads > kMaxThreads) {
    throw ConfigError("", 0, "--threads",
                      "must be in [0, " + std::to_string(kMaxThreads) + "] (0: all cores), got " +
                          std::to_string(options.threads));
  }
  CheckOutputDirectory(output);
  CheckMemory(plan);
  const std::string parts = record::PartsDirectory(output);
  const bool sharded = options.shard_count > 1;

  // Rank 0 checks and prepares; the others learn the outcome (0 go, 1 nothing to do, 2 refused).
  int status = 0;
  if (root) {
    try {
      status = PrepareOutput(options, plan, output, sharded, log) ? 1 : 0;
    } catch (...) {
      coordinator.broadcast(2);
      throw;
    }
  }
  status = coordinator.broadcast(status);
  if (status == 2) {
    throw ConfigError("", 0, "", "rank 0 refused the run (its message says why)");
  }
  if (status == 1) {
    summary.assembled = true;
    return summary;
  }
  const std::vector<bool> done = record::ScanParts(parts, plan, record::StaleTemporaries::kKeep);

  std::vector<size_t> todo;
  const int64_t shard_index = coordinator.size > 1 ? coordinator.rank : options.shard_index;
  const int64_t shard_count = coordinator.size > 1 ? coordinator.size : options.shard_count;
  const std::vector<size_t> mine = plan::ShardUnits(plan, shard_index, shard_count);
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
  log << fmt::format(
      "{}{}: {} cells, {} work units ({} already done), {} threads -> {}\n",
      coordinator.size > 1 ? fmt::format("[rank {}/{}] ", coordinator.rank, coordinator.size) : "",
      plan.name, plan.cells.size(), mine.size(), summary.units_skipped,
      options.threads > 0 ? std::to_string(options.threads) : "all", output);
  // What each environment instance is, where it says (e.g. a dataset's rows and classes); the
  // file records the same line per cell (attribute environment_summary).
  std::set<std::string> summarized;
  for (const plan::CellPlan& cell : plan.cells) {
    if (!cell.environment.summary.empty() && summarized.insert(cell.environment.canonical).second) {
      log << fmt::format("  {}: {}\n", cell.environment.canonical, cell.environment.summary);
    }
  }

  {
    record::PartWriter writer(plan, parts);
    auto planned_work = [&](size_t unit) {
      return plan.units[unit].count * plan.cells[plan.units[unit].cell_index].horizon;
    };
    int64_t total_work = 0;
    for (size_t unit : todo) total_work += planned_work(unit);
    Progress progress(log, static_cast<int64_t>(todo.size()), total_work, options.progress && root);
    engine::EngineOptions engine_options;
    engine_options.threads = options.threads;
    engine_options.unit_indices = todo;
    // A part that cannot be written (a full disk) stops the run: nothing more is started.
    engine_options.stop_requested = [&] {
      return writer.failed() || (options.stop_requested && options.stop_requested());
    };
    std::atomic<int64_t> steps{0}, units_done{0};
    const int64_t units_todo = static_cast<int64_t>(todo.size());
    engine_options.on_unit_done = [&](engine::UnitResult&& result) {
      steps.fetch_add(result.replicate_steps);
      progress.UnitDone(result.replicate_steps, planned_work(result.unit_index));
      writer.Push(std::move(result));
      const int64_t done_now = units_done.fetch_add(1) + 1;
      if (options.on_progress) options.on_progress(done_now, units_todo);
    };
    engine::RunUnits(plan, engine_options);
    progress.Stop();
    try {
      writer.Finish();
    } catch (const record::StorageError& error) {
      throw record::StorageError(fmt::format(
          "{}; the units written before are kept in {}: make room and run again with --resume",
          error.what(), parts));
    }
    summary.units_run = units_done.load();
    summary.stopped = summary.units_run < units_todo;
    summary.replicate_steps = steps.load();
  }
  // Simulated kill, or stopped on request: leave the parts for --resume.
  if (options.stop_after_units >= 0 || summary.stopped) return summary;
  if (sharded) {
    log << fmt::format("shard {}/{} done; when every shard is done run: regretlab merge {} {}\n",
                       options.shard_index, options.shard_count, output, parts);
    return summary;
  }
  coordinator.barrier();  // every rank's parts are on disk
  if (!root) return summary;
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  try {
    summary.failed_cells =
        record::Assemble(plan, parts, output, analysis::ResultAnalyzers(), MakeRunInfo(threads));
  } catch (const record::StorageError& error) {
    throw record::StorageError(
        fmt::format("{}; every unit is kept in {}: make room and run again with --resume",
                    error.what(), parts));
  }
  fs::remove_all(parts);
  summary.assembled = true;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log << fmt::format(
      "wrote {} ({:.1f} s, {:.3g} replicate-steps/s){}\n", output, summary.seconds,
      summary.seconds > 0 ? summary.replicate_steps / summary.seconds : 0.0,
      summary.failed_cells > 0
          ? fmt::format(
                "; {} cell(s) FAILED (an invariant broke or a component raised; see the report)",
                summary.failed_cells)
          : "");
  return summary;
}

RunSummary MergeShards(const std::string& output, const std::vector<std::string>& sources,
                       bool force, bool clean, std::ostream& log) {
  record::SilenceHdf5Errors();
  if (sources.empty()) throw ConfigError("", 0, "SHARDS", "name at least one part folder");
  CheckOutputDirectory(output);
  if (fs::exists(output) && !force) {
    throw ConfigError(output, 0, "OUT", "the output file exists; use --force to replace it");
  }
  const record::CollectedParts collected = record::CollectParts(sources);
  RunSummary summary;
  summary.output = output;
  summary.failed_cells = record::AssembleFrom(collected.plan, collected.part_paths, output,
                                              analysis::ResultAnalyzers(), MakeRunInfo(0));
  summary.assembled = true;
  summary.units_skipped = collected.duplicates;
  log << fmt::format(
      "merged {} units of '{}' from {} shard source(s) into {}{}\n", collected.plan.units.size(),
      collected.plan.name, sources.size(), output,
      collected.duplicates > 0
          ? fmt::format(" ({} identical duplicate parts ignored)", collected.duplicates)
          : "");
  if (clean) {
    for (const auto& source : sources) {
      if (fs::is_directory(source)) fs::remove_all(source);
    }
  }
  return summary;
}

}  // namespace regretlab::cli
