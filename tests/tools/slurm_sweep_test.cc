#include "tools/cli/slurm_sweep.h"

#include <catch2/catch.hpp>

#include "sim/core/error.h"
#include "tests/support/test_support.h"

using namespace regretlab;

TEST_CASE("sweep: the Slurm scripts run every shard with resume and merge after the array",
          "[closed_form]") {
  test_support::TempDir dir("sweep");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  cli::SweepOptions options;
  options.spec_file = dir / "spec.toml";
  options.output = dir / "out.h5";
  options.overrides = {"replicates=4", "environments.0.means=[0.1, 0.9]"};
  options.max_parallel = 2;
  options.threads = 3;
  options.partition = "short";
  const cli::SweepScripts scripts = cli::RenderSweep(options, "/opt/bin/regretlab");
  // 4 replicates in blocks of 2 for 3 cells: 6 units, one shard each.
  CHECK(scripts.shards == 6);
  CHECK(scripts.array_script.find("#SBATCH --array=0-5%2\n") != std::string::npos);
  CHECK(scripts.array_script.find("#SBATCH --cpus-per-task=3\n") != std::string::npos);
  CHECK(scripts.array_script.find("#SBATCH --partition=short\n") != std::string::npos);
  CHECK(scripts.array_script.find("--shard \"${SLURM_ARRAY_TASK_ID}/6\"") != std::string::npos);
  CHECK(scripts.array_script.find("--resume") != std::string::npos);
  CHECK(scripts.array_script.find("--set 'environments.0.means=[0.1, 0.9]'") != std::string::npos);
  CHECK(scripts.merge_script.find("merge '" + (dir / "out.h5") + "' '" + (dir / "out.h5.parts") +
                                  "' --clean") != std::string::npos);
  options.shards = 4;
  CHECK(cli::RenderSweep(options, "/bin/x").shards == 4);
  options.shards = 100;
  CHECK(cli::RenderSweep(options, "/bin/x").shards == 6);  // never more tasks than units
}

TEST_CASE("sweep: bad sweeps are refused before anything is written", "[errors]") {
  test_support::TempDir dir("sweep_errors");
  test_support::WriteText(dir / "spec.toml", test_support::SmallBanditSpec());
  cli::SweepOptions options;
  options.spec_file = dir / "spec.toml";
  options.output = dir / "missing/out.h5";
  CHECK_THROWS_WITH(cli::RenderSweep(options, "/bin/x"), Catch::Contains("does not exist"));
  options.output = dir / "out.h5";
  test_support::WriteText(dir / "out.h5", "x");
  CHECK_THROWS_WITH(cli::RenderSweep(options, "/bin/x"), Catch::Contains("output file exists"));
  options.force = true;
  options.threads = 0;
  CHECK_THROWS_WITH(cli::RenderSweep(options, "/bin/x"), Catch::Contains("--threads"));
}
