"""Components written in Python inside the engine (issue 19; docs/python.md): bandit environments
(C++ learners against them, the environment kit and its porting check against the C++
`bernoulli`), online convex learners (the porting check against the C++ `ogd`, the OCO kit), and
a Python exception that fails its cell only. Needs regretlab._core (CTest
`regretlab_python_engine`)."""

import os
import sys
import warnings

import h5py
import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "analysis", "python"))
sys.path.insert(0, os.path.join(REPO, "examples", "python"))

import regretlab  # noqa: E402
from bernoulli_env_py import BernoulliPy, HiddenBestArmPy  # noqa: E402
from moss_py import MossPy  # noqa: E402
from ogd_py import OgdPy  # noqa: E402

pytest.importorskip("regretlab._core")


def register_once(function, name, cls, **kwargs):
    kinds = ("algorithms", "environments")
    if not any(name in regretlab.list(kind) for kind in kinds):
        function(name, cls, **kwargs)


@pytest.fixture(scope="module", autouse=True)
def registered():
    register_once(regretlab.register_bandit_environment, "py_bernoulli", BernoulliPy,
                  params={"means": [0.3, 0.5, 0.7]})
    register_once(regretlab.register_bandit_environment, "py_hidden_best", HiddenBestArmPy,
                  params={"num_arms": 5, "low": 0.4, "high": 0.6})
    register_once(regretlab.register_bandit_learner, "py_moss_c", MossPy)
    register_once(regretlab.register_online_convex_learner, "py_ogd", OgdPy,
                  summary="OGD in Python")


def arrays(results, metric):
    """{(environment, algorithm): the metric's replicate x checkpoint array}."""
    out = {}
    with h5py.File(results.path, "r") as f:
        for _, row in results.cells.iterrows():
            out[(row["environment"], row["algorithm"])] = np.array(f["cells"][row["cell_id"]][metric])
    return out


def bandit_spec(environments, algorithms, replicates=6, horizon=1500, seed=11,
                metrics=("pseudo_regret", "realized_regret", "best_arm_pulls")):
    return {
        "name": "py_components", "seed": seed, "horizon": horizon, "replicates": replicates,
        "checkpoints": {"kind": "geometric", "count": 10}, "metrics": list(metrics),
        "environments": environments, "algorithms": [{"name": a} for a in algorithms],
    }


def test_python_environment_ports_cpp_bernoulli_bit_for_bit():
    """The porting check of an environment: the same rewards as the C++ `bernoulli` on the same
    keys, and the kit's other checks (rewards in range, reward stacks, declared means)."""
    report = regretlab.check_bandit_environment(
        "py_bernoulli", {"means": [0.2, 0.5, 0.55]}, reference="bernoulli",
        reference_params={"means": [0.2, 0.5, 0.55]}, pulls=3000)
    assert report["ok"], report["text"]
    assert report["passed"] == ["constructs", "rewards_in_range", "deterministic", "keyed",
                                "reward_stacks", "means_match", "matches_reference"]
    # Another mean is another environment: the reference check fails, nothing else.
    report = regretlab.check_bandit_environment(
        "py_bernoulli", {"means": [0.2, 0.5, 0.55]}, reference="bernoulli",
        reference_params={"means": [0.2, 0.5, 0.6]}, pulls=3000)
    assert [f.split(":")[0] for f in report["failures"]] == ["matches_reference"]


def test_python_environment_whose_means_lie_fails_the_kit():
    class Liar(BernoulliPy):
        def draw(self, arm, rng):
            return 1.0 if rng.uniform01() < 1.0 - self.means[arm] else 0.0

    register_once(regretlab.register_bandit_environment, "py_liar", Liar,
                  params={"means": [0.2, 0.9]})
    report = regretlab.check_bandit_environment("py_liar", {}, pulls=2000)
    assert [f.split(":")[0] for f in report["failures"]] == ["means_match"], report["text"]


def test_cpp_learners_against_a_python_environment(tmp_path):
    """C++ and Python learners in one cell group on a Python environment: common random numbers
    (C++ MOSS and its Python port play the same arms on the same stacks), the same numbers for 1
    and 2 threads, and the bounds of stochastic environments apply to it."""
    spec = bandit_spec([{"name": "py_bernoulli", "means": [0.3, 0.5, 0.45, 0.7]}],
                       ["moss", "py_moss_c", "ucb1", "thompson_sampling"])
    one = regretlab.run(spec, out=tmp_path / "one.h5", threads=1)
    two = regretlab.run(spec, out=tmp_path / "two.h5", threads=2)
    assert (one.cells["status"] == "complete").all()
    for metric in ("pseudo_regret", "realized_regret", "best_arm_pulls"):
        a, b = arrays(one, metric), arrays(two, metric)
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
        np.testing.assert_array_equal(a[("py_bernoulli", "moss")], a[("py_bernoulli", "py_moss_c")])
    ucb1_cell = one.cells.set_index("algorithm")["cell_id"]["ucb1"]
    verdicts = one.verdicts
    assert "ucb1_auer2002" in set(verdicts[verdicts["cell_id"] == ucb1_cell]["bound"])
    # A per-replicate instance: keyed (same for any thread count), different across replicates.
    spec = bandit_spec([{"name": "py_hidden_best", "num_arms": 4}], ["ucb1"], replicates=8)
    hidden = arrays(regretlab.run(spec, out=tmp_path / "h1.h5", threads=2), "best_arm_pulls")
    again = arrays(regretlab.run(spec, out=tmp_path / "h2.h5", threads=1), "best_arm_pulls")
    np.testing.assert_array_equal(hidden[("py_hidden_best", "ucb1")],
                                  again[("py_hidden_best", "ucb1")])


def test_python_environment_bad_input(tmp_path):
    # Means outside [0, 1]: a ConfigError when the spec is read, nothing run or written.
    spec = bandit_spec([{"name": "py_bernoulli", "means": [0.3, 1.5]}], ["ucb1"])
    out = tmp_path / "bad.h5"
    with pytest.raises(regretlab.ConfigError, match=r"py_bernoulli.*means\[1\] = 1\.5.*\[0, 1\]"):
        regretlab.run(spec, out=out)
    assert not out.exists() and not os.path.exists(str(out) + ".parts")
    # A class without draw() is refused at registration.
    class NoDraw:
        means = [0.5, 0.5]
    with pytest.raises(TypeError, match="draw"):
        regretlab.register_bandit_environment("py_no_draw", NoDraw)


def test_a_python_exception_fails_its_cell_only(tmp_path):
    """A learner that raises in round 50 and an environment whose draw leaves [0, 1]: those cells
    are marked failed with Python's message, the others complete; run() warns."""
    class Broken(MossPy):
        def select(self, rng):
            if sum(self.counts) >= 50:
                raise ZeroDivisionError("boom in round 51")
            return super().select(rng)

    class TooLarge(BernoulliPy):
        def draw(self, arm, rng):
            return 2.0 if arm == 1 else super().draw(arm, rng)

    register_once(regretlab.register_bandit_learner, "py_broken_late", Broken)
    register_once(regretlab.register_bandit_environment, "py_too_large", TooLarge,
                  params={"means": [0.2, 0.8]})
    spec = bandit_spec([{"name": "bernoulli", "means": [0.2, 0.8]},
                        {"name": "py_too_large"}], ["py_broken_late", "ucb1"], replicates=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = regretlab.run(spec, out=tmp_path / "f.h5", threads=2)
    assert r.summary["failed_cells"] == 3
    assert any(issubclass(w.category, RuntimeWarning) and "3 cell(s) failed" in str(w.message)
               for w in caught)
    cells = r.cells.set_index(["environment", "algorithm"])["status"].to_dict()
    assert cells == {("bernoulli", "py_broken_late"): "failed", ("bernoulli", "ucb1"): "complete",
                     ("py_too_large", "py_broken_late"): "failed",
                     ("py_too_large", "ucb1"): "failed"}
    errors = r.cells.set_index(["environment", "algorithm"])["error"].to_dict()
    assert "ZeroDivisionError" in errors[("bernoulli", "py_broken_late")]
    assert "boom in round 51" in errors[("bernoulli", "py_broken_late")]
    assert "draw(1, rng) returned 2" in errors[("py_too_large", "ucb1")]


def oco_spec(algorithms, domain="ball", replicates=4, horizon=800):
    return {
        "name": "py_oco", "seed": 5, "horizon": horizon, "replicates": replicates,
        "checkpoints": {"kind": "geometric", "count": 8},
        "metrics": ["realized_regret", "pseudo_regret", "linearized_regret"],
        "environments": [{"name": "quadratic_sea", "dimension": 4, "domain": domain,
                          "s": 0.2, "rho": 0.1}],
        "algorithms": [{"name": a} for a in algorithms],
    }


def test_python_ogd_matches_cpp_ogd(tmp_path):
    """The porting check on the second protocol: OGD in Python plays the same points as the C++
    `ogd` (same arithmetic, the C++ projection), so every regret is equal bit for bit."""
    for domain in ("ball", "simplex"):
        r = regretlab.run(oco_spec(["ogd", "py_ogd"], domain=domain), out=tmp_path / f"{domain}.h5",
                          threads=2)
        assert (r.cells["status"] == "complete").all()
        for metric in ("realized_regret", "pseudo_regret", "linearized_regret"):
            a = arrays(r, metric)
            np.testing.assert_array_equal(a[("quadratic_sea", "ogd")], a[("quadratic_sea", "py_ogd")])
    assert regretlab.describe("py_ogd")["protocol"] == "online_convex"


def test_online_convex_kit_from_python():
    for name in ("ogd", "py_ogd", "optimistic_omd"):
        report = regretlab.check_online_convex_learner(name)
        assert report["ok"], report["text"]
        assert report["passed"] == ["constructs", "accepts", "plays_in_domain", "finite",
                                    "reset_is_fresh", "deterministic"]

    class Outside(OgdPy):
        def play(self):
            return self.x + 2.0 * self.domain.max_norm

    class Stale(OgdPy):
        plays = 0

        def play(self):
            Stale.plays += 1  # class state survives reset(): not a fresh object
            return self.domain.project(self.x + 1.0 / Stale.plays)

    register_once(regretlab.register_online_convex_learner, "py_outside", Outside)
    register_once(regretlab.register_online_convex_learner, "py_stale", Stale)
    outside = regretlab.check_online_convex_learner("py_outside")
    assert [f.split(":")[0] for f in outside["failures"]] == ["plays_in_domain"]
    stale = regretlab.check_online_convex_learner("py_stale")
    assert [f.split(":")[0] for f in stale["failures"]] == ["reset_is_fresh", "deterministic"]
    with pytest.raises(regretlab.ConfigError, match="not a registered online_convex algorithm"):
        regretlab.check_online_convex_learner("ucb1")


def test_python_oco_learner_check_declines_at_spec_time(tmp_path):
    class SimplexOnly(OgdPy):
        def check(self, info):
            return "" if info.domain.kind == "simplex" else "py_simplex_only plays on the simplex"

    register_once(regretlab.register_online_convex_learner, "py_simplex_only", SimplexOnly)
    with pytest.raises(regretlab.ConfigError, match="py_simplex_only plays on the simplex"):
        regretlab.run(oco_spec(["py_simplex_only"]), out=tmp_path / "no.h5")
    r = regretlab.run(oco_spec(["py_simplex_only"], domain="simplex"), out=tmp_path / "yes.h5")
    assert (r.cells["status"] == "complete").all()
    # A play of the wrong dimension fails the cell, naming the dimension.
    class WrongSize(OgdPy):
        def play(self):
            return [0.0]

    register_once(regretlab.register_online_convex_learner, "py_wrong_size", WrongSize)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = regretlab.run(oco_spec(["py_wrong_size", "ogd"]), out=tmp_path / "w.h5")
    errors = r.cells.set_index("algorithm")["error"].to_dict()
    assert "play() must return 4 floats" in errors["py_wrong_size"]
    assert r.cells.set_index("algorithm")["status"].to_dict()["ogd"] == "complete"
