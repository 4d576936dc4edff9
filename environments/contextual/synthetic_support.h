// Pieces the synthetic contextual environments share: the parameter helpers and the exact mean of
// a loss observed with clipped Gaussian noise.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/random/rng.h"

namespace regretlab::environments::contextual {

inline core::ParamSpec IntegerSetting(std::string name, int64_t value, double min,
                                      std::string help) {
  return core::IntegerParam(std::move(name), value, min, 1e6, std::move(help));
}
inline core::ParamSpec RealSetting(std::string name, double value, double min, double max,
                                   std::string help) {
  return core::RealParam(std::move(name), value, min, max, false, std::move(help));
}
using core::ChoiceParam;

// The instance stream (substream 0: drawn once per replicate) and the round stream (substream 1:
// contexts and losses, drawn every round whatever the learner plays) of replicate `key`.
inline void SeedInstanceAndRounds(const random::StreamKey& key, random::Rng& instance,
                                  random::Rng& rounds) {
  random::StreamKey instance_key = key;
  instance_key.substream = 0;
  instance.Seed(instance_key);
  random::StreamKey round_key = key;
  round_key.substream = 1;
  rounds.Seed(round_key);
}

// E[clip(μ + σZ, 0, 1)], Z standard normal: with a = −μ/σ and b = (1 − μ)/σ,
// (1 − Φ(b)) + μ(Φ(b) − Φ(a)) + σ(φ(a) − φ(b)). Equals μ when σ = 0.
inline double ClippedGaussianMean(double mean, double sigma) {
  if (sigma == 0) return std::clamp(mean, 0.0, 1.0);
  const double a = -mean / sigma, b = (1.0 - mean) / sigma;
  auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  auto pdf = [](double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); };
  return (1.0 - cdf(b)) + mean * (cdf(b) - cdf(a)) + sigma * (pdf(a) - pdf(b));
}

}  // namespace regretlab::environments::contextual
