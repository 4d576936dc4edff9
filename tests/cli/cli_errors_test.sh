#!/usr/bin/env bash
# The command line as a new user meets it: every bad input exits 2 with a message that names the
# file, key and valid choices, and nothing on disk is overwritten. Usage: cli_errors_test.sh BIN SRC
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect CODE PATTERN -- command...
expect() {
  local code=$1 pattern=$2
  shift 3
  local out
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" = "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $* -> exit $got (want $code), output:"
    echo "$out" | head -5
    echo "  (wanted /$pattern/)"
  fi
}

good="$src/experiments/quickstart.toml"
sed 's/name = "ucb1"/name = "ucb2"/' "$good" > "$work/unknown_algorithm.toml"
expect 2 "unknown algorithm 'ucb2'; registered: .*kl_ucb.*thompson_sampling.*ucb1" -- \
  "$bin" run "$work/unknown_algorithm.toml" -o "$work/x.h5" --quiet
printf 'name = "x"\nseed = [1,\n' > "$work/malformed.toml"
expect 2 "malformed.toml:[0-9]+: malformed TOML" -- "$bin" run "$work/malformed.toml" --quiet
sed 's/^replicates = 200/replicates = 200\ncolour = "red"/' "$good" > "$work/unknown_key.toml"
expect 2 "unknown_key.toml:[0-9]+: colour: unknown key in the spec; valid keys:" -- \
  "$bin" run "$work/unknown_key.toml" --quiet
expect 2 "means: element 0 \(1.5\) is out of range; valid: each element \[0.0, 1.0\]" -- \
  "$bin" run "$good" -o "$work/x.h5" --set 'environments.0.means=[1.5, 0.2]' --quiet
expect 2 "at least 2 are needed" -- \
  "$bin" run "$good" -o "$work/x.h5" --set 'environments.0.means=[0.5]' --quiet
expect 2 "horizon: must be in \[1," -- "$bin" run "$good" -o "$work/x.h5" --set horizon=0 --quiet
expect 2 "replicates: must be in \[1," -- "$bin" run "$good" -o "$work/x.h5" --set replicates=0 --quiet
expect 2 "replicates: cell bernoulli-.* needs [0-9.]+ GiB \(100000000 replicates x [0-9]+ checkpoints x [0-9]+ series x 8 bytes\), more than half of this machine's" -- \
  "$bin" run "$good" -o "$work/x.h5" --set replicates=100000000 --quiet
expect 2 "checkpoints.rounds: round 5000 lies beyond the horizon 1000; checkpoints must not exceed it" -- \
  "$bin" run "$good" -o "$work/x.h5" --set horizon=1000 --set checkpoints.kind=explicit \
  --set 'checkpoints.rounds=[10, 100, 5000]' --quiet
expect 2 "output directory .* does not exist" -- "$bin" run "$good" -o "$work/nope/x.h5" --quiet
echo precious > "$work/exists.h5"
expect 2 "the output file exists; use --force" -- "$bin" run "$good" -o "$work/exists.h5" --quiet
grep -qx precious "$work/exists.h5" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: exists.h5 changed"; }
expect 2 "not a readable HDF5 file" -- "$bin" run "$good" -o "$work/exists.h5" --resume --quiet
expect 2 "not a readable HDF5 file" -- "$bin" report "$work/exists.h5"
expect 2 "no such file" -- "$bin" report "$work/missing.h5"
expect 2 "unknown name 'nope'; registered: " -- "$bin" describe nope
expect 2 "cannot open the spec file" -- "$bin" run "$work/missing.toml" --quiet
# Contextual bandits (issue 6): a malformed dataset names the data file and line; a context
# dimension that disagrees with the algorithm names the spec line; nothing is written.
printf 'label,a,b\n0,1,2\n1,3\n' > "$work/ragged.csv"
printf 'name = "c"\nseed = 1\nhorizon = 50\nreplicates = 1\n[[environments]]\nname = "classification"\ndataset = "%s"\n[[algorithms]]\nname = "lin_ucb"\n' \
  "$work/ragged.csv" > "$work/ragged.toml"
expect 2 "ragged.csv:3: dataset: ragged row: 2 columns, but the first row has 3" -- \
  "$bin" run "$work/ragged.toml" -o "$work/c.h5" --quiet
sed 's|dataset = .*|dataset = "wine.csv"|; s|name = "lin_ucb"|name = "lin_ucb"\ninput_dimension = 64|' \
  "$work/ragged.toml" > "$work/dimension.toml"
expect 2 "dimension.toml:8: .*input_dimension = 64 but the environment's contexts have d = 13" -- \
  "$bin" run "$work/dimension.toml" -o "$work/c.h5" --quiet
[ ! -e "$work/c.h5" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: c.h5 written"; }
# The results layer (issue 14): report options and outputs are checked before anything is
# written; an existing output is never replaced without --force.
"$bin" run "$good" -o "$work/small.h5" --set replicates=2 --set horizon=200 --quiet
expect 2 "--baseline: no algorithm 'moss' in this file; present: exp3, kl_ucb, thompson_sampling, ucb1" -- \
  "$bin" report "$work/small.h5" --baseline moss
expect 2 "--metric: no cell records 'regret'; recorded: best_arm_pulls, expected_regret" -- \
  "$bin" report "$work/small.h5" --metric regret
echo precious > "$work/table.csv"
expect 2 "table.csv: --csv: exists; pass --force to replace it" -- \
  "$bin" report "$work/small.h5" --csv "$work/table.csv"
grep -qx precious "$work/table.csv" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: table.csv changed"; }
expect 2 "--html: is a directory" -- "$bin" report "$work/small.h5" --html "$work"
expect 0 "wrote .*summary.csv" -- "$bin" report "$work/small.h5" --summary-csv "$work/summary.csv"
expect 2 "--set algorithms.0.exploration=-1: exploration" -- \
  "$bin" run "$good" -o "$work/y.h5" --set algorithms.0.exploration=-1 --quiet
expect 0 "T = 300, .*T = 1000, .*T = 3000," -- bash -c \
  "'$bin' run '$good' -o '$work/swept.h5' --set replicates=2 --set 'sweep.horizon=[3000,300,1000]' --quiet && '$bin' report '$work/swept.h5' --metric pseudo_regret | grep '^== ucb1' | tr '\n' ' '"
expect 0 "source: sim|source: algorithms/bandit/ucb1.cc" -- "$bin" describe ucb1
expect 1 "claim\(s\) not reproduced" -- bash -c \
  "printf '[[claims]]\nname = \"never\"\nquantity = \"final\"\nmetric = \"pseudo_regret\"\ncells = { algorithm = \"ucb1\" }\nat_most = -1\nsource = \"test\"\n' | cat '$good' - > '$work/claims.toml' && '$bin' verify '$work/claims.toml' --set replicates=2 --set horizon=100"
# Hostile inputs (issue 20, first cases): each exits 2 before any work.
expect 2 "y.h5: -o: is a directory; give the result file's name" -- \
  bash -c "mkdir -p '$work/y.h5' && '$bin' run '$good' -o '$work/y.h5' --quiet"
expect 2 "--threads: must be in \[0, 4096\]" -- "$bin" run "$good" -o "$work/z.h5" --threads 1000000 --quiet
expect 2 "name: '../escape' is not a plain file name" -- \
  "$bin" run "$good" -o "$work/z.h5" --set 'name=../escape' --quiet
expect 2 "exploration: value inf is not a finite number" -- \
  "$bin" run "$good" -o "$work/z.h5" --set 'algorithms.0.exploration=inf' --quiet
expect 2 "bound 'moss_minimax' applies to no cell of the spec" -- \
  bash -c "sed 's/^metrics = /bounds = [\"moss_minimax\"]\nmetrics = /' '$good' > '$work/bound.toml' && '$bin' run '$work/bound.toml' -o '$work/z.h5' --quiet"
[ ! -e "$work/z.h5" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: z.h5 written"; }
expect 0 "run an experiment spec" -- "$bin" --help
expect 0 "ucb1_auer2002" -- "$bin" describe ucb1
expect 0 "thompson_sampling" -- "$bin" list algorithms

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
