// Classification data as a contextual bandit (docs/theory/contextual.md §5.7): K = number of
// classes, one shared context per round (the learner uses the disjoint encoding e_a ⊗ x_t), loss
// 1[a ≠ label]. Mean losses are the losses themselves (deterministic), so the pseudo-regret is the
// number of mistakes and the expected regret Σ_t (1 − p_t(label_t)).
//
// Presentation order (T may exceed the number of rows: the data are cycled in passes):
//   shuffled  every pass a fresh uniform permutation from the replicate's environment stream
//             (i.i.d.-like; differs between replicates, identical between algorithms);
//   sorted    by class label (stable), the same every replicate and pass: an oblivious,
//             non-i.i.d. order ("sorted by class blocks", docs/theory/contextual.md §5.7);
//   file      the order of the file.
// The data are read when the spec is read (the `validate` hook), so a bad file stops the run
// before it starts; see dataset.h for what is rejected.
//
// Parameters:
//   dataset      (required)  file: absolute, relative to the working directory, or a name in
//                            environments/data (e.g. "digits.csv")
//   format       csv         csv | libsvm
//   header       true        CSV only: the first line is a header
//   num_classes  0           0 = max label + 1; otherwise labels must lie in [0, num_classes)
//   order        shuffled    shuffled | sorted | file
#include <algorithm>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "environments/contextual/dataset.h"
#include "environments/contextual/synthetic_support.h"
#include "sim/protocol/contextual_bandit.h"
#include "sim/random/samplers.h"

namespace regretlab::environments::contextual {
namespace {

Dataset LoadFromParams(const core::Params& params) {
  return LoadDataset(
      ResolveDataPath(params.String("dataset")),
      params.String("format") == "libsvm" ? DatasetFormat::kLibsvm : DatasetFormat::kCsv,
      params.Integer("num_classes"), params.Bool("header"));
}

class Classification final : public protocol::ContextualEnvironment {
 public:
  enum class Order { kShuffled, kSorted, kFile };

  explicit Classification(const core::Params& params)
      : data_(LoadFromParams(params)),
        order_(params.String("order") == "sorted" ? Order::kSorted
               : params.String("order") == "file" ? Order::kFile
                                                  : Order::kShuffled) {}

  protocol::ContextualInfo Info() const override {
    return {data_.num_classes, data_.dimension, true, horizon_};
  }

  void Reset(const random::StreamKey& key) override {
    rng_.Seed(key);
    permutation_.resize(static_cast<size_t>(data_.rows));
    std::iota(permutation_.begin(), permutation_.end(), int64_t{0});
    if (order_ == Order::kSorted) {
      std::stable_sort(permutation_.begin(), permutation_.end(),
                       [&](int64_t a, int64_t b) { return data_.labels[a] < data_.labels[b]; });
    }
    position_ = 0;
  }

  void NextRound(int64_t /*round*/, std::span<double> contexts,
                 std::span<double> mean_losses) override {
    if (position_ % data_.rows == 0 && order_ == Order::kShuffled) {
      // Fisher–Yates with the environment stream, at the start of every pass.
      for (size_t i = permutation_.size() - 1; i > 0; --i) {
        std::swap(permutation_[i], permutation_[rng_.UniformInt(i + 1)]);
      }
    }
    const size_t row =
        static_cast<size_t>(permutation_[static_cast<size_t>(position_ % data_.rows)]);
    ++position_;
    const size_t d = static_cast<size_t>(data_.dimension);
    std::copy_n(data_.features.begin() + static_cast<std::ptrdiff_t>(row * d), d, contexts.begin());
    label_ = data_.labels[row];
    for (size_t a = 0; a < mean_losses.size(); ++a) {
      mean_losses[a] = static_cast<int64_t>(a) == label_ ? 0.0 : 1.0;
    }
  }

  double Loss(int64_t arm) override { return arm == label_ ? 0.0 : 1.0; }

 protected:
  bool Realizable() const override { return false; }

 private:
  Dataset data_;
  Order order_;
  random::Rng rng_;
  std::vector<int64_t> permutation_;
  int64_t position_ = 0;
  int64_t label_ = 0;
};

registry::ComponentSpec ClassificationSpec() {
  registry::ComponentSpec spec;
  spec.name = "classification";
  spec.summary =
      "classification data as a bandit: K = classes, one shared context per round, loss "
      "1[arm != label]; shuffled, class-sorted or file order; CSV or LIBSVM";
  spec.citation =
      "regretlab docs/theory/contextual.md section 5.7; the standard reduction used by NeuralUCB "
      "and Deb et al.";
  core::ParamSpec dataset;
  dataset.name = "dataset";
  dataset.type = core::ParamType::kString;
  dataset.help =
      "data file: absolute, relative to the working directory, or a name in environments/data";
  spec.params = {
      dataset, ChoiceParam("format", "csv", {"csv", "libsvm"}, "file format"),
      core::BoolParam("header", true, "CSV only: the first line is a header"),
      IntegerSetting("num_classes", 0, 0, "0 = max label + 1; else labels in [0, num_classes)"),
      ChoiceParam(
          "order", "shuffled", {"shuffled", "sorted", "file"},
          "presentation order: per-replicate shuffles, sorted by class, or as in the file")};
  spec.test_params = {{"dataset", std::string("wine.csv")}};
  spec.validate = [](const core::Params& params) -> std::string {
    LoadFromParams(params);  // throws a ConfigError naming the data file and line
    return "";
  };
  spec.summarize = [](const core::Params& params) {
    const Dataset data = LoadFromParams(params);
    std::vector<int64_t> examples(static_cast<size_t>(data.num_classes), 0);
    for (const int64_t label : data.labels) ++examples[static_cast<size_t>(label)];
    const auto [fewest, most] = std::minmax_element(examples.begin(), examples.end());
    // The dataset as the spec names it, not the resolved path: the file must not depend on
    // where the checkout lies.
    return params.String("dataset") + ": " + std::to_string(data.rows) + " rows, " +
           std::to_string(data.dimension) + " features, " + std::to_string(data.num_classes) +
           " classes (" + std::to_string(*fewest) + " to " + std::to_string(*most) +
           " examples a class)";
  };
  return spec;
}

REGRETLAB_REGISTER_ENVIRONMENT(protocol::ContextualBanditProtocol, Classification,
                               ClassificationSpec());

}  // namespace
}  // namespace regretlab::environments::contextual
