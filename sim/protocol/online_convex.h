// The online convex optimisation protocol, in the stochastically-extended-adversarial (SEA) model
// of Sachs, Hadiji, van Erven, Guzmán (2022, arXiv 2202.07554, Def. 1–3) and Chen, Zhang, Tu,
// Zhao, Zhang (ICML 2023 / JMLR 2024, arXiv 2302.04552); docs/theory/oco.md §2.1.
//
// Round t = 1..T:
//   1. the learner commits to x_t ∈ X (checked: within 1e-9 of X, else an InvariantError);
//   2. the environment draws f_t ∼ D_t; D_t may depend on the past but not on x_t (oblivious
//      to the current play: NextRound is called without x_t);
//   3. the learner suffers f_t(x_t) and observes g_t = ∇f_t(x_t).
// The learner sees only the public OcoInfo (domain, horizon, G, L, λ) and the gradients.
//
// Domains (exact Euclidean projections, docs/theory/conventions.md §1.5(c)–(d)): the ℓ2 ball of
// radius R centred at 0, the probability simplex, the box [−R, R]^d.
//
// Regret (docs/theory/conventions.md §1.1, §2.1), each at the checkpoints t against comparators
// over rounds 1..t:
//   realized_regret    Σ_{s≤t} f_s(x_s) − min_{x∈X} Σ_{s≤t} f_s(x): the exact best fixed point in
//                      hindsight (the environment's closed form; docs/theory/oco.md §2.1 (i));
//   pseudo_regret      Σ_{s≤t} F_s(x_s) − Σ_{s≤t} F_s(u°_t), u°_t = argmin_X Σ_{s≤t} F_s: the
//                      expected-loss regret of docs/theory/oco.md §2.1 (ii) with F_s = E_{D_s} f,
//                      conditioned on x_s (x_s is fixed before ξ_s is drawn, so E f_s(x_s) = E
//                      F_s(x_s));
//   linearized_regret  Σ_{s≤t} ⟨g_s, x_s − u°_t⟩ (docs/theory/oco.md §2.1 (iii), what Sachs et al.
//   bound); dynamic_regret     Σ_{s≤t} f_s(x_s) − f_s(u_s), u_s = argmin_X F_s
//   (docs/theory/conventions.md §1.1 (5)); path_length        P_t = Σ_{2≤s≤t} ‖u_s − u_{s−1}‖ of
//   that comparator sequence.
// Sums are Neumaier-compensated (sim/core/compensated_sum.h).
//
// Oracle (engine only): besides the environment's constants (D, G, L, λ, d, σ²_max, Σ²_max),
// the difficulty at each checkpoint, as vectors aligned with `difficulty_rounds`:
//   sigma2_cumulative   σ²_{1:t} = Σ_{s≤t} σ_s² (docs/theory/oco.md §2.1; analytic where the spec
//   gives it), Sigma2_cumulative   Σ²_{1:t} = Σ_{s≤t} Σ_s² (F_0 ≡ 0; analytic expectation where
//   known,
//                       else this replicate's realized value, whose mean over replicates is it),
//   Sigma2_harmonic     Σ_{s≤t} Σ_s²/s (for OFTL's sum form, Sachs et al. Thm 7),
// read by bounds through OracleAt(oracle, name, t).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/check.h"
#include "sim/models/convex_domain.h"
#include "sim/protocol/kit.h"
#include "sim/random/rng.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {

using models::Domain;
using models::DomainKind;

struct OnlineConvexProtocol;

struct OcoInfo {
  Domain domain;
  int64_t horizon = 0;          // T, announced (Hedge's tuned rate needs it)
  double gradient_bound = 0;    // G: ‖∇f_t(x)‖ ≤ G for x ∈ X, almost surely
  double smoothness = 0;        // L of F_t (0 for linear losses)
  double strong_convexity = 0;  // λ of F_t (0: not strongly convex)
  double exp_concavity = 0;     // α: every f_t is α-exp-concave on X (0: not known to be)
};

// Difficulty of the rounds so far (docs/theory/oco.md §2.1), maintained by the environment.
struct SeaDifficulty {
  double sigma2_cumulative = 0;  // σ²_{1:t}
  double Sigma2_cumulative = 0;  // Σ²_{1:t}
  double Sigma2_harmonic = 0;    // Σ_{s≤t} Σ_s²/s
};

// An OCO environment. The derived class draws the losses and knows their exact comparators.
class OcoEnvironment : public registry::Component {
 public:
  void SetHorizon(int64_t horizon) { horizon_ = horizon; }
  int64_t horizon() const { return horizon_; }

  // Public information (the same for every replicate).
  virtual OcoInfo Info() const = 0;

  // Prepares a replicate on its environment stream.
  void Reset(const random::StreamKey& key) {
    snapshot_rounds_.clear();
    snapshots_.clear();
    DoReset(key);
  }

  // Draws f_{t} for the next round t (1, 2, ...). Never sees the learner's play.
  virtual void NextRound() = 0;
  // The current round's loss, its gradient, and the expected loss F_t.
  virtual double Loss(std::span<const double> x) const = 0;
  virtual void Gradient(std::span<const double> x, std::span<double> gradient) const = 0;
  virtual double ExpectedLoss(std::span<const double> x) const = 0;
  // u_t = argmin_X F_t (the dynamic comparator).
  virtual void RoundMinimizer(std::span<double> u) const = 0;

  // Exact comparators over the rounds drawn so far.
  virtual double BestFixedLoss() const = 0;                                    // min_X Σ f_s
  virtual void BestFixedExpectedPoint(std::span<double> u) const = 0;          // argmin_X Σ F_s
  virtual double CumulativeExpectedLoss(std::span<const double> u) const = 0;  // Σ F_s(u)

  virtual SeaDifficulty Difficulty() const = 0;

  // Engine side: records the difficulty at checkpoint t for the oracle.
  void RecordCheckpoint(int64_t t) {
    snapshot_rounds_.push_back(static_cast<double>(t));
    snapshots_.push_back(Difficulty());
  }

  // Constants and the recorded difficulty vectors (see the header comment).
  registry::OracleInfo Oracle() const;

 protected:
  virtual void DoReset(const random::StreamKey& key) = 0;
  // σ²_max and Σ²_max and any environment-specific scalars.
  virtual void AddOracleScalars(registry::OracleInfo& oracle) const = 0;

  int64_t horizon_ = 0;

 private:
  std::vector<double> snapshot_rounds_;
  std::vector<SeaDifficulty> snapshots_;
};

// The value of oracle vector `name` at checkpoint t (t must be one of `difficulty_rounds`).
double OracleAt(const registry::OracleInfo& oracle, const char* name, int64_t t);

// What an OCO algorithm class provides (besides `explicit A(const core::Params&)`):
//   Check(info)   "" when it can run on this environment, else why not (read with the spec);
//   Reset(info)   a fresh replicate;
//   Play(x)       writes x_t ∈ X;
//   Observe(g)    receives g_t = ∇f_t(x_t);
//   StepSize()    the step size used for the last play (NaN if it has none), for tests.
template <class A>
concept OcoAlgorithm = requires(A algorithm, const A& const_algorithm, const OcoInfo& info,
                                std::span<double> x, std::span<const double> g) {
  { const_algorithm.Check(info) } -> std::convertible_to<std::string>;
  algorithm.Reset(info);
  algorithm.Play(x);
  algorithm.Observe(g);
  { const_algorithm.StepSize() } -> std::convertible_to<double>;
};

// Type-erased learner used by the engine.
class OcoLearner : public registry::Component {
 public:
  virtual std::string Check(const OcoInfo& info) const = 0;
  virtual void Reset(const OcoInfo& info) = 0;
  virtual void Play(std::span<double> x) = 0;
  virtual void Observe(std::span<const double> gradient) = 0;
  virtual double StepSize() const = 0;
};

template <OcoAlgorithm A>
class OcoAdapter final : public OcoLearner {
 public:
  explicit OcoAdapter(const core::Params& params) : algorithm_(params) {}
  std::string Check(const OcoInfo& info) const override { return algorithm_.Check(info); }
  void Reset(const OcoInfo& info) override { algorithm_.Reset(info); }
  void Play(std::span<double> x) override { algorithm_.Play(x); }
  void Observe(std::span<const double> gradient) override { algorithm_.Observe(gradient); }
  double StepSize() const override { return algorithm_.StepSize(); }

 private:
  A algorithm_;
};

// Final values of one replicate (tests).
struct OcoReplicateOutcome {
  double realized_regret = 0, pseudo_regret = 0, linearized_regret = 0, dynamic_regret = 0,
         path_length = 0;
  double max_violation = 0;  // largest distance of a play outside X
};

// Runs one replicate of `learner` on `environment` (already Reset) for environment.horizon()
// rounds, writing the checkpoints through `writer` (none: record nothing). Used by the protocol's
// replicate and by tests. The outcome's dynamic regret and path length are computed only when
// the writer records them or there is no writer.
OcoReplicateOutcome RunOcoReplicate(OcoLearner& learner, OcoEnvironment& environment,
                                    CheckpointWriter<OnlineConvexProtocol>* writer);

// The protocol's traits (sim/protocol/kit.h).
struct OnlineConvexProtocol {
  static constexpr const char* kName = "online_convex";
  static constexpr const char* kSummary =
      "online convex optimisation (SEA model): play x_t in a ball, simplex or box, observe the "
      "gradient of f_t ~ D_t; exact comparators";
  using Info = OcoInfo;
  using Environment = OcoEnvironment;
  using Learner = OcoLearner;
  template <class A>
  using Adapter = OcoAdapter<A>;
  enum class Metric {
    kRealizedRegret,
    kPseudoRegret,
    kLinearizedRegret,
    kDynamicRegret,
    kPathLength
  };
  static constexpr std::array kMetrics = {
      MetricDef{"realized_regret",
                "sum f_s(x_s) - min_X sum f_s (exact best fixed point in hindsight)", "loss"},
      MetricDef{"pseudo_regret",
                "expected-loss regret sum F_s(x_s) - F_s(u), u = argmin_X sum F_s (F_s = E f_s)",
                "loss", true},
      MetricDef{"linearized_regret", "sum <g_s, x_s - u>, u = argmin_X sum F_s", "loss"},
      MetricDef{"dynamic_regret", "sum f_s(x_s) - f_s(u_s), u_s = argmin_X F_s", "loss", true,
                registry::kNoCapability, "", false},
      MetricDef{"path_length", "sum ||u_s - u_{s-1}|| of the dynamic comparator", "distance", false,
                registry::kNoCapability, "", false},
  };
  static void RunReplicate(OcoLearner& learner, OcoEnvironment& environment,
                           ReplicateStreams& streams,
                           CheckpointWriter<OnlineConvexProtocol>& writer);
  // The algorithm accepts the environment's setting (domain, curvature); empty when fine.
  static std::string CheckCell(const CellCheck<OnlineConvexProtocol>& check);
  // SEA phase diagrams over (s, rho) grids (online_convex_report.cc).
  static void ReportExperiment(int64_t file, std::ostream& out);
};
inline constexpr const char* kOnlineConvexProtocol = OnlineConvexProtocol::kName;

}  // namespace regretlab::protocol
