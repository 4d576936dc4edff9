# Shared by the cluster tests: a small spec, a reference run, and result checks.
# shellcheck shell=bash
write_spec() {  # write_spec FILE
  cat > "$1" <<'SPEC'
name = "cluster_check"
seed = 777
horizon = 20000
replicates = 24
replicate_block = 3
checkpoints = { kind = "geometric", count = 25 }
[[environments]]
name = "bernoulli"
means = [0.3, 0.5, 0.7]
[[environments]]
name = "needle"
num_arms = 5
[[algorithms]]
name = "ucb1"
[[algorithms]]
name = "exp3"
SPEC
}
passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok: $what"
  else
    failed=$((failed + 1))
    echo "FAILED: $what"
  fi
}
identical() { h5diff -q "$1" "$2" /cells /cells; }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}
# Under AddressSanitizer (tools/test_sanitizers.sh), LeakSanitizer can tell Open MPI's own
# allocations (suppressed by library in tools/sanitizers/lsan.supp) only from full stacks: Open MPI's
# components have no frame pointers and MPI_Finalize unloads them before the leak check. The slow
# unwinder costs little on these small runs; without ASan the variable is unused.
asan_full_stacks_for_mpi() {
  if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"; fi
}
