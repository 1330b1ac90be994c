"""The outputs stage, downloads of one edition: a CSV per kind of fact, the whole edition as JSON, its places
as GeoJSON, and a Frictionless Data Package describing them, with the licence.

Each CSV has a human header row (the Table Schema field names) and, as its second
row, the HXL hashtags (the measure's from the registry, where a column holds a
figure's value); the data package declares that row as a comment row
(``dialect.commentRows``), so typed columns validate. Values keep everything the
page says: qualifier, low, high, words, unit, as-of date and its precision, source
and evidence quote. The seed articles' text is never included (it is their
publishers'); evidence quotes are marked as third-party excerpts.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading ``'``; so does text that
already starts with ``'``, so the guard can be undone exactly: a reader strips one
leading ``'`` from text cells (:func:`unguard`). Numeric columns are written by this
code, never from text, and stay numbers (``-4``). The JSON holds the values as they are.

Every file is a pure function of the edition and the settings: the same facts give the
same bytes, and the latest edition's files are byte for byte its permanent ones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pycountry

from sitrep.facts import analysis
from sitrep.facts.model import AnonymousSource, Figure, Place, When, display_name, kind_label
from sitrep.facts.places import admin1, country_code
from sitrep.outputs.filters import figure_title, when
from sitrep.site.settings import Settings

GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")  # OWASP CSV injection triggers, and the guard itself
EXCERPT = "third-party excerpt: quoted from the source article for reference; not covered by the licence"
SECTIONS = ("figures", "events", "places", "sources", "actors", "statements", "impacts", "media")


@dataclass(frozen=True)
class Column:
    name: str  # the human header, and the Table Schema field name
    key: str  # the JSON key
    type: str  # Table Schema type: string, integer, number, boolean, date
    hxl: str
    description: str
    get: Callable[[Any], Any] | None  # the value of one fact (None for columns filled from elsewhere)


def guard(text: str) -> str:
    """A text cell no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(GUARDED) else text


def unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def number(x: int | float | None) -> int | float | None:
    """A value as JSON and CSV give it: whole numbers as integers, others without float noise."""
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("integer", "number"):
        return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)
    return guard(str(value))


# --------------------------------------------------------------------------- the columns


def _when_columns(prefix: str, key: str, label: str, of: Callable[[Any], When | None], published) -> list[Column]:
    """A moment as precisely as the source gives it: as the page says it, the day when known, and how precise."""

    def get(fn):
        return lambda item: fn(of(item)) if of(item) is not None else None

    return [
        Column(
            label,
            key,
            "string",
            f"#meta+{prefix}+text",
            f"{label}, as the page says it",
            get(lambda w: when(w, published)),
        ),
        Column(
            f"{label} (date)",
            f"{key}_date",
            "date",
            f"#date+{prefix}",
            "the calendar day, when known (ISO 8601): the only #date column of the moment",
            get(lambda w: w.date.isoformat() if w.date else None),
        ),
        Column(
            f"{label} (month)",
            f"{key}_month",
            "string",
            f"#meta+{prefix}+month",
            "the month, when only it is known",
            get(lambda w: w.month),
        ),
        Column(
            f"{label} (before)",
            f"{key}_before",
            "date",
            f"#meta+{prefix}+before",
            "known only to predate this day",
            get(lambda w: w.before.isoformat() if w.before else None),
        ),
        Column(
            f"{label} (time)",
            f"{key}_time",
            "string",
            f"#meta+{prefix}+time",
            "the time of day, HH:MM, in its zone",
            get(lambda w: w.time),
        ),
        Column(
            f"{label} (zone)",
            f"{key}_zone",
            "string",
            f"#meta+{prefix}+zone",
            "the zone of the time: UTC or an offset",
            get(lambda w: w.zone),
        ),
        Column(
            f"{label} (precision)",
            f"{key}_precision",
            "string",
            f"#meta+{prefix}+precision",
            "time, day, part of day, weekday, month or before",
            get(precision),
        ),
        Column(
            f"{label} (approximate)",
            f"{key}_approximate",
            "boolean",
            f"#meta+{prefix}+approx",
            "true when the source gives the date only roughly",
            get(lambda w: w.approximate),
        ),
    ]


def precision(w: When) -> str:
    if w.before is not None:
        return "before"
    if w.month is not None:
        return "month"
    if w.time is not None:
        return "time"
    if w.part_of_day is not None:
        return "part of day"
    if w.date is None:
        return "weekday"
    return "day"


def _corrections(view) -> Callable[[Any], str | None]:
    def get(item) -> str | None:
        shown = view.corrections(item)
        if not shown:
            return None
        return "; ".join(f"edition {c.edition}: {c.field} was {c.was or 'empty'} ({c.note})" for c in shown)

    return get


def _evidence(view) -> list[Column]:
    return [
        Column(
            "Evidence seed",
            "evidence_seed",
            "string",
            "#meta+seed",
            "the source article's seed id",
            lambda i: i.evidence.seed,
        ),
        Column(
            "Evidence quote",
            "evidence_quote",
            "string",
            "#meta+quote+excerpt",
            f"the passage it rests on ({EXCERPT})",
            lambda i: i.evidence.quote,
        ),
        Column(
            "Shown since edition",
            "since",
            "integer",
            "#meta+since",
            "the first edition that shows it",
            lambda i: i.since,
        ),
        Column(
            "Corrections",
            "corrections",
            "string",
            "#meta+corrections",
            "corrections up to this edition, in words (changes.csv has each as data)",
            _corrections(view),
        ),
        Column(
            "Last corrected in edition",
            "corrected",
            "integer",
            "#meta+corrected",
            "the latest edition up to this one that corrected it",
            lambda i: max((c.edition for c in view.corrections(i)), default=None),
        ),
    ]


def _place(view, key: str = "place") -> list[Column]:
    places = view.places
    return [
        Column(
            "Place id",
            f"{key}_id",
            "string",
            "#meta+id+place",
            "the place's id in places.csv",
            lambda i: getattr(i, key),
        ),
        Column(
            "Place",
            key,
            "string",
            "#loc+name",
            "the place's name",
            lambda i: places[getattr(i, key)].name if getattr(i, key) else None,
        ),
        Column(
            "Place P-code",
            f"{key}_pcode",
            "string",
            "#loc+code",
            "the place's P-code, when it has one",
            lambda i: places[getattr(i, key)].pcode if getattr(i, key) else None,
        ),
        *_joins(view, lambda i: getattr(i, key)),
    ]


def _joins(view, place_of: Callable[[Any], str | None]) -> list[Column]:
    """Where a place belongs, through its hierarchy: the codes administrative boundaries join on."""

    def adm1(i):
        return admin1(view.places, place_of(i))

    return [
        Column(
            "Country",
            "country",
            "string",
            "#country+code",
            "ISO 3166-1 alpha-3, the place's or the nearest up its hierarchy",
            lambda i: country_code(view.places, place_of(i)),
        ),
        Column(
            "Admin 1 P-code",
            "adm1_pcode",
            "string",
            "#adm1+code",
            "the P-code of the first-level subdivision it is or lies in",
            lambda i: adm1(i).pcode if adm1(i) else None,
        ),
        Column(
            "Admin 1",
            "adm1",
            "string",
            "#adm1+name",
            "that subdivision's name",
            lambda i: adm1(i).name if adm1(i) else None,
        ),
    ]


def _source(view, key: str = "source", label: str = "Source") -> list[Column]:
    return [
        Column(
            f"{label} id",
            f"{key}_id",
            "string",
            "#meta+id+source",
            "the source's id in sources.csv",
            lambda i: getattr(i, key),
        ),
        Column(
            label,
            key,
            "string",
            "#meta+source",
            "who gave it (an anonymous source by its label)",
            lambda i: view.source(getattr(i, key)),
        ),
    ]


def measure_columns(registry, figures) -> list[Column]:
    """One column per measure (and plan) the figures give, tagged with its hashtag, holding the
    figure's value in its own measure's column only: ``get_value_set('#affected+killed')`` finds
    every killed figure, and a plan is never under an achievement's tag (#reached)."""
    wanted = {(f.metric, f.planned) for f in figures}
    order = {m: i for i, m in enumerate(registry.measures)}
    columns = []

    def getter(metric: str, planned: bool) -> Callable[[Figure], Any]:
        return lambda f: number(f.value) if f.metric == metric and f.planned == planned else None

    for metric, planned in sorted(wanted, key=lambda w: (order.get(w[0], len(order)), w[0], w[1])):
        m = registry[metric]
        columns.append(
            Column(
                f"{m.title} (planned)" if planned else m.title,
                "value_" + metric.replace("-", "_") + ("_planned" if planned else ""),
                "number",
                m.tag(planned),
                f"the value of a {'planned ' if planned else ''}figure of {m.label}, in {m.unit_label}; "
                "empty for other measures, ranges and words",
                getter(metric, planned),
            )
        )
    return columns


def figure_columns(view, figures=None) -> list[Column]:
    """The figures' columns; ``figures`` (by default the edition's) decide the measures' own columns."""
    reg = view.registry

    def measure(f: Figure):
        return reg[f.metric]

    def value_tag(f: Figure) -> str:
        return measure(f).tag(f.planned)

    cols = [
        Column("Figure id", "id", "string", "#meta+id+figure", "the figure's id", lambda f: f.id),
        Column(
            "Figure", "title", "string", "#indicator+name", "what it counts, in words", lambda f: figure_title(f, reg)
        ),
        Column(
            "Measure", "measure", "string", "#indicator+code", "the measure's id in the registry", lambda f: f.metric
        ),
        Column("Measure HXL", "measure_hxl", "string", "#meta+hxl", "the hashtag of the value's own column", value_tag),
        Column("Group", "group", "string", "#group+code", "who or what it counts", lambda f: f.group),
        Column(
            "Qualifier",
            "qualifier",
            "string",
            "#meta+qualifier",
            "exact, at least, more than, about, up to, range or unquantified",
            lambda f: f.qualifier.value,
        ),
        Column(
            "Value",
            "value",
            "number",
            "#meta+value+num",
            "the number (empty for a range or words); also in its measure's own column",
            lambda f: number(f.value),
        ),
        *(measure_columns(reg, view.report.figures if figures is None else figures) if reg is not None else []),
        Column("Low", "low", "number", "#meta+value+min+num", "a range's low end", lambda f: number(f.low)),
        Column("High", "high", "number", "#meta+value+max+num", "a range's high end", lambda f: number(f.high)),
        Column("Of", "of", "number", "#meta+value+total+num", "the whole a share is of", lambda f: number(f.of)),
        Column(
            "Words", "words", "string", "#meta+words", "what the source says instead of a number", lambda f: f.words
        ),
        Column(
            "Unit",
            "unit",
            "string",
            "#meta+unit",
            "the unit of value, low, high and of",
            lambda f: measure(f).unit,
        ),
        Column(
            "Duration",
            "duration",
            "string",
            "#meta+duration",
            "how long it took or may take",
            lambda f: f"{f.duration.relation} {f.duration.amount} {f.duration.unit}" if f.duration else None,
        ),
        Column(
            "Planned",
            "planned",
            "boolean",
            "#meta+planned",
            "a plan or target, not an achievement",
            lambda f: f.planned,
        ),
        Column(
            "Period start",
            "period_start",
            "date",
            "#date+start",
            "",
            lambda f: f.period.start.isoformat() if f.period else None,
        ),
        Column(
            "Period end",
            "period_end",
            "date",
            "#date+end",
            "",
            lambda f: f.period.end.isoformat() if f.period else None,
        ),
        *_place(view),
        *_when_columns("reported", "as_of", "As of", lambda f: f.as_of, view.published),
        *_when_columns("due", "due", "Due", lambda f: f.due, view.published),
        *_source(view),
        Column(
            "Part of", "part_of", "string", "#meta+id+figure+part_of", "the figure it is a part of", lambda f: f.part_of
        ),
        Column(
            "Breakdown complete",
            "breakdown_complete",
            "boolean",
            "#meta+complete",
            "its parts cover the whole",
            lambda f: f.breakdown_complete,
        ),
        Column("Key figure", "key", "boolean", "#meta+key", "shown among the key figures", lambda f: f.key),
        Column("Label", "label", "string", "#meta+label", "the editor's label", lambda f: f.label),
        Column("Note", "note", "string", "#description+note", "the editor's note", lambda f: f.note),
        Column(
            "Discrepancy",
            "discrepancy",
            "string",
            "#meta+discrepancy",
            "ids of figures the same source gives differently",
            lambda f: _discrepancy(view, f),
        ),
        *_evidence(view),
    ]
    return cols


def _discrepancy(view, f: Figure) -> str | None:
    d = view.in_discrepancy.get(f.id)
    return " ".join(g.id for g in d.figures if g.id != f.id) if d else None


def event_columns(view) -> list[Column]:
    return [
        Column("Event id", "id", "string", "#meta+id+event", "", lambda e: e.id),
        *_when_columns("occurred", "when", "When", lambda e: e.when, view.published),
        Column(
            "Duration",
            "duration",
            "string",
            "#event+duration",
            "how long it lasted",
            lambda e: f"{e.duration.relation} {e.duration.amount} {e.duration.unit}" if e.duration else None,
        ),
        *_place(view),
        Column(
            "Actor ids",
            "actor_ids",
            "string",
            "#meta+id+actor",
            "space-separated ids in actors.csv",
            lambda e: " ".join(e.actors) or None,
        ),
        Column("Actors", "actors", "string", "#org+name+actor", "", lambda e: view.actor_names(e.actors) or None),
        Column("What happened", "what", "string", "#event+description", "", lambda e: e.what),
        *_source(view),
        *_evidence(view),
    ]


def place_columns(view) -> list[Column]:
    def coord(name):
        return lambda p: getattr(p.coordinates, name) if p.coordinates else None

    return [
        Column("Place id", "id", "string", "#meta+id+place", "", lambda p: p.id),
        Column("Name", "name", "string", "#loc+name", "", lambda p: p.name),
        Column(
            "Also called",
            "aliases",
            "string",
            "#loc+name+alt",
            "other names, separated by '; '",
            lambda p: "; ".join(p.aliases) or None,
        ),
        Column("Kind", "kind", "string", "#loc+type", "", lambda p: p.kind.value),
        Column(
            "Within", "within", "string", "#meta+id+place+parent", "the id of the place it lies in", lambda p: p.within
        ),
        Column("P-code", "pcode", "string", "#loc+code", "its own P-code, at its admin level", lambda p: p.pcode),
        Column(
            "Admin level",
            "admin_level",
            "integer",
            "#loc+adm_level",
            "0 a country, 1 its first subdivision, ...",
            lambda p: p.admin_level,
        ),
        *_joins(view, lambda p: p.id),
        Column("Latitude", "lat", "number", "#geo+lat", "WGS 84", coord("lat")),
        Column("Longitude", "lon", "number", "#geo+lon", "WGS 84", coord("lon")),
        Column(
            "Coordinates precision",
            "coordinates_precision",
            "string",
            "#geo+precision",
            "exact, settlement, area or unknown",
            lambda p: p.coordinates.precision.value if p.coordinates else None,
        ),
        Column(
            "Coordinates source",
            "coordinates_source",
            "string",
            "#geo+source",
            "",
            lambda p: p.coordinates.source if p.coordinates else None,
        ),
        Column("Description", "description", "string", "#description", "", lambda p: p.description),
        *_evidence(view),
    ]


def source_columns(view) -> list[Column]:
    return [
        Column("Source id", "id", "string", "#meta+id+source", "", lambda s: s.id),
        Column(
            "Source",
            "name",
            "string",
            "#meta+source",
            "its name, or its label for an anonymous source",
            lambda s: display_name(s),
        ),
        Column("Anonymous", "anonymous", "boolean", "#meta+anonymous", "", lambda s: isinstance(s, AnonymousSource)),
        Column(
            "Protected",
            "protected",
            "boolean",
            "#meta+protected",
            "identity withheld to protect the source",
            lambda s: getattr(s, "protected", False),
        ),
        Column("Why not named", "reason", "string", "#meta+reason", "", lambda s: getattr(s, "reason", None)),
        Column("Kind", "kind", "string", "#meta+source+type", "", lambda s: kind_label("source-kinds", s.kind.value)),
        Column(
            "Affiliation",
            "affiliation",
            "string",
            "#meta+id+source+affiliation",
            "the id of the source it belongs to",
            lambda s: getattr(s, "affiliation", None),
        ),
        Column("Description", "description", "string", "#description", "", lambda s: s.description),
        *_evidence(view),
    ]


def actor_columns(view) -> list[Column]:
    return [
        Column("Actor id", "id", "string", "#meta+id+actor", "", lambda a: a.id),
        Column("Name", "name", "string", "#org+name", "", lambda a: a.name),
        Column(
            "Also called",
            "aliases",
            "string",
            "#org+name+alt",
            "other names, separated by '; '",
            lambda a: "; ".join(a.aliases) or None,
        ),
        Column("Kind", "kind", "string", "#org+type", "", lambda a: kind_label("actor-kinds", a.kind.value)),
        Column("Description", "description", "string", "#description", "", lambda a: a.description),
        *_evidence(view),
    ]


def statement_columns(view) -> list[Column]:
    return [
        Column("Statement id", "id", "string", "#meta+id+statement", "", lambda s: s.id),
        *_source(view, "speaker", "Speaker"),
        Column("Kind", "kind", "string", "#meta+type", "", lambda s: kind_label("statement-kinds", s.kind.value)),
        Column(
            "Mode",
            "mode",
            "string",
            "#meta+mode",
            "verbatim (the speaker's words) or paraphrase",
            lambda s: s.mode.value,
        ),
        Column(
            "Text",
            "text",
            "string",
            "#description+statement",
            f"what was said; a verbatim statement is a {EXCERPT}",
            lambda s: s.text,
        ),
        Column(
            "About",
            "about",
            "string",
            "#meta+id+actor+about",
            "ids of the actors it is about",
            lambda s: " ".join(s.about) or None,
        ),
        *_when_columns("stated", "when", "When", lambda s: s.when, view.published),
        *_evidence(view),
    ]


def impact_columns(view) -> list[Column]:
    return [
        Column("Impact id", "id", "string", "#meta+id+impact", "", lambda i: i.id),
        Column("Kind", "kind", "string", "#impact+type", "", lambda i: kind_label("impact-kinds", i.kind.value)),
        Column("Subject", "subject", "string", "#impact+subject", "", lambda i: i.subject),
        Column("Description", "description", "string", "#description", "", lambda i: i.description),
        *_place(view),
        Column("Figure id", "figure", "string", "#meta+id+figure", "the figure that counts it", lambda i: i.figure),
        *_source(view),
        *_evidence(view),
    ]


def media_columns(view) -> list[Column]:
    return [
        Column("Photo id", "id", "string", "#meta+id+photo", "", lambda m: m.id),
        Column(
            "Caption", "caption", "string", "#description+caption", f"as published ({EXCERPT})", lambda m: m.caption
        ),
        Column("Photographer", "photographer", "string", "#contact+name", "", lambda m: m.photographer),
        Column("Agency", "agency", "string", "#org+name", "", lambda m: m.agency),
        *_place(view),
        *_evidence(view),
    ]


COLUMNS = {
    "figures": figure_columns,
    "events": event_columns,
    "places": place_columns,
    "sources": source_columns,
    "actors": actor_columns,
    "statements": statement_columns,
    "impacts": impact_columns,
    "media": media_columns,
}
TITLES = {
    "figures": "Figures: each number (or its absence) as one source gave it",
    "events": "Events: the timeline",
    "places": "Places",
    "sources": "Sources",
    "actors": "Actors",
    "statements": "Statements: who said what",
    "impacts": "Impacts",
    "media": "Photo captions and credits (the images are not reproduced)",
    "current": "Current values: one row per place and group, a column per measure (the latest; never a sum)",
    "changes": "Changes since the previous edition: each fact's field, what it was and what it is now",
}


# --------------------------------------------------------------------------- tables and files


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]  # typed values, one list per row

    def csv(self) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
        writer.writerow([c.name for c in self.columns])
        writer.writerow([c.hxl for c in self.columns])
        for row in self.rows:
            writer.writerow([cell(v, c.type) for v, c in zip(row, self.columns, strict=True)])
        return buf.getvalue().encode("utf-8")

    def records(self) -> list[dict[str, Any]]:
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def resource(self, path: str, kind: str | None = None) -> dict[str, Any]:
        """Its Data Package resource; ``kind`` (default its name) says which keys it has (:data:`KEYS`)."""
        resource = {
            "name": self.name,
            "title": self.title,
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "headerRows": [1], "commentRows": [2], "lineTerminator": "\r\n"},
            "schema": {
                "fields": [
                    {"name": c.name, "title": c.name, "type": c.type, "description": c.description, "hxl": c.hxl}
                    for c in self.columns
                ]
            },
        }
        primary, foreign = KEYS.get(kind or self.name, ((), ()))
        names = {c.name for c in self.columns}
        schema = resource["schema"]
        assert isinstance(schema, dict)
        if primary:
            schema["primaryKey"] = list(primary)
        fks = [
            {
                "fields": [field],
                "reference": {"resource": "" if target == (kind or self.name) else target, "fields": [ref]},
            }
            for field, target, ref in foreign
            if field in names
        ]
        if fks:
            schema["foreignKeys"] = fks
        return resource


# Each table's primary key, and its references to the others (field, resource, field): figures to
# places and sources, a part to its total, a place to the place it lies in. Frictionless checks them.
PLACE = ("Place id", "places", "Place id")
SOURCE = ("Source id", "sources", "Source id")
KEYS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]] = {
    "figures": (("Figure id",), (PLACE, SOURCE, ("Part of", "figures", "Figure id"))),
    "events": (("Event id",), (PLACE, SOURCE)),
    "places": (("Place id",), (("Within", "places", "Place id"),)),
    "sources": (("Source id",), (("Affiliation", "sources", "Source id"),)),
    "actors": (("Actor id",), ()),
    "statements": (("Statement id",), (("Speaker id", "sources", "Source id"),)),
    "impacts": (("Impact id",), (PLACE, SOURCE, ("Figure id", "figures", "Figure id"))),
    "media": (("Photo id",), (PLACE,)),
    "chart": (("Figure id",), (PLACE, SOURCE, ("Part of", "figures", "Figure id"))),
    "current": ((), (PLACE,)),
    "changes": ((), ()),
    "key-figures": (("Report id", "Figure id"), ()),  # the site's index: one row per report's key figure
}


def value_of(column: Column, item) -> Any:
    assert column.get is not None
    return column.get(item)


def where_columns(view) -> list[Column]:
    """The first two columns of every per-edition table: which report and edition a row belongs to,
    so rows of several downloads stack without reading the file's path."""
    report_id, number = view.report.meta.id, view.number
    return [
        Column("Report id", "report", "string", "#meta+id+report", "the report's id", lambda _: report_id),
        Column("Edition", "edition", "integer", "#meta+edition", "the edition's number", lambda _: number),
    ]


def table(view, section: str, items=None) -> Table:
    items = getattr(view.report, section) if items is None else items
    columns = where_columns(view) + (figure_columns(view, items) if section == "figures" else COLUMNS[section](view))
    return Table(section, TITLES[section], columns, [[value_of(c, i) for c in columns] for i in items])


def chart_tables(view) -> dict[str, Table]:
    """One table per chart, by the chart's role: the figures it draws, in the figures' columns.

    A chart's narrow drawing shows the same data (no second table), and the locator map's
    data is the places table already."""
    out: dict[str, Table] = {}
    for role in view.charts:
        if role.endswith("-narrow") or role == "map":
            continue
        figures: list[Figure] = []
        if role.startswith("breakdown-"):
            b = next(b for b in view.breakdowns if b.total.id == role[len("breakdown-") :])
            figures = [b.total, *(f for part in b.parts for f in part)]
        elif role.startswith("history-"):
            figures = list(view.history[int(role[len("history-") :])].figures)
        t = table(view, "figures", figures)
        out[role] = Table(f"chart-{role}", f"Data of the chart: {view.charts[role].title}", t.columns, t.rows)
    return out


def describe(name: str) -> str:
    """What a download holds, in a few words (the report page's list)."""
    stem = name.rsplit(".", 1)[0]
    if name == "edition.json":
        return "the whole edition as one JSON document"
    if name == "datapackage.json":
        return "Frictionless Data Package: every file's columns, types and HXL hashtags, and the licence"
    if name == "places.geojson":
        return "places with coordinates, as GeoJSON (RFC 7946)"
    if name == "cite.bib":
        return "how to cite this edition, as BibTeX"
    if name == "cite.csl.json":
        return "how to cite this edition, as CSL-JSON"
    if stem.startswith("chart-"):
        return "the figures one chart draws"
    return TITLES.get(stem, stem)


def chart_csv_name(role: str) -> str:
    return f"chart-{role}.csv"


def dumps(data: Any) -> bytes:
    """JSON as every download writes it: UTF-8, stable key order, one trailing newline."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def edition_path(report_id: str, number: int) -> str:
    return f"reports/{report_id}/editions/{number}/"


def geojson(view) -> dict[str, Any]:
    """RFC 7946: a FeatureCollection of the places, positions in longitude, latitude order (WGS 84)."""
    features = []
    for p in view.report.places:
        geometry = None
        if p.coordinates is not None:
            geometry = {"type": "Point", "coordinates": [number(p.coordinates.lon), number(p.coordinates.lat)]}
        features.append({"type": "Feature", "id": p.id, "geometry": geometry, "properties": _place_props(view, p)})
    return {"type": "FeatureCollection", "features": features}


def _place_props(view, p: Place) -> dict[str, Any]:
    cols = place_columns(view)
    return {c.key: value_of(c, p) for c in cols if c.key not in ("lat", "lon")}


def edition_files(view, settings: Settings, extra: dict[str, Table] | None = None) -> dict[str, bytes]:
    """The downloads of the edition ``view`` shows, by file name (they go in its ``data/`` folder);
    ``extra`` tables (the current values, the changes) are written, packaged and put in the JSON alike."""
    meta = view.report.meta
    edition = view.edition
    tables = {s: table(view, s) for s in SECTIONS} | (extra or {})
    charts = chart_tables(view)
    base = settings.url(edition_path(meta.id, edition.number))
    files: dict[str, bytes] = {}
    for name, t in tables.items():
        files[f"{name}.csv"] = t.csv()
    for role, t in charts.items():
        files[chart_csv_name(role)] = t.csv()
    files["places.geojson"] = dumps(geojson(view))
    document = {
        "report": meta.id,
        "title": meta.title,
        "example": meta.example,
        "edition": edition.number,
        "published": edition.published.isoformat(),
        "headline": edition.headline,
        "summary": edition.summary,
        "overview": view.overview(),
        "corrected_later": [
            {
                "edition": c.edition,
                "published": editions_published(view, c.edition),
                "subject": c.subject,
                "field": c.field,
                "shown": c.shown,
                "now": c.now,
                "note": c.note,
                "url": settings.url(edition_path(meta.id, c.edition)),
            }
            for c in view.later_corrections()
        ],
        "url": base,
        "publisher": {"name": settings.publisher, "url": settings.publisher_url},
        "licence": licence(settings),
        "excerpts": "Evidence quotes, verbatim statements and photo captions are " + EXCERPT + ".",
        "csv_guard": "In the CSV files, a text cell that starts with = + - @ ' a tab or a carriage return "
        "has one ' put before it, so no spreadsheet runs it as a formula; strip one leading ' from text cells.",
        "articles": [_article(s) for s in view.seeds],
        "discrepancy_notes": [
            {"figures": list(d.figures), "note": d.note}
            for d in meta.discrepancies
            if set(d.figures) <= {f.id for f in view.report.figures}
        ],
        **{name: t.records() for name, t in tables.items()},
    }
    files["edition.json"] = dumps(document)
    files["datapackage.json"] = dumps(datapackage(view, settings, tables, charts))
    return dict(sorted(files.items()))


def editions_published(view, n: int) -> str:
    return view.full.meta.editions[n - 1].published.isoformat()


def _corrected(view) -> str:
    """What later editions corrected in this one, for the package's description ("" if nothing)."""
    return "".join(f" {c.text()}" for c in view.later_corrections())


def licence(settings: Settings) -> dict[str, str] | None:
    if not settings.licence_name:
        return None
    return {"name": settings.licence_name, "url": settings.licence_url}


def _article(seed) -> dict[str, Any]:
    m = seed.meta
    out = {"seed": m.id, "title": m.title, "publisher": m.publisher, "wire": m.wire, "published": m.published}
    out.update({"language": m.language, "url": m.url, "sha256": m.sha256})
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Coverage:
    """Where and when an edition's facts are: its countries (ISO 3166-1 alpha-3, name) and the span of
    the days its figures are as of and its events happened on (ISO 8601), for the package and JSON-LD."""

    countries: list[tuple[str, str]]
    start: str | None
    end: str | None


def coverage(view) -> Coverage:
    codes = sorted({c for p in view.report.places if (c := country_code(view.places, p.id))})
    countries = [(c, getattr(pycountry.countries.get(alpha_3=c), "name", c)) for c in codes]
    moments = [f.as_of for f in view.report.figures] + [e.when for e in view.report.events]
    days = sorted(d for w in moments if w is not None and (d := analysis.resolved_date(w, view.published)))
    return Coverage(countries, days[0].isoformat() if days else None, days[-1].isoformat() if days else None)


def keywords(view) -> list[str]:
    """The package's and the Dataset's keywords: what it is, and what its figures count."""
    measures = sorted({view.registry[f.metric].label for f in view.report.figures})
    return ["situation report", "humanitarian", "HXL", *measures]


def datapackage(view, settings: Settings, tables: dict[str, Table], charts: dict[str, Table]) -> dict[str, Any]:
    meta = view.report.meta
    cover = coverage(view)
    edition = view.edition
    resources = [t.resource(f"{name}.csv") for name, t in tables.items()]
    resources += [t.resource(chart_csv_name(role), "chart") for role, t in charts.items()]
    resources.append(
        {
            "name": "places-geojson",
            "title": "Places as GeoJSON (RFC 7946)",
            "path": "places.geojson",
            "format": "geojson",
            "mediatype": "application/geo+json",
            "encoding": "utf-8",
        }
    )
    resources.append(
        {
            "name": "edition",
            "title": "The whole edition as one JSON document",
            "path": "edition.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    package: dict[str, Any] = {
        "name": f"{meta.id}-edition-{edition.number}",
        "title": f"{meta.title}, edition {edition.number}",
        "description": (
            f"{view.lead()}{_corrected(view)} Each CSV has a header row and a row of HXL hashtags (a comment row). "
            f"Evidence quotes, verbatim statements and photo captions are {EXCERPT}; the source articles "
            "themselves are not included. A text cell starting with = + - @ ' a tab or a carriage return has "
            "one ' put before it, against spreadsheet formula injection."
        ),
        "version": f"{edition.number}.0.0",
        "created": edition.published.isoformat(),
        "homepage": settings.url(edition_path(meta.id, edition.number)),
        "keywords": keywords(view),
        **({"spatial": [{"code": c, "name": n} for c, n in cover.countries]} if cover.countries else {}),
        **({"temporal": {"start": cover.start, "end": cover.end}} if cover.start else {}),
        "contributors": [{"title": settings.publisher, "path": settings.publisher_url, "role": "publisher"}],
        "sources": [{"title": s.meta.title, **({"path": s.meta.url} if s.meta.url else {})} for s in view.seeds],
        "resources": resources,
    }
    if settings.licence_name:
        package["licenses"] = [
            {"name": _spdx(settings.licence_name), "path": settings.licence_url, "title": settings.licence_name}
        ]
    return package


def _spdx(name: str) -> str:
    """The licence's id as Data Package wants it (an Open Definition / SPDX id): "CC BY 4.0" -> "CC-BY-4.0"."""
    return "-".join(name.replace("/", " ").split())
