// The protocol kit's non-template parts (kit.h).
#include "sim/protocol/kit.h"

namespace regretlab::protocol {

std::vector<const registry::BoundSpec*> CellBounds(const plan::CellPlan& cell) {
  std::vector<const registry::BoundSpec*> bounds;
  for (const auto& name : cell.bounds) bounds.push_back(registry::Registry::Get().FindBound(name));
  return bounds;
}

void EvaluateBounds(const std::vector<const registry::BoundSpec*>& bounds,
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

}  // namespace regretlab::protocol
