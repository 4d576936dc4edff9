// Crash-safe recording of results (DESIGN §1.5, §7; recipe "checkpoint per completed unit").
//
// While a run goes on, every finished work unit is written by one writer thread to its own small
// HDF5 file in `OUT.parts/` — first to a temporary name, then closed, fsync'ed and renamed, so a
// part file either exists whole or not at all, whatever moment the process is killed at.
// `--resume` skips the units whose part exists. When every unit is there, Assemble() gathers the
// parts into `OUT.partial`, adds summaries, bounds and the analysis, and renames it to `OUT`:
// an existing OUT is only ever replaced by a complete file.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"

namespace regretlab::record {

// 2: typed parameters (/cells/<id>/parameters), the /index table, /sweeps, /claims, /paired and
// the verdicts' unverified_share (docs/hdf5-schema.md).
inline constexpr int64_t kSchemaVersion = 2;

struct BuildInfo {
  std::string regretlab_version;
  std::string git_sha;
  std::string build;  // compiler, flags, library versions
};
BuildInfo GetBuildInfo();

std::string PartsDirectory(const std::string& output);
std::string HostName();
std::string PartFileName(const std::string& unit_id);

// Writes one unit's part file atomically (tmp → fsync → rename → fsync dir).
void WritePart(const std::string& parts_directory, const plan::Plan& plan,
               const engine::UnitResult& result);
// Reads one unit's part file, checking it belongs to this plan and unit (ConfigError if not).
engine::UnitResult ReadPart(const std::string& path, const plan::Plan& plan, size_t unit_index);

// Which temporaries of killed writers a scan deletes. Temporaries are named
// `.<part>.tmp.<host>.<pid>`, so shards on several hosts never collide.
enum class StaleTemporaries {
  kKeep,            // delete nothing (other processes may be writing)
  kDeadOnThisHost,  // delete those of this host whose process is gone (concurrent shards)
  kAll,             // delete all (nobody else writes: a single run, or MPI rank 0 before the start)
};

// Scans the parts directory: deletes stale temporaries as told, checks that every part was made
// by this spec and this schema (ConfigError naming the file otherwise), and returns done[unit]
// for every unit of the plan.
std::vector<bool> ScanParts(const std::string& parts_directory, const plan::Plan& plan,
                            StaleTemporaries stale);

// A result could not be put on disk (no space left, a read-only or vanished folder): the message
// names the file and the system's reason. What was written before stays valid for --resume.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes `bytes` to `path` (created or truncated) and fsyncs it; on any failure removes `path`
// and throws StorageError with errno's text.
void WriteFileDurably(const std::string& path, const std::vector<char>& bytes);

// The writer thread: Push() from any thread, Finish() waits for the queue to drain. After the
// first error it writes nothing more (failed() turns true, so the caller can stop starting work).
class PartWriter {
 public:
  PartWriter(const plan::Plan& plan, std::string parts_directory);
  ~PartWriter();
  void Push(engine::UnitResult&& result);
  // Waits until every pushed unit is on disk; rethrows the writer's first error.
  void Finish();
  int64_t failed_units() const;
  bool failed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What the analysis adds to a cell: attributes on groups below /cells/<id>/.
using AttributeValue = std::variant<int64_t, double, std::string>;
struct AttributeGroup {
  std::string path;  // relative to the cell group, e.g. "verdict/ucb1_auer2002"
  std::vector<std::pair<std::string, AttributeValue>> attributes;
};

struct CellData {
  const plan::CellPlan* cell = nullptr;
  std::vector<std::string> metric_names;
  std::vector<std::vector<double>> metrics;  // [metric][replicate * C + checkpoint]
  std::vector<std::string> bound_names;
  std::vector<std::vector<double>> bound_curves;  // [bound][checkpoint]; empty if not applicable
  std::string error;                              // non-empty: the cell failed
};
using CellAnalyzer = std::function<std::vector<AttributeGroup>(const CellData&)>;
// Runs on the open, complete file (every cell written, /index too) before it is renamed into
// place: what spans cells (sweep fits, claims, paired comparisons) is written here.
using ExperimentAnalyzer = std::function<void(hid_t file, const plan::Plan& plan)>;
struct Analyzers {
  CellAnalyzer cell;
  ExperimentAnalyzer experiment;
};

struct RunInfo {
  int threads = 0;
  std::string host;
};

// Gathers all parts into OUT (through OUT.partial and a rename). Returns the number of failed
// cells. Requires every unit's part (checked). First checks that OUT's file system has room for
// it (StorageError otherwise, before writing: the parts stay for --resume or merge).
int64_t Assemble(const plan::Plan& plan, const std::string& parts_directory,
                 const std::string& output, const Analyzers& analyzers, const RunInfo& info);
// The same from an explicit part file per unit (part_paths[unit index]), e.g. gathered from the
// folders of several shards.
int64_t AssembleFrom(const plan::Plan& plan, const std::vector<std::string>& part_paths,
                     const std::string& output, const Analyzers& analyzers, const RunInfo& info);

// What `regretlab merge` starts from: the parts found in `sources` (part folders or part files),
// the plan rebuilt from the spec text recorded in them, and one part path per unit.
struct CollectedParts {
  plan::Plan plan;
  std::vector<std::string> part_paths;  // by unit index
  int64_t duplicates = 0;               // identical copies of a unit found more than once
};
// Checks provenance (every part of one spec, schema and code version; ConfigError naming the two
// disagreeing files otherwise), duplicates (two different results for one unit are refused) and
// completeness (ConfigError listing missing units).
CollectedParts CollectParts(const std::vector<std::string>& sources);

}  // namespace regretlab::record
