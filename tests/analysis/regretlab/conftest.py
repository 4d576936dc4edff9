"""Fixtures of the regretlab package tests: synthetic schema-2 result files written with h5py,
exactly as docs/hdf5-schema.md (v2) describes them, with known numbers to check against."""

import os
import sys

import h5py
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PYDIR = os.path.join(REPO, "analysis", "python")
if PYDIR not in sys.path:
    sys.path.insert(0, PYDIR)

STR = h5py.string_dtype("utf-8")
GRID = np.array([1, 3, 10, 30, 100], dtype=np.int64)
GRID_PATH = "/checkpoints/geometric_5_T100"
SPEC_TOML = 'name = "synthetic_v2"\n# <script>alert("x")</script> & co\nhorizon = 100\n'

# Cells in report order (environment name, algorithm name, swept values numerically, horizon).
# (cell_id, environment, env params, algorithm, alg params, replicates, status, sign)
CELLS = [
    ("bb-thompson-g01", "bernoulli_bandit",
     {"gap": 0.1, "means": [0.5, 0.4], "num_arms": 2, "shuffle": True}, "thompson", {}, 1,
     "complete", 1.0),
    ("bb-thompson-g05", "bernoulli_bandit",
     {"gap": 0.5, "means": [0.5, 0.25], "num_arms": 2, "shuffle": True}, "thompson", {}, 4,
     "complete", 1.0),
    ("bb-ucb1-g01", "bernoulli_bandit",
     {"gap": 0.1, "means": [0.5, 0.4], "num_arms": 2, "shuffle": True}, "ucb1",
     {"anytime": True, "exploration": 2.0}, 4, "complete", 1.0),
    ("bb-ucb1-g05", "bernoulli_bandit",
     {"gap": 0.5, "means": [0.5, 0.25], "num_arms": 2, "shuffle": True}, "ucb1",
     {"anytime": True, "exploration": 2.0}, 4, "complete", 1.0),
    ("sw-thompson", "switching",
     {"num_arms": 2, "pattern": "alternating", "rho": 0.5, "shuffle": False}, "thompson", {}, 4,
     "failed", -1.0),
    ("sw-ucb1", "switching",
     {"num_arms": 2, "pattern": "alternating", "rho": 0.5, "shuffle": False}, "ucb1",
     {"anytime": False, "exploration": 1.0}, 4, "complete", -1.0),
]
PARAM_COLUMNS = ["algorithm.anytime", "algorithm.exploration", "environment.gap",
                 "environment.means", "environment.num_arms", "environment.pattern",
                 "environment.rho", "environment.shuffle"]
STDERR = 0.5   # every summary stderr


def canonical(name, params):
    def text(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return f'"{v}"'
        if isinstance(v, list):
            return "[" + ",".join(repr(float(x)) for x in v) + "]"
        return repr(v)
    return name + "{" + ",".join(f"{k}={text(v)}" for k, v in sorted(params.items())) + "}"


def matrix(cell_index, replicates, sign):
    """Per replicate r and checkpoint c: sign * (cell_index + 1) * (r + 1) * log(1 + t_c)."""
    r = np.arange(replicates, dtype=float)[:, None] + 1.0
    return sign * (cell_index + 1) * r * np.log1p(GRID.astype(float))[None, :]


def set_str(obj, name, value):
    obj.attrs.create(name, value, dtype=STR)


def index_row(cell):
    cid, env, ep, alg, ap, reps, status, _ = cell
    row = [cid, "bandit", env, alg, 100, reps, 7, status]
    nan = float("nan")
    row += [float(ap["anytime"]) if "anytime" in ap else nan,
            ap.get("exploration", nan), ep.get("gap", nan),
            "[" + ",".join(f"{x:g}" for x in ep["means"]) + "]" if "means" in ep else "",
            ep["num_arms"], ep.get("pattern", ""), ep.get("rho", nan), ep["shuffle"]]
    return tuple(row)


def write_v2(path, with_index=True, schema_version=2):
    with h5py.File(path, "w") as f:
        f.attrs["schema_version"] = np.int64(schema_version)
        for k, v in (("regretlab_version", "0.2.0-test"), ("git_sha", "abc123def456"),
                     ("build", "g++ test"), ("created_utc", "2026-12-03T12:00:00Z"),
                     ("name", "synthetic_v2"), ("spec_file", "experiments/synthetic.toml"),
                     ("spec_toml", SPEC_TOML), ("spec_canonical", "..."),
                     ("spec_hash", "0123456789abcdef"), ("overrides", "replicates=4\n")):
            set_str(f, k, v)
        f.attrs["seed"] = np.int64(7)
        f.create_dataset(GRID_PATH, data=GRID)
        for i, (cid, env, ep, alg, ap, reps, status, sign) in enumerate(CELLS):
            g = f.create_group(f"cells/{cid}")
            for k, v in (("environment", canonical(env, ep)), ("algorithm", canonical(alg, ap)),
                         ("environment_name", env), ("algorithm_name", alg),
                         ("protocol", "bandit"), ("checkpoints", GRID_PATH),
                         ("canonical", f"{canonical(env, ep)};{canonical(alg, ap)}"),
                         ("status", status)):
                set_str(g, k, v)
            g.attrs["horizon"] = np.int64(100)
            g.attrs["replicates"] = np.int64(reps)
            g.attrs["seed"] = np.int64(7)
            for component, params in (("environment", ep), ("algorithm", ap)):
                pg = g.create_group(f"parameters/{component}")
                for k, v in params.items():
                    if isinstance(v, bool):
                        pg.attrs[k] = np.bool_(v)
                    elif isinstance(v, int):
                        pg.attrs[k] = np.int64(v)
                    elif isinstance(v, float):
                        pg.attrs[k] = np.float64(v)
                    elif isinstance(v, str):
                        set_str(pg, k, v)
                    else:
                        pg.attrs[k] = np.asarray(v, dtype=np.float64)
            if status != "complete":
                set_str(g, "metrics", "")
                set_str(g, "error", "synthetic failure")
                continue
            metrics = ["pseudo_regret"] if env == "switching" else ["expected_regret",
                                                                   "pseudo_regret"]
            set_str(g, "metrics", ",".join(metrics))
            for m in metrics:
                data = matrix(i, reps, sign) * (1.0 if m == "pseudo_regret" else 0.9)
                g.create_dataset(m, data=data, chunks=(min(64, reps), GRID.size),
                                 compression="gzip", compression_opts=4)
                sg = g.create_group(f"summary/{m}")
                sg.create_dataset("mean", data=data.mean(axis=0))
                sg.create_dataset("stderr", data=np.full(GRID.size, STDERR))
                for q, name in ((5, "q05"), (50, "q50"), (95, "q95")):
                    sg.create_dataset(name, data=np.percentile(data, q, axis=0))
                a = g.create_group(f"analysis/{m}")
                final = data[:, -1].mean()
                a.attrs["final_mean"] = final
                half = 1.96 * STDERR if reps >= 2 else float("nan")
                a.attrs["final_ci_low"] = final - half
                a.attrs["final_ci_high"] = final + half
                a.attrs["final_over_log_t"] = final / np.log(100.0)
                a.attrs["slope"] = 0.25
                a.attrs["slope_ci_low"] = 0.2 if reps >= 2 else float("nan")
                a.attrs["slope_ci_high"] = 0.3 if reps >= 2 else float("nan")
                a.attrs["fit_t_min"] = np.int64(10)
                a.attrs["fit_t_max"] = np.int64(100)
            if env == "bernoulli_bandit":
                bounds = [("lai_robbins", "expected_regret", "lower_asymptotic", 0,
                           np.log(GRID.astype(float)) / ep["gap"], "holds", 0.0)]
                if alg == "ucb1":
                    bounds.append(("ucb1_auer2002", "expected_regret", "upper", 1,
                                   500.0 + 8.0 * np.log(GRID.astype(float)) / ep["gap"],
                                   "holds (unverified term dominates)", 0.75))
                if reps < 2:
                    bounds = [(b[0], b[1], b[2], b[3], b[4], "inconclusive (too few replicates)",
                               b[6]) for b in bounds]
                for bname, metric, kind, checked, values, verdict, share in bounds:
                    ds = g.create_dataset(f"bounds/{bname}", data=values)
                    vg = g.create_group(f"verdict/{bname}")
                    for obj in (ds, vg):
                        set_str(obj, "kind", kind)
                        set_str(obj, "metric", metric)
                        set_str(obj, "citation", f"Citation of {bname} <2002>")
                        set_str(obj, "formula", "8 ln t / gap")
                        obj.attrs["constants_checked"] = np.int64(checked)
                    set_str(vg, "verdict", verdict)
                    vg.attrs["max_ratio"] = 0.5
                    vg.attrs["final_ratio"] = 0.25
                    vg.attrs["unverified_share"] = share
            c = f.create_group(f"cost/{cid}")
            c.attrs["seconds"] = 0.5
            c.create_dataset("wall_seconds", data=np.tile(np.linspace(0.1, 1.0, GRID.size),
                                                          (reps, 1)))
        f["cost"].attrs["peak_bytes"] = np.int64(1000)
        f["cost"].attrs["threads"] = np.int64(2)
        set_str(f["cost"], "host", "test")
        if with_index:
            fields = [("cell_id", STR), ("protocol", STR), ("environment", STR),
                      ("algorithm", STR), ("horizon", np.int64), ("replicates", np.int64),
                      ("seed", np.int64), ("status", STR), ("algorithm.anytime", np.float64),
                      ("algorithm.exploration", np.float64), ("environment.gap", np.float64),
                      ("environment.means", STR), ("environment.num_arms", np.int64),
                      ("environment.pattern", STR), ("environment.rho", np.float64),
                      ("environment.shuffle", np.bool_)]
            f.create_dataset("index", data=np.array([index_row(c) for c in CELLS],
                                                    dtype=np.dtype(fields)))
        # Two sweeps of the gap at T = 100: UCB1 (with a theory slope) and Thompson (no fit).
        for key, alg, ids, exponent, theory in (
                ("000", "ucb1{anytime=true,exploration=2}", ["bb-ucb1-g01", "bb-ucb1-g05"],
                 (-0.5, -0.6, -0.4), ("ucb1_auer2002", -1.0)),
                ("001", "thompson", ["bb-thompson-g01", "bb-thompson-g05"],
                 (float("nan"),) * 3, ("", float("nan")))):
            s = f.create_group(f"sweeps/{key}")
            set_str(s, "parameter", "environment.gap")
            set_str(s, "metric", "expected_regret")
            set_str(s, "environment", "bernoulli_bandit")
            set_str(s, "algorithm", alg.split("{")[0])
            set_str(s, "label", f"{alg} on bernoulli_bandit{{num_arms=2}} T=100")
            s.attrs["exponent"], s.attrs["exponent_ci_low"], s.attrs["exponent_ci_high"] = exponent
            set_str(s, "theory_bound", theory[0])
            s.attrs["theory_exponent"] = theory[1]
            s.create_dataset("cell_ids", data=np.array(ids, dtype=object), dtype=STR)
            s.create_dataset("values", data=np.array([0.1, 0.5]))
            s.create_dataset("final_mean", data=np.array([40.0, 20.0]))
            s.create_dataset("final_ci_low", data=np.array([38.0, 19.0]))
            s.create_dataset("final_ci_high", data=np.array([42.0, 21.0]))
            s.create_dataset("bound_final", data=np.array([400.0, 80.0]) if theory[0]
                             else np.full(2, np.nan))
        claims = [
            {"name": "ucb1 gap exponent", "quantity": "exponent", "metric": "expected_regret",
             "source": "Auer et al. 2002", "description": "regret ~ 1/gap", "expected": -1.0,
             "tolerance": 0.6, "at_most": float("nan"), "at_least": float("nan"),
             "expected_verdict": "", "status": "reproduced", "measured": -0.5,
             "measured_ci_low": -0.6, "measured_ci_high": -0.4, "detail": "sweep 000",
             "full_size": 0},
            {"name": "bound <holds> & stays", "quantity": "verdict", "metric": "expected_regret",
             "source": "DESIGN §6", "description": "", "expected": float("nan"),
             "tolerance": float("nan"), "at_most": float("nan"), "at_least": float("nan"),
             "expected_verdict": "holds", "status": "not evaluated (needs full size)",
             "measured": float("nan"), "measured_ci_low": float("nan"),
             "measured_ci_high": float("nan"), "detail": "", "full_size": 1},
        ]
        for k, claim in enumerate(claims):
            c = f.create_group(f"claims/{k:03d}")
            for key, v in claim.items():
                if isinstance(v, str):
                    set_str(c, key, v)
                elif isinstance(v, int):
                    c.attrs[key] = np.int64(v)
                else:
                    c.attrs[key] = np.float64(v)
        p = f.create_group("paired/000")
        set_str(p, "baseline", "thompson")
        set_str(p, "cell_id", "bb-ucb1-g05")
        set_str(p, "baseline_cell_id", "bb-thompson-g05")
        set_str(p, "metric", "expected_regret")
        for key, v in (("mean_difference", 3.0), ("ci_low", 1.0), ("ci_high", 5.0),
                       ("baseline_mean", 30.0)):
            p.attrs[key] = np.float64(v)
        p.attrs["replicates"] = np.int64(4)
    return path


@pytest.fixture(scope="session")
def v2_file(tmp_path_factory):
    return str(write_v2(tmp_path_factory.mktemp("v2") / "synthetic_v2.h5"))


@pytest.fixture(scope="session")
def results(v2_file):
    import regretlab
    return regretlab.load(v2_file)


@pytest.fixture(scope="session")
def golden():
    return os.path.join(REPO, "tests", "golden")
