#!/usr/bin/env bash
# Regenerates the golden playthroughs tests/golden/<name>.h5 from tests/golden/specs/<name>.toml
# with the given regretlab binary (default build/ci/bin/regretlab). Read tests/golden/README.md
# first: regenerating is legitimate only for a deliberate change of results, in its own commit.
#   tools/regen_golden.sh [REGRETLAB] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/ci/bin/regretlab}
shift || true
[ -x "$binary" ] || { echo "regen_golden: no regretlab binary at $binary (build first)" >&2; exit 2; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for spec in tests/golden/specs/*.toml; do names+=("$(basename "$spec" .toml)"); done
fi
for name in "${names[@]}"; do
  spec=tests/golden/specs/$name.toml
  [ -f "$spec" ] || { echo "regen_golden: no spec $spec" >&2; exit 2; }
  "$binary" run "$spec" -o "tests/golden/$name.h5" --threads 1 --force --quiet
  echo "regen_golden: wrote tests/golden/$name.h5"
done
