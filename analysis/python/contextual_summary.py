#!/usr/bin/python3
"""Compact table of a contextual_bandit result file (issue 6; docs/benchmarks.md).

For every environment (dataset + order, or synthetic function and parameters): the final mean of
`pseudo_regret` (mistakes on classification data) per algorithm with its 95% interval
(mean +- 1.96 SE over replicates), the algorithms ranked, and the paired difference of each
against a reference algorithm (per-replicate differences: same orders, contexts and losses;
mean and 95% interval).

    /usr/bin/python3 analysis/python/contextual_summary.py results/neural_cb.h5 [--reference neu_fast_cb]
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
    args = parser.parse_args()
    groups = {}
    with h5py.File(args.file, "r") as f:
        for cell in f["cells"].values():
            if cell.attrs["status"] != "complete" or args.metric not in cell:
                continue
            finals = np.asarray(cell[args.metric])[:, -1]
            env = short(cell.attrs["environment"])
            groups.setdefault(env, []).append((short(cell.attrs["algorithm"]),
                                               cell.attrs["algorithm_name"], finals))
    for env in sorted(groups):
        rows = sorted(groups[env], key=lambda r: r[2].mean())
        reference = [r for r in rows if r[1] == args.reference]
        print(f"\n{env}   (final {args.metric}, mean [95% interval], n = {len(rows[0][2])})")
        for label, name, finals in rows:
            n = len(finals)
            half = 1.96 * finals.std(ddof=1) / np.sqrt(n) if n > 1 else float("nan")
            line = f"  {label:70s} {finals.mean():9.1f} [{finals.mean() - half:9.1f}, {finals.mean() + half:9.1f}]"
            if reference and name != args.reference:
                diff = finals - reference[0][2]
                dhalf = 1.96 * diff.std(ddof=1) / np.sqrt(n)
                line += f"   minus {args.reference}: {diff.mean():8.1f} [{diff.mean() - dhalf:8.1f}, {diff.mean() + dhalf:8.1f}]"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
