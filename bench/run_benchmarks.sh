#!/usr/bin/env bash
# Reproduces the throughput figures of docs/benchmarks.md (K = 10 Bernoulli arms). Needs a release
# build: cmake --preset release && cmake --build --preset release. Run on a quiet machine.
#
# Two comparisons per point, each from one invocation (hand loop and engine back to back):
#   all metrics  engine records pseudo, realized (and for EXP3 expected) regret, best-arm pulls,
#                wall times and bounds; the hand loop computes pseudo, realized (and expected)
#                regret at the same checkpoints (--hand-realized 1): the same random numbers.
#   pseudo only  engine records pseudo-regret and best-arm pulls (plus wall times and bounds);
#                the hand loop computes pseudo-regret only.
set -euo pipefail
cd "$(dirname "$0")/.."
# REGRETLAB_BIN_DIR: another build with the same flags (e.g. build/ci/bin, Release as well).
bin_dir=${REGRETLAB_BIN_DIR:-build/release/bin}
bench=$bin_dir/regretlab_bench
run() {  # run LABEL ARGS...
  local label=$1
  shift
  "$bench" "$@" | tail -n 1 | sed "s/\$/   [$label]/"
}
"$bench" --algorithm ucb1 --horizon 10 --replicates 1 | head -n 1
for threads in 1 2; do
  for point in "ucb1 100000 100" "ucb1 100000 1000" "ucb1 1000000 100" "ucb1 1000000 1000" \
               "exp3 100000 100" "exp3 100000 1000" "exp3 1000000 100" \
               "thompson_sampling 100000 100" "thompson_sampling 100000 1000" \
               "thompson_sampling 1000000 100"; do
    read -r algorithm horizon replicates <<<"$point"
    common=(--algorithm "$algorithm" --horizon "$horizon" --replicates "$replicates" --threads "$threads")
    run "all metrics" "${common[@]}" --hand-realized 1
    if [ "$algorithm" != thompson_sampling ]; then
      run "pseudo only" "${common[@]}" --metrics '"pseudo_regret","best_arm_pulls"'
    fi
  done
done

# Neural contextual bandits (issue 6, docs/benchmarks.md): time per round of the C++ learners and
# of the PyTorch reference script (needs Debian's python3-torch; skipped without it).
"$bin_dir/regretlab_neural_cb_bench" --rounds 20000
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 bench/neural_cb_torch.py --rounds 2000
fi
