"""JSON as the downloads write it: exactly ``json.dumps(data, ensure_ascii=False, indent=1)``, faster.

With ``indent``, Python 3.11's json module leaves its C encoder for a pure-Python one built of
nested generators: the downloads of every edition (edition.json, datapackage.json, places.geojson)
took a quarter of their report's outputs. This writes the same characters with the C string
encoder and one list of parts (tests/test_jsontext.py compares it with json.dumps on every
download of a built site and on generated values).
"""

from __future__ import annotations

import json.encoder
from typing import Any

_string = json.encoder.encode_basestring  # the C function when CPython has it, as json.dumps uses
_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``: the same text, for the same values."""
    parts: list[str] = []
    _value(data, parts, "\n")
    return "".join(parts)


def _value(value: Any, parts: list[str], newline: str) -> None:
    if isinstance(value, str):
        parts.append(_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _object(value, parts, newline)
    elif isinstance(value, list | tuple):
        _array(value, parts, newline)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    return _FLOATS.get(value) or float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return _string({True: "true", False: "false", None: "null"}[key])
    if isinstance(key, int):
        return _string(int.__repr__(key))
    if isinstance(key, float):
        return _string(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _object(value: dict, parts: list[str], newline: str) -> None:
    if not value:
        parts.append("{}")
        return
    inner = newline + " "
    separator = "{" + inner
    for key, item in value.items():
        parts.append(separator)
        parts.append(_key(key))
        parts.append(": ")
        _value(item, parts, inner)
        separator = "," + inner
    parts.append(newline + "}")


def _array(value: list | tuple, parts: list[str], newline: str) -> None:
    if not value:
        parts.append("[]")
        return
    inner = newline + " "
    separator = "[" + inner
    for item in value:
        parts.append(separator)
        _value(item, parts, inner)
        separator = "," + inner
    parts.append(newline + "]")
