"""Exceptions of the engine from Python (importable without the compiled module)."""


class ConfigError(ValueError):
    """A user error in a spec, an override or a name: its text is the CLI's
    `file:line: key: message` (the CLI exits with code 2 on the same input)."""


class InvariantError(RuntimeError):
    """A broken internal promise of the engine (see sim/core/error.h)."""


class CoreMissingError(ImportError):
    """The compiled module regretlab._core is not built."""
