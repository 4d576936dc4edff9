#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build everything
# with warnings as errors, and run the default test suite: unit, invariant, closed-form, theory,
# conformance, determinism, error, CLI and plotting tests, and the cluster checks (a one-node
# Slurm job array, mpirun, and 20 kill-and-resume points). Then the sanitizer stages
# (tools/test_sanitizers.sh, docs/reliability.md): the default suite under AddressSanitizer +
# UBSan, the determinism, engine and concurrency tests under ThreadSanitizer; and a short fuzz
# stage (tools/fuzz.sh: each libFuzzer target 20 s). A failing stage fails the run. Slow statistical checks are separate: tools/test_slow.sh.
# REGRETLAB_BUILD_LOCK=FILE serialises the builds with other builds on the machine (flock).
set -euo pipefail
cd "$(dirname "$0")/.."
build_lock=()
if [ -n "${REGRETLAB_BUILD_LOCK:-}" ]; then build_lock=(flock "$REGRETLAB_BUILD_LOCK"); fi
run_start=$(date +%s)
start=$run_start
bash tools/install_deps.sh
echo "== install_deps: $(($(date +%s) - start)) s"
start=$(date +%s)
cmake --preset ci >/dev/null
"${build_lock[@]}" cmake --build --preset ci -j "$(nproc)"
echo "== ci build: $(($(date +%s) - start)) s"
start=$(date +%s)
status=0
ctest --preset ci || status=$?
# CTest shows a passing test's output only in its log: print what the cluster checks compared.
echo "== cluster checks (from build/ci/Testing/Temporary/LastTest.log)"
grep -E '^(ok|FAILED): |^kill [0-9]+ at |^[0-9]+ passed, [0-9]+ failed$' \
  build/ci/Testing/Temporary/LastTest.log || true
echo "== ci tests: $(($(date +%s) - start)) s"
start=$(date +%s)
bash tools/test_sanitizers.sh || { [ "$status" != 0 ] || status=1; }
echo "== sanitizer stages: $(($(date +%s) - start)) s"
# Fuzzing (docs/reliability.md): each libFuzzer target 20 s from its seeds; a fault in regretlab
# fails (one inside the HDF5 library is reported, not fixable here).
echo "== fuzz: tools/fuzz.sh --seconds 20 --fresh --keep-going"
start=$(date +%s)
bash tools/fuzz.sh --seconds 20 --fresh --keep-going || { [ "$status" != 0 ] || status=1; }
echo "== fuzz: $(($(date +%s) - start)) s (build and runs)"
echo "== total: $(($(date +%s) - run_start)) s"
exit "$status"
