// Tests of the project's random streams (sim/random/rng.h): Philox4x64-10 against Random123's
// known-answer vectors, the key layout of PhiloxBlock, reproducibility of Rng, and the ranges and
// uniformity of its outputs. Fixed seeds, no retries; statistical checks use level 1e-4.
#include "sim/random/rng.h"

#include <Random123/philox.h>

#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

namespace regretlab::random {
namespace {

constexpr double kTestLevel = 1e-4;

StreamKey TestKey(uint32_t substream) {
  return StreamKey{.seed = 20261126,
                   .environment_id = 1,
                   .replicate = 0,
                   .role = Role::kEnvironment,
                   .substream = substream};
}

// Critical value of the chi-square statistic with `degrees_of_freedom` at level kTestLevel.
double ChiSquareCritical(int degrees_of_freedom) {
  return boost::math::quantile(boost::math::complement(
      boost::math::chi_squared_distribution<double>(degrees_of_freedom), kTestLevel));
}

double ChiSquareUniform(const std::vector<uint64_t>& counts, uint64_t draws) {
  const double expected = static_cast<double>(draws) / static_cast<double>(counts.size());
  double statistic = 0.0;
  for (const uint64_t count : counts) {
    const double difference = static_cast<double>(count) - expected;
    statistic += difference * difference / expected;
  }
  return statistic;
}

// Random123 1.14, examples/kat_vectors, the three philox4x64 10-round lines:
// counter (4 words), key (2 words), expected output (4 words).
struct PhiloxKnownAnswer {
  std::array<uint64_t, 4> counter;
  std::array<uint64_t, 2> key;
  std::array<uint64_t, 4> expected;
};

constexpr PhiloxKnownAnswer kPhiloxKnownAnswers[] = {
    {{0, 0, 0, 0},
     {0, 0},
     {0x16554d9eca36314cull, 0xdb20fe9d672d0fdcull, 0xd7e772cee186176bull, 0x7e68b68aec7ba23bull}},
    {{~0ull, ~0ull, ~0ull, ~0ull},
     {~0ull, ~0ull},
     {0x87b092c3013fe90bull, 0x438c3c67be8d0224ull, 0x9cc7d7c69cd777b6ull, 0xa09caebf594f0ba0ull}},
    {{0x243f6a8885a308d3ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull},
     {0x452821e638d01377ull, 0xbe5466cf34e90c6cull},
     {0xa528f45403e61d95ull, 0x38c72dbd566e9788ull, 0xa5a1610e72fd18b5ull, 0x57bd43b5e52b7fe6ull}},
};

TEST_CASE("Philox4x64-10 reproduces Random123's known-answer vectors", "[closed_form]") {
  for (const PhiloxKnownAnswer& answer : kPhiloxKnownAnswers) {
    r123::Philox4x64 philox;
    const r123::Philox4x64::ctr_type counter = {
        {answer.counter[0], answer.counter[1], answer.counter[2], answer.counter[3]}};
    const r123::Philox4x64::key_type key = {{answer.key[0], answer.key[1]}};
    const r123::Philox4x64::ctr_type out = philox(counter, key);
    for (int word = 0; word < 4; ++word) {
      INFO("counter word 0 = " << std::hex << answer.counter[0] << ", output word " << word);
      CHECK(out.v[word] == answer.expected[word]);
    }
  }
}

TEST_CASE("PhiloxBlock at the all-zero key and counter is Random123's zero vector",
          "[closed_form]") {
  // PhiloxBlock's counter is {replicate, role << 32 | substream, block, 0}: every real Role is
  // nonzero, so the all-zero counter needs the out-of-range value Role(0). This pins the layout
  // (which word holds what) against the known answer, not only Philox itself.
  const StreamKey zero_key{
      .seed = 0, .environment_id = 0, .replicate = 0, .role = static_cast<Role>(0), .substream = 0};
  const std::array<uint64_t, 4> block = PhiloxBlock(zero_key, 0);
  CHECK(block == kPhiloxKnownAnswers[0].expected);
}

TEST_CASE("PhiloxBlock is a pure function of its key and block index", "[invariant]") {
  const StreamKey key = TestKey(7);
  const std::array<uint64_t, 4> reference = PhiloxBlock(key, 0);
  CHECK(PhiloxBlock(key, 0) == reference);
  CHECK(PhiloxBlock(StreamKey(key), 0) == reference);

  // Changing any one field of the key, or the block index, gives a different block.
  StreamKey other = key;
  other.seed += 1;
  CHECK(PhiloxBlock(other, 0) != reference);
  other = key;
  other.environment_id += 1;
  CHECK(PhiloxBlock(other, 0) != reference);
  other = key;
  other.replicate += 1;
  CHECK(PhiloxBlock(other, 0) != reference);
  other = key;
  other.role = Role::kLearner;
  CHECK(PhiloxBlock(other, 0) != reference);
  other = key;
  other.substream += 1;
  CHECK(PhiloxBlock(other, 0) != reference);
  CHECK(PhiloxBlock(key, 1) != reference);

  // Role and substream share counter word 1 but do not alias each other.
  StreamKey role_only = key;
  role_only.role = Role::kInit;
  role_only.substream = 0;
  StreamKey substream_only = key;
  substream_only.role = static_cast<Role>(0);
  substream_only.substream = static_cast<uint32_t>(Role::kInit);
  CHECK(PhiloxBlock(role_only, 0) != PhiloxBlock(substream_only, 0));
}

TEST_CASE("Rng is seeded from the Philox block at its key", "[closed_form]") {
  const StreamKey key = TestKey(1);
  const Rng rng(key);
  CHECK(rng.state() == PhiloxBlock(key, 0));
}

TEST_CASE("Rng copies and equal keys reproduce the same sequence", "[invariant]") {
  Rng original(TestKey(2));
  for (int i = 0; i < 37; ++i) original.NextU64();  // copy from the middle of the stream
  Rng copy = original;
  Rng reseeded(TestKey(2));
  for (int i = 0; i < 37; ++i) reseeded.NextU64();
  for (int i = 0; i < 1000; ++i) {
    const uint64_t value = original.NextU64();
    REQUIRE(copy.NextU64() == value);
    REQUIRE(reseeded.NextU64() == value);
  }
  // A copy is independent of its source afterwards: advancing one does not move the other.
  Rng advanced = original;
  advanced.NextU64();
  CHECK(advanced.state() != original.state());

  Rng other_substream(TestKey(3));
  Rng same_start(TestKey(2));
  int equal_draws = 0;
  for (int i = 0; i < 1000; ++i) equal_draws += other_substream.NextU64() == same_start.NextU64();
  CHECK(equal_draws == 0);
}

TEST_CASE("Uniform01 excludes 1 and UniformOpen0 excludes 0", "[invariant]") {
  Rng rng(TestKey(4));
  constexpr int kDraws = 200000;
  double sum = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double closed_open = rng.Uniform01();
    const double open_closed = rng.UniformOpen0();
    REQUIRE(closed_open >= 0.0);
    REQUIRE(closed_open < 1.0);
    REQUIRE(open_closed > 0.0);
    REQUIRE(open_closed <= 1.0);
    sum += closed_open + open_closed;
  }
  // Mean 1/2, variance 1/12 per draw; 5 standard errors.
  const double mean = sum / (2.0 * kDraws);
  CHECK(std::abs(mean - 0.5) < 5.0 * std::sqrt(1.0 / 12.0 / (2.0 * kDraws)));
}

TEST_CASE("Uniform01 and UniformOpen0 use the same 53 bits of a draw", "[closed_form]") {
  // At the same stream position, UniformOpen0 = Uniform01 + 2^-53 exactly.
  Rng closed_open(TestKey(5));
  Rng open_closed(TestKey(5));
  Rng raw(TestKey(5));
  for (int i = 0; i < 1000; ++i) {
    const double low = closed_open.Uniform01();
    REQUIRE(open_closed.UniformOpen0() == low + 0x1.0p-53);
    REQUIRE(low == static_cast<double>(raw.NextU64() >> 11) * 0x1.0p-53);
  }
}

TEST_CASE("Uniform01 is uniform on 64 bins", "[theory]") {
  Rng rng(TestKey(6));
  constexpr uint64_t kDraws = 640000;
  std::vector<uint64_t> counts(64, 0);
  for (uint64_t i = 0; i < kDraws; ++i) ++counts[static_cast<size_t>(rng.Uniform01() * 64.0)];
  CHECK(ChiSquareUniform(counts, kDraws) < ChiSquareCritical(63));
}

TEST_CASE("UniformInt stays below its bound", "[invariant]") {
  Rng rng(TestKey(8));
  for (int i = 0; i < 1000; ++i) REQUIRE(rng.UniformInt(1) == 0);
  for (const uint64_t bound : {2ull, 3ull, 7ull, 1000ull, (1ull << 63) + 1, ~0ull}) {
    for (int i = 0; i < 10000; ++i) REQUIRE(rng.UniformInt(bound) < bound);
  }
}

TEST_CASE("UniformInt is unbiased over 7 values", "[theory]") {
  Rng rng(TestKey(9));
  constexpr uint64_t kDraws = 700000;
  std::vector<uint64_t> counts(7, 0);
  for (uint64_t i = 0; i < kDraws; ++i) ++counts[rng.UniformInt(7)];
  CHECK(ChiSquareUniform(counts, kDraws) < ChiSquareCritical(6));
}

TEST_CASE("UniformInt is unbiased where a multiply without rejection is not", "[theory]") {
  // For bound = 3·2^62, floor(x·bound / 2^64) = floor(3x/4) hits the residues 0, 1, 2 mod 3 with
  // probabilities 1/2, 1/4, 1/4; the rejection step of Lemire's method makes them 1/3 each.
  Rng rng(TestKey(10));
  constexpr uint64_t kBound = 3ull << 62;
  constexpr uint64_t kDraws = 300000;
  std::vector<uint64_t> counts(3, 0);
  for (uint64_t i = 0; i < kDraws; ++i) {
    const uint64_t value = rng.UniformInt(kBound);
    REQUIRE(value < kBound);
    ++counts[value % 3];
  }
  CHECK(ChiSquareUniform(counts, kDraws) < ChiSquareCritical(2));
}

}  // namespace
}  // namespace regretlab::random
