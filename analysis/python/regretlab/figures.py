"""Figures of a loaded result (matplotlib, Agg). Every function returns a matplotlib Figure.

Generic figures: curves_figure (regret curves with bound overlays), sweeps_figure (fitted
exponents of /sweeps), verdicts_figure (cells x bounds coloured by verdict). Protocol-specific
figures are registered by analysis/python/protocols/<protocol>.py through `register`; the
generic code here names no family.
"""

import importlib
import math
import sys

import numpy as np

import matplotlib

matplotlib.use("Agg")
from matplotlib.colors import ListedColormap, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .results import ResultError  # noqa: E402
from .text import format_value, wrap_text  # noqa: E402

DEFAULT_METRICS = ("expected_regret", "pseudo_regret")
ROW_WIDTH_IN = 12.0
ROW_HEIGHT_IN = 4.0
DPI = 120
BOUND_DASHES = ((5, 3), (10, 3), (2, 2), (10, 3, 2, 3), (1, 1), (6, 2, 1, 2, 1, 2))
BAND_ALPHA = 0.25
SYMLOG_LINTHRESH = 1.0
VERDICT_COLOURS = {
    "holds": "#43a047",
    "holds (unverified term dominates)": "#aed581",
    "violated": "#e53935",
    "inconclusive": "#fb8c00",
    "inconclusive (too few replicates)": "#ffe082",
    "not_applicable": "#bdbdbd",
}


def warn(message):
    print(f"regretlab: {message}", file=sys.stderr)


# Registry of protocol figures ------------------------------------------------------------------

_REGISTRY = {}


def register(protocol, name, function):
    """Register `function(results) -> Figure | None` as figure `name` of `protocol`.

    Called by analysis/python/protocols/<protocol>.py at import time. None means the file has
    nothing for that figure (it is then left out)."""
    entries = _REGISTRY.setdefault(protocol, [])
    entries[:] = [(n, f) for n, f in entries if n != name]
    entries.append((name, function))


def registered(protocol):
    """[(name, function)] of a protocol, importing protocols/<protocol>.py on first use."""
    if protocol not in _REGISTRY:
        try:
            protocols = importlib.import_module("protocols")
            protocols.module(protocol)
        except ImportError:
            pass
        _REGISTRY.setdefault(protocol, [])
    return list(_REGISTRY[protocol])


def protocol_figures(results):
    """[(file stem, Figure)] of every figure registered by the protocols present."""
    out = []
    for protocol in dict.fromkeys(results.cells["protocol"]):
        for name, function in registered(protocol):
            fig = function(results)
            if fig is not None:
                out.append((f"{protocol}_{name}", fig))
    return out


# Shared look ---------------------------------------------------------------------------------

def colour_map(labels):
    """label -> colour, one per label in first-seen order (stable across panels and figures)."""
    labels = list(dict.fromkeys(labels))
    if len(labels) <= 10:
        palette = [matplotlib.colormaps["tab10"](i) for i in range(10)]
    elif len(labels) <= 20:
        palette = [matplotlib.colormaps["tab20"](i) for i in range(20)]
    else:
        cmap = matplotlib.colormaps["turbo"]
        palette = [cmap(i / max(1, len(labels) - 1)) for i in range(len(labels))]
    return {label: palette[i % len(palette)] for i, label in enumerate(labels)}


def display_labels(results):
    """cell_id -> legend text: the algorithm identity, plus its protocol's annotation
    (protocols/<protocol>.py curve_label, e.g. the planner of a latent_mdp learner)."""
    try:
        protocols = importlib.import_module("protocols")
    except ImportError:
        protocols = None
    out = {}
    for row in results.cells.itertuples(index=False):
        label = row.label
        if protocols is not None and row.algorithm_text:
            custom = protocols.curve_label(row.protocol, row.algorithm_text)
            if custom != row.algorithm_text:
                name = row.algorithm
                suffix = custom[len(name):].strip() if custom.startswith(name) else custom
                if suffix and suffix not in label:
                    label = f"{label} {suffix}"
        out[row.cell_id] = label
    return out


def _greyish(colour, amount=0.45):
    r, g, b = to_rgb(colour)
    return (r + (0.5 - r) * amount, g + (0.5 - g) * amount, b + (0.5 - b) * amount)


def _wrap_legend(label, width=44):
    return wrap_text(label, width)


def _new_figure(width, height):
    fig = Figure(figsize=(width, height), dpi=DPI)
    return fig


# Regret curves -------------------------------------------------------------------------------

def _matches(row, needle):
    if needle is None:
        return True
    return any(needle in str(getattr(row, a, "")) for a in
               ("cell_id", "environment", "algorithm", "environment_text", "algorithm_text",
                "label", "environment_label"))


def _choose_metric(metrics_by_cell, forced):
    """The forced metric; else the first default metric every cell of the panel has; else the
    first one some cell has (the others are then skipped: one metric per axis)."""
    if forced is not None:
        return forced
    for m in DEFAULT_METRICS:
        if metrics_by_cell and all(m in ms for ms in metrics_by_cell.values()):
            return m
    for m in DEFAULT_METRICS:
        if any(m in ms for ms in metrics_by_cell.values()):
            return m
    return None


def _sort_value(v):
    if isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating)):
        v = float(v)
        return (0, math.inf if math.isnan(v) else v, "")
    return (1, 0.0, str(v))


def curves_figure(results, metric=None, cells=None, bounds=True, title=None):
    """Regret curves: one row per (environment, horizon) panel pair (linear, log).

    One colour per algorithm identity across every panel; 95% bands (mean ± 1.96 SE); bounds of
    the plotted metric dashed, greyed, each bound once in the single figure legend; panels in
    parameter order; panel titles name what varies between panels only. Negative values switch
    the log panel's y axis to symlog (linear within ±1, said on the axis). On the linear panel
    the y range is the data's; a bound above it runs off the panel (noted)."""
    path = results.path
    table = results.cells
    selected = [row for row in table.itertuples(index=False) if _matches(row, cells)]
    if not selected:
        if cells is not None:
            raise ResultError(path, f"no cell matches --cells {cells!r} (cells: "
                                    f"{', '.join(table['cell_id']) or 'none'})")
        raise ResultError(path, "the /cells group is empty")
    complete = []
    for row in selected:
        if row.status != "complete":
            warn(f"skipping cell '{row.cell_id}': status is '{row.status or '<missing>'}', "
                 "not 'complete'")
        else:
            complete.append(row)
    curves = results.curves
    metrics_by_cell = {cid: set(g["metric"]) for cid, g in curves.groupby("cell_id")}
    if metric is not None and not any(metric in metrics_by_cell.get(r.cell_id, ())
                                      for r in complete):
        available = sorted(set().union(*[metrics_by_cell.get(r.cell_id, set())
                                         for r in complete])) if complete else []
        raise ResultError(path, f"metric '{metric}' is not present in any selected complete "
                                f"cell (available: {', '.join(available) or 'none'})")
    # Panels: one per (environment canonical text, horizon), ordered by parameter value.
    env_cols = [c for c in table.columns if c.startswith("environment.")]
    groups = {}
    for row in complete:
        groups.setdefault((row.environment_text or row.environment, int(row.horizon)),
                          []).append(row)
    by_id = table.set_index("cell_id")

    def group_key(item):
        (_, horizon), rows = item
        first = by_id.loc[rows[0].cell_id]
        return ([first["environment"]] + [_sort_value(first[c]) for c in env_cols]
                + [horizon])

    ordered = sorted(groups.items(), key=group_key)
    panels = []
    for (env_text, horizon), rows in ordered:
        chosen = _choose_metric({r.cell_id: metrics_by_cell.get(r.cell_id, set())
                                 for r in rows}, metric)
        if chosen is None:
            for r in rows:
                warn(f"skipping cell '{r.cell_id}': none of {', '.join(DEFAULT_METRICS)} "
                     "present")
            continue
        keep = []
        for r in rows:
            if chosen in metrics_by_cell.get(r.cell_id, set()):
                keep.append(r)
            else:
                warn(f"skipping cell '{r.cell_id}': no metric '{chosen}'")
        if keep:
            panels.append((env_text, horizon, chosen, keep))
    if not panels:
        raise ResultError(path, "nothing to plot (no complete cell with a plottable metric)")

    # What varies between panels names them; the rest goes to the figure title.
    descriptors = []
    for env_text, horizon, chosen, rows in panels:
        first = by_id.loc[rows[0].cell_id]
        d = {"environment": first["environment"]}
        for c in env_cols:
            v = first[c]
            if not (isinstance(v, float) and math.isnan(v)) and not (isinstance(v, str)
                                                                     and v == ""):
                d[c.split(".", 1)[1]] = format_value(v)
        d["T"] = str(horizon)
        descriptors.append(d)
    keys = list(dict.fromkeys(k for d in descriptors for k in d))
    varying = [k for k in keys if len({d.get(k, "-") for d in descriptors}) > 1]
    common = [k for k in keys if k not in varying]

    def describe(d, names):
        tokens = []
        for k in names:
            if k == "environment":
                tokens.append(d[k])
            elif k in d:
                tokens.append(f"{k}={d[k]}")
        return ", ".join(tokens)

    labels = display_labels(results)
    colours = colour_map(labels[r.cell_id] for r in table.itertuples(index=False)
                         if r.status == "complete")
    bound_names = []
    nrows = len(panels)
    fig = _new_figure(ROW_WIDTH_IN, ROW_HEIGHT_IN * nrows)
    axes = fig.subplots(nrows, 2, squeeze=False)
    used_labels = []
    for i, ((env_text, horizon, chosen, rows), d) in enumerate(zip(panels, descriptors)):
        heading = wrap_text(describe(d, varying), 60) if varying else ""
        ids = [r.cell_id for r in rows]
        data = curves[(curves["cell_id"].isin(ids)) & (curves["metric"] == chosen)]
        bdata = results.bounds[(results.bounds["cell_id"].isin(ids))
                               & (results.bounds["metric"] == chosen)] if bounds else None
        negative = bool(((data["mean"] < 0) | (data["ci_low"] < 0)).any())
        for col, log in ((0, False), (1, True)):
            ax = axes[i][col]
            lows, highs = [], []
            for cid in ids:
                c = data[data["cell_id"] == cid]
                label = labels[cid]
                colour = colours[label]
                if label not in used_labels:
                    used_labels.append(label)
                t = c["t"].to_numpy(dtype=float)
                mean = c["mean"].to_numpy(dtype=float)
                lo = c["ci_low"].to_numpy(dtype=float)
                hi = c["ci_high"].to_numpy(dtype=float)
                if log and not negative:
                    mean = np.where(mean > 0, mean, np.nan)
                    lo = np.where(lo > 0, lo, np.nan)
                    hi = np.where(hi > 0, hi, np.nan)
                ax.plot(t, mean, color=colour, lw=1.6, label=label)
                ok = np.isfinite(lo) & np.isfinite(hi)
                if ok.any():
                    ax.fill_between(t, lo, hi, where=ok, color=colour, alpha=BAND_ALPHA, lw=0,
                                    label="95% CI")
                for arr in (mean, lo, hi):
                    arr = arr[np.isfinite(arr)]
                    if arr.size:
                        lows.append(arr.min())
                        highs.append(arr.max())
                if bdata is not None:
                    for bname, b in bdata[bdata["cell_id"] == cid].groupby("bound", sort=True):
                        if bname not in bound_names:
                            bound_names.append(bname)
                        values = b["value"].to_numpy(dtype=float)
                        if log and not negative:
                            values = np.where(values > 0, values, np.nan)
                        dashes = BOUND_DASHES[bound_names.index(bname) % len(BOUND_DASHES)]
                        ax.plot(b["t"].to_numpy(dtype=float), values, color=_greyish(colour),
                                lw=1.1, ls=(0, dashes), label=f"bound: {bname}")
            ax.set_xlabel("round t")
            ax.grid(True, which="major", alpha=0.3)
            mode = "linear"
            if log:
                ax.set_xscale("log")
                if negative:
                    ax.set_yscale("symlog", linthresh=SYMLOG_LINTHRESH)
                    mode = f"log t, symlog y (linear for |y| < {SYMLOG_LINTHRESH:g})"
                else:
                    ax.set_yscale("log")
                    mode = "log-log"
                ax.grid(True, which="minor", alpha=0.1)
            elif lows and highs:
                lo_d, hi_d = min(lows), max(highs)
                pad = 0.05 * (hi_d - lo_d if hi_d > lo_d else max(abs(hi_d), 1.0))
                y0, y1 = min(lo_d - pad, 0.0) if lo_d >= 0 else lo_d - pad, hi_d + pad
                ax.set_ylim(y0, y1)
                over = False
                for line in ax.get_lines():
                    if line.get_label().startswith("bound: "):
                        y = np.asarray(line.get_ydata(), dtype=float)
                        if np.nanmax(np.abs(y)) > max(abs(y0), abs(y1)) * 1.001 \
                                and (np.nanmax(y) > y1 or np.nanmin(y) < y0):
                            over = True
                if over:
                    ax.text(0.01, 0.99, "y range of the data: a bound runs off the panel",
                            transform=ax.transAxes, va="top", ha="left", fontsize="x-small",
                            color="0.35")
            ax.set_ylabel(chosen + ("" if mode in ("linear", "log-log") else "\n(symlog)"))
            ax.set_title((heading + "\n" if heading else "") + f"({mode})", fontsize="small")
    # One figure legend: algorithms, the band, each bound once.
    handles, texts = [], []
    for label in used_labels:
        handles.append(Line2D([], [], color=colours[label], lw=2))
        texts.append(_wrap_legend(label))
    handles.append(Patch(facecolor="0.5", alpha=BAND_ALPHA + 0.1, lw=0))
    texts.append("95% CI")
    for j, bname in enumerate(bound_names):
        handles.append(Line2D([], [], color="0.45", lw=1.1,
                              ls=(0, BOUND_DASHES[j % len(BOUND_DASHES)])))
        texts.append(_wrap_legend(f"bound: {bname}"))
    longest = max(len(line) for t in texts for line in t.split("\n"))
    legend_in = min(4.2, 0.7 + 0.068 * longest)
    right = 1.0 - legend_in / ROW_WIDTH_IN
    fig.legend(handles, texts, loc="upper left", bbox_to_anchor=(right + 0.005, 0.98),
               fontsize="small", frameon=False)
    heading = title if title is not None else results.name
    common_text = describe(descriptors[0], common)
    sup = "\n".join(x for x in (heading, wrap_text(common_text, 100)) if x)
    top_in = 0.25 + 0.22 * (sup.count("\n") + 1) if sup else 0.1
    if sup:
        fig.suptitle(sup, fontsize="medium")
    height = ROW_HEIGHT_IN * nrows
    fig.tight_layout(rect=(0, 0, right, 1 - top_in / height))
    return fig


# Sweeps --------------------------------------------------------------------------------------

def _sweep_context(row):
    label = row.label or ""
    if " on " in label:
        alg, context = label.split(" on ", 1)
        return alg.strip(), context.strip()
    return row.algorithm, row.environment


def sweeps_figure(results):
    """For each /sweeps entry: final metric (mean, 95% CI bars) against the swept parameter,
    log-log, one line per algorithm, its fitted exponent [interval] in the legend, and the theory
    slope (a reference line anchored at the first point) when the sweep has one."""
    if results.sweeps is None or not len(results.sweeps):
        raise ResultError(results.path, "no /sweeps in this file (schema 1 files have none; "
                                        "nor has a spec that sweeps no parameter)")
    panels = {}
    lines = []
    for row in results.sweeps.itertuples(index=False):
        alg, context = _sweep_context(row)
        panels.setdefault((row.parameter, row.metric, context), []).append((alg, row))
        lines.append(alg)
    colours = colour_map(lines)
    n = len(panels)
    ncols = 1 if n == 1 else 2
    nrows = (n + ncols - 1) // ncols
    fig = _new_figure(6.5 * ncols, 5.0 * nrows)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    points = results.sweep_points
    for ax, ((parameter, metric, context), entries) in zip(axes.flat, panels.items()):
        hidden = 0
        shown = 0
        for alg, row in entries:
            p = points[points["sweep"] == row.sweep].sort_values("value")
            x = p["value"].to_numpy(dtype=float)
            y = p["final_mean"].to_numpy(dtype=float)
            lo = p["final_ci_low"].to_numpy(dtype=float)
            hi = p["final_ci_high"].to_numpy(dtype=float)
            ok = (x > 0) & (y > 0) & np.isfinite(x) & np.isfinite(y)
            hidden += int((~ok).sum())
            x, y, lo, hi = x[ok], y[ok], lo[ok], hi[ok]
            shown += int(x.size)
            yerr = np.vstack([np.nan_to_num(np.clip(y - lo, 0, None)),
                              np.nan_to_num(np.clip(hi - y, 0, None))])
            exponent = row.exponent
            if math.isfinite(exponent):
                fit = (f"b = {exponent:.3g} [{row.exponent_ci_low:.3g}, "
                       f"{row.exponent_ci_high:.3g}]")
            else:
                fit = "b: no fit"
            colour = colours[alg]
            ax.errorbar(x, y, yerr=yerr, color=colour, marker="o", ms=4, lw=1.4, capsize=3,
                        label=_wrap_legend(f"{alg}: {fit}", 50))
            theory = row.theory_exponent
            if math.isfinite(theory) and x.size:
                xs = np.array([x.min(), x.max()])
                ax.plot(xs, y[0] * (xs / x[0]) ** theory, color=_greyish(colour, 0.6), lw=1.0,
                        ls="--", label=_wrap_legend(
                            f"theory {row.theory_bound or ''} slope {theory:.3g}".replace(
                                "  ", " "), 50))
        if shown:
            ax.set_xscale("log")
            ax.set_yscale("log")
        ax.set_xlabel(parameter + " (log)")
        ax.set_ylabel(f"final {metric} (mean, 95% CI; log)")
        note = f"\n{hidden} point(s) <= 0 not shown on log axes" if hidden else ""
        ax.set_title(wrap_text(f"{metric} vs {parameter}: {context}", 70) + note,
                     fontsize="small")
        ax.grid(True, which="both", alpha=0.2)
        ax.legend(fontsize="x-small", loc="best")
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.suptitle(f"{results.name}: fitted sweeps (final ∝ value^b)", fontsize="medium")
    fig.tight_layout()
    return fig


# Verdicts ------------------------------------------------------------------------------------

def verdicts_figure(results):
    """Cells x bounds, coloured by verdict, with the final ratio; '*' = constants not checked."""
    v = results.verdicts
    if v is None or not len(v):
        raise ResultError(results.path, "no verdicts in this file (no cell has a bound)")
    order = [c for c in results.cells["cell_id"] if c in set(v["cell_id"])]
    bounds = sorted(v["bound"].unique())
    categories = list(VERDICT_COLOURS) + sorted(set(v["verdict"]) - set(VERDICT_COLOURS))
    extra = ["#ffffff"] * (len(categories) - len(VERDICT_COLOURS))
    cmap = ListedColormap(list(VERDICT_COLOURS.values()) + extra)
    matrix = np.full((len(order), len(bounds)), np.nan)
    by_id = results.cells.set_index("cell_id")
    width = min(30.0, 5.5 + 1.6 * len(bounds))
    height = max(3.0, 1.8 + 0.32 * len(order))
    fig = _new_figure(width, height)
    ax = fig.subplots()
    texts = []
    for rec in v.itertuples(index=False):
        i, j = order.index(rec.cell_id), bounds.index(rec.bound)
        matrix[i, j] = categories.index(rec.verdict)
        ratio = "" if not math.isfinite(rec.final_ratio) else f"{rec.final_ratio:.2g}"
        star = "*" if rec.constants_checked == 0 else ""
        texts.append((i, j, f"{ratio}{star}"))
    ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, vmin=-0.5,
              vmax=len(categories) - 0.5, aspect="auto", interpolation="nearest")
    for i, j, text in texts:
        ax.text(j, i, text, ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(bounds)), bounds, rotation=30, ha="right", fontsize=8)
    rows = [f"{by_id.loc[c, 'label']} | {by_id.loc[c, 'environment_label']} | "
            f"T={by_id.loc[c, 'horizon']}" for c in order]
    ax.set_yticks(range(len(order)), rows, fontsize=7)
    ax.set_xticks(np.arange(-0.5, len(bounds)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order)), minor=True)
    ax.grid(which="minor", color="white", lw=1.5)
    ax.tick_params(which="minor", length=0)
    present = [c for c in categories if c in set(v["verdict"])]
    handles = [Patch(facecolor=cmap(categories.index(c)), edgecolor="0.6") for c in present]
    fig.legend(handles, present, loc="lower center", ncol=min(3, len(present)),
               fontsize="small", frameon=False)
    ax.set_title(f"{results.name}: verdicts (cell text: final mean / bound; "
                 "* = constants as recalled, not checked)", fontsize="small")
    fig.tight_layout(rect=(0, 0.9 / height + 0.02, 1, 1))
    return fig


# Everything ----------------------------------------------------------------------------------

def all_figures(results, metric=None):
    """[(file stem, Figure)]: curves, sweeps, verdicts (each when the file has what it needs),
    then the figures registered by the protocols present."""
    out = []
    for name, make in (("curves", lambda: curves_figure(results, metric=metric)),
                       ("sweeps", lambda: sweeps_figure(results)),
                       ("verdicts", lambda: verdicts_figure(results))):
        try:
            out.append((name, make()))
        except ResultError as e:
            warn(f"no {name} figure: {e.reason}")
    out.extend(protocol_figures(results))
    return out
