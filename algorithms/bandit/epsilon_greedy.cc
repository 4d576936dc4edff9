// ε_t-greedy: play the empirically best arm, except with a decaying probability ε_t of playing an
// arm chosen uniformly at random.
//
// Reference: P. Auer, N. Cesa-Bianchi, P. Fischer (2002). Finite-time analysis of the multiarmed
//   bandit problem. Machine Learning 47(2–3):235–256. Figure 3 (policy ε_n-GREEDY) and Theorem 3.
//
// Policy: in round t = 1, 2, ... let ε_t = min(1, c K / (d² t)). The greedy arms are those with the
// largest mean reward so far; an arm never played counts as +∞, so every arm is greedy-eligible
// before it has a mean. Select draws from
//   p_t(a) = ε_t / K + (1 − ε_t) 1[a greedy] / #greedy,
// i.e. exploration uniformly with probability ε_t and otherwise a greedy arm, ties sharing the
// greedy mass equally, and exposes p_t (the expected regret of the run is then recorded). The
// draw is one categorical sample from p_t (samplers.h).
//
// Guarantee (Theorem 3): if 0 < d ≤ min_{Δ_i > 0} Δ_i, rewards in [0, 1], then for t large enough
// (t of order cK/d) the probability of playing a suboptimal arm in round t is at most c/(d² t)
// plus terms that are o(1/t) when c > 5, so the regret grows as O((c K / d²) ln t). No bound is
// registered: the lower-order terms of Theorem 3 are not reproduced here.
//
// Protocol: bandit. The policy is invariant under increasing affine maps of the rewards, so the
// rewards are used in their own units and any reward range is accepted.
//
// Parameters:
//   name   default  range     meaning
//   c      5.0      > 0       exploration constant c in ε_t = min(1, c K / (d² t))
//   d      0.1      (0, 1]    assumed lower bound d on the smallest positive gap
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

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

class EpsilonGreedy {
 public:
  explicit EpsilonGreedy(const core::Params& params)
      : exploration_constant_(params.Real("c")), gap_lower_bound_(params.Real("d")) {}

  void Reset(const protocol::BanditInfo& info) {
    REGRETLAB_CHECK(info.num_arms >= 1, "epsilon_greedy needs at least one arm");
    num_arms_ = info.num_arms;
    const size_t size = static_cast<size_t>(num_arms_);
    means_.assign(size, 0.0);
    counts_.assign(size, 0);
    probabilities_.assign(size, 1.0 / static_cast<double>(num_arms_));
    plays_ = 0;
    // ε_t = min(1, epsilon_scale_ / t).
    epsilon_scale_ = exploration_constant_ * static_cast<double>(num_arms_) /
                     (gap_lower_bound_ * gap_lower_bound_);
  }

  int64_t Select(random::Rng& rng) {
    const double round = static_cast<double>(plays_ + 1);
    const double epsilon = std::min(1.0, epsilon_scale_ / round);
    double best_mean = -std::numeric_limits<double>::infinity();
    int64_t num_greedy = 0;
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      const double value = ValueOf(arm);
      if (value > best_mean) {
        best_mean = value;
        num_greedy = 1;
      } else if (value == best_mean) {
        ++num_greedy;
      }
    }
    const double uniform_mass = epsilon / static_cast<double>(num_arms_);
    const double greedy_mass = uniform_mass + (1.0 - epsilon) / static_cast<double>(num_greedy);
    for (int64_t arm = 0; arm < num_arms_; ++arm) {
      probabilities_[arm] = ValueOf(arm) == best_mean ? greedy_mass : uniform_mass;
    }
    return static_cast<int64_t>(random::SampleCategorical(rng, probabilities_));
  }

  void Observe(int64_t arm, double reward) {
    REGRETLAB_DCHECK(arm >= 0 && arm < num_arms_, "arm ", arm);
    const int64_t count = ++counts_[arm];
    means_[arm] += (reward - means_[arm]) / static_cast<double>(count);
    ++plays_;
  }

  std::span<const double> Distribution() const { return probabilities_; }

 private:
  // The mean reward of an arm, +∞ before its first play.
  double ValueOf(int64_t arm) const {
    return counts_[arm] > 0 ? means_[arm] : std::numeric_limits<double>::infinity();
  }

  double exploration_constant_;  // c
  double gap_lower_bound_;       // d
  int64_t num_arms_ = 0;
  double epsilon_scale_ = 0.0;  // c K / d²
  std::vector<double> means_;
  std::vector<int64_t> counts_;
  std::vector<double> probabilities_;  // p_t of the last Select
  int64_t plays_ = 0;
};

registry::ComponentSpec EpsilonGreedySpec() {
  return registry::MakeComponentSpec(
      "epsilon_greedy",
      "epsilon_t-greedy: uniform exploration with probability min(1, cK/(d^2 t)), else the "
      "empirically best arm",
      "P. Auer, N. Cesa-Bianchi, P. Fischer (2002). Finite-time analysis of the multiarmed "
      "bandit problem. Machine Learning 47:235-256, Figure 3 (epsilon_n-GREEDY) and Theorem 3",
      "if 0 < d <= min positive gap and c > 5, rewards in [0,1]: P(suboptimal arm at round t) <= "
      "c/(d^2 t) + o(1/t) for large t, hence logarithmic regret",
      {core::RealParam("c", 5.0, 0.0, core::kUnbounded, true,
                       "exploration constant c in epsilon_t = min(1, c K / (d^2 t))"),
       core::RealParam("d", 0.1, 0.0, 1.0, true,
                       "assumed lower bound on the smallest positive gap, d in epsilon_t = min(1, "
                       "cK/(d^2 t))")});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::BanditProtocol, EpsilonGreedy, EpsilonGreedySpec());

}  // namespace
}  // namespace regretlab::algorithms::bandit
