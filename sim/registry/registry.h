// The registry of components (algorithms, environments), bounds and protocols.
//
// Each component registers itself from its own .cc with one macro (see the protocol headers),
// carrying its spec: a stable snake_case name, its protocol, a parameter schema, a citation, and
// a small `test_params` instance for the conformance suite. Registration happens during static
// initialisation; duplicate names fail at start-up; after `main` starts the registry is only read.
// Nothing here knows a concrete algorithm, environment or protocol.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::plan {
struct CellPlan;
}
namespace regretlab::engine {
struct UnitResult;
}

namespace regretlab::registry {

// Base of every type-erased component object. The protocol kit (sim/protocol/kit.h) registers
// each component as its protocol's learner or environment interface and records which one in
// ComponentSpec::interface, so that the kit converts back without a dynamic_cast.
class Component {
 public:
  virtual ~Component() = default;
};

// What a component's class can do beyond its protocol's required interface, set at registration
// from the class's concepts (never by building an object at plan time). A metric may need one.
enum Capability : uint32_t {
  kNoCapability = 0,
  kExposesDistribution = 1u << 0,  // the learner exposes the distribution p_t it draws from
};

enum class ComponentKind { kAlgorithm, kEnvironment };

using ComponentFactory = std::function<std::unique_ptr<Component>(const core::Params&)>;

struct ComponentSpec {
  std::string name;  // stable snake_case; keys specs and HDF5 files
  ComponentKind kind = ComponentKind::kAlgorithm;
  std::string protocol;   // e.g. "bandit"
  std::string summary;    // one line: what it is
  std::string citation;   // authors, year, venue, theorem
  std::string guarantee;  // the claimed guarantee, in words
  std::vector<core::ParamSpec> params;
  std::map<std::string, core::ParamValue> test_params;  // small instance for conformance
  ComponentFactory factory;
  uint32_t capabilities = kNoCapability;  // Capability flags of the class
  // Identifies the protocol interface the factory's objects derive from (set by the kit).
  const void* interface = nullptr;
  // Optional cross-parameter check run when the spec is read, before any simulation: returns an
  // empty string when the parameters are consistent, else what is wrong (e.g. "gaps must hold
  // a 0"). Per-parameter types and ranges are already checked by the schema.
  std::function<std::string(const core::Params&)> validate;
  // Optional, environments: a one-line description of the instance the parameters build, shown
  // in the run's log and recorded in the result file (e.g. a dataset's rows, features, classes),
  // so that what was simulated can be checked by eye.
  std::function<std::string(const core::Params&)> summarize;
  std::string source_file;
};

// Named quantities an environment reveals to the engine (never to the learner) so that bounds
// can be evaluated: K, horizon, gaps, means, σ², L*, ... Protocol-generic on purpose.
struct OracleInfo {
  std::map<std::string, double> scalars;
  std::map<std::string, std::vector<double>> vectors;

  bool HasScalar(const std::string& name) const { return scalars.count(name) > 0; }
  bool HasVector(const std::string& name) const { return vectors.count(name) > 0; }
  double Scalar(const std::string& name) const;                      // throws InvariantError
  const std::vector<double>& Vector(const std::string& name) const;  // throws InvariantError
};

enum class BoundKind { kUpper, kLower, kLowerAsymptotic };
std::string BoundKindName(BoundKind kind);

struct BoundSpec {
  std::string name;
  BoundKind kind = BoundKind::kUpper;
  std::string protocol;
  std::string metric;                   // the recorded metric it bounds, e.g. "pseudo_regret"
  std::vector<std::string> algorithms;  // algorithm names it covers
  std::string citation;                 // source and theorem number
  std::string formula;                  // human-readable statement
  bool constants_checked = false;       // false: constants as recalled, not checked at the source
  // Whether the bound's hypotheses hold for this environment (e.g. Bernoulli rewards, stochastic).
  std::function<bool(const OracleInfo&, const core::Params& algorithm_params)> applies;
  std::function<double(const OracleInfo&, const core::Params& algorithm_params, int64_t t)>
      evaluate;
  std::string source_file;
};

// Runs replicates [first, first + count) of a cell into `result`. One per protocol.
using UnitRunner = std::function<void(const plan::CellPlan& cell, int64_t first_replicate,
                                      int64_t count, engine::UnitResult& result)>;

struct MetricSpec {
  std::string name;
  std::string help;
  std::string unit;                // what one unit of the metric is ("rounds", "arms", "loss", ...)
  bool fit_in_sweeps = false;      // the report fits its final value's exponent in swept parameters
  uint32_t needs = kNoCapability;  // Capability flags the algorithm must have to produce it
  std::string needs_true_param;    // non-empty: only when this boolean algorithm parameter is true
};

// Whether an algorithm with these parameters produces `metric` (its capabilities and switches).
bool ProducesMetric(const MetricSpec& metric, const ComponentSpec& algorithm,
                    const core::Params& algorithm_params);

// A cell of a result file as a protocol's report section sees it: open HDF5 handles (hid_t),
// read with sim/record/hdf5.h.
struct ReportCellView {
  int64_t file = -1;
  int64_t cell = -1;
  std::string id;
};
// Extra report sections a protocol registers beside its loop (analysis/ knows no protocol): one
// printed under each of its cells, one after the cells for the whole file.
using ReportCellHook = void (*)(const ReportCellView& cell, std::ostream& out);
using ReportExperimentHook = void (*)(int64_t file, std::ostream& out);

struct ProtocolSpec {
  std::string name;
  std::string summary;
  std::vector<MetricSpec> metrics;           // every metric this protocol can record
  std::vector<std::string> default_metrics;  // recorded when the spec names none
  // Optional check of a whole cell (environment × algorithm × horizon) when the spec is read,
  // for constraints no single component can see (e.g. a streaming learner's memory need depends
  // on K and T). Empty string: fine; otherwise what is wrong, reported as a ConfigError.
  std::function<std::string(const plan::CellPlan& cell)> check_cell;
  UnitRunner run_unit;
  ReportCellHook report_cell = nullptr;
  ReportExperimentHook report_experiment = nullptr;
};

class Registry {
 public:
  // The one registry, filled during static initialisation by the registration macros.
  static const Registry& Get() { return Mutable(); }
  static Registry& Mutable();

  void AddComponent(ComponentSpec spec);
  void AddBound(BoundSpec spec);
  void AddProtocol(ProtocolSpec spec);

  // nullptr when unknown.
  const ComponentSpec* FindComponent(const std::string& name) const;
  const BoundSpec* FindBound(const std::string& name) const;
  const ProtocolSpec* FindProtocol(const std::string& name) const;

  std::vector<const ComponentSpec*> Components(ComponentKind kind) const;
  std::vector<const BoundSpec*> Bounds() const;
  std::vector<const ProtocolSpec*> Protocols() const;
  // Bounds registered for this algorithm name (whatever the environment).
  std::vector<const BoundSpec*> BoundsFor(const std::string& algorithm_name) const;

  // "a, b, c" of the names of one kind, for error messages.
  std::string NamesText(ComponentKind kind) const;

  // Errors found during registration (duplicates, malformed specs); checked at start-up.
  const std::vector<std::string>& registration_errors() const { return registration_errors_; }

 private:
  std::map<std::string, ComponentSpec> components_;
  std::map<std::string, BoundSpec> bounds_;
  std::map<std::string, ProtocolSpec> protocols_;
  std::vector<std::string> registration_errors_;
};

// Throws if registration reported errors. Call once at the start of main and of the tests.
void CheckRegistry();

// Builds the component with validated parameters; the caller downcasts.
std::unique_ptr<Component> Instantiate(const ComponentSpec& spec, const core::Params& params);

// Validated test parameters of a component, for the conformance suite.
core::Params TestParams(const ComponentSpec& spec);

}  // namespace regretlab::registry
