// Online convex optimisation learners written in Python (docs/python.md), behind the
// online_convex protocol's learner interface, and the OCO conformance kit
// (sim/testing/oco_conformance.h) from Python.
//
// The learner sees what a C++ one sees (OcoInfo, with the domain as regretlab._core.Domain: its
// centre, diameter and the exact Euclidean projection the C++ learners use) and the gradients as
// numpy arrays. OCO learners draw no randomness, so a Python port that does the same arithmetic
// in the same order as its C++ original gives the same bits (docs/python.md, the porting check).
#include <pybind11/numpy.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/online_convex.h"
#include "sim/testing/oco_conformance.h"
#include "sim/testing/registered_environment.h"
#include "tools/python/python_support.h"

namespace regretlab::python {
namespace {

using protocol::Domain;

py::array_t<double> ToArray(std::span<const double> values) {
  return py::array_t<double>(static_cast<py::ssize_t>(values.size()), values.data());
}

// The learner's view of OcoInfo (a SimpleNamespace: domain, dimension, horizon, gradient_bound,
// smoothness, strong_convexity, exp_concavity).
py::object InfoObject(const protocol::OcoInfo& info) {
  py::dict d;
  d["domain"] = info.domain;
  d["dimension"] = info.domain.dimension();
  d["horizon"] = info.horizon;
  d["gradient_bound"] = info.gradient_bound;
  d["smoothness"] = info.smoothness;
  d["strong_convexity"] = info.strong_convexity;
  d["exp_concavity"] = info.exp_concavity;
  return py::module_::import("types").attr("SimpleNamespace")(**d);
}

// A Python object with reset(info), play() -> x (d floats), update(gradient); optionally
// check(info) -> "" or why it cannot run, and step_size() -> the last step (NaN when absent).
class PythonOcoLearner final : public protocol::OcoLearner {
 public:
  PythonOcoLearner(const PythonClass& klass, const core::Params& params) : klass_(klass) {
    py::gil_scoped_acquire gil;
    object_ = Construct(klass_, params);
    reset_ = object_.attr("reset");
    play_ = object_.attr("play");
    update_ = object_.attr("update");
    check_ = py::getattr(object_, "check", py::none());
    step_size_ = py::getattr(object_, "step_size", py::none());
  }
  ~PythonOcoLearner() override {
    {
      py::gil_scoped_acquire gil;
      reset_ = play_ = update_ = check_ = step_size_ = object_ = py::object();
    }
    thread_state_.reset();
  }

  std::string Check(const protocol::OcoInfo& info) const override {
    if (check_.is_none()) return "";
    py::gil_scoped_acquire gil;
    std::string problem;
    CallPython(klass_, "check", [&] {
      py::object answer = check_(InfoObject(info));
      if (!answer.is_none()) problem = answer.cast<std::string>();
    });
    return problem;
  }
  void Reset(const protocol::OcoInfo& info) override {
    thread_state_->Hold();
    py::gil_scoped_acquire gil;
    CallPython(klass_, "reset", [&] { reset_(InfoObject(info)); });
  }
  void Play(std::span<double> x) override {
    py::gil_scoped_acquire gil;
    CallPython(klass_, "play", [&] {
      auto played = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(play_());
      if (!played || played.ndim() != 1 || static_cast<size_t>(played.size()) != x.size()) {
        throw core::ComponentError("Python learner '" + klass_.name + "': play() must return " +
                                   std::to_string(x.size()) + " floats (the domain's dimension)");
      }
      std::copy(played.data(), played.data() + x.size(), x.begin());
    });
  }
  void Observe(std::span<const double> gradient) override {
    py::gil_scoped_acquire gil;
    CallPython(klass_, "update", [&] { update_(ToArray(gradient)); });
  }
  double StepSize() const override {
    if (step_size_.is_none()) return std::nan("");
    py::gil_scoped_acquire gil;
    double step = 0;
    CallPython(klass_, "step_size", [&] { step = step_size_().cast<double>(); });
    return step;
  }

 private:
  const PythonClass& klass_;
  py::object object_, reset_, play_, update_, check_, step_size_;
  std::unique_ptr<ThreadStateHold> thread_state_ = std::make_unique<ThreadStateHold>();
};

void RegisterOnlineConvexLearner(const std::string& name, py::object cls, py::dict params,
                                 const std::string& summary, const std::string& citation) {
  RequireMethods(cls, {"reset", "play", "update"}, "online convex learner",
                 "reset(info), play() and update(gradient) (optionally check(info), "
                 "step_size())");
  RegisterPythonComponent(
      name, cls, params, registry::ComponentKind::kAlgorithm, protocol::kOnlineConvexProtocol,
      &protocol::InterfaceTag<protocol::OnlineConvexProtocol>::kLearner, summary, citation,
      [](const PythonClass& klass, const core::Params& values) {
        return std::make_unique<PythonOcoLearner>(klass, values);
      });
}

// The OCO conformance kit on a registered online_convex algorithm (C++ or Python) against one
// registered environment, over `horizon` rounds.
py::dict CheckOnlineConvexLearner(const std::string& name, py::dict params,
                                  const std::string& environment_name, py::dict environment_params,
                                  int64_t horizon, uint64_t seed) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  if (spec == nullptr || spec->kind != registry::ComponentKind::kAlgorithm ||
      spec->protocol != protocol::kOnlineConvexProtocol) {
    throw core::ConfigError("", 0, "check_online_convex_learner",
                            "'" + name + "' is not a registered online_convex algorithm");
  }
  const core::Params validated = ValidatedParams(*spec, params);
  const auto environment_values = RawValues(environment_params);
  testing::ConformanceReport report;
  {
    py::gil_scoped_release release;
    auto environment = testing::MakeRegisteredEnvironment<protocol::OnlineConvexProtocol>(
        environment_name, environment_values);
    environment->SetHorizon(horizon);
    report = testing::CheckOcoLearner(
        [&] { return protocol::MakeLearner<protocol::OnlineConvexProtocol>(*spec, validated); },
        *environment, seed);
  }
  return ReportToDict(report);
}

std::vector<double> Project(const Domain& domain, std::vector<double> y) {
  if (static_cast<int64_t>(y.size()) != domain.dimension()) {
    throw py::value_error("project(): " + std::to_string(y.size()) + " values for a domain of " +
                          "dimension " + std::to_string(domain.dimension()));
  }
  domain.Project(y);
  return y;
}

}  // namespace

void BindOnlineConvex(py::module_& m) {
  py::class_<Domain>(m, "Domain",
                     "An OCO domain (ball, simplex or box) with the exact Euclidean projection "
                     "the C++ learners use (sim/models/convex_domain.h)")
      .def_property_readonly("kind", [](const Domain& d) { return std::string(d.KindName()); })
      .def_property_readonly("dimension", &Domain::dimension)
      .def_property_readonly("size", &Domain::size, "radius (ball) or half-width (box)")
      .def_property_readonly("diameter", &Domain::Diameter)
      .def_property_readonly("max_norm", &Domain::MaxNorm)
      .def(
          "centre",
          [](const Domain& d) {
            std::vector<double> x(static_cast<size_t>(d.dimension()));
            d.Centre(x);
            return ToArray(x);
          },
          "the canonical centre point (0, or the uniform vector on the simplex)")
      .def(
          "project",
          [](const Domain& d, std::vector<double> y) { return ToArray(Project(d, std::move(y))); },
          py::arg("y"), "the Euclidean projection of y onto the domain")
      .def(
          "violation", [](const Domain& d, std::vector<double> x) { return d.Violation(x); },
          py::arg("x"), "how far x lies outside the domain (0 inside)")
      .def("__repr__", [](const Domain& d) {
        return "Domain(" + std::string(d.KindName()) +
               ", dimension=" + std::to_string(d.dimension()) +
               ", size=" + std::to_string(d.size()) + ")";
      });
  m.def("register_online_convex_learner", &RegisterOnlineConvexLearner, py::arg("name"),
        py::arg("cls"), py::arg("params"), py::arg("summary") = "", py::arg("citation") = "");
  m.def("check_online_convex_learner", &CheckOnlineConvexLearner, py::arg("name"),
        py::arg("params"), py::arg("environment"), py::arg("environment_params"),
        py::arg("horizon"), py::arg("seed"));
}

}  // namespace regretlab::python
