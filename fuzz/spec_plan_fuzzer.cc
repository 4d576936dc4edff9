// libFuzzer target: the spec reader and planner (plan::ParsePlan), which `run`, `sweep`,
// `verify` and `merge` all go through, with `--set` overrides.
//
// Input: the spec's TOML text, then up to kMaxOverrides `--set KEY=VALUE` texts, each after a NUL
// byte. TOML text cannot hold a NUL, so the split takes nothing away from what a spec can say; a
// corpus file without a NUL is a plain spec.
//
// Accepted outcomes: a plan, or a core::ConfigError (a user error the CLI prints and exits 2 on).
// Anything else escaping (another exception, a sanitizer report, a hang) is a finding. The target
// only plans: a plan is never handed to the engine, so no input makes it simulate, whatever its
// cell count or horizon (the cell checks build components but run no round).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.h"
#include "sim/plan/plan.h"

namespace {

// Specs in experiments/ are under 8 KB; a larger input only slows the search down.
constexpr size_t kMaxInput = 16 * 1024;
constexpr size_t kMaxOverrides = 4;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;  // -1: libFuzzer does not add the input to the corpus
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t end = input.find('\0');
  const std::string spec(input.substr(0, end));
  std::vector<std::string> overrides;
  while (end != std::string_view::npos && overrides.size() < kMaxOverrides) {
    const size_t start = end + 1;
    end = input.find('\0', start);
    overrides.emplace_back(input.substr(start, end == std::string_view::npos ? end : end - start));
  }
  try {
    const regretlab::plan::Plan plan = regretlab::plan::ParsePlan(spec, "fuzz.toml", overrides);
    // What report order and sharding make of the plan: pure functions of it.
    (void)regretlab::plan::ReportOrder(plan);
    (void)regretlab::plan::ShardUnits(plan, 1, 3);
  } catch (const regretlab::core::ConfigError&) {
    // The expected answer to a bad spec.
  }
  return 0;
}
