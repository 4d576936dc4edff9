// One conformance suite over the whole registry, whatever the protocol:
//   - every component, protocol, metric and bound is documented and consistent;
//   - for every protocol P (its traits listed once, in AllProtocols), every algorithm × environment
//     of P that P's cell check accepts runs two replicates through the kit's own path
//     (MakeEnvironment/MakeLearner, SetHorizon, Reset, ReplicateStreams, CheckpointWriter<P>,
//     P::RunReplicate): every recorded value finite, the writer at every checkpoint, the same bits
//     from fresh objects on the same key, and Reset after another replicate ≡ fresh objects;
//   - the registered names match tests/conformance/registered_names.txt.
// New protocols, algorithms and environments are picked up from the registry; a protocol missing
// from AllProtocols fails the suite.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "examples/expert_advice/expert_advice.h"
#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/protocol/bandit.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/protocol/kit.h"
#include "sim/protocol/latent_mdp.h"
#include "sim/protocol/online_convex.h"
#include "sim/protocol/streaming_bandit.h"
#include "sim/registry/registry.h"

namespace regretlab {
namespace {

using registry::ComponentKind;

// Every protocol's traits, once.
using AllProtocols = std::tuple<protocol::BanditProtocol, protocol::StreamingBanditProtocol,
                                protocol::ContextualBanditProtocol, protocol::OnlineConvexProtocol,
                                protocol::EpisodicMdpProtocol, protocol::LatentMdpProtocol,
                                examples::expert_advice::ExpertAdviceProtocol>;

template <class... P>
std::set<std::string> TraitsNames(const std::tuple<P...>* /*list*/) {
  return {std::string(P::kName)...};
}

bool HasMetric(const registry::ProtocolSpec& protocol, const std::string& name) {
  return std::any_of(protocol.metrics.begin(), protocol.metrics.end(),
                     [&](const registry::MetricSpec& metric) { return metric.name == name; });
}

TEST_CASE("registry conformance: components, protocols, metrics and bounds are documented",
          "[conformance]") {
  const registry::Registry& registry = registry::Registry::Get();
  for (const ComponentKind kind : {ComponentKind::kAlgorithm, ComponentKind::kEnvironment}) {
    for (const registry::ComponentSpec* spec : registry.Components(kind)) {
      INFO(spec->name << " [" << spec->protocol << "]");
      CHECK_FALSE(spec->summary.empty());
      CHECK_FALSE(spec->citation.empty());
      if (kind == ComponentKind::kAlgorithm) CHECK_FALSE(spec->guarantee.empty());
      CHECK(registry.FindProtocol(spec->protocol) != nullptr);
      CHECK(spec->interface != nullptr);  // registered through the protocol kit
      for (const core::ParamSpec& param : spec->params) {
        INFO("parameter " << param.name);
        CHECK_FALSE(param.help.empty());
      }
      try {
        const core::Params params = registry::TestParams(*spec);
        if (spec->validate) CHECK(spec->validate(params) == "");
      } catch (const core::ConfigError& error) {
        FAIL_CHECK("test_params are invalid: " << error.what());
      }
    }
  }
  for (const registry::ProtocolSpec* protocol : registry.Protocols()) {
    INFO("protocol " << protocol->name);
    CHECK_FALSE(protocol->summary.empty());
    CHECK_FALSE(protocol->metrics.empty());
    CHECK(protocol->run_unit);
    for (const registry::MetricSpec& metric : protocol->metrics) {
      INFO("metric " << metric.name);
      CHECK_FALSE(metric.help.empty());
      CHECK_FALSE(metric.unit.empty());
    }
    for (const std::string& metric : protocol->default_metrics) CHECK(HasMetric(*protocol, metric));
  }
  for (const registry::BoundSpec* bound : registry.Bounds()) {
    INFO("bound " << bound->name << " [" << bound->protocol << "]");
    CHECK_FALSE(bound->citation.empty());
    CHECK_FALSE(bound->formula.empty());
    CHECK(bound->evaluate);
    CHECK_FALSE(bound->algorithms.empty());
    const registry::ProtocolSpec* protocol = registry.FindProtocol(bound->protocol);
    REQUIRE(protocol != nullptr);
    INFO("metric " << bound->metric);
    CHECK(HasMetric(*protocol, bound->metric));
    for (const std::string& algorithm : bound->algorithms) {
      INFO("algorithm " << algorithm);
      const registry::ComponentSpec* spec = registry.FindComponent(algorithm);
      REQUIRE(spec != nullptr);
      CHECK(spec->kind == ComponentKind::kAlgorithm);
      CHECK(spec->protocol == bound->protocol);
    }
  }
}

TEST_CASE("registry conformance: AllProtocols lists every registered protocol", "[conformance]") {
  const std::set<std::string> listed = TraitsNames(static_cast<const AllProtocols*>(nullptr));
  for (const registry::ProtocolSpec* protocol : registry::Registry::Get().Protocols()) {
    INFO(protocol->name << " is registered but not in AllProtocols (" << __FILE__ << ")");
    CHECK(listed.count(protocol->name) == 1);
  }
  for (const std::string& name : listed) CHECK(registry::Registry::Get().FindProtocol(name));
}

// ---- Every algorithm × environment of each protocol, through the kit. ----

// An environment with validated parameters: its test params, or a variant of them.
struct EnvironmentChoice {
  const registry::ComponentSpec* spec = nullptr;
  core::Params params;
  std::string label;
};

// One-at-a-time variants of an environment's test params (each other choice of a string
// parameter, the smallest value of an integer one) that its schema and its own check accept.
std::vector<EnvironmentChoice> Variants(const registry::ComponentSpec& spec) {
  const core::Params base = registry::TestParams(spec);
  std::vector<EnvironmentChoice> variants;
  for (const core::ParamSpec& param : spec.params) {
    std::vector<core::ParamValue> values;
    if (param.type == core::ParamType::kString) {
      for (const std::string& choice : param.choices) values.push_back(choice);
    } else if (param.type == core::ParamType::kInteger && std::isfinite(param.min)) {
      int64_t smallest = static_cast<int64_t>(std::ceil(param.min));
      if (param.min_exclusive && static_cast<double>(smallest) == param.min) ++smallest;
      values.push_back(smallest);
    }
    for (const core::ParamValue& value : values) {
      if (base.Value(param.name) == value) continue;
      std::map<std::string, core::RawParam> raw;
      for (const auto& [key, test_value] : spec.test_params) raw[key] = {test_value, {}};
      raw[param.name] = {value, {}};
      try {
        core::Params params = core::ValidateParams(spec.params, raw, spec.name, {});
        if (spec.validate && !spec.validate(params).empty()) continue;
        variants.push_back({&spec, std::move(params),
                            spec.name + "{" + param.name + "=" + core::ValueText(value) + "}"});
      } catch (const core::ConfigError&) {
      }
    }
  }
  return variants;
}

template <class P>
struct Components {
  std::unique_ptr<typename P::Environment> environment;
  std::unique_ptr<typename P::Learner> learner;
};

template <class P>
Components<P> MakeComponents(const registry::ComponentSpec& algorithm_spec,
                             const core::Params& algorithm_params,
                             const EnvironmentChoice& environment) {
  return {protocol::MakeEnvironment<P>(*environment.spec, environment.params),
          protocol::MakeLearner<P>(algorithm_spec, algorithm_params)};
}

// The horizon of the runs: short, but a streaming pass needs T ≥ K (here 50·K, as measured to
// be ample in the streaming conformance kit).
template <class P>
int64_t TestHorizon([[maybe_unused]] const typename P::Environment& environment) {
  if constexpr (std::is_same_v<P, protocol::StreamingBanditProtocol>) {
    return std::max<int64_t>(64, 50 * environment.NumArms());
  } else {
    return 64;
  }
}

// Whether the environment can produce `metric` (latent_mdp's var_opt is NaN when V* came from the
// alpha-vector oracle; the cell check refuses to record it then).
template <class P>
bool EnvironmentKnows([[maybe_unused]] const typename P::Environment& environment,
                      [[maybe_unused]] std::string_view metric) {
  if constexpr (std::is_same_v<P, protocol::LatentMdpProtocol>) {
    return metric != "var_opt" || std::isfinite(environment.VarOpt());
  } else {
    return true;
  }
}

template <class P>
std::string Refusal([[maybe_unused]] const plan::CellPlan& cell,
                    [[maybe_unused]] const registry::ComponentSpec& environment_spec,
                    [[maybe_unused]] const registry::ComponentSpec& algorithm_spec,
                    [[maybe_unused]] Components<P>& components) {
  if constexpr (protocol::ChecksCells<P>) {
    return P::CheckCell(protocol::CellCheck<P>{cell, environment_spec, algorithm_spec,
                                               *components.environment, *components.learner});
  } else {
    return "";
  }
}

// The rows of one replicate, one per metric of P's table (NaN where nothing was written).
struct Replicate {
  std::vector<std::vector<double>> rows;
  size_t reached = 0;
};

bool SameBits(const Replicate& a, const Replicate& b) {
  auto bits = [](double x, double y) {
    return std::bit_cast<uint64_t>(x) == std::bit_cast<uint64_t>(y);
  };
  if (a.reached != b.reached || a.rows.size() != b.rows.size()) return false;
  for (size_t m = 0; m < a.rows.size(); ++m) {
    if (!std::equal(a.rows[m].begin(), a.rows[m].end(), b.rows[m].begin(), b.rows[m].end(), bits)) {
      return false;
    }
  }
  return true;
}

template <class P>
Replicate RunOnce(Components<P>& components, const std::vector<int64_t>& checkpoints,
                  const std::vector<bool>& recorded, uint64_t replicate) {
  const random::StreamKey key{20261203, 77, replicate, random::Role::kEnvironment, 0};
  components.environment->Reset(key);
  protocol::ReplicateStreams streams(key);
  protocol::CheckpointWriter<P> writer(checkpoints);
  Replicate out;
  const double unwritten = std::numeric_limits<double>::quiet_NaN();
  out.rows.assign(P::kMetrics.size(), std::vector<double>(checkpoints.size(), unwritten));
  for (size_t m = 0; m < P::kMetrics.size(); ++m) {
    if (recorded[m]) writer.Record(static_cast<typename P::Metric>(m), out.rows[m].data());
  }
  P::RunReplicate(*components.learner, *components.environment, streams, writer);
  out.reached = writer.reached();
  return out;
}

// Checks one pair; false when P's cell check refuses it (or, for a variant, when the environment
// refuses the variant's parameters).
template <class P>
bool CheckPair(const registry::ComponentSpec& algorithm_spec, const EnvironmentChoice& environment,
               bool variant) {
  INFO(algorithm_spec.name << " on " << environment.label);
  const registry::ProtocolSpec& protocol_spec = *registry::Registry::Get().FindProtocol(P::kName);
  const core::Params algorithm_params = registry::TestParams(algorithm_spec);
  Components<P> first;
  try {
    first = MakeComponents<P>(algorithm_spec, algorithm_params, environment);
  } catch (const core::ConfigError& error) {
    if (!variant) FAIL_CHECK("construction failed: " << error.what());
    return false;
  }
  const int64_t horizon = TestHorizon<P>(*first.environment);
  plan::CellPlan cell;
  cell.environment = {environment.spec->name, environment.params, environment.label};
  cell.algorithm = {algorithm_spec.name, algorithm_params, algorithm_spec.name};
  cell.protocol = P::kName;
  cell.horizon = horizon;
  cell.replicates = 2;
  cell.checkpoints = plan::GeometricGrid(horizon, 8);
  std::vector<bool> recorded(P::kMetrics.size(), false);
  for (size_t m = 0; m < P::kMetrics.size(); ++m) {
    const registry::MetricSpec& metric = protocol_spec.metrics[m];
    recorded[m] = registry::ProducesMetric(metric, algorithm_spec, algorithm_params) &&
                  EnvironmentKnows<P>(*first.environment, metric.name);
    if (recorded[m]) cell.metrics.push_back(metric.name);
  }
  first.environment->SetHorizon(horizon);
  if (!Refusal<P>(cell, *environment.spec, algorithm_spec, first).empty()) return false;

  const std::vector<int64_t>& checkpoints = cell.checkpoints.rounds;
  try {
    const Replicate a = RunOnce<P>(first, checkpoints, recorded, 0);
    const Replicate b_after_a = RunOnce<P>(first, checkpoints, recorded, 1);
    Components<P> fresh = MakeComponents<P>(algorithm_spec, algorithm_params, environment);
    fresh.environment->SetHorizon(horizon);
    const Replicate b = RunOnce<P>(fresh, checkpoints, recorded, 1);
    fresh = MakeComponents<P>(algorithm_spec, algorithm_params, environment);
    fresh.environment->SetHorizon(horizon);
    const Replicate a_again = RunOnce<P>(fresh, checkpoints, recorded, 0);
    for (const Replicate* run : {&a, &b}) {
      CHECK(run->reached == checkpoints.size());
      for (size_t m = 0; m < P::kMetrics.size(); ++m) {
        if (!recorded[m]) continue;
        INFO("metric " << P::kMetrics[m].name);
        CHECK(std::all_of(run->rows[m].begin(), run->rows[m].end(),
                          [](double value) { return std::isfinite(value); }));
      }
    }
    {
      INFO("deterministic: the same key on fresh objects gives the same bits");
      CHECK(SameBits(a, a_again));
    }
    {
      INFO("reset is fresh: replicate 1 after replicate 0 on the same objects equals fresh ones");
      CHECK(SameBits(b_after_a, b));
    }
  } catch (const std::exception& error) {
    FAIL_CHECK("a replicate threw: " << error.what());
  }
  return true;
}

TEMPLATE_LIST_TEST_CASE("registry conformance: every algorithm on every environment of a protocol",
                        "[conformance]", AllProtocols) {
  using P = TestType;
  INFO("protocol " << P::kName);
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ProtocolSpec* protocol_spec = registry.FindProtocol(P::kName);
  REQUIRE(protocol_spec != nullptr);
  REQUIRE(protocol_spec->metrics.size() == P::kMetrics.size());
  for (size_t m = 0; m < P::kMetrics.size(); ++m) {
    CHECK(protocol_spec->metrics[m].name == P::kMetrics[m].name);
  }
  std::vector<const registry::ComponentSpec*> environment_specs;
  std::vector<EnvironmentChoice> environments;
  for (const registry::ComponentSpec* spec : registry.Components(ComponentKind::kEnvironment)) {
    if (spec->protocol != P::kName) continue;
    environment_specs.push_back(spec);
    environments.push_back({spec, registry::TestParams(*spec), spec->name});
  }
  REQUIRE_FALSE(environments.empty());
  int algorithms = 0;
  std::vector<int> runs_per_environment(environments.size(), 0);
  for (const registry::ComponentSpec* algorithm : registry.Components(ComponentKind::kAlgorithm)) {
    if (algorithm->protocol != P::kName) continue;
    ++algorithms;
    int accepted = 0;
    for (size_t e = 0; e < environments.size(); ++e) {
      if (CheckPair<P>(*algorithm, environments[e], false)) {
        ++accepted;
        ++runs_per_environment[e];
      }
    }
    // No environment accepts the algorithm at its test params: widen to one-at-a-time variants
    // of them (e.g. a simplex domain, a single context) and say which one ran.
    for (size_t e = 0; accepted == 0 && e < environment_specs.size(); ++e) {
      for (const EnvironmentChoice& variant : Variants(*environment_specs[e])) {
        if (CheckPair<P>(*algorithm, variant, true)) {
          WARN(algorithm->name << ": no " << P::kName
                               << " environment accepts it at its test_params; checked on "
                               << variant.label);
          accepted = 1;
          break;
        }
      }
    }
    INFO(algorithm->name << " is accepted by no environment of its protocol");
    CHECK(accepted > 0);
  }
  CHECK(algorithms > 0);
  for (size_t e = 0; e < environments.size(); ++e) {
    INFO(environments[e].label << " at its test_params accepts no algorithm of its protocol");
    CHECK(runs_per_environment[e] > 0);
  }
}

// ---- The registered names against their snapshot. ----

// "kind protocol name" for every registered algorithm, environment, bound, protocol and metric.
std::vector<std::string> RegisteredNames() {
  const registry::Registry& registry = registry::Registry::Get();
  std::vector<std::string> lines;
  for (const ComponentKind kind : {ComponentKind::kAlgorithm, ComponentKind::kEnvironment}) {
    for (const registry::ComponentSpec* spec : registry.Components(kind)) {
      const char* kind_name = kind == ComponentKind::kAlgorithm ? "algorithm " : "environment ";
      lines.push_back(kind_name + spec->protocol + " " + spec->name);
    }
  }
  for (const registry::BoundSpec* bound : registry.Bounds()) {
    lines.push_back("bound " + bound->protocol + " " + bound->name);
  }
  for (const registry::ProtocolSpec* protocol : registry.Protocols()) {
    lines.push_back("protocol " + protocol->name + " " + protocol->name);
    for (const registry::MetricSpec& metric : protocol->metrics) {
      lines.push_back("metric " + protocol->name + " " + metric.name);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string SnapshotPath() {
  const char* path = std::getenv("REGRETLAB_REGISTERED_NAMES");
  return path != nullptr ? path : REGRETLAB_SOURCE_DIR "/tests/conformance/registered_names.txt";
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "  " + line + "\n";
  return text.empty() ? "  (none)\n" : text;
}

TEST_CASE("registry conformance: registered names match tests/conformance/registered_names.txt",
          "[conformance]") {
  std::ifstream in(SnapshotPath());
  REQUIRE(in.good());
  std::vector<std::string> snapshot;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') snapshot.push_back(line);
  }
  std::sort(snapshot.begin(), snapshot.end());
  const std::vector<std::string> live = RegisteredNames();
  std::vector<std::string> disappeared, appeared;
  std::set_difference(snapshot.begin(), snapshot.end(), live.begin(), live.end(),
                      std::back_inserter(disappeared));
  std::set_difference(live.begin(), live.end(), snapshot.begin(), snapshot.end(),
                      std::back_inserter(appeared));
  INFO("disappeared from the registry:\n"
       << Lines(disappeared) << "appeared in the registry:\n"
       << Lines(appeared)
       << "Names key spec files and result files. If the change is deliberate, run "
          "tools/regen_registered_names.sh and commit tests/conformance/registered_names.txt.");
  CHECK(disappeared.empty());
  CHECK(appeared.empty());
}

// Hidden: writes the snapshot where REGRETLAB_REGISTERED_NAMES says (the regen script sets it);
// without it, nothing, so that a test-name pattern that happens to select this case does not
// overwrite the file the suite compares with.
TEST_CASE("registry conformance: write the registered-names snapshot",
          "[.][regen_registered_names]") {
  if (std::getenv("REGRETLAB_REGISTERED_NAMES") == nullptr) {
    WARN(
        "REGRETLAB_REGISTERED_NAMES is not set: nothing written (run "
        "tools/regen_registered_names.sh)");
    return;
  }
  std::ofstream out(SnapshotPath());
  out << "# Every registered name as \"kind protocol name\", sorted. Checked by\n"
         "# tests/conformance/registry_conformance_test.cc; regenerate with\n"
         "# tools/regen_registered_names.sh when a change is deliberate.\n";
  for (const std::string& line : RegisteredNames()) out << line << "\n";
  out.close();
  REQUIRE(out.good());
}

}  // namespace
}  // namespace regretlab
