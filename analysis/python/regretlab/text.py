"""Text helpers: decoding HDF5 strings, parsing canonical component text, wrapping titles."""

import math
import re

import numpy as np


def to_str(value):
    """Decode an h5py value (bytes, np.bytes_, str, 0-d/1-element array) to str."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return ", ".join(to_str(v) for v in value.ravel())
        value = value.ravel()[0]
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def to_float(value, default=math.nan):
    if value is None:
        return default
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return default
        value = value.ravel()[0]
    if isinstance(value, (bytes, np.bytes_, str)):
        try:
            return float(to_str(value).strip())
        except ValueError:
            return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def to_int(value, default=None):
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return default
        value = value.ravel()[0]
    try:
        if isinstance(value, (bytes, np.bytes_, str)):
            return int(to_str(value).strip())
        return int(value)
    except (TypeError, ValueError):
        return default


def split_top(text, sep=","):
    """Split at `sep` outside brackets, braces and double quotes."""
    out, depth, quoted, item = [], 0, False, ""
    for c in text:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in "[{(":
            depth += 1
        elif not quoted and c in "]})":
            depth -= 1
        if c == sep and depth == 0 and not quoted:
            out.append(item)
            item = ""
        else:
            item += c
    if item:
        out.append(item)
    return out


_INT = re.compile(r"[+-]?\d+")


def parse_value(text):
    """Typed value of one canonical parameter value: int, float, bool, str or a list's text."""
    text = text.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    if text == "true":
        return True
    if text == "false":
        return False
    if text.startswith("["):
        return ListText(text)
    if _INT.fullmatch(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


class ListText(str):
    """The text form of a real list parameter, e.g. "[0.5,0.25]"."""


def parse_component(canonical):
    """(name, {key: typed value}) of a canonical component text name{k=v,...}."""
    canonical = canonical.strip()
    if "{" not in canonical or not canonical.endswith("}"):
        return canonical, {}
    name = canonical[:canonical.index("{")]
    inner = canonical[canonical.index("{") + 1:-1]
    params = {}
    for item in split_top(inner):
        if "=" in item:
            key, value = item.split("=", 1)
            params[key.strip()] = parse_value(value)
    return name, params


def format_value(value):
    """Full text of a parameter value (no truncation)."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "-"
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value)) if abs(value) >= 1e6 else f"{value:g}"
        return repr(float(value))
    return str(value)


def wrap_tokens(tokens, width=60, sep=", "):
    """Join tokens with sep, breaking lines only between tokens (never inside one)."""
    lines, line = [], ""
    for tok in tokens:
        candidate = tok if not line else line + sep + tok
        if line and len(candidate) > width:
            lines.append(line + sep.rstrip())
            line = tok
        else:
            line = candidate
    if line:
        lines.append(line)
    return "\n".join(lines)


def wrap_text(text, width=60):
    """Wrap text at separators: after a comma outside lists and quotes, or at a space.

    A token (a list, a quoted string, one key=value) is never cut, whatever its length."""
    tokens, token, square, quoted = [], "", 0, False
    for c in text:
        token += c
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "[":
            square += 1
        elif not quoted and c == "]":
            square -= 1
        elif not quoted and square == 0 and c in ", ":
            tokens.append(token)
            token = ""
    if token:
        tokens.append(token)
    lines, line = [], ""
    for tok in tokens:
        if line and len(line.rstrip()) + len(tok.rstrip()) > width:
            lines.append(line.rstrip())
            line = tok.lstrip()
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)
