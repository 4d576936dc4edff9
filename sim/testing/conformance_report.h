// What every conformance kit of sim/testing/ returns: the checks that failed (and, where the kit
// records them, those that passed), printable for a test's failure message.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace regretlab::testing {

struct ConformanceReport {
  std::vector<std::string> failures;  // "check: detail"
  std::vector<std::string> passed;    // names of checks that ran and passed
  bool ok() const { return failures.empty(); }
  std::string Text() const {
    std::ostringstream out;
    for (const auto& name : passed) out << "  ok    " << name << "\n";
    for (const auto& failure : failures) out << "  FAIL  " << failure << "\n";
    return out.str();
  }
};

}  // namespace regretlab::testing
