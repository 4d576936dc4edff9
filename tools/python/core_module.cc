// regretlab._core: the engine from Python (issue 19). Built by CMake into
// analysis/python/regretlab/ so that it joins the pure-Python analysis package under one import
// name; the package's Python files import it lazily (docs/python.md).
//
// What it offers: the registry as data (list, describe), a run of a spec through the same
// RunExperiment as `regretlab run` (GIL released while the engine runs, progress and Ctrl-C
// polled on the calling thread), and bandit learners written in Python registered as components
// (a call into Python takes the GIL; randomness only from the learner's keyed stream).
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/params.h"
#include "sim/plan/plan.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "sim/testing/bandit_conformance.h"
#include "tools/cli/run_experiment.h"

namespace py = pybind11;

namespace regretlab::python {
namespace {

// ---- Conversions. ----

py::object ToPython(const core::ParamValue& value) {
  return std::visit([](const auto& v) -> py::object { return py::cast(v); }, value);
}

py::dict ParamsToDict(const core::Params& params) {
  py::dict out;
  for (const auto& [name, value] : params.values()) out[py::str(name)] = ToPython(value);
  return out;
}

py::dict ParamSpecToDict(const core::ParamSpec& spec) {
  py::dict out;
  out["name"] = spec.name;
  out["type"] = core::ParamTypeName(spec.type);
  out["default"] = spec.default_value ? ToPython(*spec.default_value) : py::none();
  out["required"] = !spec.default_value.has_value();
  out["range"] = core::RangeText(spec);
  out["choices"] = spec.choices;
  out["help"] = spec.help;
  return out;
}

std::string KindName(registry::ComponentKind kind) {
  return kind == registry::ComponentKind::kAlgorithm ? "algorithm" : "environment";
}

// ---- The registry as data. ----

std::vector<std::string> List(const std::string& kind) {
  const registry::Registry& registry = registry::Registry::Get();
  std::vector<std::string> names;
  if (kind == "algorithms" || kind == "algorithm") {
    for (const auto* spec : registry.Components(registry::ComponentKind::kAlgorithm))
      names.push_back(spec->name);
  } else if (kind == "environments" || kind == "environment") {
    for (const auto* spec : registry.Components(registry::ComponentKind::kEnvironment))
      names.push_back(spec->name);
  } else if (kind == "bounds" || kind == "bound") {
    for (const auto* spec : registry.Bounds()) names.push_back(spec->name);
  } else if (kind == "protocols" || kind == "protocol") {
    for (const auto* spec : registry.Protocols()) names.push_back(spec->name);
  } else {
    throw core::ConfigError(
        "", 0, "list",
        "unknown kind '" + kind + "'; one of: algorithms, environments, bounds, protocols");
  }
  return names;
}

py::dict Describe(const std::string& name) {
  const registry::Registry& registry = registry::Registry::Get();
  py::dict out;
  if (const auto* spec = registry.FindComponent(name)) {
    out["name"] = spec->name;
    out["kind"] = KindName(spec->kind);
    out["protocol"] = spec->protocol;
    out["summary"] = spec->summary;
    out["citation"] = spec->citation;
    out["guarantee"] = spec->guarantee;
    py::list params;
    for (const auto& param : spec->params) params.append(ParamSpecToDict(param));
    out["params"] = params;
    out["exposes_distribution"] = (spec->capabilities & registry::kExposesDistribution) != 0;
    out["source_file"] = spec->source_file;
    std::vector<std::string> bounds;
    for (const auto* bound : registry.BoundsFor(spec->name)) bounds.push_back(bound->name);
    out["bounds"] = bounds;
    return out;
  }
  if (const auto* spec = registry.FindBound(name)) {
    out["name"] = spec->name;
    out["kind"] = "bound";
    out["bound_kind"] = registry::BoundKindName(spec->kind);
    out["protocol"] = spec->protocol;
    out["metric"] = spec->metric;
    out["algorithms"] = spec->algorithms;
    out["citation"] = spec->citation;
    out["formula"] = spec->formula;
    out["constants_checked"] = spec->constants_checked;
    out["source_file"] = spec->source_file;
    return out;
  }
  if (const auto* spec = registry.FindProtocol(name)) {
    out["name"] = spec->name;
    out["kind"] = "protocol";
    out["summary"] = spec->summary;
    py::list metrics;
    for (const auto& metric : spec->metrics) {
      py::dict m;
      m["name"] = metric.name;
      m["help"] = metric.help;
      m["unit"] = metric.unit;
      metrics.append(m);
    }
    out["metrics"] = metrics;
    out["default_metrics"] = spec->default_metrics;
    return out;
  }
  throw core::ConfigError("", 0, "describe", "unknown name '" + name + "'");
}

// ---- Runs. ----

std::string PlanName(const std::string& spec_file, const std::string& spec_text,
                     const std::vector<std::string>& overrides) {
  py::gil_scoped_release release;
  return (spec_text.empty() ? plan::LoadPlan(spec_file, overrides)
                            : plan::ParsePlan(spec_text, spec_file, overrides))
      .name;
}

// Runs RunExperiment on a thread of its own while the calling thread (GIL released between
// polls) reports progress and checks for signals: Ctrl-C stops the run after the units in flight,
// leaving its parts for `resume=True` / `regretlab run --resume`, then raises KeyboardInterrupt.
py::dict Run(const std::string& spec_file, const std::string& spec_text, const std::string& output,
             int threads, const std::vector<std::string>& overrides, bool resume, bool force,
             py::object progress, bool verbose) {
  cli::RunOptions options;
  options.spec_file = spec_file;
  options.spec_text = spec_text;
  options.output = output;
  options.threads = threads;
  options.overrides = overrides;
  options.resume = resume;
  options.force = force;
  options.progress = false;
  std::atomic<int64_t> done{0}, total{-1};
  std::atomic<bool> stop{false}, finished{false};
  std::mutex mutex;
  std::condition_variable wake;
  options.on_progress = [&](int64_t units_done, int64_t units_total) {
    total.store(units_total);
    int64_t seen = done.load();
    while (seen < units_done && !done.compare_exchange_weak(seen, units_done)) {
    }
    wake.notify_all();
  };
  options.stop_requested = [&] { return stop.load(); };

  std::ostringstream log;
  cli::RunSummary summary;
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      summary = cli::RunExperiment(options, log);
    } catch (...) {
      failure = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      finished.store(true);
    }
    wake.notify_all();
  });
  bool interrupted = false;
  int64_t reported = -1;
  while (true) {
    {
      py::gil_scoped_release release;
      std::unique_lock<std::mutex> lock(mutex);
      wake.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished.load(); });
    }
    const bool end = finished.load();
    if (!interrupted && PyErr_CheckSignals() != 0) {
      // The handler raised (KeyboardInterrupt): stop starting units, re-raise after the join.
      PyErr_Clear();
      interrupted = true;
      stop.store(true);
    }
    const int64_t now = done.load();
    if (!progress.is_none() && total.load() >= 0 && now != reported) {
      reported = now;
      try {
        progress(now, total.load());
      } catch (py::error_already_set&) {
        stop.store(true);
        py::gil_scoped_release release;
        worker.join();
        throw;
      }
    }
    if (end) break;
  }
  {
    py::gil_scoped_release release;
    worker.join();
  }
  if (verbose) py::module_::import("sys").attr("stderr").attr("write")(log.str());
  if (failure) std::rethrow_exception(failure);
  if (interrupted) {
    PyErr_SetString(
        PyExc_KeyboardInterrupt,
        ("run interrupted; " + std::to_string(summary.units_run) + " units are on disk in " +
         summary.output + ".parts: resume=True (or `regretlab run --resume`) completes it")
            .c_str());
    throw py::error_already_set();
  }
  py::dict out;
  out["output"] = summary.output;
  out["units_run"] = summary.units_run;
  out["units_skipped"] = summary.units_skipped;
  out["failed_cells"] = summary.failed_cells;
  out["assembled"] = summary.assembled;
  out["stopped"] = summary.stopped;
  out["seconds"] = summary.seconds;
  out["replicate_steps"] = summary.replicate_steps;
  out["log"] = log.str();
  return out;
}

// ---- Bandit learners written in Python. ----

// The learner's keyed stream as Python sees it: valid only during the select() call it is
// passed to (the engine owns the Rng).
struct RngView {
  random::Rng* rng = nullptr;
  random::Rng& Get() const {
    if (rng == nullptr) throw std::runtime_error("the Rng is only valid inside select()");
    return *rng;
  }
};

struct PythonLearnerClass {
  std::string name;
  PyObject* cls = nullptr;  // a new reference, never released (the registry lives forever)
};

// A Python object with reset(info), select(rng) -> arm, update(arm, reward), behind the bandit
// protocol's learner interface. Every call takes the GIL; a Python exception becomes a
// std::runtime_error naming the learner (it ends the run).
class PythonBanditLearner final : public protocol::BanditLearner {
 public:
  PythonBanditLearner(const PythonLearnerClass* klass, const core::Params& params) : klass_(klass) {
    py::gil_scoped_acquire gil;
    Call([&] {
      object_ = py::reinterpret_borrow<py::object>(klass_->cls)(**ParamsToDict(params));
      rng_view_ = std::make_unique<RngView>();
      rng_object_ = py::cast(rng_view_.get(), py::return_value_policy::reference);
      reset_ = object_.attr("reset");
      select_ = object_.attr("select");
      update_ = object_.attr("update");
    });
  }
  ~PythonBanditLearner() override {
    py::gil_scoped_acquire gil;
    reset_ = select_ = update_ = rng_object_ = object_ = py::object();
  }

  void Reset(const protocol::BanditInfo& info) override {
    py::gil_scoped_acquire gil;
    Call([&] {
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
    int64_t arm = -1;
    rng_view_->rng = &rng;
    Call([&] { arm = select_(rng_object_).cast<int64_t>(); });
    rng_view_->rng = nullptr;
    return arm;
  }
  void Observe(int64_t arm, double reward) override {
    py::gil_scoped_acquire gil;
    Call([&] { update_(arm, reward); });
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

  template <class F>
  void Call(F&& f) {
    try {
      f();
    } catch (py::error_already_set& error) {
      throw std::runtime_error("Python learner '" + klass_->name + "': " + error.what());
    } catch (py::cast_error& error) {
      throw std::runtime_error("Python learner '" + klass_->name +
                               "': select() must return an int arm: " + error.what());
    }
  }

  const PythonLearnerClass* klass_;
  py::object object_, reset_, select_, update_, rng_object_;
  std::unique_ptr<RngView> rng_view_;
};

core::ParamSpec ParamFromDefault(const std::string& name, const py::handle& value) {
  core::ParamSpec spec;
  spec.name = name;
  spec.help = "parameter of a Python learner";
  if (py::isinstance<py::bool_>(value)) {
    spec.type = core::ParamType::kBool;
    spec.default_value = value.cast<bool>();
  } else if (py::isinstance<py::int_>(value)) {
    spec.type = core::ParamType::kInteger;
    spec.default_value = value.cast<int64_t>();
  } else if (py::isinstance<py::float_>(value)) {
    spec.type = core::ParamType::kReal;
    spec.default_value = value.cast<double>();
  } else if (py::isinstance<py::str>(value)) {
    spec.type = core::ParamType::kString;
    spec.default_value = value.cast<std::string>();
  } else if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    spec.type = core::ParamType::kRealList;
    spec.default_value = value.cast<std::vector<double>>();
  } else {
    throw py::type_error("parameter '" + name +
                         "': the default must be a bool, int, float, str or list of floats");
  }
  return spec;
}

void RegisterBanditLearner(const std::string& name, py::object cls, py::dict params,
                           const std::string& summary, const std::string& citation) {
  registry::Registry& registry = registry::Registry::Mutable();
  if (registry.FindComponent(name) != nullptr) {
    throw core::ConfigError("", 0, "register_bandit_learner",
                            "the name '" + name + "' is already registered");
  }
  for (const char* method : {"reset", "select", "update"}) {
    if (!py::hasattr(cls, method)) {
      throw py::type_error(
          "a bandit learner class needs reset(info), select(rng) and "
          "update(arm, reward); " +
          py::repr(cls).cast<std::string>() + " has no " + method + "()");
    }
  }
  auto* klass = new PythonLearnerClass{name, cls.inc_ref().ptr()};  // lives as long as the process
  registry::ComponentSpec spec;
  spec.name = name;
  spec.kind = registry::ComponentKind::kAlgorithm;
  spec.protocol = protocol::kBanditProtocol;
  spec.summary =
      summary.empty() ? "Python bandit learner " + py::repr(cls).cast<std::string>() : summary;
  spec.citation = citation;
  for (const auto& [key, value] : params) {
    core::ParamSpec param = ParamFromDefault(key.cast<std::string>(), value);
    spec.test_params[param.name] = *param.default_value;
    spec.params.push_back(std::move(param));
  }
  spec.capabilities = registry::kNoCapability;
  spec.interface = &protocol::InterfaceTag<protocol::BanditProtocol>::kLearner;
  spec.factory = [klass](const core::Params& values) -> std::unique_ptr<registry::Component> {
    return std::make_unique<PythonBanditLearner>(klass, values);
  };
  py::object inspect = py::module_::import("inspect");
  try {
    spec.source_file = inspect.attr("getsourcefile")(cls).cast<std::string>();
  } catch (...) {
    spec.source_file = "<python>";
  }
  const size_t errors = registry.registration_errors().size();
  registry.AddComponent(std::move(spec));
  if (registry.registration_errors().size() > errors) {
    throw core::ConfigError("", 0, "register_bandit_learner",
                            registry.registration_errors().back());
  }
}

core::ParamValue FromPython(const std::string& name, const py::handle& value) {
  return *ParamFromDefault(name, value).default_value;
}

// The bandit conformance kit (sim/testing/bandit_conformance.h) on a registered bandit algorithm,
// C++ or Python, against one registered environment.
py::dict CheckBanditLearner(const std::string& name, py::dict params,
                            const std::string& environment_name, py::dict environment_params,
                            int64_t horizon, uint64_t seed) {
  const registry::Registry& registry = registry::Registry::Get();
  const registry::ComponentSpec* spec = registry.FindComponent(name);
  if (spec == nullptr || spec->kind != registry::ComponentKind::kAlgorithm ||
      spec->protocol != protocol::kBanditProtocol) {
    throw core::ConfigError("", 0, "check_bandit_learner",
                            "'" + name + "' is not a registered bandit algorithm");
  }
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : params) {
    const std::string k = key.cast<std::string>();
    raw[k] = core::RawParam{FromPython(k, value), {"<python>", 0}};
  }
  const core::Params validated =
      core::ValidateParams(spec->params, raw, "algorithm (" + name + ")", {"<python>", 0});
  std::map<std::string, core::ParamValue> environment_values;
  for (const auto& [key, value] : environment_params) {
    const std::string k = key.cast<std::string>();
    environment_values[k] = FromPython(k, value);
  }
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

}  // namespace
}  // namespace regretlab::python

PYBIND11_MODULE(_core, m) {
  using namespace regretlab::python;
  m.doc() = "regretlab's engine from Python (docs/python.md); use the `regretlab` package.";
  regretlab::registry::CheckRegistry();
  // core::ConfigError -> regretlab.errors.ConfigError with the CLI's `file:line: key: message`.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const regretlab::core::ConfigError& error) {
      py::object type = py::module_::import("regretlab.errors").attr("ConfigError");
      PyErr_SetString(type.ptr(), error.what());
    } catch (const regretlab::core::InvariantError& error) {
      py::object type = py::module_::import("regretlab.errors").attr("InvariantError");
      PyErr_SetString(type.ptr(), error.what());
    }
  });
  py::class_<RngView>(m, "Rng",
                      "The learner's keyed random stream (valid only inside select()): the same "
                      "draws a C++ learner gets from random::Rng")
      .def("next_u64", [](RngView& v) { return v.Get().NextU64(); })
      .def(
          "uniform01", [](RngView& v) { return v.Get().Uniform01(); }, "uniform on [0, 1)")
      .def(
          "uniform_open0", [](RngView& v) { return v.Get().UniformOpen0(); }, "uniform on (0, 1]")
      .def(
          "uniform_int", [](RngView& v, uint64_t bound) { return v.Get().UniformInt(bound); },
          "uniform integer on [0, bound)");
  m.def("list", &List, py::arg("kind"));
  m.def("describe", &Describe, py::arg("name"));
  m.def("plan_name", &PlanName, py::arg("spec_file"), py::arg("spec_text"), py::arg("overrides"));
  m.def("run", &Run, py::arg("spec_file"), py::arg("spec_text"), py::arg("output"),
        py::arg("threads"), py::arg("overrides"), py::arg("resume"), py::arg("force"),
        py::arg("progress"), py::arg("verbose"));
  m.def("check_bandit_learner", &CheckBanditLearner, py::arg("name"), py::arg("params"),
        py::arg("environment"), py::arg("environment_params"), py::arg("horizon"), py::arg("seed"));
  m.def("register_bandit_learner", &RegisterBanditLearner, py::arg("name"), py::arg("cls"),
        py::arg("params"), py::arg("summary") = "", py::arg("citation") = "");
}
