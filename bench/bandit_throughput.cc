// Throughput of the engine against a minimal hand-written loop (docs/benchmarks.md).
//
// For UCB1, Beta-Bernoulli Thompson sampling and EXP3 on a 10-armed Bernoulli bandit, this
// measures replicate-steps per second of
//   hand    a tight loop written for that one algorithm: flat arrays, no virtual calls, the same
//           reward stacks and learner stream as the engine, recording only the pseudo-regret;
//   engine  the full engine (registry, plan, TBB over work units, the compiled round loop) with
//           everything a result file records: pseudo, realized and (EXP3) expected regret, best
//           arm pulls, wall time at 60 checkpoints, and the bounds.
// Both run the same replicates with the same random numbers; the final pseudo-regret of replicate
// 0 is printed for each so the comparison can be checked.
//
//   regretlab_bench [--algorithm ucb1|thompson_sampling|exp3|all] [--horizon T] [--replicates R]
//                   [--threads N] [--mode both|hand|engine] [--metrics '"pseudo_regret", ...']
//                   [--hand-realized 1]
// --metrics restricts what the engine records, to price each metric (default: all of them);
// --hand-realized 1 makes the hand loops compute realized (and, for EXP3, expected) regret too,
// at the same checkpoints, so the full metric set is compared like for like.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "sim/core/hash.h"
#include "sim/engine/engine.h"
#include "sim/plan/plan.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"

using namespace regretlab;

namespace {

const std::vector<double> kMeans = {0.1,    0.1889, 0.2778, 0.3667, 0.4556,
                                    0.5444, 0.6333, 0.7222, 0.8111, 0.9};
constexpr uint64_t kSeed = 20261126;

std::string SpecText(const std::string& algorithm, int64_t horizon, int64_t replicates,
                     const std::string& metrics) {
  std::string means;
  for (double m : kMeans) means += (means.empty() ? "" : ", ") + std::to_string(m);
  return "name = \"bench\"\nseed = " + std::to_string(kSeed) +
         "\nhorizon = " + std::to_string(horizon) + "\nreplicates = " + std::to_string(replicates) +
         "\ncheckpoints = { kind = \"geometric\", count = 60 }\n" +
         (metrics.empty() ? std::string() : "metrics = [" + metrics + "]\n") +
         "[[environments]]\nname = \"bernoulli\"\nmeans = [" + means +
         "]\n"
         "[[algorithms]]\nname = \"" +
         algorithm + "\"\n";
}

// The reward stacks and learner stream of replicate r, keyed exactly as the engine keys them.
// With `realized`, the hand loops also compute the realized regret the way any implementation in
// the reward-stack model must: every arm's stack read up to t by a second cursor (K draws a
// round), so the engine's full metric set can be compared with a hand loop that pays the same.
struct Streams {
  std::vector<random::Rng> arms;
  std::vector<random::Rng> hindsight;
  random::Rng learner;
  Streams(uint64_t environment_id, int64_t replicate) {
    random::StreamKey key{kSeed, environment_id, static_cast<uint64_t>(replicate),
                          random::Role::kEnvironment, 0};
    for (size_t a = 0; a < kMeans.size(); ++a) {
      key.substream = static_cast<uint32_t>(a + 1);
      arms.emplace_back(key);
    }
    hindsight = arms;
    key.role = random::Role::kLearner;
    key.substream = 0;
    learner.Seed(key);
  }
  double Pull(size_t arm) {
    return static_cast<double>(random::SampleBernoulli(arms[arm], kMeans[arm]));
  }
  // Best arm's stack total minus the collected rewards, after reading the stacks up to t.
  double RealizedRegret(int64_t from, int64_t to, std::vector<double>& totals, double collected) {
    for (size_t a = 0; a < arms.size(); ++a) {
      random::Rng stream = hindsight[a];
      double sum = 0;
      for (int64_t n = from; n < to; ++n) {
        sum += static_cast<double>(random::SampleBernoulli(stream, kMeans[a]));
      }
      hindsight[a] = stream;
      totals[a] += sum;
    }
    return *std::max_element(totals.begin(), totals.end()) - collected;
  }
};

// Hand loops take K at run time, like the engine and like a researcher's own loop would.
struct HandOptions {
  bool realized = false;
  std::vector<int64_t> checkpoints;  // where realized regret is evaluated
};

// Reads realized regret at the checkpoints, as the engine does; returns the last value.
struct RealizedTracker {
  const HandOptions& options;
  std::vector<double> totals;
  size_t next = 0;
  int64_t previous = 0;
  double collected = 0, last = 0;
  RealizedTracker(const HandOptions& hand_options, size_t num_arms)
      : options(hand_options), totals(num_arms, 0.0) {}
  void Round(Streams& streams, int64_t t, double reward) {
    collected += reward;
    if (next < options.checkpoints.size() && t == options.checkpoints[next]) {
      last = streams.RealizedRegret(previous, t, totals, collected);
      previous = t;
      ++next;
    }
  }
};

double HandUcb1(uint64_t environment_id, int64_t replicate, int64_t horizon,
                const HandOptions& options) {
  Streams streams(environment_id, replicate);
  const size_t num_arms = kMeans.size();
  std::vector<double> means(num_arms, 0.0), inverse_counts(num_arms, 0.0), gaps(num_arms);
  std::vector<int64_t> counts(num_arms, 0);
  for (size_t a = 0; a < num_arms; ++a) gaps[a] = 0.9 - kMeans[a];
  RealizedTracker realized(options, num_arms);
  double regret = 0;
  for (int64_t t = 1; t <= horizon; ++t) {
    size_t arm = 0;
    if (t <= static_cast<int64_t>(num_arms)) {
      arm = static_cast<size_t>(t - 1);
    } else {
      const double scaled_log = 2.0 * std::log(static_cast<double>(t - 1));
      double best = -1;
      for (size_t a = 0; a < num_arms; ++a) {
        const double index = means[a] + std::sqrt(scaled_log * inverse_counts[a]);
        if (index > best) {
          best = index;
          arm = a;
        }
      }
    }
    const double reward = streams.Pull(arm);
    const double n = static_cast<double>(++counts[arm]);
    inverse_counts[arm] = 1.0 / n;
    means[arm] += (reward - means[arm]) / n;
    regret += gaps[arm];
    if (options.realized) realized.Round(streams, t, reward);
  }
  return regret;
}

double HandThompson(uint64_t environment_id, int64_t replicate, int64_t horizon,
                    const HandOptions& options) {
  Streams streams(environment_id, replicate);
  const size_t num_arms = kMeans.size();
  std::vector<double> alpha(num_arms, 1.0), beta(num_arms, 1.0), gaps(num_arms);
  for (size_t a = 0; a < num_arms; ++a) gaps[a] = 0.9 - kMeans[a];
  RealizedTracker realized(options, num_arms);
  double regret = 0;
  for (int64_t t = 1; t <= horizon; ++t) {
    size_t arm = 0;
    double best = -1;
    for (size_t a = 0; a < num_arms; ++a) {
      const double sample = random::SampleBeta(streams.learner, alpha[a], beta[a]);
      if (sample > best) {
        best = sample;
        arm = a;
      }
    }
    const double reward = streams.Pull(arm);
    alpha[arm] += reward;
    beta[arm] += 1.0 - reward;
    regret += gaps[arm];
    if (options.realized) realized.Round(streams, t, reward);
  }
  return regret;
}

double HandExp3(uint64_t environment_id, int64_t replicate, int64_t horizon,
                const HandOptions& options) {
  Streams streams(environment_id, replicate);
  const size_t num_arms = kMeans.size();
  const double eta = std::sqrt(2.0 * std::log(static_cast<double>(num_arms)) /
                               (static_cast<double>(num_arms) * static_cast<double>(horizon)));
  std::vector<double> estimates(num_arms, 0.0), p(num_arms), gaps(num_arms);
  for (size_t a = 0; a < num_arms; ++a) gaps[a] = 0.9 - kMeans[a];
  RealizedTracker realized(options, num_arms);
  double regret = 0, expected = 0;
  for (int64_t t = 1; t <= horizon; ++t) {
    const double smallest = *std::min_element(estimates.begin(), estimates.end());
    double total = 0;
    for (size_t a = 0; a < num_arms; ++a) {
      p[a] = std::exp(-eta * (estimates[a] - smallest));
      total += p[a];
    }
    for (size_t a = 0; a < num_arms; ++a) p[a] /= total;
    const size_t arm = random::SampleCategorical(streams.learner, std::span<const double>(p));
    const double reward = streams.Pull(arm);
    estimates[arm] += (1.0 - reward) / p[arm];
    regret += gaps[arm];
    if (options.realized) {
      for (size_t a = 0; a < num_arms; ++a) expected += p[a] * gaps[a];
      realized.Round(streams, t, reward);
    }
  }
  return regret + 0 * expected;
}

struct Measurement {
  double seconds = 0;
  double first_replicate_regret = 0;
};

Measurement RunHand(const std::string& algorithm, uint64_t environment_id, int64_t horizon,
                    int64_t replicates, int threads, const HandOptions& options) {
  std::vector<double> regret(static_cast<size_t>(replicates));
  const auto start = std::chrono::steady_clock::now();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(int64_t{0}, replicates, [&](int64_t r) {
      if (algorithm == "ucb1") {
        regret[r] = HandUcb1(environment_id, r, horizon, options);
      } else if (algorithm == "thompson_sampling") {
        regret[r] = HandThompson(environment_id, r, horizon, options);
      } else {
        regret[r] = HandExp3(environment_id, r, horizon, options);
      }
    });
  });
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
          regret[0]};
}

Measurement RunEngine(const plan::Plan& plan, int threads) {
  engine::EngineOptions options;
  options.threads = threads;
  for (size_t u = 0; u < plan.units.size(); ++u) options.unit_indices.push_back(u);
  double first = 0;
  options.on_unit_done = [&](engine::UnitResult&& result) {
    if (result.first_replicate == 0) {
      const int index = result.MetricIndex("pseudo_regret");
      first = result.metrics[index][result.num_checkpoints - 1];
    }
    if (!result.error.empty()) std::fprintf(stderr, "unit failed: %s\n", result.error.c_str());
  };
  const auto start = std::chrono::steady_clock::now();
  engine::RunUnits(plan, options);
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), first};
}

}  // namespace

int main(int argc, char** argv) {
  std::string algorithm = "all", mode = "both", metrics;
  bool hand_realized = false;
  int64_t horizon = 100000, replicates = 100;
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--algorithm")
      algorithm = value;
    else if (flag == "--horizon")
      horizon = std::stoll(value);
    else if (flag == "--replicates")
      replicates = std::stoll(value);
    else if (flag == "--threads")
      threads = std::stoi(value);
    else if (flag == "--mode")
      mode = value;
    else if (flag == "--metrics")
      metrics = value;
    else if (flag == "--hand-realized")
      hand_realized = value == "1";
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::vector<std::string> algorithms = {algorithm};
  if (algorithm == "all") algorithms = {"ucb1", "thompson_sampling", "exp3"};
  std::printf("%-18s %9s %6s %3s %14s %14s %7s %12s %12s\n", "algorithm", "T", "R", "thr",
              "hand steps/s", "engine st/s", "ratio", "hand R_T[0]", "engine R_T[0]");
  for (const std::string& name : algorithms) {
    const plan::Plan plan =
        plan::ParsePlan(SpecText(name, horizon, replicates, metrics), "bench.toml");
    const uint64_t environment_id = plan.cells[0].environment_id;
    const double steps = static_cast<double>(horizon) * static_cast<double>(replicates);
    Measurement hand, engine_run;
    HandOptions hand_options;
    hand_options.realized = hand_realized;
    hand_options.checkpoints = plan.cells[0].checkpoints.rounds;
    if (mode != "engine") {
      hand = RunHand(name, environment_id, horizon, replicates, threads, hand_options);
    }
    if (mode != "hand") engine_run = RunEngine(plan, threads);
    const double hand_rate = hand.seconds > 0 ? steps / hand.seconds : 0;
    const double engine_rate = engine_run.seconds > 0 ? steps / engine_run.seconds : 0;
    std::printf("%-18s %9lld %6lld %3d %14.4g %14.4g %7.3f %12.6g %12.6g\n", name.c_str(),
                static_cast<long long>(horizon), static_cast<long long>(replicates), threads,
                hand_rate, engine_rate, hand_rate > 0 ? engine_rate / hand_rate : 0.0,
                hand.first_replicate_regret, engine_run.first_replicate_regret);
    std::fflush(stdout);
  }
  return 0;
}
