// Hedge: exponential weights over N experts with full information (the expert_advice protocol).
//
// Reference: Y. Freund, R. Schapire (1997), JCSS 55(1); N. Cesa-Bianchi, G. Lugosi (2006),
// Prediction, Learning, and Games, Theorem 2.2 (the exponentially weighted average forecaster,
// a loss convex in the prediction with values in [0, 1]): for every n and η > 0 and every loss
// sequence, regret_n ≤ ln N/η + nη/8 [R].
//
// Policy: p_t(i) ∝ exp(−η (L_{t−1,i} − min_j L_{t−1,j})), L the experts' cumulative losses
// (Neumaier-compensated); subtracting the minimum keeps every exponent ≤ 0. Deterministic: the
// learner's stream is not used. Learning rate: eta = 0 (default) selects η = √(8 ln N / T) with
// T the announced horizon; eta > 0 is used as given.
//
// Guarantee: ⟨p_t, ℓ_t⟩ is linear (so convex) in p_t with values in [0, 1], hence against every
// oblivious sequence of losses in [0, 1], regret(t) ≤ ln N/η + ηt/8 at every t ≤ T; with the
// tuned η this is √(T ln N / 2) at t = T. Registered as `hedge_experts_cesa_bianchi_lugosi`
// (constants as recalled [R]).
//
// Protocol: expert_advice.
//
// Parameters:
//   name  default  range  meaning
//   eta   0        ≥ 0    learning rate η; 0 means √(8 ln N / T)
#include <algorithm>
#include <cmath>
#include <vector>

#include "examples/expert_advice/expert_advice.h"
#include "sim/core/error.h"

namespace regretlab::examples::expert_advice {
namespace {

double TunedRate(double num_experts, double horizon) {
  return std::sqrt(8.0 * std::log(num_experts) / horizon);
}

class HedgeExperts {
 public:
  explicit HedgeExperts(const core::Params& params) : eta_(params.Real("eta")) {}

  void Reset(const ExpertsInfo& info) {
    if (eta_ <= 0 && info.horizon <= 0) {
      throw core::ConfigError("hedge_experts with eta = 0 needs the announced horizon T");
    }
    rate_ = eta_ > 0 ? eta_
                     : TunedRate(static_cast<double>(info.num_experts),
                                 static_cast<double>(info.horizon));
    cumulative_.assign(static_cast<size_t>(info.num_experts), core::CompensatedSum<>());
  }
  void Play(std::span<double> p, random::Rng& /*rng*/) const {
    double least = cumulative_.front().Value();
    for (const auto& loss : cumulative_) least = std::min(least, loss.Value());
    double total = 0;  // ≥ 1: the leader has weight exp(0)
    for (size_t i = 0; i < p.size(); ++i) {
      p[i] = std::exp(-rate_ * (cumulative_[i].Value() - least));
      total += p[i];
    }
    for (double& q : p) q /= total;
  }
  void Observe(std::span<const double> losses) {
    for (size_t i = 0; i < losses.size(); ++i) cumulative_[i].Add(losses[i]);
  }

 private:
  double eta_;
  double rate_ = 0;
  std::vector<core::CompensatedSum<>> cumulative_;
};

registry::ComponentSpec Spec() {
  registry::ComponentSpec spec;
  spec.name = "hedge_experts";
  spec.summary = "Hedge: exponential weights on the experts' cumulative losses (full information)";
  spec.citation =
      "Freund & Schapire (1997), JCSS 55(1); Cesa-Bianchi & Lugosi (2006), Prediction, Learning, "
      "and Games, Theorem 2.2";
  spec.guarantee =
      "oblivious losses in [0,1]: regret(t) <= ln N / eta + eta t / 8; with eta = sqrt(8 ln N / T) "
      "this is sqrt(T ln N / 2) at t = T";
  spec.params = {{.name = "eta",
                  .type = core::ParamType::kReal,
                  .default_value = 0.0,
                  .min = 0.0,
                  .help = "learning rate eta > 0, or 0 for the tuned sqrt(8 ln N / T)"}};
  spec.test_params = {};
  return spec;
}

registry::BoundSpec Bound() {
  registry::BoundSpec bound;
  bound.name = "hedge_experts_cesa_bianchi_lugosi";
  bound.kind = registry::BoundKind::kUpper;
  bound.protocol = ExpertAdviceProtocol::kName;
  bound.metric = "regret";
  bound.algorithms = {"hedge_experts"};
  bound.citation = "Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, Theorem 2.2 [R]";
  bound.formula =
      "regret(t) <= ln N / eta + eta t / 8 for every loss sequence in [0, 1]; "
      "eta = sqrt(8 ln N / T) gives sqrt(T ln N / 2) at t = T";
  bound.constants_checked = false;
  bound.applies = [](const registry::OracleInfo& oracle, const core::Params& params) {
    if (!oracle.HasScalar("num_experts") || oracle.Scalar("num_experts") < 2) return false;
    if (params.Real("eta") <= 0 && oracle.Scalar("horizon") < 1) return false;
    return oracle.Scalar("loss_min") >= 0 && oracle.Scalar("loss_max") <= 1;
  };
  bound.evaluate = [](const registry::OracleInfo& oracle, const core::Params& params, int64_t t) {
    const double n = oracle.Scalar("num_experts");
    const double eta =
        params.Real("eta") > 0 ? params.Real("eta") : TunedRate(n, oracle.Scalar("horizon"));
    return std::log(n) / eta + eta * static_cast<double>(t) / 8.0;
  };
  return bound;
}

REGRETLAB_REGISTER_ALGORITHM(ExpertAdviceProtocol, HedgeExperts, Spec());
REGRETLAB_REGISTER_BOUND(Bound());

}  // namespace
}  // namespace regretlab::examples::expert_advice
