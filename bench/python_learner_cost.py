"""Per-round cost of a bandit learner written in Python against its C++ counterpart
(docs/benchmarks.md, "Python learners"): MOSS (algorithms/bandit/moss.cc) and its port
examples/python/moss_py.py, or EXP3 and examples/python/exp3_py.py (--algorithm exp3), on one spec, one thread, pseudo-regret only; also checks that the two
recorded identical pseudo-regret.

    PYTHONPATH=analysis/python /usr/bin/python3 bench/python_learner_cost.py [--horizon T] [--replicates R] [--arms K] [--algorithm moss|exp3]
"""

import argparse
import os
import sys
import tempfile
import time

import h5py
import numpy as np

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(REPO, "examples", "python"))
import regretlab  # noqa: E402
from exp3_py import Exp3Py  # noqa: E402
from moss_py import MossPy  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--horizon", type=int, default=100000)
parser.add_argument("--replicates", type=int, default=4)
parser.add_argument("--arms", type=int, default=10)
parser.add_argument("--algorithm", choices=["moss", "exp3"], default="moss")
args = parser.parse_args()

cpp = args.algorithm
py = "py_" + cpp
regretlab.register_bandit_learner(py, {"moss": MossPy, "exp3": Exp3Py}[cpp])
means = [round(0.1 + 0.8 * a / (args.arms - 1), 4) for a in range(args.arms)]
out = tempfile.mkdtemp(prefix="regretlab-bench-")
seconds, arrays = {}, {}
for name in (cpp, py):
    spec = {"name": f"bench_{name}", "seed": 1, "horizon": args.horizon,
            "replicates": args.replicates, "checkpoints": {"kind": "geometric", "count": 20},
            "metrics": ["pseudo_regret", "best_arm_pulls"],
            "environments": [{"name": "bernoulli", "means": means}],
            "algorithms": [{"name": name}]}
    start = time.perf_counter()
    r = regretlab.run(spec, out=os.path.join(out, name + ".h5"), threads=1)
    seconds[name] = time.perf_counter() - start
    with h5py.File(r.path, "r") as f:
        arrays[name] = np.array(f["cells"][r.cells["cell_id"][0]]["pseudo_regret"])
rounds = args.horizon * args.replicates
for name in seconds:
    print(f"{name:8s} K={args.arms} T={args.horizon} R={args.replicates}: {seconds[name]:.2f} s, "
          f"{1e9 * seconds[name] / rounds:.0f} ns/round")
print(f"ratio {py} / {cpp}: {seconds[py] / seconds[cpp]:.0f}x; identical "
      f"pseudo_regret: {np.array_equal(arrays[cpp], arrays[py])}")
