// How a researcher checks their own algorithm with the public conformance kit, without
// registering it: write the class, then call CheckBanditAlgorithm from a test.
#include <catch2/catch.hpp>
#include <vector>

#include "sim/testing/bandit_conformance.h"

namespace {

// A user's algorithm: round-robin exploration for `explore_rounds` rounds per arm, then commit
// to the best empirical arm (explore-then-commit).
class MyExploreThenCommit {
 public:
  explicit MyExploreThenCommit(const regretlab::core::Params& /*params*/) {}
  void Reset(const regretlab::protocol::BanditInfo& info) {
    sums_.assign(info.num_arms, 0.0);
    round_ = 0;
  }
  int64_t Select(regretlab::random::Rng& /*rng*/) {
    const int64_t arms = static_cast<int64_t>(sums_.size());
    if (round_ < kExploreRounds * arms) return round_ % arms;
    int64_t best = 0;
    for (int64_t a = 1; a < arms; ++a) best = sums_[a] > sums_[best] ? a : best;
    return best;
  }
  void Observe(int64_t arm, double reward) {
    sums_[arm] += reward;
    ++round_;
  }

 private:
  static constexpr int64_t kExploreRounds = 10;
  std::vector<double> sums_;
  int64_t round_ = 0;
};

// A broken one, to show that the kit catches mistakes: it returns an arm out of range.
class OffByOne : public MyExploreThenCommit {
 public:
  using MyExploreThenCommit::MyExploreThenCommit;
  int64_t Select(regretlab::random::Rng& rng) { return MyExploreThenCommit::Select(rng) + 1; }
};

}  // namespace

TEST_CASE("example: a user's own algorithm passes the conformance kit", "[conformance]") {
  auto environment = regretlab::testing::MakeEnvironment(
      "bernoulli", {{"means", std::vector<double>{0.2, 0.8, 0.5}}});
  const auto report =
      regretlab::testing::CheckBanditAlgorithm<MyExploreThenCommit>({}, *environment);
  INFO(report.Text());
  REQUIRE(report.ok());
}

TEST_CASE("example: the conformance kit catches an invalid action", "[conformance]") {
  auto environment = regretlab::testing::MakeEnvironment(
      "bernoulli", {{"means", std::vector<double>{0.2, 0.8, 0.5}}});
  const auto report = regretlab::testing::CheckBanditAlgorithm<OffByOne>({}, *environment);
  REQUIRE_FALSE(report.ok());
  CHECK(report.failures.front().rfind("valid_actions", 0) == 0);
}
