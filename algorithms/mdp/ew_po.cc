// EW-PO: the LB-PO pipeline (policy_optimisation.h) with exponential weights per state, i.e.
// policy optimisation with dilated bonuses in the style of Luo, Wei & Lee (2021), "Policy
// optimization in adversarial MDPs: improved exploration via dilated bonuses", NeurIPS 2021 [R],
// whose linear-Q-with-simulator bound is Õ(K^{2/3}) [V rate]. RECONSTRUCTION: estimator, bonus and
// parameters are those of our LB-PO pipeline [U]; the "shifted" estimator of Luo et al. is not
// reproduced exactly. Default rates η ∝ K^{−2/3}, γ ∝ K^{−1/3}: exponential weights need
// η·|Q̂| ≲ 1 with |Q̂| up to H/γ, which forces this tuning and the K^{2/3} rate.
//
// Not registered as a bound (constants unknown); the reference experiment checks the exponent of
// final regret in K (theory ⅔, experiments/log_barrier_sqrt_k.toml).
//
// Protocol: episodic_mdp. Per-state step: w ∝ exp(−η (C_h(s,·) − min C_h(s,·)))
// (docs/theory/conventions.md §1.5 (b)).
//
// Parameters: those of lb_po (policy_optimisation.h) with eta_exponent = 2/3 and
// gamma_exponent = 1/3 by default.
#include <span>

#include "algorithms/bandit/log_barrier_kernels.h"
#include "algorithms/mdp/policy_optimisation.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::mdp {
namespace {

struct ExponentialWeightsStep {
  void operator()(std::span<const double> cumulative, double eta, std::span<double> out) const {
    bandit::ExponentialWeights(cumulative, eta, out);
  }
};

using ExponentialWeightsPolicyOptimisation = PolicyOptimisation<ExponentialWeightsStep>;

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "ew_po",
      "policy optimisation with exponential weights per state, IW linear-Q estimator and dilated "
      "bonus (Luo, Wei & Lee 2021 style; RECONSTRUCTION)",
      "H. Luo, C.-Y. Wei, C.-W. Lee (2021), NeurIPS (dilated bonuses); pipeline shared with lb_po",
      "O~(K^{2/3}) for linear-Q with a simulator (rate as in Luo et al.)",
      PolicyOptimisationParams(2.0 / 3.0, 1.0 / 3.0), {{"rollouts", int64_t{5}}});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::EpisodicMdpProtocol, ExponentialWeightsPolicyOptimisation,
                             Spec());

}  // namespace
}  // namespace regretlab::algorithms::mdp
