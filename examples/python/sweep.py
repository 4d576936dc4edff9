"""A horizon sweep from Python (docs/python.md): final pseudo-regret of MOSS and UCB1 on a
4-armed Bernoulli bandit for T in a geometric grid, fitted as T^b by the results layer, and the
sweep figure. The spec is a dict; `sweep = {"horizon": [...]}` is the TOML `[sweep]` table.

    /usr/bin/python3 examples/python/sweep.py [--replicates N] [-o sweep.png]
"""

import argparse

import regretlab
from regretlab.figures import sweeps_figure

parser = argparse.ArgumentParser()
parser.add_argument("--replicates", type=int, default=20)
parser.add_argument("-o", "--output", default="sweep.png")
args = parser.parse_args()

spec = {
    "name": "python_horizon_sweep",
    "seed": 20261203,
    "replicates": args.replicates,
    "checkpoints": {"kind": "geometric", "count": 20},
    "metrics": ["pseudo_regret"],
    "sweep": {"horizon": [1000, 3000, 10000, 30000]},
    "environments": [{"name": "bernoulli", "means": [0.5, 0.45, 0.4, 0.3]}],
    "algorithms": [{"name": "moss"}, {"name": "ucb1"}],
}
results = regretlab.run(spec, progress=True)
print(results.sweeps()[["parameter", "algorithm", "metric", "exponent", "exponent_ci_low",
                        "exponent_ci_high"]].to_string(index=False))
sweeps_figure(results).savefig(args.output)
print(f"wrote {args.output} (results: {results.path})")
