// Invariant checks. REGRETLAB_CHECK is always on; REGRETLAB_DCHECK is for hot loops and compiles
// to nothing unless NDEBUG is undefined. Both throw InvariantError with file, line and the
// failed condition, plus an optional message built from the trailing arguments.
#pragma once

#include <sstream>
#include <string>

#include "sim/core/error.h"

namespace regretlab::core::internal {

template <typename... Parts>
[[noreturn]] void FailCheck(const char* file, int line, const char* condition,
                            const Parts&... parts) {
  std::ostringstream message;
  message << file << ":" << line << ": invariant failed: " << condition;
  if constexpr (sizeof...(Parts) > 0) {
    message << ": ";
    (message << ... << parts);
  }
  throw InvariantError(message.str());
}

}  // namespace regretlab::core::internal

#define REGRETLAB_CHECK(condition, ...)                                              \
  do {                                                                               \
    if (!(condition)) [[unlikely]] {                                                 \
      ::regretlab::core::internal::FailCheck(__FILE__, __LINE__,                     \
                                             #condition __VA_OPT__(, ) __VA_ARGS__); \
    }                                                                                \
  } while (false)

#ifdef NDEBUG
#define REGRETLAB_DCHECK(condition, ...) \
  do {                                   \
  } while (false)
#else
#define REGRETLAB_DCHECK(condition, ...) REGRETLAB_CHECK(condition __VA_OPT__(, ) __VA_ARGS__)
#endif
