// Bound verdicts and the per-cell analysis written into result files (DESIGN §6).
//
// For an upper bound B(t) on a metric with replicate mean m(t) and 95% band [lo(t), hi(t)]:
//   holds        hi(t) <= B(t) at every checkpoint,
//   violated     lo(t) >  B(t) at some checkpoint,
//   inconclusive otherwise;
//   "inconclusive (too few replicates)" with fewer than 2 replicates (no interval);
//   "holds (unverified term dominates)" when it holds but more than half of the bound's final
//   value rests on constants not checked at the source.
// Lower bounds mirror this. An asymptotic lower bound (Lai–Robbins) only says something as
// t → ∞, so it is compared at the final checkpoint only, and a run below it is "inconclusive",
// never "violated" (finite-time regret of asymptotically optimal algorithms is often below it).
#pragma once

#include <string>
#include <vector>

#include "sim/record/recorder.h"
#include "sim/registry/registry.h"

namespace regretlab::analysis {

struct Verdict {
  std::string verdict;     // holds | violated | inconclusive | not_applicable (and the above)
  double max_ratio = 0;    // max over checkpoints of mean / bound (upper); min for lower bounds
  double final_ratio = 0;  // mean / bound at the final checkpoint
};

Verdict JudgeBound(registry::BoundKind kind, const std::vector<double>& metric_matrix,
                   int64_t replicates, const std::vector<int64_t>& rounds,
                   const std::vector<double>& bound_curve);

// The CellAnalyzer the recorder calls for each cell: final intervals, log–log slopes and verdicts.
std::vector<record::AttributeGroup> AnalyseCell(const record::CellData& data);

}  // namespace regretlab::analysis
