"""The engine from Python (issue 19): regretlab.list/describe/run, ConfigError, bandit learners
written in Python, the porting check against C++ MOSS, and Ctrl-C + resume. Needs the compiled
module regretlab._core (CTest test `regretlab_python_engine`; REGRETLAB_BIN names the CLI)."""

import os
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "analysis", "python"))
sys.path.insert(0, os.path.join(REPO, "examples", "python"))

import regretlab  # noqa: E402
from exp3_py import Exp3Py  # noqa: E402
from moss_py import MossPy, UniformRandomPy  # noqa: E402

pytest.importorskip("regretlab._core")

class SlowUniformPy(UniformRandomPy):
    """UniformRandomPy taking 0.1 s per replicate: work units long enough to interrupt."""

    def reset(self, info):
        time.sleep(0.1)
        super().reset(info)


QUICKSTART = os.path.join(REPO, "experiments", "quickstart.toml")


def small_spec(algorithms, name="py_small", replicates=6, horizon=400, seed=7):
    return {
        "name": name, "seed": seed, "horizon": horizon, "replicates": replicates,
        "checkpoints": {"kind": "geometric", "count": 12},
        "metrics": ["pseudo_regret", "best_arm_pulls"],
        "environments": [{"name": "bernoulli", "means": [0.2, 0.5, 0.45, 0.7]}],
        "algorithms": [{"name": a} for a in algorithms],
    }


@pytest.fixture(scope="module")
def registered():
    if "py_moss" not in regretlab.list("algorithms"):
        regretlab.register_bandit_learner("py_moss", MossPy, summary="MOSS in Python")
        regretlab.register_bandit_learner("py_uniform", UniformRandomPy, params={"offset": 0})
        regretlab.register_bandit_learner("py_slow", SlowUniformPy, params={"offset": 0})
        regretlab.register_bandit_learner("py_exp3", Exp3Py, params={"eta": 0.0})
    return True


def by_algorithm(results, metric="pseudo_regret"):
    out = {}
    with h5py.File(results.path, "r") as f:
        for _, row in results.cells.iterrows():
            out[row["algorithm"]] = np.array(f["cells"][row["cell_id"]][metric])
    return out


def test_list_and_describe():
    algorithms = regretlab.list("algorithms")
    assert "ucb1" in algorithms and "moss" in algorithms
    assert "bernoulli" in regretlab.list("environments")
    assert "ucb1_auer2002" in regretlab.list("bounds")
    assert "bandit" in regretlab.list("protocols")
    d = regretlab.describe("ucb1")
    assert d["kind"] == "algorithm" and d["protocol"] == "bandit"
    assert [p["name"] for p in d["params"]] == ["exploration"]
    assert d["params"][0]["default"] == 2.0
    assert "ucb1_auer2002" in d["bounds"]
    assert regretlab.describe("ucb1_auer2002")["kind"] == "bound"
    assert "pseudo_regret" in [m["name"] for m in regretlab.describe("bandit")["metrics"]]
    with pytest.raises(regretlab.ConfigError, match="unknown name 'no_such'"):
        regretlab.describe("no_such")
    with pytest.raises(regretlab.ConfigError, match="unknown kind"):
        regretlab.list("widgets")


def test_run_path_text_dict(tmp_path):
    r = regretlab.run(QUICKSTART, out=tmp_path / "a.h5", overrides={"replicates": 4,
                                                                    "horizon": 300})
    v = r.verdicts()
    assert v is r.verdicts and len(v) > 0 and "verdict" in v.columns
    assert set(r.cells()["algorithm"]) == {"ucb1", "kl_ucb", "thompson_sampling", "exp3"}
    assert (r.cells["replicates"] == 4).all()
    # The same spec as text, and as a dict, give the same numbers (the spec hash differs only
    # through its text, never the simulation).
    text = open(QUICKSTART).read()
    t = regretlab.run(text, out=tmp_path / "b.h5", overrides=["replicates=4", "horizon=300"])
    a, b = by_algorithm(r), by_algorithm(t)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])
    spec = small_spec(["ucb1", "moss"])
    d = regretlab.run(spec, threads=1)
    assert os.path.basename(d.path) == "py_small.h5" and os.path.exists(d.path)
    assert d.summary["units_run"] >= 2 and len(d.finals) == 2 * 6 * 2


def test_config_errors_match_cli(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nseed = 1\nhorizon = 100\nreplicates = 2\n\n[[environments]]\n'
                   'name = "bernoulli"\nmeans = [0.5, 0.4]\n\n[[algorithms]]\nname = "ucb1"\n'
                   'exploraton = 2.0\n')
    with pytest.raises(regretlab.ConfigError) as info:
        regretlab.run(bad, out=tmp_path / "bad.h5")
    message = str(info.value)
    assert message.startswith(f"{bad}:12: ") and "exploraton" in message
    binary = os.environ.get("REGRETLAB_BIN")
    if binary:
        cli = subprocess.run([binary, "run", str(bad), "-o", str(tmp_path / "bad.h5")],
                             capture_output=True, text=True)
        assert cli.returncode == 2
        assert cli.stderr.strip() == "regretlab: error: " + message
    with pytest.raises(regretlab.ConfigError, match="unknown"):
        regretlab.run(small_spec(["no_such_algorithm"]), out=tmp_path / "c.h5")
    with pytest.raises(regretlab.ConfigError, match="replicates"):
        regretlab.run(small_spec(["ucb1"]), out=tmp_path / "d.h5", overrides={"replicates": -1})
    # An existing output is never overwritten silently.
    regretlab.run(small_spec(["ucb1"]), out=tmp_path / "e.h5")
    with pytest.raises(regretlab.ConfigError, match="the output file exists"):
        regretlab.run(small_spec(["ucb1"]), out=tmp_path / "e.h5")
    regretlab.run(small_spec(["ucb1"]), out=tmp_path / "e.h5", force=True)


def test_progress_callable(tmp_path):
    seen = []
    regretlab.run(small_spec(["ucb1", "moss"]), out=tmp_path / "p.h5", threads=1,
                  progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and seen[-1][1] >= 2


def test_python_moss_matches_cpp_moss(tmp_path, registered):
    """The porting check: identical pseudo-regret and best-arm pulls, replicate by replicate."""
    spec = small_spec(["moss", "py_moss"], replicates=8, horizon=2000)
    r = regretlab.run(spec, out=tmp_path / "moss.h5", threads=2)
    for metric in ("pseudo_regret", "best_arm_pulls"):
        arrays = by_algorithm(r, metric)
        assert arrays["moss"].shape == arrays["py_moss"].shape
        np.testing.assert_array_equal(arrays["moss"], arrays["py_moss"])
    assert regretlab.describe("py_moss")["summary"] == "MOSS in Python"


def test_python_exp3_matches_cpp_exp3(tmp_path, registered):
    """A randomised port: EXP3's one draw per round comes from the learner's keyed stream, so the
    Python and C++ EXP3 play the same arms (common random numbers with the C++ learners)."""
    spec = small_spec(["exp3", "py_exp3"], replicates=6, horizon=3000)
    r = regretlab.run(spec, out=tmp_path / "exp3.h5", threads=2)
    for metric in ("pseudo_regret", "best_arm_pulls"):
        arrays = by_algorithm(r, metric)
        np.testing.assert_array_equal(arrays["exp3"], arrays["py_exp3"])
    spec["algorithms"] = [{"name": "exp3", "eta": 0.05}, {"name": "py_exp3", "eta": 0.05}]
    arrays = by_algorithm(regretlab.run(spec, out=tmp_path / "exp3b.h5"))
    np.testing.assert_array_equal(arrays["exp3"], arrays["py_exp3"])


def test_conformance_kit_from_python(registered):
    """The bandit conformance kit on C++ and Python learners; a nondeterministic Python learner
    (drawing from Python's own random module, not the keyed stream) fails `deterministic`."""
    for name in ("ucb1", "py_moss", "py_exp3", "py_uniform"):
        report = regretlab.check_bandit_learner(name)
        assert report["ok"], report["text"]
        assert "deterministic" in " ".join(report["passed"])
    import random

    class Unkeyed(UniformRandomPy):
        def select(self, rng):
            return random.randrange(self.num_arms)

    if "py_unkeyed" not in regretlab.list("algorithms"):
        regretlab.register_bandit_learner("py_unkeyed", Unkeyed, params={"offset": 0})
    report = regretlab.check_bandit_learner("py_unkeyed")
    assert not report["ok"] and any("determin" in f for f in report["failures"]), report["text"]
    with pytest.raises(regretlab.ConfigError, match="not a registered bandit algorithm"):
        regretlab.check_bandit_learner("no_such")


def test_python_learner_randomness_is_keyed(tmp_path, registered):
    """A randomised Python learner draws from its keyed stream: the same numbers with 1 or 2
    threads, different numbers for another seed."""
    spec = small_spec(["py_uniform", "ucb1"], replicates=6)
    one = by_algorithm(regretlab.run(spec, out=tmp_path / "u1.h5", threads=1))
    two = by_algorithm(regretlab.run(spec, out=tmp_path / "u2.h5", threads=2))
    np.testing.assert_array_equal(one["py_uniform"], two["py_uniform"])
    other = by_algorithm(regretlab.run(small_spec(["py_uniform"], seed=8), out=tmp_path / "u3.h5"))
    assert not np.array_equal(one["py_uniform"], other["py_uniform"])
    # A parameter of a Python learner is set in the spec like a C++ one.
    spec["algorithms"] = [{"name": "py_uniform", "offset": 1}]
    shifted = by_algorithm(regretlab.run(spec, out=tmp_path / "u4.h5"))
    assert not np.array_equal(one["py_uniform"], shifted["py_uniform"])
    with pytest.raises(regretlab.ConfigError, match="offset"):
        spec["algorithms"] = [{"name": "py_uniform", "offset": 0.5}]
        regretlab.run(spec, out=tmp_path / "u5.h5")


def test_register_refuses_a_taken_name_and_a_class_without_the_methods():
    """(A Python exception inside a run fails its cell only: components_test.py.)"""
    with pytest.raises(regretlab.ConfigError, match="already registered"):
        regretlab.register_bandit_learner("ucb1", UniformRandomPy)

    class NoUpdate:
        def reset(self, info):
            pass

        def select(self, rng):
            return 0

    with pytest.raises(TypeError, match="has no update"):
        regretlab.register_bandit_learner("py_no_update", NoUpdate)


def test_ctrl_c_leaves_a_resumable_run(tmp_path, registered):
    """SIGINT during a run: KeyboardInterrupt, parts on disk, resume=True completes it with the
    same numbers as an uninterrupted run."""
    spec = small_spec(["ucb1"], replicates=4)
    spec["algorithms"] = [{"name": "py_slow", "offset": k} for k in range(4)] + [{"name": "moss"}]
    out = tmp_path / "int.h5"
    sent = []

    def interrupt(done, total):
        if done >= 1 and not sent:
            sent.append(done)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        regretlab.run(spec, out=out, threads=1, progress=interrupt)
    assert not out.exists() and os.path.isdir(str(out) + ".parts")
    resumed = regretlab.run(spec, out=out, threads=1, resume=True)
    assert resumed.summary["units_skipped"] >= 1
    full = regretlab.run(spec, out=tmp_path / "full.h5", threads=2)
    a, b = by_algorithm(resumed), by_algorithm(full)
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


@pytest.mark.parametrize("script,args", [("quickstart.py", ["--replicates", "4"]),
                                         ("sweep.py", ["--replicates", "4"])])
def test_examples(tmp_path, script, args):
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "analysis", "python"), MPLBACKEND="Agg")
    png = tmp_path / (script + ".png")
    done = subprocess.run([sys.executable, os.path.join(REPO, "examples", "python", script),
                           *args, "-o", str(png)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert png.stat().st_size > 10000


def test_sigint_from_outside_leaves_a_resumable_run(tmp_path):
    """A real Ctrl-C (SIGINT from another process while the calling thread waits in the engine):
    KeyboardInterrupt, exit code 130-like failure, parts on disk; resume completes the run."""
    out = tmp_path / "sig.h5"
    script = tmp_path / "run.py"
    script.write_text(f"""
import sys, time
sys.path.insert(0, {os.path.join(REPO, 'examples', 'python')!r})
import regretlab
from moss_py import UniformRandomPy

class Slow(UniformRandomPy):
    def reset(self, info):
        time.sleep(0.2)
        super().reset(info)

regretlab.register_bandit_learner("py_slow", Slow, params={{"offset": 0}})
spec = {{"name": "sig", "seed": 3, "horizon": 300, "replicates": 4,
        "checkpoints": {{"kind": "geometric", "count": 8}}, "metrics": ["pseudo_regret"],
        "environments": [{{"name": "bernoulli", "means": [0.2, 0.6]}}],
        "algorithms": [{{"name": "py_slow", "offset": k}} for k in range(8)]}}
resume = len(sys.argv) > 1
print("started", flush=True)
try:
    r = regretlab.run(spec, out={str(out)!r}, threads=1, resume=resume)
    print("complete", r.summary["units_skipped"], r.summary["units_run"], flush=True)
except KeyboardInterrupt as e:
    print("interrupted:", e, flush=True)
    sys.exit(3)
""")
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "analysis", "python"))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout.readline().strip() == "started"
    time.sleep(2.0)  # 8 cells of 4 x 0.2 s: a few units are done, the rest not
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 3, stdout
    assert "interrupted: run interrupted;" in stdout and "resume=True" in stdout
    assert not out.exists() and os.path.isdir(str(out) + ".parts")
    done = subprocess.run([sys.executable, str(script), "resume"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    skipped, run = map(int, done.stdout.split("complete")[1].split()[:2])
    assert skipped >= 1 and run >= 1 and out.exists()
