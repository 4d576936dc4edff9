#include "tools/python/python_support.h"

namespace regretlab::python {

core::ParamSpec ParamFromDefault(const std::string& name, const py::handle& value) {
  core::ParamSpec spec;
  spec.name = name;
  spec.help = "parameter of a Python component";
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

void RequireMethods(const py::object& cls, const std::vector<const char*>& methods,
                    const std::string& what, const std::string& interface) {
  for (const char* method : methods) {
    if (!py::hasattr(cls, method)) {
      throw py::type_error("a " + what + " class needs " + interface + "; " +
                           py::repr(cls).cast<std::string>() + " has no " + method + "()");
    }
  }
}

void RegisterPythonComponent(const std::string& name, const py::object& cls, const py::dict& params,
                             registry::ComponentKind kind, const char* protocol,
                             const void* interface, std::string summary,
                             const std::string& citation, const PythonFactory& factory,
                             const PythonValidator& validate) {
  registry::Registry& registry = registry::Registry::Mutable();
  const std::string call = kind == registry::ComponentKind::kAlgorithm
                               ? std::string("register_") + protocol + "_learner"
                               : std::string("register_") + protocol + "_environment";
  if (registry.FindComponent(name) != nullptr) {
    throw core::ConfigError("", 0, call, "the name '" + name + "' is already registered");
  }
  auto* klass =
      new PythonClass{// lives as long as the process, like the registry
                      name, kind == registry::ComponentKind::kAlgorithm ? "learner" : "environment",
                      cls.inc_ref().ptr()};
  registry::ComponentSpec spec;
  spec.name = name;
  spec.kind = kind;
  spec.protocol = protocol;
  spec.summary = summary.empty() ? "Python " + klass->kind + " " + py::repr(cls).cast<std::string>()
                                 : std::move(summary);
  spec.citation = citation;
  for (const auto& [key, value] : params) {
    core::ParamSpec param = ParamFromDefault(key.cast<std::string>(), value);
    spec.test_params[param.name] = *param.default_value;
    spec.params.push_back(std::move(param));
  }
  spec.capabilities = registry::kNoCapability;
  spec.interface = interface;
  spec.factory = [klass, factory](const core::Params& values) { return factory(*klass, values); };
  if (validate) {
    spec.validate = [klass, validate](const core::Params& values) {
      return validate(*klass, values);
    };
  }
  try {
    spec.source_file =
        py::module_::import("inspect").attr("getsourcefile")(cls).cast<std::string>();
  } catch (...) {
    spec.source_file = "<python>";
  }
  const size_t errors = registry.registration_errors().size();
  registry.AddComponent(std::move(spec));
  if (registry.registration_errors().size() > errors) {
    throw core::ConfigError("", 0, call, registry.registration_errors().back());
  }
}

std::map<std::string, core::ParamValue> RawValues(const py::dict& params) {
  std::map<std::string, core::ParamValue> values;
  for (const auto& [key, value] : params) {
    const std::string k = key.cast<std::string>();
    values[k] = FromPython(k, value);
  }
  return values;
}

core::Params ValidatedParams(const registry::ComponentSpec& spec, const py::dict& params) {
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : RawValues(params))
    raw[key] = core::RawParam{value, {"<python>", 0}};
  return core::ValidateParams(spec.params, raw, spec.name, {"<python>", 0});
}

void BindRng(py::module_& m) {
  py::class_<RngView>(m, "Rng",
                      "A keyed random stream (valid only inside the call it is passed to): the "
                      "same draws a C++ component gets from random::Rng")
      .def("next_u64", [](RngView& v) { return v.Get().NextU64(); })
      .def(
          "uniform01", [](RngView& v) { return v.Get().Uniform01(); }, "uniform on [0, 1)")
      .def(
          "uniform_open0", [](RngView& v) { return v.Get().UniformOpen0(); }, "uniform on (0, 1]")
      .def(
          "uniform_int", [](RngView& v, uint64_t bound) { return v.Get().UniformInt(bound); },
          "uniform integer on [0, bound)");
}

}  // namespace regretlab::python
