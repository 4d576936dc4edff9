// The oracle planner for latent MDPs (docs/theory/lmdp.md §6.5): it is handed the true model
// (P, R, w, ν) and plays the policy of the chosen planner on it. With planner = "exact" its regret
// is 0 (a sanity check of the protocol's exact evaluation); with planner = "belief_grid" its regret
// measures the approximation of the belief grid alone. A benchmark, not a learner.
//
// Protocol: latent_mdp (the only algorithm the protocol hands the true model: NeedsTrueModel).
//
// Parameters:
//   name         default  meaning
//   planner      exact    "exact" or "belief_grid" (approximate)
//   belief_grid  100      grid resolution G
#include <memory>

#include "algorithms/lmdp/lmdp_learner.h"
#include "sim/registry/spec_builders.h"

namespace regretlab::algorithms::lmdp {
namespace {

class OraclePlanner final : public protocol::LmdpLearner {
 public:
  explicit OraclePlanner(const core::Params& params) : choice_(params) {}
  void Reset(const LmdpInfo& /*info*/) override { planner_.reset(); }
  bool NeedsTrueModel() const override { return true; }
  void SetTrueModel(const model::LatentMdp& lmdp) override {
    planner_.reset();
    view_ = std::make_unique<model::TrueModelView>(lmdp);
    planner_ = std::make_unique<model::BeliefPlanner>(*view_, choice_.Options());
  }
  model::EpisodePolicy& Policy() override { return *planner_; }
  int64_t PolicyVersion() const override { return 0; }
  void Observe(const LmdpEpisode& /*episode*/) override {}
  int64_t PlannerIterations() const override { return planner_ ? planner_->iterations() : 0; }
  int64_t Replans() const override { return 1; }
  std::string CheckInstance(const LmdpInfo& info) const override {
    return choice_.CheckInstance(info);
  }

 private:
  PlannerChoice choice_;
  std::unique_ptr<model::TrueModelView> view_;
  std::unique_ptr<model::BeliefPlanner> planner_;
};

registry::ComponentSpec Spec() {
  return registry::MakeComponentSpec(
      "lmdp_oracle_planner",
      "oracle planner: knows the true LMDP and plays its planner's policy (exact: "
      "zero regret; belief_grid: the grid's approximation error)",
      "docs/theory/lmdp.md section 6.5 (sanity benchmark)", "regret 0 with planner = exact",
      PlannerParams("exact"),
      {{"planner", std::string("belief_grid")}, {"belief_grid", int64_t{20}}});
}

REGRETLAB_REGISTER_ALGORITHM(protocol::LatentMdpProtocol, OraclePlanner, Spec());

}  // namespace
}  // namespace regretlab::algorithms::lmdp
