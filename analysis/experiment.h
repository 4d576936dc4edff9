// What spans the cells of a result file: the sweeps it contains and the exponent of final regret
// in each swept parameter, paired comparisons against a baseline algorithm, and the claims the
// spec states (docs/claims.md). Each is computed from the file alone (its /index and typed
// parameters, schema v2), written under /sweeps, /paired and /claims when a run is assembled,
// and read back by `report`, `verify` and the Python package.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/statistics.h"
#include "sim/core/params.h"
#include "sim/plan/plan.h"
#include "sim/record/recorder.h"

namespace regretlab::analysis {

// A cell as the experiment-level analysis sees it (read from /index and /cells/<id>).
struct CellInfo {
  std::string id, protocol, environment_name, algorithm_name, status;
  std::string environment, algorithm;  // canonical texts
  core::Params environment_params, algorithm_params;
  int64_t horizon = 0, replicates = 0, seed = 0;
  std::vector<std::string> metrics;
};
// The cells in /index order (the report's order).
std::vector<CellInfo> ReadCells(hid_t file);

// One sweep: cells equal in everything but one numeric parameter, with 3 or more positive values.
struct Sweep {
  std::string parameter;  // "horizon", "environment.<p>" or "algorithm.<p>"
  std::string metric;
  std::string environment_name, algorithm_name;
  std::string label;  // what is held fixed
  std::vector<std::string> cell_ids;
  std::vector<double> values, final_mean, final_ci_low, final_ci_high, bound_final;
  double exponent = 0, exponent_ci_low = 0, exponent_ci_high = 0;
  std::string theory_bound;  // a bound on `metric` every cell of the sweep evaluates, or ""
  double theory_exponent = 0;
};
std::vector<Sweep> FindSweeps(hid_t file, const std::vector<CellInfo>& cells);

// A paired comparison of final values per replicate (common random numbers make the pairs).
struct PairedComparison {
  std::string cell_id, baseline_cell_id, metric;
  double mean_difference = 0, ci_low = 0, ci_high = 0, baseline_mean = 0;
  int64_t replicates = 0;
};
// Every cell not of `baseline` paired with each cell of `baseline` that has the same
// environment (canonical text), horizon, replicates and seed, whatever the algorithms' own
// parameters; for each metric fitted in sweeps that both record (or `metric` when given).
std::vector<PairedComparison> PairWithBaseline(hid_t file, const std::vector<CellInfo>& cells,
                                               const std::string& baseline,
                                               const std::string& metric = "");

struct ClaimResult {
  plan::ClaimSpec claim;
  std::string status;  // reproduced | not reproduced | inconclusive | not evaluated (...)
  double measured = 0, measured_ci_low = 0, measured_ci_high = 0;
  std::string detail;
};
// `full_size_run`: the run had no --set overrides (a claim marked full_size needs one).
std::vector<ClaimResult> EvaluateClaims(hid_t file, const std::vector<CellInfo>& cells,
                                        const std::vector<Sweep>& sweeps,
                                        const std::vector<plan::ClaimSpec>& claims,
                                        bool full_size_run);

// Writes /sweeps, /paired (the spec's baseline) and /claims into an open file whose cells and
// /index are written: the recorder's ExperimentAnalyzer.
void AnalyseExperiment(hid_t file, const plan::Plan& plan);

// What the recorder runs when it assembles a file: AnalyseCell (verdict.h) per cell, then
// AnalyseExperiment.
record::Analyzers ResultAnalyzers();

// Read back what AnalyseExperiment wrote.
std::vector<Sweep> ReadSweeps(hid_t file);
std::vector<PairedComparison> ReadPaired(hid_t file);
std::vector<ClaimResult> ReadClaims(hid_t file);

// The interval [low, high] judged against a claim's expectation: "reproduced" when it lies
// inside it, "not reproduced" when it lies wholly outside, "inconclusive" otherwise (or when the
// interval is unknown).
std::string JudgeInterval(const plan::ClaimSpec& claim, const Interval& measured);

}  // namespace regretlab::analysis
