#include "sim/record/recorder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/resource.h>
#include <tbb/concurrent_queue.h>
#include <tbb/version.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/engine/engine.h"
#include "sim/record/hdf5.h"
#include "sim/registry/registry.h"

#ifndef REGRETLAB_VERSION
#define REGRETLAB_VERSION "0.0.0"
#endif
#ifndef REGRETLAB_GIT_SHA
#define REGRETLAB_GIT_SHA "unknown"
#endif
#ifndef REGRETLAB_BUILD_FLAGS
#define REGRETLAB_BUILD_FLAGS "unknown"
#endif

namespace regretlab::record {

namespace fs = std::filesystem;
using core::ConfigError;

BuildInfo GetBuildInfo() {
  BuildInfo info;
  info.regretlab_version = REGRETLAB_VERSION;
  info.git_sha = REGRETLAB_GIT_SHA;
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  info.build = std::string("compiler=g++ ") + __VERSION__ + "; flags=" + REGRETLAB_BUILD_FLAGS +
               "; hdf5=" + std::to_string(major) + "." + std::to_string(minor) + "." +
               std::to_string(release) + "; tbb=" + TBB_VERSION_STRING;
  return info;
}

std::string HostName() {
  char buffer[256] = {0};
  ::gethostname(buffer, sizeof buffer - 1);
  return buffer;
}

std::string PartsDirectory(const std::string& output) { return output + ".parts"; }

std::string PartFileName(const std::string& unit_id) {
  std::string name = unit_id;
  for (char& c : name) {
    if (c == '/') c = '@';
  }
  return name + ".h5";
}

namespace {

void FsyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) throw std::runtime_error("cannot open " + path + " for fsync");
  ::fsync(fd);
  ::close(fd);
}

std::string SpecHashText(const plan::Plan& plan) { return core::HexId(plan.spec_hash); }

// Whether the temporary `name` (".<part>.tmp.<host>.<pid>") is garbage under `policy`.
bool IsStale(const std::string& name, StaleTemporaries policy) {
  if (policy == StaleTemporaries::kAll) return true;
  if (policy == StaleTemporaries::kKeep) return false;
  const size_t dot = name.rfind('.');
  const std::string prefix = ".tmp." + HostName() + ".";
  if (dot == std::string::npos || dot + 1 >= name.size() ||
      name.find(prefix) == std::string::npos) {
    return false;  // another host's: it may still be writing
  }
  const pid_t pid = static_cast<pid_t>(std::strtol(name.c_str() + dot + 1, nullptr, 10));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

std::string Joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

void WritePart(const std::string& parts_directory, const plan::Plan& plan,
               const engine::UnitResult& result) {
  const std::string final_path = parts_directory + "/" + PartFileName(result.unit_id);
  const std::string temporary_path = parts_directory + "/." + PartFileName(result.unit_id) +
                                     ".tmp." + HostName() + "." + std::to_string(::getpid());
  // Built in memory, then written with plain POSIX calls: a full or read-only disk is an errno
  // we report and clean up after, not a failure inside HDF5 (which in 1.10 leaves a half-created
  // file that crashes the library's exit handler).
  std::vector<char> image;
  {
    Handle file = CreateMemoryFile(temporary_path);
    const BuildInfo build = GetBuildInfo();
    WriteAttribute(file.id(), "schema_version", kSchemaVersion);
    WriteAttribute(file.id(), "regretlab_version", build.regretlab_version);
    WriteAttribute(file.id(), "git_sha", build.git_sha);
    WriteAttribute(file.id(), "spec_hash", SpecHashText(plan));
    // Enough provenance to rebuild the plan from the part alone (merge needs no spec file).
    WriteAttribute(file.id(), "spec_toml", plan.spec_toml);
    WriteAttribute(file.id(), "spec_file", plan.spec_file);
    WriteAttribute(file.id(), "overrides", Joined(plan.overrides, "\n"));
    WriteAttribute(file.id(), "seed", static_cast<int64_t>(plan.seed));
    WriteAttribute(file.id(), "unit_id", result.unit_id);
    WriteAttribute(file.id(), "first_replicate", result.first_replicate);
    WriteAttribute(file.id(), "count", result.count);
    WriteAttribute(file.id(), "seconds", result.seconds);
    WriteAttribute(file.id(), "replicate_steps", result.replicate_steps);
    WriteAttribute(file.id(), "error", result.error);
    if (result.error.empty()) {
      Handle metrics = CreateGroup(file.id(), "metrics");
      for (size_t m = 0; m < result.metric_names.size(); ++m) {
        WriteMatrix(metrics.id(), result.metric_names[m], result.metrics[m], result.count,
                    result.num_checkpoints);
      }
      Handle bounds = CreateGroup(file.id(), "bounds");
      for (size_t b = 0; b < result.bound_names.size(); ++b) {
        WriteMatrix(bounds.id(), result.bound_names[b], result.bounds[b], result.count,
                    result.num_checkpoints);
      }
      WriteMatrix(file.id(), "wall_seconds", result.wall_seconds, result.count,
                  result.num_checkpoints);
    }
    image = FileImage(file.id());
  }  // H5Fclose
  WriteFileDurably(temporary_path, image);
  std::error_code error;
  fs::rename(temporary_path, final_path, error);
  if (error) {
    fs::remove(temporary_path, error);
    throw StorageError("cannot rename " + temporary_path + " to " + final_path + ": " +
                       error.message());
  }
  FsyncPath(parts_directory, true);
}

void WriteFileDurably(const std::string& path, const std::vector<char>& bytes) {
  const auto fail = [&](int fd, const char* what) {
    const int saved = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(path.c_str());
    throw StorageError(std::string("cannot ") + what + " " + path + ": " + std::strerror(saved));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(fd, "create");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      fail(fd, "write");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail(fd, "fsync");
  if (::close(fd) != 0) fail(-1, "close");
}

engine::UnitResult ReadPart(const std::string& path, const plan::Plan& plan, size_t unit_index) {
  const plan::WorkUnit& unit = plan.units.at(unit_index);
  const plan::CellPlan& cell = plan.cells.at(unit.cell_index);
  auto file = TryOpenFile(path);
  if (!file) throw ConfigError(path, 0, "", "part file is truncated or not an HDF5 file");
  if (!HasAttribute(file->id(), "spec_hash") ||
      ReadStringAttribute(file->id(), "spec_hash") != SpecHashText(plan) ||
      ReadIntAttribute(file->id(), "schema_version") != kSchemaVersion ||
      ReadStringAttribute(file->id(), "unit_id") != unit.id) {
    throw ConfigError(path, 0, "spec_hash", "part file was not made by this spec and unit");
  }
  engine::UnitResult result;
  result.unit_index = unit_index;
  result.unit_id = unit.id;
  result.cell_index = unit.cell_index;
  result.first_replicate = unit.first_replicate;
  result.count = unit.count;
  result.num_checkpoints = static_cast<int64_t>(cell.checkpoints.rounds.size());
  result.seconds = ReadDoubleAttribute(file->id(), "seconds");
  result.replicate_steps = ReadIntAttribute(file->id(), "replicate_steps");
  result.error = ReadStringAttribute(file->id(), "error");
  if (!result.error.empty()) return result;
  result.metric_names = cell.metrics;
  result.bound_names = cell.bounds;
  for (const auto& metric : cell.metrics) {
    result.metrics.push_back(ReadDoubles(file->id(), "metrics/" + metric));
  }
  for (const auto& bound : cell.bounds) {
    result.bounds.push_back(ReadDoubles(file->id(), "bounds/" + bound));
  }
  result.wall_seconds = ReadDoubles(file->id(), "wall_seconds");
  const size_t expected = static_cast<size_t>(result.count * result.num_checkpoints);
  for (const auto& block : result.metrics) {
    if (block.size() != expected) throw ConfigError(path, 0, "", "part file has the wrong shape");
  }
  return result;
}

std::vector<bool> ScanParts(const std::string& parts_directory, const plan::Plan& plan,
                            StaleTemporaries stale) {
  std::vector<bool> done(plan.units.size(), false);
  if (!fs::exists(parts_directory)) return done;
  std::map<std::string, size_t> unit_by_file;
  for (size_t u = 0; u < plan.units.size(); ++u) unit_by_file[PartFileName(plan.units[u].id)] = u;
  for (const auto& entry : fs::directory_iterator(parts_directory)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 0 && name[0] == '.' && name.find(".tmp.") != std::string::npos) {
      // A temporary left by a killed writer: garbage by construction (never renamed).
      if (IsStale(name, stale)) fs::remove(entry.path());
      continue;
    }
    auto it = unit_by_file.find(name);
    auto file = TryOpenFile(entry.path().string());
    if (it == unit_by_file.end() || !file || !HasAttribute(file->id(), "spec_hash") ||
        ReadStringAttribute(file->id(), "spec_hash") != SpecHashText(plan)) {
      throw ConfigError(entry.path().string(), 0, "",
                        "this part file does not belong to the spec being run (another spec, "
                        "another version, or damaged); move the parts directory away or choose "
                        "another output");
    }
    done[it->second] = true;
  }
  return done;
}

struct PartWriter::State {
  const plan::Plan* plan = nullptr;
  std::string parts_directory;
  tbb::concurrent_bounded_queue<std::unique_ptr<engine::UnitResult>> queue;
  std::thread thread;
  std::mutex mutex;
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  int64_t failed_units = 0;
};

PartWriter::PartWriter(const plan::Plan& plan, std::string parts_directory)
    : state_(std::make_unique<State>()) {
  state_->plan = &plan;
  state_->parts_directory = std::move(parts_directory);
  fs::create_directories(state_->parts_directory);
  state_->thread = std::thread([state = state_.get()] {
    SilenceHdf5Errors();  // the error stack (and its printing) is per thread
    while (true) {
      std::unique_ptr<engine::UnitResult> result;
      state->queue.pop(result);
      if (!result) return;                 // the end marker
      if (state->failed.load()) continue;  // after the first error nothing more is written
      try {
        if (!result->error.empty()) {
          std::lock_guard<std::mutex> lock(state->mutex);
          ++state->failed_units;
        }
        WritePart(state->parts_directory, *state->plan, *result);
      } catch (...) {
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!state->error) state->error = std::current_exception();
        state->failed.store(true);
      }
    }
  });
}

PartWriter::~PartWriter() {
  if (state_->thread.joinable()) {
    state_->queue.push(nullptr);
    state_->thread.join();
  }
}

void PartWriter::Push(engine::UnitResult&& result) {
  state_->queue.push(std::make_unique<engine::UnitResult>(std::move(result)));
}

void PartWriter::Finish() {
  if (state_->thread.joinable()) {
    state_->queue.push(nullptr);
    state_->thread.join();
  }
  if (state_->error) std::rethrow_exception(state_->error);
}

bool PartWriter::failed() const { return state_->failed.load(); }

int64_t PartWriter::failed_units() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->failed_units;
}

namespace {

void WriteAnalysis(hid_t cell_group, const std::vector<AttributeGroup>& groups) {
  for (const AttributeGroup& group : groups) {
    Handle handle = Exists(cell_group, group.path) ? OpenGroup(cell_group, group.path)
                                                   : CreateGroup(cell_group, group.path);
    // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
    for (const auto& attribute : group.attributes) {
      const std::string& name = attribute.first;
      std::visit([&](const auto& v) { WriteAttribute(handle.id(), name, v); }, attribute.second);
    }
  }
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace

int64_t Assemble(const plan::Plan& plan, const std::string& parts_directory,
                 const std::string& output, const Analyzers& analyzers, const RunInfo& info) {
  const std::vector<bool> done = ScanParts(parts_directory, plan, StaleTemporaries::kKeep);
  std::vector<std::string> part_paths(plan.units.size());
  for (size_t u = 0; u < done.size(); ++u) {
    if (!done[u]) {
      throw ConfigError(
          output, 0, "",
          "cannot assemble: work unit " + plan.units[u].id + " has no part in " + parts_directory);
    }
    part_paths[u] = parts_directory + "/" + PartFileName(plan.units[u].id);
  }
  return AssembleFrom(plan, part_paths, output, analyzers, info);
}

namespace {

bool SameResults(const engine::UnitResult& a, const engine::UnitResult& b) {
  return a.error == b.error && a.metrics == b.metrics && a.bounds == b.bounds;
}

std::vector<std::string> PartFilesIn(const std::string& source) {
  std::vector<std::string> files;
  if (fs::is_directory(source)) {
    for (const auto& entry : fs::directory_iterator(source)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && !name.empty() && name[0] != '.' &&
          entry.path().extension() == ".h5") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(source)) {
    files.push_back(source);
  } else {
    throw ConfigError(source, 0, "", "no such part folder or part file");
  }
  return files;
}

}  // namespace

CollectedParts CollectParts(const std::vector<std::string>& sources) {
  std::vector<std::string> files;
  for (const auto& source : sources) {
    for (auto& file : PartFilesIn(source)) files.push_back(std::move(file));
  }
  if (files.empty()) throw ConfigError("", 0, "", "no part files found in the shards given");
  CollectedParts collected;
  std::string reference_file, reference_hash, reference_version, reference_sha;
  std::map<std::string, size_t> unit_by_id;
  for (const std::string& file : files) {
    auto handle = TryOpenFile(file);
    if (!handle || !HasAttribute(handle->id(), "spec_hash") ||
        !HasAttribute(handle->id(), "spec_toml")) {
      throw ConfigError(file, 0, "",
                        "not a regretlab part file (truncated, foreign, or from an "
                        "older version)");
    }
    const std::string hash = ReadStringAttribute(handle->id(), "spec_hash");
    const std::string version = ReadStringAttribute(handle->id(), "regretlab_version");
    const std::string sha = ReadStringAttribute(handle->id(), "git_sha");
    if (ReadIntAttribute(handle->id(), "schema_version") != kSchemaVersion) {
      throw ConfigError(file, 0, "schema_version", "part of another schema version");
    }
    if (reference_file.empty()) {
      reference_file = file;
      reference_hash = hash;
      reference_version = version;
      reference_sha = sha;
      collected.plan = plan::ParsePlan(ReadStringAttribute(handle->id(), "spec_toml"),
                                       ReadStringAttribute(handle->id(), "spec_file"),
                                       SplitLines(ReadStringAttribute(handle->id(), "overrides")));
      if (SpecHashText(collected.plan) != hash) {
        throw ConfigError(file, 0, "spec_hash",
                          "the spec recorded in this part does not give the "
                          "part's spec hash with this build of regretlab");
      }
      for (size_t u = 0; u < collected.plan.units.size(); ++u) {
        unit_by_id[collected.plan.units[u].id] = u;
      }
      collected.part_paths.assign(collected.plan.units.size(), "");
    } else if (hash != reference_hash) {
      throw ConfigError(file, 0, "spec_hash",
                        "this shard ran another spec (or other --set overrides) than " +
                            reference_file + "; merge the shards of one sweep only");
    } else if (version != reference_version || sha != reference_sha) {
      throw ConfigError(file, 0, "regretlab_version",
                        "this shard was made by regretlab " + version + " (" + sha + ") but " +
                            reference_file + " by " + reference_version + " (" + reference_sha +
                            "); rerun the shards with one build");
    }
    const std::string unit_id = ReadStringAttribute(handle->id(), "unit_id");
    auto it = unit_by_id.find(unit_id);
    if (it == unit_by_id.end()) {
      throw ConfigError(file, 0, "unit_id", "unit '" + unit_id + "' is not in the spec's plan");
    }
    std::string& slot = collected.part_paths[it->second];
    if (!slot.empty()) {
      handle.reset();
      if (!SameResults(ReadPart(slot, collected.plan, it->second),
                       ReadPart(file, collected.plan, it->second))) {
        throw ConfigError(
            file, 0, "unit_id",
            "unit '" + unit_id + "' is also in " + slot + " with different results; keep one");
      }
      ++collected.duplicates;
      continue;
    }
    slot = file;
  }
  std::vector<std::string> missing;
  for (size_t u = 0; u < collected.part_paths.size(); ++u) {
    if (collected.part_paths[u].empty()) missing.push_back(collected.plan.units[u].id);
  }
  if (!missing.empty()) {
    std::string listed;
    for (size_t i = 0; i < missing.size() && i < 5; ++i) listed += "\n  " + missing[i];
    throw ConfigError("", 0, "",
                      std::to_string(missing.size()) + " of " +
                          std::to_string(collected.part_paths.size()) +
                          " work units have no part in the shards given, e.g.:" + listed +
                          "\nrun the missing shards (with --resume) first");
  }
  return collected;
}

namespace {

// /index: one row per cell in report order, one column per parameter (docs/hdf5-schema.md).
void WriteIndex(hid_t file, const plan::Plan& plan, const std::vector<bool>& cell_failed) {
  const std::vector<size_t> order = plan::ReportOrder(plan);
  std::vector<TableColumn> columns;
  auto strings = [&](const std::string& name, auto field) {
    std::vector<std::string> values;
    for (size_t c : order) values.push_back(field(c));
    columns.push_back({name, std::move(values)});
  };
  auto integers = [&](const std::string& name, auto field) {
    std::vector<int64_t> values;
    for (size_t c : order) values.push_back(field(c));
    columns.push_back({name, std::move(values)});
  };
  strings("cell_id", [&](size_t c) { return plan.cells[c].id; });
  strings("protocol", [&](size_t c) { return plan.cells[c].protocol; });
  strings("environment", [&](size_t c) { return plan.cells[c].environment.name; });
  strings("algorithm", [&](size_t c) { return plan.cells[c].algorithm.name; });
  integers("horizon", [&](size_t c) { return plan.cells[c].horizon; });
  integers("replicates", [&](size_t c) { return plan.cells[c].replicates; });
  integers("seed", [&](size_t c) { return static_cast<int64_t>(plan.cells[c].seed); });
  strings("status", [&](size_t c) { return std::string(cell_failed[c] ? "failed" : "complete"); });
  for (const bool environment_role : {true, false}) {
    auto params_of = [&](size_t c) -> const core::Params& {
      return environment_role ? plan.cells[c].environment.params : plan.cells[c].algorithm.params;
    };
    std::set<std::string> names;
    for (size_t c : order) {
      for (const auto& [name, value] : params_of(c).values()) names.insert(name);
    }
    for (const std::string& name : names) {
      const std::string column = (environment_role ? "environment." : "algorithm.") + name;
      // The column's type: the parameter's own when every cell has it with one type; else a
      // float64 (NaN where absent) for numbers, a string ("" where absent) otherwise.
      bool all_present = true, all_bool = true, all_integer = true, any_text = false;
      for (size_t c : order) {
        if (!params_of(c).Has(name)) {
          all_present = false;
          continue;
        }
        const core::ParamValue& value = params_of(c).Value(name);
        all_bool = all_bool && std::holds_alternative<bool>(value);
        all_integer = all_integer && std::holds_alternative<int64_t>(value);
        any_text = any_text || std::holds_alternative<std::string>(value) ||
                   std::holds_alternative<std::vector<double>>(value);
      }
      if (any_text) {
        strings(column, [&](size_t c) {
          if (!params_of(c).Has(name)) return std::string();
          const core::ParamValue& value = params_of(c).Value(name);
          if (const auto* text = std::get_if<std::string>(&value)) return *text;
          return core::ValueText(value);
        });
      } else if (all_present && all_bool) {
        std::vector<bool> values;
        for (size_t c : order) values.push_back(params_of(c).Bool(name));
        columns.push_back({column, std::move(values)});
      } else if (all_present && all_integer) {
        integers(column, [&](size_t c) { return params_of(c).Integer(name); });
      } else {
        std::vector<double> values;
        for (size_t c : order) {
          if (!params_of(c).Has(name)) {
            values.push_back(std::numeric_limits<double>::quiet_NaN());
          } else if (const bool* flag = std::get_if<bool>(&params_of(c).Value(name))) {
            values.push_back(*flag ? 1.0 : 0.0);
          } else {
            values.push_back(params_of(c).Real(name));
          }
        }
        columns.push_back({column, std::move(values)});
      }
    }
  }
  WriteTable(file, "index", columns);
}

}  // namespace

namespace {

// The assembled file holds the parts' matrices once more, plus summaries that are small beside
// them, without the parts' per-file overhead (the quick start's file is 0.6 times its parts):
// room for the parts' size plus 1 MiB is asked for, so that a full disk is reported before
// OUT.partial is begun rather than inside HDF5.
void CheckSpaceForAssembly(const std::vector<std::string>& part_paths, const std::string& output) {
  uintmax_t parts_bytes = 0;
  for (const std::string& path : part_paths) {
    std::error_code error;
    const uintmax_t size = fs::file_size(path, error);
    if (!error) parts_bytes += size;
  }
  const fs::path parent =
      fs::path(output).parent_path().empty() ? fs::path(".") : fs::path(output).parent_path();
  std::error_code error;
  const fs::space_info space = fs::space(parent, error);
  if (error) return;  // unknown: HDF5's own error is reported if writing fails
  const uintmax_t needed = parts_bytes + (uintmax_t{1} << 20);
  if (space.available < needed) {
    throw StorageError(
        fmt::format("not enough space to write {}: about {:.1f} MiB needed, {:.1f} MiB free in {}",
                    output, static_cast<double>(needed) / (1 << 20),
                    static_cast<double>(space.available) / (1 << 20), parent.string()));
  }
}

}  // namespace

int64_t AssembleFrom(const plan::Plan& plan, const std::vector<std::string>& part_paths,
                     const std::string& output, const Analyzers& analyzers, const RunInfo& info) {
  const std::string partial = output + ".partial";
  CheckSpaceForAssembly(part_paths, output);
  int64_t failed_cells = 0;
  {
    Handle file = CreateFile(partial);
    const BuildInfo build = GetBuildInfo();
    WriteAttribute(file.id(), "schema_version", kSchemaVersion);
    WriteAttribute(file.id(), "regretlab_version", build.regretlab_version);
    WriteAttribute(file.id(), "git_sha", build.git_sha);
    WriteAttribute(file.id(), "build", build.build);
    WriteAttribute(file.id(), "created_utc", UtcNow());
    WriteAttribute(file.id(), "name", plan.name);
    WriteAttribute(file.id(), "spec_file", plan.spec_file);
    WriteAttribute(file.id(), "spec_toml", plan.spec_toml);
    WriteAttribute(file.id(), "spec_canonical", plan.spec_canonical);
    WriteAttribute(file.id(), "spec_hash", core::HexId(plan.spec_hash));
    WriteAttribute(file.id(), "overrides", Joined(plan.overrides, "\n"));
    WriteAttribute(file.id(), "seed", static_cast<int64_t>(plan.seed));

    Handle checkpoints = CreateGroup(file.id(), "checkpoints");
    Handle cells = CreateGroup(file.id(), "cells");
    Handle cost = CreateGroup(file.id(), "cost");

    std::vector<bool> cell_failed(plan.cells.size(), false);
    // Units of each cell, in replicate order.
    std::vector<std::vector<size_t>> units_of_cell(plan.cells.size());
    for (size_t u = 0; u < plan.units.size(); ++u) {
      units_of_cell[plan.units[u].cell_index].push_back(u);
    }
    for (size_t c = 0; c < plan.cells.size(); ++c) {
      const plan::CellPlan& cell = plan.cells[c];
      if (!Exists(checkpoints.id(), cell.checkpoints.name)) {
        WriteIntVector(checkpoints.id(), cell.checkpoints.name, cell.checkpoints.rounds);
      }
      const int64_t num_checkpoints = static_cast<int64_t>(cell.checkpoints.rounds.size());
      const size_t total = static_cast<size_t>(cell.replicates * num_checkpoints);
      CellData data;
      data.cell = &cell;
      data.metric_names = cell.metrics;
      data.metrics.assign(cell.metrics.size(), std::vector<double>(total));
      data.bound_names = cell.bounds;
      std::vector<std::vector<double>> bound_values(cell.bounds.size(), std::vector<double>(total));
      std::vector<double> wall_seconds(total);
      double seconds = 0;
      for (size_t u : units_of_cell[c]) {
        const engine::UnitResult part = ReadPart(part_paths[u], plan, u);
        seconds += part.seconds;
        if (!part.error.empty()) {
          if (data.error.empty()) data.error = part.error;
          continue;
        }
        const size_t offset = static_cast<size_t>(part.first_replicate * num_checkpoints);
        for (size_t m = 0; m < cell.metrics.size(); ++m) {
          std::copy(part.metrics[m].begin(), part.metrics[m].end(),
                    data.metrics[m].begin() + offset);
        }
        for (size_t b = 0; b < cell.bounds.size(); ++b) {
          std::copy(part.bounds[b].begin(), part.bounds[b].end(), bound_values[b].begin() + offset);
        }
        std::copy(part.wall_seconds.begin(), part.wall_seconds.end(),
                  wall_seconds.begin() + offset);
      }

      Handle group = CreateGroup(cells.id(), cell.id);
      WriteAttribute(group.id(), "environment", cell.environment.canonical);
      if (!cell.environment.summary.empty()) {
        WriteAttribute(group.id(), "environment_summary", cell.environment.summary);
      }
      WriteAttribute(group.id(), "algorithm", cell.algorithm.canonical);
      WriteAttribute(group.id(), "environment_name", cell.environment.name);
      WriteAttribute(group.id(), "algorithm_name", cell.algorithm.name);
      WriteAttribute(group.id(), "protocol", cell.protocol);
      WriteAttribute(group.id(), "horizon", cell.horizon);
      WriteAttribute(group.id(), "replicates", cell.replicates);
      WriteAttribute(group.id(), "seed", static_cast<int64_t>(cell.seed));
      WriteAttribute(group.id(), "checkpoints", "/checkpoints/" + cell.checkpoints.name);
      WriteAttribute(group.id(), "metrics", Joined(cell.metrics, ","));
      WriteAttribute(group.id(), "canonical", cell.canonical);
      WriteParamAttributes(CreateGroup(group.id(), "parameters/environment").id(),
                           cell.environment.params);
      WriteParamAttributes(CreateGroup(group.id(), "parameters/algorithm").id(),
                           cell.algorithm.params);
      cell_failed[c] = !data.error.empty();
      if (!data.error.empty()) {
        ++failed_cells;
        WriteAttribute(group.id(), "status", "failed");
        WriteAttribute(group.id(), "error", data.error);
        continue;
      }
      WriteAttribute(group.id(), "status", "complete");
      for (size_t m = 0; m < cell.metrics.size(); ++m) {
        WriteMatrix(group.id(), cell.metrics[m], data.metrics[m], cell.replicates, num_checkpoints);
        const engine::Summary summary =
            engine::Summarise(data.metrics[m], cell.replicates, num_checkpoints);
        Handle summary_group = CreateGroup(group.id(), "summary/" + cell.metrics[m]);
        WriteVector(summary_group.id(), "mean", summary.mean);
        WriteVector(summary_group.id(), "stderr", summary.stderr_of_mean);
        WriteVector(summary_group.id(), "q05", summary.q05);
        WriteVector(summary_group.id(), "q50", summary.q50);
        WriteVector(summary_group.id(), "q95", summary.q95);
      }
      // A bound's curve is its mean over replicates (it may depend on a per-replicate instance:
      // E[R] <= E[B(instance)]). NaN anywhere means its hypotheses failed: not applicable.
      data.bound_curves.resize(cell.bounds.size());
      for (size_t b = 0; b < cell.bounds.size(); ++b) {
        std::vector<double> curve(static_cast<size_t>(num_checkpoints), 0.0);
        bool applicable = true;
        for (int64_t k = 0; k < num_checkpoints; ++k) {
          double sum = 0;
          for (int64_t r = 0; r < cell.replicates; ++r) {
            sum += bound_values[b][static_cast<size_t>(r * num_checkpoints + k)];
          }
          curve[k] = sum / static_cast<double>(cell.replicates);
          applicable = applicable && std::isfinite(curve[k]);
        }
        if (applicable) data.bound_curves[b] = curve;
      }
      Handle bounds_group = CreateGroup(group.id(), "bounds");
      for (size_t b = 0; b < cell.bounds.size(); ++b) {
        if (data.bound_curves[b].empty()) continue;
        WriteVector(bounds_group.id(), cell.bounds[b], data.bound_curves[b]);
        const registry::BoundSpec* spec = registry::Registry::Get().FindBound(cell.bounds[b]);
        Handle dataset(H5Dopen2(bounds_group.id(), cell.bounds[b].c_str(), H5P_DEFAULT), H5Dclose);
        WriteAttribute(dataset.id(), "kind", registry::BoundKindName(spec->kind));
        WriteAttribute(dataset.id(), "metric", spec->metric);
        WriteAttribute(dataset.id(), "citation", spec->citation);
        WriteAttribute(dataset.id(), "formula", spec->formula);
        WriteAttribute(dataset.id(), "constants_checked",
                       static_cast<int64_t>(spec->constants_checked ? 1 : 0));
      }
      if (analyzers.cell) WriteAnalysis(group.id(), analyzers.cell(data));

      Handle cost_group = CreateGroup(cost.id(), cell.id);
      WriteMatrix(cost_group.id(), "wall_seconds", wall_seconds, cell.replicates, num_checkpoints);
      WriteAttribute(cost_group.id(), "seconds", seconds);
    }
    WriteIndex(file.id(), plan, cell_failed);
    if (analyzers.experiment) analyzers.experiment(file.id(), plan);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    WriteAttribute(cost.id(), "peak_bytes", static_cast<int64_t>(usage.ru_maxrss) * 1024);
    WriteAttribute(cost.id(), "threads", static_cast<int64_t>(info.threads));
    WriteAttribute(cost.id(), "host", info.host);
  }
  FsyncPath(partial, false);
  fs::rename(partial, output);
  const fs::path parent = fs::path(output).parent_path();
  FsyncPath(parent.empty() ? "." : parent.string(), true);
  return failed_cells;
}

}  // namespace regretlab::record
