// Affine map of the rewards announced in BanditInfo, [reward_min, reward_max], onto [0, 1].
//
// UCB1, KL-UCB, MOSS, EXP3 and Beta–Bernoulli Thompson sampling are stated for rewards in [0, 1];
// they see (r − reward_min) / (reward_max − reward_min). The map is a division rather than a
// multiplication by a precomputed inverse so that reward_min maps to exactly 0 and reward_max to
// exactly 1 (x / x = 1 in IEEE arithmetic), which Thompson sampling relies on to recognise binary
// rewards. Regret bounds stated for [0, 1] then hold in the original units whenever the range is
// inside [0, 1]: the normalised problem has gaps Δ/w with w = reward_max − reward_min ≤ 1, and the
// regret in the original units is w times the normalised one.
#pragma once

#include <cmath>
#include <string>

#include "sim/core/error.h"
#include "sim/protocol/bandit.h"

namespace regretlab::algorithms::bandit {

class RewardScale {
 public:
  // Throws ConfigError (naming `algorithm`) when the announced range is not a finite interval of
  // positive width: such an environment cannot be paired with a [0, 1] algorithm.
  void Reset(const protocol::BanditInfo& info, const char* algorithm) {
    if (!(std::isfinite(info.reward_min) && std::isfinite(info.reward_max) &&
          info.reward_max > info.reward_min)) {
      throw core::ConfigError(std::string(algorithm) +
                              " needs a finite reward range [reward_min, reward_max] with "
                              "reward_min < reward_max; the environment announces [" +
                              std::to_string(info.reward_min) + ", " +
                              std::to_string(info.reward_max) + "]");
    }
    min_ = info.reward_min;
    width_ = info.reward_max - info.reward_min;
  }

  // (reward − reward_min) / (reward_max − reward_min): in [0, 1] for rewards inside the announced
  // range. Rewards outside it are mapped by the same affine map and land outside [0, 1]; that is
  // not an error, because some environments announce a nominal range only (the Gaussian bandit
  // announces [0, 1] for unbounded rewards). Each algorithm copes (Thompson sampling clamps its
  // Bernoulli trial, the KL index clamps its mean); the [0, 1] guarantees then do not apply, and
  // the bounds' `applies` checks the true range in the oracle.
  double Normalise(double reward) const { return (reward - min_) / width_; }

 private:
  double min_ = 0.0;
  double width_ = 1.0;
};

}  // namespace regretlab::algorithms::bandit
