// The LMDP model, posterior, belief-node planner, exact evaluation and the M = 2 alpha-vector
// planner (see latent_mdp_model.h).
#include "sim/models/latent_mdp_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

#include "sim/core/check.h"

namespace regretlab::models::lmdp {

void LatentMdp::Allocate(int contexts, int states, int actions, int steps) {
  num_contexts = contexts;
  num_states = states;
  num_actions = actions;
  horizon = steps;
  const size_t m = static_cast<size_t>(contexts), s = static_cast<size_t>(states),
               a = static_cast<size_t>(actions);
  weights.assign(m, 1.0 / static_cast<double>(contexts));
  initial.assign(m * s, 0.0);
  transition.assign(m * s * a * s, 0.0);
  reward.assign(m * s * a, 0.0);
}

int LatentMdp::TransitionDegree() const {
  int degree = 0;
  for (int m = 0; m < num_contexts; ++m) {
    for (int s = 0; s < num_states; ++s) {
      for (int a = 0; a < num_actions; ++a) {
        int support = 0;
        for (double p : Row(m, s, a)) support += p > 0 ? 1 : 0;
        degree = std::max(degree, support);
      }
    }
  }
  return degree;
}

double LatentMdp::MaxReturn() const {
  // Backward over h of the largest reward-to-go per (m, s) over all action sequences.
  double best = 0;
  for (int m = 0; m < num_contexts; ++m) {
    std::vector<double> to_go(static_cast<size_t>(num_states), 0.0), next(to_go.size());
    for (int h = horizon - 1; h >= 0; --h) {
      for (int s = 0; s < num_states; ++s) {
        double value = 0;
        for (int a = 0; a < num_actions; ++a) {
          double continuation = 0;
          for (int n = 0; n < num_states; ++n) {
            if (P(m, s, a, n) > 0) continuation = std::max(continuation, to_go[n]);
          }
          value = std::max(value, R(m, s, a) + continuation);
        }
        next[static_cast<size_t>(s)] = value;
      }
      to_go.swap(next);
    }
    for (int s = 0; s < num_states; ++s) {
      if (Nu(m, s) > 0) best = std::max(best, to_go[static_cast<size_t>(s)]);
    }
  }
  return best;
}

std::string LatentMdp::Problem() const {
  std::ostringstream out;
  if (num_contexts < 1 || num_states < 1 || num_actions < 1 || horizon < 1) {
    out << "M, S, A, H must be >= 1";
    return out.str();
  }
  auto sums_to_one = [](std::span<const double> p) {
    double total = 0;
    for (double x : p) {
      if (!(x >= 0) || !std::isfinite(x)) return false;
      total += x;
    }
    return std::abs(total - 1.0) < 1e-9;
  };
  if (!sums_to_one(weights)) return "the mixing weights are not a distribution (sum to 1, >= 0)";
  for (int m = 0; m < num_contexts; ++m) {
    if (!(weights[static_cast<size_t>(m)] > 0)) return "a mixing weight is not > 0";
    if (!sums_to_one({initial.data() + static_cast<size_t>(m) * num_states,
                      static_cast<size_t>(num_states)})) {
      out << "the initial distribution of context " << m << " is not a distribution";
      return out.str();
    }
    for (int s = 0; s < num_states; ++s) {
      for (int a = 0; a < num_actions; ++a) {
        if (!sums_to_one(Row(m, s, a))) {
          out << "the transition row P_" << m << "(.|" << s << "," << a
              << ") is not a distribution";
          return out.str();
        }
        if (!(R(m, s, a) >= 0 && R(m, s, a) <= 1)) {
          out << "the reward R_" << m << "(" << s << "," << a << ") is outside [0, 1]";
          return out.str();
        }
      }
    }
  }
  if (MaxReturn() > 1 + 1e-9) {
    out << "the largest possible return " << MaxReturn()
        << " exceeds 1: rewards must be normalised so that the return of an episode is <= 1";
    return out.str();
  }
  return "";
}

bool ApplyLikelihood(std::span<double> belief, std::span<const double> likelihood) {
  double total = 0;
  for (size_t m = 0; m < belief.size(); ++m) total += belief[m] * likelihood[m];
  if (!(total > 0)) return false;
  for (size_t m = 0; m < belief.size(); ++m) belief[m] = belief[m] * likelihood[m] / total;
  return true;
}

bool UpdateBelief(const LatentMdp& model, std::span<double> belief, int s, int a, double r,
                  int next) {
  std::vector<double> likelihood(belief.size());
  for (int m = 0; m < model.num_contexts; ++m) {
    likelihood[static_cast<size_t>(m)] = model.R(m, s, a) == r ? model.P(m, s, a, next) : 0.0;
  }
  return ApplyLikelihood(belief, likelihood);
}

std::vector<double> InitialBelief(const LatentMdp& model, int s1) {
  std::vector<double> belief(static_cast<size_t>(model.num_contexts));
  double total = 0;
  for (int m = 0; m < model.num_contexts; ++m) {
    belief[static_cast<size_t>(m)] = model.weights[static_cast<size_t>(m)] * model.Nu(m, s1);
    total += belief[static_cast<size_t>(m)];
  }
  if (total > 0) {
    for (double& b : belief) b /= total;
  }
  return belief;
}

void TrueModelView::InitialWeights(int s1, std::span<double> out) const {
  for (int m = 0; m < model_.num_contexts; ++m) {
    out[static_cast<size_t>(m)] = model_.weights[static_cast<size_t>(m)] * model_.Nu(m, s1);
  }
}
double TrueModelView::Likelihood(int m, int s, int a, double r, int next) const {
  return model_.R(m, s, a) == r ? model_.P(m, s, a, next) : 0.0;
}
void TrueModelView::Successors(int m, int s, int a, std::vector<int>& out) const {
  out.clear();
  for (int n = 0; n < model_.num_states; ++n) {
    if (model_.P(m, s, a, n) > 0) out.push_back(n);
  }
}
double TrueModelView::Backup(int /*h*/, int m, int s, int a,
                             std::span<const double> next_values) const {
  double value = model_.R(m, s, a);
  for (int n = 0; n < model_.num_states; ++n) {
    const double p = model_.P(m, s, a, n);
    if (p > 0) value += p * next_values[static_cast<size_t>(n)];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// BeliefPlanner

BeliefPlanner::BeliefPlanner(const PlanningModel& model, PlannerOptions options)
    : model_(model), options_(options) {
  REGRETLAB_CHECK(options_.quantiser == BeliefQuantiser::kExact || options_.grid >= 1,
                  "grid resolution ", options_.grid);
}

void BeliefPlanner::Quantise(std::vector<double>& belief) const {
  if (options_.quantiser != BeliefQuantiser::kGrid) return;
  // Largest-remainder rounding of G·b to integers summing to G (ties: lowest index).
  const double grid = static_cast<double>(options_.grid);
  std::vector<int64_t> units(belief.size());
  std::vector<std::pair<double, size_t>> remainders;
  int64_t used = 0;
  for (size_t m = 0; m < belief.size(); ++m) {
    const double scaled = belief[m] * grid;
    units[m] = static_cast<int64_t>(std::floor(scaled));
    used += units[m];
    remainders.push_back({-(scaled - static_cast<double>(units[m])), m});
  }
  std::sort(remainders.begin(), remainders.end());
  for (size_t i = 0; used < options_.grid && i < remainders.size(); ++i, ++used) {
    ++units[remainders[i].second];
  }
  for (size_t m = 0; m < belief.size(); ++m) belief[m] = static_cast<double>(units[m]) / grid;
}

int64_t BeliefPlanner::Intern(int h, int s, std::vector<double> belief) {
  Quantise(belief);
  std::string key;
  key.reserve(16 + 8 * belief.size());
  auto append = [&key](int64_t value) {
    key.append(reinterpret_cast<const char*>(&value), sizeof(value));
  };
  append(h);
  append(s);
  // Exact mode: beliefs equal to 2^-40 share a node (equal beliefs, equal futures).
  const double scale = options_.quantiser == BeliefQuantiser::kGrid
                           ? static_cast<double>(options_.grid)
                           : 1099511627776.0;
  for (double b : belief) append(std::llround(b * scale));
  auto [it, inserted] = index_.try_emplace(std::move(key), static_cast<int64_t>(nodes_.size()));
  if (inserted) {
    REGRETLAB_CHECK(static_cast<int64_t>(nodes_.size()) < options_.max_nodes,
                    "the belief planner exceeded its node budget of ", options_.max_nodes,
                    " (instance too large for this planner)");
    Node node;
    node.h = h;
    node.s = s;
    node.belief = std::move(belief);
    nodes_.push_back(std::move(node));
  }
  return it->second;
}

int64_t BeliefPlanner::Start(int s1) {
  std::vector<double> belief(static_cast<size_t>(model_.NumContexts()));
  model_.InitialWeights(s1, belief);
  const double total = std::accumulate(belief.begin(), belief.end(), 0.0);
  for (double& b : belief) b = total > 0 ? b / total : 1.0 / static_cast<double>(belief.size());
  return Intern(0, s1, std::move(belief));
}

int64_t BeliefPlanner::Next(int64_t node, int action, double reward, int next_state) {
  const int contexts = model_.NumContexts();
  std::vector<double> belief = nodes_[static_cast<size_t>(node)].belief;
  std::vector<double> likelihood(static_cast<size_t>(contexts));
  const int s = nodes_[static_cast<size_t>(node)].s;
  for (int m = 0; m < contexts; ++m) {
    likelihood[static_cast<size_t>(m)] = model_.Likelihood(m, s, action, reward, next_state);
  }
  // An outcome the model deems impossible under every context keeps the belief (no evidence
  // the model can interpret).
  ApplyLikelihood(belief, likelihood);
  return Intern(nodes_[static_cast<size_t>(node)].h + 1, next_state, std::move(belief));
}

void BeliefPlanner::Plan(int64_t id) {
  if (nodes_[static_cast<size_t>(id)].action >= 0) return;
  const int contexts = model_.NumContexts(), actions = model_.NumActions(),
            states = model_.NumStates(), horizon = model_.Horizon();
  const int h = nodes_[static_cast<size_t>(id)].h, s = nodes_[static_cast<size_t>(id)].s;
  REGRETLAB_CHECK(h < horizon, "planning a node past the horizon");
  std::vector<double> q(static_cast<size_t>(contexts * actions));
  std::vector<double> next_values(static_cast<size_t>(states));
  std::vector<int> successors;
  for (int a = 0; a < actions; ++a) {
    for (int m = 0; m < contexts; ++m) {
      std::fill(next_values.begin(), next_values.end(), 0.0);
      if (h + 1 < horizon) {
        model_.Successors(m, s, a, successors);
        const double r = model_.Reward(m, s, a);
        for (int n : successors) {
          const int64_t child = Next(id, a, r, n);
          Plan(child);
          next_values[static_cast<size_t>(n)] =
              nodes_[static_cast<size_t>(child)].alpha[static_cast<size_t>(m)];
        }
      }
      q[static_cast<size_t>(m * actions + a)] = model_.Backup(h, m, s, a, next_values);
      ++iterations_;
    }
  }
  Node& node = nodes_[static_cast<size_t>(id)];
  int best = 0;
  double best_value = -std::numeric_limits<double>::infinity();
  for (int a = 0; a < actions; ++a) {
    double value = 0;
    for (int m = 0; m < contexts; ++m) {
      value += node.belief[static_cast<size_t>(m)] * q[static_cast<size_t>(m * actions + a)];
    }
    if (value > best_value + 1e-12) {
      best_value = value;
      best = a;
    }
  }
  node.alpha.resize(static_cast<size_t>(contexts));
  for (int m = 0; m < contexts; ++m) {
    node.alpha[static_cast<size_t>(m)] = q[static_cast<size_t>(m * actions + best)];
  }
  node.action = best;
}

int BeliefPlanner::Action(int64_t node) {
  Plan(node);
  return nodes_[static_cast<size_t>(node)].action;
}

std::span<const double> BeliefPlanner::Alpha(int64_t node) {
  Plan(node);
  return nodes_[static_cast<size_t>(node)].alpha;
}

std::span<const double> BeliefPlanner::Belief(int64_t node) const {
  return nodes_[static_cast<size_t>(node)].belief;
}

double BeliefPlanner::PlannedValue() {
  double value = 0;
  std::vector<double> weights(static_cast<size_t>(model_.NumContexts()));
  for (int s1 = 0; s1 < model_.NumStates(); ++s1) {
    model_.InitialWeights(s1, weights);
    if (std::accumulate(weights.begin(), weights.end(), 0.0) <= 0) continue;
    const int64_t root = Start(s1);
    const auto alpha = Alpha(root);
    for (size_t m = 0; m < weights.size(); ++m) value += weights[m] * alpha[m];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Exact evaluation

namespace {

// Mean and variance of the return-to-go. The variance is combined by the law of total variance
// (Σ p·(Var_child + (r + mean_child − mean)²)), which is exactly 0 on deterministic branches;
// E[G²] − E[G]² would leave round-off of order 1e-17 there.
struct Moments {
  double mean = 0, variance = 0;
};

class Evaluator {
 public:
  Evaluator(const LatentMdp& model, EpisodePolicy& policy) : model_(model), policy_(policy) {}
  Moments Value(int64_t node, int h, int s, int m) {
    const auto key = std::make_pair(node, m);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    const int a = policy_.Action(node);
    REGRETLAB_CHECK(a >= 0 && a < model_.num_actions, "the policy chose action ", a);
    const double r = model_.R(m, s, a);
    Moments result{r, 0};
    if (h + 1 < model_.horizon) {
      std::vector<std::pair<double, Moments>> children;
      for (int n = 0; n < model_.num_states; ++n) {
        const double p = model_.P(m, s, a, n);
        if (!(p > 0)) continue;
        children.push_back({p, Value(policy_.Next(node, a, r, n), h + 1, n, m)});
        result.mean += p * children.back().second.mean;
      }
      for (const auto& [p, child] : children) {
        const double deviation = r + child.mean - result.mean;
        result.variance += p * (child.variance + deviation * deviation);
      }
    }
    memo_.emplace(key, result);
    return result;
  }
  int64_t size() const { return static_cast<int64_t>(memo_.size()); }

 private:
  struct PairHash {
    size_t operator()(const std::pair<int64_t, int>& key) const {
      return std::hash<int64_t>()(key.first * 31 + key.second);
    }
  };
  const LatentMdp& model_;
  EpisodePolicy& policy_;
  std::unordered_map<std::pair<int64_t, int>, Moments, PairHash> memo_;
};

}  // namespace

PolicyValue EvaluatePolicy(const LatentMdp& model, EpisodePolicy& policy) {
  Evaluator evaluator(model, policy);
  PolicyValue out;
  const size_t contexts = static_cast<size_t>(model.num_contexts);
  out.context_value.assign(contexts, 0.0);
  out.context_variance.assign(contexts, 0.0);
  std::vector<std::vector<std::pair<double, Moments>>> starts(contexts);
  for (int s1 = 0; s1 < model.num_states; ++s1) {
    bool reachable = false;
    for (int m = 0; m < model.num_contexts; ++m) reachable = reachable || model.Nu(m, s1) > 0;
    if (!reachable) continue;
    const int64_t root = policy.Start(s1);
    for (int m = 0; m < model.num_contexts; ++m) {
      const double nu = model.Nu(m, s1);
      if (!(nu > 0)) continue;
      const Moments moments = evaluator.Value(root, 0, s1, m);
      out.context_value[static_cast<size_t>(m)] += nu * moments.mean;
      starts[static_cast<size_t>(m)].push_back({nu, moments});
    }
  }
  for (size_t m = 0; m < contexts; ++m) {
    for (const auto& [nu, moments] : starts[m]) {
      const double deviation = moments.mean - out.context_value[m];
      out.context_variance[m] += nu * (moments.variance + deviation * deviation);
    }
    out.value += model.weights[m] * out.context_value[m];
    out.weighted_variance += model.weights[m] * out.context_variance[m];
  }
  out.nodes = evaluator.size();
  return out;
}

OptimalValue SolveExact(const LatentMdp& model, int64_t max_nodes) {
  TrueModelView view(model);
  BeliefPlanner planner(view, {BeliefQuantiser::kExact, 0, max_nodes});
  OptimalValue out;
  out.optimal = EvaluatePolicy(model, planner);
  out.planner_nodes = planner.num_nodes();
  return out;
}

// ---------------------------------------------------------------------------------------------
// M = 2 alpha vectors

namespace {

using Vector2 = std::array<double, 2>;

// A vector α as the line x ↦ α[1] + x·(α[0] − α[1]) of the belief x = b[0] ∈ [0, 1].
double Slope(const Vector2& v) { return v[0] - v[1]; }
// Where the line of `right` (steeper) overtakes the line of `left`.
double Crossing(const Vector2& left, const Vector2& right) {
  return (left[1] - right[1]) / (Slope(right) - Slope(left));
}

// The vectors on the upper envelope over x ∈ [0, 1], left to right: sort by slope, then one pass
// with a stack (the convex-hull trick), O(n log n).
std::vector<Vector2> UpperEnvelope(std::vector<Vector2> vectors) {
  constexpr double kTolerance = 1e-12;
  std::sort(vectors.begin(), vectors.end(), [](const Vector2& a, const Vector2& b) {
    return Slope(a) < Slope(b) || (Slope(a) == Slope(b) && a[1] < b[1]);
  });
  std::vector<Vector2> envelope;
  std::vector<double> starts;  // where each envelope line becomes the best
  for (const Vector2& line : vectors) {
    // Equal slopes: the later (larger intercept) one dominates.
    while (!envelope.empty() && Slope(envelope.back()) > Slope(line) - kTolerance &&
           envelope.back()[1] <= line[1] + kTolerance) {
      envelope.pop_back();
      starts.pop_back();
    }
    if (!envelope.empty() && Slope(envelope.back()) > Slope(line) - kTolerance) continue;
    double start = 0;
    while (!envelope.empty()) {
      start = std::max(0.0, Crossing(envelope.back(), line));
      if (start > starts.back() + kTolerance) break;
      envelope.pop_back();  // `line` beats it wherever it was the best
      starts.pop_back();
      start = 0;
    }
    if (start > 1 + kTolerance) continue;  // best only beyond x = 1
    envelope.push_back(line);
    starts.push_back(start);
  }
  return envelope;
}

// The envelope of the pointwise sum of two envelopes: on each interval between their merged
// breakpoints the sum of the two active vectors (at most |a| + |b| vectors).
std::vector<Vector2> EnvelopeSum(const std::vector<Vector2>& a, const std::vector<Vector2>& b) {
  auto starts = [](const std::vector<Vector2>& envelope) {
    std::vector<double> out = {0.0};
    for (size_t i = 1; i < envelope.size(); ++i) {
      out.push_back(Crossing(envelope[i - 1], envelope[i]));
    }
    out.push_back(std::numeric_limits<double>::infinity());
    return out;
  };
  const std::vector<double> starts_a = starts(a), starts_b = starts(b);
  std::vector<Vector2> sum;
  size_t i = 0, j = 0;
  while (true) {
    sum.push_back({a[i][0] + b[j][0], a[i][1] + b[j][1]});
    const double next_a = starts_a[i + 1], next_b = starts_b[j + 1];
    if (std::isinf(next_a) && std::isinf(next_b)) break;
    if (next_a <= next_b) ++i;
    if (next_b <= next_a) ++j;
  }
  return UpperEnvelope(std::move(sum));
}

}  // namespace

double AlphaVectorValueM2(const LatentMdp& model, int64_t* vectors_out, int64_t* iterations_out) {
  REGRETLAB_CHECK(model.num_contexts == 2, "the alpha-vector planner needs M = 2");
  const int states = model.num_states, actions = model.num_actions;
  std::vector<std::vector<Vector2>> next_sets(static_cast<size_t>(states), {Vector2{0, 0}});
  std::vector<std::vector<Vector2>> sets(static_cast<size_t>(states));
  int64_t largest = 1, iterations = 0;
  for (int h = model.horizon - 1; h >= 0; --h) {
    for (int s = 0; s < states; ++s) {
      std::vector<Vector2> candidates;
      for (int a = 0; a < actions; ++a) {
        // Outcomes (r, s'): the observation after (s, a); L_m(o) = P_m(s'|s,a)·1[r = R_m(s,a)].
        std::vector<Vector2> sum = {Vector2{model.R(0, s, a), model.R(1, s, a)}};
        if (h + 1 < model.horizon) {
          for (int n = 0; n < states; ++n) {
            std::vector<double> rewards;
            for (int m = 0; m < 2; ++m) {
              if (model.P(m, s, a, n) > 0) rewards.push_back(model.R(m, s, a));
            }
            std::sort(rewards.begin(), rewards.end());
            rewards.erase(std::unique(rewards.begin(), rewards.end()), rewards.end());
            for (double r : rewards) {
              Vector2 likelihood{};
              for (int m = 0; m < 2; ++m) {
                likelihood[static_cast<size_t>(m)] =
                    model.R(m, s, a) == r ? model.P(m, s, a, n) : 0.0;
              }
              std::vector<Vector2> projected;
              for (const Vector2& v : next_sets[static_cast<size_t>(n)]) {
                projected.push_back({likelihood[0] * v[0], likelihood[1] * v[1]});
              }
              projected = UpperEnvelope(std::move(projected));
              sum = EnvelopeSum(sum, projected);
              iterations += static_cast<int64_t>(sum.size());
            }
          }
        }
        candidates.insert(candidates.end(), sum.begin(), sum.end());
      }
      sets[static_cast<size_t>(s)] = UpperEnvelope(candidates);
      largest = std::max(largest, static_cast<int64_t>(sets[static_cast<size_t>(s)].size()));
    }
    next_sets.swap(sets);
  }
  double value = 0;
  for (int s1 = 0; s1 < states; ++s1) {
    const double u0 = model.weights[0] * model.Nu(0, s1), u1 = model.weights[1] * model.Nu(1, s1);
    if (u0 + u1 <= 0) continue;
    double best = -std::numeric_limits<double>::infinity();
    for (const Vector2& v : next_sets[static_cast<size_t>(s1)]) {
      best = std::max(best, u0 * v[0] + u1 * v[1]);
    }
    value += best;
  }
  if (vectors_out) *vectors_out = largest;
  if (iterations_out) *iterations_out = iterations;
  return value;
}

double VarianceOf(std::span<const double> p, std::span<const double> v) {
  double mean = 0;
  for (size_t i = 0; i < p.size(); ++i) mean += p[i] * v[i];
  double variance = 0;
  for (size_t i = 0; i < p.size(); ++i) variance += p[i] * (v[i] - mean) * (v[i] - mean);
  return variance;
}

double MaximiseOverBox(std::span<const double> lower, std::span<const double> upper,
                       std::span<const double> values, std::span<double> argmax) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return values[x] > values[y]; });
  double remaining = 1.0;
  for (size_t i = 0; i < n; ++i) {
    argmax[i] = lower[i];
    remaining -= lower[i];
  }
  for (size_t i : order) {
    if (remaining <= 0) break;
    const double add = std::min(upper[i] - lower[i], remaining);
    argmax[i] += add;
    remaining -= add;
  }
  double value = 0;
  for (size_t i = 0; i < n; ++i) value += argmax[i] * values[i];
  return value;
}

}  // namespace regretlab::models::lmdp
