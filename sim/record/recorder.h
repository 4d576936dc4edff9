// Crash-safe recording of results (DESIGN §1.5, §7; recipe "checkpoint per completed unit").
//
// While a run goes on, every finished work unit is written by one writer thread to its own small
// HDF5 file in `OUT.parts/` — first to a temporary name, then closed, fsync'ed and renamed, so a
// part file either exists whole or not at all, whatever moment the process is killed at.
// `--resume` skips the units whose part exists. When every unit is there, Assemble() gathers the
// parts into `OUT.partial`, adds summaries, bounds and the analysis, and renames it to `OUT`:
// an existing OUT is only ever replaced by a complete file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"

namespace regretlab::record {

inline constexpr int64_t kSchemaVersion = 1;

struct BuildInfo {
  std::string regretlab_version;
  std::string git_sha;
  std::string build;  // compiler, flags, library versions
};
BuildInfo GetBuildInfo();

std::string PartsDirectory(const std::string& output);
std::string PartFileName(const std::string& unit_id);

// Writes one unit's part file atomically (tmp → fsync → rename → fsync dir).
void WritePart(const std::string& parts_directory, const plan::Plan& plan,
               const engine::UnitResult& result);
// Reads one unit's part file, checking it belongs to this plan and unit (ConfigError if not).
engine::UnitResult ReadPart(const std::string& path, const plan::Plan& plan, size_t unit_index);

// Scans the parts directory: deletes stale temporaries (when `remove_stale`), checks that every
// part was made by this spec and this schema (ConfigError naming the file otherwise), and returns
// done[unit] for every unit of the plan.
std::vector<bool> ScanParts(const std::string& parts_directory, const plan::Plan& plan,
                            bool remove_stale);

// The writer thread: Push() from any thread, Finish() waits for the queue to drain.
class PartWriter {
 public:
  PartWriter(const plan::Plan& plan, std::string parts_directory);
  ~PartWriter();
  void Push(engine::UnitResult&& result);
  // Waits until every pushed unit is on disk; rethrows the writer's first error.
  void Finish();
  int64_t failed_units() const;

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
  std::string error;                               // non-empty: the cell failed
};
using CellAnalyzer = std::function<std::vector<AttributeGroup>(const CellData&)>;

struct RunInfo {
  int threads = 0;
  std::string host;
};

// Gathers all parts into OUT (through OUT.partial and a rename). Returns the number of failed
// cells. Requires every unit's part (checked).
int64_t Assemble(const plan::Plan& plan, const std::string& parts_directory,
                 const std::string& output, const CellAnalyzer& analyzer, const RunInfo& info);

}  // namespace regretlab::record
