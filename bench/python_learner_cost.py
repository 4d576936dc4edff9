"""Per-round cost of a component written in Python against its C++ counterpart
(docs/benchmarks.md, "Python learners"), one thread, on one spec each, checking that the two
recorded identical regret:
  --algorithm moss   MOSS (algorithms/bandit/moss.cc) and examples/python/moss_py.py;
  --algorithm exp3   EXP3 and examples/python/exp3_py.py;
  --algorithm ogd    online gradient descent (algorithms/oco/ogd.cc) and examples/python/ogd_py.py
                     on quadratic_sea, dimension --arms (online_convex protocol);
  --environment      the C++ moss against the C++ `bernoulli` and against the Python
                     environment examples/python/bernoulli_env_py.py (the same rewards: the
                     identity is checked through the environment kit, since the two environments'
                     stream keys differ by name).

    PYTHONPATH=analysis/python /usr/bin/python3 bench/python_learner_cost.py [--horizon T]
        [--replicates R] [--arms K] [--algorithm moss|exp3|ogd] [--environment]
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
from bernoulli_env_py import BernoulliPy  # noqa: E402
from exp3_py import Exp3Py  # noqa: E402
from moss_py import MossPy  # noqa: E402
from ogd_py import OgdPy  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--horizon", type=int, default=100000)
parser.add_argument("--replicates", type=int, default=4)
parser.add_argument("--arms", type=int, default=10)
parser.add_argument("--algorithm", choices=["moss", "exp3", "ogd"], default="moss")
parser.add_argument("--environment", action="store_true",
                    help="time a Python environment (with the C++ moss) instead of a learner")
args = parser.parse_args()

means = [round(0.1 + 0.8 * a / (args.arms - 1), 4) for a in range(args.arms)]
if args.environment:
    cpp, py = "bernoulli", "py_bernoulli"
    regretlab.register_bandit_environment(py, BernoulliPy, params={"means": [0.3, 0.7]})
    check = regretlab.check_bandit_environment(py, {"means": means}, reference=cpp,
                                               reference_params={"means": means})
    print("environment kit against the C++ bernoulli:", "ok" if check["ok"] else check["text"])
elif args.algorithm == "ogd":
    cpp, py = "ogd", "py_ogd"
    regretlab.register_online_convex_learner(py, OgdPy)
else:
    cpp = args.algorithm
    py = "py_" + cpp
    regretlab.register_bandit_learner(py, {"moss": MossPy, "exp3": Exp3Py}[cpp])


def spec_for(name):
    spec = {"name": f"bench_{name}", "seed": 1, "horizon": args.horizon,
            "replicates": args.replicates, "checkpoints": {"kind": "geometric", "count": 20},
            "metrics": ["pseudo_regret", "best_arm_pulls"],
            "environments": [{"name": "bernoulli", "means": means}],
            "algorithms": [{"name": name}]}
    if args.environment:
        spec["environments"] = [{"name": name, "means": means}]
        spec["algorithms"] = [{"name": "moss"}]
    elif args.algorithm == "ogd":
        spec["metrics"] = ["pseudo_regret"]
        spec["environments"] = [{"name": "quadratic_sea", "dimension": args.arms,
                                 "domain": "ball", "s": 0.2, "rho": 0.1}]
    return spec


out = tempfile.mkdtemp(prefix="regretlab-bench-")
seconds, arrays = {}, {}
for name in (cpp, py):
    spec = spec_for(name)
    start = time.perf_counter()
    r = regretlab.run(spec, out=os.path.join(out, name + ".h5"), threads=1)
    seconds[name] = time.perf_counter() - start
    with h5py.File(r.path, "r") as f:
        arrays[name] = np.array(f["cells"][r.cells["cell_id"][0]]["pseudo_regret"])
rounds = args.horizon * args.replicates
for name in seconds:
    print(f"{name:12s} K={args.arms} T={args.horizon} R={args.replicates}: {seconds[name]:.2f} s, "
          f"{1e9 * seconds[name] / rounds:.0f} ns/round")
identical = "n/a (other stream keys)" if args.environment else np.array_equal(arrays[cpp], arrays[py])
print(f"ratio {py} / {cpp}: {seconds[py] / seconds[cpp]:.0f}x; identical "
      f"pseudo_regret: {identical}")
