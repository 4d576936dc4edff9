#!/usr/bin/env bash
# Reproduces the OCO throughput table of docs/benchmarks.md: d = 10, T = 10^5, R = 100 replicates
# per algorithm, one thread; rounds per second per cell = R·T / (the cell's /cost seconds).
# Needs a release build (cmake --build --preset release --target regretlab) and Debian's
# /usr/bin/python3 with h5py. Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for spec in bench/oco_throughput.toml bench/oco_throughput_simplex.toml; do
  build/release/bin/regretlab run "$spec" -o "$out/$(basename "$spec" .toml).h5" --threads 1 \
    > /dev/null 2> "$out/log" || { cat "$out/log" >&2; exit 2; }
  /usr/bin/python3 - "$out/$(basename "$spec" .toml).h5" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
for cell_id, cell in sorted(f["cells"].items()):
    rounds = int(cell.attrs["horizon"]) * int(cell.attrs["replicates"])
    seconds = float(f["cost"][cell_id].attrs["seconds"])
    environment = cell.attrs["environment"]
    environment = environment.decode() if isinstance(environment, bytes) else environment
    algorithm = cell.attrs["algorithm"]
    algorithm = algorithm.decode() if isinstance(algorithm, bytes) else algorithm
    print(f"{algorithm:<60} {environment.split('{')[0]:<14} {seconds:8.2f} s  "
          f"{rounds / seconds:10.3e} rounds/s")
PY
done
