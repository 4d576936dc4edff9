"""Figure conventions that belong to one protocol, looked up by the protocol's registered name
(the `protocol` attribute of /cells/<cell>), so that the generic figure code names no family.

A module `protocols/<protocol>.py` may define:
    curve_label(algorithm: str) -> str   the legend text of a curve, from the cell's canonical
                                         algorithm text (default: the text itself)
and may register figures of its own with `regretlab.figures.register(protocol, name, function)`
at import time; `regretlab.figures.registered(protocol)` imports the module through `module`.
"""
import importlib
import re


def _module(protocol):
    if not protocol or not re.fullmatch(r"[a-z][a-z0-9_]*", protocol):
        return None
    try:
        return importlib.import_module(f"{__name__}.{protocol}")
    except ModuleNotFoundError:
        return None


def module(protocol):
    """The module protocols/<protocol>.py (imported, so its figures are registered), or None."""
    return _module(protocol)


def curve_label(protocol, algorithm):
    """The legend text of a cell's curve: its protocol's curve_label, else the algorithm text."""
    module = _module(protocol)
    if module is None or not hasattr(module, "curve_label"):
        return algorithm
    return module.curve_label(algorithm)
