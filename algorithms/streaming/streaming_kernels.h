// Pieces shared by the streaming algorithms (docs/theory/streaming.md §4.2): the accuracy
// ε = (K/T)^{1/3} every ε-best-arm recipe is tuned to, pull counts from real-valued schedules, an
// empirical mean that follows the reference code's sampling when asked (quirk 4), and the regret
// bound of "sample every arm B times, keep the empirical best" shared by uniform exploration, naive
// ε-best and explore-then-commit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "sim/protocol/streaming_bandit.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::streaming {

// ε = (K/T)^{1/3}: regret K/ε² + εT of "find an ε-best arm, then commit" is smallest there
// (docs/theory/streaming.md §4.2).
inline long double Epsilon(int64_t num_arms, uint64_t horizon) {
  return std::cbrt(static_cast<long double>(num_arms) / static_cast<long double>(horizon));
}

// ⌈x⌉ pulls, at least 1, capped at `cap` (the pulls left): schedules are real-valued.
inline uint64_t PullCount(long double x, uint64_t cap) {
  if (!(x < static_cast<long double>(cap))) return cap;
  const long double rounded = std::ceil(x);
  return std::min<uint64_t>(cap, std::max<uint64_t>(1, static_cast<uint64_t>(rounded)));
}

// Pulls `arm` n times and returns the empirical mean. With reference_compat the mean is sampled
// as the reference code does (quirk 4: μ + N(0, (2/√n)²) for n > 10^5), and the reported regret
// is charged `charge` (quirks 5, 6); otherwise it is the exact binomial mean.
inline double SampleMean(protocol::ArmStream& stream, int64_t arm, uint64_t n,
                         bool reference_compat, const protocol::ReportedCharge& charge) {
  if (reference_compat) return stream.PullReferenceMean(arm, n, charge);
  if (n == 0) return 0.0;
  return static_cast<double>(stream.Pull(arm, n)) / static_cast<double>(n);
}

// The commit at the end of the stream, charged as the reference code would when asked.
inline void CommitRest(protocol::ArmStream& stream, int64_t arm, bool reference_compat) {
  if (stream.remaining() == 0) return;
  if (reference_compat) {
    stream.PullRestReported(arm);
  } else {
    stream.PullRest(arm);
  }
}

// Upper bound on the expected pseudo-regret of "pull each arriving arm B times, keep the arm with
// the highest empirical mean, commit to it" (derived here; Hoeffding 1963 and a union bound):
// with probability ≥ 1 − 1/T every one of the K empirical means is within
// δ = sqrt(ln(2KT)/(2B)) of its mean (P(|μ̂−μ| > δ) ≤ 2e^{−2Bδ²} = 1/(KT)); the kept arm has the
// highest empirical mean, so its gap is at most 2δ. Hence
//   E[R_T] ≤ min(K·B, T)·Δmax + T·min(Δmax, sqrt(2 ln(2KT)/B)) + Δmax.
inline double UniformSampleKingBound(double num_arms, double horizon, double pulls_per_arm,
                                     double max_gap) {
  const double exploration = std::min(num_arms * pulls_per_arm, horizon) * max_gap;
  const double two_delta = std::sqrt(2.0 * std::log(2.0 * num_arms * horizon) / pulls_per_arm);
  return exploration + horizon * std::min(max_gap, two_delta) + max_gap;
}

// The "rate" bound c·K^{1/3}T^{2/3} at the final horizon, for algorithms whose guarantee is
// stated with an O(·) only (constants unchecked: c is ours).
inline double RateBound(const registry::OracleInfo& oracle, double constant) {
  return constant * std::cbrt(oracle.Scalar("num_arms")) *
         std::pow(oracle.Scalar("horizon"), 2.0 / 3.0);
}

inline bool ReferenceCompatOff(const core::Params& params) {
  return !params.Has("reference_compat") || !params.Bool("reference_compat");
}

// The spec of a streaming algorithm: the fields all of them fill the same way, and the shared
// parameters (memory_budget, and reference_compat for those that reproduce the reference code).
inline registry::ComponentSpec StreamingAlgorithmSpec(const std::string& name,
                                                      const std::string& summary,
                                                      const std::string& citation,
                                                      const std::string& guarantee,
                                                      bool with_reference_compat) {
  return registry::MakeComponentSpec(name, summary, citation, guarantee,
                                     protocol::StreamingCommonParams(with_reference_compat));
}

// An upper bound on pseudo_regret at the final T for `algorithm` (not with reference_compat,
// whose quirks void every guarantee): the fields every streaming bound shares.
inline registry::BoundSpec FinalHorizonUpperBound(
    const std::string& name, const std::string& algorithm, const std::string& citation,
    const std::string& formula, bool constants_checked,
    std::function<double(const registry::OracleInfo&)> value) {
  registry::BoundSpec bound =
      registry::UpperBound(name, protocol::kStreamingBanditProtocol, "pseudo_regret", {algorithm},
                           citation, formula, constants_checked);
  bound.applies = [](const registry::OracleInfo&, const core::Params& params) {
    return ReferenceCompatOff(params);
  };
  // Tuned to T: the value at the final horizon, the same at every checkpoint
  // (docs/theory/conventions.md §1.1).
  bound.evaluate = [value](const registry::OracleInfo& oracle, const core::Params&, int64_t) {
    return value(oracle);
  };
  return bound;
}

// The uniform-sampling bound for an algorithm that pulls each arm `pulls_per_arm(K, T)` times.
inline registry::BoundSpec UniformSampleKingBoundSpec(
    const std::string& name, const std::string& algorithm, const std::string& citation,
    const std::string& schedule_text, long double (*pulls_per_arm)(int64_t, uint64_t)) {
  return FinalHorizonUpperBound(
      name, algorithm, citation,
      "E[R_T] <= min(K B, T) maxgap + T min(maxgap, sqrt(2 ln(2KT)/B)) + maxgap, " + schedule_text +
          ", at the final T",
      true, [pulls_per_arm](const registry::OracleInfo& oracle) {
        const double k = oracle.Scalar("num_arms"), t = oracle.Scalar("horizon");
        const uint64_t horizon = static_cast<uint64_t>(t);
        const double b = static_cast<double>(
            PullCount(pulls_per_arm(static_cast<int64_t>(k), horizon), horizon));
        return UniformSampleKingBound(k, t, b, oracle.Scalar("max_gap"));
      });
}

// c·K^{1/3}T^{2/3} for the algorithms whose guarantee is an O(·) rate (constant ours).
inline registry::BoundSpec RateBoundSpec(const std::string& name, const std::string& algorithm,
                                         const std::string& citation, double constant) {
  return FinalHorizonUpperBound(name, algorithm, citation,
                                "R_T <= " + std::to_string(static_cast<int>(constant)) +
                                    " K^(1/3) T^(2/3) at the final T (constant ours, unchecked)",
                                false, [constant](const registry::OracleInfo& oracle) {
                                  return RateBound(oracle, constant);
                                });
}

}  // namespace regretlab::algorithms::streaming
