"""Key figures: which figures a report leads with, in which order, and how each has changed.

The order is the severity order of the measures registry (``rank`` in measures.yaml: deaths,
missing, injured, displaced, in need, affected, damage, then response, funding and hazard
measures last), so an earthquake report opens with its dead, not its magnitude. A report
may put its own first with ``key_figures:`` in report.yaml (measure ids or figure ids);
the key figures it does not name follow in the severity order. Within one rank an
achievement comes before a plan, a number before words, a total before its parts, then the
fact file's order.

A card's change is read from the facts, never typed: "since edition N" compares its current
value with the value the previous edition this build shows gave for the same measure,
place and group; "earlier" names the latest earlier value the sources gave within the
edition itself (a toll revised from 127 on Monday evening).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.facts import analysis
from sitrep.facts.measures import Registry
from sitrep.facts.model import Figure, Qualifier, Report


def order(report: Report, registry: Registry) -> list[Figure]:
    """The report's key figures, gravest first (the order documented above)."""
    chosen = {name: i for i, name in reversed(list(enumerate(report.meta.key_figures)))}
    named = len(chosen)

    def place(item: tuple[int, Figure]) -> tuple[int, int, bool, bool, bool, int]:
        i, f = item
        own = min(chosen.get(f.id, named), chosen.get(f.metric, named))
        words = f.qualifier is Qualifier.unquantified  # "no official figures": after the numbers
        return (own, registry[f.metric].severity, f.planned, words, f.part_of is not None, i)

    keyed = [(i, f) for i, f in enumerate(report.figures) if f.key]
    return [f for _, f in sorted(keyed, key=place)]


def cell(f: Figure) -> tuple[str, str | None, str, bool]:
    """What a figure counts: its measure, place, group, and whether it is a plan."""
    return (f.metric, f.place, f.group, f.planned)


def number(f: Figure) -> float | int | None:
    """A figure's single number: none for a range, words, or a share ("2 of 5")."""
    if f.qualifier in (Qualifier.range, Qualifier.unquantified) or f.of is not None:
        return None
    return f.value


def _latest(figures: Sequence[Figure], published: dt.date) -> Figure | None:
    numbered = [f for f in figures if number(f) is not None]
    if not numbered:
        return None
    return max(numbered, key=lambda f: (analysis.sort_key(f.as_of, published), f.id))


@dataclass(frozen=True)
class Since:
    """A key figure's change since an earlier edition: "up 87 since edition 1 (was 127)"."""

    edition: int
    was: Figure  # the figure the earlier edition showed for the same measure, place and group
    delta: float | int  # now minus then: never zero


@dataclass(frozen=True)
class Earlier:
    """An earlier value the sources gave within the same edition: "earlier: 127, Monday evening"."""

    figure: Figure


def since(f: Figure, previous: Report | None, number_of_previous: int, published: dt.date) -> Since | None:
    """How ``f`` (a figure the edition shows) changed since ``previous`` (an earlier edition's
    state): None where either side has no single number, or nothing changed."""
    now = number(f)
    if previous is None or now is None:
        return None
    then = _latest([g for g in previous.figures if cell(g) == cell(f)], published)
    if then is None:
        return None
    was = number(then)
    if was is None or was == now:
        return None
    return Since(number_of_previous, then, now - was)


def earlier(f: Figure, report: Report, published: dt.date) -> Earlier | None:
    """The latest value the sources gave before ``f`` within the same edition, if it differs."""
    now = number(f)
    if now is None:
        return None
    mine = analysis.sort_key(f.as_of, published)
    before = [
        g
        for g in report.figures
        if g.id != f.id and cell(g) == cell(f) and analysis.sort_key(g.as_of, published) < mine
    ]
    found = _latest(before, published)
    if found is None or number(found) == now:
        return None
    return Earlier(found)
