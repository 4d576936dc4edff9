#!/usr/bin/env bash
# Regenerates tests/conformance/registered_names.txt, the snapshot of every registered name
# ("kind protocol name": algorithms, environments, bounds, protocols, metrics) that the
# [conformance] suite compares with the live registry. Names key spec and result files: regenerate
# only for a deliberate addition, rename or removal, and commit the file with that change.
#   tools/regen_registered_names.sh [REGRETLAB_TESTS]
# The source is the test binary (default build/ci/bin/regretlab_tests, build its target first),
# through its hidden [regen_registered_names] case, which links every registered component and
# writes the metrics too (`regretlab list` prints them in another form).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/ci/bin/regretlab_tests}
[ -x "$binary" ] || {
  echo "regen_registered_names: no test binary at $binary (build the regretlab_tests target)" >&2
  exit 2
}
snapshot=tests/conformance/registered_names.txt
if ! log=$(REGRETLAB_REGISTERED_NAMES="$PWD/$snapshot" "$binary" "[regen_registered_names]" 2>&1); then
  echo "$log" >&2
  exit 1
fi
echo "regen_registered_names: wrote $snapshot"
git --no-pager diff --stat -- "$snapshot" || true
