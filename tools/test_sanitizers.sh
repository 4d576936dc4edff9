#!/usr/bin/env bash
# The sanitizer stages of CI (docs/reliability.md, "Sanitizers"); tools/test.sh calls this last.
#
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (UBSan findings fatal:
#         -fno-sanitize-recover=undefined), LeakSanitizer on: the default CTest suite, all of it,
#         cluster checks included (mpirun, the one-node Slurm, kill-and-resume). Only the targets
#         the suite needs are built (regretlab_tests, regretlab); the presets leave out the
#         benchmarks and the Python module, so the suite has no regretlab_python_engine test.
#         One spec is left out of verify_experiments_reduced: lmdp_alpha_vector_oracle (81 s of the
#         test's 129 s in the ci build, 440 s under ASan, which ends the test at its 600 s timeout).
#         It is the exact alpha-vector planner on a large instance; the same planner is checked
#         under ASan on smaller ones by "LMDP alpha-vector planner equals the exact planner ...".
#   tsan  ThreadSanitizer, against a libtbb built with TSan from Debian's oneTBB source
#         (tools/sanitizers/build_tsan_tbb.sh says why; no TSan suppression is used): the Catch2
#         tests tagged [determinism] or [concurrency] and every "engine:" test (one process each,
#         so every report is attributed to its test; built into the smaller
#         regretlab_concurrency_tests, tests/CMakeLists.txt), the canary (a deliberate race that
#         must be reported), then 2-thread CLI runs (progress thread, part writer, assembly) of
#         the quick start at its `reduced` size (40 replicates), the LMDP determinism spec at 3
#         replicates x 2000 rounds and the neural CB spec at 1 x 300 (their reduced sizes, 3 x
#         5000 and 3 x 2000, take 1 and ~5 min under TSan; every cell still runs, on 2 threads). Not here: the cluster checks (mpirun, Slurm; Open MPI is not built with TSan)
#         and the rest of the suite (single-threaded code; it runs under ASan).
#
# A stage fails when a test fails or when any sanitizer report was written, also by a child process
# whose exit status a shell test does not look at: every report goes to a file (log_path) in
# build/<stage>/sanitizer-reports/, which must stay empty. Suppressions: tools/sanitizers/lsan.supp
# (Open MPI's own allocations; each entry scoped to one library, with its evidence), nothing else.
#
# Usage: tools/test_sanitizers.sh [asan] [tsan]      (no argument: both)
# REGRETLAB_BUILD_LOCK=FILE serialises the builds with other builds on the machine (flock).
set -uo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan)

build_lock=()
if [ -n "${REGRETLAB_BUILD_LOCK:-}" ]; then build_lock=(flock "$REGRETLAB_BUILD_LOCK"); fi
jobs=$(nproc)

seconds_since() { echo $(($(date +%s) - $1)); }

# Prints the sanitizer reports left in $1; fails if there is any.
check_reports() {
  local dir=$1 found=0 file
  for file in "$dir"/*; do
    [ -s "$file" ] || continue
    found=1
    echo "---- sanitizer report $file"
    cat "$file"
  done
  if [ "$found" = 1 ]; then
    echo "FAILED: sanitizer reports in $dir"
    return 1
  fi
  echo "no sanitizer report"
}

build() {  # build PRESET TARGET...
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null || return 1
  if [ ${#build_lock[@]} -gt 0 ]; then
    # Say how long the lock was waited for: the stage times below include the wait.
    local asked
    asked=$(date +%s)
    "${build_lock[@]}" bash -c 'echo "   waited $(($(date +%s) - $0)) s for the build lock"
      exec "$@"' "$asked" cmake --build --preset "$preset" -j "$jobs" --target "$@"
  else
    cmake --build --preset "$preset" -j "$jobs" --target "$@"
  fi
}

stage_asan() {
  local start status=0 reports=$src/build/asan/sanitizer-reports
  start=$(date +%s)
  echo "== sanitizer stage asan: build (AddressSanitizer + UBSan; regretlab_tests, regretlab)"
  build asan regretlab_tests regretlab || return 1
  echo "   build: $(seconds_since "$start") s"
  rm -rf "$reports" && mkdir -p "$reports"
  local test_start
  test_start=$(date +%s)
  echo "== sanitizer stage asan: the default CTest suite"
  # halt_on_error: the first error ends the process (UBSan's are already fatal by the flag).
  # LeakSanitizer runs at every exit; lsan.supp holds Open MPI's own allocations only.
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_init_order=1:log_path=$reports/asan" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan" \
    LSAN_OPTIONS="suppressions=$src/tools/sanitizers/lsan.supp:print_suppressions=0" \
    REGRETLAB_VERIFY_SKIP=lmdp_alpha_vector_oracle \
    ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 1200 || status=1
  check_reports "$reports" || status=1
  echo "   tests: $(seconds_since "$test_start") s; stage asan: $(seconds_since "$start") s"
  return "$status"
}

stage_tsan() {
  local start status=0 reports=$src/build/tsan/sanitizer-reports
  start=$(date +%s)
  echo "== sanitizer stage tsan: libtbb with ThreadSanitizer (tools/sanitizers/build_tsan_tbb.sh)"
  local tbb
  tbb=$(bash tools/sanitizers/build_tsan_tbb.sh) || { echo "FAILED: libtbb with TSan"; return 1; }
  echo "   libtbb: $(seconds_since "$start") s ($tbb)"
  echo "== sanitizer stage tsan: build (ThreadSanitizer; regretlab_concurrency_tests, regretlab)"
  build tsan regretlab_concurrency_tests regretlab || return 1
  export LD_LIBRARY_PATH=$tbb${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  local loaded
  loaded=$(ldd build/tsan/bin/regretlab)
  if ! grep -q "libtbb.so.12 => $tbb/" <<<"$loaded"; then
    echo "FAILED: build/tsan/bin/regretlab does not load $tbb/libtbb.so.12"
    return 1
  fi
  echo "   build: $(seconds_since "$start") s"
  rm -rf "$reports" && mkdir -p "$reports"
  local tsan_options="second_deadlock_stack=1"
  export TSAN_OPTIONS="$tsan_options:log_path=$reports/tsan"
  local test_start name
  test_start=$(date +%s)
  echo "== sanitizer stage tsan: [determinism], [concurrency] and engine: tests"
  local spec='[determinism],[concurrency],engine:*'
  local names=()
  local tests=build/tsan/bin/regretlab_concurrency_tests
  mapfile -t names < <("$tests" "$spec" --list-test-names-only | sed '/^$/d')
  [ ${#names[@]} -gt 0 ] || { echo "FAILED: no test matches $spec"; return 1; }
  for name in "${names[@]}"; do
    # A test name is a Catch2 test spec too: escape , [ ] as catch_discover_tests does.
    local escaped=${name//,/\\,}
    escaped=${escaped//[/\\[}
    escaped=${escaped//]/\\]}
    local t0
    t0=$(date +%s)
    if (cd build/tsan && ./bin/regretlab_concurrency_tests "$escaped" >tsan-test.log 2>&1); then
      echo "ok ($(seconds_since "$t0") s): $name"
    else
      status=1
      echo "FAILED ($(seconds_since "$t0") s): $name"
      cat build/tsan/tsan-test.log
    fi
  done
  # The canary: a deliberate race in a parallel_for body (tests/sim/engine/tsan_canary_test.cc)
  # must be reported: the check that this set-up sees races in our code on TBB's worker threads.
  echo "== sanitizer stage tsan: the canary (a deliberate race in a parallel_for body) is reported"
  local canary=$src/build/tsan/canary-reports
  rm -rf "$canary" && mkdir -p "$canary"
  if (cd build/tsan && TSAN_OPTIONS="$tsan_options:log_path=$canary/tsan" \
    ./bin/regretlab_concurrency_tests "[.tsan_canary]" >tsan-test.log 2>&1); then
    status=1
    echo "FAILED: the canary's race was not reported (exit 0)"
  elif grep -qs 'WARNING: ThreadSanitizer: data race' "$canary"/* &&
    grep -qs 'tsan_canary_test.cc' "$canary"/*; then
    echo "ok: the canary's race is reported"
  else
    status=1
    echo "FAILED: the canary did not produce the expected report"
    cat build/tsan/tsan-test.log "$canary"/* 2>/dev/null
  fi
  echo "== sanitizer stage tsan: 2-thread CLI runs at reduced size"
  local work
  work=$(mktemp -d)
  # (spec, overrides): the runs in which issue 20 saw reports.
  local runs=("quickstart replicates=40"
    "neural_cb replicates=1 horizon=300"
    "lmdp_determinism replicates=3 horizon=2000")
  local run
  for run in "${runs[@]}"; do
    read -r -a words <<<"$run"
    local sets=()
    for override in "${words[@]:1}"; do sets+=(--set "$override"); done
    local t0
    t0=$(date +%s)
    if build/tsan/bin/regretlab run "experiments/${words[0]}.toml" "${sets[@]}" --threads 2 \
      -o "$work/${words[0]}.h5" >"$work/run.log" 2>&1; then
      echo "ok ($(seconds_since "$t0") s): regretlab run experiments/${words[0]}.toml ${sets[*]} --threads 2"
    else
      status=1
      echo "FAILED ($(seconds_since "$t0") s): regretlab run experiments/${words[0]}.toml ${sets[*]}"
      cat "$work/run.log"
    fi
  done
  rm -rf "$work"
  check_reports "$reports" || status=1
  echo "   tests: $(seconds_since "$test_start") s; stage tsan: $(seconds_since "$start") s"
  return "$status"
}

overall=0
for stage in "${stages[@]}"; do
  case "$stage" in
    asan) stage_asan || overall=1 ;;
    tsan) stage_tsan || overall=1 ;;
    *) echo "unknown stage '$stage' (asan, tsan)" && exit 2 ;;
  esac
  echo "== sanitizer stage $stage: $([ "$overall" = 0 ] && echo passed || echo FAILED so far)"
done
exit "$overall"
