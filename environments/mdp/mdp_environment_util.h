// Pieces shared by the episodic MDP environments (environments/mdp): Dirichlet rows, the doubling
// schedule of the adversarial "doubling switch", and Bernoulli loss draws addressed by
// (episode, entry) so that the loss sequence is oblivious (a pure function of the key).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/param_builders.h"
#include "sim/core/params.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::mdp {

// The parameters every MDP environment here shares: the shape (steps, num_states, num_actions),
// the Dirichlet concentration of the transitions, the loss schedule (doubling_switch or
// iid_corrupted, with its corruption count) and whether replicates share one instance.
inline std::vector<core::ParamSpec> CommonMdpParams() {
  return {
      core::IntegerParam("steps", 5, 1, 1000, "H, the number of steps per episode"),
      core::IntegerParam("num_states", 3, 1, 1000, "S, states per layer"),
      core::IntegerParam("num_actions", 4, 2, 1000, "A, actions"),
      core::RealParam("concentration", 0.3, 0, core::kUnbounded, true,
                      "Dirichlet parameter of the (latent) next-state laws"),
      core::ChoiceParam("losses", "doubling_switch", {"doubling_switch", "iid_corrupted"},
                        "loss sequence"),
      core::IntegerParam("corruption", 0, 0, 9e18, "corrupted episodes (iid_corrupted)"),
      core::BoolParam(
          "same_instance", true,
          "draw the model and losses' means once (replicate 0's key) for every replicate"),
  };
}

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

// The doubling switch (docs/theory/log_barrier.md §3.6 E-B6): episode k (1-based) belongs to epoch
// j = ⌊log2 k⌋, and epochs alternate between table 0 (even j) and table 1 (odd j).
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

// Base of the MDP environments here: reads CommonMdpParams, keys the per-replicate instance,
// and draws the scheduled losses' parameters from two tables.
class LayeredMdpEnvironment : public protocol::EpisodicMdpEnvironment {
 public:
  explicit LayeredMdpEnvironment(const core::Params& params)
      : concentration_(params.Real("concentration")),
        iid_(params.String("losses") == "iid_corrupted"),
        corruption_(params.Integer("corruption")),
        same_instance_(params.Bool("same_instance")) {
    model_.horizon = params.Integer("steps");
    model_.num_states = params.Integer("num_states");
    model_.num_actions = params.Integer("num_actions");
  }

  const protocol::LayeredMdp& Model() const override { return model_; }

  registry::OracleInfo Oracle() const override {
    registry::OracleInfo oracle = EpisodicMdpEnvironment::Oracle();
    oracle.scalars["corruption"] = iid_ ? static_cast<double>(corruption_) : 0.0;
    return oracle;
  }

 protected:
  // Remembers the replicate key and returns the generator of the instance (the model and the
  // tables): replicate 0's when same_instance, else this replicate's.
  random::Rng InstanceRng(const random::StreamKey& key) {
    key_ = key;
    random::StreamKey instance_key = key;
    if (same_instance_) instance_key.replicate = 0;
    instance_key.substream = 0;
    return random::Rng(instance_key);
  }

  // The values of episode k from `tables` (table 0 then table 1, each out.size() entries):
  // doubling_switch copies table DoublingSwitchTable(k); iid_corrupted draws Bernoulli entries
  // with table 0's means (table 1's in the first `corruption` episodes), from substream 2.
  void ScheduledDraw(int64_t episode, std::span<const double> tables, std::span<double> out) const {
    const size_t size = out.size();
    if (!iid_) {
      const auto table = tables.subspan(DoublingSwitchTable(episode) == 0 ? 0 : size, size);
      std::copy(table.begin(), table.end(), out.begin());
      return;
    }
    random::StreamKey draw_key = key_;
    draw_key.substream = 2;
    BernoulliEntries(draw_key, episode, tables.subspan(episode <= corruption_ ? size : 0, size),
                     out);
  }

  protocol::LayeredMdp model_;
  double concentration_;

 private:
  bool iid_;
  int64_t corruption_;
  bool same_instance_;
  random::StreamKey key_;
};

}  // namespace regretlab::environments::mdp
