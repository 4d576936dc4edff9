#!/usr/bin/python3
"""Table of final latent-MDP results per cell (for docs/benchmarks.md).

Usage: lmdp_table.py FILE.h5 PARAM
PARAM is the environment parameter that labels the rows (steps, p, ...). Prints a Markdown table:
final pseudo-regret mean and 95% half-width over replicates, the Var* proxies, planner iterations
and wall time per episode (wall time from /cost). Run with /usr/bin/python3 (Debian h5py).
A thin wrapper over regretlab and protocols/latent_mdp.py. Exit 2 on bad input.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import regretlab  # noqa: E402
from protocols import latent_mdp  # noqa: E402


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: lmdp_table.py FILE.h5 PARAM", file=sys.stderr)
        return 2
    try:
        results = regretlab.load(argv[0])
    except regretlab.ResultError as e:
        print(f"lmdp_table.py: error: {e}", file=sys.stderr)
        return 2
    print(latent_mdp.markdown(results, argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
