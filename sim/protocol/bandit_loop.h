// The bandit round loop and the adapter that registers an algorithm class. Included by
// bandit.h; kept apart so the protocol's interface reads on its own.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/protocol/bandit.h"

namespace regretlab::protocol {

namespace internal {

// Span of the distribution of a learner, or empty.
template <class A>
std::span<const double> DistributionOf(const A& algorithm) {
  if constexpr (ExposesDistribution<A>) {
    return algorithm.Distribution();
  } else {
    return {};
  }
}

inline void CheckFinite(double value, const char* metric, int64_t round) {
  REGRETLAB_CHECK(std::isfinite(value), metric, " is not finite at round ", round);
}

}  // namespace internal

// Neumaier's compensated sum: the regret of a long run adds up to 10^9 small terms.
struct CompensatedSum {
  double sum = 0, carry = 0;
  void Add(double term) {
    const double next = sum + term;
    carry += std::abs(sum) >= std::abs(term) ? (sum - next) + term : (term - next) + sum;
    sum = next;
  }
  double Value() const { return sum + carry; }
};

template <BanditAlgorithm A>
void RunBanditLoop(A& algorithm, BanditEnvironment& environment, random::Rng& learner_rng,
                   const BanditRunContext& context) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const BanditInfo info = environment.Info();
  const int64_t num_arms = info.num_arms;
  const int64_t comparator = environment.ComparatorArm();
  const bool stationary = environment.Stationary();
  std::vector<double> gaps(static_cast<size_t>(num_arms), 0.0);
  environment.Gaps(1, gaps);
  std::vector<double> hindsight(context.record_realized ? num_arms : 0, 0.0);
  // Pull counts: with stationary gaps the pseudo-regret is Σ_a Δ_a N_a(t), computed at the
  // checkpoints only (exact counts, one rounding per arm) instead of a sum over every round.
  std::vector<int64_t> pulls(static_cast<size_t>(num_arms), 0);

  algorithm.Reset(info);
  CompensatedSum pseudo, expected, rewards;
  int64_t previous_checkpoint = 0;
  size_t checkpoint_index = 0;
  int64_t next_checkpoint = context.checkpoints[0];
  const int64_t horizon = context.checkpoints.back();
  const bool record_expected = context.record_expected;
  const bool record_realized = context.record_realized;

  for (int64_t round = 1; round <= horizon; ++round) {
    if (!stationary) environment.Gaps(round, gaps);
    const int64_t arm = algorithm.Select(learner_rng);
    REGRETLAB_CHECK(static_cast<uint64_t>(arm) < static_cast<uint64_t>(num_arms), "arm ", arm,
                    " selected with K = ", num_arms);
    if (record_expected) {
      // Σ_a p_t(a) Δ_t(a): the conditional expectation of this round's pseudo-regret.
      const std::span<const double> p = internal::DistributionOf(algorithm);
      double expected_gap = 0;
      for (int64_t a = 0; a < num_arms; ++a) expected_gap += p[a] * gaps[a];
      expected.Add(expected_gap);
    }
    const double reward = environment.Pull(arm, round);
    algorithm.Observe(arm, reward);
    ++pulls[arm];
    if (!stationary) pseudo.Add(gaps[arm]);
    if (record_realized) rewards.Add(reward);

    if (round == next_checkpoint) [[unlikely]] {
      const size_t c = checkpoint_index;
      if (context.record_pseudo) {
        if (stationary) {
          CompensatedSum total;
          for (int64_t a = 0; a < num_arms; ++a) total.Add(gaps[a] * static_cast<double>(pulls[a]));
          context.pseudo_regret[c] = total.Value();
        } else {
          context.pseudo_regret[c] = pseudo.Value();
        }
        internal::CheckFinite(context.pseudo_regret[c], "pseudo_regret", round);
      }
      if (record_expected) {
        context.expected_regret[c] = expected.Value();
        internal::CheckFinite(context.expected_regret[c], "expected_regret", round);
      }
      if (record_realized) {
        environment.AccumulateHindsight(previous_checkpoint, round, hindsight);
        const double best = *std::max_element(hindsight.begin(), hindsight.end());
        context.realized_regret[c] = best - rewards.Value();
        internal::CheckFinite(context.realized_regret[c], "realized_regret", round);
      }
      if (context.record_best_pulls) {
        context.best_arm_pulls[c] = static_cast<double>(pulls[comparator]);
      }
      context.wall_seconds[c] = std::chrono::duration<double>(Clock::now() - start).count();
      previous_checkpoint = round;
      ++checkpoint_index;
      if (checkpoint_index < context.checkpoints.size()) {
        next_checkpoint = context.checkpoints[checkpoint_index];
      }
    }
  }
}

// Wraps a concrete algorithm class behind the type-erased BanditLearner.
template <BanditAlgorithm A>
class BanditAdapter final : public BanditLearner {
 public:
  explicit BanditAdapter(const core::Params& params) : algorithm_(params) {}

  void Reset(const BanditInfo& info) override { algorithm_.Reset(info); }
  int64_t Select(random::Rng& rng) override { return algorithm_.Select(rng); }
  void Observe(int64_t arm, double reward) override { algorithm_.Observe(arm, reward); }
  bool HasDistribution() const override { return ExposesDistribution<A>; }
  std::span<const double> Distribution() const override {
    return internal::DistributionOf(algorithm_);
  }
  void RunReplicate(BanditEnvironment& environment, random::Rng& learner_rng,
                    const BanditRunContext& context) override {
    RunBanditLoop(algorithm_, environment, learner_rng, context);
  }

 private:
  A algorithm_;
};

// Registration helpers used by the macros below.
template <BanditAlgorithm A>
bool RegisterBanditAlgorithm(registry::ComponentSpec spec, const char* file) {
  spec.kind = registry::ComponentKind::kAlgorithm;
  spec.protocol = kBanditProtocol;
  spec.source_file = file;
  spec.factory = [](const core::Params& params) -> std::unique_ptr<registry::Component> {
    return std::make_unique<BanditAdapter<A>>(params);
  };
  registry::Registry::Mutable().AddComponent(std::move(spec));
  return true;
}

template <class E>
bool RegisterBanditEnvironment(registry::ComponentSpec spec, const char* file) {
  static_assert(std::is_base_of_v<BanditEnvironment, E>);
  spec.kind = registry::ComponentKind::kEnvironment;
  spec.protocol = kBanditProtocol;
  spec.source_file = file;
  spec.factory = [](const core::Params& params) -> std::unique_ptr<registry::Component> {
    return std::make_unique<E>(params);
  };
  registry::Registry::Mutable().AddComponent(std::move(spec));
  return true;
}

inline bool RegisterBound(registry::BoundSpec spec, const char* file) {
  spec.source_file = file;
  registry::Registry::Mutable().AddBound(std::move(spec));
  return true;
}

}  // namespace regretlab::protocol

#define REGRETLAB_CONCAT_INNER(a, b) a##b
#define REGRETLAB_CONCAT(a, b) REGRETLAB_CONCAT_INNER(a, b)

// One line in an algorithm's .cc: REGRETLAB_REGISTER_BANDIT_ALGORITHM(Ucb1, Ucb1Spec());
#define REGRETLAB_REGISTER_BANDIT_ALGORITHM(Class, spec_expression)                     \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) =        \
      ::regretlab::protocol::RegisterBanditAlgorithm<Class>(spec_expression, __FILE__)

#define REGRETLAB_REGISTER_BANDIT_ENVIRONMENT(Class, spec_expression)                   \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) =        \
      ::regretlab::protocol::RegisterBanditEnvironment<Class>(spec_expression, __FILE__)

#define REGRETLAB_REGISTER_BOUND(spec_expression)                                       \
  [[maybe_unused]] static const bool REGRETLAB_CONCAT(kRegistered_, __LINE__) =        \
      ::regretlab::protocol::RegisterBound(spec_expression, __FILE__)
