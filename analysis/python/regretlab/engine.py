"""The engine from Python (issue 19; docs/python.md): the registry as data, runs of a spec, and
components written in Python: bandit learners and environments, online convex learners. Everything here needs the compiled module regretlab._core
(built by CMake into this folder); it is imported on first use, so the analysis package works
without it.
"""

import builtins
import os
import tempfile
import warnings

from .errors import ConfigError, CoreMissingError
from .results import Results, load

_core_module = None


def core():
    """The compiled module regretlab._core (imported on first use)."""
    global _core_module
    if _core_module is None:
        try:
            from . import _core
        except ImportError as e:
            raise CoreMissingError(
                "regretlab._core is not built: build the CMake project "
                "(cmake --preset ci && cmake --build --preset ci), which writes it into "
                f"analysis/python/regretlab/ ({e})") from None
        _core_module = _core
    return _core_module


def _callable_frame(frame):
    """The frame as a DataFrame that returns itself when called (`r.verdicts()` is
    `r.verdicts`); operations on it give plain DataFrames."""
    import pandas as pd

    class CallableFrame(pd.DataFrame):
        @property
        def _constructor(self):
            return pd.DataFrame

        def __call__(self):
            return self

    if frame is None:
        return None
    return CallableFrame(frame)


class RunResults(Results):
    """What run() returns: the analysis package's Results for the written file, whose frames
    are also callable (`r.verdicts()` is `r.verdicts`), plus `summary` (units run, seconds, log).
    """

    FRAMES = ("cells", "curves", "finals", "bounds", "verdicts", "fits", "sweeps",
              "sweep_points", "claims", "paired", "cost")

    def __init__(self, results, summary):  # noqa: D107 (copies a loaded Results)
        self.__dict__.update(results.__dict__)
        for name in self.FRAMES:
            setattr(self, name, _callable_frame(getattr(results, name, None)))
        self.summary = summary


def list(kind="algorithms"):  # noqa: A001 (regretlab.list, as the issue names it)
    """Registered names of one kind: algorithms, environments, bounds or protocols."""
    return core().list(kind)


def describe(name):
    """A registered algorithm, environment, bound or protocol as a dict (parameters, citation,
    guarantee, bounds, source file)."""
    return core().describe(name)


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (builtins.list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ConfigError(f"spec: cannot write {value!r} ({type(value).__name__}) as TOML")


def spec_to_toml(spec):
    """A spec given as a dict as TOML text: scalars and inline tables first, then lists of
    tables (`environments`, `algorithms`, `claims`, ...) as [[arrays of tables]]."""
    lines, tables = [], []
    for key, value in spec.items():
        if isinstance(value, (tuple, builtins.list)) and value and all(isinstance(v, dict)
                                                                   for v in value):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, entries in tables:
        for entry in entries:
            lines.append("")
            lines.append(f"[[{key}]]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + "\n"


def _spec_source(spec):
    """(spec_file, spec_text): a path, TOML text or a dict."""
    if isinstance(spec, dict):
        return "<dict>", spec_to_toml(spec)
    if isinstance(spec, os.PathLike):
        return os.fspath(spec), ""
    if isinstance(spec, str):
        if "\n" in spec or ("=" in spec and not os.path.exists(spec)):
            return "<string>", spec
        return spec, ""
    raise ConfigError(f"spec: expected a path, TOML text or a dict, got {type(spec).__name__}")


def _override_texts(overrides):
    if overrides is None:
        return []
    if isinstance(overrides, dict):
        return [f"{k}={_toml_value(v)}" for k, v in overrides.items()]
    return [str(o) for o in overrides]


def _progress_callable(progress):
    if progress is None or progress is False:
        return None, None
    if callable(progress):
        return progress, None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, None  # progress=True without tqdm: silently none (documented)
    bars = []  # made at the first report, when the number of units is known

    def update(done, total):
        if not bars:
            bars.append(tqdm(total=total, unit="unit", desc="regretlab"))
        bars[0].update(done - bars[0].n)

    class Closer:
        def close(self):
            for bar in bars:
                bar.close()

    return update, Closer()


def run(spec, out=None, threads=0, overrides=None, progress=None, resume=False, force=False,
        verbose=False):
    """Runs a spec (a path, TOML text or a dict) through the engine and returns the loaded
    results (RunResults: the frames of regretlab.load, also callable).

    out: the HDF5 file to write; default `<new temporary directory>/<experiment name>.h5`. An
    existing file is never overwritten unless force=True (ConfigError otherwise); resume=True
    completes an interrupted run into the same `out`.
    overrides: {"replicates": 8} or ["replicates=8"] (the CLI's --set).
    progress: None, a callable(units_done, units_total), or True for a tqdm bar (python3-tqdm).
    Ctrl-C stops starting units, leaves the parts on disk and raises KeyboardInterrupt; run again
    with resume=True (same out) to complete. Bad input raises regretlab.ConfigError.
    A cell whose component raised (a Python learner's exception) or broke an invariant is marked
    failed in the file (status "failed", its error in r.cells["error"]) while the other cells
    complete: run() then warns (RuntimeWarning) and r.summary["failed_cells"] counts them.
    """
    c = core()
    spec_file, spec_text = _spec_source(spec)
    override_texts = _override_texts(overrides)
    if out is None:
        name = c.plan_name(spec_file, spec_text, override_texts)
        out = os.path.join(tempfile.mkdtemp(prefix="regretlab-"), name + ".h5")
    callback, bar = _progress_callable(progress)
    try:
        summary = c.run(spec_file, spec_text, os.fspath(out), int(threads), override_texts,
                        bool(resume), bool(force), callback, bool(verbose))
    finally:
        if bar is not None:
            bar.close()
    results = RunResults(load(summary["output"]), summary)
    if summary["failed_cells"] > 0:
        failed = results.cells[results.cells["status"] != "complete"]
        lines = [f"{row.cell_id} ({row.algorithm} on {row.environment}): "
                 f"{str(row.error).strip().splitlines()[0] if row.error else 'failed'}"
                 for row in failed.itertuples()]
        warnings.warn(f"{summary['failed_cells']} cell(s) failed; the others are complete in "
                      f"{summary['output']}:\n  " + "\n  ".join(lines), RuntimeWarning,
                      stacklevel=2)
    return results


def register_bandit_learner(name, cls, params=None, summary="", citation=""):
    """Registers a Python class as a bandit learner usable by `name` in specs passed to run().

    cls(**params) is built per work unit; it must have reset(info) (info.num_arms, .horizon,
    .reward_min, .reward_max), select(rng) -> arm (0-based int; rng is the learner's keyed stream:
    rng.uniform01(), rng.uniform_open0(), rng.uniform_int(n), rng.next_u64()), and
    update(arm, reward). params maps each parameter name to its default (bool, int, float, str or
    list of floats); a spec may set them like a C++ learner's.
    """
    core().register_bandit_learner(name, cls, dict(params or {}), summary, citation)


def register_bandit_environment(name, cls, params=None, summary="", citation=""):
    """Registers a Python class as a stochastic bandit environment usable by `name` in specs.

    cls(**params) is built per work unit (and once when a spec naming it is read, to check it);
    it must have `means` (K >= 2 values in [0, 1]: the arms' expected rewards, read by the engine
    for gaps, the comparator arm and the bounds) and draw(arm, rng) -> a reward in [0, 1] with mean
    means[arm], drawn from rng only (arm a's own keyed stream: the n-th reward of arm a is the
    draw at the n-th position of that stream, the reward-stack model of the C++ environments).
    Optional: reset(rng), called at the start of each replicate with the instance stream (it may
    redraw the means, not their number), and a class attribute bernoulli = True when rewards are
    in {0, 1} (bounds that need Bernoulli rewards then apply).
    """
    core().register_bandit_environment(name, cls, dict(params or {}), summary, citation)


def check_bandit_environment(name, params=None, reference=None, reference_params=None,
                             pulls=4000, seed=20261126):
    """The bandit environment kit (sim/testing/bandit_environment_conformance.h) on a registered
    bandit environment, C++ or registered from Python: rewards in range, deterministic, keyed,
    and for stochastic ones reward stacks and declared means matching the draws (a Hoeffding
    margin). With `reference` (a registered environment, e.g. the C++ original of a port), also
    matches_reference: the same rewards on the same keys, bit for bit. Returns a dict: ok,
    passed, failures, text."""
    return core().check_bandit_environment(name, dict(params or {}), reference or "",
                                           dict(reference_params or {}), int(pulls), int(seed))


def register_online_convex_learner(name, cls, params=None, summary="", citation=""):
    """Registers a Python class as an online convex optimisation learner (protocol
    online_convex).

    cls(**params) is built per work unit; it must have reset(info), play() -> x and
    update(gradient). info: .domain (regretlab._core.Domain: kind, dimension, size, diameter,
    max_norm, centre(), project(y), violation(x)), .dimension, .horizon, .gradient_bound,
    .smoothness, .strong_convexity, .exp_concavity. play() returns d floats inside the domain;
    update receives the gradient of f_t at the play as a numpy array. Optional: check(info) ->
    "" or why the learner cannot run on this environment (read when the spec is read), and
    step_size().
    """
    core().register_online_convex_learner(name, cls, dict(params or {}), summary, citation)


def check_online_convex_learner(name, params=None, environment="quadratic_sea",
                                environment_params=None, horizon=300, seed=20261126):
    """The OCO conformance kit (sim/testing/oco_conformance.h) on a registered online_convex
    algorithm, C++ or registered from Python: it accepts the environment, plays inside the
    domain, finite regrets, Reset equals fresh, deterministic. Returns a dict: ok, passed,
    failures, text."""
    if environment_params is None:
        environment_params = {"dimension": 3, "domain": "ball"}
    return core().check_online_convex_learner(name, dict(params or {}), environment,
                                              dict(environment_params), int(horizon), int(seed))


def check_bandit_learner(name, params=None, environment="bernoulli", environment_params=None,
                         horizon=500, seed=20261126):
    """The bandit conformance kit (sim/testing/bandit_conformance.h) on a registered bandit
    algorithm, C++ or registered from Python: valid actions, determinism, Reset equals fresh,
    the engine's compiled loop agrees with a per-round loop. Returns a dict: ok, passed,
    failures, text."""
    if environment_params is None:
        environment_params = {"means": [0.2, 0.5, 0.8]}
    return core().check_bandit_learner(name, dict(params or {}), environment,
                                       dict(environment_params), int(horizon), int(seed))
