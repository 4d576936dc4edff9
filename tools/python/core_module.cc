// regretlab._core: the engine from Python (issue 19). Built by CMake into
// analysis/python/regretlab/ so that it joins the pure-Python analysis package under one import
// name; the package's Python files import it lazily (docs/python.md).
//
// What it offers: the registry as data (list, describe), a run of a spec through the same
// RunExperiment as `regretlab run` (GIL released while the engine runs, progress and Ctrl-C
// polled on the calling thread). Components written in Python: python_bandit.cc (bandit learners
// and environments), python_online_convex.cc (OCO learners), python_support.h (what they share).
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
#include "sim/registry/registry.h"
#include "tools/cli/run_experiment.h"
#include "tools/python/python_support.h"

namespace regretlab::python {
namespace {

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
  BindRng(m);
  m.def("list", &List, py::arg("kind"));
  m.def("describe", &Describe, py::arg("name"));
  m.def("plan_name", &PlanName, py::arg("spec_file"), py::arg("spec_text"), py::arg("overrides"));
  m.def("run", &Run, py::arg("spec_file"), py::arg("spec_text"), py::arg("output"),
        py::arg("threads"), py::arg("overrides"), py::arg("resume"), py::arg("force"),
        py::arg("progress"), py::arg("verbose"));
  BindBandit(m);
  BindOnlineConvex(m);
}
