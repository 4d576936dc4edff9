#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main experiment
# (experiments/quickstart.toml) → results/quickstart.h5, results/quickstart.png, the report and its
# HTML page results/quickstart.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_deps.sh
cmake --preset release -DREGRETLAB_BUILD_TESTS=OFF -DREGRETLAB_BUILD_BENCH=OFF >/dev/null
# The CLI and the Python module regretlab._core (analysis/python/regretlab/_core*.so): after this,
# Debian's python3 can `import regretlab` and run experiments in-process (README, "From Python").
cmake --build --preset release -j "$(nproc)" --target regretlab regretlab_python_core
mkdir -p results
# --resume: re-running the quick start finishes an interrupted run or finds it already complete;
# it never replaces a result of another spec.
build/release/bin/regretlab run experiments/quickstart.toml -o results/quickstart.h5 --resume
/usr/bin/python3 analysis/python/plot_regret.py results/quickstart.h5 -o results/quickstart.png
# The page and figure are the quick start's own outputs, rewritten on every run (--force).
build/release/bin/regretlab report results/quickstart.h5 --html results/quickstart.html --force
echo "quickstart: wrote results/quickstart.h5, results/quickstart.png and results/quickstart.html"
