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
A thin wrapper over regretlab and protocols/online_convex.py (the same figure is
registered there for `python3 -m regretlab figures`).
Exit status 0 on success, 2 on an input error (missing file, no such cells, nothing to plot).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import regretlab  # noqa: E402
from protocols import online_convex  # noqa: E402


def fail(message):
    """An input error: message on stderr, exit status 2."""
    print(f"plot_sea.py: {message}", file=sys.stderr)
    sys.exit(2)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="plot_sea.py", description=__doc__.splitlines()[0])
    parser.add_argument("phase")
    parser.add_argument("--switching")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--horizon", type=int)
    args = parser.parse_args(argv)
    try:
        phase = regretlab.load(args.phase)
        switching = regretlab.load(args.switching) if args.switching else None
    except regretlab.ResultError as e:
        fail(str(e))
    if not len(phase.complete_cells()):
        fail(f"{args.phase}: no complete cells")
    fig = online_convex.sea_figure(phase, switching, args.horizon)
    if fig is None:
        fail(f"{args.phase}: no cell with {online_convex.PROXY} and s, rho parameters")
    try:
        fig.savefig(args.output)
    except (OSError, ValueError) as e:
        fail(f"{args.output}: cannot write figure: {e}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
