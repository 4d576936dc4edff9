#!/usr/bin/python3
"""Self-contained test for analysis/python/plot_regret.py (a wrapper over the regretlab package).

Run with Debian's system Python (needs python3-h5py, -matplotlib, -numpy):

    /usr/bin/python3 tests/analysis/plot_regret_test.py

Builds synthetic schema-version-1 HDF5 files in a temporary directory, runs
the plot script through subprocess and checks its output and exit codes.
Exits 0 when every check passes; the last line printed is "N passed, M failed".
"""

import os
import struct
import subprocess
import sys
import tempfile
import traceback

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SCRIPT = os.path.join(REPO, "analysis", "python", "plot_regret.py")
PYTHON = "/usr/bin/python3"
TIMEOUT_S = 60

ROW_PX = 4 * 120    # one row of panels: 4 in at 120 dpi
WIDTH_PX = 12 * 120

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

vlen_str = h5py.string_dtype("utf-8")


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------

def set_vlen(obj, name, value):
    """Variable-length UTF-8 string attribute (h5py reads it back as str)."""
    obj.attrs.create(name, value, dtype=vlen_str)


def set_fixed(obj, name, value):
    """Fixed-length ASCII string attribute (h5py reads it back as bytes)."""
    obj.attrs[name] = np.bytes_(value.encode("ascii"))


def add_cell(f, cell_id, *, environment, algorithm, grid_path, metrics,
             status="complete", bounds=(), fixed_strings=False, seed=0):
    horizon = int(f[grid_path][-1])
    t = f[grid_path][()].astype(np.float64)
    replicates = 8
    g = f.create_group(f"cells/{cell_id}")
    s = set_fixed if fixed_strings else set_vlen
    s(g, "environment", environment)
    s(g, "algorithm", algorithm)
    s(g, "environment_name", environment.split("{")[0])
    s(g, "algorithm_name", algorithm.split("{")[0])
    g.attrs["horizon"] = np.int64(horizon)
    g.attrs["replicates"] = np.int64(replicates)
    s(g, "checkpoints", grid_path)
    s(g, "status", status)
    s(g, "metrics", ",".join(metrics))
    rng = np.random.default_rng(seed)
    for k, m in enumerate(metrics):
        base = (3.0 + k) * np.log1p(t)
        data = base[None, :] * (1.0 + 0.1 * rng.standard_normal((replicates, t.size)))
        if m == "pseudo_regret":
            data[:, 0] = 0.0          # a zero value: must be skipped on log-log axes
        g.create_dataset(m, data=data)
        mean = data.mean(axis=0)
        stderr = data.std(axis=0, ddof=1) / np.sqrt(replicates)
        sg = g.create_group(f"summary/{m}")
        sg.create_dataset("mean", data=mean)
        sg.create_dataset("stderr", data=stderr)
        for q, name in ((5, "q05"), (50, "q50"), (95, "q95")):
            sg.create_dataset(name, data=np.percentile(data, q, axis=0))
    for name, metric, kind, checked, values in bounds:
        ds = g.create_dataset(f"bounds/{name}", data=values)
        s(ds, "kind", kind)
        s(ds, "metric", metric)
        s(ds, "citation", "Auer, Cesa-Bianchi, Fischer 2002")
        ds.attrs["constants_checked"] = np.int64(checked)
        s(ds, "formula", "8 sum log(t)/Delta + (1+pi^2/3) sum Delta")
        vg = g.create_group(f"verdict/{name}")
        s(vg, "verdict", "holds")
        vg.attrs["max_ratio"] = np.float64(0.5)
    return g


def build_good_file(path, schema_version=1):
    with h5py.File(path, "w") as f:
        f.attrs["schema_version"] = np.int64(schema_version)
        set_vlen(f, "regretlab_version", "0.0.0-test")
        set_vlen(f, "name", "synthetic_test")
        set_vlen(f, "spec_toml", "name = \"synthetic_test\"\n")
        t = np.unique(np.geomspace(1, 1000, 30).astype(np.int64))
        t[-1] = 1000
        f.create_dataset("checkpoints/geometric_30_T1000", data=t)
        grid = "/checkpoints/geometric_30_T1000"
        tf = t.astype(np.float64)
        ucb_bound = 8.0 * np.log(tf) / 0.8 + 2.0
        # One cell with expected + pseudo regret and bounds (one for each metric,
        # one with constants_checked == 0, one with non-positive values).
        add_cell(f, "c000_bern_ucb1",
                 environment="bernoulli{means=[0.1,0.9]}", algorithm="ucb1{}",
                 grid_path=grid, metrics=["expected_regret", "pseudo_regret"],
                 bounds=[("auer2002_thm1", "expected_regret", "upper", 1, ucb_bound),
                         ("lai_robbins", "expected_regret", "lower_asymptotic", 0,
                          np.log(tf) / 0.5),    # log(1) = 0: skipped on log-log
                         ("pseudo_only", "pseudo_regret", "upper", 1, ucb_bound * 2)],
                 seed=1)
        # A second environment, pseudo regret only, fixed-length string attributes
        # and a very long algorithm canonical text (legend gets shortened).
        add_cell(f, "c001_gauss_thompson",
                 environment="gaussian{means=[0.0,0.5,1.0],sigma=1}",
                 algorithm="thompson_gaussian{prior_mean=0,prior_var=1,"
                           "some_really_long_parameter_name=0.123456789}",
                 grid_path=grid, metrics=["pseudo_regret", "best_arm_pulls"],
                 fixed_strings=True, seed=2)
        # A failed cell: must be reported on stderr and skipped.
        g = f.create_group("cells/c002_bern_failed")
        set_vlen(g, "environment", "bernoulli{means=[0.1,0.9]}")
        set_vlen(g, "algorithm", "epsilon_greedy{epsilon=0.1}")
        set_vlen(g, "environment_name", "bernoulli")
        set_vlen(g, "algorithm_name", "epsilon_greedy")
        g.attrs["horizon"] = np.int64(1000)
        g.attrs["replicates"] = np.int64(8)
        set_vlen(g, "checkpoints", grid)
        set_vlen(g, "status", "failed")
        set_vlen(g, "metrics", "")


def build_no_cells_file(path):
    with h5py.File(path, "w") as f:
        f.attrs["schema_version"] = np.int64(1)
        set_vlen(f, "name", "empty")
        f.create_dataset("checkpoints/g", data=np.arange(1, 11, dtype=np.int64))


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def run_plot(*args):
    return subprocess.run([PYTHON, SCRIPT, *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S)


def png_size(path):
    """(width, height) from the PNG IHDR chunk."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == PNG_MAGIC, f"{path}: not a PNG (magic {head[:8]!r})"
    return struct.unpack(">II", head[16:24])


def check_png(path, rows):
    assert os.path.isfile(path), f"{path} was not written"
    size = os.path.getsize(path)
    assert size > 10_000, f"{path} is suspiciously small ({size} bytes)"
    w, h = png_size(path)
    assert (w, h) == (WIDTH_PX, rows * ROW_PX), \
        f"{path}: {w}x{h} px, expected {WIDTH_PX}x{rows * ROW_PX} ({rows} row(s))"


def check_ok(r, out):
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    assert r.stdout.strip().splitlines()[-1] == out, f"path not printed: {r.stdout!r}"


def check_error(r, must_mention):
    assert r.returncode == 2, \
        f"expected exit 2, got {r.returncode}\nstdout:{r.stdout}\nstderr:{r.stderr}"
    assert "Traceback" not in r.stderr, f"traceback instead of message:\n{r.stderr}"
    for word in must_mention:
        assert word in r.stderr, f"stderr does not mention {word!r}:\n{r.stderr}"


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------

def make_tests(tmp):
    good = os.path.join(tmp, "good.h5")
    v3 = os.path.join(tmp, "schema_v3.h5")
    nocells = os.path.join(tmp, "nocells.h5")
    text = os.path.join(tmp, "notes.h5")
    missing = os.path.join(tmp, "does_not_exist.h5")
    build_good_file(good)
    build_good_file(v3, schema_version=3)
    build_no_cells_file(nocells)
    with open(text, "w") as fh:
        fh.write("this is a text file, not HDF5\n" * 20)

    def out(name):
        return os.path.join(tmp, name)

    def t_default():
        o = out("default.png")
        r = run_plot(good, "-o", o)
        check_ok(r, o)
        check_png(o, rows=2)   # two environments -> two rows
        assert "c002_bern_failed" in r.stderr, f"failed cell not reported:\n{r.stderr}"

    def t_options():
        o = out("options.png")
        r = run_plot(good, "-o", o, "--no-bounds", "--title", "A custom title",
                     "--metric", "pseudo_regret")
        check_ok(r, o)
        check_png(o, rows=2)

    def t_metric_skips_cells():
        o = out("expected_only.png")
        r = run_plot(good, "-o", o, "--metric", "expected_regret")
        check_ok(r, o)
        check_png(o, rows=1)   # the gaussian cell has no expected_regret
        assert "c001_gauss_thompson" in r.stderr, \
            f"cell without the metric not reported:\n{r.stderr}"

    def t_cells_filter():
        o1 = out("filter_id.png")
        r = run_plot(good, "-o", o1, "--cells", "c001")
        check_ok(r, o1)
        check_png(o1, rows=1)
        o2 = out("filter_algo.png")
        r = run_plot(good, "-o", o2, "--cells", "ucb1")
        check_ok(r, o2)
        check_png(o2, rows=1)
        r = run_plot(good, "-o", out("filter_none.png"), "--cells", "no_such_cell")
        check_error(r, [good, "no_such_cell"])
        assert not os.path.exists(out("filter_none.png"))

    def t_missing_file():
        check_error(run_plot(missing, "-o", out("x.png")), [missing])

    def t_text_file():
        check_error(run_plot(text, "-o", out("x.png")), [text, "HDF5"])

    def t_no_cells():
        check_error(run_plot(nocells, "-o", out("x.png")), [nocells, "/cells"])

    def t_schema_version():
        # Versions 1 and 2 are read (regretlab package); anything newer is refused.
        check_error(run_plot(v3, "-o", out("x.png")), [v3, "schema_version"])

    def t_bogus_metric():
        check_error(run_plot(good, "-o", out("x.png"), "--metric", "bogus_metric"),
                    [good, "bogus_metric"])
        assert not os.path.exists(out("x.png"))

    def t_usage():
        r = subprocess.run([PYTHON, SCRIPT, good], capture_output=True, text=True,
                           timeout=TIMEOUT_S)
        assert r.returncode == 2, f"missing -o accepted (exit {r.returncode})"

    def t_executable():
        assert os.access(SCRIPT, os.X_OK), f"{SCRIPT} is not executable"
        with open(SCRIPT, "rb") as fh:
            first = fh.readline().strip()
        assert first == b"#!/usr/bin/python3", f"bad shebang {first!r}"

    def t_protocol_curve_labels():
        # A protocol's own legend convention is looked up by its name; others keep the text.
        sys.path.insert(0, os.path.join(REPO, "analysis", "python"))
        import protocols
        text = 'lmdp_value_optimistic{belief_grid=50,c1=1.0,planner="belief_grid"}'
        assert protocols.curve_label("latent_mdp", text) == \
            "lmdp_value_optimistic [planner belief_grid G=50 approx.]"
        assert protocols.curve_label("latent_mdp", 'lmdp_mvp{planner="exact"}') == \
            "lmdp_mvp [planner exact]"
        assert protocols.curve_label("bandit", text) == text
        assert protocols.curve_label("", text) == text
        assert protocols.curve_label("../etc", text) == text

    return [t_executable, t_default, t_options, t_metric_skips_cells, t_cells_filter,
            t_missing_file, t_text_file, t_no_cells, t_schema_version,
            t_bogus_metric, t_usage, t_protocol_curve_labels]


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="plot_regret_test_") as tmp:
        for test in make_tests(tmp):
            try:
                test()
            except Exception:  # noqa: BLE001 - report every failure and go on
                failed += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc(file=sys.stdout)
            else:
                passed += 1
                print(f"ok   {test.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
