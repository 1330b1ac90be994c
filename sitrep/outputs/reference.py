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
from sitrep.outputs.words import ENGLISH, N_, Words

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


def _same(text: str) -> str:
    return text


def build(registry: Registry, words: Words = ENGLISH, described=_same) -> Reference:
    """Everything the page shows, in a fixed order (the model's, the registry's ids sorted); the
    page's own words in the language of ``words``. ``described`` shows a field's or a part's
    description (the model's, in English): on a page in another language, marked as English."""
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
        shapes = tuple(_shape(name, f"{kind}-{_slug(name)}", s, kind, defs, described, words) for name, s in tops)
        for name, _ in tops:
            defs_used = _refs(defs.get(name, schema), defs)
            for used in defs_used:
                if "properties" in defs[used]:  # an enum is spelt out where it is used
                    parts.setdefault(used, {**defs[used], "$defs": defs})
        if words is not ENGLISH:  # another language: its own words for what the file holds
            kinds = words.gettext(" or ").join(shape.name for shape in shapes)
            listed = words.gettext("a list of %(what)s") % {"what": words.gettext(SECTION_WORDS.get(kind, kind))}
            holds = kinds if "items" not in schema else listed + (f" ({kinds})" if len(shapes) > 1 else "")
        elif "items" not in schema:
            holds = shapes[0].name[:1].lower() + shapes[0].name[1:]
        elif len(shapes) > 1:  # "A named source", "An anonymous source": without their article
            holds = f"a list of {kind} ({' or '.join(shape.name.split(' ', 1)[1] for shape in shapes)})"
        else:
            holds = f"a list of {kind}"
        out.files.append(FileDoc(kind, path, f"file-{kind}", holds, shapes))
    for name, s in parts.items():
        if name not in file_models:
            out.parts.append(_shape(name, f"part-{_slug(name)}", s, None, s["$defs"], described, words))
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


def _shape(
    name: str,
    anchor: str,
    schema: dict[str, Any],
    section: str | None,
    defs: dict[str, Any],
    described=_same,
    words: Words = ENGLISH,
) -> Shape:
    required = set(schema.get("required", ()))
    refers = model.REFERENCES.get(section or "", {})
    properties = schema.get("properties", {})
    cls = getattr(model, name, None)
    if section is not None and cls is not None:  # a file's item: in the order fmt writes it
        properties = {key: properties[key] for key in model.canonical_order(cls)}
    fields = tuple(
        Field(
            key,
            _type(prop, defs, refers.get(key), words),
            key in required,
            described(markdown(prop["description"])),
            yaml_inline(prop["examples"][0], prop),
        )
        for key, prop in properties.items()
    )
    description = (schema.get("description") or "").split("\n\n")[0].replace("\n", " ").replace("``", "`")
    return Shape(_title(name, words), anchor, described(markdown(description)), fields)


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
    "ReportMeta": N_("The report"),
    "NamedSource": N_("A named source"),
    "AnonymousSource": N_("An anonymous source"),
    "SeedMeta": N_("A seed's metadata"),
    "DiscrepancyNote": N_("Discrepancy note"),
    "LocalTime": N_("Local time"),
}
# The other models' titles, as their class names give them, marked for the catalogue.
_NAMES = (
    N_("Place"),
    N_("Actor"),
    N_("Figure"),
    N_("Event"),
    N_("Statement"),
    N_("Impact"),
    N_("Media"),
    N_("Edition"),
    N_("Highlight"),
    N_("Exclusion"),
    N_("Correction"),
    N_("Evidence"),
    N_("Coordinates"),
    N_("When"),
    N_("Duration"),
    N_("Period"),
)
# What each fact file holds a list of, in words.
SECTION_WORDS = {
    "sources": N_("sources"),
    "places": N_("places"),
    "actors": N_("actors"),
    "figures": N_("figures"),
    "events": N_("events"),
    "statements": N_("statements"),
    "impacts": N_("impacts"),
    "media": N_("media"),
}


def _title(name: str, words: Words = ENGLISH) -> str:
    title = _TITLES.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).capitalize()
    return words.gettext(title)


def _say(words: Words, english: str, message: str, **values: str) -> str:
    """``english`` on the English page (as it always was), else ``message`` in the page's language."""
    return english if words is ENGLISH else words.gettext(message) % values


def _type(prop: dict[str, Any], defs: dict[str, Any], refers: str | None = None, words: Words = ENGLISH) -> str:
    """A field's type in words (Markdown: code spans and links to the parts)."""
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    if "$ref" in prop and "anyOf" not in prop:
        options = [prop]
    return words.gettext(" or ").join(dict.fromkeys(_one(o, defs, refers, words) for o in options))


def _one(p: dict[str, Any], defs: dict[str, Any], refers: str | None, words: Words = ENGLISH) -> str:
    if "$ref" in p:
        name = p["$ref"].rsplit("/", 1)[1]
        if "enum" in defs[name]:
            return _one(defs[name], defs, refers, words)
        title = _title(name).lower() if words is ENGLISH else _title(name, words)
        return f"[{title}](#part-{_slug(name)})"
    if "enum" in p:
        values = ", ".join(code_span(str(v)) for v in p["enum"])
        return _say(
            words, "one of " + values, N_("one of %(values)s"), values=values.replace(", ", words.gettext(", "))
        )
    if "const" in p:
        return code_span(str(p["const"]))
    kind = p.get("type")
    if kind == "array":
        if "prefixItems" in p:
            if words is not ENGLISH:
                what = words.gettext(" and ").join(
                    dict.fromkeys(_one(i, defs, refers, words) for i in p["prefixItems"])
                )
                return words.gettext("%(n)s, each %(what)s") % {"n": len(p["prefixItems"]), "what": what}
            return f"{len(p['prefixItems'])} " + " and ".join(
                dict.fromkeys(_one(i, defs, refers, words) + "s" for i in p["prefixItems"])
            )
        what = _one(p.get("items", {}), defs, refers, words)
        return _say(words, "list of " + what, N_("list of %(what)s"), what=what)
    if kind == "string":
        if p.get("format") == "date":
            return words.gettext("date (YYYY-MM-DD)")
        if p.get("format") == "date-time":
            return words.gettext("date and time with its UTC offset")
        if p.get("pattern") == _SEED_ID_PATTERN:
            return words.gettext("seed id")
        if p.get("pattern") == _ID_PATTERN:
            if not refers:
                return words.gettext("id")
            section = words.gettext(SECTION_WORDS.get(refers, refers))
            return _say(
                words, f"id of one of the report's {refers}", N_("id of one of the report's %(what)s"), what=section
            )
        if p.get("pattern") == _MEASURE_PATTERN:
            return words.gettext("[measure](#measures) id")
        if "pattern" in p:
            pattern = code_span(p["pattern"])
            return _say(words, f"text matching {pattern}", N_("text matching %(pattern)s"), pattern=pattern)
        return words.gettext("text")
    if kind == "integer":
        low, high = p.get("minimum"), p.get("maximum")
        if words is ENGLISH:
            return "whole number" + (f" from {low}" if low is not None else "") + (f" to {high}" if high else "")
        said = words.gettext("whole number")
        said += words.gettext(" from %(low)s") % {"low": low} if low is not None else ""
        return said + (words.gettext(" to %(high)s") % {"high": high} if high else "")
    if kind == "number":
        return words.gettext("number")
    if kind == "boolean":
        return words.gettext("true or false")
    return words.gettext("value")


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
