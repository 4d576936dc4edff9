// Shards run into separate folders merge into the same bytes as one run; bad shard sets are
// refused with a message naming the file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "sim/core/error.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"
#include "tools/cli/run_experiment.h"

using namespace regretlab;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

void RunShard(const std::string& spec, const std::string& output, int64_t index, int64_t count,
              std::vector<std::string> overrides = {}) {
  cli::RunOptions options;
  options.spec_file = spec;
  options.output = output;
  options.threads = 1;
  options.shard_index = index;
  options.shard_count = count;
  options.overrides = std::move(overrides);
  test_support::RunQuietly(options);
}

std::string MergeError(const std::string& output, const std::vector<std::string>& sources) {
  return test_support::ConfigErrorOf([&] {
    std::ostringstream log;
    cli::MergeShards(output, sources, false, false, log);
  });
}

}  // namespace

TEST_CASE("merge: three shards in three folders equal one uninterrupted run", "[determinism]") {
  TempDir dir("merge");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  for (const char* sub : {"a", "b", "c"}) fs::create_directories(dir / sub);
  RunShard(dir / "spec.toml", dir / "a/out.h5", 0, 3);
  RunShard(dir / "spec.toml", dir / "b/out.h5", 1, 3);
  RunShard(dir / "spec.toml", dir / "c/out.h5", 2, 3);
  CHECK_FALSE(fs::exists(dir / "a/out.h5"));  // shards write parts only

  // Incomplete: the third shard is missing.
  CHECK(MergeError(dir / "merged.h5", {dir / "a/out.h5.parts", dir / "b/out.h5.parts"})
            .find("work units have no part in the shards given") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "merged.h5"));

  std::ostringstream log;
  const auto merged = cli::MergeShards(
      dir / "merged.h5", {dir / "a/out.h5.parts", dir / "b/out.h5.parts", dir / "c/out.h5.parts"},
      false, false, log);
  CHECK(merged.assembled);
  RunShard(dir / "spec.toml", dir / "single.h5", 0, 1);
  CHECK(test_support::CellsIdentical(dir / "single.h5", dir / "merged.h5"));

  // The same shard given twice is an identical duplicate: accepted and counted.
  const auto again = cli::MergeShards(dir / "merged2.h5",
                                      {dir / "a/out.h5.parts", dir / "a/out.h5.parts",
                                       dir / "b/out.h5.parts", dir / "c/out.h5.parts"},
                                      false, /*clean=*/true, log);
  CHECK(again.units_skipped == 3);                  // shard 0 holds 3 of the 9 units
  CHECK_FALSE(fs::exists(dir / "a/out.h5.parts"));  // --clean
  CHECK(MergeError(dir / "merged.h5", {dir / "b/out.h5.parts"}).find("the output file exists") !=
        std::string::npos);
}

TEST_CASE("merge: shards of another spec are refused", "[errors]") {
  TempDir dir("merge_foreign");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  RunShard(dir / "spec.toml", dir / "a/out.h5", 0, 2);
  RunShard(dir / "spec.toml", dir / "b/out.h5", 1, 2, {"seed=99"});
  CHECK(MergeError(dir / "m.h5", {dir / "a/out.h5.parts", dir / "b/out.h5.parts"})
            .find("this shard ran another spec") != std::string::npos);
  test_support::WriteText(dir / "junk.h5", "not hdf5");
  CHECK(MergeError(dir / "m.h5", {dir / "junk.h5"}).find("not a regretlab part file") !=
        std::string::npos);
  CHECK(MergeError(dir / "m.h5", {dir / "nowhere"}).find("no such part folder") !=
        std::string::npos);
}
