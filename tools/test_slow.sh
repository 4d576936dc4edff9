#!/usr/bin/env bash
# Long statistical checks, tagged [.slow] (hidden from the default suite). Builds like test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$(nproc)" --target regretlab_tests
build/ci/bin/regretlab_tests "[.slow]" --durations yes
