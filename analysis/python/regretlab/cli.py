"""python3 -m regretlab {curves,sweeps,verdicts,figures,html} FILE -o OUT

Exit status 0 on success, 2 on bad input (missing file, not HDF5, not a regretlab file,
unsupported schema, nothing to draw) or an output that cannot be written. Outputs are
overwritten when they exist (as the plotting scripts always did).
"""

import argparse
import os
import sys

from . import figures as F
from .html import write_page
from .results import ResultError, load

PROG = "python3 -m regretlab"


def _save(fig, out, dpi=F.DPI):
    try:
        fig.savefig(out, dpi=dpi)
    except (OSError, ValueError) as e:
        raise ResultError(out, f"cannot write figure: {e}") from None
    print(out)


def cmd_curves(args):
    r = load(args.file)
    _save(F.curves_figure(r, metric=args.metric, cells=args.cells, bounds=not args.no_bounds,
                          title=args.title), args.output)


def cmd_sweeps(args):
    _save(F.sweeps_figure(load(args.file)), args.output)


def cmd_verdicts(args):
    _save(F.verdicts_figure(load(args.file)), args.output)


def cmd_figures(args):
    r = load(args.file)
    try:
        os.makedirs(args.output, exist_ok=True)
    except OSError as e:
        raise ResultError(args.output, f"cannot create directory: {e}") from None
    named = F.all_figures(r, metric=args.metric)
    if not named:
        raise ResultError(args.file, "no figure could be drawn from this file")
    for name, fig in named:
        _save(fig, os.path.join(args.output, f"{name}.png"))


def cmd_html(args):
    r = load(args.file)
    try:
        write_page(r, args.output)
    except OSError as e:
        raise ResultError(args.output, f"cannot write page: {e}") from None
    print(args.output)


def parser():
    p = argparse.ArgumentParser(prog=PROG, description="Figures and an HTML page of a regretlab "
                                                       "HDF5 result file (schema 1 or 2).")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("curves", help="regret curves with bound overlays (PNG)")
    c.add_argument("file", metavar="FILE.h5")
    c.add_argument("-o", "--output", required=True, metavar="OUT.png")
    c.add_argument("--metric", default=None,
                   help="metric for every panel (default per panel: expected_regret, else "
                        "pseudo_regret)")
    c.add_argument("--cells", default=None, metavar="SUBSTR",
                   help="only cells whose id, environment or algorithm contains SUBSTR")
    c.add_argument("--no-bounds", action="store_true", help="do not draw bounds")
    c.add_argument("--title", default=None, help="figure title (default: the experiment name)")
    c.set_defaults(run=cmd_curves)
    for name, run, what in (("sweeps", cmd_sweeps, "fitted sweeps, log-log (PNG)"),
                            ("verdicts", cmd_verdicts, "cells x bounds verdict grid (PNG)")):
        s = sub.add_parser(name, help=what)
        s.add_argument("file", metavar="FILE.h5")
        s.add_argument("-o", "--output", required=True, metavar="OUT.png")
        s.set_defaults(run=run)
    s = sub.add_parser("figures", help="every figure, protocol figures included, into DIR")
    s.add_argument("file", metavar="FILE.h5")
    s.add_argument("-o", "--output", required=True, metavar="DIR")
    s.add_argument("--metric", default=None)
    s.set_defaults(run=cmd_figures)
    s = sub.add_parser("html", help="one self-contained HTML page")
    s.add_argument("file", metavar="FILE.h5")
    s.add_argument("-o", "--output", required=True, metavar="OUT.html")
    s.set_defaults(run=cmd_html)
    return p


def main(argv=None):
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        args.run(args)
    except ResultError as e:
        print(f"regretlab: error: {e}", file=sys.stderr)
        return 2
    return 0
