// The online_convex protocol's loop file: domains and their projections, the round loop with
// its regret accounting, the check of a cell when the spec is read, the SEA phase-diagram report
// section, and the protocol's registration.
#include "sim/protocol/online_convex.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <ostream>

#include "sim/record/hdf5.h"
#include "sim/record/result_view.h"

namespace regretlab::protocol {

registry::OracleInfo OcoEnvironment::Oracle() const {
  registry::OracleInfo oracle;
  const OcoInfo info = Info();
  oracle.scalars["horizon"] = static_cast<double>(horizon_);
  oracle.scalars["dimension"] = static_cast<double>(info.domain.dimension());
  oracle.scalars["diameter"] = info.domain.Diameter();
  oracle.scalars["gradient_bound"] = info.gradient_bound;
  oracle.scalars["smoothness"] = info.smoothness;
  oracle.scalars["strong_convexity"] = info.strong_convexity;
  oracle.scalars["exp_concavity"] = info.exp_concavity;
  oracle.scalars["simplex"] = info.domain.kind() == DomainKind::kSimplex ? 1 : 0;
  AddOracleScalars(oracle);
  auto& rounds = oracle.vectors["difficulty_rounds"];
  auto& sigma2 = oracle.vectors["sigma2_cumulative"];
  auto& Sigma2 = oracle.vectors["Sigma2_cumulative"];
  auto& harmonic = oracle.vectors["Sigma2_harmonic"];
  rounds = snapshot_rounds_;
  for (const SeaDifficulty& snapshot : snapshots_) {
    sigma2.push_back(snapshot.sigma2_cumulative);
    Sigma2.push_back(snapshot.Sigma2_cumulative);
    harmonic.push_back(snapshot.Sigma2_harmonic);
  }
  return oracle;
}

double OracleAt(const registry::OracleInfo& oracle, const char* name, int64_t t) {
  const std::vector<double>& rounds = oracle.Vector("difficulty_rounds");
  const std::vector<double>& values = oracle.Vector(name);
  const auto it = std::lower_bound(rounds.begin(), rounds.end(), static_cast<double>(t));
  REGRETLAB_CHECK(it != rounds.end() && *it == static_cast<double>(t),
                  "no difficulty recorded at t = ", t);
  return values[static_cast<size_t>(it - rounds.begin())];
}

namespace {

double Dot(std::span<const double> a, std::span<const double> b) {
  double dot = 0;
  for (size_t i = 0; i < a.size(); ++i) dot += a[i] * b[i];
  return dot;
}

}  // namespace

OcoReplicateOutcome RunOcoReplicate(OcoLearner& learner, OcoEnvironment& environment,
                                    CheckpointWriter<OnlineConvexProtocol>* writer) {
  using Metric = OnlineConvexProtocol::Metric;
  CheckpointWriter<OnlineConvexProtocol> nothing({});
  CheckpointWriter<OnlineConvexProtocol>& out = writer != nullptr ? *writer : nothing;
  const OcoInfo info = environment.Info();
  const size_t d = static_cast<size_t>(info.domain.dimension());
  const int64_t horizon = environment.horizon();
  REGRETLAB_CHECK(out.checkpoints().empty() || out.checkpoints().back() == horizon,
                  "the last checkpoint is not the horizon");
  learner.Reset(info);
  std::vector<double> x(d), gradient(d), gradient_sum(d, 0.0), comparator(d), round_minimizer(d),
      previous_minimizer(d);
  // The dynamic comparator costs a second loss evaluation per round: only when recorded, or when
  // the caller records nothing (tests read the outcome).
  const bool dynamic = out.Records(Metric::kDynamicRegret) || out.Records(Metric::kPathLength) ||
                       out.checkpoints().empty();
  CompensatedSum<> loss_sum, expected_loss_sum, inner_sum, dynamic_comparator_sum, path;
  OcoReplicateOutcome outcome;
  for (int64_t t = 1; t <= horizon; ++t) {
    learner.Play(x);
    const double violation = info.domain.Violation(x);
    outcome.max_violation = std::max(outcome.max_violation, violation);
    REGRETLAB_CHECK(violation <= 1e-9 && std::isfinite(violation), "round ", t, ": the play is ",
                    violation, " outside the ", info.domain.KindName());
    environment.NextRound();
    loss_sum.Add(environment.Loss(x));
    expected_loss_sum.Add(environment.ExpectedLoss(x));
    environment.Gradient(x, gradient);
    inner_sum.Add(Dot(gradient, x));
    for (size_t i = 0; i < d; ++i) gradient_sum[i] += gradient[i];
    if (dynamic) {
      environment.RoundMinimizer(round_minimizer);
      dynamic_comparator_sum.Add(environment.Loss(round_minimizer));
      if (t > 1) {
        double squared = 0;
        for (size_t i = 0; i < d; ++i) {
          const double step = round_minimizer[i] - previous_minimizer[i];
          squared += step * step;
        }
        path.Add(std::sqrt(squared));
      }
      std::swap(round_minimizer, previous_minimizer);
    }
    learner.Observe(gradient);
    const bool last = t == horizon;
    const bool due = out.Due(t);
    if (!due && !last) continue;
    environment.BestFixedExpectedPoint(comparator);
    outcome.realized_regret = loss_sum.Value() - environment.BestFixedLoss();
    outcome.pseudo_regret =
        expected_loss_sum.Value() - environment.CumulativeExpectedLoss(comparator);
    outcome.linearized_regret = inner_sum.Value() - Dot(gradient_sum, comparator);
    outcome.dynamic_regret = loss_sum.Value() - dynamic_comparator_sum.Value();
    outcome.path_length = path.Value();
    if (due) {
      REGRETLAB_CHECK(std::isfinite(outcome.realized_regret) &&
                          std::isfinite(outcome.pseudo_regret) &&
                          std::isfinite(outcome.linearized_regret),
                      "round ", t, ": a regret is not finite");
      out.Put(Metric::kRealizedRegret, outcome.realized_regret);
      out.Put(Metric::kPseudoRegret, outcome.pseudo_regret);
      out.Put(Metric::kLinearizedRegret, outcome.linearized_regret);
      out.Put(Metric::kDynamicRegret, outcome.dynamic_regret);
      out.Put(Metric::kPathLength, outcome.path_length);
      out.Advance();
      environment.RecordCheckpoint(t);
    }
  }
  out.Finish();
  return outcome;
}

std::string OnlineConvexProtocol::CheckCell(const CellCheck<OnlineConvexProtocol>& check) {
  const OcoEnvironment* environment = &check.environment;
  const OcoLearner* learner = &check.learner;
  const registry::ComponentSpec& environment_spec = check.environment_spec;
  const registry::ComponentSpec& algorithm_spec = check.algorithm_spec;
  const std::string problem = learner->Check(environment->Info());
  if (!problem.empty()) {
    return algorithm_spec.name + " cannot run on " + environment_spec.name + ": " + problem;
  }
  return "";
}

void OnlineConvexProtocol::RunReplicate(OcoLearner& learner, OcoEnvironment& environment,
                                        ReplicateStreams& /*streams*/,
                                        CheckpointWriter<OnlineConvexProtocol>& writer) {
  RunOcoReplicate(learner, environment, &writer);
}

// SEA phase diagrams (docs/theory/oco.md §2.6): cells whose environment has both `s` and `rho`
// parameters, grouped by (algorithm, horizon, the environment's other parameters); per group with
// ≥ 2 values of each, the table of the final ratio regret / sea_convex_proxy (the verdict's
// final_ratio) over the grid.
void OnlineConvexProtocol::ReportExperiment(int64_t file, std::ostream& out) {
  const std::string proxy = "sea_convex_proxy";
  // group → (s, rho) → final ratio
  std::map<std::string, std::map<std::pair<double, double>, double>> groups;
  record::Handle cells = record::OpenGroup(file, "cells");
  for (const std::string& id : record::ChildNames(cells.id())) {
    record::Handle cell = record::OpenGroup(cells.id(), id);
    if (record::ReadStringAttribute(cell.id(), "status") != "complete") continue;
    if (!record::Exists(cell.id(), "verdict/" + proxy)) continue;
    std::string environment = record::ReadStringAttribute(cell.id(), "environment");
    const auto params = record::CanonicalParams(environment);
    auto s = params.find("s"), rho = params.find("rho");
    if (s == params.end() || rho == params.end()) continue;
    for (const std::string key : {"rho", "s"}) {  // rho first: "s=" also ends "rhos=..."-free text
      const std::string item = key + "=" + params.at(key);
      const size_t at =
          environment.find((environment.find("{" + item) != std::string::npos ? "{" : ",") + item);
      if (at != std::string::npos) environment.replace(at + 1, item.size(), key + "=*");
    }
    record::Handle verdict = record::OpenGroup(cell.id(), "verdict/" + proxy);
    const std::string group =
        "T=" + std::to_string(record::ReadIntAttribute(cell.id(), "horizon")) + " " +
        record::ReadStringAttribute(cell.id(), "algorithm") + " on " + environment;
    groups[group][{std::stod(s->second), std::stod(rho->second)}] =
        record::ReadDoubleAttribute(verdict.id(), "final_ratio");
  }
  bool header = false;
  for (const auto& [group, grid] : groups) {
    std::vector<double> s_values, rho_values;
    for (const auto& [point, ratio] : grid) {
      if (std::find(s_values.begin(), s_values.end(), point.first) == s_values.end()) {
        s_values.push_back(point.first);
      }
      if (std::find(rho_values.begin(), rho_values.end(), point.second) == rho_values.end()) {
        rho_values.push_back(point.second);
      }
    }
    if (s_values.size() < 2 || rho_values.size() < 2) continue;
    std::sort(s_values.begin(), s_values.end());
    std::sort(rho_values.begin(), rho_values.end());
    if (!header) {
      out << "\nSEA phase diagrams: final mean "
          << "pseudo-regret / sea_convex_proxy "
          << "(D(sqrt(sigma^2_1:T) + sqrt(Sigma^2_1:T)) + L D^2, docs/theory/oco.md §2.6), rows s, "
             "columns rho; "
             "max/min over the grid\n";
      header = true;
    }
    double largest = 0, smallest = std::numeric_limits<double>::infinity();
    out << "   " << group << "\n      s \\ rho ";
    for (double rho : rho_values) out << fmt::format("{:>9}", record::FormatNumber(rho, 3));
    out << "\n";
    for (double s : s_values) {
      out << fmt::format("      {:<9}", record::FormatNumber(s, 3));
      for (double rho : rho_values) {
        auto it = grid.find({s, rho});
        const double ratio = it == grid.end() ? std::nan("") : it->second;
        if (std::isfinite(ratio)) {
          largest = std::max(largest, ratio);
          smallest = std::min(smallest, ratio);
        }
        out << fmt::format("{:>9}", record::FormatNumber(ratio, 3));
      }
      out << "\n";
    }
    out << fmt::format("      max/min ratio over the grid: {}\n",
                       record::FormatNumber(largest / smallest, 3));
  }
}

REGRETLAB_REGISTER_PROTOCOL(OnlineConvexProtocol);

}  // namespace regretlab::protocol
