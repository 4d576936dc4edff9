#!/usr/bin/python3
"""Plot bandit regret curves from a regretlab HDF5 results file (schema version 1).

Usage:
    plot_regret.py FILE.h5 -o FIG.png [--metric M] [--cells SUBSTRING]
                   [--no-bounds] [--title T]

Cells are grouped by (environment canonical text, horizon).  Each group gets one
row of two panels: linear axes on the left, log-log axes on the right.  Each
cell contributes its mean curve (summary/<metric>/mean against the checkpoint
grid) with a shaded 95% band (mean +/- 1.96 * stderr).  Bounds whose `metric`
attribute equals the plotted metric are drawn dashed in the colour of their
cell and labelled "<bound_name> (<kind>)", with "*" appended when the bound's
constants have not been checked (constants_checked == 0).

Requires Debian's system Python (python3-h5py, python3-matplotlib,
python3-numpy); run it with /usr/bin/python3.

Exit status: 0 on success, 2 on a usage or input error (missing file, not an
HDF5 file, no /cells group, schema_version other than 1, a --metric that no
cell has, nothing to plot, figure cannot be written).
"""

import argparse
import os
import sys
import textwrap

import numpy as np

import protocols

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend must be chosen first)

import h5py  # noqa: E402

PROG = "plot_regret.py"
SUPPORTED_SCHEMA_VERSION = 1
DEFAULT_METRICS = ("expected_regret", "pseudo_regret")
LABEL_MAX = 60
Z95 = 1.96
ROW_WIDTH_IN = 12.0
ROW_HEIGHT_IN = 4.0
DPI = 120
BOUND_DASHES = ((5, 3), (10, 3), (2, 2), (10, 3, 2, 3))


class InputError(Exception):
    """An error in the input that should end the program with exit code 2."""


def warn(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)


def fail(path, msg):
    raise InputError(f"{path}: {msg}")


# --------------------------------------------------------------------------
# HDF5 attribute helpers
# --------------------------------------------------------------------------

def to_str(value):
    """Decode an h5py attribute value (bytes, np.bytes_, str, 0-d/1-elem array) to str."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return ", ".join(to_str(v) for v in value.ravel())
        value = value.ravel()[0]
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def to_int(value):
    if isinstance(value, np.ndarray):
        value = value.ravel()[0]
    if isinstance(value, (bytes, np.bytes_, str)):
        return int(to_str(value).strip())
    return int(value)


def attr_str(obj, name, default=None):
    if name not in obj.attrs:
        return default
    return to_str(obj.attrs[name])


def attr_int(obj, name, default=None):
    if name not in obj.attrs:
        return default
    try:
        return to_int(obj.attrs[name])
    except (TypeError, ValueError):
        return default


def shorten(text, limit=LABEL_MAX):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 3] + "..."


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

class Curve:
    """One plottable cell: its mean curve, band and matching bounds."""

    def __init__(self, cell_id, environment, algorithm, horizon, metric, t,
                 mean, stderr, bounds):
        self.cell_id = cell_id
        self.environment = environment
        self.algorithm = algorithm
        self.horizon = horizon
        self.metric = metric
        self.t = t
        self.mean = mean
        self.stderr = stderr
        self.bounds = bounds  # list of (label, values)


def has_metric(cell, metric):
    return f"summary/{metric}/mean" in cell


def cell_metric_names(cell):
    names = set()
    if "summary" in cell and isinstance(cell["summary"], h5py.Group):
        names.update(k for k, v in cell["summary"].items()
                     if isinstance(v, h5py.Group) and "mean" in v)
    listed = attr_str(cell, "metrics", "")
    names.update(m.strip() for m in listed.split(",") if m.strip())
    return names


def choose_metric(cell, forced):
    if forced is not None:
        return forced if has_metric(cell, forced) else None
    for m in DEFAULT_METRICS:
        if has_metric(cell, m):
            return m
    return None


def read_1d(ds):
    return np.asarray(ds[()], dtype=np.float64).ravel()


def read_bounds(cell, metric, n, cell_id):
    bounds = []
    if "bounds" not in cell or not isinstance(cell["bounds"], h5py.Group):
        return bounds
    for name in sorted(cell["bounds"].keys()):
        ds = cell["bounds"][name]
        if not isinstance(ds, h5py.Dataset):
            continue
        if attr_str(ds, "metric") != metric:
            continue
        values = read_1d(ds)
        if values.shape[0] != n:
            warn(f"cell '{cell_id}': bound '{name}' has {values.shape[0]} "
                 f"values but the checkpoint grid has {n}; bound skipped")
            continue
        kind = attr_str(ds, "kind", "?")
        label = f"{name} ({kind})"
        if attr_int(ds, "constants_checked", 1) == 0:
            label += "*"
        bounds.append((label, values))
    return bounds


def open_results(path):
    if not os.path.exists(path):
        fail(path, "no such file")
    if os.path.isdir(path):
        fail(path, "is a directory, not an HDF5 file")
    try:
        is_h5 = h5py.is_hdf5(path)
    except OSError as e:
        fail(path, f"cannot read file: {e}")
    if not is_h5:
        fail(path, "not an HDF5 file")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        fail(path, f"cannot open HDF5 file: {e}")


def check_schema(f, path):
    if "schema_version" not in f.attrs:
        fail(path, "root attribute 'schema_version' is missing "
                   f"(expected {SUPPORTED_SCHEMA_VERSION}); not a regretlab results file?")
    try:
        version = to_int(f.attrs["schema_version"])
    except (TypeError, ValueError):
        fail(path, f"root attribute 'schema_version' is not an integer: "
                   f"{to_str(f.attrs['schema_version'])!r}")
    if version != SUPPORTED_SCHEMA_VERSION:
        fail(path, f"unsupported schema_version {version} "
                   f"(this script reads version {SUPPORTED_SCHEMA_VERSION})")
    if "cells" not in f or not isinstance(f["cells"], h5py.Group):
        fail(path, "no /cells group; not a regretlab results file?")


def cell_matches(cell_id, cell, needle):
    if needle is None:
        return True
    haystack = [cell_id]
    for a in ("environment", "algorithm", "environment_name", "algorithm_name"):
        v = attr_str(cell, a)
        if v:
            haystack.append(v)
    return any(needle in h for h in haystack)


def collect(f, path, forced_metric, cells_filter, with_bounds):
    cells = f["cells"]
    selected = []
    for cell_id in sorted(cells.keys()):
        cell = cells[cell_id]
        if not isinstance(cell, h5py.Group):
            continue
        if cell_matches(cell_id, cell, cells_filter):
            selected.append((cell_id, cell))
    if not selected:
        if cells_filter is not None:
            fail(path, f"no cell matches --cells {cells_filter!r} "
                       f"(cells: {', '.join(sorted(cells.keys())) or 'none'})")
        fail(path, "the /cells group is empty")

    complete = []
    failed = []
    for cell_id, cell in selected:
        status = attr_str(cell, "status", "")
        if status != "complete":
            failed.append((cell_id, status or "<missing>"))
        else:
            complete.append((cell_id, cell))
    for cell_id, status in failed:
        warn(f"skipping cell '{cell_id}': status is '{status}', not 'complete'")

    if forced_metric is not None and not any(has_metric(c, forced_metric)
                                             for _, c in complete):
        available = sorted(set().union(*[cell_metric_names(c) for _, c in complete])) \
            if complete else []
        fail(path, f"metric '{forced_metric}' is not present in any "
                   f"{'selected complete ' if complete else ''}cell"
                   f" (available: {', '.join(available) or 'none'})")

    curves = []
    for cell_id, cell in complete:
        metric = choose_metric(cell, forced_metric)
        if metric is None:
            if forced_metric is not None:
                warn(f"skipping cell '{cell_id}': no metric '{forced_metric}'")
            else:
                warn(f"skipping cell '{cell_id}': none of "
                     f"{', '.join(DEFAULT_METRICS)} present")
            continue
        grid_path = attr_str(cell, "checkpoints")
        if not grid_path or grid_path not in f or not isinstance(f[grid_path], h5py.Dataset):
            warn(f"skipping cell '{cell_id}': checkpoint grid "
                 f"{grid_path!r} not found")
            continue
        t = read_1d(f[grid_path])
        summary = cell[f"summary/{metric}"]
        mean = read_1d(summary["mean"])
        if mean.shape[0] != t.shape[0]:
            warn(f"skipping cell '{cell_id}': summary/{metric}/mean has "
                 f"{mean.shape[0]} values but grid {grid_path} has {t.shape[0]}")
            continue
        stderr = None
        if "stderr" in summary:
            stderr = read_1d(summary["stderr"])
            if stderr.shape[0] != t.shape[0]:
                warn(f"cell '{cell_id}': summary/{metric}/stderr has the wrong "
                     f"length; no confidence band drawn")
                stderr = None
        else:
            warn(f"cell '{cell_id}': no summary/{metric}/stderr; no confidence band drawn")
        horizon = attr_int(cell, "horizon")
        if horizon is None and t.size:
            horizon = int(t[-1])
        environment = attr_str(cell, "environment") or attr_str(cell, "environment_name") or "?"
        algorithm = attr_str(cell, "algorithm") or attr_str(cell, "algorithm_name") or cell_id
        # A protocol may say how its curves are named (analysis/python/protocols/<protocol>.py).
        algorithm = protocols.curve_label(attr_str(cell, "protocol"), algorithm)
        bounds = read_bounds(cell, metric, t.shape[0], cell_id) if with_bounds else []
        curves.append(Curve(cell_id, environment, algorithm, horizon, metric,
                            t, mean, stderr, bounds))
    if not curves:
        fail(path, "nothing to plot (no complete cell with a plottable metric)")
    return curves


# --------------------------------------------------------------------------
# Plotting
# --------------------------------------------------------------------------

def group_curves(curves):
    groups = {}
    for c in curves:
        groups.setdefault((c.environment, c.horizon), []).append(c)
    return list(groups.items())


def positive(values):
    out = np.array(values, dtype=np.float64, copy=True)
    out[~(np.isfinite(out) & (out > 0))] = np.nan
    return out


def draw_panel(ax, curves, log):
    mixed_metrics = len({c.metric for c in curves}) > 1
    colours = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["C0"])
    for i, c in enumerate(curves):
        colour = colours[i % len(colours)]
        label = shorten(c.algorithm)
        if mixed_metrics:
            label = shorten(f"{c.algorithm} [{c.metric}]")
        t = c.t
        mean = c.mean
        if log:
            t = positive(t)
            mean = positive(mean)
        ax.plot(t, mean, color=colour, lw=1.6, label=label)
        if c.stderr is not None:
            lo = c.mean - Z95 * c.stderr
            hi = c.mean + Z95 * c.stderr
            if log:
                # On log axes a non-positive lower edge has no position; the
                # band is left out at those checkpoints rather than faked.
                lo, hi = positive(lo), positive(hi)
            ok = np.isfinite(t) & np.isfinite(lo) & np.isfinite(hi)
            if ok.any():
                ax.fill_between(t, lo, hi, where=ok, color=colour, alpha=0.2,
                                lw=0, interpolate=False)
        for j, (blabel, values) in enumerate(c.bounds):
            bv = positive(values) if log else values
            if log and not np.isfinite(bv).any():
                continue
            # Same colour as the cell; distinct dash patterns per bound.
            dashes = BOUND_DASHES[j % len(BOUND_DASHES)]
            ax.plot(t, bv, color=colour, lw=1.2, ls=(0, dashes), label=blabel)
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("round t")
    metrics = sorted({c.metric for c in curves})
    ax.set_ylabel(" / ".join(metrics))
    ax.grid(True, which="major", alpha=0.3)
    if log:
        ax.grid(True, which="minor", alpha=0.1)
    ax.legend(fontsize="x-small", loc="best", framealpha=0.8)


def make_figure(curves, title):
    groups = group_curves(curves)
    nrows = len(groups)
    fig, axes = plt.subplots(nrows, 2, figsize=(ROW_WIDTH_IN, ROW_HEIGHT_IN * nrows),
                             squeeze=False)
    for row, ((environment, horizon), group) in enumerate(groups):
        heading = "\n".join(textwrap.wrap(f"{environment}   T={horizon}", 70)) or "?"
        for col, log in ((0, False), (1, True)):
            ax = axes[row][col]
            draw_panel(ax, group, log)
            ax.set_title(f"{heading}\n({'log-log' if log else 'linear'})", fontsize="small")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Plot regret curves from a regretlab HDF5 results file "
                    "(schema version 1).",
        epilog="Bound labels ending in '*' have unchecked constants "
               "(constants_checked == 0).")
    p.add_argument("file", metavar="FILE.h5", help="regretlab HDF5 results file")
    p.add_argument("-o", "--output", metavar="FIG.png", required=True,
                   help="output image path (format from the extension, e.g. .png, .pdf)")
    p.add_argument("--metric", metavar="M", default=None,
                   help="metric to plot for every cell (default: expected_regret "
                        "if present, else pseudo_regret); cells without it are skipped")
    p.add_argument("--cells", metavar="SUBSTRING", default=None,
                   help="only plot cells whose id, environment or algorithm "
                        "(canonical text or name) contains SUBSTRING")
    p.add_argument("--no-bounds", action="store_true", help="do not draw bound curves")
    p.add_argument("--title", metavar="T", default=None,
                   help="figure title (default: the experiment name)")
    return p.parse_args(argv)


def run(args):
    with open_results(args.file) as f:
        check_schema(f, args.file)
        try:
            curves = collect(f, args.file, args.metric, args.cells, not args.no_bounds)
        except (KeyError, OSError, TypeError, ValueError) as e:
            raise InputError(f"{args.file}: malformed results file: {e}")
        title = args.title
        if title is None:
            title = attr_str(f, "name")
    fig = make_figure(curves, title)
    try:
        fig.savefig(args.output, dpi=DPI)
    except (OSError, ValueError) as e:
        raise InputError(f"{args.output}: cannot write figure: {e}")
    finally:
        plt.close(fig)
    print(args.output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        run(args)
    except InputError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
