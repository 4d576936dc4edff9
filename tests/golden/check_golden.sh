#!/usr/bin/env bash
# Golden playthroughs: runs every tests/golden/specs/<name>.toml afresh (on 2 threads, the golden
# files were written on 1) and compares /cells with tests/golden/<name>.h5 bit for bit, attributes
# included (h5diff). Any difference fails: results must not change unless deliberately (README).
#   check_golden.sh REGRETLAB SOURCE_DIR
set -euo pipefail
binary=$1
source_dir=$2
h5diff=${H5DIFF:-h5diff}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for spec in "$source_dir"/tests/golden/specs/*.toml; do
  name=$(basename "$spec" .toml)
  golden=$source_dir/tests/golden/$name.h5
  if [ ! -f "$golden" ]; then
    echo "FAILED: $name: no golden file $golden (tools/regen_golden.sh)"
    failed=$((failed + 1))
    continue
  fi
  "$binary" run "$spec" -o "$work/$name.h5" --threads 2 --quiet
  if "$h5diff" -r "$golden" "$work/$name.h5" /cells /cells > "$work/$name.diff" 2>&1; then
    echo "ok: $name: /cells identical to the golden file"
    passed=$((passed + 1))
  else
    echo "FAILED: $name: /cells differ from $golden (tools/golden_diff.py, first lines):"
    /usr/bin/python3 "$source_dir/tools/golden_diff.py" "$golden" "$work/$name.h5" | tail -n 40 || true
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
