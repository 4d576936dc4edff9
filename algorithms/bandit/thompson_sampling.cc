// Thompson sampling: sample each arm's mean from its posterior and play the largest sample.
//
// References:
//   S. Agrawal, N. Goyal (2012). Analysis of Thompson sampling for the multi-armed bandit problem.
//     COLT 2012, PMLR 23:39.1–39.26. Algorithm 1 (Beta–Bernoulli) and Algorithm 2 (rewards in
//     [0, 1] by a Bernoulli trial with success probability r).
//   E. Kaufmann, N. Korda, R. Munos (2012). Thompson sampling: an asymptotically optimal
//     finite-time analysis. ALT 2012, LNCS 7568:199–213. Theorem 1 (Beta(1,1) prior, Bernoulli
//     arms: E[N_a(n)] ≤ (1 + ε) ln n / kl(μ_a, μ*) + o(ln n)).
//   S. Agrawal, N. Goyal (2013). Further optimal regret bounds for Thompson sampling. AISTATS
//     2013, PMLR 31:99–107. Gaussian Thompson sampling (N(μ̂, 1/(k+1)) posteriors), and the
//     problem-independent O(sqrt(K T ln K)) bound.
//
// Policy, model = "bernoulli" (default): arm a has posterior Beta(α_a, β_a) with α_a = prior_alpha
// + successes and β_a = prior_beta + failures. Select draws θ_a ~ Beta(α_a, β_a) for a = 0..K−1 in
// that order and plays the largest (ties to the lowest index). A reward is normalised to
// x ∈ [0, 1]; x = 1 is a success and x = 0 a failure (x above 1 or below 0, a reward outside the
// announced range, counts as 1 or 0). Any other x is binarised as in Agrawal & Goyal (2012,
// Algorithm 2): a Bernoulli(x) trial decides success or failure. Observe has no
// generator, so the trial is drawn with the learner's generator at the start of the next Select,
// before the posterior samples; the posterior the next sample comes from has the same law as if
// the trial had been drawn at once. Binary rewards never consume a draw.
//
// Policy, model = "gaussian": arm a with k_a plays and reward sum S_a is sampled from
// N(S_a / (k_a + 1), sigma² / (k_a + 1)) (Agrawal & Goyal 2013, with variance scaled by sigma²;
// sigma = 1 is their algorithm). This is the posterior of a N(0, sigma²) prior under
// N(μ, sigma²) rewards. Rewards are used in their own units (not normalised), so sigma is the
// reward noise scale; prior_alpha and prior_beta are not used.
//
// Guarantee: for Bernoulli arms and the Beta(1,1) prior, asymptotically optimal (meets the
// Lai–Robbins bound `lai_robbins_bernoulli`, registered in kl_ucb.cc); problem-independent regret
// O(sqrt(K T ln T)) with Beta priors and O(sqrt(K T ln K)) with Gaussian priors (Agrawal & Goyal
// 2013).
//
// Protocol: bandit.
//
// Parameters:
//   name          default       range                      meaning
//   model         "bernoulli"   "bernoulli", "gaussian"    posterior family
//   prior_alpha   1.0           > 0                        Beta prior α (bernoulli model)
//   prior_beta    1.0           > 0                        Beta prior β (bernoulli model)
//   sigma         1.0           > 0                        posterior scale (gaussian model)
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "algorithms/bandit/reward_scale.h"
#include "sim/core/check.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/bandit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::bandit {
namespace {

class ThompsonSampling {
 public:
  explicit ThompsonSampling(const core::Params& params)
      : gaussian_(params.String("model") == "gaussian"),
        prior_alpha_(params.Real("prior_alpha")),
        prior_beta_(params.Real("prior_beta")),
        sigma_(params.Real("sigma")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "thompson_sampling needs at least one arm");
    if (!gaussian_) scale_.Reset(info, "thompson_sampling (model = \"bernoulli\")");
    num_arms_ = info.num_arms;
    const size_t size = static_cast<size_t>(num_arms_);
    alpha_.assign(size, prior_alpha_);
    beta_.assign(size, prior_beta_);
    reward_sums_.assign(size, 0.0);
    counts_.assign(size, 0);
    pending_.clear();
    pending_.reserve(4);
  }

  int64_t Select(random::Rng& rng) {
    // Binarise the non-binary rewards observed since the last Select (usually one).
    for (const PendingTrial& trial : pending_) {
      if (random::SampleBernoulli(rng, trial.success_probability)) {
        alpha_[trial.arm] += 1.0;
      } else {
        beta_[trial.arm] += 1.0;
      }
    }
    pending_.clear();

    int64_t best_arm = 0;
    double best_sample = -std::numeric_limits<double>::infinity();
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      double sample;
      if (gaussian_) {
        const double pseudo_count = static_cast<double>(counts_[arm]) + 1.0;
        sample = random::SampleNormal(rng, reward_sums_[arm] / pseudo_count,
                                      sigma_ / std::sqrt(pseudo_count));
      } else {
        sample = random::SampleBeta(rng, alpha_[arm], beta_[arm]);
      }
      if (sample > best_sample) {
        best_sample = sample;
        best_arm = arm;
      }
    }
    return best_arm;
  }

  void Observe(int64_t arm, double reward) {
    REGRETLAB_DCHECK(arm >= 0 && arm < num_arms_, "arm ", arm);
    if (gaussian_) {
      reward_sums_[arm] += reward;
      ++counts_[arm];
      return;
    }
    const double x = scale_.Normalise(reward);
    if (x >= 1.0) {  // a reward above the announced range counts as a success
      alpha_[arm] += 1.0;
    } else if (x <= 0.0) {  // and one below it as a failure
      beta_[arm] += 1.0;
    } else {
      pending_.push_back({arm, x});
    }
  }

 private:
  struct PendingTrial {
    int64_t arm;
    double success_probability;
  };

  bool gaussian_;
  double prior_alpha_;
  double prior_beta_;
  double sigma_;
  RewardScale scale_;
  int64_t num_arms_ = 0;
  std::vector<double> alpha_;          // Beta posterior α_a (bernoulli model)
  std::vector<double> beta_;           // Beta posterior β_a (bernoulli model)
  std::vector<double> reward_sums_;    // S_a (gaussian model)
  std::vector<int64_t> counts_;        // k_a (gaussian model)
  std::vector<PendingTrial> pending_;  // non-binary rewards awaiting their Bernoulli trial
};

registry::ComponentSpec ThompsonSamplingSpec() {
  return registry::MakeComponentSpec(
      "thompson_sampling",
      "Thompson sampling: play the argmax of one posterior sample per arm (Beta-Bernoulli or "
      "Gaussian)",
      "S. Agrawal, N. Goyal (2012), COLT, Algorithms 1-2; E. Kaufmann, N. Korda, R. Munos (2012), "
      "ALT, Theorem 1; S. Agrawal, N. Goyal (2013), AISTATS (Gaussian priors)",
      "Bernoulli arms, Beta(1,1) prior: E[N_a(n)] <= (1+eps) ln n / kl(mu_a, mu*) + o(ln n), "
      "asymptotically optimal; problem-independent regret O(sqrt(K T ln T)) (Beta) and "
      "O(sqrt(K T ln K)) (Gaussian)",
      {core::ChoiceParam("model", "bernoulli", {"bernoulli", "gaussian"},
                         "posterior family: Beta-Bernoulli (non-binary rewards binarised by a "
                         "Bernoulli trial) or "
                         "Gaussian N(S/(k+1), sigma^2/(k+1))"),
       core::RealParam("prior_alpha", 1.0, 0.0, core::kUnbounded, true,
                       "alpha of the Beta prior (bernoulli model)"),
       core::RealParam("prior_beta", 1.0, 0.0, core::kUnbounded, true,
                       "beta of the Beta prior (bernoulli model)"),
       core::RealParam("sigma", 1.0, 0.0, core::kUnbounded, true,
                       "posterior standard deviation scale, in reward units (gaussian model)")});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, ThompsonSampling, ThompsonSamplingSpec());

}  // namespace
}  // namespace regretlab::algorithms::bandit
