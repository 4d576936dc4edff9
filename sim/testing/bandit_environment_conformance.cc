#include "sim/testing/bandit_environment_conformance.h"

#include <cmath>
#include <exception>
#include <string>
#include <vector>

namespace regretlab::testing {
namespace {

// rewards[a][n]: arm a's n-th reward, with the arms pulled in turn (round robin) or each arm's
// pulls in one block.
using Rewards = std::vector<std::vector<double>>;

Rewards Pull(protocol::BanditEnvironment& environment, const random::StreamKey& key, int64_t pulls,
             bool round_robin) {
  environment.SetHorizon(pulls * 64);
  environment.Reset(key);
  const int64_t arms = environment.Info().num_arms;
  Rewards rewards(static_cast<size_t>(arms));
  int64_t round = 0;
  if (round_robin) {
    for (int64_t n = 0; n < pulls; ++n) {
      for (int64_t arm = 0; arm < arms; ++arm) {
        rewards[static_cast<size_t>(arm)].push_back(environment.Pull(arm, ++round));
      }
    }
  } else {
    for (int64_t arm = 0; arm < arms; ++arm) {
      for (int64_t n = 0; n < pulls; ++n) {
        rewards[static_cast<size_t>(arm)].push_back(environment.Pull(arm, ++round));
      }
    }
  }
  return rewards;
}

bool AllEqualConstant(const Rewards& a, const Rewards& b) {
  const double first = a.empty() || a[0].empty() ? 0.0 : a[0][0];
  for (const Rewards* rewards : {&a, &b}) {
    for (const auto& arm : *rewards) {
      for (const double value : arm) {
        if (value != first) return false;
      }
    }
  }
  return true;
}

}  // namespace

ConformanceReport CheckBanditEnvironment(const BanditEnvironmentFactory& make_environment,
                                         int64_t pulls, uint64_t seed,
                                         const BanditEnvironmentFactory& make_reference) {
  ConformanceReport report;
  std::unique_ptr<protocol::BanditEnvironment> first, second;
  try {
    first = make_environment();
    second = make_environment();
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("constructs: ") + error.what());
    return report;
  }
  report.passed.push_back("constructs");
  const random::StreamKey key{seed, 0xe57, 0, random::Role::kEnvironment, 0};
  random::StreamKey other_key = key;
  other_key.replicate = 1;
  Rewards rewards, twin, other, blocks;
  try {
    rewards = Pull(*first, key, pulls, true);
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("rewards_in_range: ") + error.what());
    return report;
  }
  // The true reward range is the oracle's when it says (an environment may announce a nominal
  // range to the learner, e.g. the Gaussian one's [0, 1]), else the announced one.
  const protocol::BanditInfo info = first->Info();
  const registry::OracleInfo oracle = first->Oracle();
  const auto scalar = [&](const char* name, double otherwise) {
    const auto found = oracle.scalars.find(name);
    return found == oracle.scalars.end() ? otherwise : found->second;
  };
  const double reward_min = scalar("reward_min", info.reward_min);
  const double reward_max = scalar("reward_max", info.reward_max);
  std::string range_problem;
  for (size_t arm = 0; arm < rewards.size() && range_problem.empty(); ++arm) {
    for (const double value : rewards[arm]) {
      if (!(std::isfinite(value) && value >= reward_min && value <= reward_max)) {
        range_problem = "arm " + std::to_string(arm) + " paid " + std::to_string(value) +
                        ", outside [" + std::to_string(reward_min) + ", " +
                        std::to_string(reward_max) + "]";
        break;
      }
    }
  }
  if (!range_problem.empty()) {
    report.failures.push_back("rewards_in_range: " + range_problem);
  } else {
    report.passed.push_back("rewards_in_range");
  }
  try {
    twin = Pull(*second, key, pulls, true);
    other = Pull(*second, other_key, pulls, true);
    blocks = Pull(*second, key, pulls, false);
  } catch (const std::exception& error) {
    report.failures.push_back(std::string("deterministic: ") + error.what());
    return report;
  }
  if (twin == rewards) {
    report.passed.push_back("deterministic");
  } else {
    report.failures.push_back("deterministic: two fresh objects on the same key paid differently");
  }
  if (other != rewards || AllEqualConstant(rewards, other)) {
    report.passed.push_back("keyed");
  } else {
    report.failures.push_back("keyed: replicates 0 and 1 paid the same rewards");
  }

  const auto stochastic = oracle.scalars.find("stochastic");
  const auto means = oracle.vectors.find("means");
  if (stochastic != oracle.scalars.end() && stochastic->second == 1 && first->Stationary() &&
      means != oracle.vectors.end() && means->second.size() == rewards.size()) {
    if (blocks == rewards) {
      report.passed.push_back("reward_stacks");
    } else {
      report.failures.push_back(
          "reward_stacks: an arm's rewards depend on the order in which the arms are pulled");
    }
    // Sub-Gaussian parameter: the oracle's when given, else (b − a)/2 for rewards in [a, b].
    const double subgaussian = scalar("subgaussian_sigma", (reward_max - reward_min) / 2);
    const double margin = 5 * subgaussian / std::sqrt(static_cast<double>(pulls));
    std::string mean_problem;
    for (size_t arm = 0; arm < rewards.size(); ++arm) {
      double sum = 0;
      for (const double value : rewards[arm]) sum += value;
      const double sample = sum / static_cast<double>(pulls);
      if (!(std::abs(sample - means->second[arm]) <= margin)) {
        mean_problem = "arm " + std::to_string(arm) + ": sample mean " + std::to_string(sample) +
                       " over " + std::to_string(pulls) + " pulls, declared " +
                       std::to_string(means->second[arm]) + " (margin " + std::to_string(margin) +
                       ")";
        break;
      }
    }
    if (mean_problem.empty()) {
      report.passed.push_back("means_match");
    } else {
      report.failures.push_back("means_match: " + mean_problem);
    }
  }

  if (make_reference) {
    try {
      auto reference = make_reference();
      if (Pull(*reference, key, pulls, true) == rewards &&
          Pull(*reference, other_key, pulls, true) == other) {
        report.passed.push_back("matches_reference");
      } else {
        report.failures.push_back(
            "matches_reference: the rewards differ from the reference's on the same keys");
      }
    } catch (const std::exception& error) {
      report.failures.push_back(std::string("matches_reference: ") + error.what());
    }
  }
  return report;
}

}  // namespace regretlab::testing
