#!/usr/bin/env bash
# Crash safety: kill -9 a run at 20 pseudo-random moments (fixed seed); after each kill, --resume
# must complete the run and give result datasets identical (h5diff) to an uninterrupted run.
# Usage: kill_resume_test.sh REGRETLAB_BINARY
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/spec.toml" <<'SPEC'
name = "kill_resume"
seed = 4242
horizon = 40000
replicates = 96
replicate_block = 4
checkpoints = { kind = "geometric", count = 30 }
[[environments]]
name = "bernoulli"
means = [0.2, 0.4, 0.5, 0.55, 0.6]
[[algorithms]]
name = "ucb1"
[[algorithms]]
name = "thompson_sampling"
[[algorithms]]
name = "exp3"
SPEC
start=$(date +%s.%N)
"$bin" run "$work/spec.toml" -o "$work/reference.h5" --threads 2 --quiet || exit 1
reference_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')
echo "reference run: ${reference_seconds} s"
RANDOM=2026  # the kill moments are pseudo-random but the same on every run of this test
passed=0
failed=0
for i in $(seq 1 20); do
  out="$work/run_$i.h5"
  # A moment between 2% and 98% of the reference run time (parts written, assembly, rename...).
  delay=$(awk -v r="$RANDOM" -v s="$reference_seconds" 'BEGIN{printf "%.3f", s*(0.02+0.96*r/32767)}')
  "$bin" run "$work/spec.toml" -o "$out" --threads 2 --quiet &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  parts=$(find "$out.parts" -maxdepth 1 -name '*.h5' ! -name '.*' 2>/dev/null | wc -l)
  stale=$(find "$out.parts" -maxdepth 1 -name '.*.tmp.*' 2>/dev/null | wc -l)
  if "$bin" run "$work/spec.toml" -o "$out" --threads 2 --resume --quiet &&
     h5diff -q "$work/reference.h5" "$out" /cells /cells && [ ! -e "$out.parts" ] &&
     [ ! -e "$out.partial" ]; then
    passed=$((passed + 1))
    echo "kill $i at ${delay} s ($parts parts on disk, $stale stale temporaries): resumed, identical"
  else
    failed=$((failed + 1))
    echo "kill $i at ${delay} s: FAILED"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
