"""regretlab.load: the frames against hand-computed values of the synthetic v2 file."""

import math
import os

import h5py
import numpy as np
import pandas as pd
import pytest

import regretlab
from conftest import CELLS, GRID, PARAM_COLUMNS, SPEC_TOML, STDERR, matrix, write_v2


def test_cells_follow_the_index(results):
    cells = results.cells
    assert list(cells["cell_id"]) == [c[0] for c in CELLS]
    assert list(cells.columns[:8 + len(PARAM_COLUMNS)]) == [
        "cell_id", "protocol", "environment", "algorithm", "horizon", "replicates", "seed",
        "status"] + PARAM_COLUMNS
    for col in ("cell_id", "protocol", "environment", "algorithm", "status",
                "environment.means", "environment.pattern"):
        assert all(isinstance(v, str) for v in cells[col]), col
    assert cells["horizon"].dtype == np.int64 and cells["environment.num_arms"].dtype == np.int64
    assert cells["environment.shuffle"].dtype == bool
    row = cells.set_index("cell_id")
    assert math.isnan(row.loc["bb-thompson-g05", "algorithm.exploration"])
    assert math.isnan(row.loc["sw-ucb1", "environment.gap"])
    assert row.loc["bb-ucb1-g05", "algorithm.anytime"] == 1.0
    assert row.loc["sw-ucb1", "algorithm.anytime"] == 0.0
    assert row.loc["bb-ucb1-g05", "environment.means"] == "[0.5,0.25]"
    assert row.loc["sw-ucb1", "environment.means"] == ""
    assert row.loc["bb-ucb1-g05", "environment.pattern"] == ""
    assert row.loc["sw-thompson", "status"] == "failed"
    assert row.loc["sw-thompson", "error"] == "synthetic failure"
    # Convenience: the algorithm identity names the parameters that vary between its cells.
    assert row.loc["bb-ucb1-g05", "label"] == "ucb1{anytime=true,exploration=2}"
    assert row.loc["sw-ucb1", "label"] == "ucb1{anytime=false,exploration=1}"
    assert row.loc["bb-thompson-g05", "label"] == "thompson"
    assert row.loc["bb-ucb1-g05", "environment_label"] == \
        "bernoulli_bandit{gap=0.5,means=[0.5,0.25]}"
    sel = cells[cells["environment.rho"] == 0.5]
    assert list(sel["cell_id"]) == ["sw-thompson", "sw-ucb1"]


def test_curves_ci_from_stderr(results):
    c = results.curves
    # complete cells: 4 bernoulli cells x 2 metrics + 1 switching cell x 1 metric, 5 checkpoints
    assert len(c) == (4 * 2 + 1) * GRID.size
    assert list(c.columns) == ["cell_id", "metric", "t", "mean", "stderr", "ci_low", "ci_high",
                               "q05", "q50", "q95"]
    one = c[(c["cell_id"] == "bb-ucb1-g05") & (c["metric"] == "pseudo_regret")]
    assert list(one["t"]) == list(GRID)
    expected_mean = matrix(3, 4, 1.0).mean(axis=0)
    np.testing.assert_allclose(one["mean"], expected_mean)
    np.testing.assert_allclose(one["ci_low"], expected_mean - 1.96 * STDERR)
    np.testing.assert_allclose(one["ci_high"], expected_mean + 1.96 * STDERR)
    np.testing.assert_allclose(one["q50"], np.percentile(matrix(3, 4, 1.0), 50, axis=0))
    single = c[c["cell_id"] == "bb-thompson-g01"]      # 1 replicate: no interval
    assert single["ci_low"].isna().all() and single["ci_high"].isna().all()
    assert not (c["cell_id"] == "sw-thompson").any()   # failed: no data


def test_finals_from_the_matrix(results):
    f = results.finals
    one = f[(f["cell_id"] == "sw-ucb1") & (f["metric"] == "pseudo_regret")]
    assert list(one["replicate"]) == [0, 1, 2, 3]
    np.testing.assert_allclose(one["value"], matrix(5, 4, -1.0)[:, -1])
    assert (one["value"] < 0).all()
    assert len(f[f["cell_id"] == "bb-thompson-g01"]) == 2      # 1 replicate x 2 metrics


def test_verdicts_fits_bounds(results):
    v = results.verdicts.set_index(["cell_id", "bound"])
    r = v.loc[("bb-ucb1-g05", "ucb1_auer2002")]
    assert r["verdict"] == "holds (unverified term dominates)"
    assert r["unverified_share"] == 0.75 and r["constants_checked"] == 1
    assert r["kind"] == "upper" and r["metric"] == "expected_regret"
    assert r["citation"] == "Citation of ucb1_auer2002 <2002>"
    assert v.loc[("bb-thompson-g01", "lai_robbins"), "verdict"] == \
        "inconclusive (too few replicates)"
    assert v.loc[("bb-thompson-g01", "lai_robbins"), "constants_checked"] == 0
    fits = results.fits.set_index(["cell_id", "metric"])
    assert math.isnan(fits.loc[("bb-thompson-g01", "pseudo_regret"), "final_ci_low"])
    row = fits.loc[("bb-ucb1-g05", "pseudo_regret")]
    assert row["final_mean"] == pytest.approx(matrix(3, 4, 1.0)[:, -1].mean())
    assert row["final_ci_high"] - row["final_mean"] == pytest.approx(1.96 * STDERR)
    assert (row["slope"], row["fit_t_min"], row["fit_t_max"]) == (0.25, 10, 100)
    b = results.bounds
    ub = b[(b["cell_id"] == "bb-ucb1-g01") & (b["bound"] == "ucb1_auer2002")]
    np.testing.assert_allclose(ub["value"], 500 + 8 * np.log(GRID.astype(float)) / 0.1)


def test_sweeps_claims_paired_provenance(results):
    s = results.sweeps
    assert list(s["sweep"]) == ["000", "001"]
    first = s.iloc[0]
    assert first["parameter"] == "environment.gap" and first["theory_bound"] == "ucb1_auer2002"
    assert (first["exponent"], first["exponent_ci_low"], first["exponent_ci_high"]) == \
        (-0.5, -0.6, -0.4)
    assert math.isnan(s.iloc[1]["exponent"]) and s.iloc[1]["theory_bound"] == ""
    p = results.sweep_points
    assert list(p[p["sweep"] == "000"]["cell_id"]) == ["bb-ucb1-g01", "bb-ucb1-g05"]
    assert p[p["sweep"] == "001"]["bound_final"].isna().all()
    assert list(p[p["sweep"] == "000"]["value"]) == [0.1, 0.5]
    c = results.claims
    assert list(c["name"]) == ["ucb1 gap exponent", "bound <holds> & stays"]
    assert c.iloc[1]["status"] == "not evaluated (needs full size)"
    assert c.iloc[1]["full_size"] == 1 and math.isnan(c.iloc[1]["measured"])
    pr = results.paired.iloc[0]
    assert (pr["cell_id"], pr["baseline"], pr["mean_difference"], pr["replicates"]) == \
        ("bb-ucb1-g05", "thompson", 3.0, 4)
    prov = results.provenance
    assert prov["schema_version"] == 2 and prov["spec_toml"] == SPEC_TOML
    assert prov["git_sha"] == "abc123def456" and prov["overrides"] == "replicates=4\n"
    cost = results.cost.set_index("cell_id")
    assert cost.loc["sw-ucb1", "wall_seconds"] == pytest.approx(1.0)


def test_v2_without_index_matches_index_columns(tmp_path, results):
    """Without /index the same columns come from the cell parameters (text fallback)."""
    r = regretlab.load(write_v2(tmp_path / "noindex.h5", with_index=False))
    a = r.cells.set_index("cell_id").sort_index()
    b = results.cells.set_index("cell_id").sort_index()
    assert list(r.cells["cell_id"]) == list(results.cells["cell_id"])   # report order rebuilt
    for col in PARAM_COLUMNS:
        pd.testing.assert_series_equal(a[col], b[col], check_names=False, check_dtype=False)


def test_schema_1_golden_file_loads():
    # tests/golden/online_convex.h5 as it was at schema 1 (commit 655dde1), kept for this test.
    r = regretlab.load(os.path.join(os.path.dirname(__file__), "data",
                                    "schema1_online_convex.h5"))
    assert r.schema_version == 1
    assert len(r.cells) == 14 and len(r.sweeps) == 0 and len(r.claims) == 0
    assert r.cells["environment.pattern"].isin(["alternating", "rademacher"]).all()
    assert r.cells["environment.dimension"].dtype == np.int64
    assert r.verdicts["unverified_share"].isna().all()


@pytest.mark.parametrize("kind,needle", [
    ("missing", "no such file"), ("text", "not an HDF5 file"),
    ("noschema", "schema_version"), ("v3", "unsupported schema_version 3"),
    ("nocells", "/cells"), ("directory", "directory")])
def test_bad_input_raises_result_error(tmp_path, kind, needle):
    path = tmp_path / f"{kind}.h5"
    if kind == "text":
        path.write_text("not hdf5\n" * 10)
    elif kind == "noschema":
        with h5py.File(path, "w") as f:
            f.create_group("cells")
    elif kind == "v3":
        write_v2(path, schema_version=3)
    elif kind == "nocells":
        with h5py.File(path, "w") as f:
            f.attrs["schema_version"] = np.int64(2)
    elif kind == "directory":
        path.mkdir()
    with pytest.raises(regretlab.ResultError) as err:
        regretlab.load(path)
    assert str(path) in str(err.value) and needle in str(err.value)


def test_pandas_one_liner_without_project_code(v2_file):
    """The documented read of /index with plain h5py + pandas (no regretlab code)."""
    cells = pd.DataFrame(h5py.File(v2_file, "r")["index"][()])
    for col in cells.columns:
        if cells[col].dtype == object:
            cells[col] = cells[col].str.decode("utf-8")
    sel = cells[cells["environment.rho"] == 0.5]
    assert list(sel["cell_id"]) == ["sw-thompson", "sw-ucb1"]
    assert list(cells[cells["environment.gap"] == 0.5]["algorithm"]) == ["thompson", "ucb1"]
    assert cells["environment.shuffle"].dtype == bool
