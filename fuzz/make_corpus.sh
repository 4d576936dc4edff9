#!/usr/bin/env bash
# Regenerates the seed corpora and the spec dictionary of the fuzz targets (fuzz/corpus/<target>/,
# fuzz/spec_plan.dict) from real inputs: the repository's specs, result and part files written by
# the real CLI, and slices of the shipped datasets. The corpora are committed; rerun this when the
# spec format or the HDF5 schema changes (the result-file seeds must be of the current schema).
#
#   fuzz/make_corpus.sh [REGRETLAB]    REGRETLAB: the CLI to write result files with
#                                      (default build/ci/bin/regretlab)
set -euo pipefail
cd "$(dirname "$0")/.."
regretlab="${1:-build/ci/bin/regretlab}"
[[ -x "$regretlab" ]] || { echo "make_corpus: no CLI at $regretlab (build the ci preset)" >&2; exit 2; }
corpus=fuzz/corpus
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- spec_plan: every spec of the repository, and a few with --set overrides after NUL bytes.
rm -rf "$corpus/spec_plan" && mkdir -p "$corpus/spec_plan"
for spec in experiments/*.toml tests/golden/specs/*.toml examples/expert_advice/*.toml; do
  # Left out: specs whose cell checks cost seconds under the sanitizers, by design and bounded
  # (the exact LMDP planners explore up to 2e6 belief nodes; neural_cb loads a 1.4 MB dataset per
  # cell). They would only slow the search; tests/golden/specs cover their protocols.
  case "$(basename "$spec")" in
    lmdp_alpha_vector_oracle.toml | lmdp_h_sweep.toml | neural_cb.toml) continue ;;
  esac
  cp "$spec" "$corpus/spec_plan/$(basename "$(dirname "$spec")")_$(basename "$spec")"
done
with_sets() {  # SPEC OUT SET...
  local spec="$1" out="$2"; shift 2
  { cat "$spec"; for set in "$@"; do printf '\0%s' "$set"; done; } >"$corpus/spec_plan/$out"
}
with_sets experiments/quickstart.toml set_quickstart replicates=8 'sweep.horizon=[100,1000]'
with_sets experiments/quickstart.toml set_index 'algorithms.1.exploration=0.5' checkpoints.kind=linear
with_sets tests/golden/specs/bandit.toml set_bare_word 'environments.0.name=gaussian' 'seed=7'

# --- spec_plan.dict: the spec's keys and every registered name, quoted for libFuzzer.
{
  for key in name seed horizon replicates checkpoints kind count rounds geometric linear explicit \
             metrics bounds environments algorithms sweep replicate_block description claims \
             baseline reduced quantity metric source cells versus parameter bound expected \
             tolerance at_most at_least full_size exponent verdict difference ratio final holds \
             violated environment algorithm '[[environments]]' '[[algorithms]]' '[[claims]]' \
             '[sweep]' '= [' '= {' '="' 'true' 'false' 'inf' 'nan' '1e300' '-0' '0x' '"""'; do
    printf '"%s"\n' "${key//\"/\\\"}"
  done
  "$regretlab" list | awk '/^  [a-z]/ {print $1}' | sort -u | sed 's/.*/"&"/'
  "$regretlab" list | awk '/^  [a-z]/ {print $1}' | sort -u | while read -r component; do
    "$regretlab" describe "$component" 2>/dev/null | awk '/^  parameters:/ {p=1; next}
      /^  [a-z]/ {p=0} p && /^    [a-z_0-9]+ / {print $1}' || true  # protocols: no describe
  done | sort -u | sed 's/.*/"&"/'
} | awk '!seen[$0]++' >fuzz/spec_plan.dict

# --- result_file: result files and part files written by the CLI from tiny specs. Each part seed
# comes from a plan of one work unit, so that merging the one part succeeds and the fuzzer
# reaches assembly and analysis.
rm -rf "$corpus/result_file" && mkdir -p "$corpus/result_file"
cat >"$work/bandit.toml" <<'TOML'
name = "fuzz_bandit"
seed = 1
replicates = 3
checkpoints = { kind = "geometric", count = 4 }
[[environments]]
name = "bernoulli"
means = [0.2, 0.8]
[[algorithms]]
name = "ucb1"
[sweep]
horizon = [20, 40, 80]
[[claims]]
name = "slope"
quantity = "exponent"
metric = "pseudo_regret"
parameter = "horizon"
cells = { algorithm = "ucb1" }
at_most = 1.0
source = "fuzz seed"
[[claims]]
name = "bound"
quantity = "verdict"
bound = "ucb1_auer2002"
expected = "holds"
source = "fuzz seed"
TOML
cat >"$work/unit.toml" <<'TOML'
name = "fuzz_unit"
seed = 2
horizon = 30
replicates = 2
checkpoints = { kind = "linear", count = 3 }
[[environments]]
name = "gaussian"
means = [0.1, 0.5, 0.4]
[[algorithms]]
name = "ucb1"
TOML
cat >"$work/contextual.toml" <<'TOML'
name = "fuzz_contextual"
seed = 3
horizon = 25
replicates = 2
checkpoints = { kind = "explicit", rounds = [5, 10] }
[[environments]]
name = "classification"
dataset = "wine.csv"
[[algorithms]]
name = "lin_ucb"
TOML
cat >"$work/paired.toml" <<'TOML'
name = "fuzz_paired"
seed = 4
horizon = 20
replicates = 2
checkpoints = { kind = "linear", count = 2 }
baseline = "ucb1"
[[environments]]
name = "bernoulli"
means = [0.3, 0.6]
[[algorithms]]
name = "ucb1"
[[algorithms]]
name = "moss"
TOML
"$regretlab" run "$work/bandit.toml" -o "$work/bandit.h5" --threads 1 --quiet
"$regretlab" run "$work/contextual.toml" -o "$work/contextual.h5" --threads 1 --quiet
"$regretlab" run "$work/paired.toml" -o "$work/paired.h5" --threads 1 --quiet
cp "$work/paired.h5" "$corpus/result_file/result_paired.h5"
cp "$work/bandit.h5" "$corpus/result_file/result_bandit_sweep.h5"
cp "$work/contextual.h5" "$corpus/result_file/result_contextual.h5"
for spec in unit contextual; do
  # Shard 0 of 2 of a one-unit plan: the unit's part stays in OUT.parts, nothing is assembled.
  "$regretlab" run "$work/$spec.toml" -o "$work/${spec}_part.h5" --shard 0/2 --threads 1 --quiet
  cp "$work/${spec}_part.h5.parts/"*.h5 "$corpus/result_file/part_$spec.h5"
done

# --- dataset: one option byte (fuzz/dataset_fuzzer.cc: bit 0 LIBSVM, bit 1 header, bits 2-4
# num_classes) and the first rows of each shipped dataset, as CSV and converted to LIBSVM.
rm -rf "$corpus/dataset" && mkdir -p "$corpus/dataset"
for data in environments/data/*.csv; do
  base="$(basename "$data" .csv)"
  { printf '\x02'; head -n 13 "$data" | cut -d, -f1-12; } >"$corpus/dataset/csv_header_$base"
  { printf '\x00'; sed -n '2,9p' "$data" | cut -d, -f1-6; } >"$corpus/dataset/csv_$base"
  { printf '\x01'; sed -n '2,13p' "$data" | cut -d, -f1-12 | awk -F, '{
      line = $1; for (i = 2; i <= NF; ++i) if ($i + 0 != 0) line = line " " (i - 1) ":" $i
      print line }'; } >"$corpus/dataset/libsvm_$base"
done
printf '\x0d1 1:0.5 3:-2\n0 2:1\n\n2 1:1 2:1 3:1\n' >"$corpus/dataset/libsvm_classes3"

du -sh "$corpus"/* fuzz/spec_plan.dict
