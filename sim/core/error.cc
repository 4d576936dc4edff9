#include "sim/core/error.h"

#include <sstream>

namespace regretlab::core {

std::string FormatLocation(const std::string& file, int64_t line, const std::string& key,
                           const std::string& message) {
  // A stream rather than chained std::string additions: GCC 12 reports a false -Wrestrict on
  // the latter at -O3 (GCC bug 105329).
  std::ostringstream out;
  if (!file.empty()) {
    out << file;
    if (line > 0) out << ":" << line;
    out << ": ";
  }
  if (!key.empty()) out << key << ": ";
  out << message;
  return out.str();
}

ConfigError::ConfigError(std::string file, int64_t line, std::string key,
                         const std::string& message)
    : std::runtime_error(FormatLocation(file, line, key, message)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      bare_message_(message) {}

}  // namespace regretlab::core
