// Time per round of the neural contextual learners (docs/benchmarks.md, issue 6 item 8).
//
// Setting: width 100, depth 2, d = 64, K = 10 contexts per round (one per arm), losses in [0, 1].
// A pool of 1000 rounds of contexts (uniform on the sphere) and losses is drawn first; each learner
// then plays `rounds` rounds cycling through the pool (Select, then Observe of the arm drawn), so
// the time is the learner's alone: forward passes for K arms, the exploration distribution, the
// draw, and one gradient step (plus, for NeuralUCB/NeuralTS, K gradient evaluations and the
// diagonal Z update). bench/neural_cb_torch.py runs the same network and update in PyTorch.
//
//   regretlab_neural_cb_bench [--rounds N] [--algorithm NAME|all]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/params.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/random/rng.h"
#include "sim/random/samplers.h"
#include "sim/registry/registry.h"

using namespace regretlab;

int main(int argc, char** argv) {
  int64_t rounds = 20000;
  std::string only = "all";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--algorithm")) only = argv[i + 1];
  }
  registry::CheckRegistry();
  const int64_t d = 64, k = 10, pool = 1000;
  random::Rng rng(random::StreamKey{1, 2, 3, random::Role::kEnvironment, 0});
  std::vector<double> contexts(static_cast<size_t>(pool * k * d)),
      losses(static_cast<size_t>(pool * k));
  for (int64_t i = 0; i < pool * k; ++i) {
    random::SampleUnitSphere(rng,
                             std::span<double>(contexts.data() + i * d, static_cast<size_t>(d)));
    losses[static_cast<size_t>(i)] = rng.Uniform01();
  }
  const protocol::ContextualInfo info{k, d, false, rounds};
  // Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure.
  std::printf("%-24s %12s %14s %14s\n", "algorithm", "rounds", "us_per_round", "cpu_us_round");
  for (const std::string name :
       {"neu_square_cb", "neu_fast_cb", "neural_ucb", "neural_ts", "neural_epsilon_greedy"}) {
    if (only != "all" && only != name) continue;
    const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
    std::map<std::string, core::RawParam> raw;
    raw["width"] = core::RawParam{int64_t{100}, {}};
    raw["depth"] = core::RawParam{int64_t{2}, {}};
    auto object = registry::Instantiate(*spec, core::ValidateParams(spec->params, raw, name, {}));
    auto* learner = dynamic_cast<protocol::ContextualLearner*>(object.get());
    random::Rng init_rng(random::StreamKey{1, 2, 3, random::Role::kInit, 0});
    random::Rng learner_rng(random::StreamKey{1, 2, 3, random::Role::kLearner, 0});
    learner->Reset(info, init_rng);
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    int64_t checksum = 0;
    for (int64_t t = 0; t < rounds; ++t) {
      const int64_t row = t % pool;
      const protocol::ContextBatch batch{
          std::span<const double>(contexts.data() + row * k * d, static_cast<size_t>(k * d)), k, d,
          false};
      const int64_t arm = learner->Select(batch, learner_rng);
      checksum += arm;
      learner->Observe(arm, losses[static_cast<size_t>(row * k + arm)]);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("%-24s %12lld %14.2f %14.2f   (checksum %lld)\n", name.c_str(),
                static_cast<long long>(rounds), 1e6 * seconds / static_cast<double>(rounds),
                1e6 * cpu / static_cast<double>(rounds), static_cast<long long>(checksum));
  }
  return 0;
}
