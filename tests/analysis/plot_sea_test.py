#!/usr/bin/python3
"""Self-contained test for analysis/python/plot_sea.py (run with /usr/bin/python3).

Builds synthetic result files (a 2 x 2 (s, rho) grid for two algorithms; a three-period switching
sweep with a negative static regret) and checks the figure is written, and that bad inputs end
with exit status 2. The last line printed is "N passed, M failed"; exit 0 when all pass.
"""

import os
import subprocess
import sys
import tempfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "analysis", "python", "plot_sea.py")
PYTHON = "/usr/bin/python3"


def cell(group, name, environment, algorithm, horizon, ratio=None, finals=None):
    c = group.create_group(name)
    c.attrs["status"] = "complete"
    c.attrs["environment"] = environment
    c.attrs["algorithm"] = algorithm
    c.attrs["horizon"] = horizon
    if ratio is not None:
        v = c.create_group("verdict/sea_convex_proxy")
        v.attrs["final_ratio"] = ratio
    if finals is not None:
        c.create_dataset("summary/pseudo_regret/mean", data=[0.0, finals[0]])
        c.create_dataset("summary/dynamic_regret/mean", data=[0.0, finals[1]])


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        phase = os.path.join(tmp, "phase.h5")
        with h5py.File(phase, "w") as f:
            f.attrs["schema_version"] = 1
            cells = f.create_group("cells")
            k = 0
            for algorithm in ('ogd{step="convex"}', "oftrl{}"):
                for s in (0.0, 0.1):
                    for rho in (0.0, 0.2):
                        env = f"quadratic_sea{{pattern=\"alternating\",rho={rho},s={s}}}"
                        cell(cells, f"c{k}", env, algorithm, 1000, ratio=0.1 + s + rho)
                        k += 1
        sweep = os.path.join(tmp, "sweep.h5")
        with h5py.File(sweep, "w") as f:
            f.attrs["schema_version"] = 1
            cells = f.create_group("cells")
            for k, (period, static, dynamic) in enumerate([(1, 50, 900), (10, -5, 300),
                                                           (100, -80, 90)]):
                env = f"quadratic_sea{{period={period},s=0.01}}"
                cell(cells, f"p{k}", env, "optimistic_omd{}", 1000, finals=(static, dynamic))
        out = os.path.join(tmp, "fig.png")
        checks = [
            ([phase, "--switching", sweep, "-o", out], 0, True),
            ([phase, "-o", out], 0, True),
            ([os.path.join(tmp, "missing.h5"), "-o", out], 2, False),
            ([sweep, "-o", out], 2, False),  # no s, rho cells with the proxy
        ]
        for arguments, status, figure in checks:
            if os.path.exists(out):
                os.remove(out)
            result = subprocess.run([PYTHON, SCRIPT, *arguments], capture_output=True, text=True,
                                    timeout=60)
            ok = result.returncode == status and os.path.exists(out) == figure
            print(("PASS" if ok else "FAIL"), arguments[0], result.returncode,
                  result.stderr.strip()[:200])
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
