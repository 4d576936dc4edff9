"""regretlab: the results layer (issue 14). Read a regretlab HDF5 result file into tidy pandas
frames, draw its figures and write a self-contained HTML page.

    import regretlab
    r = regretlab.load("results/quickstart.h5")
    r.cells, r.curves, r.finals, r.verdicts, r.fits, r.sweeps, r.claims, r.paired, r.provenance

From Python, with the compiled module built (docs/python.md):
    regretlab.run("experiments/quickstart.toml", overrides={"replicates": 8}).verdicts()
    regretlab.list("algorithms"), regretlab.describe("ucb1"), regretlab.register_bandit_learner,
    regretlab.register_bandit_environment, regretlab.register_online_convex_learner

Commands: python3 -m regretlab {curves,sweeps,verdicts,figures,html} FILE -o OUT (exit 2 on bad
input). Run with Debian's /usr/bin/python3 (python3-h5py, -pandas, -matplotlib).
"""

from .errors import ConfigError, InvariantError  # noqa: F401
from .results import (SUPPORTED_SCHEMA_VERSIONS, ResultError, Results,  # noqa: F401
                      load)
# The engine (issue 19, docs/python.md): these need the compiled module regretlab._core, which
# engine.py imports on first call only, so everything above works without the C++ build.
from .engine import (RunResults, check_bandit_environment,  # noqa: F401
                     check_bandit_learner,
                     check_online_convex_learner, describe, list,  # noqa: A004
                     register_bandit_environment, register_bandit_learner,
                     register_online_convex_learner, run, spec_to_toml)

__all__ = ["load", "Results", "ResultError", "SUPPORTED_SCHEMA_VERSIONS", "ConfigError",
           "InvariantError", "RunResults", "run", "list", "describe", "register_bandit_learner",
           "check_bandit_learner", "check_bandit_environment", "register_bandit_environment",
           "register_online_convex_learner", "check_online_convex_learner", "spec_to_toml"]
