#!/usr/bin/python3
"""Plot bandit regret curves from a regretlab HDF5 results file (schema version 1 or 2).

Usage:
    plot_regret.py FILE.h5 -o FIG.png [--metric M] [--cells SUBSTRING]
                   [--no-bounds] [--title T]

A thin wrapper over the regretlab package (analysis/python/regretlab; the same
figure as `python3 -m regretlab curves`): cells are grouped by (environment,
horizon), one row of two panels per group (linear; log-log, or symlog y when
values are negative), panels in parameter order; one colour per algorithm
across panels, 95% bands (mean +/- 1.96 * stderr), bounds of the plotted metric
dashed and greyed, one figure legend.

Requires Debian's system Python (python3-h5py, python3-matplotlib,
python3-numpy); run it with /usr/bin/python3.

Exit status: 0 on success, 2 on a usage or input error (missing file, not an
HDF5 file, no /cells group, schema_version other than 1 or 2, a --metric that
no cell has, nothing to plot, figure cannot be written).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import regretlab  # noqa: E402
from regretlab import figures  # noqa: E402

PROG = "plot_regret.py"


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Plot regret curves from a regretlab HDF5 results file "
                    "(schema version 1 or 2).")
    p.add_argument("file", metavar="FILE.h5", help="regretlab HDF5 results file")
    p.add_argument("-o", "--output", metavar="FIG.png", required=True,
                   help="output image path (format from the extension, e.g. .png, .pdf)")
    p.add_argument("--metric", metavar="M", default=None,
                   help="metric to plot for every cell (default per panel: expected_regret "
                        "if present, else pseudo_regret); cells without it are skipped")
    p.add_argument("--cells", metavar="SUBSTRING", default=None,
                   help="only plot cells whose id, environment or algorithm "
                        "(canonical text or name) contains SUBSTRING")
    p.add_argument("--no-bounds", action="store_true", help="do not draw bound curves")
    p.add_argument("--title", metavar="T", default=None,
                   help="figure title (default: the experiment name)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        results = regretlab.load(args.file)
        fig = figures.curves_figure(results, metric=args.metric, cells=args.cells,
                                    bounds=not args.no_bounds, title=args.title)
        try:
            fig.savefig(args.output, dpi=figures.DPI)
        except (OSError, ValueError) as e:
            raise regretlab.ResultError(args.output, f"cannot write figure: {e}") from None
    except regretlab.ResultError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
