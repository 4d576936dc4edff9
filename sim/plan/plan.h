// Experiment spec (TOML) → plan of cells and work units.
//
// The plan is a pure function of the spec text and the overrides: the same input gives the same
// cells, the same ids and the same units on every machine. A cell is one environment × one
// algorithm × one parameter point × one horizon; a work unit is a cell × a block of replicates.
// Sharding takes units by id, never by timing.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::plan {

struct ComponentChoice {
  std::string name;
  core::Params params;
  std::string canonical;  // name + params.CanonicalText()
  std::string summary;    // the component's summarize hook, when it has one (registry.h)
};

struct CheckpointGrid {
  std::string name;             // e.g. "geometric_60_T10000"; keys /checkpoints/<name>
  std::vector<int64_t> rounds;  // increasing, 1-based, last = horizon
};

struct CellPlan {
  std::string id;  // "<environment>-<algorithm>-<hex16 of canonical text>"
  std::string canonical;
  ComponentChoice environment;
  ComponentChoice algorithm;
  std::string protocol;
  int64_t horizon = 0;
  int64_t replicates = 0;
  uint64_t seed = 0;
  uint64_t environment_id = 0;  // keys the environment's random streams (no algorithm in it)
  CheckpointGrid checkpoints;
  std::vector<std::string> metrics;  // recorded metrics, in protocol order
  std::vector<std::string> bounds;   // bound names to evaluate
};

struct WorkUnit {
  std::string id;  // "<cell id>/r<first>-<end>"
  size_t cell_index = 0;
  int64_t first_replicate = 0;
  int64_t count = 0;
};

// Which cells a claim concerns: component names, a horizon and parameter values a cell must
// match (keys as the columns of the file's /index: "environment.<p>", "algorithm.<p>").
struct CellSelector {
  std::string environment;  // a component name; empty: any
  std::string algorithm;
  int64_t horizon = 0;  // 0: any
  std::map<std::string, core::ParamValue> environment_params;
  std::map<std::string, core::ParamValue> algorithm_params;
  std::string text;  // as written, for messages
  bool Matches(const std::string& environment_name, const std::string& algorithm_name,
               int64_t cell_horizon, const core::Params& environment_values,
               const core::Params& algorithm_values) const;
  bool Matches(const CellPlan& cell) const {
    return Matches(cell.environment.name, cell.algorithm.name, cell.horizon,
                   cell.environment.params, cell.algorithm.params);
  }
};

// A claim an experiment tests ([[claims]] in the spec; docs/claims.md): a quantity measured on
// some cells, what the source says it should be, and where the source says it.
struct ClaimSpec {
  std::string name;
  std::string quantity;  // exponent | verdict | difference | ratio | final
  std::string metric;    // the recorded metric (verdict: the bound's)
  std::string source;
  std::string description;
  CellSelector cells;
  CellSelector versus;    // difference and ratio: the cells compared against
  std::string parameter;  // exponent: "horizon", "environment.<p>" or "algorithm.<p>"
  std::string bound;      // verdict
  std::string expected_verdict;
  double expected = std::numeric_limits<double>::quiet_NaN();
  double tolerance = std::numeric_limits<double>::quiet_NaN();
  double at_most = std::numeric_limits<double>::quiet_NaN();
  double at_least = std::numeric_limits<double>::quiet_NaN();
  bool full_size = false;  // only a run without --set overrides can test it
};

struct Plan {
  std::string name;
  std::string spec_file;
  std::string spec_toml;               // verbatim file text
  std::string spec_canonical;          // canonical text of the whole plan, after overrides
  uint64_t spec_hash = 0;              // StableHash64(spec_canonical)
  std::vector<std::string> overrides;  // the --set KEY=VALUE strings, in order
  uint64_t seed = 0;
  std::vector<CellPlan> cells;
  std::vector<WorkUnit> units;  // ordered by (cell, first replicate)
  std::vector<ClaimSpec> claims;
  std::string baseline;  // an algorithm name: paired comparisons
  std::vector<std::string>
      reduced_overrides;  // `reduced = [...]`: --set texts for `verify --reduced`
};

// Parses and validates a spec. Every user error is a ConfigError naming the file, line and key.
Plan LoadPlan(const std::string& spec_file, const std::vector<std::string>& overrides = {});
Plan ParsePlan(const std::string& spec_text, const std::string& spec_file,
               const std::vector<std::string>& overrides = {});

CheckpointGrid GeometricGrid(int64_t horizon, int64_t count);
CheckpointGrid LinearGrid(int64_t horizon, int64_t count);

// The cells in the order a reader expects them (the report, the file's /index): by environment
// name, algorithm name, environment parameters, algorithm parameters (numbers numerically:
// core::CompareParams), then horizon. Returns indices into plan.cells.
std::vector<size_t> ReportOrder(const Plan& plan);
struct ReportKey {
  const std::string& environment_name;
  const std::string& algorithm_name;
  const core::Params& environment_params;
  const core::Params& algorithm_params;
  int64_t horizon;
};
bool ReportLess(const ReportKey& a, const ReportKey& b);

// Units of shard `index` of `count` (0-based): the units whose position in the plan's id order is
// `index` modulo `count`. The order is a pure function of the spec, so is the split.
std::vector<size_t> ShardUnits(const Plan& plan, int64_t index, int64_t count);

}  // namespace regretlab::plan
