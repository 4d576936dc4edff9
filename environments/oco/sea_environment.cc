// The SEA generator shared by the OCO environments (see sea_environment.h).
#include "environments/oco/sea_environment.h"

#include <limits>

#include "sim/core/param_builders.h"

namespace regretlab::environments::oco {

void SampleUniformBall(random::Rng& rng, std::vector<double>& z) {
  double squared_norm = 0;
  do {
    squared_norm = 0;
    for (size_t i = 0; i < z.size(); i += 2) {
      double u, v, q;
      do {  // a point uniform in the unit disc, not at its centre (acceptance π/4)
        u = 2 * rng.Uniform01() - 1;
        v = 2 * rng.Uniform01() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q == 0);
      const double scale = std::sqrt(-2 * std::log(q) / q);
      z[i] = u * scale;
      if (i + 1 < z.size()) z[i + 1] = v * scale;
    }
    for (const double value : z) squared_norm += value * value;
  } while (squared_norm < std::numeric_limits<double>::min());
  const double radius =
      std::pow(rng.Uniform01(), 1.0 / static_cast<double>(z.size())) / std::sqrt(squared_norm);
  for (double& value : z) value *= radius;
}

std::vector<core::ParamSpec> SeaParams() {
  return {
      core::IntegerParam("dimension", 10, 1, core::kUnbounded, "dimension d of the decision set"),
      core::ChoiceParam("domain", "ball", {"ball", "simplex", "box"},
                        "decision set: l2 ball of radius R, probability simplex, or box [-R, R]^d"),
      core::RealParam("radius", 1.0, 0.0, core::kUnbounded, true,
                      "R > 0: ball radius or box half-width (unused for simplex)"),
      core::RealParam(
          "s", 0.0, 0.0, core::kUnbounded, false,
          "stochastic knob s >= 0: noise radius (xi = mu + s z, z uniform in the unit ball)"),
      core::RealParam("rho", 0.0, 0.0, core::kUnbounded, false,
                      "adversarial knob rho >= 0: mu_t = c + rho a_t e_1"),
      core::ChoiceParam("pattern", "alternating",
                        {"alternating", "switching", "random_walk", "rademacher"},
                        "adversarial pattern a_t (docs/theory/oco.md section 2.4)"),
      core::IntegerParam("period", 10, 1, core::kUnbounded,
                         "switching period B (pattern = switching)"),
      core::RealParam("walk_step", 0.1, 0.0, core::kUnbounded, true,
                      "step of the clipped random walk (pattern = random_walk)"),
      core::RealListParam("centre", {}, -core::kUnbounded, core::kUnbounded,
                          "c, length d; empty = 0.3 e_2 (0 when d = 1)"),
      core::IntegerParam(
          "corruptions", 0, 0, core::kUnbounded,
          "C: the first C rounds are the adversarial point -M e_1 (corrupted i.i.d., E-A4)"),
  };
}

std::string ValidateSea(const core::Params& params) {
  const int64_t dimension = params.Integer("dimension");
  const auto& centre = params.RealList("centre");
  if (!centre.empty() && static_cast<int64_t>(centre.size()) != dimension) {
    return "centre has " + std::to_string(centre.size()) +
           " coordinates but dimension = " + std::to_string(dimension) +
           "; give d coordinates or leave it empty";
  }
  return protocol::Domain::Check(params.String("domain"), dimension, params.Real("radius"));
}

SeaPath::SeaPath(const core::Params& params)
    : domain_(protocol::Domain::Make(params.String("domain"), params.Integer("dimension"),
                                     params.Real("radius"))),
      dimension_(params.Integer("dimension")),
      s_(params.Real("s")),
      rho_(params.Real("rho")),
      period_(params.Integer("period")),
      walk_step_(params.Real("walk_step")),
      centre_(params.RealList("centre")),
      corruptions_(params.Integer("corruptions")) {
  const std::string& pattern = params.String("pattern");
  pattern_ = pattern == "switching"     ? Pattern::kSwitching
             : pattern == "random_walk" ? Pattern::kRandomWalk
             : pattern == "rademacher"  ? Pattern::kRademacher
                                        : Pattern::kAlternating;
  const size_t d = static_cast<size_t>(dimension_);
  if (centre_.empty()) {
    centre_.assign(d, 0.0);
    if (d >= 2) centre_[1] = 0.3;
  }
  REGRETLAB_CHECK(centre_.size() == d, "centre length ", centre_.size(), " != dimension ", d);
  for (auto* v : {&mean_, &previous_mean_, &noise_, &sample_, &sample_sum_, &mean_sum_}) {
    v->assign(d, 0.0);
  }
}

double SeaPath::MaxMeanNorm() const {
  double squared = 0;
  for (const double c : centre_) squared += c * c;
  const double centre_norm = std::sqrt(squared);
  const double adversarial = centre_norm + rho_;
  return corruptions_ > 0 ? std::max(adversarial, domain_.MaxNorm()) : adversarial;
}

double SeaPath::MaxSampleNorm() const { return MaxMeanNorm() + s_; }

void SeaPath::Reset(const random::StreamKey& key) {
  rng_.Seed(key);
  t_ = 0;
  walk_ = 0;
  round_noise_ = 0;
  for (auto* v : {&mean_, &previous_mean_, &noise_, &sample_, &sample_sum_, &mean_sum_}) {
    std::fill(v->begin(), v->end(), 0.0);
  }
  sample_square_sum_ = mean_square_sum_ = noise_variance_sum_ = 0;
  difficulty_ = {};
  realized_Sigma2_ = sigma1_squared_ = max_sigma2_ = max_Sigma2_ = 0;
}

void SeaPath::DrawMean() {
  double a = 0;
  switch (pattern_) {
    case Pattern::kAlternating:
      a = (t_ % 2 == 0) ? 1.0 : -1.0;
      break;
    case Pattern::kSwitching:
      a = (((t_ - 1) / period_) % 2 == 0) ? 1.0 : -1.0;
      break;
    case Pattern::kRandomWalk:
      walk_ = std::clamp(walk_ + (random::SampleBernoulli(rng_, 0.5) ? walk_step_ : -walk_step_),
                         -1.0, 1.0);
      a = walk_;
      break;
    case Pattern::kRademacher:
      a = random::SampleBernoulli(rng_, 0.5) ? 1.0 : -1.0;
      break;
  }
  std::copy(centre_.begin(), centre_.end(), mean_.begin());
  mean_[0] += rho_ * a;
}

double SeaPath::ExpectedSigma2Cumulative(int64_t t, double sigma1_squared) const {
  if (t <= 0) return 0;
  const double later = static_cast<double>(t - 1);
  switch (pattern_) {
    case Pattern::kAlternating:
      return sigma1_squared + 4 * rho_ * rho_ * later;
    case Pattern::kSwitching:
      return sigma1_squared + 4 * rho_ * rho_ * static_cast<double>((t - 1) / period_);
    case Pattern::kRademacher:
      return sigma1_squared + 2 * rho_ * rho_ * later;
    case Pattern::kRandomWalk:
      return std::nan("");
  }
  return std::nan("");
}

void SeaPath::AddOracleScalars(registry::OracleInfo& oracle) const {
  oracle.scalars["s"] = s_;
  oracle.scalars["rho"] = rho_;
  oracle.scalars["sigma2_max"] = max_sigma2_;
  oracle.scalars["Sigma2_max"] = max_Sigma2_;
  oracle.scalars["corruptions"] = static_cast<double>(corruptions_);
}

}  // namespace regretlab::environments::oco
