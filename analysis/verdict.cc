#include "analysis/verdict.h"

#include <cmath>
#include <limits>

#include "analysis/statistics.h"
#include "sim/core/hash.h"
#include "sim/plan/plan.h"

namespace regretlab::analysis {

Verdict JudgeBound(registry::BoundKind kind, const std::vector<double>& metric_matrix,
                   int64_t replicates, const std::vector<int64_t>& rounds,
                   const std::vector<double>& bound_curve) {
  Verdict result;
  if (bound_curve.empty()) {
    result.verdict = "not_applicable";
    result.max_ratio = result.final_ratio = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  const int64_t checkpoints = static_cast<int64_t>(rounds.size());
  const bool lower = kind != registry::BoundKind::kUpper;
  const int64_t first = kind == registry::BoundKind::kLowerAsymptotic ? checkpoints - 1 : 0;
  bool all_inside = true, some_outside = false;
  double extreme_ratio = lower ? std::numeric_limits<double>::infinity() : 0.0;
  for (int64_t c = first; c < checkpoints; ++c) {
    const Interval band = MeanInterval(metric_matrix, replicates, checkpoints, c);
    const double bound = bound_curve[c];
    if (bound > 0) {
      const double ratio = band.estimate / bound;
      extreme_ratio = lower ? std::min(extreme_ratio, ratio) : std::max(extreme_ratio, ratio);
    }
    if (lower) {
      all_inside = all_inside && band.low >= bound;
      some_outside = some_outside || band.high < bound;
    } else {
      all_inside = all_inside && band.high <= bound;
      some_outside = some_outside || band.low > bound;
    }
  }
  // An asymptotic lower bound (Lai–Robbins) constrains only the limit t → ∞: a finite run below
  // it contradicts nothing, so it can be seen to hold but never to be violated.
  if (kind == registry::BoundKind::kLowerAsymptotic) some_outside = false;
  result.verdict = some_outside ? "violated" : all_inside ? "holds" : "inconclusive";
  // One replicate has no interval (NaN band), so nothing can be judged.
  if (replicates < 2) result.verdict = "inconclusive (too few replicates)";
  result.max_ratio = extreme_ratio;
  const Interval final_band = MeanInterval(metric_matrix, replicates, checkpoints, checkpoints - 1);
  result.final_ratio = bound_curve.back() > 0 ? final_band.estimate / bound_curve.back()
                                              : std::numeric_limits<double>::quiet_NaN();
  return result;
}

std::vector<record::AttributeGroup> AnalyseCell(const record::CellData& data) {
  std::vector<record::AttributeGroup> groups;
  const plan::CellPlan& cell = *data.cell;
  const auto& rounds = cell.checkpoints.rounds;
  const int64_t checkpoints = static_cast<int64_t>(rounds.size());
  for (size_t m = 0; m < data.metric_names.size(); ++m) {
    const std::string& metric = data.metric_names[m];
    if (metric == "best_arm_pulls") continue;  // a count, not a regret: no slope or verdict
    const Interval final_value =
        MeanInterval(data.metrics[m], cell.replicates, checkpoints, checkpoints - 1);
    const SlopeFit fit = LogLogSlope(data.metrics[m], cell.replicates, rounds,
                                     core::StableHash64(cell.id + "/" + metric));
    const double log_t = std::log(static_cast<double>(rounds.back()));
    groups.push_back({"analysis/" + metric,
                      {{"final_mean", final_value.estimate},
                       {"final_ci_low", final_value.low},
                       {"final_ci_high", final_value.high},
                       {"final_over_log_t", log_t > 0 ? final_value.estimate / log_t
                                                      : std::numeric_limits<double>::quiet_NaN()},
                       {"slope", fit.slope},
                       {"slope_ci_low", fit.low},
                       {"slope_ci_high", fit.high},
                       {"fit_t_min", fit.t_min},
                       {"fit_t_max", fit.t_max}}});
  }
  for (size_t b = 0; b < data.bound_names.size(); ++b) {
    const registry::BoundSpec* spec = registry::Registry::Get().FindBound(data.bound_names[b]);
    int metric_index = -1;
    for (size_t m = 0; m < data.metric_names.size(); ++m) {
      if (data.metric_names[m] == spec->metric) metric_index = static_cast<int>(m);
    }
    if (metric_index < 0) continue;
    Verdict verdict = JudgeBound(spec->kind, data.metrics[metric_index], cell.replicates, rounds,
                                 data.bound_curves[b]);
    // The share of the bound's final value that rests on constants nobody checked at the source.
    // A bound declares its constants checked or not as a whole (registry::BoundSpec), so the
    // share is 0 or 1; a "holds" carried by such a bound says so.
    const double unverified_share = spec->constants_checked ? 0.0 : 1.0;
    if (verdict.verdict == "holds" && unverified_share > 0.5) {
      verdict.verdict = "holds (unverified term dominates)";
    }
    groups.push_back({"verdict/" + spec->name,
                      {{"verdict", verdict.verdict},
                       {"kind", registry::BoundKindName(spec->kind)},
                       {"metric", spec->metric},
                       {"max_ratio", verdict.max_ratio},
                       {"final_ratio", verdict.final_ratio},
                       {"constants_checked", int64_t{spec->constants_checked ? 1 : 0}},
                       {"unverified_share", unverified_share},
                       {"citation", spec->citation},
                       {"formula", spec->formula}}});
  }
  return groups;
}

}  // namespace regretlab::analysis
