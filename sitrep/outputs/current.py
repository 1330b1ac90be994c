"""The current values (issue 27): one row per place and group, one set of columns per measure,
the way HDX key-figure sheets look, so an analyst reads "how many killed in Baniyas now"
without the traps of the long figures table.

The rule (README, "Data out"), for each place, group and measure (a plan apart from an
achievement), among the figures the edition shows:

1. only the figures of that exact place and group count: a row never adds figures up, and a
   part of a larger total is current only in the part's own row;
2. a figure with a number (or a range) beats one with words only ("an unknown number");
3. the latest as-of wins: a day beats an earlier day, and "before 8 March" is earlier than
   8 March; figures with no known day rank first-ever;
4. when the latest figures disagree (a discrepancy, or two sources on the same day), the cell
   gives both values as a range, "745 to 750", never their sum; qualifier, source and figure ids
   name every figure the cell rests on.

So Syria's toll is "more than 1,000" (8 March), not "more than 200" (known only to predate
8 March), and civilians killed are "745 to 750", the Observatory's two counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sitrep.facts import analysis
from sitrep.facts.measures import Registry
from sitrep.facts.model import Figure, Qualifier, display_name
from sitrep.facts.places import admin1, country_code
from sitrep.outputs.dataout import TITLES, Column, Table, number, value_of, where_columns
from sitrep.outputs.words import N_, Words

# The rule, clause by clause, as README and the Data page state it (a test holds the three equal).
RULE = (  # marked for the catalogue (the data page shows them in its language); current.csv's notes are English
    N_(
        "only figures of that exact place and group count (a row never adds figures up, and a part of a larger "
        "total is current only in the part's own row)"
    ),
    N_("a figure with a number beats one with words only"),
    N_('the latest as-of wins ("before 8 March" is earlier than 8 March)'),
    N_(
        'when the latest figures disagree, the cell gives both values as a range, "745 to 750", never their sum, '
        "and names every figure and source it rests on"
    ),
)
RANGE = " to "  # between the low and high end of a range cell: unambiguous next to a minus sign

BASE = [
    Column(N_("Place id"), "place_id", "string", "#meta+id+place", N_("the place's id in places.csv"), None),
    Column(N_("Place"), "place", "string", "#loc+name", "", None),
    Column(
        N_("Country"),
        "country",
        "string",
        "#country+code",
        N_("ISO 3166-1 alpha-3, through the place's hierarchy"),
        None,
    ),
    Column(
        N_("Admin 1 P-code"), "adm1_pcode", "string", "#adm1+code", N_("its first-level subdivision's P-code"), None
    ),
    Column(N_("Admin 1"), "adm1", "string", "#adm1+name", N_("its first-level subdivision"), None),
    Column(N_("Group"), "group", "string", "#group+code", N_("who or what the figures count"), None),
]


@dataclass(frozen=True)
class Current:
    """The figure(s) a cell rests on: one, or the disagreeing figures of the latest day."""

    figures: tuple[Figure, ...]
    published: dt.date

    def value(self) -> int | float | str | None:
        lows: list[int | float] = []
        highs: list[int | float] = []
        for f in self.figures:
            if f.qualifier is Qualifier.range and f.low is not None and f.high is not None:
                lows.append(f.low)
                highs.append(f.high)
            elif f.value is not None:
                lows.append(f.value)
                highs.append(f.value)
        if not lows:
            return None
        low, high = min(lows), max(highs)
        if low == high:
            return number(low)
        return f"{_plain(low)}{RANGE}{_plain(high)}"

    def qualifier(self) -> str:
        return "; ".join(dict.fromkeys(f.qualifier.value for f in self.figures))

    def date(self) -> str | None:
        day = analysis.resolved_date(self.figures[0].as_of, self.published)
        return day.isoformat() if day else None


def _plain(x: float | int | None) -> str:
    n = number(x)
    return format(n, "f") if isinstance(n, float) else str(n)


def _numbered(f: Figure) -> bool:
    return f.value is not None or (f.low is not None and f.high is not None)


def pick(figures: Sequence[Figure], published: dt.date) -> Current | None:
    """The current value among figures of one place, group and measure (the rule above)."""
    candidates = [f for f in figures if _numbered(f)] or list(figures)
    if not candidates:
        return None
    latest = max(analysis.sort_key(f.as_of, published) for f in candidates)
    chosen = [f for f in candidates if analysis.sort_key(f.as_of, published) == latest]
    return Current(tuple(sorted(chosen, key=lambda f: f.id)), published)


def current_values(view) -> tuple[list[Column], list[list[Any]]]:
    """The edition's current values: the columns (the base, then five per measure and plan) and rows."""
    report = view.report
    figures = {f.id: f for f in report.figures}
    cells: dict[tuple[str | None, str], dict[tuple[str, bool], list[Figure]]] = {}
    for f in report.figures:
        total = figures.get(f.part_of) if f.part_of else None
        if total is not None and (total.place, total.group) == (f.place, f.group):
            continue  # a part counted in its total's own row would be counted twice
        cells.setdefault((f.place, f.group), {}).setdefault((f.metric, f.planned), []).append(f)
    measures = _measure_order(view.registry, {k for row in cells.values() for k in row})
    place_order = {p.id: i for i, p in enumerate(report.places)}
    keys = sorted(cells, key=lambda k: (place_order.get(k[0] or "", -1), k[0] or "", k[1]))
    picked = {k: {m: pick(fs, view.published) for m, fs in cells[k].items()} for k in keys}
    columns = list(BASE)
    for metric, planned in measures:
        values = [picked[k].get((metric, planned)) for k in keys]
        ranged = any(isinstance(c.value(), str) for c in values if c is not None)
        columns += _measure_columns(view.registry, metric, planned, ranged)
    rows = []
    for k in keys:
        place = view.places.get(k[0]) if k[0] else None
        adm1 = admin1(view.places, k[0])
        row: list[Any] = [
            k[0],
            place.name if place else None,
            country_code(view.places, k[0]),
            adm1.pcode if adm1 else None,
            adm1.name if adm1 else None,
            k[1],
        ]
        for m in measures:
            c = picked[k].get(m)
            row += _cells(view, c)
        rows.append(row)
    return columns, rows


def _measure_order(registry: Registry, wanted: set[tuple[str, bool]]) -> list[tuple[str, bool]]:
    order = {m: i for i, m in enumerate(registry.measures)}
    return sorted(wanted, key=lambda w: (order.get(w[0], len(order)), w[0], w[1]))


# The headers of a measure's columns, after its title (the registry's words, never translated), by
# the English ending of each: the site's index, which keeps its columns by name, words them again.
PLANNED = (" (planned)", N_("%(measure)s (planned)"))
PARTS = {
    ": qualifier": N_("%(measure)s: qualifier"),
    ": as of": N_("%(measure)s: as of"),
    ": source": N_("%(measure)s: source"),
    ": figure ids": N_("%(measure)s: figure ids"),
}


def heading_of(name: str) -> Callable[[Words], str]:
    """A measure column's header in the language of the words, from its English header ``name``."""
    for ending, message in PARTS.items():
        if name.endswith(ending):
            measure = heading_of(name.removesuffix(ending))
            return lambda words: words.gettext(message) % {"measure": measure(words)}
    if name.endswith(PLANNED[0]):
        title = name.removesuffix(PLANNED[0])
        return lambda words: words.gettext(PLANNED[1]) % {"measure": title}
    return lambda words: name


def _measure_columns(registry: Registry, metric: str, planned: bool, ranged: bool) -> list[Column]:
    m = registry[metric]
    title = m.title + (" (planned)" if planned else "")
    key = metric.replace("-", "_") + ("_planned" if planned else "")
    attr = key  # the measure in each #meta column's attributes: which measure it qualifies

    titled = heading_of(title)
    of = {suffix: heading_of(f"{title}{suffix}") for suffix in PARTS}

    def telling(words: Words) -> str:
        said = words.gettext(N_("%(measure)s, in %(unit)s: the current value")) % {
            "measure": m.label,
            "unit": m.unit_label,
        }
        return said + (words.gettext(N_(' ("low to high" where figures disagree)')) if ranged else "")

    return [
        Column(
            title,
            key,
            "string" if ranged else "number",
            m.tag(planned),
            f"{m.label}, in {m.unit_label}: the current value"
            + (f' ("low{RANGE}high" where figures disagree)' if ranged else ""),
            None,
            heading=titled,
            telling=telling,
        ),
        Column(
            f"{title}: qualifier",
            f"{key}_qualifier",
            "string",
            f"#meta+qualifier+{attr}",
            N_("exact, at least, ..."),
            None,
            heading=of[": qualifier"],
        ),
        Column(
            f"{title}: as of",
            f"{key}_as_of",
            "date",
            f"#date+reported+{attr}",
            N_("the day it is as of"),
            None,
            heading=of[": as of"],
        ),
        Column(
            f"{title}: source",
            f"{key}_source",
            "string",
            f"#meta+source+{attr}",
            N_("who gives it"),
            None,
            heading=of[": source"],
        ),
        Column(
            f"{title}: figure ids",
            f"{key}_figures",
            "string",
            f"#meta+id+figure+{attr}",
            N_("in figures.csv"),
            None,
            heading=of[": figure ids"],
        ),
    ]


def _cells(view, c: Current | None) -> list[Any]:
    if c is None:
        return [None] * 5
    # The sources as the facts write them (a data row is the same in every language of the site).
    sources = "; ".join(dict.fromkeys(display_name(view.sources[f.source]) for f in c.figures))
    return [c.value(), c.qualifier(), c.date(), sources, " ".join(f.id for f in c.figures)]


TITLE_SITE = "The current values of every report's latest edition (one row per report, place and group)"


def current_table(view) -> Table:
    """The edition's ``current.csv``: its current values, each row saying which report and edition."""
    columns, rows = current_values(view)
    where = where_columns(view)
    rows = [[value_of(c, None) for c in where] + r for r in rows]
    return Table("current", TITLES["current"], where + columns, rows, view.words)
