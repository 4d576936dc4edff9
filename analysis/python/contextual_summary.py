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

A thin wrapper over regretlab and protocols/contextual_bandit.py. Exit 2 on bad input.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import regretlab  # noqa: E402
from protocols import contextual_bandit  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(prog="contextual_summary.py")
    parser.add_argument("file")
    parser.add_argument("--reference", default="neu_fast_cb")
    parser.add_argument("--metric", default="pseudo_regret")
    parser.add_argument("--figure")
    args = parser.parse_args(argv)
    try:
        results = regretlab.load(args.file)
    except regretlab.ResultError as e:
        print(f"contextual_summary.py: error: {e}", file=sys.stderr)
        return 2
    print(contextual_bandit.summary_table(results, args.reference, args.metric))
    if args.figure:
        fig = contextual_bandit.summary_figure(results, args.metric)
        if fig is None:
            print(f"contextual_summary.py: error: {args.file}: no complete cell with "
                  f"{args.metric}", file=sys.stderr)
            return 2
        fig.savefig(args.figure, dpi=80)
    return 0


if __name__ == "__main__":
    sys.exit(main())
