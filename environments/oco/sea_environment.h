// The stochastically-extended-adversarial (SEA) generator shared by quadratic_sea and linear_sea
// (docs/theory/oco.md §2.4, E-A1, E-A2, E-A4): round t draws ξ_t = μ_t + s·z_t, where
//   z_t is uniform in the unit ball of R^d (so ‖z_t‖ ≤ 1 and G holds almost surely),
//       E‖z‖² = d/(d+2);
//   μ_t = c + ρ·a_t·e_1 is the adversary's mean (oblivious: it never sees the plays), with the
//       pattern a_t of docs/theory/oco.md §2.4:
//         alternating   a_t = (−1)^t
//         switching     a_t = (−1)^⌊(t−1)/B⌋: the sign flips every B rounds
//         random_walk   a_0 = 0, a_t = clip(a_{t−1} + δ·ε_t, −1, 1), ε_t Rademacher
//         rademacher    a_t = ε_t (oblivious Rademacher)
//       ρ = 0 is i.i.d., s = 0 fully adversarial;
//   corruptions C > 0 (E-A4): the first C rounds are replaced by the Dirac point ξ_t = −M·e_1,
//       M = sup_X ‖x‖ (an adversarial point as far as the domain reaches).
//
// The loss family (quadratic ½‖x − ξ‖² or linear ⟨ξ, x⟩) supplies f, ∇f, F and the exact
// comparators from sufficient statistics (Σξ, Σ‖ξ‖², Σμ, Σ‖μ‖², Σ s_t² E‖z‖²): memory O(d).
//
// Difficulty (docs/theory/oco.md §2.1): for both families ∇f(x;ξ) − ∇F_t(x) = ±s·z_t (quadratic:
// x − ξ vs x − μ; linear: ξ vs μ), so σ_t² = s²·d/(d+2) (analytic, 0 in corrupted rounds), and
// ∇F_t − ∇F_{t−1} = ∓(μ_t − μ_{t−1}), so Σ_t² = ‖μ_t − μ_{t−1}‖² for t ≥ 2; Σ_1² = sup_X ‖∇F_1‖²
// is the family's (F_0 ≡ 0). Σ²_{1:t} is analytic for the deterministic patterns (alternating,
// switching: this replicate's value is the expectation), the analytic expectation
// Σ_1² + 2ρ²(t − 1) for rademacher, and this replicate's realized value for the random walk (its
// mean over replicates is Σ²_{1:t} = E Σ Σ_s²).
//
// Parameters (shared):
//   name         default      meaning
//   dimension    10           d ≥ 1
//   domain       "ball"       ball (radius R), simplex, box [−R, R]^d
//   radius       1.0          R > 0 (ignored for the simplex)
//   s            0.0          stochastic knob s ≥ 0 (noise radius)
//   rho          0.0          adversarial knob ρ ≥ 0
//   pattern      alternating  alternating | switching | random_walk | rademacher
//   period       10           B ≥ 1 for switching
//   walk_step    0.1          δ > 0 for random_walk
//   centre       []           c (length d); empty = 0.3·e_2 (0 when d = 1)
//   corruptions  0            C ≥ 0 corrupted first rounds
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/protocol/online_convex.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::oco {

// z uniform in the unit ball of R^d, d = z.size(): a direction from d standard normals (drawn in
// pairs by Marsaglia's polar method: no trigonometry, a pair costs one log and one sqrt) and a
// radius U^{1/d} (Muller 1959). Deterministic in the stream position, like every sampler here.
void SampleUniformBall(random::Rng& rng, std::vector<double>& z);

// Schema of the shared parameters.
std::vector<core::ParamSpec> SeaParams();
// The cross-parameter check (centre length, domain); "" when consistent.
std::string ValidateSea(const core::Params& params);

// Shared state of the generator: the current mean, noise and the difficulty sums.
class SeaPath {
 public:
  explicit SeaPath(const core::Params& params);

  const protocol::Domain& domain() const { return domain_; }
  int64_t dimension() const { return dimension_; }
  double s() const { return s_; }
  double rho() const { return rho_; }
  // E‖z‖² = d/(d+2) for z uniform in the unit ball.
  double NoiseSecondMoment() const {
    const double d = static_cast<double>(dimension_);
    return d / (d + 2);
  }
  // sup_t ‖μ_t‖ and sup_t ‖ξ_t‖ (bounds for G).
  double MaxMeanNorm() const;
  double MaxSampleNorm() const;

  void Reset(const random::StreamKey& key);
  // Draws round t + 1: μ, the noise, ξ; updates the difficulty sums given Σ_1² of the family
  // (a function of μ_1).
  template <class Sigma1Squared>
  void Next(Sigma1Squared&& sigma1_squared) {
    ++t_;
    previous_mean_.swap(mean_);
    DrawMean();
    const bool corrupted = t_ <= corruptions_;
    round_noise_ = corrupted ? 0.0 : s_;
    if (corrupted) {
      std::fill(sample_.begin(), sample_.end(), 0.0);
      sample_[0] = -domain_.MaxNorm();
      std::copy(sample_.begin(), sample_.end(), mean_.begin());
    } else {
      if (s_ > 0) {
        SampleUniformBall(rng_, noise_);
        for (size_t i = 0; i < noise_.size(); ++i) sample_[i] = mean_[i] + s_ * noise_[i];
      } else {
        std::copy(mean_.begin(), mean_.end(), sample_.begin());
      }
    }
    const double sigma2 = round_noise_ * round_noise_ * NoiseSecondMoment();
    difficulty_.sigma2_cumulative += sigma2;
    double Sigma2 = 0;
    if (t_ == 1) {
      Sigma2 = sigma1_squared(std::span<const double>(mean_));
    } else {
      for (size_t i = 0; i < mean_.size(); ++i) {
        Sigma2 += (mean_[i] - previous_mean_[i]) * (mean_[i] - previous_mean_[i]);
      }
    }
    if (t_ == 1) sigma1_squared_ = Sigma2;
    realized_Sigma2_ += Sigma2;
    difficulty_.Sigma2_harmonic += Sigma2 / static_cast<double>(t_);
    difficulty_.Sigma2_cumulative =
        pattern_ == Pattern::kRademacher && corruptions_ == 0
            ? sigma1_squared_ + 2 * rho_ * rho_ * static_cast<double>(t_ - 1)
            : realized_Sigma2_;
    max_sigma2_ = std::max(max_sigma2_, sigma2);
    max_Sigma2_ = std::max(max_Sigma2_, Sigma2);
    // Sufficient statistics of the comparators.
    for (size_t i = 0; i < mean_.size(); ++i) {
      sample_sum_[i] += sample_[i];
      mean_sum_[i] += mean_[i];
    }
    double sample_squared = 0, mean_squared = 0;
    for (size_t i = 0; i < mean_.size(); ++i) {
      sample_squared += sample_[i] * sample_[i];
      mean_squared += mean_[i] * mean_[i];
    }
    sample_square_sum_ += sample_squared;
    mean_square_sum_ += mean_squared;
    noise_variance_sum_ += sigma2;
  }

  int64_t t() const { return t_; }
  std::span<const double> mean() const { return mean_; }
  std::span<const double> sample() const { return sample_; }
  double round_sigma2() const { return round_noise_ * round_noise_ * NoiseSecondMoment(); }
  std::span<const double> sample_sum() const { return sample_sum_; }
  std::span<const double> mean_sum() const { return mean_sum_; }
  long double sample_square_sum() const { return sample_square_sum_; }
  long double mean_square_sum() const { return mean_square_sum_; }
  long double noise_variance_sum() const { return noise_variance_sum_; }
  const protocol::SeaDifficulty& difficulty() const { return difficulty_; }
  double realized_Sigma2() const { return realized_Sigma2_; }
  // Analytic expectation of Σ²_{1:t} for the patterns where it is known in closed form (NaN for
  // the random walk), given Σ_1² (docs/theory/oco.md §2.4; used by the tests against Monte Carlo).
  double ExpectedSigma2Cumulative(int64_t t, double sigma1_squared) const;

  void AddOracleScalars(registry::OracleInfo& oracle) const;

 private:
  enum class Pattern { kAlternating, kSwitching, kRandomWalk, kRademacher };
  void DrawMean();

  protocol::Domain domain_;
  int64_t dimension_;
  double s_, rho_;
  Pattern pattern_;
  int64_t period_;
  double walk_step_;
  std::vector<double> centre_;
  int64_t corruptions_;

  random::Rng rng_;
  int64_t t_ = 0;
  double walk_ = 0;
  double round_noise_ = 0;
  std::vector<double> mean_, previous_mean_, noise_, sample_, sample_sum_, mean_sum_;
  long double sample_square_sum_ = 0, mean_square_sum_ = 0, noise_variance_sum_ = 0;
  protocol::SeaDifficulty difficulty_;
  double realized_Sigma2_ = 0, sigma1_squared_ = 0, max_sigma2_ = 0, max_Sigma2_ = 0;
};

// An SEA environment: the path above and a loss family with static members
//   kSmoothness, kStrongConvexity     L and λ of F_t;
//   Sigma1Squared(domain, μ_1)        Σ_1² = sup_X ‖∇F_1‖² (F_0 ≡ 0);
//   GradientBound(path)               G;
//   Value(x, ξ), Gradient(x, ξ, g)    f(x; ξ) and its gradient;
//   NoiseOffset(v)                    E f(x; μ + noise) − f(x; μ) for noise variance v;
//   Minimizer(domain, S, n, u)        argmin_X of Σ of n losses whose ξ sum to S (exact);
//   CumulativeValue(u, S, Q, n)       Σ of n losses at u from S = Σξ and Q = Σ‖ξ‖².
template <class Family>
class SeaEnvironment final : public protocol::OcoEnvironment {
 public:
  explicit SeaEnvironment(const core::Params& params) : path_(params) {
    scratch_.resize(static_cast<size_t>(path_.dimension()));
  }

  protocol::OcoInfo Info() const override {
    protocol::OcoInfo info;
    info.domain = path_.domain();
    info.horizon = horizon_;
    info.gradient_bound = Family::GradientBound(path_);
    info.smoothness = Family::kSmoothness;
    info.strong_convexity = Family::kStrongConvexity;
    // A λ-strongly convex f with ‖∇f‖ ≤ G is λ/G²-exp-concave (Hazan 2016, Lemma 4.2 setting).
    info.exp_concavity = info.gradient_bound > 0 ? Family::kStrongConvexity /
                                                       (info.gradient_bound * info.gradient_bound)
                                                 : 0.0;
    return info;
  }
  void NextRound() override {
    path_.Next(
        [&](std::span<const double> mean) { return Family::Sigma1Squared(path_.domain(), mean); });
  }
  double Loss(std::span<const double> x) const override { return Family::Value(x, path_.sample()); }
  void Gradient(std::span<const double> x, std::span<double> gradient) const override {
    Family::Gradient(x, path_.sample(), gradient);
  }
  double ExpectedLoss(std::span<const double> x) const override {
    return Family::Value(x, path_.mean()) + Family::NoiseOffset(path_.round_sigma2());
  }
  void RoundMinimizer(std::span<double> u) const override {
    Family::Minimizer(path_.domain(), path_.mean(), 1.0, u);
  }
  double BestFixedLoss() const override {
    Family::Minimizer(path_.domain(), path_.sample_sum(), static_cast<double>(path_.t()), scratch_);
    return Family::CumulativeValue(scratch_, path_.sample_sum(), path_.sample_square_sum(),
                                   path_.t());
  }
  void BestFixedExpectedPoint(std::span<double> u) const override {
    Family::Minimizer(path_.domain(), path_.mean_sum(), static_cast<double>(path_.t()), u);
  }
  double CumulativeExpectedLoss(std::span<const double> u) const override {
    return Family::CumulativeValue(u, path_.mean_sum(), path_.mean_square_sum(), path_.t()) +
           static_cast<double>(Family::NoiseOffset(1.0) * path_.noise_variance_sum());
  }
  protocol::SeaDifficulty Difficulty() const override { return path_.difficulty(); }

  const SeaPath& path() const { return path_; }

 protected:
  void DoReset(const random::StreamKey& key) override { path_.Reset(key); }
  void AddOracleScalars(registry::OracleInfo& oracle) const override {
    path_.AddOracleScalars(oracle);
  }

 private:
  SeaPath path_;
  mutable std::vector<double> scratch_;
};

}  // namespace regretlab::environments::oco
