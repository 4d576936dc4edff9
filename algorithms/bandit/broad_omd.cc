// BROAD-OMD: optimistic online mirror descent with the log-barrier and a second-order correction,
// for adversarial bandits with hints (docs/theory/log_barrier.md §3.2 B2) [R; constants 6 and 1/162
// as recalled, U].
//
// Reference: C.-Y. Wei, H. Luo (2018). More adaptive algorithms for adversarial bandits. COLT
//   2018 (BROAD-OMD, Theorem for the path-length and variance bounds).
//
// Policy (ψ(w) = (1/η) Σ_i ln(1/w_i), D_ψ its Bregman divergence, w'_1 uniform):
//   w_t      = argmin_{w∈Δ} ⟨w, m_t⟩ + D_ψ(w, w'_t)                 (optimistic step, hint m_t)
//   draw I_t ∼ w_t, observe ℓ_{t,I_t} = 1 − (normalised reward)
//   ℓ̂_{t,i}  = (ℓ_{t,i} − m_{t,i}) 1[I_t = i] / w_{t,i} + m_{t,i}    (centred on the hint)
//   a_{t,i}  = 6η w_{t,i} (ℓ̂_{t,i} − m_{t,i})²                      (second-order correction)
//   w'_{t+1} = argmin_{w∈Δ} ⟨w, ℓ̂_t + a_t⟩ + D_ψ(w, w'_t)
// Both steps are the log-barrier OMD normaliser (log_barrier_kernels.h,
// docs/theory/conventions.md §1.5 (g)): 1/w_new,i = 1/w_prev,i + η(x_i + μ).
//
// Hints: hint = last (m_{t,i} = the last observed loss of arm i, 0 before: path-length bound),
// mean (the running mean of arm i's observed losses: variance bound), zero (m = 0).
//
// Learning rate: eta = 0 selects min(1/162, sqrt(K ln T / T)) for the announced horizon T; the
// analysis needs η ≤ 1/162.
//
// Guarantee [R/U]: E[regret(T)] ≤ K ln T / η + 6η E Σ_t (ℓ_{t,I_t} − m_{t,I_t})² + O(1) for
// η ≤ 1/162. Registered (`broad_omd_worst_case`, constants unchecked) with the worst case
// (ℓ − m)² ≤ 1 and the O(1) taken as 1: K ln t / η + 6 η t + 1.
//
// Protocol: bandit. Rewards in [reward_min, reward_max] are mapped onto [0, 1] (reward_scale.h).
//
// Parameters:
//   name  default  range                meaning
//   eta   0        [0, 1/162]           learning rate; 0 = min(1/162, sqrt(K ln T / T))
//   hint  last     last | mean | zero   the optimistic prediction m_t
#include <algorithm>
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

constexpr double kMaxRate = 1.0 / 162.0;

double TunedRate(double num_arms, double horizon) {
  return std::min(kMaxRate, std::sqrt(num_arms * std::log(std::max(horizon, 2.0)) / horizon));
}

class BroadOmd {
 public:
  explicit BroadOmd(const core::Params& params)
      : eta_parameter_(params.Real("eta")), hint_kind_(params.String("hint")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "broad_omd needs at least one arm");
    scale_.Reset(info, "broad_omd");
    if (eta_parameter_ <= 0 && info.horizon <= 0) {
      throw core::ConfigError(
          "broad_omd with eta = 0 tunes eta to the announced horizon T, but this environment "
          "announces none; give eta > 0");
    }
    rate_[0] = eta_parameter_ > 0 ? eta_parameter_
                                  : TunedRate(static_cast<double>(info.num_arms),
                                              static_cast<double>(info.horizon));
    const size_t size = static_cast<size_t>(info.num_arms);
    base_.assign(size, 1.0 / static_cast<double>(size));  // w'_t
    weights_ = base_;
    hint_.assign(size, 0.0);
    loss_sum_.assign(size, 0.0);
    pulls_.assign(size, 0.0);
    step_.assign(size, 0.0);
    scratch_.assign(size, 0.0);
  }

  int64_t Select(random::Rng& rng) {
    LogBarrierOmdStep(base_, hint_, rate_, weights_, scratch_);
    return static_cast<int64_t>(random::SampleCategorical(rng, weights_));
  }

  void Observe(int64_t arm, double reward) {
    const size_t played = static_cast<size_t>(arm);
    const double loss = 1.0 - scale_.Normalise(reward);
    // ℓ̂ + a: every arm gets its hint m_i; the played arm also (ℓ − m)/w and the correction.
    for (size_t i = 0; i < step_.size(); ++i) step_[i] = hint_[i];
    const double deviation = (loss - hint_[played]) / weights_[played];  // ℓ̂ − m on the arm
    step_[played] += deviation + 6.0 * rate_[0] * weights_[played] * deviation * deviation;
    LogBarrierOmdStep(base_, step_, rate_, base_, scratch_);
    // Next hint.
    loss_sum_[played] += loss;
    pulls_[played] += 1;
    if (hint_kind_ == "last") hint_[played] = loss;
    if (hint_kind_ == "mean") hint_[played] = loss_sum_[played] / pulls_[played];
  }

  std::span<const double> Distribution() const { return weights_; }

 private:
  double eta_parameter_;
  std::string hint_kind_;
  double rate_[1] = {0.0};
  RewardScale scale_;
  std::vector<double> base_, weights_, hint_, loss_sum_, pulls_, step_, scratch_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "broad_omd",
      "BROAD-OMD: optimistic log-barrier OMD with hints and a second-order correction "
      "(reconstruction [R], constants as recalled)",
      "C.-Y. Wei, H. Luo (2018), More adaptive algorithms for adversarial bandits, COLT",
      "E regret(T) <= K ln T/eta + 6 eta E sum (l_t,I_t - m_t,I_t)^2 + O(1), eta <= 1/162 "
      "(constants as recalled)",
      {
          core::RealParam("eta", 0.0, 0, kMaxRate, false,
                          "learning rate <= 1/162; 0 = min(1/162, sqrt(K ln T / T))"),
          core::ChoiceParam("hint", "last", {"last", "mean", "zero"},
                            "optimistic prediction: last observed loss, running mean, or 0"),
      },
      {{"eta", 0.005}});
}

registry::BoundSpec WorstCaseBound() {
  registry::BoundSpec bound = registry::UpperBound(
      "broad_omd_worst_case", protocol::kBanditProtocol, "expected_regret", {"broad_omd"},
      "Wei & Luo (2018), COLT, BROAD-OMD bound with (l - m)^2 <= 1 [R, constants U]",
      "E regret(t) <= K ln t / eta + 6 eta t + 1, eta <= 1/162, losses in [0, 1]", false);
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (!oracle.HasScalar("num_arms") || oracle.Scalar("num_arms") < 2) return false;
    if (params.Real("eta") <= 0 && !oracle.HasScalar("horizon")) return false;
    if (!oracle.HasScalar("reward_min") || !oracle.HasScalar("reward_max")) return false;
    return oracle.Scalar("reward_min") >= 0.0 && oracle.Scalar("reward_max") <= 1.0;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double k = oracle.Scalar("num_arms"), rounds = static_cast<double>(t);
    const double eta =
        params.Real("eta") > 0 ? params.Real("eta") : TunedRate(k, oracle.Scalar("horizon"));
    return k * std::log(std::max(rounds, 2.0)) / eta + 6.0 * eta * rounds + 1.0;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, BroadOmd, Spec());
REGRETLAB_REGISTER_BOUND(WorstCaseBound());

}  // namespace
}  // namespace regretlab::algorithms::bandit
