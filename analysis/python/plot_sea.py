#!/usr/bin/python3
"""Figure of the SEA reference experiment (docs/theory/oco.md section 2.6) from regretlab HDF5 files.

Usage:
    plot_sea.py PHASE.h5 [--switching SWEEP.h5] -o FIG.png [--horizon T]

Top row (PHASE.h5, e.g. results/sea_phase_diagram.h5): one heat map per algorithm that carries
the `sea_convex_proxy` bound, at the largest horizon (or --horizon T), of the final ratio
    mean pseudo-regret(T) / (D (sqrt(sigma^2_1:T) + sqrt(Sigma^2_1:T)) + L D^2)
over the (s, rho) grid (the verdict's final_ratio attribute), on one shared log colour scale.
Bottom row (SWEEP.h5, e.g. results/sea_switching_sweep.h5): left, mean final (static)
pseudo-regret against the switching period B (log B; it can be negative: a learner that tracks
the switching mean beats the best fixed point); right, mean final dynamic regret against B,
log-log, with the least-squares slope in the legend and a reference slope -1/2.

Requires Debian's python3-h5py, python3-matplotlib, python3-numpy: run with /usr/bin/python3.
Exit status 0 on success, 2 on an input error (missing file, no such cells, nothing to plot).
"""

import argparse
import sys

import numpy as np

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

import h5py  # noqa: E402

PROXY = "sea_convex_proxy"


def fail(message):
    """An input error: message on stderr, exit status 2."""
    print(f"plot_sea.py: {message}", file=sys.stderr)
    sys.exit(2)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def params(canonical):
    """key -> value text of a canonical component text name{k=v,...} (lists kept whole)."""
    inner = canonical[canonical.index("{") + 1:canonical.rindex("}")]
    out, depth, item = {}, 0, ""
    for c in inner + ",":
        depth += c == "["
        depth -= c == "]"
        if c == "," and depth == 0:
            if "=" in item:
                key, value = item.split("=", 1)
                out[key] = value
            item = ""
        else:
            item += c
    return out


def complete_cells(path):
    try:
        f = h5py.File(path, "r")
    except OSError as error:
        fail(f"{path}: cannot open ({error})")
    if "cells" not in f:
        fail(f"{path}: not a regretlab result file (no /cells)")
    for cell_id, cell in f["cells"].items():
        if text(cell.attrs.get("status", "")) == "complete":
            yield cell_id, cell


def phase_grids(path, horizon):
    """algorithm canonical -> {(s, rho): ratio} at the chosen horizon."""
    grids, horizons = {}, set()
    cells = list(complete_cells(path))
    for _, cell in cells:
        horizons.add(int(cell.attrs["horizon"]))
    if not horizons:
        fail(f"{path}: no complete cells")
    chosen = horizon or max(horizons)
    for _, cell in cells:
        if int(cell.attrs["horizon"]) != chosen or f"verdict/{PROXY}" not in cell:
            continue
        env = params(text(cell.attrs["environment"]))
        if "s" not in env or "rho" not in env:
            continue
        ratio = float(cell[f"verdict/{PROXY}"].attrs["final_ratio"])
        algorithm = text(cell.attrs["algorithm"])
        grids.setdefault(algorithm, {})[(float(env["s"]), float(env["rho"]))] = ratio
    return chosen, grids


def switching_points(path):
    """algorithm canonical -> sorted [(B, mean final pseudo-regret, mean final dynamic regret)]."""
    points = {}
    for _, cell in complete_cells(path):
        env = params(text(cell.attrs["environment"]))
        if "period" not in env or "summary/pseudo_regret/mean" not in cell:
            continue
        final = float(cell["summary/pseudo_regret/mean"][-1])
        dynamic = (float(cell["summary/dynamic_regret/mean"][-1])
                   if "summary/dynamic_regret/mean" in cell else np.nan)
        points.setdefault(text(cell.attrs["algorithm"]), []).append(
            (int(env["period"]), final, dynamic))
    return {k: sorted(v) for k, v in points.items()}


def label(algorithm):
    """name, plus its step parameter when it has one: optimistic_omd (step=adaptive)."""
    name = algorithm.split("{")[0]
    step = params(algorithm).get("step") if "{" in algorithm else None
    return f"{name} ({step.strip(chr(34))})" if step else name


def main(argv=None):
    parser = argparse.ArgumentParser(prog="plot_sea.py", description=__doc__.splitlines()[0])
    parser.add_argument("phase")
    parser.add_argument("--switching")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--horizon", type=int)
    args = parser.parse_args(argv)

    horizon, grids = phase_grids(args.phase, args.horizon)
    if not grids:
        fail(f"{args.phase}: no cell with {PROXY} and s, rho parameters")
    sweep = switching_points(args.switching) if args.switching else {}
    columns = max(len(grids), 2)
    rows = 2 if sweep else 1
    fig = plt.figure(figsize=(3.6 * columns, 3.6 * rows), dpi=120)
    ratios = [r for g in grids.values() for r in g.values() if np.isfinite(r) and r > 0]
    norm = LogNorm(vmin=min(ratios), vmax=max(ratios))
    image = None
    for k, (algorithm, grid) in enumerate(sorted(grids.items())):
        ax = fig.add_subplot(rows, columns, k + 1)
        s_values = sorted({p[0] for p in grid})
        rho_values = sorted({p[1] for p in grid})
        matrix = np.full((len(s_values), len(rho_values)), np.nan)
        for (s, rho), ratio in grid.items():
            matrix[s_values.index(s), rho_values.index(rho)] = ratio
        image = ax.imshow(matrix, origin="lower", norm=norm, cmap="viridis")
        for i in range(len(s_values)):
            for j in range(len(rho_values)):
                ax.text(j, i, f"{matrix[i, j]:.2g}", ha="center", va="center", fontsize=6,
                        color="white")
        ax.set_xticks(range(len(rho_values)), [f"{v:g}" for v in rho_values], fontsize=7)
        ax.set_yticks(range(len(s_values)), [f"{v:g}" for v in s_values], fontsize=7)
        ax.set_xlabel("rho (adversarial)")
        ax.set_ylabel("s (stochastic)")
        ax.set_title(label(algorithm), fontsize=7)
    fig.colorbar(image, ax=fig.axes, shrink=0.6,
                 label=f"pseudo-regret / proxy at T = {horizon}")
    if sweep:
        static_ax = fig.add_subplot(rows, 2, 3)
        dynamic_ax = fig.add_subplot(rows, 2, 4)
        for algorithm, points in sorted(sweep.items()):
            periods = np.array([p[0] for p in points], dtype=float)
            finals = np.array([p[1] for p in points])
            dynamic = np.array([p[2] for p in points])
            static_ax.semilogx(periods, finals, "o-", label=label(algorithm))
            if np.all(dynamic > 0):
                slope = np.polyfit(np.log(periods), np.log(dynamic), 1)[0]
                dynamic_ax.loglog(periods, dynamic, "o-",
                                  label=f"{label(algorithm)}  slope {slope:.2f}")
        static_ax.axhline(0.0, color="k", lw=0.6)
        static_ax.set_xlabel("switching period B")
        static_ax.set_ylabel("mean final pseudo-regret (static)")
        static_ax.legend(fontsize=6)
        reference = np.array([1.0, 1000.0])
        dynamic_ax.loglog(reference, reference ** -0.5 * max(
            p[2] for pts in sweep.values() for p in pts), "k--", lw=0.8, label="slope -1/2")
        dynamic_ax.set_xlabel("switching period B")
        dynamic_ax.set_ylabel("mean final dynamic regret")
        dynamic_ax.legend(fontsize=6)
    fig.suptitle("SEA phase diagram (quadratic losses, unit ball, d = 10)", fontsize=9)
    fig.savefig(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
