// LinUCB / OFUL for losses: play the arm with the smallest lower confidence bound
// θ̂ᵀx − β_t ‖x‖_{A⁻¹} of a ridge regression (docs/theory/contextual.md §5.6).
//
// Reference: Y. Abbasi-Yadkori, D. Pál, Cs. Szepesvári (2011). Improved algorithms for linear
//   stochastic bandits. NeurIPS. Theorem 2 (confidence ellipsoid) and Theorem 3 (regret);
//   disjoint form for shared contexts: L. Li, W. Chu, J. Langford, R. Schapire (2010), WWW.
// Guarantee: Õ(d√T) for linear realizable mean losses with R-sub-Gaussian noise, ‖θ*‖ ≤ S.
//   Proxy registered: d·√t·ln t (constant 1), d the dimension of one ridge block.
// Confidence radius: β_t = scale · (R √(d ln((1 + t/λ)/δ)) + √λ S), with ‖x‖ = 1
// (docs/theory/contextual.md §5.6). A⁻¹ by Sherman–Morrison with exact refactorisation every 1000
// updates (ridge.h, docs/theory/conventions.md §1.5 (j)).
// Protocol: contextual_bandit; deterministic (no distribution exposed). Ties: lowest index.
//
// Parameters:
//   lambda             1     > 0   ridge λ
//   noise_scale        0.5   ≥ 0   R (losses in [0,1] are 1/2-sub-Gaussian)
//   norm_bound         1     ≥ 0   S
//   delta              0.05  (0,1) confidence δ
//   exploration_scale  1     ≥ 0   multiplies β_t (1 = the theory's radius)
//   intercept          true        regress on [x; 1] (ridge.h)
//   input_dimension    0           see learner_support.h
#include <cmath>
#include <string>
#include <vector>

#include "algorithms/contextual/exploration.h"
#include "algorithms/contextual/learner_support.h"
#include "algorithms/contextual/ridge.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::contextual {
namespace {

class LinUcb : public RidgeLearner {
 public:
  explicit LinUcb(const core::Params& params)
      : RidgeLearner(params),
        lambda_(params.Real("lambda")),
        noise_scale_(params.Real("noise_scale")),
        norm_bound_(params.Real("norm_bound")),
        delta_(params.Real("delta")),
        exploration_scale_(params.Real("exploration_scale")) {}

  void Reset(const protocol::ContextualInfo& info, random::Rng& /*init_rng*/) {
    ResetRidge(info, false);
    dimension_ = static_cast<double>(ridge_.dimension());
    indices_.assign(static_cast<size_t>(info.num_arms), 0.0);
    round_ = 0;
  }

  int64_t Select(const protocol::ContextBatch& batch, random::Rng& /*rng*/) {
    ++round_;
    const double t = static_cast<double>(round_);
    const double beta =
        exploration_scale_ *
        (noise_scale_ * std::sqrt(dimension_ * std::log((1.0 + t / lambda_) / delta_)) +
         std::sqrt(lambda_) * norm_bound_);
    for (int64_t a = 0; a < batch.num_arms; ++a) {
      indices_[static_cast<size_t>(a)] = ridge_.Predict(batch.Block(a), batch.Row(a)) -
                                         beta * ridge_.Width(batch.Block(a), batch.Row(a));
    }
    batch_ = batch;
    return ArgMin(indices_);
  }

 private:
  double lambda_, noise_scale_, norm_bound_, delta_, exploration_scale_;
  double dimension_ = 1;
  std::vector<double> indices_;
  int64_t round_ = 0;
};

registry::ComponentSpec LinUcbSpec() {
  return registry::MakeComponentSpec(
      "lin_ucb", "LinUCB/OFUL on losses: ridge regression with an ellipsoidal confidence bonus",
      "Abbasi-Yadkori, Pal, Szepesvari (2011), Improved algorithms for linear stochastic bandits, "
      "NeurIPS, Theorems 2-3; disjoint model: Li, Chu, Langford, Schapire (2010), WWW",
      "O~(d sqrt(T)) regret for linear realizable mean losses",
      Concat(RidgeParams(),
             {
                 RealParam("noise_scale", 0.5, 0, kInf, false,
                           "R, sub-Gaussian scale of the loss noise"),
                 RealParam("norm_bound", 1.0, 0, kInf, false,
                           "S, bound on the norm of the true parameter"),
                 RealParam("delta", 0.05, 0, 1, true, "confidence level delta of the ellipsoid"),
                 RealParam("exploration_scale", 1.0, 0, kInf, false,
                           "multiplies the confidence radius beta_t (1 = theory)"),
             }));
}

REGRETLAB_REGISTER_ALGORITHM(protocol::ContextualBanditProtocol, LinUcb, LinUcbSpec());
REGRETLAB_REGISTER_BOUND(ContextualProxyBound(
    "lin_ucb_d_sqrt_t", {"lin_ucb"},
    "Abbasi-Yadkori, Pal, Szepesvari (2011), NeurIPS, Theorem 3: O~(d sqrt(T)) for linear "
    "realizable losses (h1-h3 are not linear: a reference curve there, not a theorem)",
    "pseudo_regret(t) <~ d sqrt(t) ln t, constant 1, d the context dimension (proxy)",
    [](const registry::OracleInfo& oracle, const core::Params&, int64_t t) {
      return oracle.Scalar("dimension") * std::sqrt(static_cast<double>(t)) * LogAtLeastOne(t);
    }));

}  // namespace
}  // namespace regretlab::algorithms::contextual
