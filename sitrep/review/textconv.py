"""``python build.py textconv FILE``: a fact file as one fact per line, for git's diffs.

Registered as a textconv driver (see ``.gitattributes``), it makes ``git diff``,
``git log -p`` and ``git show`` of a fact file read as a semantic diff::

    figures/killed-total-1000: metric=killed; group=all; qualifier=more than; value=1000; ...
    report/syria-coast-2025-03/editions/1: published=2025-03-08T14:00:00+00:00; headline="..."

Keys come in the canonical order, nested mappings are flattened with dots, lists are
``[a, b]``, free text is double-quoted with JSON escapes, and ids that point at other
facts carry the name they point at: ``source=sohr (Syrian Observatory for Human Rights)``.

Names are looked up best-effort. Git hands over the working-tree file for the new side
of ``git diff`` but a temporary copy (``/tmp/git-blob-XXXXXX/figures.yaml``) for the old
side and for both sides of ``git log -p``; a copy is resolved against the report folder
of the working tree (git runs the driver from the top of the work tree) that shares the
most ids with it, so that both sides of a diff name things alike. Names therefore come
from the working tree, never from history. When no folder matches, ids stay bare.

A file that does not load (invalid YAML, duplicate keys, ...) is printed as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sitrep.authoring.fmt import Scalar, Shape, field_shape, file_shape, ordered_keys
from sitrep.facts import filekinds, model
from sitrep.facts.load import parse

# Fields whose value is the id of another fact, and the file that fact is in.
REFERENCES = {field: target for fields in model.REFERENCES.values() for field, target in fields.items()}
# What a fact is called, by file: the first of these fields that it has.
NAME_FIELDS = {"sources": ("name", "label"), "places": ("name",), "actors": ("name",), "figures": ("label",)}

_BARE = re.compile(r"[^\s\"\[\];,=()]([^\"\[\];,=()\x00-\x1f\x7f]*[^\s\"\[\];,=()])?")
TYPED = ("token", "date", "datetime", "int", "float", "bool")


# --------------------------------------------------------------------------- names


def _load(path: Path) -> Any:
    try:
        doc, errors = parse(path.read_text(encoding="utf-8").removeprefix("\ufeff"), path.name)
    except (OSError, UnicodeDecodeError):
        return None
    return None if errors else doc.data


def _ids(data: Any) -> set[str]:
    items = data if isinstance(data, list) else []
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def report_folder(path: Path, kind: str, data: Any) -> Path | None:
    """The report folder whose facts name the ids in ``path``: its own, or (for a copy) the working tree's."""
    own = path.absolute().parent
    others = [own / filekinds.file_name(name) for name in filekinds.REPORT_KINDS if name != kind]
    if (
        path.name == filekinds.file_name(kind)
        and (own / filekinds.REPORT_FILE).is_file()
        and any(p.is_file() for p in others)
    ):
        return own
    reports = Path.cwd() / "reports"
    if kind == "report":
        rid = data.get("id") if isinstance(data, dict) else None
        folder = reports / rid if isinstance(rid, str) and "/" not in rid and rid not in (".", "..") else None
        return folder if folder is not None and (folder / filekinds.REPORT_FILE).is_file() else None
    ids = _ids(data)
    if not ids or not reports.is_dir():
        return None
    scores: dict[Path, int] = {}
    for candidate in sorted(reports.glob(f"*/{filekinds.file_name(kind)}")):
        if (candidate.parent / filekinds.REPORT_FILE).is_file():
            scores[candidate.parent] = len(ids & _ids(_load(candidate)))
    best = max(scores.values(), default=0)
    winners = [folder for folder, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def names_in(folder: Path | None) -> dict[str, dict[str, str]]:
    """For each referenced file of the report: id -> name."""
    names: dict[str, dict[str, str]] = {}
    if folder is None:
        return names
    for section, fields in NAME_FIELDS.items():
        data = _load(folder / filekinds.file_name(section))
        for item in data if isinstance(data, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            name = next((item[f] for f in fields if isinstance(item.get(f), str)), None)
            if name is not None:
                names.setdefault(section, {})[item["id"]] = name
    return names


# --------------------------------------------------------------------------- lines


def _atom(value: Any, shape: Shape | None, names: dict[str, str] | None) -> str:
    if value is None:
        return "null"
    if not isinstance(value, str):  # the strict loader gives strings, lists, mappings and None only
        return json.dumps(value, ensure_ascii=False)
    kind = shape.kind if isinstance(shape, Scalar) else "text"
    if kind not in TYPED or not _BARE.fullmatch(value):
        return json.dumps(value, ensure_ascii=False)
    if names is not None and value in names:
        return f"{value} ({names[value]})"
    return value


def _parts(key: str, value: Any, shape: Shape | None, names: dict[str, str] | None) -> list[str]:
    """``key=value`` pairs for one field; mappings flattened with dots."""
    if isinstance(value, dict):
        if not value:
            return [f"{key}={{}}"]
        keys = list(value)
        return [
            part
            for k in ordered_keys(keys, shape)
            for part in _parts(f"{key}.{k}", value[k], field_shape(shape, keys, k), None)
        ]
    if isinstance(value, list):
        item_shape = getattr(shape, "item", None)
        if all(not isinstance(v, dict | list) for v in value):
            return [f"{key}=[{', '.join(_atom(v, item_shape, names) for v in value)}]"]
        return [part for i, v in enumerate(value) for part in _parts(f"{key}[{i}]", v, item_shape, names)]
    return [f"{key}={_atom(value, shape, names)}"]


def _line(prefix: str, item: dict, shape: Shape | None, skip: str | None, refs: dict[str, dict[str, str]]) -> str:
    keys = list(item)
    parts = [
        part
        for k in ordered_keys(keys, shape)
        if k != skip
        for part in _parts(k, item[k], field_shape(shape, keys, k), refs.get(k))
    ]
    return f"{prefix}: {'; '.join(parts)}" if parts else f"{prefix}:"


def _refs(names: dict[str, dict[str, str]], fields: dict[str, str]) -> dict[str, dict[str, str]]:
    return {key: names.get(section, {}) for key, section in fields.items()}


def _section_lines(kind: str, data: list, names: dict[str, dict[str, str]]) -> list[str]:
    shape = file_shape(kind)
    item_shape = getattr(shape, "item", None)
    refs = _refs(names, REFERENCES)
    lines = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            lines.append(f"{kind}/#{n}: {_atom(item, None, None) if not isinstance(item, list) else json.dumps(item)}")
            continue
        has_id = isinstance(item.get("id"), str)
        prefix = f"{kind}/{item['id']}" if has_id else f"{kind}/#{n}"
        lines.append(_line(prefix, item, item_shape, "id" if has_id else None, refs))
    return lines


def _mapping_lines(kind: str, data: dict, names: dict[str, dict[str, str]]) -> list[str]:
    """``report.yaml`` (or a seed's metadata): its scalar fields on one line, each listed record on its own."""
    shape = file_shape(kind)
    has_id = isinstance(data.get("id"), str)
    prefix = f"{kind}/{data['id']}" if has_id else kind
    records = [k for k, v in data.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    head = {k: v for k, v in data.items() if k not in records}
    lines = [_line(prefix, head, shape, "id" if has_id else None, {})]
    keys = list(data)
    refs = _refs(names, {"figures": "figures"})
    for key in ordered_keys(keys, shape):
        if key not in records:
            continue
        item_shape = getattr(field_shape(shape, keys, key), "item", None)
        for record in data[key]:
            number = record.get("number")
            if isinstance(number, str) and _BARE.fullmatch(number):
                lines.append(_line(f"{prefix}/{key}/{number}", record, item_shape, "number", refs))
            else:
                lines.append(_line(f"{prefix}/{key}", record, item_shape, None, refs))
    return lines


def _translation_lines(data: dict) -> list[str]:
    """A translation file, one translated text per line: ``figures/killed-214/label: "People killed"``."""
    lines = []
    for section, entries in data.items():
        if section == "report" and isinstance(entries, dict):
            lines += [f"report/{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entries.items()]
        elif isinstance(entries, dict):
            for item, fields in entries.items():
                if isinstance(fields, dict):
                    lines += [f"{section}/{item}/{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return lines


def render(path: Path) -> str:
    """The file as one fact per line; the raw text if it does not load."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
    kind = filekinds.kind(path, copies=True)
    doc, errors = parse(text.removeprefix("\ufeff"), path.name)
    if errors or kind is None:
        return text
    data = doc.data
    if data is None:
        return ""
    try:
        names = names_in(report_folder(path, kind, data))
    except OSError:  # best effort: ids stay bare
        names = {}
    if kind == filekinds.TRANSLATION and isinstance(data, dict):
        lines = _translation_lines(data)
    elif kind in model.SECTIONS and isinstance(data, list):
        lines = _section_lines(kind, data, names)
    elif kind not in model.SECTIONS and isinstance(data, dict):
        lines = _mapping_lines(kind, data, names)
    else:
        return text
    return "".join(line + "\n" for line in lines)
