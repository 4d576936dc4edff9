// The rules of the streaming protocol's engine-side wrapper (docs/theory/streaming.md §4.5),
// batching against per-pull sampling, exact accounting at checkpoints inside a batch, and bad input
// refused when the spec is read.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/protocol/streaming_bandit.h"
#include "tests/algorithms/streaming/streaming_test_util.h"

namespace regretlab::protocol {
namespace {

using algorithms::streaming::testing::Make;

std::unique_ptr<StreamingEnvironment> ResetEnvironment(int64_t num_arms, int64_t horizon) {
  auto environment = Make<StreamingEnvironment>(
      "order_stress", {{"num_arms", num_arms}, {"order", std::string("staircase")}});
  environment->SetHorizon(horizon);
  environment->Reset({1, 2, 3, random::Role::kEnvironment, 0});
  return environment;
}

TEST_CASE("streaming wrapper reads each arm once and in order", "[invariant]") {
  auto environment = ResetEnvironment(5, 100);
  const std::vector<int64_t> checkpoints = {100};
  CheckpointWriter<StreamingBanditProtocol> writer(checkpoints);
  ArmStream stream(*environment, 1, writer);
  for (int64_t expected = 0; expected < 5; ++expected) {
    REQUIRE(stream.HasNext());
    CHECK(stream.ReadNext() == expected);
    CHECK(stream.current() == expected);
  }
  CHECK_FALSE(stream.HasNext());
  CHECK_THROWS_AS(stream.ReadNext(), core::InvariantError);
}

TEST_CASE("streaming wrapper enforces the memory budget and the pull rules", "[invariant]") {
  auto environment = ResetEnvironment(5, 100);
  const std::vector<int64_t> checkpoints = {100};
  CheckpointWriter<StreamingBanditProtocol> writer(checkpoints);
  ArmStream stream(*environment, 1, writer);
  CHECK_THROWS_AS(stream.Pull(0, 1), core::InvariantError);  // nothing read yet
  stream.ReadNext();                                         // arm 0
  stream.Pull(0, 3);
  stream.Store(0);
  stream.ReadNext();  // arm 1; arm 0 stays pullable because it is stored
  stream.Pull(0, 1);
  stream.Pull(1, 1);
  CHECK_THROWS_AS(stream.Store(1), core::InvariantError);  // budget 1 already used
  CHECK_THROWS_AS(stream.Store(3), core::InvariantError);  // not the arm being read
  stream.Discard(0);
  CHECK_THROWS_AS(stream.Pull(0, 1), core::InvariantError);  // gone
  stream.Store(1);
  stream.ReadNext();                                            // arm 2: arm 1 stored, fine
  CHECK_THROWS_AS(stream.Pull(1, 1000), core::InvariantError);  // beyond T
  CHECK(stream.peak_stored() == 1);
  CHECK_THROWS_AS(stream.Finish(), core::InvariantError);  // fewer than T pulls
  stream.PullRest(1);
  CHECK_NOTHROW(stream.Finish());
  CHECK(stream.pulls_made() == 100u);
}

TEST_CASE("streaming regret is exact at checkpoints inside a batch", "[closed_form]") {
  // Staircase with K = 3: means 0.1, 0.5, 0.9, gaps 0.8, 0.4, 0.
  auto environment = ResetEnvironment(3, 1000);
  const std::vector<int64_t> checkpoints = {5, 10, 250, 1000};
  std::vector<double> regret(4, -1), peak(4, -1), budget(4, -1);
  using Metric = StreamingBanditProtocol::Metric;
  CheckpointWriter<StreamingBanditProtocol> writer(checkpoints);
  writer.Record(Metric::kPseudoRegret, regret.data())
      .Record(Metric::kPeakStoredArms, peak.data())
      .Record(Metric::kMemoryBudget, budget.data());
  ArmStream stream(*environment, 2, writer);
  stream.ReadNext();
  stream.Pull(0, 100);  // checkpoints 5, 10 inside: 5·0.8, 10·0.8
  stream.Store(0);
  stream.ReadNext();
  stream.Pull(1, 200);  // 250 inside: 80 + 150·0.4
  stream.ReadNext();
  stream.Store(2);
  stream.PullRest(2);
  stream.Finish();
  CHECK(regret[0] == Approx(4.0).epsilon(1e-15));
  CHECK(regret[1] == Approx(8.0).epsilon(1e-15));
  CHECK(regret[2] == Approx(80.0 + 60.0).epsilon(1e-15));
  CHECK(regret[3] == Approx(80.0 + 80.0).epsilon(1e-15));
  CHECK(peak[0] == 0);
  CHECK(peak[3] == 2);
  CHECK(budget[3] == 2);
}

TEST_CASE("streaming regret accumulates exactly at horizons near 1e17", "[closed_form]") {
  auto environment = ResetEnvironment(2, 125000000000000000);  // means 0.1, 0.9
  const std::vector<int64_t> checkpoints = {125000000000000000};
  std::vector<double> regret(1);
  CheckpointWriter<StreamingBanditProtocol> writer(checkpoints);
  writer.Record(StreamingBanditProtocol::Metric::kPseudoRegret, regret.data());
  ArmStream stream(*environment, 1, writer);
  stream.ReadNext();
  for (int i = 0; i < 1000; ++i) stream.Pull(0, 1000003);  // small batches on a huge sum
  stream.ReadNext();
  stream.PullRest(1);
  stream.Finish();
  const long double expected = 1000.0L * 1000003.0L * (0.9L - 0.1L);
  CHECK(std::fabs(stream.pseudo_regret() - expected) / expected < 1e-15L);
}

TEST_CASE("binomial batches agree with single pulls in distribution", "[invariant]") {
  // Sum of n single pulls vs one batch of n, 4000 samples each: means within 4 standard errors,
  // variances within 15% (Binomial(50, 0.3): mean 15, variance 10.5).
  const int64_t n = 50, samples = 4000;
  auto environment = Make<StreamingEnvironment>(
      "order_stress",
      {{"num_arms", int64_t{2}}, {"low", 0.3}, {"high", 0.6}, {"order", std::string("staircase")}});
  environment->SetHorizon(1000);
  double batched_sum = 0, batched_squares = 0, single_sum = 0, single_squares = 0;
  for (int64_t s = 0; s < samples; ++s) {
    environment->Reset({5, 6, static_cast<uint64_t>(s), random::Role::kEnvironment, 0});
    const double batched = static_cast<double>(environment->PullBatch(0, n));
    double single = 0;
    for (int64_t i = 0; i < n; ++i) single += static_cast<double>(environment->PullBatch(0, 1));
    batched_sum += batched;
    batched_squares += batched * batched;
    single_sum += single;
    single_squares += single * single;
  }
  const double batched_mean = batched_sum / samples, single_mean = single_sum / samples;
  const double batched_variance = batched_squares / samples - batched_mean * batched_mean;
  const double single_variance = single_squares / samples - single_mean * single_mean;
  const double standard_error = std::sqrt(10.5 / samples);
  CHECK(std::abs(batched_mean - 15.0) < 4 * standard_error);
  CHECK(std::abs(single_mean - 15.0) < 4 * standard_error);
  CHECK(std::abs(batched_mean - single_mean) < 4 * std::sqrt(2.0) * standard_error);
  CHECK(batched_variance == Approx(10.5).epsilon(0.15));
  CHECK(single_variance == Approx(10.5).epsilon(0.15));
}

std::string ErrorOfSpec(const std::string& environment, const std::string& algorithm,
                        int64_t horizon) {
  const std::string text =
      "name = \"s\"\nseed = 1\nreplicates = 2\nhorizon = " + std::to_string(horizon) +
      "\n[[environments]]\n" + environment + "\n[[algorithms]]\n" + algorithm + "\n";
  try {
    plan::ParsePlan(text, "spec.toml");
  } catch (const core::ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST_CASE("streaming bad input is a ConfigError when the spec is read", "[errors]") {
  const std::string mix_in = "name = \"mix_in\"\nnum_arms = 1000";
  CHECK(ErrorOfSpec(mix_in, "name = \"uniform_exploration\"", 100000).empty());
  CHECK(ErrorOfSpec(mix_in, "name = \"uniform_exploration\"", 999).find("below K = 1000") !=
        std::string::npos);
  CHECK(ErrorOfSpec("name = \"mix_in\"\nnum_arms = 0", "name = \"uniform_exploration\"", 100)
            .find("num_arms") != std::string::npos);
  // log* levels for K = 1000: r = 2, 4, 16, 65536, so 4 stored kings.
  CHECK(ErrorOfSpec(mix_in, "name = \"multi_level_log_star\"\nmemory_budget = 3", 100000)
            .find("below the 4") != std::string::npos);
  CHECK(ErrorOfSpec(mix_in, "name = \"game_of_arms\"\nmemory_budget = 1", 100000)
            .find("memory_budget = 1") != std::string::npos);
  CHECK(ErrorOfSpec(mix_in, "name = \"streaming_ucb1\"\nmemory_budget = 999", 100000)
            .find("below the 1000") != std::string::npos);
  CHECK(ErrorOfSpec(mix_in, "name = \"streaming_ucb1\"", 100000).empty());
}

}  // namespace
}  // namespace regretlab::protocol
