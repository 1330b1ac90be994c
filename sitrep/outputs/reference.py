"""The site's "Writing reports" page: every fact file, field by field, and the measures.

Generated, never written by hand: the fields, their types, whether they are required,
their descriptions and examples come from the JSON Schemas of the model
(:mod:`sitrep.authoring.schemas`, themselves from :mod:`sitrep.facts.model`), and the measures and units
from the project's registry (:mod:`sitrep.facts.measures`). The template
``templates/writing.md.j2`` lays it out; every string goes through its Markdown escaping.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sitrep.authoring import schemas
from sitrep.facts import model
from sitrep.facts.measures import Measure, Registry
from sitrep.outputs.filters import code_span, md

# The order of the page: what a writer meets first.
FILES: tuple[tuple[str, str], ...] = (
    ("report", "reports/<id>/report.yaml"),
    ("sources", "reports/<id>/sources.yaml"),
    ("places", "reports/<id>/places.yaml"),
    ("actors", "reports/<id>/actors.yaml"),
    ("figures", "reports/<id>/figures.yaml"),
    ("events", "reports/<id>/events.yaml"),
    ("statements", "reports/<id>/statements.yaml"),
    ("impacts", "reports/<id>/impacts.yaml"),
    ("media", "reports/<id>/media.yaml"),
    ("seed", "seeds/<id>.yaml"),
)
_ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"
_SEED_ID_PATTERN = "^[0-9a-z_-]{1,80}$"
_MEASURE_PATTERN = "^\\S{1,80}$"  # a figure's metric: an id of the measures registry


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Markdown built here from the schema (links to parts, code spans): trusted
    required: bool
    description: str
    example: str  # as it would be written in YAML (flow style for lists and mappings)


@dataclass(frozen=True)
class Shape:
    """A model: a file's item, or a part used inside them (``anchor`` links to it)."""

    name: str
    anchor: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class FileDoc:
    kind: str
    path: str
    anchor: str
    holds: str  # what the file holds, in words
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class UnitRow:
    id: str
    label: str
    whole: bool
    negative: bool
    additive: bool


@dataclass
class Reference:
    files: list[FileDoc] = field(default_factory=list)
    parts: list[Shape] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)  # the registry's own entries
    units: list[UnitRow] = field(default_factory=list)


def build(registry: Registry) -> Reference:
    """Everything the page shows, in a fixed order (the model's, the registry's ids sorted)."""
    out = Reference()
    parts: dict[str, dict[str, Any]] = {}  # $defs name -> schema, in order of first use
    file_models: set[str] = set()
    for kind, path in FILES:
        schema = schemas.schema(kind)
        defs = schema.get("$defs", {})
        if "items" in schema:
            item = schema["items"]
            refs = [o["$ref"] for o in item.get("oneOf", [item])]
            tops = [(ref.rsplit("/", 1)[1], defs[ref.rsplit("/", 1)[1]]) for ref in refs]
        else:
            tops = [("ReportMeta" if kind == "report" else "SeedMeta", schema)]
        file_models.update(name for name, _ in tops)
        shapes = tuple(_shape(name, f"{kind}-{_slug(name)}", s, kind, defs) for name, s in tops)
        for name, _ in tops:
            defs_used = _refs(defs.get(name, schema), defs)
            for used in defs_used:
                if "properties" in defs[used]:  # an enum is spelt out where it is used
                    parts.setdefault(used, {**defs[used], "$defs": defs})
        if "items" not in schema:
            holds = shapes[0].name[:1].lower() + shapes[0].name[1:]
        elif len(shapes) > 1:  # "A named source", "An anonymous source": without their article
            holds = f"a list of {kind} ({' or '.join(shape.name.split(' ', 1)[1] for shape in shapes)})"
        else:
            holds = f"a list of {kind}"
        out.files.append(FileDoc(kind, path, f"file-{kind}", holds, shapes))
    for name, s in parts.items():
        if name not in file_models:
            out.parts.append(_shape(name, f"part-{_slug(name)}", s, None, s["$defs"]))
    for mid in sorted(registry.measures):
        m = registry.measures[mid]
        out.measures.append(m)
    for uid in sorted(registry.units):
        u = registry.units[uid]
        out.units.append(UnitRow(uid, u.label, u.whole, u.negative, u.additive))
    return out


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _refs(node: Any, defs: dict[str, Any], seen: list[str] | None = None) -> list[str]:
    """The parts (``$defs``) a schema uses, directly or not, in order of first use."""
    seen = [] if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.append(name)
                _refs(defs[name], defs, seen)
        for key in sorted(node):
            if key != "$defs":
                _refs(node[key], defs, seen)
    elif isinstance(node, list):
        for value in node:
            _refs(value, defs, seen)
    return seen


def _shape(name: str, anchor: str, schema: dict[str, Any], section: str | None, defs: dict[str, Any]) -> Shape:
    required = set(schema.get("required", ()))
    refers = model.REFERENCES.get(section or "", {})
    properties = schema.get("properties", {})
    cls = getattr(model, name, None)
    if section is not None and cls is not None:  # a file's item: in the order fmt writes it
        properties = {key: properties[key] for key in model.canonical_order(cls)}
    fields = tuple(
        Field(
            key,
            _type(prop, defs, refers.get(key)),
            key in required,
            markdown(prop["description"]),
            yaml_inline(prop["examples"][0], prop),
        )
        for key, prop in properties.items()
    )
    description = (schema.get("description") or "").split("\n\n")[0].replace("\n", " ").replace("``", "`")
    return Shape(_title(name), anchor, markdown(description), fields)


def markdown(text: str) -> str:
    """Text whose `backquoted` parts are code: each part escaped for Markdown (filters.md) or made a code span."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: all of it is text
        parts = [text]
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(code_span(part))
        elif part.strip():
            lead = " " if part[:1].isspace() else ""
            trail = " " if part[-1:].isspace() else ""
            out.append(lead + md(part) + trail)
        else:
            out.append(" " if part else "")
    return "".join(out)


_TITLES = {
    "ReportMeta": "The report",
    "NamedSource": "A named source",
    "AnonymousSource": "An anonymous source",
    "SeedMeta": "A seed's metadata",
    "DiscrepancyNote": "Discrepancy note",
    "LocalTime": "Local time",
}


def _title(name: str) -> str:
    return _TITLES.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).capitalize()


def _type(prop: dict[str, Any], defs: dict[str, Any], refers: str | None = None) -> str:
    """A field's type in words (Markdown: code spans and links to the parts)."""
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    if "$ref" in prop and "anyOf" not in prop:
        options = [prop]
    words = " or ".join(dict.fromkeys(_one(o, defs, refers) for o in options))
    return words


def _one(p: dict[str, Any], defs: dict[str, Any], refers: str | None) -> str:
    if "$ref" in p:
        name = p["$ref"].rsplit("/", 1)[1]
        if "enum" in defs[name]:
            return _one(defs[name], defs, refers)
        return f"[{_title(name).lower()}](#part-{_slug(name)})"
    if "enum" in p:
        return "one of " + ", ".join(code_span(str(v)) for v in p["enum"])
    if "const" in p:
        return code_span(str(p["const"]))
    kind = p.get("type")
    if kind == "array":
        if "prefixItems" in p:
            return f"{len(p['prefixItems'])} " + " and ".join(
                dict.fromkeys(_one(i, defs, refers) + "s" for i in p["prefixItems"])
            )
        return "list of " + _one(p.get("items", {}), defs, refers)
    if kind == "string":
        if p.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if p.get("format") == "date-time":
            return "date and time with its UTC offset"
        if p.get("pattern") == _SEED_ID_PATTERN:
            return "seed id"
        if p.get("pattern") == _ID_PATTERN:
            return f"id of one of the report's {refers}" if refers else "id"
        if p.get("pattern") == _MEASURE_PATTERN:
            return "[measure](#measures) id"
        if "pattern" in p:
            return f"text matching {code_span(p['pattern'])}"
        return "text"
    if kind == "integer":
        low, high = p.get("minimum"), p.get("maximum")
        return "whole number" + (f" from {low}" if low is not None else "") + (f" to {high}" if high else "")
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "true or false"
    return "value"


def yaml_inline(value: Any, prop: dict[str, Any] | None = None) -> str:
    """An example as a writer would type it: a plain scalar, or flow YAML for lists and mappings."""
    from sitrep.authoring.fmt import TEXT, scalar_text

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        if (prop or {}).get("format") in ("date", "date-time"):
            return value  # a date in a date field is written plain
        return scalar_text(value, TEXT)
    return json.dumps(value, ensure_ascii=False)
