#!/usr/bin/env bash
# The claims of every reference experiment at reduced size (docs/claims.md): runs
#   regretlab verify --reduced --threads 2 --keep DIR experiments/NAME.toml
# for every experiments/*.toml and checks each spec's outcome: exit 0 (no claim not reproduced), or
# exit 1 with exactly the claims listed in KNOWN below as "not reproduced" (documented findings that
# contradict the source; docs/claims.md says why). Any other outcome fails, including a known
# finding that starts to reproduce (then update KNOWN and docs/claims.md). Prints a table.
# Usage: verify_experiments_test.sh BIN SRC
# REGRETLAB_VERIFY_SKIP="NAME...": specs not run, listed as skipped (the sanitizer stage skips one
# whose cost under AddressSanitizer is out of proportion; tools/test_sanitizers.sh says which, why).
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Claims measured "not reproduced" at reduced size (spec -> space-separated claim names).
declare -A KNOWN=(
  [lmdp_determinism]="vo_regret_rises_with_p"
  [lmdp_k_scaling]="lmdp_value_optimistic_sqrt_k lmdp_model_optimistic_sqrt_k"
  [log_barrier_sqrt_k]="lb_po_sqrt_k ew_po_k_two_thirds"
  [neural_cb]="neu_fast_cb_below_neu_square_cb neu_fast_cb_below_lin_ucb neu_fast_cb_below_lin_ts
               neu_fast_cb_below_square_cb neu_square_cb_below_neural_ucb neu_square_cb_below_lin_ucb"
  [streaming_paper]="naive_epsilon_best_below_uniform multi_level_log_star_below_uniform
                     compat_epsilon_best_below_uniform compat_reported_below_uniform"
  [streaming_scaling]="naive_epsilon_best_t_two_thirds_streaming_needle
                       multi_level_log_star_t_two_thirds_streaming_needle
                       multi_level_log_log_t_two_thirds_streaming_needle streaming_ucb1_sqrt_t"
)

failed=0
total_start=$(date +%s.%N)
printf '%-26s %4s %5s %5s %5s %5s %7s  %s\n' spec exit repr. not inc. n/e wall_s result
for spec in "$src"/experiments/*.toml; do
  name=$(basename "$spec" .toml)
  if [[ " ${REGRETLAB_VERIFY_SKIP:-} " == *" $name "* ]]; then
    printf '%-26s %4s %5s %5s %5s %5s %7s  %s\n' "$name" - - - - - - "skipped (REGRETLAB_VERIFY_SKIP)"
    continue
  fi
  start=$(date +%s.%N)
  "$bin" verify --reduced --threads 2 --keep "$work" "$spec" >"$work/$name.log" 2>&1
  code=$?
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  # Claim lines: three spaces, the status, spaces, the claim's name.
  status_of() { sed -nE "s/^   ($1) +([A-Za-z0-9_]+) .*/\2/p" "$work/$name.log"; }
  reproduced=$(status_of 'reproduced' | wc -l)
  not=$(status_of 'not reproduced' | sort | tr '\n' ' ' | sed 's/ $//')
  inconclusive=$(status_of 'inconclusive' | wc -l)
  unevaluated=$(status_of 'not evaluated \(needs full size\)' | wc -l)
  known=$(tr -s ' \n' '\n\n' <<<"${KNOWN[$name]:-}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
  want=0
  [ -n "$known" ] && want=1
  result=ok
  if [ "$code" != "$want" ] || [ "$not" != "$known" ]; then
    result="FAIL (want exit $want, not reproduced: [${known}]; got [${not}])"
    failed=$((failed + 1))
  fi
  printf '%-26s %4s %5s %5s %5s %5s %7s  %s\n' "$name" "$code" "$reproduced" \
    "$(wc -w <<<"$not")" "$inconclusive" "$unevaluated" "$wall" "$result"
  if [ "$result" != ok ]; then
    sed 's/^/    | /' "$work/$name.log" | grep -vE '^    \| +(source|  [a-z_]+-)' | tail -40
  fi
done
total=$(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "columns: exit code, claims reproduced / not reproduced / inconclusive / not evaluated (full_size)"
echo "total wall time ${total} s; ${failed} spec(s) with an unexpected outcome"
[ "$failed" = 0 ]
