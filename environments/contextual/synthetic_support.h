// Pieces the synthetic contextual environments share: the parameter helpers and the exact mean of
// a loss observed with clipped Gaussian noise.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/core/params.h"

namespace regretlab::environments::contextual {

inline core::ParamSpec IntegerSetting(std::string name, int64_t value, double min, std::string help) {
  core::ParamSpec spec;
  spec.name = std::move(name);
  spec.type = core::ParamType::kInteger;
  spec.default_value = value;
  spec.min = min;
  spec.max = 1e6;
  spec.help = std::move(help);
  return spec;
}
inline core::ParamSpec RealSetting(std::string name, double value, double min, double max,
                                   std::string help) {
  core::ParamSpec spec;
  spec.name = std::move(name);
  spec.type = core::ParamType::kReal;
  spec.default_value = value;
  spec.min = min;
  spec.max = max;
  spec.help = std::move(help);
  return spec;
}
inline core::ParamSpec StringSetting(std::string name, std::string value,
                                     std::vector<std::string> choices, std::string help) {
  core::ParamSpec spec;
  spec.name = std::move(name);
  spec.type = core::ParamType::kString;
  spec.default_value = std::move(value);
  spec.choices = std::move(choices);
  spec.help = std::move(help);
  return spec;
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
