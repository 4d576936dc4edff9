"""latent_mdp figure conventions: every curve says which planner made it (docs/theory/lmdp.md
§6.2), and a belief-grid planner is marked approximate."""


def curve_label(algorithm):
    """'name [planner P]' for a component text naming a planner, else the text unchanged."""
    marker = 'planner="'
    start = algorithm.find(marker)
    if start < 0:
        return algorithm
    planner = algorithm[start + len(marker):].split('"', 1)[0]
    if planner == "belief_grid":
        grid = "?"
        if "belief_grid=" in algorithm:
            grid = algorithm.split("belief_grid=", 1)[1].split(",", 1)[0].split("}", 1)[0]
        planner = f"belief_grid G={grid} approx."
    return f"{algorithm.split('{', 1)[0]} [planner {planner}]"


# Table of final results per cell (docs/benchmarks.md) ----------------------------------------

import math  # noqa: E402

import numpy as np  # noqa: E402

from regretlab import figures  # noqa: E402
from regretlab.figures import Figure  # noqa: E402

TABLE_COLUMNS = ["key", "K", "algorithm", "pseudo_regret", "half_width", "var_opt", "var_max",
                 "planner_iterations_per_episode", "wall_ms_per_episode"]


def table_rows(results, param):
    """Rows (dicts) per cell, sorted by the environment parameter `param`, K, algorithm: final
    pseudo-regret mean and 95% half-width, the Var* proxies, planner iterations and wall time
    per episode (wall time from /cost)."""
    finals = results.finals
    wall = results.cost.set_index("cell_id")["wall_seconds"].to_dict()
    rows = []
    for r in results.cells.to_dict("records"):
        def fin(metric):
            v = finals[(finals["cell_id"] == r["cell_id"]) & (finals["metric"] == metric)]
            v = v["value"].to_numpy()
            if not v.size:
                return math.nan, math.nan
            half = 1.96 * v.std(ddof=1) / np.sqrt(v.size) if v.size > 1 else 0.0
            return v.mean(), half
        key = r.get(f"environment.{param}", "")
        if isinstance(key, float) and math.isnan(key):
            key = ""
        horizon = int(r["horizon"])
        name = r["algorithm"]
        c1 = r.get("algorithm.c1")
        if "value_opt" in name and c1 is not None and not (isinstance(c1, float)
                                                           and math.isnan(c1)):
            name += f" c1=c2={c1:g}"
        regret, half = fin("pseudo_regret")
        rows.append({"key": key, "K": horizon, "algorithm": name, "pseudo_regret": regret,
                     "half_width": half, "var_opt": fin("var_opt")[0],
                     "var_max": fin("var_max")[0],
                     "planner_iterations_per_episode": fin("planner_iterations")[0] / horizon,
                     "wall_ms_per_episode": 1e3 * wall.get(r["cell_id"], math.nan) / horizon})

    def order(row):
        k = row["key"]
        return (float(k) if isinstance(k, (int, float)) and k != "" else 0.0, row["K"],
                row["algorithm"])
    return sorted(rows, key=order)


def markdown(results, param):
    out = [f"| {param} | K | algorithm | final pseudo-regret (95% CI) | var_opt | var_max | "
           "planner iterations / episode | wall ms / episode |",
           "|---|---|---|---|---|---|---|---|"]
    for r in table_rows(results, param):
        key = r["key"] if not isinstance(r["key"], float) else f"{r['key']:g}"
        out.append(f"| {key} | {r['K']} | {r['algorithm']} | {r['pseudo_regret']:.1f} ± "
                   f"{r['half_width']:.1f} | {r['var_opt']:.3g} | {r['var_max']:.3g} | "
                   f"{r['planner_iterations_per_episode']:.3g} | "
                   f"{r['wall_ms_per_episode']:.3g} |")
    return "\n".join(out)


def table_figure(results):
    """The table as a figure; rows keyed by the first environment parameter that varies."""
    if not len(results.cells):
        return None
    varying = [c for c in results.parameter_columns("environment")
               if results.cells[c].astype(str).nunique() > 1]
    param = varying[0].split(".", 1)[1] if varying else ""
    rows = table_rows(results, param)
    header = [param or "-", "K", "algorithm", "final pseudo-regret (95% CI)", "var_opt",
              "var_max", "planner it. / episode", "wall ms / episode"]
    body = [[str(r["key"]), str(r["K"]), r["algorithm"],
             f"{r['pseudo_regret']:.1f} ± {r['half_width']:.1f}", f"{r['var_opt']:.3g}",
             f"{r['var_max']:.3g}", f"{r['planner_iterations_per_episode']:.3g}",
             f"{r['wall_ms_per_episode']:.3g}"] for r in rows]
    fig = Figure(figsize=(13, 0.8 + 0.28 * (len(body) + 1)), dpi=100)
    ax = fig.subplots()
    ax.axis("off")
    table = ax.table(cellText=body, colLabels=header, loc="upper center", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(len(header))))
    ax.set_title(f"{results.name}: final results per cell (latent MDP)", fontsize=9)
    return fig


figures.register("latent_mdp", "table", table_figure)
