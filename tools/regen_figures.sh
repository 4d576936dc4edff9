#!/usr/bin/env bash
# Regenerates docs/figures/<spec>/ — every figure of one experiment per family, drawn by the one
# analysis package (analysis/python/regretlab) — from each spec run at its `reduced` size
# (`regretlab verify --reduced`, which also checks the spec's claims), and the quick start's HTML
# page screenshot docs/figures/quickstart_html.png when results/quickstart.html exists.
#   tools/regen_figures.sh [REGRETLAB]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/ci/bin/regretlab}
[ -x "$binary" ] || { echo "regen_figures: no regretlab binary at $binary (build first)" >&2; exit 2; }
specs=(minimax_needle log_barrier_bandits log_barrier_sqrt_k streaming_scaling neural_cb
       sea_phase_diagram lmdp_k_scaling)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in "${specs[@]}"; do
  # verify exits 1 when a claim is not reproduced: a finding, not a reason to draw no figure.
  "$binary" verify --reduced --threads "$(nproc)" --keep "$work" "experiments/$name.toml" || true
  rm -rf "docs/figures/$name"
  PYTHONPATH=analysis/python /usr/bin/python3 -m regretlab figures "$work/$name.reduced.h5" \
    -o "docs/figures/$name"
done
if [ -f results/quickstart.html ]; then
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
    --screenshot=docs/figures/quickstart_html.png "file://$PWD/results/quickstart.html" 2>/dev/null
  echo "regen_figures: wrote docs/figures/quickstart_html.png"
fi
