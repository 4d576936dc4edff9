// Tests of the episodic MDP environments (environments/mdp): valid models, the linear-Q property
// (Q^π_h is exactly linear in φ for any policy), the loss schedules, and bad feature maps.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "algorithms/mdp/policy_optimisation.h"  // InvertSpd for the least-squares fit
#include "sim/core/error.h"
#include "sim/plan/plan.h"
#include "sim/protocol/episodic_mdp.h"
#include "sim/registry/registry.h"

namespace regretlab::protocol {
namespace {

std::unique_ptr<EpisodicMdpEnvironment> Make(const std::string& name,
                                             const std::map<std::string, core::ParamValue>& values,
                                             int64_t episodes = 100) {
  const registry::ComponentSpec* spec = registry::Registry::Get().FindComponent(name);
  REQUIRE(spec != nullptr);
  std::map<std::string, core::RawParam> raw;
  for (const auto& [key, value] : values) raw[key] = core::RawParam{value, {}};
  auto object = registry::Instantiate(*spec, core::ValidateParams(spec->params, raw, name, {}));
  auto* environment = dynamic_cast<EpisodicMdpEnvironment*>(object.release());
  REQUIRE(environment != nullptr);
  environment->SetHorizon(episodes);
  environment->Reset({31, 32, 0, random::Role::kEnvironment, 0});
  return std::unique_ptr<EpisodicMdpEnvironment>(environment);
}

// Max residual of the least-squares fit Q_h(s,a) ≈ φ(h,s,a)ᵀθ_h over every step h.
double LinearQResidual(const EpisodicMdpEnvironment& environment, std::span<const double> policy,
                       std::span<const double> loss) {
  const LayeredMdp& model = environment.Model();
  const size_t d = static_cast<size_t>(environment.FeatureDimension());
  std::vector<double> features(model.StateActionCount() * d);
  environment.Features(features);
  std::vector<double> q(model.StateActionCount()),
      v(static_cast<size_t>(model.horizon * model.num_states));
  EvaluateQ(model, policy, loss, q, v);
  double worst = 0;
  for (int64_t h = 0; h < model.horizon; ++h) {
    std::vector<double> gram(d * d, 0.0), moment(d, 0.0), theta(d, 0.0);
    for (int64_t s = 0; s < model.num_states; ++s) {
      for (int64_t a = 0; a < model.num_actions; ++a) {
        const size_t pair = model.StateActionIndex(h, s, a);
        for (size_t i = 0; i < d; ++i) {
          moment[i] += features[pair * d + i] * q[pair];
          for (size_t j = 0; j < d; ++j)
            gram[i * d + j] += features[pair * d + i] * features[pair * d + j];
        }
      }
    }
    for (size_t i = 0; i < d; ++i) gram[i * d + i] += 1e-14;
    algorithms::mdp::InvertSpd(gram, d);
    for (size_t i = 0; i < d; ++i) {
      for (size_t j = 0; j < d; ++j) theta[i] += gram[i * d + j] * moment[j];
    }
    for (int64_t s = 0; s < model.num_states; ++s) {
      for (int64_t a = 0; a < model.num_actions; ++a) {
        const size_t pair = model.StateActionIndex(h, s, a);
        double fit = 0;
        for (size_t i = 0; i < d; ++i) fit += features[pair * d + i] * theta[i];
        worst = std::max(worst, std::abs(fit - q[pair]));
      }
    }
  }
  return worst;
}

TEST_CASE("mdp environments: valid models, losses in range, and linear-Q holds",
          "[invariant][episodic_mdp]") {
  for (const char* name : {"tabular_switching_mdp", "low_rank_linear_mdp"}) {
    for (const char* losses : {"doubling_switch", "iid_corrupted"}) {
      INFO(name << " " << losses);
      auto environment = Make(name, {{"losses", std::string(losses)}, {"corruption", int64_t{3}}});
      const LayeredMdp& model = environment->Model();
      REQUIRE(CheckModel(model).empty());
      const size_t d = static_cast<size_t>(environment->FeatureDimension());
      std::vector<double> features(model.StateActionCount() * d);
      environment->Features(features);
      for (size_t pair = 0; pair < model.StateActionCount(); ++pair) {
        double norm = 0;
        for (size_t i = 0; i < d; ++i) norm += features[pair * d + i] * features[pair * d + i];
        REQUIRE(norm <= 1.0 + 1e-12);
      }
      // A random stochastic policy.
      random::Rng rng({1, 2, 3, random::Role::kLearner, 0});
      std::vector<double> policy(model.StateActionCount());
      for (size_t row = 0; row < policy.size(); row += static_cast<size_t>(model.num_actions)) {
        double total = 0;
        for (int64_t a = 0; a < model.num_actions; ++a)
          total += policy[row + a] = 0.1 + rng.Uniform01();
        for (int64_t a = 0; a < model.num_actions; ++a) policy[row + a] /= total;
      }
      std::vector<double> loss(model.StateActionCount());
      for (const int64_t episode : {1, 2, 7, 50}) {
        environment->Loss(episode, loss);
        for (const double x : loss) REQUIRE((x >= 0 && x <= 1));
        REQUIRE(LinearQResidual(*environment, policy, loss) < 1e-9);
      }
    }
  }
}

TEST_CASE("low-rank linear mdp: a feature map that disagrees with the spec is refused",
          "[errors][episodic_mdp]") {
  const std::string head =
      "name = \"e\"\nseed = 1\nhorizon = 10\nreplicates = 2\n[[algorithms]]\nname = \"lb_po\"\n"
      "[[environments]]\nname = \"low_rank_linear_mdp\"\nsteps = 1\nnum_states = 1\n"
      "num_actions = 2\nfeature_dimension = 2\n";
  // Two pairs × d = 2 → 4 values; 3 or 6 values are the wrong shape.
  REQUIRE_NOTHROW(plan::ParsePlan(head + "features = [0.5, 0.5, 1.0, 0.0]\n", "ok.toml"));
  REQUIRE_THROWS_AS(plan::ParsePlan(head + "features = [0.5, 0.5, 1.0]\n", "bad.toml"),
                    core::ConfigError);
  REQUIRE_THROWS_AS(
      plan::ParsePlan(head + "features = [0.5, 0.5, 1.0, 0.0, 0.5, 0.5]\n", "bad.toml"),
      core::ConfigError);
  // A row outside the simplex.
  REQUIRE_THROWS_WITH(plan::ParsePlan(head + "features = [0.5, 0.4, 1.0, 0.0]\n", "bad.toml"),
                      Catch::Contains("simplex"));
}

}  // namespace
}  // namespace regretlab::protocol
