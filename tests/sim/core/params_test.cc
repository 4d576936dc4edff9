#include "sim/core/params.h"

#include <catch2/catch.hpp>

#include "sim/core/error.h"

using namespace regretlab::core;

namespace {

std::vector<ParamSpec> Schema() {
  return {{.name = "eta",
           .type = ParamType::kReal,
           .default_value = 0.5,
           .min = 0,
           .min_exclusive = true,
           .help = "step"},
          {.name = "arms", .type = ParamType::kInteger, .min = 2, .max = 100, .help = "K"},
          {.name = "means",
           .type = ParamType::kRealList,
           .default_value = std::vector<double>{0.5, 0.5},
           .min = 0,
           .max = 1,
           .min_length = 2,
           .help = "means"},
          {.name = "model",
           .type = ParamType::kString,
           .default_value = std::string("a"),
           .choices = {"a", "b"},
           .help = "model"}};
}

std::map<std::string, RawParam> Raw(std::map<std::string, ParamValue> values) {
  std::map<std::string, RawParam> raw;
  for (auto& [k, v] : values) raw[k] = {v, {"spec.toml", 9}};
  return raw;
}

}  // namespace

TEST_CASE("params: defaults are filled and canonical text is sorted", "[closed_form]") {
  const Params params = ValidateParams(Schema(), Raw({{"arms", int64_t{3}}}), "test", {});
  CHECK(params.Real("eta") == 0.5);
  CHECK(params.Integer("arms") == 3);
  CHECK(params.String("model") == "a");
  CHECK(params.CanonicalText() == "{arms=3,eta=0.5,means=[0.5,0.5],model=\"a\"}");
}

TEST_CASE("params: integers given for reals convert, reals print as reals", "[closed_form]") {
  const Params params =
      ValidateParams(Schema(), Raw({{"arms", int64_t{3}}, {"eta", int64_t{2}}}), "test", {});
  CHECK(params.Real("eta") == 2.0);
  CHECK(params.CanonicalText().find("eta=2.0") != std::string::npos);
}

TEST_CASE("params: bad values are ConfigErrors naming the key, file and valid range", "[errors]") {
  auto message_of = [](std::map<std::string, ParamValue> values) -> std::string {
    try {
      ValidateParams(Schema(), Raw(std::move(values)), "algorithms[0] (x)", {"spec.toml", 3});
    } catch (const ConfigError& error) {
      return error.what();
    }
    return "no error";
  };
  const std::string unknown = message_of({{"arms", int64_t{3}}, {"etta", 1.0}});
  CHECK(unknown.find("spec.toml:9: etta: unknown parameter") != std::string::npos);
  CHECK(unknown.find("valid parameters: eta, arms, means, model") != std::string::npos);
  CHECK(message_of({}).find("spec.toml:3: arms: missing required parameter") != std::string::npos);
  CHECK(message_of({{"arms", int64_t{1}}}).find("out of range; valid: [2.0, 100.0]") !=
        std::string::npos);
  CHECK(message_of({{"arms", int64_t{3}}, {"eta", 0.0}}).find("valid: > 0.0") != std::string::npos);
  CHECK(message_of({{"arms", int64_t{3}}, {"means", std::vector<double>{0.5, 1.5}}})
            .find("element 1 (1.5) is out of range") != std::string::npos);
  CHECK(
      message_of({{"arms", int64_t{3}}, {"means", std::vector<double>{0.5}}}).find("at least 2") !=
      std::string::npos);
  CHECK(message_of({{"arms", int64_t{3}}, {"model", std::string("c")}})
            .find("valid: one of \"a\", \"b\"") != std::string::npos);
  CHECK(message_of({{"arms", 2.5}}).find("expected an integer") != std::string::npos);
}
