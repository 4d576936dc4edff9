// Helpers shared by the tests: temporary folders, spec files, h5diff, and ConfigError messages.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "sim/core/error.h"
#include "sim/core/hash.h"

namespace regretlab::test_support {

// A fresh folder under the system temp directory, removed at the end of the scope.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("regretlab_test_" + tag + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// True when h5diff finds the /cells groups of the two files identical (values and attributes).
inline bool CellsIdentical(const std::string& a, const std::string& b) {
  const std::string command =
      std::string(REGRETLAB_H5DIFF) + " -q " + a + " " + b + " /cells /cells > /dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// The message of the ConfigError that `action` throws, or "no error" when it throws none.
inline std::string ConfigErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

// A small bandit spec used by several tests.
inline std::string SmallBanditSpec(int replicates = 6, int horizon = 300) {
  return "name = \"small\"\nseed = 7\nhorizon = " + std::to_string(horizon) +
         "\nreplicates = " + std::to_string(replicates) +
         "\nreplicate_block = 2\ncheckpoints = { kind = \"geometric\", count = 12 }\n"
         "[[environments]]\nname = \"bernoulli\"\nmeans = [0.2, 0.5, 0.6]\n"
         "[[algorithms]]\nname = \"ucb1\"\n"
         "[[algorithms]]\nname = \"exp3\"\n"
         "[[algorithms]]\nname = \"thompson_sampling\"\n";
}

}  // namespace regretlab::test_support
