"""contextual_bandit summaries (issue 6; docs/benchmarks.md): per environment, the final mean of a
metric (pseudo_regret: mistakes on classification data) per algorithm with its 95% interval, the
algorithms ranked, the paired difference of each against a reference algorithm (per-replicate
differences: same orders, contexts and losses), and a figure of the mean curves with 95% bands
(the perturbation = fixed_head variants left out: they overlap their perturbation = none twins).
"""

import numpy as np

from regretlab import figures
from regretlab.figures import Figure, colour_map

Z95 = 1.96


def _cells(results, metric):
    cells = results.complete_cells()
    have = set(results.finals.loc[results.finals["metric"] == metric, "cell_id"])
    return cells[cells["cell_id"].isin(have)]


def summary_table(results, reference="neu_fast_cb", metric="pseudo_regret"):
    """The text table (one block per environment)."""
    cells = _cells(results, metric)
    finals = results.finals[results.finals["metric"] == metric]
    values = {cid: g.sort_values("replicate")["value"].to_numpy()
              for cid, g in finals.groupby("cell_id")}
    lines = []
    for env, group in cells.groupby("environment_text", sort=True):
        rows = sorted(((r["label"], r["algorithm"], r["algorithm_text"], values[r["cell_id"]])
                       for r in group.to_dict("records")), key=lambda r: r[3].mean())
        refs = sorted((r for r in rows if r[1] == reference),
                      key=lambda r: "perturbation=\"none\"" not in r[2]
                      and "perturbation=none" not in r[2])
        ref = refs[0] if refs else None
        lines.append("")
        lines.append(f"{group['environment_label'].iloc[0]}   (final {metric}, mean [95% interval],"
                     f" n = {len(rows[0][3])}; ref = {ref[0] if ref else 'none'})")
        for label, _, _, v in rows:
            n = len(v)
            half = Z95 * v.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
            line = (f"  {label:70s} {v.mean():9.1f} [{v.mean() - half:9.1f}, "
                    f"{v.mean() + half:9.1f}]")
            if ref is not None and label != ref[0] and len(ref[3]) == n:
                diff = v - ref[3]
                dhalf = Z95 * diff.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
                line += (f"   minus ref: {diff.mean():8.1f} [{diff.mean() - dhalf:8.1f}, "
                         f"{diff.mean() + dhalf:8.1f}]")
            lines.append(line)
    return "\n".join(lines)


def summary_figure(results, metric="pseudo_regret"):
    """One panel per environment: mean curve and 95% band per algorithm; None if no such cell."""
    cells = _cells(results, metric)
    if "algorithm.perturbation" in cells:
        cells = cells[cells["algorithm.perturbation"] != "fixed_head"]
    if not len(cells):
        return None
    curves = results.curves[results.curves["metric"] == metric]
    envs = list(dict.fromkeys(cells["environment_label"]))
    cols = min(4, len(envs))
    rows = (len(envs) + cols - 1) // cols
    fig = Figure(figsize=(4.2 * cols, 3.2 * rows + 0.8), dpi=80)
    axes = fig.subplots(rows, cols, squeeze=False)
    colours = colour_map(results.cells["label"])
    used = []
    for ax, env in zip(axes.flat, envs):
        for r in cells[cells["environment_label"] == env].to_dict("records"):
            c = curves[curves["cell_id"] == r["cell_id"]]
            colour = colours[r["label"]]
            ax.plot(c["t"], c["mean"], color=colour, lw=1.2, label=r["label"])
            ax.fill_between(c["t"], c["ci_low"], c["ci_high"], color=colour, alpha=0.2, lw=0)
            if r["label"] not in used:
                used.append(r["label"])
        ax.set_title(env, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("t", fontsize=7)
    for ax in list(axes.flat)[len(envs):]:
        ax.axis("off")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    handles = [Line2D([], [], color=colours[n], lw=2) for n in used] + [
        Patch(facecolor="0.5", alpha=0.3)]
    fig.legend(handles, used + ["95% CI"], loc="lower center", fontsize=8, ncol=4,
               frameon=False)
    fig.suptitle(f"{metric} (mistakes on classification data): mean and 95% band over "
                 "replicates", fontsize=10)
    legend_rows = (len(used) + 1 + 3) // 4
    fig.tight_layout(rect=(0, min(0.4, 0.25 * legend_rows / fig.get_figheight()), 1, 0.97))
    return fig


figures.register("contextual_bandit", "summary", summary_figure)
