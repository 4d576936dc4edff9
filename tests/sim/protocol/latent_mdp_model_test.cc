// The LMDP core (sim/models/latent_mdp_model.h): posterior against brute-force Bayes, the exact
// planners against brute force over deterministic history-dependent policies, exact evaluation
// against Monte-Carlo rollouts, the alpha-vector planner, the inner maximisation against a
// brute-force linear program.
#include "sim/models/latent_mdp_model.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include "sim/random/rng.h"
#include "sim/random/samplers.h"

namespace regretlab::models::lmdp {
namespace {

random::Rng TestRng(uint64_t seed) { return random::Rng({seed, 77, 0, random::Role::kInit, 0}); }

// A random LMDP whose rewards differ between contexts (so rewards carry evidence) and whose
// rows have full support; rewards scaled by 1/H.
LatentMdp RandomModel(uint64_t seed, int contexts = 2, int states = 2, int actions = 2,
                      int horizon = 3, bool sparse = false) {
  random::Rng rng = TestRng(seed);
  LatentMdp model;
  model.Allocate(contexts, states, actions, horizon);
  double total = 0;
  for (int m = 0; m < contexts; ++m) {
    model.weights[static_cast<size_t>(m)] = 0.2 + rng.Uniform01();
    total += model.weights[static_cast<size_t>(m)];
  }
  for (double& w : model.weights) w /= total;
  auto fill = [&](double* row, int n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      row[i] = (sparse && rng.Uniform01() < 0.4) ? 0.0 : 0.05 + rng.Uniform01();
      sum += row[i];
    }
    if (sum == 0) {
      row[0] = 1;
      sum = 1;
    }
    for (int i = 0; i < n; ++i) row[i] /= sum;
  };
  for (int m = 0; m < contexts; ++m) {
    fill(model.initial.data() + static_cast<size_t>(m * states), states);
    for (int s = 0; s < states; ++s) {
      for (int a = 0; a < actions; ++a) {
        fill(model.transition.data() + model.SaIndex(m, s, a) * states, states);
        // Rewards on a coarse grid so that two contexts sometimes share a reward value.
        model.reward[model.SaIndex(m, s, a)] = std::floor(rng.Uniform01() * 3) / 2.0 / horizon;
      }
    }
  }
  REQUIRE(model.Problem().empty());
  return model;
}

// The distinct rewards (s, a) can produce across contexts.
std::vector<double> Rewards(const LatentMdp& model, int s, int a) {
  std::vector<double> out;
  for (int m = 0; m < model.num_contexts; ++m) {
    const double r = model.R(m, s, a);
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
  return out;
}

TEST_CASE("LMDP posterior equals brute-force Bayes on every enumerated history",
          "[lmdp][posterior]") {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const LatentMdp model = RandomModel(seed, 3, 2, 2, 3, seed % 2 == 0);
    int checked = 0;
    // Joint probabilities Pr(m, τ) multiplied out from the definition (docs/theory/lmdp.md §6.1),
    // no recursion on the posterior.
    std::function<void(std::vector<int>&, std::vector<int>&, std::vector<double>&,
                       std::vector<double>&)>
        walk = [&](std::vector<int>& states, std::vector<int>& actions,
                   std::vector<double>& rewards, std::vector<double>& sequential) {
          std::vector<double> joint(3);
          double total = 0;
          for (int m = 0; m < 3; ++m) {
            double p = model.weights[static_cast<size_t>(m)] * model.Nu(m, states[0]);
            for (size_t j = 0; j < actions.size(); ++j) {
              p *= model.P(m, states[j], actions[j], states[j + 1]) *
                   (model.R(m, states[j], actions[j]) == rewards[j] ? 1.0 : 0.0);
            }
            joint[static_cast<size_t>(m)] = p;
            total += p;
          }
          if (total <= 0) return;
          double sum = 0;
          for (int m = 0; m < 3; ++m) {
            CHECK(sequential[static_cast<size_t>(m)] >= 0);
            sum += sequential[static_cast<size_t>(m)];
            CHECK(sequential[static_cast<size_t>(m)] ==
                  Approx(joint[static_cast<size_t>(m)] / total).margin(1e-12));
          }
          CHECK(sum == Approx(1.0).margin(1e-12));
          ++checked;
          if (static_cast<int>(actions.size()) == model.horizon) return;
          const int s = states.back();
          for (int a = 0; a < model.num_actions; ++a) {
            for (double r : Rewards(model, s, a)) {
              for (int n = 0; n < model.num_states; ++n) {
                std::vector<double> next = sequential;
                if (!UpdateBelief(model, next, s, a, r, n)) continue;
                states.push_back(n);
                actions.push_back(a);
                rewards.push_back(r);
                walk(states, actions, rewards, next);
                states.pop_back();
                actions.pop_back();
                rewards.pop_back();
              }
            }
          }
        };
    for (int s1 = 0; s1 < model.num_states; ++s1) {
      std::vector<int> states = {s1}, actions;
      std::vector<double> rewards;
      std::vector<double> belief = InitialBelief(model, s1);
      walk(states, actions, rewards, belief);
    }
    CHECK(checked > 50);
  }
}

// Brute force 1 (H = 2): every deterministic history-dependent policy enumerated literally. A
// policy is an action at each decision point: s_1, and (s_1, a_1, r_1, s_2) for every a_1, every
// reward value and every s_2. Its value is multiplied out per context.
double LiteralBruteForceH2(const LatentMdp& model) {
  REQUIRE(model.horizon == 2);
  struct Point {
    int s1, a1;
    double r1;
    int s2;
  };
  std::vector<Point> points;
  for (int s1 = 0; s1 < model.num_states; ++s1) {
    for (int a1 = 0; a1 < model.num_actions; ++a1) {
      for (double r1 : Rewards(model, s1, a1)) {
        for (int s2 = 0; s2 < model.num_states; ++s2) points.push_back({s1, a1, r1, s2});
      }
    }
  }
  const int roots = model.num_states;
  const size_t decisions = static_cast<size_t>(roots) + points.size();
  REQUIRE(model.num_actions == 2);
  REQUIRE(decisions <= 22);
  double best = -1;
  for (uint64_t mask = 0; mask < (uint64_t{1} << decisions); ++mask) {
    auto action = [&](size_t decision) { return static_cast<int>((mask >> decision) & 1); };
    double value = 0;
    for (int m = 0; m < model.num_contexts; ++m) {
      for (int s1 = 0; s1 < model.num_states; ++s1) {
        const double start = model.weights[static_cast<size_t>(m)] * model.Nu(m, s1);
        const int a1 = action(static_cast<size_t>(s1));
        const double r1 = model.R(m, s1, a1);
        double inner = r1;
        for (int s2 = 0; s2 < model.num_states; ++s2) {
          size_t index = 0;
          for (size_t i = 0; i < points.size(); ++i) {
            if (points[i].s1 == s1 && points[i].a1 == a1 && points[i].r1 == r1 &&
                points[i].s2 == s2) {
              index = static_cast<size_t>(roots) + i;
            }
          }
          inner += model.P(m, s1, a1, s2) * model.R(m, s2, action(index));
        }
        value += start * inner;
      }
    }
    best = std::max(best, value);
  }
  return best;
}

// Brute force 2 (any H): backward induction over the tree of whole histories with the joint
// (unnormalised) probabilities u_m(τ) = w_m ν_m(s_1) Π P_m·1[r = R_m]: no posterior, no
// memoisation. A deterministic history-dependent policy chooses independently in disjoint
// subtrees, so the max over all of them is this tree maximum.
double HistoryTreeBruteForce(const LatentMdp& model) {
  std::function<double(int, int, const std::vector<double>&)> best =
      [&](int h, int s, const std::vector<double>& joint) {
        double value = -1;
        for (int a = 0; a < model.num_actions; ++a) {
          double q = 0;
          for (int m = 0; m < model.num_contexts; ++m) {
            q += joint[static_cast<size_t>(m)] * model.R(m, s, a);
          }
          if (h + 1 < model.horizon) {
            for (double r : Rewards(model, s, a)) {
              for (int n = 0; n < model.num_states; ++n) {
                std::vector<double> next(joint.size());
                double total = 0;
                for (int m = 0; m < model.num_contexts; ++m) {
                  next[static_cast<size_t>(m)] = joint[static_cast<size_t>(m)] *
                                                 model.P(m, s, a, n) *
                                                 (model.R(m, s, a) == r ? 1.0 : 0.0);
                  total += next[static_cast<size_t>(m)];
                }
                if (total > 0) q += best(h + 1, n, next);
              }
            }
          }
          value = std::max(value, q);
        }
        return value;
      };
  double value = 0;
  for (int s1 = 0; s1 < model.num_states; ++s1) {
    std::vector<double> joint(static_cast<size_t>(model.num_contexts));
    for (int m = 0; m < model.num_contexts; ++m) {
      joint[static_cast<size_t>(m)] = model.weights[static_cast<size_t>(m)] * model.Nu(m, s1);
    }
    value += best(0, s1, joint);
  }
  return value;
}

TEST_CASE("LMDP exact planners equal brute force over history-dependent policies",
          "[lmdp][planner]") {
  for (uint64_t seed = 10; seed < 16; ++seed) {
    // M = 2, S = 2, A = 2, H = 3 (docs/theory/lmdp.md §6.6).
    const LatentMdp model = RandomModel(seed, 2, 2, 2, 3, seed % 2 == 1);
    const double brute = HistoryTreeBruteForce(model);
    const OptimalValue exact = SolveExact(model);
    CHECK(exact.optimal.value == Approx(brute).margin(1e-12));
    TrueModelView view(model);
    BeliefPlanner planner(view, {});
    CHECK(planner.PlannedValue() == Approx(brute).margin(1e-12));
    CHECK(AlphaVectorValueM2(model) == Approx(brute).margin(1e-12));
    // H = 2 against the literal enumeration of every policy.
    LatentMdp short_model = RandomModel(seed + 100, 2, 2, 2, 2, seed % 2 == 0);
    CHECK(SolveExact(short_model).optimal.value ==
          Approx(LiteralBruteForceH2(short_model)).margin(1e-12));
    CHECK(HistoryTreeBruteForce(short_model) ==
          Approx(LiteralBruteForceH2(short_model)).margin(1e-12));
  }
}

TEST_CASE("LMDP alpha-vector planner equals the exact planner on larger M = 2 instances",
          "[lmdp][planner]") {
  for (uint64_t seed = 30; seed < 36; ++seed) {
    // Sparse rows (seeds 30-32) and full rows with a longer horizon (33-35).
    const LatentMdp model =
        seed < 33 ? RandomModel(seed, 2, 3, 2, 5, true) : RandomModel(seed, 2, 3, 2, 6, false);
    int64_t vectors = 0, iterations = 0;
    const double alpha = AlphaVectorValueM2(model, &vectors, &iterations);
    CHECK(alpha == Approx(SolveExact(model).optimal.value).margin(1e-11));
    CHECK(vectors >= 1);
    CHECK(iterations > 0);
  }
}

TEST_CASE("LMDP belief grid planner: beliefs on the grid, values in range, never above V*",
          "[lmdp][planner]") {
  const LatentMdp model = RandomModel(40, 3, 3, 2, 4, false);
  TrueModelView view(model);
  PlannerOptions options;
  options.quantiser = BeliefQuantiser::kGrid;
  options.grid = 10;
  BeliefPlanner planner(view, options);
  const PolicyValue grid_value = EvaluatePolicy(model, planner);
  const double optimal = SolveExact(model).optimal.value;
  CHECK(grid_value.value <= optimal + 1e-12);
  CHECK(grid_value.value >= 0);
  for (int64_t node = 0; node < planner.num_nodes(); ++node) {
    double sum = 0;
    for (double b : planner.Belief(node)) {
      CHECK(std::abs(b * 10 - std::round(b * 10)) < 1e-9);
      sum += b;
    }
    CHECK(sum == Approx(1.0).margin(1e-12));
    for (double a : planner.Alpha(node)) CHECK((a >= 0 && a <= 1 + 1e-12));
  }
}

TEST_CASE("LMDP exact policy evaluation equals Monte-Carlo rollouts", "[lmdp][evaluation]") {
  const LatentMdp model = RandomModel(50, 2, 3, 2, 4, false);
  // A deliberately sub-optimal history-dependent policy: the exact plan of another model.
  const LatentMdp other = RandomModel(51, 2, 3, 2, 4, false);
  TrueModelView other_view(other);
  BeliefPlanner policy(other_view, {});
  const PolicyValue exact = EvaluatePolicy(model, policy);
  random::Rng rng = TestRng(52);
  const int episodes = 40000;
  double sum = 0, squares = 0;
  std::vector<double> context_sum(2), context_squares(2), context_n(2);
  for (int k = 0; k < episodes; ++k) {
    const int m = static_cast<int>(random::SampleCategorical(rng, model.weights));
    int s = static_cast<int>(
        random::SampleCategorical(rng, std::span<const double>(model.initial.data() + m * 3, 3)));
    int64_t node = policy.Start(s);
    double episode_return = 0;
    for (int h = 0; h < model.horizon; ++h) {
      const int a = policy.Action(node);
      const double r = model.R(m, s, a);
      episode_return += r;
      const int n = static_cast<int>(random::SampleCategorical(rng, model.Row(m, s, a)));
      if (h + 1 < model.horizon) node = policy.Next(node, a, r, n);
      s = n;
    }
    sum += episode_return;
    squares += episode_return * episode_return;
    context_sum[static_cast<size_t>(m)] += episode_return;
    context_squares[static_cast<size_t>(m)] += episode_return * episode_return;
    context_n[static_cast<size_t>(m)] += 1;
  }
  const double mean = sum / episodes;
  const double se = std::sqrt((squares / episodes - mean * mean) / episodes);
  CHECK(std::abs(mean - exact.value) < 4 * se);
  for (size_t m = 0; m < 2; ++m) {
    const double n = context_n[m];
    const double context_mean = context_sum[m] / n;
    const double variance = context_squares[m] / n - context_mean * context_mean;
    CHECK(std::abs(context_mean - exact.context_value[m]) < 4 * std::sqrt(variance / n) + 1e-12);
    // Variance: a loose 15% band (the sampling error of a variance estimate at n ~ 2e4).
    CHECK(variance == Approx(exact.context_variance[m]).epsilon(0.15).margin(1e-9));
  }
  // The check above must not be vacuous: some context's return is random under this policy.
  CHECK(std::max(exact.context_variance[0], exact.context_variance[1]) > 1e-3);
}

TEST_CASE("LMDP Var* proxy is 0 on a deterministic LMDP", "[lmdp][evaluation]") {
  LatentMdp model;
  model.Allocate(2, 2, 2, 3);
  for (int m = 0; m < 2; ++m) {
    model.initial[static_cast<size_t>(m * 2 + m)] = 1;
    for (int s = 0; s < 2; ++s) {
      for (int a = 0; a < 2; ++a) {
        model.transition[model.SaIndex(m, s, a) * 2 + static_cast<size_t>((s + a + m) % 2)] = 1;
        model.reward[model.SaIndex(m, s, a)] = (s == a ? 0.3 : 0.1);
      }
    }
  }
  REQUIRE(model.Problem().empty());
  const OptimalValue solved = SolveExact(model);
  CHECK(solved.optimal.weighted_variance == 0.0);  // exactly: law of total variance
  CHECK(solved.optimal.value == Approx(0.9).margin(1e-12));
}

// Brute-force linear program: the maximum over the vertices of {lower ≤ p ≤ upper, Σ p = 1}; a
// vertex has at most one coordinate strictly inside its bounds.
double BruteForceBoxLp(const std::vector<double>& lower, const std::vector<double>& upper,
                       const std::vector<double>& values) {
  const size_t n = values.size();
  double best = -1e300;
  for (size_t free = 0; free < n; ++free) {
    for (uint64_t mask = 0; mask < (uint64_t{1} << n); ++mask) {
      double total = 0, value = 0;
      for (size_t i = 0; i < n; ++i) {
        if (i == free) continue;
        const double p = (mask >> i) & 1 ? upper[i] : lower[i];
        total += p;
        value += p * values[i];
      }
      const double rest = 1 - total;
      if (rest < lower[free] - 1e-12 || rest > upper[free] + 1e-12) continue;
      best = std::max(best, value + rest * values[free]);
    }
  }
  return best;
}

TEST_CASE("LMDP inner maximisation equals a brute-force linear program",
          "[lmdp][model_optimistic]") {
  random::Rng rng = TestRng(60);
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = 2 + static_cast<size_t>(rng.UniformInt(4));
    std::vector<double> p(n), lower(n), upper(n), values(n), argmax(n);
    double total = 0;
    for (double& x : p) total += (x = rng.Uniform01() < 0.3 ? 0.0 : rng.Uniform01());
    if (total == 0) p[0] = total = 1;
    for (double& x : p) x /= total;
    const double width = rng.Uniform01() * 0.5;
    for (size_t i = 0; i < n; ++i) {
      lower[i] = std::max(0.0, p[i] - width * rng.Uniform01());
      upper[i] = std::min(1.0, p[i] + width * rng.Uniform01());
      values[i] = rng.Uniform01();
    }
    const double got = MaximiseOverBox(lower, upper, values, argmax);
    CHECK(got == Approx(BruteForceBoxLp(lower, upper, values)).margin(1e-12));
    // The maximiser is a distribution inside the box.
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      CHECK(argmax[i] >= lower[i] - 1e-15);
      CHECK(argmax[i] <= upper[i] + 1e-15);
      sum += argmax[i];
    }
    CHECK(sum == Approx(1.0).margin(1e-12));
  }
}

TEST_CASE("LMDP model check names what is wrong", "[lmdp][errors]") {
  LatentMdp model = RandomModel(70);
  model.weights = {0.7, 0.7};
  CHECK_THAT(model.Problem(), Catch::Contains("mixing weights"));
  model = RandomModel(70);
  model.transition[0] += 0.5;
  CHECK_THAT(model.Problem(), Catch::Contains("transition row"));
  model = RandomModel(70);
  for (double& r : model.reward) r = 0.9;
  CHECK_THAT(model.Problem(), Catch::Contains("exceeds 1"));
}

}  // namespace
}  // namespace regretlab::models::lmdp
