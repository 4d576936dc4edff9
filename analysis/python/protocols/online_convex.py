"""online_convex figures: the SEA phase diagram (docs/theory/oco.md section 2.6).

Top row: one heat map per algorithm carrying the `sea_convex_proxy` bound, at the largest horizon
(or `horizon`), of the verdict's final ratio mean pseudo-regret(T) / proxy over the (s, rho) grid,
on one shared log colour scale. Bottom row (a switching-period sweep): mean final static
pseudo-regret against the period B (log B; it can be negative) and mean final dynamic regret
against B, log-log, with the least-squares slope and a reference slope -1/2.
"""

import numpy as np

from regretlab import figures
from regretlab.figures import Figure

PROXY = "sea_convex_proxy"


def _final_means(results, metric):
    c = results.curves[results.curves["metric"] == metric]
    return c.groupby("cell_id", sort=False)["mean"].last().to_dict()


def phase_grids(results, horizon=None):
    """(chosen horizon, {algorithm identity label: {(s, rho): final ratio}})."""
    cells = results.complete_cells()
    if not len(cells):
        return None, {}
    chosen = horizon or int(cells["horizon"].max())
    if "environment.s" not in cells or "environment.rho" not in cells:
        return chosen, {}
    v = results.verdicts[results.verdicts["bound"] == PROXY].set_index("cell_id")
    grids = {}
    for row in cells.to_dict("records"):
        if int(row["horizon"]) != chosen or row["cell_id"] not in v.index:
            continue
        s, rho = float(row["environment.s"]), float(row["environment.rho"])
        if not (np.isfinite(s) and np.isfinite(rho)):
            continue
        ratio = float(v.loc[row["cell_id"], "final_ratio"])
        grids.setdefault(row["label"], {})[(s, rho)] = ratio
    return chosen, grids


def switching_points(results):
    """{algorithm label: sorted [(B, final static pseudo-regret, final dynamic regret)]}."""
    cells = results.complete_cells()
    if "environment.period" not in cells:
        return {}
    static = _final_means(results, "pseudo_regret")
    dynamic = _final_means(results, "dynamic_regret")
    points = {}
    for row in cells.to_dict("records"):
        period = float(row["environment.period"])
        if row["cell_id"] not in static or not np.isfinite(period):
            continue
        points.setdefault(row["label"], []).append(
            (period, static[row["cell_id"]], dynamic.get(row["cell_id"], np.nan)))
    return {k: sorted(v) for k, v in points.items()}


def sea_figure(phase, switching=None, horizon=None):
    """The figure, or None when `phase` has no (s, rho) cell carrying the proxy bound."""
    horizon, grids = phase_grids(phase, horizon)
    if not grids:
        return None
    sweep = switching_points(switching) if switching is not None else {}
    columns = max(len(grids), 2)
    rows = 2 if sweep else 1
    fig = Figure(figsize=(3.6 * columns, 3.6 * rows), dpi=120)
    ratios = [r for g in grids.values() for r in g.values() if np.isfinite(r) and r > 0]
    from matplotlib.colors import LogNorm
    norm = LogNorm(vmin=min(ratios), vmax=max(ratios)) if ratios else None
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
        ax.set_title(algorithm, fontsize=7)
    fig.colorbar(image, ax=fig.axes, shrink=0.6, label=f"pseudo-regret / proxy at T = {horizon}")
    if sweep:
        static_ax = fig.add_subplot(rows, 2, 3)
        dynamic_ax = fig.add_subplot(rows, 2, 4)
        for algorithm, points in sorted(sweep.items()):
            periods = np.array([p[0] for p in points], dtype=float)
            finals = np.array([p[1] for p in points])
            dynamic = np.array([p[2] for p in points])
            static_ax.semilogx(periods, finals, "o-", label=algorithm)
            if np.all(dynamic > 0):
                slope = np.polyfit(np.log(periods), np.log(dynamic), 1)[0]
                dynamic_ax.loglog(periods, dynamic, "o-", label=f"{algorithm}  slope {slope:.2f}")
        static_ax.axhline(0.0, color="k", lw=0.6)
        static_ax.set_xlabel("switching period B")
        static_ax.set_ylabel("mean final pseudo-regret (static)")
        static_ax.legend(fontsize=6)
        dynamic_all = [p[2] for pts in sweep.values() for p in pts if np.isfinite(p[2])]
        if dynamic_all:
            reference = np.array([1.0, 1000.0])
            dynamic_ax.loglog(reference, reference ** -0.5 * max(dynamic_all), "k--", lw=0.8,
                              label="slope -1/2")
        dynamic_ax.set_xlabel("switching period B")
        dynamic_ax.set_ylabel("mean final dynamic regret")
        dynamic_ax.legend(fontsize=6)
    fig.suptitle("SEA phase diagram (ratio to the sea_convex_proxy bound)", fontsize=9)
    return fig


def _registered(results):
    # The switching panels only when the file sweeps the period itself.
    periods = results.cells.get("environment.period")
    sweeps_period = periods is not None and periods.nunique(dropna=True) > 1
    return sea_figure(results, results if sweeps_period else None)


figures.register("online_convex", "sea_phase_diagram", _registered)
