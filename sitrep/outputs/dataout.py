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
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pycountry
from babel import Locale

from sitrep.facts import analysis
from sitrep.facts.model import AnonymousSource, Figure, Place, When, display_name, kind_label
from sitrep.facts.places import admin1, country_code
from sitrep.outputs import jsontext
from sitrep.outputs.filters import figure_title, when
from sitrep.outputs.words import ENGLISH, N_, Words
from sitrep.site.settings import Settings

GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")  # OWASP CSV injection triggers, and the guard itself
EXCERPT = N_("third-party excerpt: quoted from the source article for reference; not covered by the licence")
SECTIONS = ("figures", "events", "places", "sources", "actors", "statements", "impacts", "media")


@dataclass(frozen=True)
class Column:
    name: str  # the human header, and the Table Schema field name
    key: str  # the JSON key
    type: str  # Table Schema type: string, integer, number, boolean, date
    hxl: str
    description: str
    get: Callable[[Any], Any] | None  # the value of one fact (None for columns filled from elsewhere)
    # In another language: the header and the description in ``words`` where they are not one message
    # each (a measure's title, a moment's label in them); by default ``name`` and ``description`` translated.
    heading: Callable[[Words], str] | None = None
    telling: Callable[[Words], str] | None = None

    def header(self, words: Words = ENGLISH) -> str:
        """The human header (and Table Schema field name) in the language of ``words``."""
        return self.heading(words) if self.heading else words.gettext(self.name)

    def about(self, words: Words = ENGLISH) -> str:
        if self.telling:
            return self.telling(words)
        return words.gettext(self.description) if self.description else ""


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


def _moment(label: str, message: str) -> Callable[[Words], str]:
    """A header or description about a moment (``label``: "As of", "Due", "When"), in the language of the words."""
    return lambda w: w.gettext(message) % {"moment": w.gettext(label)}


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
            telling=_moment(label, N_("%(moment)s, as the page says it")),
        ),
        Column(
            f"{label} (date)",
            f"{key}_date",
            "date",
            f"#date+{prefix}",
            N_("the calendar day, when known (ISO 8601): the only #date column of the moment"),
            get(lambda w: w.date.isoformat() if w.date else None),
            heading=_moment(label, N_("%(moment)s (date)")),
        ),
        Column(
            f"{label} (month)",
            f"{key}_month",
            "string",
            f"#meta+{prefix}+month",
            N_("the month, when only it is known"),
            get(lambda w: w.month),
            heading=_moment(label, N_("%(moment)s (month)")),
        ),
        Column(
            f"{label} (before)",
            f"{key}_before",
            "date",
            f"#meta+{prefix}+before",
            N_("known only to predate this day"),
            get(lambda w: w.before.isoformat() if w.before else None),
            heading=_moment(label, N_("%(moment)s (before)")),
        ),
        Column(
            f"{label} (time)",
            f"{key}_time",
            "string",
            f"#meta+{prefix}+time",
            N_("the time of day, HH:MM, in its zone"),
            get(lambda w: w.time),
            heading=_moment(label, N_("%(moment)s (time)")),
        ),
        Column(
            f"{label} (zone)",
            f"{key}_zone",
            "string",
            f"#meta+{prefix}+zone",
            N_("the zone of the time: UTC or an offset"),
            get(lambda w: w.zone),
            heading=_moment(label, N_("%(moment)s (zone)")),
        ),
        Column(
            f"{label} (precision)",
            f"{key}_precision",
            "string",
            f"#meta+{prefix}+precision",
            N_("time, day, part of day, weekday, month or before"),
            get(precision),
            heading=_moment(label, N_("%(moment)s (precision)")),
        ),
        Column(
            f"{label} (approximate)",
            f"{key}_approximate",
            "boolean",
            f"#meta+{prefix}+approx",
            N_("true when the source gives the date only roughly"),
            get(lambda w: w.approximate),
            heading=_moment(label, N_("%(moment)s (approximate)")),
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


def _excerpt(message: str) -> Callable[[Words], str]:
    """A description naming the excerpt terms (:data:`EXCERPT`), in the language of the words."""
    return lambda w: w.gettext(message) % {"excerpt": w.gettext(EXCERPT)}


def _evidence(view) -> list[Column]:
    return [
        Column(
            N_("Evidence seed"),
            "evidence_seed",
            "string",
            "#meta+seed",
            N_("the source article's seed id"),
            lambda i: i.evidence.seed,
        ),
        Column(
            N_("Evidence quote"),
            "evidence_quote",
            "string",
            "#meta+quote+excerpt",
            f"the passage it rests on ({EXCERPT})",
            lambda i: i.evidence.quote,
            telling=_excerpt(N_("the passage it rests on (%(excerpt)s)")),
        ),
        Column(
            N_("Shown since edition"),
            "since",
            "integer",
            "#meta+since",
            N_("the first edition that shows it"),
            lambda i: i.since,
        ),
        Column(
            N_("Corrections"),
            "corrections",
            "string",
            "#meta+corrections",
            N_("corrections up to this edition, in words (changes.csv has each as data)"),
            _corrections(view),
        ),
        Column(
            N_("Last corrected in edition"),
            "corrected",
            "integer",
            "#meta+corrected",
            N_("the latest edition up to this one that corrected it"),
            lambda i: max((c.edition for c in view.corrections(i)), default=None),
        ),
    ]


def _place(view, key: str = "place") -> list[Column]:
    places = view.places
    return [
        Column(
            N_("Place id"),
            f"{key}_id",
            "string",
            "#meta+id+place",
            N_("the place's id in places.csv"),
            lambda i: getattr(i, key),
        ),
        Column(
            N_("Place"),
            key,
            "string",
            "#loc+name",
            N_("the place's name"),
            lambda i: places[getattr(i, key)].name if getattr(i, key) else None,
        ),
        Column(
            N_("Place P-code"),
            f"{key}_pcode",
            "string",
            "#loc+code",
            N_("the place's P-code, when it has one"),
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
            N_("Country"),
            "country",
            "string",
            "#country+code",
            N_("ISO 3166-1 alpha-3, the place's or the nearest up its hierarchy"),
            lambda i: country_code(view.places, place_of(i)),
        ),
        Column(
            N_("Admin 1 P-code"),
            "adm1_pcode",
            "string",
            "#adm1+code",
            N_("the P-code of the first-level subdivision it is or lies in"),
            lambda i: adm1(i).pcode if adm1(i) else None,
        ),
        Column(
            N_("Admin 1"),
            "adm1",
            "string",
            "#adm1+name",
            N_("that subdivision's name"),
            lambda i: adm1(i).name if adm1(i) else None,
        ),
    ]


def _source(view, key: str = "source", label: str = N_("Source"), id_label: str = N_("Source id")) -> list[Column]:
    return [
        Column(
            id_label,
            f"{key}_id",
            "string",
            "#meta+id+source",
            N_("the source's id in sources.csv"),
            lambda i: getattr(i, key),
        ),
        Column(
            label,
            key,
            "string",
            "#meta+source",
            N_("who gave it (an anonymous source by its label)"),
            lambda i: display_name(view.sources[getattr(i, key)]),  # as written: a row is every language's
        ),
    ]


def _measure_heading(title: str, planned: bool) -> Callable[[Words], str]:
    """A measure's column header: its title (the registry's words), a plan's marked as such."""
    return lambda w: w.gettext(N_("%(measure)s (planned)")) % {"measure": title} if planned else title


def _measure_telling(label: str, unit: str, planned: bool) -> Callable[[Words], str]:
    def telling(w: Words) -> str:
        message = (
            N_("the value of a planned figure of %(measure)s, in %(unit)s; empty for other measures, ranges and words")
            if planned
            else N_("the value of a figure of %(measure)s, in %(unit)s; empty for other measures, ranges and words")
        )
        return w.gettext(message) % {"measure": label, "unit": unit}

    return telling


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
                heading=_measure_heading(m.title, planned),
                telling=_measure_telling(m.label, m.unit_label, planned),
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
        Column(N_("Figure id"), "id", "string", "#meta+id+figure", N_("the figure's id"), lambda f: f.id),
        Column(
            N_("Figure"),
            "title",
            "string",
            "#indicator+name",
            N_("what it counts, in words"),
            lambda f: figure_title(f, reg),
        ),
        Column(
            N_("Measure"),
            "measure",
            "string",
            "#indicator+code",
            N_("the measure's id in the registry"),
            lambda f: f.metric,
        ),
        Column(
            N_("Measure HXL"),
            "measure_hxl",
            "string",
            "#meta+hxl",
            N_("the hashtag of the value's own column"),
            value_tag,
        ),
        Column(N_("Group"), "group", "string", "#group+code", N_("who or what it counts"), lambda f: f.group),
        Column(
            N_("Qualifier"),
            "qualifier",
            "string",
            "#meta+qualifier",
            N_("exact, at least, more than, about, up to, range or unquantified"),
            lambda f: f.qualifier.value,
        ),
        Column(
            N_("Value"),
            "value",
            "number",
            "#meta+value+num",
            N_("the number (empty for a range or words); also in its measure's own column"),
            lambda f: number(f.value),
        ),
        *(measure_columns(reg, view.report.figures if figures is None else figures) if reg is not None else []),
        Column(N_("Low"), "low", "number", "#meta+value+min+num", N_("a range's low end"), lambda f: number(f.low)),
        Column(N_("High"), "high", "number", "#meta+value+max+num", N_("a range's high end"), lambda f: number(f.high)),
        Column(
            N_("Of"), "of", "number", "#meta+value+total+num", N_("the whole a share is of"), lambda f: number(f.of)
        ),
        Column(
            N_("Words"),
            "words",
            "string",
            "#meta+words",
            N_("what the source says instead of a number"),
            lambda f: f.words,
        ),
        Column(
            N_("Unit"),
            "unit",
            "string",
            "#meta+unit",
            N_("the unit of value, low, high and of"),
            lambda f: measure(f).unit,
        ),
        Column(
            N_("Duration"),
            "duration",
            "string",
            "#meta+duration",
            N_("how long it took or may take"),
            lambda f: f"{f.duration.relation} {f.duration.amount} {f.duration.unit}" if f.duration else None,
        ),
        Column(
            N_("Planned"),
            "planned",
            "boolean",
            "#meta+planned",
            N_("a plan or target, not an achievement"),
            lambda f: f.planned,
        ),
        Column(
            N_("Period start"),
            "period_start",
            "date",
            "#date+start",
            "",
            lambda f: f.period.start.isoformat() if f.period else None,
        ),
        Column(
            N_("Period end"),
            "period_end",
            "date",
            "#date+end",
            "",
            lambda f: f.period.end.isoformat() if f.period else None,
        ),
        *_place(view),
        *_when_columns("reported", "as_of", N_("As of"), lambda f: f.as_of, view.published),
        *_when_columns("due", "due", N_("Due"), lambda f: f.due, view.published),
        *_source(view),
        Column(
            N_("Part of"),
            "part_of",
            "string",
            "#meta+id+figure+part_of",
            N_("the figure it is a part of"),
            lambda f: f.part_of,
        ),
        Column(
            N_("Breakdown complete"),
            "breakdown_complete",
            "boolean",
            "#meta+complete",
            N_("its parts cover the whole"),
            lambda f: f.breakdown_complete,
        ),
        Column(N_("Key figure"), "key", "boolean", "#meta+key", N_("shown among the key figures"), lambda f: f.key),
        Column(N_("Label"), "label", "string", "#meta+label", N_("the editor's label"), lambda f: f.label),
        Column(N_("Note"), "note", "string", "#description+note", N_("the editor's note"), lambda f: f.note),
        Column(
            N_("Discrepancy"),
            "discrepancy",
            "string",
            "#meta+discrepancy",
            N_("ids of figures the same source gives differently"),
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
        Column(N_("Event id"), "id", "string", "#meta+id+event", "", lambda e: e.id),
        *_when_columns("occurred", "when", N_("When"), lambda e: e.when, view.published),
        Column(
            N_("Duration"),
            "duration",
            "string",
            "#event+duration",
            N_("how long it lasted"),
            lambda e: f"{e.duration.relation} {e.duration.amount} {e.duration.unit}" if e.duration else None,
        ),
        *_place(view),
        Column(
            N_("Actor ids"),
            "actor_ids",
            "string",
            "#meta+id+actor",
            N_("space-separated ids in actors.csv"),
            lambda e: " ".join(e.actors) or None,
        ),
        Column(N_("Actors"), "actors", "string", "#org+name+actor", "", lambda e: view.actor_names(e.actors) or None),
        Column(N_("What happened"), "what", "string", "#event+description", "", lambda e: e.what),
        *_source(view),
        *_evidence(view),
    ]


def place_columns(view) -> list[Column]:
    def coord(name):
        return lambda p: getattr(p.coordinates, name) if p.coordinates else None

    return [
        Column(N_("Place id"), "id", "string", "#meta+id+place", "", lambda p: p.id),
        Column(N_("Name"), "name", "string", "#loc+name", "", lambda p: p.name),
        Column(
            N_("Also called"),
            "aliases",
            "string",
            "#loc+name+alt",
            N_("other names, separated by '; '"),
            lambda p: "; ".join(p.aliases) or None,
        ),
        Column(N_("Kind"), "kind", "string", "#loc+type", "", lambda p: p.kind.value),
        Column(
            N_("Within"),
            "within",
            "string",
            "#meta+id+place+parent",
            N_("the id of the place it lies in"),
            lambda p: p.within,
        ),
        Column(
            N_("P-code"), "pcode", "string", "#loc+code", N_("its own P-code, at its admin level"), lambda p: p.pcode
        ),
        Column(
            N_("Admin level"),
            "admin_level",
            "integer",
            "#loc+adm_level",
            N_("0 a country, 1 its first subdivision, ..."),
            lambda p: p.admin_level,
        ),
        *_joins(view, lambda p: p.id),
        Column(N_("Latitude"), "lat", "number", "#geo+lat", N_("WGS 84"), coord("lat")),
        Column(N_("Longitude"), "lon", "number", "#geo+lon", N_("WGS 84"), coord("lon")),
        Column(
            N_("Coordinates precision"),
            "coordinates_precision",
            "string",
            "#geo+precision",
            N_("exact, settlement, area or unknown"),
            lambda p: p.coordinates.precision.value if p.coordinates else None,
        ),
        Column(
            N_("Coordinates source"),
            "coordinates_source",
            "string",
            "#geo+source",
            "",
            lambda p: p.coordinates.source if p.coordinates else None,
        ),
        Column(N_("Description"), "description", "string", "#description", "", lambda p: p.description),
        *_evidence(view),
    ]


def source_columns(view) -> list[Column]:
    return [
        Column(N_("Source id"), "id", "string", "#meta+id+source", "", lambda s: s.id),
        Column(
            N_("Source"),
            "name",
            "string",
            "#meta+source",
            N_("its name, or its label for an anonymous source"),
            lambda s: display_name(s),
        ),
        Column(
            N_("Anonymous"), "anonymous", "boolean", "#meta+anonymous", "", lambda s: isinstance(s, AnonymousSource)
        ),
        Column(
            N_("Protected"),
            "protected",
            "boolean",
            "#meta+protected",
            N_("identity withheld to protect the source"),
            lambda s: getattr(s, "protected", False),
        ),
        Column(N_("Why not named"), "reason", "string", "#meta+reason", "", lambda s: getattr(s, "reason", None)),
        Column(
            N_("Kind"), "kind", "string", "#meta+source+type", "", lambda s: kind_label("source-kinds", s.kind.value)
        ),
        Column(
            N_("Affiliation"),
            "affiliation",
            "string",
            "#meta+id+source+affiliation",
            N_("the id of the source it belongs to"),
            lambda s: getattr(s, "affiliation", None),
        ),
        Column(N_("Description"), "description", "string", "#description", "", lambda s: s.description),
        *_evidence(view),
    ]


def actor_columns(view) -> list[Column]:
    return [
        Column(N_("Actor id"), "id", "string", "#meta+id+actor", "", lambda a: a.id),
        Column(N_("Name"), "name", "string", "#org+name", "", lambda a: a.name),
        Column(
            N_("Also called"),
            "aliases",
            "string",
            "#org+name+alt",
            N_("other names, separated by '; '"),
            lambda a: "; ".join(a.aliases) or None,
        ),
        Column(N_("Kind"), "kind", "string", "#org+type", "", lambda a: kind_label("actor-kinds", a.kind.value)),
        Column(N_("Description"), "description", "string", "#description", "", lambda a: a.description),
        *_evidence(view),
    ]


def statement_columns(view) -> list[Column]:
    return [
        Column(N_("Statement id"), "id", "string", "#meta+id+statement", "", lambda s: s.id),
        *_source(view, "speaker", N_("Speaker"), N_("Speaker id")),
        Column(N_("Kind"), "kind", "string", "#meta+type", "", lambda s: kind_label("statement-kinds", s.kind.value)),
        Column(
            N_("Mode"),
            "mode",
            "string",
            "#meta+mode",
            N_("verbatim (the speaker's words) or paraphrase"),
            lambda s: s.mode.value,
        ),
        Column(
            N_("Text"),
            "text",
            "string",
            "#description+statement",
            f"what was said; a verbatim statement is a {EXCERPT}",
            lambda s: s.text,
            telling=_excerpt(N_("what was said; a verbatim statement is a %(excerpt)s")),
        ),
        Column(
            N_("About"),
            "about",
            "string",
            "#meta+id+actor+about",
            N_("ids of the actors it is about"),
            lambda s: " ".join(s.about) or None,
        ),
        *_when_columns("stated", "when", N_("When"), lambda s: s.when, view.published),
        *_evidence(view),
    ]


def impact_columns(view) -> list[Column]:
    return [
        Column(N_("Impact id"), "id", "string", "#meta+id+impact", "", lambda i: i.id),
        Column(N_("Kind"), "kind", "string", "#impact+type", "", lambda i: kind_label("impact-kinds", i.kind.value)),
        Column(N_("Subject"), "subject", "string", "#impact+subject", "", lambda i: i.subject),
        Column(N_("Description"), "description", "string", "#description", "", lambda i: i.description),
        *_place(view),
        Column(
            N_("Figure id"), "figure", "string", "#meta+id+figure", N_("the figure that counts it"), lambda i: i.figure
        ),
        *_source(view),
        *_evidence(view),
    ]


def media_columns(view) -> list[Column]:
    return [
        Column(N_("Photo id"), "id", "string", "#meta+id+photo", "", lambda m: m.id),
        Column(
            N_("Caption"),
            "caption",
            "string",
            "#description+caption",
            f"as published ({EXCERPT})",
            lambda m: m.caption,
            telling=_excerpt(N_("as published (%(excerpt)s)")),
        ),
        Column(N_("Photographer"), "photographer", "string", "#contact+name", "", lambda m: m.photographer),
        Column(N_("Agency"), "agency", "string", "#org+name", "", lambda m: m.agency),
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
    "figures": N_("Figures: each number (or its absence) as one source gave it"),
    "events": N_("Events: the timeline"),
    "places": N_("Places"),
    "sources": N_("Sources"),
    "actors": N_("Actors"),
    "statements": N_("Statements: who said what"),
    "impacts": N_("Impacts"),
    "media": N_("Photo captions and credits (the images are not reproduced)"),
    "current": N_("Current values: one row per place and group, a column per measure (the latest; never a sum)"),
    "changes": N_("Changes since the previous edition: each fact's field, what it was and what it is now"),
}


# --------------------------------------------------------------------------- tables and files


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]  # typed values, one list per row
    # The language of its human header row, title and descriptions: the HXL row and the rows are the same in every one.
    words: Words = ENGLISH
    shown_title: str | None = None  # its title in that language, where it is not ``title`` translated

    def heading(self) -> str:
        return self.shown_title if self.shown_title is not None else self.words.gettext(self.title)

    def csv(self) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
        writer.writerow([c.header(self.words) for c in self.columns])
        writer.writerow([c.hxl for c in self.columns])
        for row in self.rows:
            writer.writerow([cell(v, c.type) for v, c in zip(row, self.columns, strict=True)])
        return buf.getvalue().encode("utf-8")

    def records(self) -> list[dict[str, Any]]:
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def resource(self, path: str, kind: str | None = None) -> dict[str, Any]:
        """Its Data Package resource; ``kind`` (default its name) says which keys it has (:data:`KEYS`)."""
        words = self.words
        resource = {
            "name": self.name,
            "title": self.heading(),
            "path": path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"header": True, "headerRows": [1], "commentRows": [2], "lineTerminator": "\r\n"},
            "schema": {
                "fields": [
                    {"name": head, "title": head, "type": c.type, "description": c.about(words), "hxl": c.hxl}
                    for c in self.columns
                    for head in (c.header(words),)
                ]
            },
        }
        primary, foreign = KEYS.get(kind or self.name, ((), ()))
        names = {c.name for c in self.columns}
        schema = resource["schema"]
        assert isinstance(schema, dict)
        if primary:
            schema["primaryKey"] = [words.gettext(p) for p in primary]
        fks = [
            {
                "fields": [words.gettext(field)],
                "reference": {
                    "resource": "" if target == (kind or self.name) else target,
                    "fields": [words.gettext(ref)],
                },
            }
            for field, target, ref in foreign
            if field in names
        ]
        if fks:
            schema["foreignKeys"] = fks
        return resource


# Each table's primary key, and its references to the others (field, resource, field): figures to
# places and sources, a part to its total, a place to the place it lies in. Frictionless checks them.
# The fields by their English names (every one a message: a language's package names them in its words).
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
        Column(N_("Report id"), "report", "string", "#meta+id+report", N_("the report's id"), lambda _: report_id),
        Column(N_("Edition"), "edition", "integer", "#meta+edition", N_("the edition's number"), lambda _: number),
    ]


def table(view, section: str, items=None) -> Table:
    items = getattr(view.report, section) if items is None else items
    columns = where_columns(view) + (figure_columns(view, items) if section == "figures" else COLUMNS[section](view))
    return Table(section, TITLES[section], columns, [[value_of(c, i) for c in columns] for i in items], view.words)


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
        chart = view.charts[role].title
        said = view.words.gettext(N_("Data of the chart: %(chart)s")) % {"chart": chart}
        out[role] = Table(f"chart-{role}", f"Data of the chart: {chart}", t.columns, t.rows, view.words, said)
    return out


# What each download that is not a table holds (the report page's list and the Data page).
DESCRIBED = {
    "edition.json": N_("the whole edition as one JSON document"),
    "datapackage.json": N_("Frictionless Data Package: every file's columns, types and HXL hashtags, and the licence"),
    "places.geojson": N_("places with coordinates, as GeoJSON (RFC 7946)"),
    "cite.bib": N_("how to cite this edition, as BibTeX"),
    "cite.csl.json": N_("how to cite this edition, as CSL-JSON"),
}


def describe(name: str, words: Words = ENGLISH) -> str:
    """What a download holds, in a few words (the report page's list), in the language of ``words``."""
    stem = name.rsplit(".", 1)[0]
    if name in DESCRIBED:
        return words.gettext(DESCRIBED[name])
    if stem.startswith("chart-"):
        return words.gettext(N_("the figures one chart draws"))
    return words.gettext(TITLES[stem]) if stem in TITLES else stem


def chart_csv_name(role: str) -> str:
    return f"chart-{role}.csv"


def dumps(data: Any) -> bytes:
    """JSON as every download writes it: UTF-8, stable key order, one trailing newline."""
    return (jsontext.indented(data) + "\n").encode("utf-8")  # json.dumps(indent=1)'s text


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
    return "".join(f" {c.text(view.words)}" for c in view.later_corrections())


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


def coverage(view, language: str = "") -> Coverage:
    """``language``: another language of the site than the first, the countries named in it (CLDR's
    names, through Babel); by default ISO 3166's English names."""
    codes = sorted({c for p in view.report.places if (c := country_code(view.places, p.id))})
    countries = [(c, _country_name(c, language)) for c in codes]
    moments = [f.as_of for f in view.report.figures] + [e.when for e in view.report.events]
    days = sorted(d for w in moments if w is not None and (d := analysis.resolved_date(w, view.published)))
    return Coverage(countries, days[0].isoformat() if days else None, days[-1].isoformat() if days else None)


def _country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    english = getattr(country, "name", code)
    if not language or country is None:
        return english
    return Locale.parse(language.replace("-", "_")).territories.get(country.alpha_2, english)


def keywords(view) -> list[str]:
    """The package's and the Dataset's keywords: what it is, and what its figures count."""
    measures = sorted({view.registry[f.metric].label for f in view.report.figures})
    words = view.words
    return [words.gettext(N_("situation report")), words.gettext(N_("humanitarian")), "HXL", *measures]


def datapackage(view, settings: Settings, tables: dict[str, Table], charts: dict[str, Table]) -> dict[str, Any]:
    words = view.words
    # Its title and description in the page's words: the report's title and lead as the page gives them.
    shown = view.page or view
    meta = view.report.meta
    named = "" if shown.language in ("", settings.language.code) else shown.language  # the countries' names
    cover = coverage(view, named)
    edition = view.edition
    resources = [t.resource(f"{name}.csv") for name, t in tables.items()]
    resources += [t.resource(chart_csv_name(role), "chart") for role, t in charts.items()]
    resources.append(
        {
            "name": "places-geojson",
            "title": words.gettext(N_("Places as GeoJSON (RFC 7946)")),
            "path": "places.geojson",
            "format": "geojson",
            "mediatype": "application/geo+json",
            "encoding": "utf-8",
        }
    )
    resources.append(
        {
            "name": "edition",
            "title": words.gettext(N_("The whole edition as one JSON document")),
            "path": "edition.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
    )
    package: dict[str, Any] = {
        "name": f"{meta.id}-edition-{edition.number}",
        "title": words.gettext(N_("%(report)s, edition %(n)s"))
        % {"report": shown.report.meta.title, "n": edition.number},
        "description": f"{shown.lead()}{_corrected(shown)} "
        + words.gettext(
            N_(
                "Each CSV has a header row and a row of HXL hashtags (a comment row). Evidence quotes, verbatim "
                "statements and photo captions are %(excerpt)s; the source articles themselves are not included. "
                "A text cell starting with = + - @ ' a tab or a carriage return has one ' put before it, against "
                "spreadsheet formula injection."
            )
        )
        % {"excerpt": words.gettext(EXCERPT)},
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
