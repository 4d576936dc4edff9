#include "sim/testing/oco_conformance.h"

#include <cmath>
#include <exception>
#include <string>
#include <vector>

namespace regretlab::testing {
namespace {

// The final regrets, path length and largest violation of one replicate, or the error that ended
// it.
struct Run {
  std::vector<double> finals;
  double max_violation = 0;
  std::string error;
};

Run RunReplicate(protocol::OcoLearner& learner, protocol::OcoEnvironment& environment,
                 uint64_t seed, uint64_t replicate) {
  Run run;
  try {
    environment.Reset({seed, 0x0c0, replicate, random::Role::kEnvironment, 0});
    const auto outcome = protocol::RunOcoReplicate(learner, environment, nullptr);
    run.finals = {outcome.realized_regret, outcome.pseudo_regret, outcome.linearized_regret,
                  outcome.dynamic_regret, outcome.path_length};
    run.max_violation = outcome.max_violation;
  } catch (const std::exception& error) {
    run.error = error.what();
  }
  return run;
}

}  // namespace

ConformanceReport CheckOcoLearner(const OcoLearnerFactory& make_learner,
                                  protocol::OcoEnvironment& environment, uint64_t seed) {
  ConformanceReport report;
  std::unique_ptr<protocol::OcoLearner> first, second;
  try {
    first = make_learner();
    second = make_learner();
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("constructs: ") + error.what());
    return report;
  }
  report.passed.push_back("constructs");
  const std::string declined = first->Check(environment.Info());
  if (!declined.empty()) {
    report.failures.push_back("accepts: " + declined);
    return report;
  }
  report.passed.push_back("accepts");

  const Run fresh = RunReplicate(*first, environment, seed, 0);
  if (!fresh.error.empty() || fresh.max_violation > 1e-12) {
    report.failures.push_back(
        "plays_in_domain: " +
        (fresh.error.empty() ? "a play lies " + std::to_string(fresh.max_violation) + " outside X"
                             : fresh.error));
    return report;
  }
  report.passed.push_back("plays_in_domain");
  bool finite = true;
  for (const double value : fresh.finals) finite = finite && std::isfinite(value);
  if (finite) {
    report.passed.push_back("finite");
  } else {
    report.failures.push_back("finite: a final regret or the path length is not finite");
  }
  const Run other = RunReplicate(*first, environment, seed, 1);
  const Run again = RunReplicate(*first, environment, seed, 0);
  if (!other.error.empty() || again.finals != fresh.finals) {
    report.failures.push_back(
        "reset_is_fresh: replicate 0 after replicate 1 on the same object gave other values" +
        (other.error.empty() ? std::string() : " (replicate 1: " + other.error + ")"));
  } else {
    report.passed.push_back("reset_is_fresh");
  }
  const Run twin = RunReplicate(*second, environment, seed, 0);
  if (twin.finals != fresh.finals) {
    report.failures.push_back(
        "deterministic: two fresh objects on the same replicate gave other values");
  } else {
    report.passed.push_back("deterministic");
  }
  return report;
}

}  // namespace regretlab::testing
