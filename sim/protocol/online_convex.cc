// Registers the online_convex protocol: domains and their projections, the round loop with its
// regret accounting, the check of a cell when the spec is read, and the unit runner.
#include "sim/protocol/online_convex.h"

#include <chrono>
#include <functional>
#include <limits>

#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/protocol/unit_support.h"

namespace regretlab::protocol {

void ProjectOntoBall(std::span<double> y, double radius) {
  double squared = 0;
  for (const double v : y) squared += v * v;
  if (squared <= radius * radius) return;
  const double scale = radius / std::sqrt(squared);
  for (double& v : y) v *= scale;
}

void ProjectOntoSimplex(std::span<double> y, std::vector<double>& scratch) {
  // Spec §1.5(c): u = y sorted decreasingly; ρ = max{j : u_j − (Σ_{r≤j} u_r − 1)/j > 0};
  // θ = (Σ_{r≤ρ} u_r − 1)/ρ; x = max(y − θ, 0). j = 1 always qualifies, so ρ ≥ 1.
  scratch.assign(y.begin(), y.end());
  std::sort(scratch.begin(), scratch.end(), std::greater<double>());
  double prefix = 0, theta = 0;
  for (size_t j = 0; j < scratch.size(); ++j) {
    prefix += scratch[j];
    const double candidate = (prefix - 1.0) / static_cast<double>(j + 1);
    if (scratch[j] - candidate > 0) theta = candidate;
  }
  for (double& v : y) v = std::max(v - theta, 0.0);
}

Domain Domain::Ball(int64_t dimension, double radius) {
  Domain domain;
  domain.kind_ = DomainKind::kBall;
  domain.dimension_ = dimension;
  domain.size_ = radius;
  return domain;
}

Domain Domain::Simplex(int64_t dimension) {
  Domain domain;
  domain.kind_ = DomainKind::kSimplex;
  domain.dimension_ = dimension;
  domain.size_ = 1.0;
  return domain;
}

Domain Domain::Box(int64_t dimension, double half_width) {
  Domain domain = Ball(dimension, half_width);
  domain.kind_ = DomainKind::kBox;
  return domain;
}

std::string Domain::Check(const std::string& kind, int64_t dimension, double size) {
  if (kind != "ball" && kind != "simplex" && kind != "box") {
    return "unknown domain '" + kind + "'; valid: ball, simplex, box";
  }
  if (dimension < 1) return "the dimension must be >= 1, got " + std::to_string(dimension);
  if (kind != "simplex" && !(size > 0)) {
    return "the " + kind + (kind == "ball" ? " radius" : " half-width") +
           " must be > 0, got " + std::to_string(size);
  }
  return "";
}

Domain Domain::Make(const std::string& kind, int64_t dimension, double size) {
  const std::string problem = Check(kind, dimension, size);
  if (!problem.empty()) throw core::InvariantError(problem);
  if (kind == "simplex") return Simplex(dimension);
  if (kind == "box") return Box(dimension, size);
  return Ball(dimension, size);
}

const char* Domain::KindName() const {
  switch (kind_) {
    case DomainKind::kBall: return "ball";
    case DomainKind::kSimplex: return "simplex";
    case DomainKind::kBox: return "box";
  }
  return "?";
}

double Domain::Diameter() const {
  const double d = static_cast<double>(dimension_);
  switch (kind_) {
    case DomainKind::kBall: return 2 * size_;
    case DomainKind::kSimplex: return dimension_ >= 2 ? std::sqrt(2.0) : 0.0;
    case DomainKind::kBox: return 2 * size_ * std::sqrt(d);
  }
  return 0;
}

double Domain::MaxNorm() const {
  switch (kind_) {
    case DomainKind::kBall: return size_;
    case DomainKind::kSimplex: return 1.0;
    case DomainKind::kBox: return size_ * std::sqrt(static_cast<double>(dimension_));
  }
  return 0;
}

void Domain::Centre(std::span<double> x) const {
  const double value = kind_ == DomainKind::kSimplex ? 1.0 / static_cast<double>(x.size()) : 0.0;
  std::fill(x.begin(), x.end(), value);
}

void Domain::Project(std::span<double> y) const {
  switch (kind_) {
    case DomainKind::kBall: ProjectOntoBall(y, size_); return;
    case DomainKind::kSimplex: ProjectOntoSimplex(y, scratch_); return;
    case DomainKind::kBox:
      for (double& v : y) v = std::clamp(v, -size_, size_);
      return;
  }
}

double Domain::Violation(std::span<const double> x) const {
  double violation = 0;
  switch (kind_) {
    case DomainKind::kBall: {
      double squared = 0;
      for (const double v : x) squared += v * v;
      return std::max(0.0, std::sqrt(squared) - size_);
    }
    case DomainKind::kSimplex: {
      double sum = 0;
      for (const double v : x) {
        sum += v;
        violation = std::max(violation, -v);
      }
      return std::max(violation, std::fabs(sum - 1.0));
    }
    case DomainKind::kBox:
      for (const double v : x) violation = std::max(violation, std::fabs(v) - size_);
      return std::max(violation, 0.0);
  }
  return violation;
}

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
  REGRETLAB_CHECK(it != rounds.end() && *it == static_cast<double>(t), "no difficulty recorded at t = ",
                  t);
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
                                    const OcoRunContext& context) {
  const OcoInfo info = environment.Info();
  const size_t d = static_cast<size_t>(info.domain.dimension());
  const int64_t horizon = environment.horizon();
  REGRETLAB_CHECK(context.checkpoints.empty() || context.checkpoints.back() == horizon,
                  "the last checkpoint is not the horizon");
  learner.Reset(info);
  std::vector<double> x(d), gradient(d), gradient_sum(d, 0.0), comparator(d), round_minimizer(d),
      previous_minimizer(d);
  // The dynamic comparator costs a second loss evaluation per round: only when recorded, or when
  // the caller records nothing (tests read the outcome).
  const bool dynamic =
      context.dynamic_regret || context.path_length || context.checkpoints.empty();
  CompensatedSum loss_sum, expected_loss_sum, inner_sum, dynamic_comparator_sum, path;
  OcoReplicateOutcome outcome;
  size_t checkpoint = 0;
  const auto start = std::chrono::steady_clock::now();
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
    if (!(checkpoint < context.checkpoints.size() && context.checkpoints[checkpoint] == t) &&
        !last) {
      continue;
    }
    environment.BestFixedExpectedPoint(comparator);
    outcome.realized_regret = loss_sum.Value() - environment.BestFixedLoss();
    outcome.pseudo_regret =
        expected_loss_sum.Value() - environment.CumulativeExpectedLoss(comparator);
    outcome.linearized_regret = inner_sum.Value() - Dot(gradient_sum, comparator);
    outcome.dynamic_regret = loss_sum.Value() - dynamic_comparator_sum.Value();
    outcome.path_length = path.Value();
    if (checkpoint < context.checkpoints.size() && context.checkpoints[checkpoint] == t) {
      REGRETLAB_CHECK(std::isfinite(outcome.realized_regret) && std::isfinite(outcome.pseudo_regret) &&
                          std::isfinite(outcome.linearized_regret),
                      "round ", t, ": a regret is not finite");
      const size_t c = checkpoint++;
      if (context.realized_regret) context.realized_regret[c] = outcome.realized_regret;
      if (context.pseudo_regret) context.pseudo_regret[c] = outcome.pseudo_regret;
      if (context.linearized_regret) context.linearized_regret[c] = outcome.linearized_regret;
      if (context.dynamic_regret) context.dynamic_regret[c] = outcome.dynamic_regret;
      if (context.path_length) context.path_length[c] = outcome.path_length;
      if (context.wall_seconds) {
        context.wall_seconds[c] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      environment.RecordCheckpoint(t);
    }
  }
  REGRETLAB_CHECK(checkpoint == context.checkpoints.size(), "only ", checkpoint, " of ",
                  context.checkpoints.size(), " checkpoints were reached");
  return outcome;
}

std::string CheckOcoCell(const registry::ComponentSpec& environment_spec,
                         const core::Params& environment_params,
                         const registry::ComponentSpec& algorithm_spec,
                         const core::Params& algorithm_params, int64_t horizon) {
  auto environment_object = registry::Instantiate(environment_spec, environment_params);
  auto learner_object = registry::Instantiate(algorithm_spec, algorithm_params);
  auto* environment = dynamic_cast<OcoEnvironment*>(environment_object.get());
  auto* learner = dynamic_cast<OcoLearner*>(learner_object.get());
  if (!environment || !learner) return "components do not speak the online_convex protocol";
  environment->SetHorizon(horizon);
  const std::string problem = learner->Check(environment->Info());
  if (!problem.empty()) {
    return algorithm_spec.name + " cannot run on " + environment_spec.name + ": " + problem;
  }
  return "";
}

namespace {

void RunOcoUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                engine::UnitResult& result) {
  RunUnitReplicates<OcoEnvironment, OcoLearner>(
      cell, first_replicate, count, result, kOnlineConvexProtocol,
      [&](OcoEnvironment& environment, OcoLearner& learner, random::Rng& /*learner_rng*/,
          size_t offset) {
        OcoRunContext context;
        context.checkpoints = cell.checkpoints.rounds;
        context.realized_regret = MetricRow(result, "realized_regret", offset);
        context.pseudo_regret = MetricRow(result, "pseudo_regret", offset);
        context.linearized_regret = MetricRow(result, "linearized_regret", offset);
        context.dynamic_regret = MetricRow(result, "dynamic_regret", offset);
        context.path_length = MetricRow(result, "path_length", offset);
        context.wall_seconds = result.wall_seconds.data() + offset;
        RunOcoReplicate(learner, environment, context);
      });
}

std::string CheckCell(const plan::CellPlan& cell) {
  return CheckRegisteredCell(cell, CheckOcoCell);
}

registry::ProtocolSpec OnlineConvexProtocolSpec() {
  registry::ProtocolSpec spec;
  spec.name = kOnlineConvexProtocol;
  spec.summary =
      "online convex optimisation (SEA model): play x_t in a ball, simplex or box, observe the "
      "gradient of f_t ~ D_t; exact comparators";
  spec.metrics = {
      {"realized_regret", "sum f_s(x_s) - min_X sum f_s (exact best fixed point in hindsight)"},
      {"pseudo_regret",
       "expected-loss regret sum F_s(x_s) - F_s(u), u = argmin_X sum F_s (F_s = E f_s)"},
      {"linearized_regret", "sum <g_s, x_s - u>, u = argmin_X sum F_s"},
      {"dynamic_regret", "sum f_s(x_s) - f_s(u_s), u_s = argmin_X F_s"},
      {"path_length", "sum ||u_s - u_{s-1}|| of the dynamic comparator"},
  };
  spec.default_metrics = {"realized_regret", "pseudo_regret", "linearized_regret"};
  spec.metrics_for = [](const registry::ComponentSpec&, const core::Params&) {
    return std::vector<std::string>{"realized_regret", "pseudo_regret", "linearized_regret",
                                    "dynamic_regret", "path_length"};
  };
  spec.check_cell = CheckCell;
  spec.run_unit = RunOcoUnit;
  return spec;
}

[[maybe_unused]] const bool kRegistered = [] {
  registry::Registry::Mutable().AddProtocol(OnlineConvexProtocolSpec());
  return true;
}();

}  // namespace
}  // namespace regretlab::protocol
