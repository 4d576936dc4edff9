// An LMDP given explicitly as tables in the spec: for small hand-built instances and for checking
// that malformed models are rejected when the spec is read (weights that do not sum to 1,
// transition rows that are not distributions, returns above 1, wrong lengths).
//
// | parameter    | type      | meaning                                              |
// |--------------|-----------|------------------------------------------------------|
// | num_contexts | integer   | M                                                    |
// | num_states   | integer   | S                                                    |
// | num_actions  | integer   | A                                                    |
// | steps        | integer   | H                                                    |
// | weights      | M reals   | mixing weights (sum 1)                               |
// | initial      | M·S reals | ν_m(s), row-major in (m, s)                          |
// | transitions  | M·S·A·S   | P_m(s'|s,a), row-major in (m, s, a, s')              |
// | rewards      | M·S·A     | R_m(s,a) in [0, 1], with every return ≤ 1            |
#include "environments/lmdp/lmdp_instance.h"
#include "sim/core/param_builders.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::environments::lmdp {
namespace {

class LmdpTable final : public protocol::LmdpEnvironment {
 public:
  explicit LmdpTable(const core::Params& params) {
    LatentMdp model;
    model.Allocate(static_cast<int>(params.Integer("num_contexts")),
                   static_cast<int>(params.Integer("num_states")),
                   static_cast<int>(params.Integer("num_actions")),
                   static_cast<int>(params.Integer("steps")));
    auto take = [&](const char* key, std::vector<double>& out) {
      const auto& values = params.RealList(key);
      if (values.size() != out.size()) {
        throw core::ConfigError(std::string("lmdp_table: ") + key + " has " +
                                std::to_string(values.size()) + " entries; expected " +
                                std::to_string(out.size()));
      }
      out = values;
    };
    take("weights", model.weights);
    take("initial", model.initial);
    take("transitions", model.transition);
    take("rewards", model.reward);
    SetModel(std::move(model), "lmdp_table");
  }
};

core::ParamSpec ListParam(const char* name, std::vector<double> value, const char* help) {
  return core::RealListParam(name, std::move(value), -1e300, core::kUnbounded, help);
}

registry::ComponentSpec Spec() {
  // Default: two contexts on one state, action a pays 0.5 iff a = m (H = 1).
  registry::ComponentSpec spec = registry::MakeComponentSpec(
      "lmdp_table", "an LMDP given as explicit tables (weights, initial, transitions, rewards)",
      "docs/theory/lmdp.md section 6.1 (model definition)",
      "checked: distributions, rewards in [0,1], return <= 1",
      {core::IntegerParam("num_contexts", 2, 1, 8, "M"),
       core::IntegerParam("num_states", 1, 1, 16, "S"),
       core::IntegerParam("num_actions", 2, 1, 8, "A"), core::IntegerParam("steps", 1, 1, 16, "H"),
       ListParam("weights", {0.5, 0.5}, "mixing weights (M entries, sum 1)"),
       ListParam("initial", {1, 1}, "initial distributions (M*S entries)"),
       ListParam("transitions", {1, 1, 1, 1}, "transition rows (M*S*A*S entries)"),
       ListParam("rewards", {0.5, 0, 0, 0.5}, "rewards (M*S*A entries)")});
  spec.validate = ValidateByBuilding<LmdpTable>;
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::LatentMdpProtocol, LmdpTable, Spec());

}  // namespace
}  // namespace regretlab::environments::lmdp
