// Errors of regretlab.
//
// ConfigError is a user error (bad spec, unknown name, parameter out of range, bad file): it is
// raised before any simulation starts, carries the file, line and key it concerns, and the CLI
// prints it as `file:line: key: message` and exits with code 2 (DESIGN §8).
// InvariantError is a broken internal promise (a probability vector that does not sum to 1, a NaN
// in a recorded metric): the cell is marked failed and the run exits non-zero at the end.
// ComponentError is a component's own code failing while it runs (a learner or environment written
// in Python raised): treated like an InvariantError, the cell is marked failed with the message
// and the other cells go on.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace regretlab::core {

class ConfigError : public std::runtime_error {
 public:
  // `file` may be empty (e.g. a --set override); `line` is 0 when unknown; `key` may be empty.
  ConfigError(std::string file, int64_t line, std::string key, const std::string& message);
  explicit ConfigError(const std::string& message) : ConfigError("", 0, "", message) {}

  const std::string& file() const { return file_; }
  int64_t line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& bare_message() const { return bare_message_; }

 private:
  std::string file_;
  int64_t line_;
  std::string key_;
  std::string bare_message_;
};

class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class ComponentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Formats `file:line: key: message` leaving out the parts that are empty.
std::string FormatLocation(const std::string& file, int64_t line, const std::string& key,
                           const std::string& message);

}  // namespace regretlab::core
