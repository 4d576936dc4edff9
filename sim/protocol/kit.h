// The protocol kit: every protocol is a typed plug-in built from these pieces, as an algorithm is
// (docs/adding-an-algorithm.md, "Adding a protocol"). A protocol is a traits type P:
//
//   struct MyProtocol {
//     static constexpr const char* kName = "my_protocol";   // stable snake_case: keys files
//     static constexpr const char* kSummary = "one line";
//     using Environment = MyEnvironment;   // derives from registry::Component; has SetHorizon(T),
//                                          // Reset(const StreamKey&) and Oracle()
//     using Learner = MyLearner;           // derives from registry::Component
//     template <class A> using Adapter = MyAdapter<A>;   // optional: wraps plain algorithm
//                                          // classes that do not derive from Learner
//     enum class Metric { kRegret, ... };  // in the order of kMetrics
//     static constexpr std::array kMetrics = {MetricDef{"regret", "help", "unit", true}, ...};
//     static void RunReplicate(Learner&, Environment&, ReplicateStreams&,
//                              CheckpointWriter<MyProtocol>&);
//     static std::string CheckCell(const CellCheck<MyProtocol>&);   // optional, at spec reading
//     static void ReportCell(const ReportCellView&, std::ostream&);  // optional report section
//     static void ReportExperiment(int64_t file, std::ostream&);      // optional report section
//   };
//   REGRETLAB_REGISTER_PROTOCOL(MyProtocol);                              // in its loop file
//
// and components register with REGRETLAB_REGISTER_ALGORITHM(MyProtocol, Class, spec) and
// REGRETLAB_REGISTER_ENVIRONMENT(MyProtocol, Class, spec). The kit supplies what every protocol
// used to write again: registration, the unit runner (components, streams, bounds, timing), the
// typed checkpoint writer (finite check and wall clock in one place), the metrics a cell records
// (from capability flags set at registration), and the typed cell check. No protocol includes
// another protocol's header.
#pragma once

#include <array>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/check.h"
#include "sim/core/compensated_sum.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/random/rng.h"
#include "sim/registry/registration.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

using core::CompensatedSum;

// One row of a protocol's compile-time metric table.
struct MetricDef {
  const char* name;  // stable snake_case: the dataset name under /cells/<cell>/
  const char* help;
  const char* unit;
  bool fit_in_sweeps = false;                // the report fits its exponent in swept parameters
  uint32_t needs = registry::kNoCapability;  // capabilities the algorithm must have
  const char* needs_true_param = "";         // recorded only when this bool parameter is true
  bool recorded_by_default = true;           // part of the default `metrics` of a spec
};

// ---- Capabilities, from the class's concepts at registration. ----

// The distribution p_t from which the last draw was made (bandit and contextual learners).
template <class A>
concept ExposesDistribution = requires(const A algorithm) {
  { algorithm.Distribution() } -> std::convertible_to<std::span<const double>>;
};

template <class A>
std::span<const double> DistributionOf(const A& algorithm) {
  if constexpr (ExposesDistribution<A>) {
    return algorithm.Distribution();
  } else {
    return {};
  }
}

template <class A>
constexpr uint32_t CapabilitiesOf() {
  uint32_t capabilities = registry::kNoCapability;
  if constexpr (ExposesDistribution<A>) capabilities |= registry::kExposesDistribution;
  return capabilities;
}

// ---- The streams of one replicate (DESIGN §4). ----

// The environment's key excludes the algorithm (common random numbers across a cell group); the
// learner's and the init stream (network weights, shared by every algorithm of the cell) differ
// from it by their role only.
struct ReplicateStreams {
  explicit ReplicateStreams(const random::StreamKey& environment_key)
      : environment(environment_key), learner(Key(random::Role::kLearner)) {}
  random::StreamKey Key(random::Role role) const {
    random::StreamKey key = environment;
    key.role = role;
    return key;
  }
  random::StreamKey environment;
  random::Rng learner;
};

inline random::StreamKey EnvironmentKey(const plan::CellPlan& cell, int64_t replicate) {
  return {cell.seed, cell.environment_id, static_cast<uint64_t>(replicate),
          random::Role::kEnvironment, 0};
}

// ---- The typed checkpoint writer. ----

// Writes one replicate's metrics at its checkpoints. A metric the cell does not record has no row
// and Put ignores it; Records(metric) lets a loop skip work nobody reads. Every written value is
// checked finite (DESIGN §8); Advance stamps the wall clock (under /cost, never /cells).
template <class P>
class CheckpointWriter {
 public:
  using Metric = typename P::Metric;
  static constexpr size_t kNumMetrics = P::kMetrics.size();

  explicit CheckpointWriter(std::span<const int64_t> checkpoints)
      : checkpoints_(checkpoints), start_(std::chrono::steady_clock::now()) {
    rows_.fill(nullptr);
  }
  // Where `metric` goes (length = checkpoints), or nullptr: not recorded.
  CheckpointWriter& Record(Metric metric, double* row) {
    rows_[Index(metric)] = row;
    return *this;
  }
  CheckpointWriter& RecordWallSeconds(double* row) {
    wall_seconds_ = row;
    return *this;
  }

  bool Records(Metric metric) const { return rows_[Index(metric)] != nullptr; }
  std::span<const int64_t> checkpoints() const { return checkpoints_; }
  bool Done() const { return index_ == checkpoints_.size(); }
  // The next checkpoint (only when !Done()).
  int64_t Next() const { return checkpoints_[index_]; }
  bool Due(int64_t t) const { return index_ < checkpoints_.size() && checkpoints_[index_] == t; }
  size_t reached() const { return index_; }

  // The value of `metric` at the current checkpoint.
  void Put(Metric metric, double value) {
    REGRETLAB_DCHECK(index_ < checkpoints_.size(), "Put after the last checkpoint");
    double* row = rows_[Index(metric)];
    if (row == nullptr) return;
    REGRETLAB_CHECK(std::isfinite(value), P::kMetrics[Index(metric)].name,
                    " is not finite at t = ", checkpoints_[index_]);
    row[index_] = value;
  }
  // Closes the current checkpoint: its wall time, then on to the next.
  void Advance() {
    if (wall_seconds_ != nullptr) {
      wall_seconds_[index_] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    ++index_;
  }
  // Every checkpoint was written (the loop reached the horizon).
  void Finish() const {
    REGRETLAB_CHECK(Done(), "only ", index_, " of ", checkpoints_.size(),
                    " checkpoints were reached");
  }

 private:
  static size_t Index(Metric metric) { return static_cast<size_t>(metric); }

  std::span<const int64_t> checkpoints_;
  std::array<double*, kNumMetrics> rows_;
  double* wall_seconds_ = nullptr;
  size_t index_ = 0;
  std::chrono::steady_clock::time_point start_;
};

// ---- The traits concept. ----

template <class P>
concept ProtocolTraits = requires {
  { P::kName } -> std::convertible_to<const char*>;
  { P::kSummary } -> std::convertible_to<const char*>;
  { P::kMetrics.size() } -> std::convertible_to<size_t>;
  typename P::Metric;
}
&&std::derived_from<typename P::Environment, registry::Component>&&
    std::derived_from<typename P::Learner, registry::Component>&& requires(
        typename P::Environment& environment, typename P::Learner& learner,
        ReplicateStreams& streams, CheckpointWriter<P>& writer) {
  environment.SetHorizon(int64_t{1});
  environment.Reset(random::StreamKey{});
  { environment.Oracle() } -> std::convertible_to<registry::OracleInfo>;
  P::RunReplicate(learner, environment, streams, writer);
};

// Tags identifying a protocol's two interfaces in ComponentSpec::interface.
template <class P>
struct InterfaceTag {
  static constexpr char kLearner = 0, kEnvironment = 0;
};

// ---- Registration. ----

// Registers algorithm class A under protocol P: A itself when it derives from P::Learner, else
// wrapped in P's Adapter. Its capabilities come from its concepts.
template <class P, class A>
bool RegisterAlgorithm(registry::ComponentSpec spec, const char* file) {
  spec.kind = registry::ComponentKind::kAlgorithm;
  spec.protocol = P::kName;
  spec.source_file = file;
  spec.capabilities = CapabilitiesOf<A>();
  spec.interface = &InterfaceTag<P>::kLearner;
  spec.factory = [](const core::Params& params) -> std::unique_ptr<registry::Component> {
    if constexpr (std::derived_from<A, typename P::Learner>) {
      return std::make_unique<A>(params);
    } else {
      return std::make_unique<typename P::template Adapter<A>>(params);
    }
  };
  registry::Registry::Mutable().AddComponent(std::move(spec));
  return true;
}

template <class P, class E>
bool RegisterEnvironment(registry::ComponentSpec spec, const char* file) {
  static_assert(std::derived_from<E, typename P::Environment>,
                "an environment derives from its protocol's environment interface");
  spec.kind = registry::ComponentKind::kEnvironment;
  spec.protocol = P::kName;
  spec.source_file = file;
  spec.capabilities = CapabilitiesOf<E>();
  spec.interface = &InterfaceTag<P>::kEnvironment;
  spec.factory = [](const core::Params& params) -> std::unique_ptr<registry::Component> {
    return std::make_unique<E>(params);
  };
  registry::Registry::Mutable().AddComponent(std::move(spec));
  return true;
}

// Builds a registered component of protocol P as its interface. The kit's registration recorded
// which interface the factory builds, so the conversion is a checked static_cast.
template <class P, class Interface>
std::unique_ptr<Interface> Make(const registry::ComponentSpec& spec, const core::Params& params) {
  constexpr bool kLearner = std::is_same_v<Interface, typename P::Learner>;
  const void* expected = kLearner ? &InterfaceTag<P>::kLearner : &InterfaceTag<P>::kEnvironment;
  REGRETLAB_CHECK(spec.interface == expected, spec.name, " is not registered as a ", P::kName,
                  kLearner ? " algorithm" : " environment");
  std::unique_ptr<registry::Component> object = registry::Instantiate(spec, params);
  return std::unique_ptr<Interface>(static_cast<Interface*>(object.release()));
}
template <class P>
std::unique_ptr<typename P::Learner> MakeLearner(const registry::ComponentSpec& spec,
                                                 const core::Params& params) {
  return Make<P, typename P::Learner>(spec, params);
}
template <class P>
std::unique_ptr<typename P::Environment> MakeEnvironment(const registry::ComponentSpec& spec,
                                                         const core::Params& params) {
  return Make<P, typename P::Environment>(spec, params);
}

// ---- The cell check (when the spec is read). ----

// The two components of a cell, built and told the horizon, for P::CheckCell.
template <class P>
struct CellCheck {
  const plan::CellPlan& cell;
  const registry::ComponentSpec& environment_spec;
  const registry::ComponentSpec& algorithm_spec;
  typename P::Environment& environment;
  typename P::Learner& learner;
};

template <class P>
concept ChecksCells = requires(const CellCheck<P>& check) {
  { P::CheckCell(check) } -> std::convertible_to<std::string>;
};

// The two components of a cell built from the registry and told the horizon; null when the cell
// names an unregistered component.
template <class P>
struct CellComponents {
  const registry::ComponentSpec* environment_spec = nullptr;
  const registry::ComponentSpec* algorithm_spec = nullptr;
  std::unique_ptr<typename P::Environment> environment;
  std::unique_ptr<typename P::Learner> learner;
};
template <class P>
CellComponents<P> BuildCell(const plan::CellPlan& cell) {
  CellComponents<P> built;
  const registry::Registry& registry = registry::Registry::Get();
  built.environment_spec = registry.FindComponent(cell.environment.name);
  built.algorithm_spec = registry.FindComponent(cell.algorithm.name);
  if (!built.environment_spec || !built.algorithm_spec) return built;
  built.environment = MakeEnvironment<P>(*built.environment_spec, cell.environment.params);
  built.learner = MakeLearner<P>(*built.algorithm_spec, cell.algorithm.params);
  built.environment->SetHorizon(cell.horizon);
  return built;
}

template <class P>
std::string CheckCellOf(const plan::CellPlan& cell) {
  CellComponents<P> built = BuildCell<P>(cell);
  if (!built.environment) return "unregistered component";
  return P::CheckCell(CellCheck<P>{cell, *built.environment_spec, *built.algorithm_spec,
                                   *built.environment, *built.learner});
}

// ---- The unit runner. ----

// The registered bounds of a cell, in the order of its result blocks.
std::vector<const registry::BoundSpec*> CellBounds(const plan::CellPlan& cell);

// Writes every bound of the cell at the checkpoints for the replicate at `offset` (NaN where its
// hypotheses fail for this replicate's instance).
void EvaluateBounds(const std::vector<const registry::BoundSpec*>& bounds,
                    const registry::OracleInfo& oracle, const plan::CellPlan& cell,
                    engine::UnitResult& result, size_t offset);

// Replicates [first, first + count) of a cell: builds its two components, and for each replicate
// resets the environment on its stream, runs P::RunReplicate with the typed writer over the
// unit's rows, and evaluates the bounds on the replicate's instance.
template <ProtocolTraits P>
void RunUnit(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
             engine::UnitResult& result) {
  CellComponents<P> built = BuildCell<P>(cell);
  REGRETLAB_CHECK(built.environment, "cell ", cell.id, " names unregistered components");
  typename P::Environment* environment = built.environment.get();
  typename P::Learner* learner = built.learner.get();
  const int64_t num_checkpoints = static_cast<int64_t>(cell.checkpoints.rounds.size());
  result.Allocate(cell.metrics, cell.bounds, count, num_checkpoints);
  // The unit's column of each metric of the table, looked up once (-1: not recorded).
  std::array<int, P::kMetrics.size()> columns;
  for (size_t m = 0; m < columns.size(); ++m) columns[m] = result.MetricIndex(P::kMetrics[m].name);
  const std::vector<const registry::BoundSpec*> bounds = CellBounds(cell);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t local = 0; local < count; ++local) {
    const int64_t replicate = first_replicate + local;
    const random::StreamKey environment_key = EnvironmentKey(cell, replicate);
    environment->Reset(environment_key);
    ReplicateStreams streams(environment_key);
    const size_t offset = static_cast<size_t>(local * num_checkpoints);
    CheckpointWriter<P> writer(cell.checkpoints.rounds);
    for (size_t m = 0; m < columns.size(); ++m) {
      if (columns[m] >= 0) {
        writer.Record(static_cast<typename P::Metric>(m),
                      result.metrics[static_cast<size_t>(columns[m])].data() + offset);
      }
    }
    writer.RecordWallSeconds(result.wall_seconds.data() + offset);
    P::RunReplicate(*learner, *environment, streams, writer);
    writer.Finish();  // every protocol's loop must reach the horizon's checkpoint
    EvaluateBounds(bounds, environment->Oracle(), cell, result, offset);
    result.replicate_steps += cell.horizon;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---- The protocol's registration. ----

template <class P>
concept ReportsCells = requires(const registry::ReportCellView& cell, std::ostream& out) {
  P::ReportCell(cell, out);
};
template <class P>
concept ReportsExperiments = requires(int64_t file, std::ostream& out) {
  P::ReportExperiment(file, out);
};

template <ProtocolTraits P>
bool RegisterProtocol() {
  registry::ProtocolSpec spec;
  spec.name = P::kName;
  spec.summary = P::kSummary;
  for (const MetricDef& metric : P::kMetrics) {
    spec.metrics.push_back({metric.name, metric.help, metric.unit, metric.fit_in_sweeps,
                            metric.needs, metric.needs_true_param});
    if (metric.recorded_by_default) spec.default_metrics.push_back(metric.name);
  }
  if constexpr (ChecksCells<P>) spec.check_cell = CheckCellOf<P>;
  if constexpr (ReportsCells<P>) spec.report_cell = P::ReportCell;
  if constexpr (ReportsExperiments<P>) spec.report_experiment = P::ReportExperiment;
  spec.run_unit = RunUnit<P>;
  registry::Registry::Mutable().AddProtocol(std::move(spec));
  return true;
}

}  // namespace regretlab::protocol

// One line in a protocol's loop file: REGRETLAB_REGISTER_PROTOCOL(BanditProtocol);
#define REGRETLAB_REGISTER_PROTOCOL(Protocol)                                   \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) = \
      ::regretlab::protocol::RegisterProtocol<Protocol>()

// One line in an algorithm's .cc: REGRETLAB_REGISTER_ALGORITHM(BanditProtocol, Ucb1, Ucb1Spec());
#define REGRETLAB_REGISTER_ALGORITHM(Protocol, Class, spec_expression)          \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) = \
      ::regretlab::protocol::RegisterAlgorithm<Protocol, Class>(spec_expression, __FILE__)

// One line in an environment's .cc.
#define REGRETLAB_REGISTER_ENVIRONMENT(Protocol, Class, spec_expression)        \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) = \
      ::regretlab::protocol::RegisterEnvironment<Protocol, Class>(spec_expression, __FILE__)
