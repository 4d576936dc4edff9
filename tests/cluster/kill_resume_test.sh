#!/usr/bin/env bash
# Crash safety: kill -9 a run at 20 pseudo-random points (fixed seed), from before the first unit
# to the final assembly; after each kill, --resume must complete the run and give result datasets
# identical (h5diff) to an uninterrupted run, and leave no parts or partial file behind.
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
"$bin" run "$work/spec.toml" -o "$work/reference.h5" --threads 2 --quiet || exit 1
units=72  # 3 cells × 96 replicates in blocks of 4
RANDOM=2026  # the kill points are pseudo-random but the same on every run of this test
passed=0
failed=0
for i in $(seq 1 20); do
  out="$work/run_$i.h5"
  # Kill point: as soon as `target` parts are on disk (0 = at once; all of them = during the final
  # assembly), plus a random 0-20 ms so the kill also lands inside unit writes.
  target=$((RANDOM % (units + 1)))
  [ "$i" = 19 ] && target=$units  # always include a kill during the final assembly...
  [ "$i" = 20 ] && target=0       # ...and one before the first unit is written
  jitter=$(awk -v r="$RANDOM" 'BEGIN{printf "%.3f", 0.02*r/32767}')
  "$bin" run "$work/spec.toml" -o "$out" --threads 2 --quiet > /dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    count=$(find "$out.parts" -maxdepth 1 -name '*.h5' ! -name '.*' 2>/dev/null | wc -l)
    [ "$count" -ge "$target" ] && break
    sleep 0.005
  done
  sleep "$jitter"
  if kill -9 "$pid" 2>/dev/null; then when="killed"; else when="finished before the kill"; fi
  wait "$pid" 2>/dev/null
  parts=$(find "$out.parts" -maxdepth 1 -name '*.h5' ! -name '.*' 2>/dev/null | wc -l)
  stale=$(find "$out.parts" -maxdepth 1 -name '.*.tmp.*' 2>/dev/null | wc -l)
  partial=""
  if [ -e "$out.partial" ]; then partial=", OUT.partial present"; fi
  if "$bin" run "$work/spec.toml" -o "$out" --threads 2 --resume --quiet > /dev/null 2>&1 &&
     h5diff -q "$work/reference.h5" "$out" /cells /cells && [ ! -e "$out.parts" ] &&
     [ ! -e "$out.partial" ]; then
    passed=$((passed + 1))
    echo "kill $i at $target/$units parts + ${jitter} s: $when ($parts parts, $stale stale temporaries$partial); resumed, identical"
  else
    failed=$((failed + 1))
    echo "kill $i at $target/$units parts + ${jitter} s: $when; FAILED"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
