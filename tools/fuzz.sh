#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang++ with ASan + UBSan; fuzz/) and runs each
# from its seed corpus (fuzz/corpus/<target>/) for a number of executions or seconds, one process
# per target, one target at a time. Exits non-zero if any target finds a crash, a sanitizer report,
# an uncaught exception, a hang (an input slower than --timeout seconds) or an out-of-memory; the
# input is saved as build/fuzz/artifacts/<target>-crash-* (or -timeout-*, -oom-*). New inputs go
# to build/fuzz/corpus/<target>/, never into the committed seeds. docs/reliability.md, "Fuzzing".
#
#   tools/fuzz.sh [--runs N | --seconds S] [--timeout S] [--seed N] [--fresh] [--no-build]
#                 [--keep-going] [TARGET...]
#     --runs N      executions per target (libFuzzer -runs)
#     --seconds S   wall-clock seconds per target (libFuzzer -max_total_time); default 20
#     --seed N      libFuzzer's random seed (default 1: a run from the same corpus repeats itself)
#     --fresh       start from the committed seeds only, in an empty working corpus (CI)
#     --no-build    run the binaries already in build/fuzz/bin (no configure, no build)
#     --keep-going  record crashes, hangs and OOMs and go on (libFuzzer -fork=1 -ignore_*: still
#                   one fuzzing process at a time), then replay each input saved and fail unless
#                   its stack starts inside libhdf5: Debian's HDF5 1.10.8 itself crashes and hangs
#                   on some damaged files, which no regretlab change can fix (docs/reliability.md)
#     TARGET        spec_plan, result_file, dataset (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=20)
timeout=30
seed=1
fresh=0
build=1
keep_going=()
targets=()
while (($#)); do
  case "$1" in
    --runs) limit=(-runs="$2"); shift 2 ;;
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;  # default 30: some cell checks plan for seconds
    --seed) seed="$2"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --no-build) build=0; shift ;;
    --keep-going) keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(spec_plan result_file dataset)

if ((build)); then
  cmake --preset fuzz >/dev/null
  # One build at a time on shared machines (the lock is free when nobody else builds).
  flock /tmp/regretlab-build.lock cmake --build --preset fuzz -j 2
fi

# The readers take paths, so every input is written to a file first: on a tmpfs that costs a sixth
# of what it costs on disk (fuzz/fuzz_scratch.h puts its folder under TMPDIR).
if [[ -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
# Per target: the largest input worth trying, and its dictionary.
declare -A max_len=([spec_plan]=16384 [result_file]=262144 [dataset]=8192)
declare -A extra=([spec_plan]="-dict=fuzz/spec_plan.dict")
# Where a saved input's report says the fault is: "libhdf5" when every stack of the report (the
# fault's, and where ASan says the memory came from: an allocation or a stack frame) starts, past
# the sanitizers', libFuzzer's and libc's frames, inside the HDF5 library; "regretlab" otherwise
# (e.g. HDF5 writing past a buffer regretlab handed it).
fault_site() {  # TARGET ARTIFACT
  local report
  report="$(timeout $((timeout * 2 + 30)) "build/fuzz/bin/${1}_fuzzer" -timeout="$timeout" \
    -rss_limit_mb=2048 "$2" 2>&1 || true)"
  # No stack at all (the input no longer fails as saved): counted as regretlab's, to be looked at.
  if ! grep -qE '^ +#[0-9]+ ' <<<"$report"; then
    echo regretlab
  elif grep -E '^ +#[0-9]+ ' <<<"$report" | awk '
      /^ +#0 / { fresh = 1 }
      fresh && !/__interceptor_|__sanitizer|__asan|__ubsan|fuzzer::|libc\.so|in (malloc|calloc|realloc|free|operator new)/ {
        print; fresh = 0 }' | grep -qv 'libhdf5'; then
    echo regretlab
  else
    echo libhdf5
  fi
}

status=0
mkdir -p build/fuzz/artifacts
for target in "${targets[@]}"; do
  [[ -n "${max_len[$target]:-}" ]] || { echo "fuzz.sh: unknown target $target" >&2; exit 2; }
  working="build/fuzz/corpus/$target"
  mkdir -p build/fuzz/corpus
  if ((fresh)); then working="$(mktemp -d "build/fuzz/corpus/fresh-$target.XXXXXX")"; fi
  mkdir -p "$working"
  log="build/fuzz/$target.log"
  echo "== fuzz $target (${limit[*]})"
  start=$SECONDS
  marker="$(mktemp)"  # artifacts newer than this are this run's
  # -rss_limit_mb: a reader that trusts a size in its input shows up as an OOM, not a swap storm.
  # ${extra[...]} is unquoted on purpose: empty for targets without a dictionary.
  # shellcheck disable=SC2086
  if "build/fuzz/bin/${target}_fuzzer" "$working" "fuzz/corpus/$target" \
      "${limit[@]}" "${keep_going[@]}" -seed="$seed" -timeout="$timeout" -rss_limit_mb=2048 \
      -max_len="${max_len[$target]}" -artifact_prefix="build/fuzz/artifacts/$target-" \
      -print_final_stats=1 ${extra[$target]:-} >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    grep -E 'ERROR|SUMMARY|Test unit written|terminate|what\(\)' "$log" | head -20 || true
  fi
  if ((${#keep_going[@]})); then
    # Fork mode went on past what it found: only faults outside the HDF5 library fail the run.
    found=0
    result=ok
    while IFS= read -r artifact; do
      found=1
      site="$(fault_site "$target" "$artifact")"
      echo "found ($site): $artifact"
      if [[ "$site" == regretlab ]]; then result=FAILED; fi
    done < <(find build/fuzz/artifacts -name "$target-*" -newer "$marker" | sort)
    if ((!found)) && ! grep -q '^INFO: exiting: 0\|^INFO: fuzzed for' "$log"; then result=FAILED; fi
  fi
  [[ "$result" == ok ]] || status=1
  rm -f "$marker"
  # The last status line (#N ... cov ft corp exec/s) and the executions libFuzzer counted (fork
  # mode prints no stat:: lines; its status lines count the executions of every job).
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  [[ -n "$runs" ]] || runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
  if ((fresh)); then rm -rf "$working"; fi
  echo "$result: $target: ${runs:-?} executions in $((SECONDS - start)) s; last: $last (log $log)"
done
exit "$status"
