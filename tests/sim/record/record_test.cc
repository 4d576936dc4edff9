// The whole `run` path: HDF5 output, resume after a simulated kill, refusal of bad files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "analysis/report.h"
#include "sim/core/error.h"
#include "sim/record/hdf5.h"
#include "sim/record/recorder.h"
#include "tests/support/run_support.h"
#include "tests/support/test_support.h"
#include "tools/cli/run_experiment.h"

using namespace regretlab;
using test_support::ConfigErrorOf;
using test_support::TempDir;
namespace fs = std::filesystem;

namespace {

cli::RunSummary Run(const std::string& spec, const std::string& output, int threads,
                    bool resume = false, bool force = false, int64_t stop_after = -1) {
  cli::RunOptions options;
  options.spec_file = spec;
  options.output = output;
  options.threads = threads;
  options.resume = resume;
  options.force = force;
  options.stop_after_units = stop_after;
  return test_support::RunQuietly(options);
}
}  // namespace

TEST_CASE("record: the result file follows schema v2", "[closed_form]") {
  TempDir dir("schema");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  const auto summary = Run(dir / "spec.toml", dir / "out.h5", 2);
  REQUIRE(summary.assembled);
  CHECK(summary.failed_cells == 0);
  CHECK_FALSE(fs::exists(dir / "out.h5.parts"));
  auto file = record::TryOpenFile(dir / "out.h5");
  REQUIRE(file);
  CHECK(record::ReadIntAttribute(file->id(), "schema_version") == 2);
  CHECK(record::ReadStringAttribute(file->id(), "spec_toml") == test_support::SmallBanditSpec());
  const auto cells = record::ChildNames(record::OpenGroup(file->id(), "cells").id());
  REQUIRE(cells.size() == 3);
  for (const auto& id : cells) {
    record::Handle cell = record::OpenGroup(file->id(), "cells/" + id);
    CHECK(record::ReadStringAttribute(cell.id(), "status") == "complete");
    std::vector<int64_t> dims;
    const auto pseudo = record::ReadDoubles(cell.id(), "pseudo_regret", &dims);
    const auto rounds =
        record::ReadInts(file->id(), record::ReadStringAttribute(cell.id(), "checkpoints"));
    CHECK(dims == std::vector<int64_t>{6, static_cast<int64_t>(rounds.size())});
    CHECK(rounds.back() == 300);
    const auto mean = record::ReadDoubles(cell.id(), "summary/pseudo_regret/mean");
    double sum = 0;
    for (int r = 0; r < 6; ++r) sum += pseudo[r * rounds.size() + rounds.size() - 1];
    CHECK(mean.back() == Approx(sum / 6).epsilon(1e-12));
    CHECK(record::Exists(file->id(), "cost/" + id + "/wall_seconds"));
  }
  record::Handle ucb = record::OpenGroup(file->id(), "cells/" + cells[2]);
  CHECK(record::ReadStringAttribute(ucb.id(), "algorithm_name") == "ucb1");
  CHECK(record::Exists(ucb.id(), "bounds/ucb1_auer2002"));
  record::Handle verdict = record::OpenGroup(ucb.id(), "verdict/ucb1_auer2002");
  CHECK(record::ReadStringAttribute(verdict.id(), "verdict") == "holds");
}

TEST_CASE("record: 1 thread, 2 threads and a killed-then-resumed run give identical cells",
          "[determinism]") {
  TempDir dir("determinism");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  Run(dir / "spec.toml", dir / "one.h5", 1);
  Run(dir / "spec.toml", dir / "two.h5", 2);
  CHECK(test_support::CellsIdentical(dir / "one.h5", dir / "two.h5"));

  // Simulated kill: 4 of 9 units written, plus a stale temporary of a killed writer.
  const auto first = Run(dir / "spec.toml", dir / "resumed.h5", 2, false, false, 4);
  CHECK(first.units_run == 4);
  CHECK_FALSE(fs::exists(dir / "resumed.h5"));
  test_support::WriteText(dir / "resumed.h5.parts/.junk.h5.tmp.999", "half-written");
  // Without --resume the leftover parts are not silently discarded.
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec.toml", dir / "resumed.h5", 2);
        }).find("use --resume") != std::string::npos);
  const auto second = Run(dir / "spec.toml", dir / "resumed.h5", 2, /*resume=*/true);
  CHECK(second.units_skipped == 4);
  CHECK(second.units_run == 5);
  CHECK(test_support::CellsIdentical(dir / "one.h5", dir / "resumed.h5"));
  // And a sanity check that the comparison can fail: another seed differs.
  Run(dir / "spec.toml", dir / "other.h5", 2);
  cli::RunOptions options;
  options.spec_file = dir / "spec.toml";
  options.output = dir / "seed8.h5";
  options.overrides = {"seed=8"};
  test_support::RunQuietly(options);
  CHECK_FALSE(test_support::CellsIdentical(dir / "one.h5", dir / "seed8.h5"));
}

TEST_CASE("record: existing outputs are never overwritten by mistake", "[errors]") {
  TempDir dir("overwrite");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  test_support::WriteText(dir / "out.h5", "precious");
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec.toml", dir / "out.h5", 1);
        }).find("the output file exists; use --force") != std::string::npos);
  CHECK(test_support::ReadText(dir / "out.h5") == "precious");
  // --resume into a file that is not a result: refused, untouched.
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec.toml", dir / "out.h5", 1, true);
        }).find("not a readable HDF5 file") != std::string::npos);
  CHECK(test_support::ReadText(dir / "out.h5") == "precious");
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec.toml", dir / "no/such/dir/out.h5", 1);
        }).find("does not exist") != std::string::npos);
  // A complete result of another spec is refused on --resume.
  Run(dir / "spec.toml", dir / "good.h5", 1);
  test_support::WriteText(dir / "spec2.toml", test_support::SmallBanditSpec(5));
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec2.toml", dir / "good.h5", 1, true);
        }).find("made by another spec") != std::string::npos);
  // Resume of a complete file of the same spec is a no-op.
  CHECK(Run(dir / "spec.toml", dir / "good.h5", 1, true).units_run == 0);
  // --force replaces.
  CHECK(Run(dir / "spec2.toml", dir / "good.h5", 1, false, true).assembled);
}

TEST_CASE("record: parts of another spec and truncated files are refused", "[errors]") {
  TempDir dir("parts");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  test_support::WriteText(dir / "spec2.toml", test_support::SmallBanditSpec(5));
  Run(dir / "spec.toml", dir / "out.h5", 1, false, false, 3);
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec2.toml", dir / "out.h5", 1, true);
        }).find("does not belong to the spec being run") != std::string::npos);
  // Truncate a result file: report and resume refuse it with a clear message.
  Run(dir / "spec.toml", dir / "full.h5", 1);
  const auto size = fs::file_size(dir / "full.h5");
  fs::resize_file(dir / "full.h5", size / 2);
  std::ostringstream out;
  CHECK(ConfigErrorOf([&] {
          analysis::PrintReport(dir / "full.h5", out);
        }).find("not a readable HDF5 file") != std::string::npos);
  CHECK(ConfigErrorOf([&] {
          Run(dir / "spec.toml", dir / "full.h5", 1, true);
        }).find("not a readable HDF5 file") != std::string::npos);
  // A foreign HDF5 file.
  { record::Handle foreign = record::CreateFile(dir / "foreign.h5"); }
  CHECK(ConfigErrorOf([&] {
          analysis::PrintReport(dir / "foreign.h5", out);
        }).find("not a regretlab result file") != std::string::npos);
}

TEST_CASE("record: report prints verdicts and writes a tidy CSV", "[closed_form]") {
  TempDir dir("report");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  Run(dir / "spec.toml", dir / "out.h5", 2);
  std::ostringstream out;
  analysis::PrintReport(dir / "out.h5", out);
  CHECK(out.str().find("bound ucb1_auer2002") != std::string::npos);
  CHECK(out.str().find("verdict holds") != std::string::npos);
  analysis::WriteTidyCsv(dir / "out.h5", dir / "out.csv");
  const std::string csv = test_support::ReadText(dir / "out.csv");
  CHECK(csv.rfind("cell_id,protocol,environment,algorithm,horizon,replicates,seed,", 0) == 0);
  CHECK(csv.find(",metric,t,mean,stderr,ci_low,ci_high,q05,q50,q95\n") != std::string::npos);
  // 3 cells; ucb1 and ts have 3 metrics, exp3 4; 12 checkpoints each (geometric, T = 300).
  const auto lines = std::count(csv.begin(), csv.end(), '\n');
  CHECK(lines == 1 + (3 + 3 + 4) * 12);
}

// Found by fuzz/result_file_fuzzer.cc (docs/reliability.md): the scalar attribute readers gave
// H5Aread room for one value, so a file whose schema_version (or any scalar attribute) holds an
// array had it written past the end of a stack variable. Now each is an Hdf5Error, and `report`
// and `merge` end with a named error.
TEST_CASE("record: fuzz regression: an array where a scalar attribute belongs is refused",
          "[errors][fuzz]") {
  TempDir dir("array_attribute");
  const std::string path = dir / "foreign.h5";
  {
    record::Handle file = record::CreateFile(path);
    const hsize_t dims[1] = {4};
    record::Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    for (const char* name : {"schema_version", "seconds"}) {
      record::Handle attribute(
          H5Acreate2(file.id(), name, H5T_NATIVE_INT64, space.id(), H5P_DEFAULT, H5P_DEFAULT),
          H5Aclose);
      const int64_t values[4] = {2, 2, 2, 2};
      REQUIRE(H5Awrite(attribute.id(), H5T_NATIVE_INT64, values) >= 0);
    }
    record::CreateGroup(file.id(), "cells");
  }
  auto file = record::TryOpenFile(path);
  REQUIRE(file);
  CHECK_THROWS_WITH(record::ReadIntAttribute(file->id(), "schema_version"),
                    Catch::Contains("attribute schema_version holds 4 values, not one"));
  CHECK_THROWS_AS(record::ReadDoubleAttribute(file->id(), "seconds"), record::Hdf5Error);
  CHECK_THROWS_AS(record::ReadStringAttribute(file->id(), "seconds"), record::Hdf5Error);
  file.reset();
  CHECK_THROWS_AS(analysis::CheckResultFile(path), record::Hdf5Error);
}

// Found by fuzz/result_file_fuzzer.cc: a dataset's shape is read from the file, and a damaged
// file's shape of ~10^12 values was allocated (or its product wrapped around) before any read.
TEST_CASE("record: fuzz regression: a dataset claiming an absurd shape is refused",
          "[errors][fuzz]") {
  TempDir dir("absurd_shape");
  const std::string path = dir / "absurd.h5";
  {
    record::Handle file = record::CreateFile(path);
    // Chunked: HDF5 allocates nothing until written, as in a file whose shape was damaged.
    const hsize_t dims[2] = {hsize_t{1} << 20, hsize_t{1} << 20};
    const hsize_t chunk[2] = {16, 16};
    record::Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    record::Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_chunk(properties.id(), 2, chunk);
    for (const auto& [name, type] :
         {std::pair{"doubles", H5T_NATIVE_DOUBLE}, std::pair{"ints", H5T_NATIVE_INT64}}) {
      record::Handle dataset(
          H5Dcreate2(file.id(), name, type, space.id(), H5P_DEFAULT, properties.id(), H5P_DEFAULT),
          H5Dclose);
      REQUIRE(dataset.valid());
    }
  }
  auto file = record::TryOpenFile(path);
  REQUIRE(file);
  CHECK_THROWS_WITH(record::ReadDoubles(file->id(), "doubles"),
                    Catch::Contains("doubles claims more than 134217728 values"));
  CHECK_THROWS_AS(record::ReadInts(file->id(), "ints"), record::Hdf5Error);
  CHECK_THROWS_AS(record::ReadStrings(file->id(), "ints"), record::Hdf5Error);
}
