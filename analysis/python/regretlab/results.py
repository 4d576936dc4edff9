"""Reading a regretlab HDF5 result file (docs/hdf5-schema.md) into tidy pandas frames.

Schema 2 is read from its `/index` table and the `parameters/<component>` groups. Schema 1 files
(no `/index`) load too: the index columns are rebuilt from the cell attributes, the parameter
columns parsed from the canonical component texts (`environment`, `algorithm` attributes) with
the same typing rules as the v2 index. /sweeps, /claims and /paired do not exist in v1: those
frames are empty, and `unverified_share` is NaN.
"""

import math
import os

import numpy as np
import pandas as pd

import h5py

from .text import ListText, format_value, parse_component, to_float, to_int, to_str

SUPPORTED_SCHEMA_VERSIONS = (1, 2)
Z95 = 1.96
INDEX_BASE = ["cell_id", "protocol", "environment", "algorithm", "horizon", "replicates",
              "seed", "status"]
SUMMARY_FIELDS = ("mean", "stderr", "q05", "q50", "q95")


class ResultError(Exception):
    """Bad input: the message names the file and the reason. Commands exit 2 on it."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _attrs(obj):
    return {k: obj.attrs[k] for k in obj.attrs}


def _attr_str(obj, name, default=""):
    return to_str(obj.attrs[name]) if name in obj.attrs else default


def _decode_scalar(value):
    if isinstance(value, (bytes, np.bytes_, str)):
        return to_str(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "SOU":
            return to_str(value)
        if value.ndim == 0:
            return value.item()
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode_frame(df):
    """Decode bytes columns (vlen strings inside a compound come back as bytes) to str."""
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = [to_str(v) if isinstance(v, (bytes, np.bytes_)) else v for v in df[col]]
    return df


class Results:
    """A loaded result file. Frames (pandas.DataFrame):

    cells      one row per cell in report order: cell_id, protocol, environment, algorithm
               (component names), horizon, replicates, seed, status, one column per parameter
               `environment.<p>` / `algorithm.<p>`, then convenience columns environment_text,
               algorithm_text (canonical texts), label (algorithm identity: name plus the
               parameters that vary between cells of that algorithm), environment_label,
               checkpoints (grid path), metrics (comma-separated), error.
    curves     cell_id, metric, t, mean, stderr, ci_low, ci_high (mean ± 1.96·stderr; NaN when
               replicates < 2), q05, q50, q95.
    finals     cell_id, metric, replicate, value (the last checkpoint of each replicate).
    bounds     cell_id, bound, kind, metric, constants_checked, t, value.
    verdicts   cell_id, bound, kind, metric, verdict, max_ratio, final_ratio, constants_checked,
               unverified_share, citation, formula.
    fits       cell_id, metric, final_mean, final_ci_low, final_ci_high, final_over_log_t, slope,
               slope_ci_low, slope_ci_high, fit_t_min, fit_t_max.
    sweeps     one row per /sweeps/<k>: sweep, parameter, metric, environment, algorithm, label,
               exponent, exponent_ci_low, exponent_ci_high, theory_bound, theory_exponent.
    sweep_points  sweep, cell_id, value, final_mean, final_ci_low, final_ci_high, bound_final.
    claims     one row per /claims/<k> (its attributes; `claim` = k).
    paired     one row per /paired/<k> (its attributes; `pair` = k).
    cost       cell_id, seconds, wall_seconds (mean over replicates of the last checkpoint).
    provenance dict of the root attributes (decoded), plus `path`.
    """

    def __init__(self, path):
        self.path = str(path)
        self.provenance = {}
        self.schema_version = None
        self.cells = pd.DataFrame(columns=INDEX_BASE)
        self.curves = self.finals = self.bounds = self.verdicts = self.fits = None
        self.sweeps = self.sweep_points = self.claims = self.paired = self.cost = None

    # Convenience -------------------------------------------------------------------------
    @property
    def name(self):
        return self.provenance.get("name", "")

    def parameter_columns(self, component=None):
        prefixes = ("environment.", "algorithm.") if component is None else (component + ".",)
        return [c for c in self.cells.columns if c.startswith(prefixes)]

    def complete_cells(self):
        return self.cells[self.cells["status"] == "complete"]

    def metrics(self):
        return sorted(self.curves["metric"].unique()) if len(self.curves) else []

    def cell(self, cell_id):
        return self.cells.set_index("cell_id").loc[cell_id]

    def __repr__(self):
        return (f"<regretlab.Results {self.path!r}: schema {self.schema_version}, "
                f"{len(self.cells)} cells, {len(self.sweeps)} sweeps, {len(self.claims)} claims>")


def _open(path):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise ResultError(path, "no such file")
    if os.path.isdir(path):
        raise ResultError(path, "is a directory, not an HDF5 file")
    try:
        ok = h5py.is_hdf5(path)
    except OSError as e:
        raise ResultError(path, f"cannot read file: {e}") from None
    if not ok:
        raise ResultError(path, "not an HDF5 file")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise ResultError(path, f"cannot open HDF5 file: {e}") from None


def load(path):
    """Read a regretlab result file (schema 1 or 2). Raises ResultError on bad input."""
    f = _open(path)
    with f:
        if "schema_version" not in f.attrs:
            raise ResultError(path, "root attribute 'schema_version' is missing; "
                                    "not a regretlab results file?")
        version = to_int(f.attrs["schema_version"])
        if version is None:
            raise ResultError(path, "root attribute 'schema_version' is not an integer: "
                                    f"{to_str(f.attrs['schema_version'])!r}")
        if version not in SUPPORTED_SCHEMA_VERSIONS:
            raise ResultError(path, f"unsupported schema_version {version} (this package reads "
                                    f"versions {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})")
        if "cells" not in f or not isinstance(f["cells"], h5py.Group):
            raise ResultError(path, "no /cells group; not a regretlab results file?")
        try:
            return _read(f, path, version)
        except ResultError:
            raise
        except (KeyError, OSError, TypeError, ValueError, IndexError) as e:
            raise ResultError(path, f"malformed results file: {e}") from None


def _read(f, path, version):
    r = Results(path)
    r.schema_version = version
    r.provenance = {k: _decode_scalar(v) for k, v in _attrs(f).items()}
    r.provenance["path"] = str(path)
    if version >= 2 and "index" in f:
        cells = _index_v2(f)
    else:
        cells = _index_v1(f)
    r.cells = _add_convenience(f, cells)
    _read_cells(f, r)
    _read_sweeps(f, r)
    r.claims = _numbered_attrs(f, "claims", "claim", CLAIM_COLUMNS)
    r.paired = _numbered_attrs(f, "paired", "pair", PAIRED_COLUMNS)
    return r


# Cells -------------------------------------------------------------------------------------

def _index_v2(f):
    df = _decode_frame(pd.DataFrame(f["index"][()]))
    for col in ("horizon", "replicates", "seed"):
        if col in df:
            df[col] = df[col].astype(np.int64)
    return df.reset_index(drop=True)


def _column_from_values(values):
    """One parameter column from per-cell values (None where a cell lacks it): v2 index rules."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, ListText) or (isinstance(v, str)) for v in present):
        return pd.Series(["" if v is None else str(v) for v in values], dtype=object)
    if any(isinstance(v, str) for v in present):
        return pd.Series(["" if v is None else str(v) for v in values], dtype=object)
    complete = len(present) == len(values)
    if complete and present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype=bool)
    if complete and present and all(isinstance(v, int) and not isinstance(v, bool)
                                    for v in present):
        return pd.Series(values, dtype=np.int64)
    return pd.Series([math.nan if v is None else float(v) for v in values], dtype=np.float64)


def _order_key(row, param_cols):
    key = [row["environment"], row["algorithm"]]
    for c in param_cols:
        v = row[c]
        if isinstance(v, (int, float, np.integer, np.floating, bool, np.bool_)):
            v = float(v)
            key.append((0, math.inf if math.isnan(v) else v, ""))
        else:
            key.append((1, 0.0, str(v)))
    key.append(row["horizon"])
    return key


def _index_v1(f):
    rows, params = [], []
    for cell_id, cell in f["cells"].items():
        if not isinstance(cell, h5py.Group):
            continue
        env_text = _attr_str(cell, "environment")
        alg_text = _attr_str(cell, "algorithm")
        env_name, env_params = parse_component(env_text) if env_text else ("", {})
        alg_name, alg_params = parse_component(alg_text) if alg_text else ("", {})
        rows.append({
            "cell_id": cell_id,
            "protocol": _attr_str(cell, "protocol"),
            "environment": _attr_str(cell, "environment_name", env_name),
            "algorithm": _attr_str(cell, "algorithm_name", alg_name),
            "horizon": to_int(cell.attrs.get("horizon"), -1),
            "replicates": to_int(cell.attrs.get("replicates"), -1),
            "seed": to_int(cell.attrs.get("seed"), -1),
            "status": _attr_str(cell, "status"),
        })
        p = {f"environment.{k}": v for k, v in env_params.items()}
        p.update({f"algorithm.{k}": v for k, v in alg_params.items()})
        params.append(p)
    df = pd.DataFrame(rows, columns=INDEX_BASE)
    for col in ("horizon", "replicates", "seed"):
        df[col] = df[col].astype(np.int64)
    names = sorted({k for p in params for k in p})
    for name in names:
        df[name] = _column_from_values([p.get(name) for p in params])
    if len(df):
        order = sorted(range(len(df)), key=lambda i: _order_key(df.iloc[i], names))
        df = df.iloc[order].reset_index(drop=True)
    return df


def _cell_parameters(cell, component):
    """{param: typed value} of one component of a cell: the v2 parameters group, else the
    parameters parsed from the canonical text attribute."""
    if cell is None:
        return {}
    g = cell.get(f"parameters/{component}")
    if isinstance(g, h5py.Group):
        out = {}
        for k, v in _attrs(g).items():
            v = _decode_scalar(v)
            if isinstance(v, np.ndarray):
                v = "[" + ",".join(format_value(float(x)) for x in v.ravel()) + "]"
            out[k] = v
        return out
    text = _attr_str(cell, component)
    return parse_component(text)[1] if text else {}


def _identity(df, params, component):
    """name{p=v,...} with only the parameters that vary between cells of the same name."""
    varying = {}
    for name, group in df.groupby(component, sort=False):
        keys = sorted({k for i in group.index for k in params[i]})
        varying[name] = [k for k in keys
                         if len({repr(params[i].get(k)) for i in group.index}) > 1]
    labels = []
    for i, row in df.iterrows():
        parts = [f"{k}={format_value(params[i][k])}" for k in varying.get(row[component], [])
                 if k in params[i]]
        labels.append(row[component] + ("{" + ",".join(parts) + "}" if parts else ""))
    return labels


def _add_convenience(f, df):
    cells = f["cells"]
    extra = {k: [] for k in ("environment_text", "algorithm_text", "checkpoints", "metrics",
                             "error")}
    env_params, alg_params = {}, {}
    for i, cell_id in zip(df.index, df["cell_id"]):
        cell = cells[cell_id] if cell_id in cells else None
        for k in extra:
            attr = {"environment_text": "environment", "algorithm_text": "algorithm"}.get(k, k)
            extra[k].append(_attr_str(cell, attr) if cell is not None else "")
        env_params[i] = _cell_parameters(cell, "environment")
        alg_params[i] = _cell_parameters(cell, "algorithm")
    for k, v in extra.items():
        df[k] = pd.Series(v, dtype=object, index=df.index)
    df["label"] = pd.Series(_identity(df, alg_params, "algorithm") if len(df) else [],
                            dtype=object, index=df.index)
    df["environment_label"] = pd.Series(_identity(df, env_params, "environment") if len(df)
                                        else [], dtype=object, index=df.index)
    return df


def _read_1d(ds):
    return np.asarray(ds[()], dtype=np.float64).ravel()


def _read_cells(f, r):
    curves, finals, bounds, verdicts, fits, cost = [], [], [], [], [], []
    cells = f["cells"]
    for row in r.cells.itertuples(index=False):
        cell_id = row.cell_id
        if cell_id not in cells:
            continue
        cell = cells[cell_id]
        grid = row.checkpoints
        t = None
        if grid and grid in f and isinstance(f[grid], h5py.Dataset):
            t = np.asarray(f[grid][()]).astype(np.int64).ravel()
        replicates = int(row.replicates)
        summary = cell.get("summary")
        if isinstance(summary, h5py.Group):
            for metric, sg in summary.items():
                if not isinstance(sg, h5py.Group) or "mean" not in sg:
                    continue
                mean = _read_1d(sg["mean"])
                n = mean.size
                tt = t if t is not None and t.size == n else np.arange(1, n + 1, dtype=np.int64)
                cols = {"cell_id": cell_id, "metric": metric, "t": tt, "mean": mean}
                for field in SUMMARY_FIELDS[1:]:
                    v = _read_1d(sg[field]) if field in sg else np.full(n, np.nan)
                    cols[field] = v if v.size == n else np.full(n, np.nan)
                if replicates >= 2 or replicates < 0 and np.isfinite(cols["stderr"]).any():
                    cols["ci_low"] = mean - Z95 * cols["stderr"]
                    cols["ci_high"] = mean + Z95 * cols["stderr"]
                else:
                    cols["ci_low"] = cols["ci_high"] = np.full(n, np.nan)
                curves.append(pd.DataFrame(cols))
        for metric, ds in cell.items():
            if isinstance(ds, h5py.Dataset) and ds.ndim == 2 and ds.shape[1] > 0:
                last = np.asarray(ds[:, -1], dtype=np.float64)
                finals.append(pd.DataFrame({"cell_id": cell_id, "metric": metric,
                                            "replicate": np.arange(last.size, dtype=np.int64),
                                            "value": last}))
        bg = cell.get("bounds")
        if isinstance(bg, h5py.Group):
            for name, ds in bg.items():
                if not isinstance(ds, h5py.Dataset):
                    continue
                v = _read_1d(ds)
                tt = t if t is not None and t.size == v.size else np.arange(1, v.size + 1)
                bounds.append(pd.DataFrame({
                    "cell_id": cell_id, "bound": name, "kind": _attr_str(ds, "kind"),
                    "metric": _attr_str(ds, "metric"),
                    "constants_checked": to_int(ds.attrs.get("constants_checked"), 1),
                    "t": tt, "value": v}))
        vg = cell.get("verdict")
        if isinstance(vg, h5py.Group):
            for name, g in vg.items():
                verdicts.append({
                    "cell_id": cell_id, "bound": name, "kind": _attr_str(g, "kind"),
                    "metric": _attr_str(g, "metric"), "verdict": _attr_str(g, "verdict"),
                    "max_ratio": to_float(g.attrs.get("max_ratio")),
                    "final_ratio": to_float(g.attrs.get("final_ratio")),
                    "constants_checked": to_int(g.attrs.get("constants_checked"), 1),
                    "unverified_share": to_float(g.attrs.get("unverified_share")),
                    "citation": _attr_str(g, "citation"), "formula": _attr_str(g, "formula")})
        ag = cell.get("analysis")
        if isinstance(ag, h5py.Group):
            for metric, g in ag.items():
                rec = {"cell_id": cell_id, "metric": metric}
                for k in ("final_mean", "final_ci_low", "final_ci_high", "final_over_log_t",
                          "slope", "slope_ci_low", "slope_ci_high", "fit_t_min", "fit_t_max"):
                    rec[k] = to_float(g.attrs.get(k))
                fits.append(rec)
        if "cost" in f and cell_id in f["cost"]:
            cg = f["cost"][cell_id]
            wall = math.nan
            if "wall_seconds" in cg and cg["wall_seconds"].ndim == 2:
                wall = float(np.mean(cg["wall_seconds"][:, -1]))
            cost.append({"cell_id": cell_id, "seconds": to_float(cg.attrs.get("seconds")),
                         "wall_seconds": wall})

    def frame(parts, columns):
        if parts and isinstance(parts[0], pd.DataFrame):
            return pd.concat(parts, ignore_index=True)[columns]
        return pd.DataFrame(parts, columns=columns)

    r.curves = frame(curves, ["cell_id", "metric", "t", "mean", "stderr", "ci_low", "ci_high",
                              "q05", "q50", "q95"])
    r.finals = frame(finals, ["cell_id", "metric", "replicate", "value"])
    r.bounds = frame(bounds, ["cell_id", "bound", "kind", "metric", "constants_checked", "t",
                              "value"])
    r.verdicts = frame(verdicts, ["cell_id", "bound", "kind", "metric", "verdict", "max_ratio",
                                  "final_ratio", "constants_checked", "unverified_share",
                                  "citation", "formula"])
    r.fits = frame(fits, ["cell_id", "metric", "final_mean", "final_ci_low", "final_ci_high",
                          "final_over_log_t", "slope", "slope_ci_low", "slope_ci_high",
                          "fit_t_min", "fit_t_max"])
    r.cost = frame(cost, ["cell_id", "seconds", "wall_seconds"])


# Sweeps, claims, paired ----------------------------------------------------------------------

SWEEP_COLUMNS = ["sweep", "parameter", "metric", "environment", "algorithm", "label", "exponent",
                 "exponent_ci_low", "exponent_ci_high", "theory_bound", "theory_exponent"]
POINT_COLUMNS = ["sweep", "cell_id", "value", "final_mean", "final_ci_low", "final_ci_high",
                 "bound_final"]


def _read_sweeps(f, r):
    rows, points = [], []
    g = f.get("sweeps")
    if isinstance(g, h5py.Group):
        for key in sorted(g.keys()):
            s = g[key]
            rec = {"sweep": key}
            for k in SWEEP_COLUMNS[1:]:
                if k.startswith(("exponent", "theory_exponent")):
                    rec[k] = to_float(s.attrs.get(k))
                else:
                    rec[k] = _attr_str(s, k)
            rows.append(rec)
            ids = [to_str(v) for v in s["cell_ids"][()]] if "cell_ids" in s else []
            n = len(ids)
            cols = {"sweep": [key] * n, "cell_id": ids}
            for k in POINT_COLUMNS[2:]:
                name = "values" if k == "value" else k      # dataset `values`, column `value`
                v = _read_1d(s[name]) if name in s else np.full(n, np.nan)
                cols[k] = v if v.size == n else np.full(n, np.nan)
            points.append(pd.DataFrame(cols, columns=POINT_COLUMNS))
    r.sweeps = pd.DataFrame(rows, columns=SWEEP_COLUMNS)
    r.sweep_points = (pd.concat(points, ignore_index=True) if points
                      else pd.DataFrame(columns=POINT_COLUMNS))


CLAIM_COLUMNS = ["claim", "name", "quantity", "metric", "source", "description", "parameter",
                 "bound", "cells", "versus", "expected", "tolerance", "at_most", "at_least", "expected_verdict", "status", "measured",
                 "measured_ci_low", "measured_ci_high", "detail", "full_size"]
PAIRED_COLUMNS = ["pair", "baseline", "cell_id", "baseline_cell_id", "metric", "mean_difference",
                  "ci_low", "ci_high", "baseline_mean", "replicates"]


def _numbered_attrs(f, group, key_name, columns):
    g = f.get(group)
    rows = []
    if isinstance(g, h5py.Group):
        for key in sorted(g.keys()):
            rec = {key_name: key}
            rec.update({k: _decode_scalar(v) for k, v in _attrs(g[key]).items()})
            rows.append(rec)
    df = pd.DataFrame(rows, columns=columns + sorted({k for r in rows for k in r} - set(columns)))
    return df
