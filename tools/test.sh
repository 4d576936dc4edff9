#!/usr/bin/env bash
# The README's second command (and what .ci/run calls): install what is missing, build everything
# with warnings as errors, and run the default test suite (unit, invariant, closed-form, theory,
# conformance, determinism, error, CLI and plotting tests). Slow statistical checks are separate:
# tools/test_slow.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci
