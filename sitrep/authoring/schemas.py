"""JSON Schemas of the fact files, for editors: completion, hover help and checks while typing.

One schema per kind of fact file (``report``, ``seed`` and each section), generated from
the model (:mod:`sitrep.facts.model`), whose fields carry their description and examples. They
are committed in ``schemas/`` and kept current (``build.py schema --check``, part of
``make lint``), and each fact file names its schema in its first line, a modeline the YAML
language server reads (``fmt`` writes it)::

    # yaml-language-server: $schema=../../schemas/figures.schema.json

The schemas describe the files as a YAML 1.2 reader sees them (``true`` a boolean,
``2025-03-08`` a string); the build's own checks (evidence, references, measures) go
further than any schema can.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from sitrep.facts import model

FOLDER = "schemas"
KINDS: tuple[str, ...] = ("report", *model.SECTIONS, "seed")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = "# yaml-language-server: $schema="

_TITLES = {"report": "report.yaml", "seed": "seeds/<id>.yaml"}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def target(kind: str) -> Any:
    """The type a fact file of ``kind`` holds: a model, or a list of one section's facts."""
    if kind == "report":
        return model.ReportMeta
    if kind == "seed":
        return model.SeedMeta
    return list[model.SECTIONS[kind]]  # type: ignore[valid-type]


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a fact file of ``kind`` (a fresh copy: the caller may change it)."""
    return copy.deepcopy(_schema(kind))


@functools.cache  # the model does not change while the program runs; every build's reference page reads it
def _schema(kind: str) -> dict[str, Any]:
    generated = TypeAdapter(target(kind)).json_schema()
    name = _TITLES.get(kind, f"{kind}.yaml")
    head = {
        "$schema": DIALECT,
        "title": f"sitrep {name}",
        "description": generated.get("description")
        or f"A list of {kind}, each one {model.SINGULAR[kind]} of a report (reports/<id>/{kind}.yaml).",
    }
    return {**generated, **head}


def text(kind: str) -> str:
    """The schema as written to ``schemas/``: sorted keys, two-space indent, one final newline."""
    return json.dumps(schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(root: Path) -> list[str]:
    """Write every schema into ``root/schemas/``; return the names of those that changed."""
    from sitrep.atomic import write_bytes

    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    changed = []
    for kind in KINDS:
        path = folder / file_name(kind)
        data = text(kind).encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            write_bytes(path, data)
            changed.append(f"{FOLDER}/{path.name}")
    return changed


def stale(root: Path) -> list[str]:
    """The committed schemas that differ from the model's (or are missing), by name."""
    out = []
    for kind in KINDS:
        path = root / FOLDER / file_name(kind)
        if not path.is_file() or path.read_bytes() != text(kind).encode("utf-8"):
            out.append(f"{FOLDER}/{path.name}")
    return out


def modeline(kind: str) -> str:
    """The first line of a fact file of ``kind``: its schema, by a path relative to the file.

    Fact files live at fixed depths (``reports/<id>/<kind>.yaml``, ``seeds/<id>.yaml``), so
    the path depends on the kind alone, never on where the project is.
    """
    up = "../" if kind == "seed" else "../../"
    return f"{MODELINE}{up}{FOLDER}/{file_name(kind)}"
