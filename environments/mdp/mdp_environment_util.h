// Pieces shared by the episodic MDP environments (environments/mdp): Dirichlet rows, the doubling
// schedule of the adversarial "doubling switch", and Bernoulli loss draws addressed by
// (episode, entry) so that the loss sequence is oblivious (a pure function of the key).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::mdp {

// A draw of the symmetric Dirichlet(concentration) distribution written into `row`: normalised
// Gamma(concentration, 1) draws. With concentration < 1 a Gamma draw can underflow to 0; a floor
// of 1e-300 keeps every entry positive and the row a distribution.
inline void SampleDirichletRow(random::Rng& rng, double concentration, std::span<double> row) {
  double total = 0;
  for (double& x : row) {
    x = std::max(random::SampleGamma(rng, concentration), 1e-300);
    total += x;
  }
  for (double& x : row) x /= total;
}

// The doubling switch (spec §3.6 E-B6): episode k (1-based) belongs to epoch j = ⌊log2 k⌋, and
// epochs alternate between table 0 (even j) and table 1 (odd j).
inline int DoublingSwitchTable(int64_t episode) {
  int epoch = 0;
  for (uint64_t k = static_cast<uint64_t>(episode); k > 1; k >>= 1) ++epoch;
  return epoch % 2;
}

// Bernoulli(means[i]) draws for entries i of `out`, for episode k, from the Philox address
// (key, block = k·⌈n/4⌉ + i/4, word i mod 4): independent over entries and episodes, and the same
// whatever order the environment is queried in.
inline void BernoulliEntries(const random::StreamKey& key, int64_t episode,
                             std::span<const double> means, std::span<double> out) {
  const size_t size = means.size();
  const uint64_t blocks = (size + 3) / 4;
  for (size_t i = 0; i < size; i += 4) {
    const auto block = random::PhiloxBlock(key, static_cast<uint64_t>(episode) * blocks + i / 4);
    for (size_t j = 0; j < 4 && i + j < size; ++j) {
      const double uniform = static_cast<double>(block[j] >> 11) * 0x1.0p-53;
      out[i + j] = uniform < means[i + j] ? 1.0 : 0.0;
    }
  }
}

}  // namespace regretlab::environments::mdp
