// What every protocol's unit runner does the same way: build the cell's two components, key the
// replicate's streams, find the recorded metrics' rows, evaluate the cell's bounds, time the
// unit. Kept here so that bandit.cc and streaming_bandit.cc differ only in how one replicate
// runs (RunUnitReplicates below).
#pragma once

#include <chrono>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/engine/unit_result.h"
#include "sim/plan/plan.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

// The environment and learner of a cell, built from the registry and downcast to the protocol's
// interfaces (an InvariantError if they do not speak it).
template <class Environment, class Learner>
struct CellComponents {
  std::unique_ptr<registry::Component> environment_object, learner_object;
  Environment* environment = nullptr;
  Learner* learner = nullptr;
};

template <class Environment, class Learner>
CellComponents<Environment, Learner> InstantiateCell(const plan::CellPlan& cell,
                                                     const char* protocol_name) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* environment_spec = registry.FindComponent(cell.environment.name);
  const registry::ComponentSpec* algorithm_spec = registry.FindComponent(cell.algorithm.name);
  REGRETLAB_CHECK(environment_spec && algorithm_spec, "cell names unregistered components");
  CellComponents<Environment, Learner> components;
  components.environment_object = registry::Instantiate(*environment_spec, cell.environment.params);
  components.learner_object = registry::Instantiate(*algorithm_spec, cell.algorithm.params);
  components.environment = dynamic_cast<Environment*>(components.environment_object.get());
  components.learner = dynamic_cast<Learner*>(components.learner_object.get());
  REGRETLAB_CHECK(components.environment && components.learner, "components of cell ", cell.id,
                  " do not speak the ", protocol_name, " protocol");
  return components;
}

// The environment and learner streams of a replicate (the environment's excludes the algorithm:
// common random numbers).
inline random::StreamKey EnvironmentKey(const plan::CellPlan& cell, int64_t replicate) {
  return {cell.seed, cell.environment_id, static_cast<uint64_t>(replicate),
          random::Role::kEnvironment, 0};
}
inline random::StreamKey LearnerKey(const plan::CellPlan& cell, int64_t replicate) {
  random::StreamKey key = EnvironmentKey(cell, replicate);
  key.role = random::Role::kLearner;
  return key;
}

// Row of `metric` for the replicate at `offset` in the unit's block, nullptr if not recorded.
inline double* MetricRow(engine::UnitResult& result, const char* metric, size_t offset) {
  const int index = result.MetricIndex(metric);
  return index < 0 ? nullptr : result.metrics[static_cast<size_t>(index)].data() + offset;
}

inline std::vector<const registry::BoundSpec*> CellBounds(const plan::CellPlan& cell) {
  std::vector<const registry::BoundSpec*> bounds;
  for (const auto& name : cell.bounds) bounds.push_back(registry::Registry::Get().FindBound(name));
  return bounds;
}

// Writes every bound of the cell at the checkpoints for the replicate at `offset` (NaN where its
// hypotheses fail for this replicate's instance).
inline void EvaluateBounds(const std::vector<const registry::BoundSpec*>& bounds,
                           const registry::OracleInfo& oracle, const plan::CellPlan& cell,
                           engine::UnitResult& result, size_t offset) {
  const auto& rounds = cell.checkpoints.rounds;
  for (size_t b = 0; b < bounds.size(); ++b) {
    double* out = result.bounds[b].data() + offset;
    const bool applies = !bounds[b]->applies || bounds[b]->applies(oracle, cell.algorithm.params);
    for (size_t c = 0; c < rounds.size(); ++c) {
      out[c] = applies ? bounds[b]->evaluate(oracle, cell.algorithm.params, rounds[c])
                       : std::numeric_limits<double>::quiet_NaN();
    }
  }
}

// The replicate loop of a unit: builds the components, announces the horizon, allocates the
// result, and for each replicate resets the environment on its stream, seeds the learner's, calls
// run_replicate(environment, learner, learner_rng, offset) — offset is the replicate's row start
// in the unit's blocks — and evaluates the bounds on the replicate's instance.
template <class Environment, class Learner, class RunReplicate>
void RunUnitReplicates(const plan::CellPlan& cell, int64_t first_replicate, int64_t count,
                       engine::UnitResult& result, const char* protocol_name,
                       RunReplicate&& run_replicate) {
  auto components = InstantiateCell<Environment, Learner>(cell, protocol_name);
  Environment& environment = *components.environment;
  environment.SetHorizon(cell.horizon);
  const int64_t num_checkpoints = static_cast<int64_t>(cell.checkpoints.rounds.size());
  result.Allocate(cell.metrics, cell.bounds, count, num_checkpoints);
  const std::vector<const registry::BoundSpec*> bounds = CellBounds(cell);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t local = 0; local < count; ++local) {
    const int64_t replicate = first_replicate + local;
    environment.Reset(EnvironmentKey(cell, replicate));
    random::Rng learner_rng(LearnerKey(cell, replicate));
    const size_t offset = static_cast<size_t>(local * num_checkpoints);
    run_replicate(environment, *components.learner, learner_rng, offset);
    EvaluateBounds(bounds, environment.Oracle(), cell, result, offset);
    result.replicate_steps += cell.horizon;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The cell check a protocol registers (ProtocolSpec::check_cell) when its real work is a function
// of the two components' specs, parameters and the horizon: looks the components up first.
using ComponentCellCheck = std::string (*)(const registry::ComponentSpec& environment_spec,
                                           const core::Params& environment_params,
                                           const registry::ComponentSpec& algorithm_spec,
                                           const core::Params& algorithm_params, int64_t horizon);
inline std::string CheckRegisteredCell(const plan::CellPlan& cell, ComponentCellCheck check) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* environment_spec = registry.FindComponent(cell.environment.name);
  const registry::ComponentSpec* algorithm_spec = registry.FindComponent(cell.algorithm.name);
  if (!environment_spec || !algorithm_spec) return "unregistered component";
  return check(*environment_spec, cell.environment.params, *algorithm_spec, cell.algorithm.params,
               cell.horizon);
}

}  // namespace regretlab::protocol
