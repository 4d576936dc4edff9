"""regretlab: the results layer (issue 14). Read a regretlab HDF5 result file into tidy pandas
frames, draw its figures and write a self-contained HTML page.

    import regretlab
    r = regretlab.load("results/quickstart.h5")
    r.cells, r.curves, r.finals, r.verdicts, r.fits, r.sweeps, r.claims, r.paired, r.provenance

Commands: python3 -m regretlab {curves,sweeps,verdicts,figures,html} FILE -o OUT (exit 2 on bad
input). Run with Debian's /usr/bin/python3 (python3-h5py, -pandas, -matplotlib).
"""

from .results import (SUPPORTED_SCHEMA_VERSIONS, ResultError, Results,  # noqa: F401
                      load)

__all__ = ["load", "Results", "ResultError", "SUPPORTED_SCHEMA_VERSIONS"]
