// What the Python adapters of regretlab._core share (tools/python/*.cc): parameter conversions,
// the view of a keyed random stream Python draws from, calls into Python that turn a Python
// exception into the engine's ComponentError (the cell fails, the run goes on), and the part of a
// registration that is the same for every protocol.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/params.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"
#include "sim/testing/conformance_report.h"

namespace regretlab::python {

namespace py = pybind11;

inline py::object ToPython(const core::ParamValue& value) {
  return std::visit([](const auto& v) -> py::object { return py::cast(v); }, value);
}

inline py::dict ParamsToDict(const core::Params& params) {
  py::dict out;
  for (const auto& [name, value] : params.values()) out[py::str(name)] = ToPython(value);
  return out;
}

// A parameter declared by its default value: bool, int, float, str, or a list of floats.
core::ParamSpec ParamFromDefault(const std::string& name, const py::handle& value);

inline core::ParamValue FromPython(const std::string& name, const py::handle& value) {
  return *ParamFromDefault(name, value).default_value;
}

// A keyed stream as Python sees it: valid only during the call it is passed to (the engine owns
// the Rng). Bound once as regretlab._core.Rng.
struct RngView {
  random::Rng* rng = nullptr;
  random::Rng& Get() const {
    if (rng == nullptr)
      throw std::runtime_error("this Rng is only valid inside the call it is passed to");
    return *rng;
  }
};

// Points `view` at `rng` for one scope.
class RngLease {
 public:
  RngLease(RngView& view, random::Rng& rng) : view_(view) { view_.rng = &rng; }
  ~RngLease() { view_.rng = nullptr; }
  RngLease(const RngLease&) = delete;
  RngLease& operator=(const RngLease&) = delete;

 private:
  RngView& view_;
};

// Keeps the calling thread's Python thread state alive (without holding the GIL) from Hold() until
// destruction, so that each later call into Python on that thread costs one PyEval_AcquireThread
// instead of creating and deleting a thread state (pybind11's gil_scoped_acquire on a thread
// without one: about 10 µs a call, docs/benchmarks.md "Python learners"). A component holds it
// from its first Reset to its destruction, which the engine does on one thread (a work unit runs
// on the thread that started it). Destroyed on another thread, it is given up without being
// undone (one thread state stays with its thread) rather than undone on the wrong thread.
class ThreadStateHold {
 public:
  ThreadStateHold() = default;
  ThreadStateHold(const ThreadStateHold&) = delete;
  ThreadStateHold& operator=(const ThreadStateHold&) = delete;
  ~ThreadStateHold() {
    if (held_ && std::this_thread::get_id() != owner_) {
      (void)held_.release();  // see the class comment
    }
  }
  // Idempotent; a no-op when this thread holds the GIL already (nothing to save then).
  void Hold() {
    if (held_ || PyGILState_Check() != 0) return;
    owner_ = std::this_thread::get_id();
    held_ = std::make_unique<Held>();
  }

 private:
  struct Held {
    py::gil_scoped_acquire acquire;
    py::gil_scoped_release release{false};
  };
  std::unique_ptr<Held> held_;
  std::thread::id owner_;
};

// A Python class registered as a component; the class object is a new reference that is never
// released (the registry lives as long as the process).
struct PythonClass {
  std::string name;  // the registered name
  std::string kind;  // "learner" or "environment", for messages
  PyObject* cls = nullptr;
};

// Runs f (which calls into Python; the caller holds the GIL). A Python exception, or a value of
// the wrong type, becomes a ComponentError naming the component and carrying Python's message and
// traceback: the engine marks the cell failed with that text and the other cells go on.
template <class F>
void CallPython(const PythonClass& klass, const char* method, F&& f) {
  try {
    f();
  } catch (py::error_already_set& error) {
    throw core::ComponentError("Python " + klass.kind + " '" + klass.name + "' raised in " +
                               method + ": " + error.what());
  } catch (py::cast_error& error) {
    throw core::ComponentError("Python " + klass.kind + " '" + klass.name + "': " + method +
                               " returned a value of the wrong type (" + error.what() + ")");
  }
}

// Builds the object cls(**params) (GIL held).
inline py::object Construct(const PythonClass& klass, const core::Params& params) {
  py::object object;
  CallPython(klass, "__init__", [&] {
    object = py::reinterpret_borrow<py::object>(klass.cls)(**ParamsToDict(params));
  });
  return object;
}

// Checks that `cls` has every method in `methods`, else a TypeError naming what is missing and
// the protocol's interface (`interface`, e.g. "reset(info), select(rng), update(arm, reward)").
void RequireMethods(const py::object& cls, const std::vector<const char*>& methods,
                    const std::string& what, const std::string& interface);

// The registration of a Python class as component `name` of `protocol`: parameters from the
// defaults, its source file, the factory. Throws ConfigError when the name is taken or invalid.
// `factory` receives the class and the validated parameters.
// `validate`, when given, becomes the spec's validate hook (called when a spec is read; "" when
// the parameters are fine, else why not).
using PythonFactory =
    std::function<std::unique_ptr<registry::Component>(const PythonClass&, const core::Params&)>;
using PythonValidator = std::function<std::string(const PythonClass&, const core::Params&)>;
void RegisterPythonComponent(const std::string& name, const py::object& cls, const py::dict& params,
                             registry::ComponentKind kind, const char* protocol,
                             const void* interface, std::string summary,
                             const std::string& citation, const PythonFactory& factory,
                             const PythonValidator& validate = nullptr);

// The validated parameters of registered component `name` from a Python dict (ConfigError on a
// bad one), for the conformance kits.
core::Params ValidatedParams(const registry::ComponentSpec& spec, const py::dict& params);
std::map<std::string, core::ParamValue> RawValues(const py::dict& params);

// A conformance kit's report as the dict the Python functions return: ok, passed, failures, text.
inline py::dict ReportToDict(const testing::ConformanceReport& report) {
  py::dict out;
  out["ok"] = report.ok();
  out["passed"] = report.passed;
  out["failures"] = report.failures;
  out["text"] = report.Text();
  return out;
}

void BindRng(py::module_& m);
void BindBandit(py::module_& m);
void BindOnlineConvex(py::module_& m);

}  // namespace regretlab::python
