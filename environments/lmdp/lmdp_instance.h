// Helpers shared by the LMDP environments (docs/theory/lmdp.md §6.4): the fixed-instance
// environment base (the instance is drawn once from `instance_seed`, so every replicate and every
// algorithm of a cell faces the same LMDP and V* is solved once), random Γ-support rows, and the
// common parameters.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/core/hash.h"
#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/latent_mdp.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::lmdp {

using models::lmdp::LatentMdp;

// The stream an instance is drawn from: a function of the environment's name and instance_seed.
inline random::Rng InstanceRng(const std::string& name, int64_t instance_seed) {
  return random::Rng(
      {static_cast<uint64_t>(instance_seed), core::StableHash64(name), 0, random::Role::kInit, 0});
}

// A Dirichlet(1, ..., 1) distribution on a uniformly random subset of `degree` of the S states.
inline void RandomSupportRow(random::Rng& rng, int states, int degree, std::span<double> row) {
  std::vector<int> order(static_cast<size_t>(states));
  for (int s = 0; s < states; ++s) order[static_cast<size_t>(s)] = s;
  for (int i = states - 1; i > 0; --i) {  // Fisher–Yates
    std::swap(order[static_cast<size_t>(i)], order[rng.UniformInt(static_cast<uint64_t>(i) + 1)]);
  }
  std::fill(row.begin(), row.end(), 0.0);
  double total = 0;
  for (int i = 0; i < degree; ++i) {
    const double x = random::SampleGamma(rng, 1.0);
    row[static_cast<size_t>(order[static_cast<size_t>(i)])] = x;
    total += x;
  }
  for (double& p : row) p /= total;
}

inline core::ParamSpec InstanceSeedParam() {
  return core::IntegerParam("instance_seed", 1, 0, 9e15,
                            "seed of the instance draw (the same LMDP for every replicate)");
}

// M, S, A, H, Γ, context_rewards and instance_seed of the random families (E-E1, E-E2), in that
// order; `extra` goes after Γ.
inline std::vector<core::ParamSpec> RandomFamilyParams(int64_t default_steps,
                                                       std::vector<core::ParamSpec> extra) {
  std::vector<core::ParamSpec> params = {
      core::IntegerParam("num_contexts", 2, 1, 5, "M, number of latent contexts"),
      core::IntegerParam("num_states", 4, 1, 12, "S"),
      core::IntegerParam("num_actions", 2, 1, 5, "A"),
      core::IntegerParam("steps", default_steps, 1, 128, "H, steps per episode"),
      core::IntegerParam("degree", 2, 1, 12, "Gamma, the support size of each random row (<= S)")};
  for (auto& param : extra) params.push_back(std::move(param));
  params.push_back(
      core::BoolParam("context_rewards", false,
                      "false: R(s,a) shared by the contexts, which differ only in their "
                      "dynamics; true: R_m drawn per context (rewards then reveal m)"));
  params.push_back(InstanceSeedParam());
  return params;
}

// The reward of (m, s, a) in the random families: U[0,1]/H, drawn for context 0 and copied to the
// others unless context_rewards.
inline double RandomReward(random::Rng& rng, const LatentMdp& model, bool context_rewards, int m,
                           int s, int a) {
  return context_rewards || m == 0 ? rng.Uniform01() / model.horizon : model.R(0, s, a);
}

// The environment validate hook: builds the environment and reports its ConfigError, so that a
// malformed model is rejected when the spec is read.
template <class E>
std::string ValidateByBuilding(const core::Params& params) {
  try {
    E environment(params);
  } catch (const core::ConfigError& error) {
    return error.bare_message();
  }
  return "";
}

}  // namespace regretlab::environments::lmdp
