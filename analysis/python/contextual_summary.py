#!/usr/bin/python3
"""Compact table of a contextual_bandit result file (issue 6; docs/benchmarks.md).

For every environment (dataset + order, or synthetic function and parameters): the final mean of
`pseudo_regret` (mistakes on classification data) per algorithm with its 95% interval
(mean +- 1.96 SE over replicates), the algorithms ranked, and the paired difference of each
against a reference algorithm (per-replicate differences: same orders, contexts and losses;
mean and 95% interval).

    /usr/bin/python3 analysis/python/contextual_summary.py results/neural_cb.h5 [--reference neu_fast_cb]
        [--figure fig.png]

--figure also draws one panel per environment: the mean curve of the metric against t with its
95% band, one line per algorithm (the perturbation = fixed_head variants are left out: they
overlap their perturbation = none twins).
"""
import argparse
import re
import sys

import h5py
import numpy as np

DROP = {"input_dimension", "radius", "perturbation_scale", "depth", "width", "covariance", "lambda",
        "format", "header", "num_classes", "noise", "num_arms", "dimension", "context_noise"}


def short(canonical):
    """name{a=1,b="x"} -> name(a=1, b=x) without the keys that are the same everywhere."""
    match = re.match(r"([a-z_0-9]+)\{(.*)\}$", canonical)
    if not match:
        return canonical
    keep = []
    for item in re.findall(r'([a-z_]+)=("[^"]*"|[^,]*)', match.group(2)):
        if item[0] not in DROP:
            keep.append(f"{item[0]}={item[1].strip(chr(34))}")
    return match.group(1) + ("(" + ", ".join(keep) + ")" if keep else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--reference", default="neu_fast_cb")
    parser.add_argument("--metric", default="pseudo_regret")
    parser.add_argument("--figure")
    args = parser.parse_args()
    groups = {}
    curves = {}
    with h5py.File(args.file, "r") as f:
        for cell in f["cells"].values():
            if cell.attrs["status"] != "complete" or args.metric not in cell:
                continue
            finals = np.asarray(cell[args.metric])[:, -1]
            env = short(cell.attrs["environment"])
            groups.setdefault(env, []).append((short(cell.attrs["algorithm"]),
                                               cell.attrs["algorithm_name"], finals))
            if "fixed_head" not in cell.attrs["algorithm"]:
                grid = f["checkpoints"][cell.attrs["checkpoints"]][()] if "checkpoints" in cell.attrs else None
                values = np.asarray(cell[args.metric])
                curves.setdefault(env, []).append((cell.attrs["algorithm_name"], grid, values))
    for env in sorted(groups):
        rows = sorted(groups[env], key=lambda r: r[2].mean())
        # The reference cell: the algorithm's perturbation = none variant when it has several.
        reference = sorted((r for r in rows if r[1] == args.reference),
                           key=lambda r: "perturbation=none" not in r[0])
        print(f"\n{env}   (final {args.metric}, mean [95% interval], n = {len(rows[0][2])}; "
              f"ref = {reference[0][0] if reference else 'none'})")
        for label, name, finals in rows:
            n = len(finals)
            half = 1.96 * finals.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
            line = f"  {label:70s} {finals.mean():9.1f} [{finals.mean() - half:9.1f}, {finals.mean() + half:9.1f}]"
            if reference and label != reference[0][0]:
                diff = finals - reference[0][2]
                dhalf = 1.96 * diff.std(ddof=1) / np.sqrt(n)
                line += f"   minus ref: {diff.mean():8.1f} [{diff.mean() - dhalf:8.1f}, {diff.mean() + dhalf:8.1f}]"
            print(line)
    if args.figure:
        draw(curves, args.metric, args.figure)
    return 0


def draw(curves, metric, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    envs = sorted(curves)
    cols = 4
    rows = (len(envs) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    names = sorted({name for env in envs for name, _, _ in curves[env]})
    colours = {name: plt.cm.tab10(i % 10) for i, name in enumerate(names)}
    for ax, env in zip(axes.flat, envs):
        for name, grid, values in sorted(curves[env], key=lambda c: c[0]):
            mean = values.mean(axis=0)
            half = 1.96 * values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])
            t = grid if grid is not None else np.arange(1, len(mean) + 1)
            ax.plot(t, mean, color=colours[name], lw=1.2, label=name)
            ax.fill_between(t, mean - half, mean + half, color=colours[name], alpha=0.2, lw=0)
        ax.set_title(env.replace("classification(dataset=", "").replace(".csv", "").rstrip(")"), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("t", fontsize=7)
    for ax in list(axes.flat)[len(envs):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], color=colours[n], lw=2) for n in names]
    fig.legend(handles, names, loc="lower right", fontsize=8, ncol=2)
    fig.suptitle(f"{metric} (mistakes on classification data): mean and 95% band over replicates",
                 fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=80)


if __name__ == "__main__":
    sys.exit(main())
