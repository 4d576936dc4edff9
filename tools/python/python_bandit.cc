// Bandit learners and environments written in Python (docs/python.md), behind the bandit
// protocol's interfaces, and the bandit conformance kit from Python.
//
// A learner runs inside the engine's compiled round loop (RunBanditLoop) against any registered
// environment; an environment is a reward-stack environment (environments/bandit/reward_stack.h)
// whose draw comes from Python: arm a's n-th reward is Python's draw(a, rng) on the n-th position
// of arm a's keyed stream, so C++ learners face it under common random numbers exactly as they
// face a C++ environment. Every call into Python takes the GIL; a Python exception becomes a
// ComponentError (the cell fails with Python's message and traceback, the run goes on).
#include <pybind11/functional.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "environments/bandit/reward_stack.h"
#include "sim/protocol/bandit.h"
#include "sim/testing/bandit_conformance.h"
#include "sim/testing/bandit_environment_conformance.h"
#include "tools/python/python_support.h"

namespace regretlab::python {
namespace {

// ---- Learners. ----

// A Python object with reset(info), select(rng) -> arm, update(arm, reward).
class PythonBanditLearner final : public protocol::BanditLearner {
 public:
  PythonBanditLearner(const PythonClass& klass, const core::Params& params) : klass_(klass) {
    py::gil_scoped_acquire gil;
    object_ = Construct(klass_, params);
    rng_object_ = py::cast(&rng_view_, py::return_value_policy::reference);
    reset_ = object_.attr("reset");
    select_ = object_.attr("select");
    update_ = object_.attr("update");
  }
  ~PythonBanditLearner() override {
    py::gil_scoped_acquire gil;
    reset_ = select_ = update_ = rng_object_ = object_ = py::object();
  }

  void Reset(const protocol::BanditInfo& info) override {
    py::gil_scoped_acquire gil;
    CallPython(klass_, "reset", [&] {
      py::dict d;
      d["num_arms"] = info.num_arms;
      d["horizon"] = info.horizon;
      d["reward_min"] = info.reward_min;
      d["reward_max"] = info.reward_max;
      reset_(py::module_::import("types").attr("SimpleNamespace")(**d));
    });
  }
  int64_t Select(random::Rng& rng) override {
    py::gil_scoped_acquire gil;
    RngLease lease(rng_view_, rng);
    int64_t arm = -1;
    CallPython(klass_, "select", [&] { arm = select_(rng_object_).cast<int64_t>(); });
    return arm;
  }
  void Observe(int64_t arm, double reward) override {
    py::gil_scoped_acquire gil;
    CallPython(klass_, "update", [&] { update_(arm, reward); });
  }
  bool HasDistribution() const override { return false; }
  std::span<const double> Distribution() const override { return {}; }
  void RunReplicate(protocol::BanditEnvironment& environment, random::Rng& learner_rng,
                    protocol::CheckpointWriter<protocol::BanditProtocol>& writer) override {
    // This worker thread's Python thread state lives for the whole replicate (the outer
    // acquire), the GIL does not: released at once, each call below takes it again, which then
    // costs one PyEval_AcquireThread instead of creating and deleting a thread state per call.
    py::gil_scoped_acquire thread_state;
    py::gil_scoped_release between_calls(false);
    Calls calls{this};
    protocol::RunBanditLoop(calls, environment, learner_rng, writer);
  }

 private:
  // The three calls the round loop makes, without a Distribution() (none is exposed).
  struct Calls {
    PythonBanditLearner* self;
    void Reset(const protocol::BanditInfo& info) { self->Reset(info); }
    int64_t Select(random::Rng& rng) { return self->Select(rng); }
    void Observe(int64_t arm, double reward) { self->Observe(arm, reward); }
  };

  const PythonClass& klass_;
  RngView rng_view_;
  py::object object_, reset_, select_, update_, rng_object_;
};

// ---- Environments. ----

// The arms' means as the Python object declares them (attribute `means`), checked: K >= 2 finite
// values in [0, 1]. Empty with `problem` set when they are not.
std::vector<double> ReadMeans(const PythonClass& klass, const py::object& object,
                              std::string& problem) {
  std::vector<double> means;
  CallPython(klass, "means", [&] { means = object.attr("means").cast<std::vector<double>>(); });
  if (means.size() < 2) {
    problem = "means: " + std::to_string(means.size()) + " arm(s); a bandit needs K >= 2";
    return {};
  }
  for (size_t arm = 0; arm < means.size(); ++arm) {
    if (!(means[arm] >= 0.0 && means[arm] <= 1.0)) {
      problem = "means[" + std::to_string(arm) + "] = " + std::to_string(means[arm]) +
                " is not in [0, 1] (rewards of a reward-stack environment lie in [0, 1])";
      return {};
    }
  }
  return means;
}

// A Python object with `means` (K values in [0, 1]), draw(arm, rng) -> reward in [0, 1] whose
// mean is means[arm], optionally reset(rng) for a per-replicate instance (it may change the means,
// not their number) and a class attribute `bernoulli` (True when rewards are in {0, 1}).
class PythonBanditEnvironment final
    : public environments::bandit::RewardStackEnvironment<PythonBanditEnvironment> {
 public:
  static std::unique_ptr<registry::Component> Make(const PythonClass& klass,
                                                   const core::Params& params) {
    py::gil_scoped_acquire gil;
    py::object object = Construct(klass, params);
    std::string problem;
    std::vector<double> means = ReadMeans(klass, object, problem);
    if (!problem.empty())
      throw core::ComponentError("Python environment '" + klass.name + "': " + problem);
    const bool bernoulli = py::bool_(py::getattr(object, "bernoulli", py::bool_(false)));
    return std::unique_ptr<registry::Component>(
        new PythonBanditEnvironment(klass, std::move(object), std::move(means), bernoulli));
  }
  ~PythonBanditEnvironment() override {
    {
      py::gil_scoped_acquire gil;
      draw_ = reset_ = rng_object_ = object_ = py::object();
    }
    thread_state_.reset();
  }

  void Reset(const random::StreamKey& key) override {
    thread_state_->Hold();
    RewardStackEnvironment::Reset(key);
  }

  void OnReset(random::Rng& instance_rng) {
    if (reset_.is_none()) return;
    py::gil_scoped_acquire gil;
    RngLease lease(rng_view_, instance_rng);
    CallPython(klass_, "reset", [&] { reset_(rng_object_); });
    std::string problem;
    std::vector<double> means = ReadMeans(klass_, object_, problem);
    if (problem.empty() && means.size() != means_.size()) {
      problem = "reset() changed the number of arms from " + std::to_string(means_.size()) +
                " to " + std::to_string(means.size());
    }
    if (!problem.empty())
      throw core::ComponentError("Python environment '" + klass_.name + "': " + problem);
    means_ = std::move(means);
  }

  double DrawReward(int64_t arm, random::Rng& stream) {
    py::gil_scoped_acquire gil;
    RngLease lease(rng_view_, stream);
    double reward = 0;
    CallPython(klass_, "draw", [&] { reward = draw_(arm, rng_object_).cast<double>(); });
    if (!(reward >= 0.0 && reward <= 1.0)) {
      throw core::ComponentError("Python environment '" + klass_.name + "': draw(" +
                                 std::to_string(arm) + ", rng) returned " + std::to_string(reward) +
                                 ", outside [0, 1]");
    }
    return reward;
  }

 private:
  PythonBanditEnvironment(const PythonClass& klass, py::object object, std::vector<double> means,
                          bool bernoulli)
      : RewardStackEnvironment(std::move(means), bernoulli),
        klass_(klass),
        object_(std::move(object)) {
    rng_object_ = py::cast(&rng_view_, py::return_value_policy::reference);
    draw_ = object_.attr("draw");
    reset_ = py::getattr(object_, "reset", py::none());
  }

  const PythonClass& klass_;
  RngView rng_view_;
  py::object object_, draw_, reset_, rng_object_;
  std::unique_ptr<ThreadStateHold> thread_state_ = std::make_unique<ThreadStateHold>();
};

// ---- Registration and the kits. ----

void RegisterBanditLearner(const std::string& name, py::object cls, py::dict params,
                           const std::string& summary, const std::string& citation) {
  RequireMethods(cls, {"reset", "select", "update"}, "bandit learner",
                 "reset(info), select(rng) and update(arm, reward)");
  RegisterPythonComponent(name, cls, params, registry::ComponentKind::kAlgorithm,
                          protocol::kBanditProtocol,
                          &protocol::InterfaceTag<protocol::BanditProtocol>::kLearner, summary,
                          citation, [](const PythonClass& klass, const core::Params& values) {
                            return std::make_unique<PythonBanditLearner>(klass, values);
                          });
}

void RegisterBanditEnvironment(const std::string& name, py::object cls, py::dict params,
                               const std::string& summary, const std::string& citation) {
  RequireMethods(cls, {"draw"}, "bandit environment",
                 "a `means` attribute (K values in [0, 1]), draw(arm, rng) and optionally "
                 "reset(rng)");
  // Spec-time validation: the object is built with the spec's parameters and its means checked
  // when the spec is read, so a bad instance is a ConfigError (exit 2 in the CLI's terms) before
  // any work, not a failed cell.
  RegisterPythonComponent(name, cls, params, registry::ComponentKind::kEnvironment,
                          protocol::kBanditProtocol,
                          &protocol::InterfaceTag<protocol::BanditProtocol>::kEnvironment, summary,
                          citation, &PythonBanditEnvironment::Make,
                          [](const PythonClass& klass, const core::Params& values) -> std::string {
                            try {
                              PythonBanditEnvironment::Make(klass, values);
                            } catch (const core::ComponentError& error) {
                              return error.what();
                            }
                            return "";
                          });
}

// The bandit conformance kit (sim/testing/bandit_conformance.h) on a registered bandit algorithm,
// C++ or Python, against one registered environment (C++ or Python).
py::dict CheckBanditLearner(const std::string& name, py::dict params,
                            const std::string& environment_name, py::dict environment_params,
                            int64_t horizon, uint64_t seed) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  if (spec == nullptr || spec->kind != registry::ComponentKind::kAlgorithm ||
      spec->protocol != protocol::kBanditProtocol) {
    throw core::ConfigError("", 0, "check_bandit_learner",
                            "'" + name + "' is not a registered bandit algorithm");
  }
  const core::Params validated = ValidatedParams(*spec, params);
  const auto environment_values = RawValues(environment_params);
  testing::ConformanceReport report;
  {
    py::gil_scoped_release release;
    auto environment = testing::MakeEnvironment(environment_name, environment_values);
    report = testing::CheckBanditLearner(
        [&] { return protocol::MakeLearner<protocol::BanditProtocol>(*spec, validated); },
        *environment, horizon, seed);
  }
  py::dict out;
  out["ok"] = report.ok();
  out["passed"] = report.passed;
  out["failures"] = report.failures;
  out["text"] = report.Text();
  return out;
}

// The bandit environment kit (sim/testing/bandit_environment_conformance.h) on a registered
// bandit environment, optionally against a reference (the original of a port).
py::dict CheckBanditEnvironment(const std::string& name, py::dict params,
                                const std::string& reference, py::dict reference_params,
                                int64_t pulls, uint64_t seed) {
  const auto values = RawValues(params);
  const auto reference_values = RawValues(reference_params);
  testing::MakeEnvironment(name, values);  // a ConfigError for a bad name or parameters, here
  if (!reference.empty()) testing::MakeEnvironment(reference, reference_values);
  testing::ConformanceReport report;
  {
    py::gil_scoped_release release;
    report = testing::CheckBanditEnvironment(
        [&] { return testing::MakeEnvironment(name, values); }, pulls, seed,
        reference.empty() ? testing::BanditEnvironmentFactory()
                          : [&] { return testing::MakeEnvironment(reference, reference_values); });
  }
  return ReportToDict(report);
}

}  // namespace

void BindBandit(py::module_& m) {
  m.def("check_bandit_environment", &CheckBanditEnvironment, py::arg("name"), py::arg("params"),
        py::arg("reference"), py::arg("reference_params"), py::arg("pulls"), py::arg("seed"));
  m.def("check_bandit_learner", &CheckBanditLearner, py::arg("name"), py::arg("params"),
        py::arg("environment"), py::arg("environment_params"), py::arg("horizon"), py::arg("seed"));
  m.def("register_bandit_learner", &RegisterBanditLearner, py::arg("name"), py::arg("cls"),
        py::arg("params"), py::arg("summary") = "", py::arg("citation") = "");
  m.def("register_bandit_environment", &RegisterBanditEnvironment, py::arg("name"), py::arg("cls"),
        py::arg("params"), py::arg("summary") = "", py::arg("citation") = "");
}

}  // namespace regretlab::python
