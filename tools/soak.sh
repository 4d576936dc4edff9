#!/usr/bin/env bash
# Soak runs (issue 20, docs/reliability.md "Soak"): many tiny cells, many work units. Samples the
# process's resident memory and open file descriptors once a second from start to end, then
# times `regretlab report` on the result.
#   tools/soak.sh [BIN] [WORKDIR]     (default build/ci/bin/regretlab, a new temporary folder)
# Prints, per run: cells, units, wall time, RSS and descriptors in the first and last tenth of
# the samples and their maxima, and the report's wall time; exits 1 if a run or report fails.
set -euo pipefail
bin=${1:-build/ci/bin/regretlab}
work=${2:-$(mktemp -d)}
mkdir -p "$work"

# 100 horizons x 100 exploration constants = 10^4 cells of one replicate each (T <= 208).
horizons=$(seq -s, 10 2 208)
explorations=$(seq -s, 0.5 0.02 2.48)
cat >"$work/cells.toml" <<TOML
name = "soak_cells"
seed = 1
replicates = 1
checkpoints = { kind = "geometric", count = 4 }
metrics = ["pseudo_regret"]
bounds = []

[[environments]]
name = "bernoulli"
means = [0.3, 0.5, 0.7]

[[algorithms]]
name = "ucb1"

[sweep]
horizon = [$horizons]
ucb1.exploration = [$explorations]
TOML

# 10 cells x 10^4 replicates in blocks of 1 = 10^5 work units (T = 50).
cat >"$work/units.toml" <<TOML
name = "soak_units"
seed = 2
horizon = 50
replicates = 10000
replicate_block = 1
checkpoints = { kind = "geometric", count = 4 }
metrics = ["pseudo_regret"]
bounds = []

[[environments]]
name = "bernoulli"
means = [0.3, 0.5, 0.7]

[[algorithms]]
name = "ucb1"

[[algorithms]]
name = "moss"

[[algorithms]]
name = "exp3"

[[algorithms]]
name = "thompson_sampling"

[[algorithms]]
name = "kl_ucb"

[[algorithms]]
name = "ucb1"
exploration = 1.0

[[algorithms]]
name = "tsallis_inf"

[[algorithms]]
name = "exp3"
eta = 0.05

[[algorithms]]
name = "exp3_ix"

[[algorithms]]
name = "epsilon_greedy"
TOML

status=0
for name in cells units; do
  out=$work/$name.h5
  samples=$work/$name.samples
  : >"$samples"
  start=$(date +%s.%N)
  "$bin" run "$work/$name.toml" -o "$out" --force --quiet --threads 2 >"$work/$name.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
    [ -n "$rss" ] && echo "$rss $fds" >>"$samples"
    sleep 1
  done
  wait "$pid" || { echo "soak $name: the run failed"; cat "$work/$name.log"; status=1; continue; }
  end=$(date +%s.%N)
  report_start=$(date +%s.%N)
  "$bin" report "$out" >"$work/$name.report" 2>&1 || { echo "soak $name: report failed"; status=1; }
  report_end=$(date +%s.%N)
  /usr/bin/python3 - "$samples" "$name" "$start" "$end" "$report_start" "$report_end" \
    "$(h5ls "$out/cells" 2>/dev/null | wc -l)" "$(grep -o '[0-9]* work units' "$work/$name.log" | head -1)" <<'PY'
import sys
path, name, t0, t1, r0, r1, cells, units = sys.argv[1:]
rows = [tuple(map(int, line.split())) for line in open(path) if line.strip()]
n = len(rows)
tenth = max(1, n // 10)
first, last = rows[:tenth], rows[-tenth:]
print(f"soak {name}: {cells} cells, {units}, {float(t1) - float(t0):.1f} s, {n} samples; "
      f"RSS MiB first tenth max {max(r for r, _ in first) / 1024:.1f}, last tenth max "
      f"{max(r for r, _ in last) / 1024:.1f}, overall max {max(r for r, _ in rows) / 1024:.1f}; "
      f"fds first tenth max {max(f for _, f in first)}, last tenth max {max(f for _, f in last)}, "
      f"overall max {max(f for _, f in rows)}; report {float(r1) - float(r0):.2f} s")
PY
done
echo "soak files in $work"
exit "$status"
