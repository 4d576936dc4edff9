#include "sim/record/result_view.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/record/hdf5.h"

namespace regretlab::record {

std::map<std::string, std::string> CanonicalParams(const std::string& canonical) {
  std::map<std::string, std::string> params;
  const size_t open = canonical.find('{');
  if (open == std::string::npos) return params;
  int depth = 0;
  std::string item;
  auto flush = [&] {
    const size_t equals = item.find('=');
    if (equals != std::string::npos) params[item.substr(0, equals)] = item.substr(equals + 1);
    item.clear();
  };
  for (size_t i = open + 1; i < canonical.size(); ++i) {
    const char c = canonical[i];
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth == 0 && (c == ',' || c == '}')) {
      flush();
      if (c == '}') break;
      continue;
    }
    item += c;
  }
  return params;
}

std::vector<double> FinalValues(hid_t cell, const std::string& metric) {
  if (!Exists(cell, metric)) return {};
  std::vector<int64_t> dims;
  const std::vector<double> values = ReadDoubles(cell, metric, &dims);
  std::vector<double> finals;
  for (int64_t r = 0; r < dims[0]; ++r) finals.push_back(values[(r + 1) * dims[1] - 1]);
  return finals;
}

std::string FormatNumber(double value, int digits) {
  if (std::isnan(value)) return "n/a";
  return fmt::format("{:.{}g}", value, digits);
}

}  // namespace regretlab::record
