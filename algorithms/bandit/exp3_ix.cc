// EXP3-IX: exponential weights with implicit exploration (docs/theory/log_barrier.md §3.2, §3.9;
// docs/theory/bandit.md §8.13) [R].
//
// Reference: G. Neu (2015). Explore no more: improved high-probability regret bounds for
//   non-stochastic bandits. NeurIPS 2015. Algorithm 1, Theorem 1.
//
// Policy: p_t(i) ∝ exp(−η (L̂_i − min_j L̂_j)) (docs/theory/conventions.md §1.5 (b)), draw
// a_t ∼ p_t, and add to L̂ the implicit-exploration estimate ℓ̂_i = ℓ 1[a_t = i] / (p_t(i) + γ),
// ℓ = 1 − (normalised reward). The γ in the denominator biases the estimate downwards (optimistic)
// and caps it at 1/γ, which is what gives the high-probability bound.
//
// Learning rates: eta = 0 (default) selects η = sqrt(2 ln K / (K T)) with T the announced horizon;
// γ = gamma_ratio · η (Neu's choice: γ = η/2).
//
// Guarantees [R]: Neu (2015) Theorem 1: with η = 2γ = sqrt(2 ln K/(KT)), with probability ≥ 1 − δ,
// regret(T) ≤ 2 sqrt(2 K T ln K) + (sqrt(2KT/ln K) + 1) ln(2/δ). In expectation, the EXP3
// analysis with E ℓ̂_i ≤ ℓ_i, E⟨p_t, ℓ̂_t⟩ ≥ ⟨p_t, ℓ_t⟩ − γK and E Σ_i p_i ℓ̂_i² ≤ K gives, at
// every t, E[regret(t)] ≤ ln K/η + (η/2 + γ) K t; registered as `exp3_ix_expected` (our
// derivation, on the expected regret).
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name         default  range  meaning
//   eta          0.0      ≥ 0    learning rate; 0 = sqrt(2 ln K / (K T))
//   gamma_ratio  0.5      ≥ 0    γ / η (0 gives plain EXP3)
//   estimator    ix       ix | centred   ℓ 1[a=i]/(p_i+γ), or (ℓ − m) 1[a=i]/(p_i+γ) + m
//   hint         1.0      [0, 1]  m of the centred estimator
//
// The centred variant exists for the negative-estimate stress test of
// docs/theory/log_barrier.md §3.2: with γ = 0 and m = 1 it is EXP3 fed the same estimates (≤ 0,
// down to −1/p_min) as LB-FTRL's centred variant.
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "algorithms/bandit/log_barrier_kernels.h"
#include "algorithms/bandit/reward_scale.h"
#include "sim/core/check.h"
#include "sim/core/error.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::bandit {
namespace {

double TunedRate(double num_arms, double horizon) {
  return std::sqrt(2.0 * std::log(num_arms) / (num_arms * horizon));
}

class Exp3Ix {
 public:
  explicit Exp3Ix(const core::Params& params)
      : eta_parameter_(params.Real("eta")),
        gamma_ratio_(params.Real("gamma_ratio")),
        centred_(params.String("estimator") == "centred"),
        hint_(params.Real("hint")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "exp3_ix needs at least one arm");
    scale_.Reset(info, "exp3_ix");
    if (eta_parameter_ <= 0 && info.horizon <= 0) {
      throw core::ConfigError(
          "exp3_ix with eta = 0 tunes eta to the announced horizon T, but this environment "
          "announces none; give eta > 0");
    }
    rate_ = eta_parameter_ > 0
                ? eta_parameter_
                : TunedRate(static_cast<double>(info.num_arms), static_cast<double>(info.horizon));
    gamma_ = gamma_ratio_ * rate_;
    cumulative_.assign(static_cast<size_t>(info.num_arms), 0.0);
    weights_.assign(cumulative_.size(), 1.0 / static_cast<double>(info.num_arms));
  }

  int64_t Select(random::Rng& rng) {
    ExponentialWeights(cumulative_, rate_, weights_);
    return static_cast<int64_t>(random::SampleCategorical(rng, weights_));
  }

  void Observe(int64_t arm, double reward) {
    const double loss = 1.0 - scale_.Normalise(reward);
    const double denominator = weights_[static_cast<size_t>(arm)] + gamma_;
    if (centred_) {
      for (double& total : cumulative_) total += hint_;
      cumulative_[static_cast<size_t>(arm)] += (loss - hint_) / denominator;
    } else {
      cumulative_[static_cast<size_t>(arm)] += loss / denominator;
    }
  }

  std::span<const double> Distribution() const { return weights_; }

 private:
  double eta_parameter_, gamma_ratio_;
  bool centred_;
  double hint_;
  double rate_ = 0, gamma_ = 0;
  RewardScale scale_;
  std::vector<double> cumulative_, weights_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "exp3_ix",
      "EXP3-IX: exponential weights on implicit-exploration estimates l 1[a]/(p_a + gamma)",
      "G. Neu (2015), Explore no more, NeurIPS 2015, Algorithm 1, Theorem 1",
      "w.p. 1-delta: regret(T) <= 2 sqrt(2KT ln K) + (sqrt(2KT/ln K) + 1) ln(2/delta); in "
      "expectation ln K/eta + (eta/2 + gamma) K t",
      {
          core::RealParam("eta", 0.0, 0, core::kUnbounded, false,
                          "learning rate; 0 = sqrt(2 ln K / (K T)) (needs the horizon)"),
          core::RealParam("gamma_ratio", 0.5, 0, core::kUnbounded, false,
                          "implicit exploration gamma = gamma_ratio * eta (Neu: 1/2; 0 = EXP3)"),
          core::ChoiceParam(
              "estimator", "ix", {"ix", "centred"},
              "l 1[a=i]/(p_i+gamma), or centred (l - m) 1[a=i]/(p_i+gamma) + m (stress test)"),
          core::RealParam("hint", 1.0, 0, 1, false, "m of the centred estimator"),
      },
      {{"eta", 0.1}});
}

registry::BoundSpec ExpectedBound() {
  registry::BoundSpec bound = registry::UpperBound(
      "exp3_ix_expected", protocol::kBanditProtocol, "expected_regret", {"exp3_ix"},
      "EXP3 analysis (Lattimore & Szepesvari 2020, Eq. 11.15) with Neu's (2015) IX estimator; "
      "derivation in algorithms/bandit/exp3_ix.cc [R]",
      "E regret(t) <= ln K / eta + (eta/2 + gamma) K t, oblivious losses in [0, 1]", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (params.String("estimator") != "ix") return false;
    if (!oracle.HasScalar("num_arms") || oracle.Scalar("num_arms") < 2) return false;
    if (params.Real("eta") <= 0 && !oracle.HasScalar("horizon")) return false;
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    return oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double k = oracle.Scalar("num_arms");
    const double eta =
        params.Real("eta") > 0 ? params.Real("eta") : TunedRate(k, oracle.Scalar("horizon"));
    const double gamma = params.Real("gamma_ratio") * eta;
    return std::log(k) / eta + (eta / 2.0 + gamma) * k * static_cast<double>(t);
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, Exp3Ix, Spec());
REGRETLAB_REGISTER_BOUND(ExpectedBound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
