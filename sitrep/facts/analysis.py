"""The analyse stage: what a report says beyond its single facts: resolved dates, discrepancies, sums.

Pure functions of the typed model. The validator turns their findings into
errors; the renderer shows the same findings on the page, so what is checked and
what is shown can never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.facts.measures import plain_number
from sitrep.facts.model import SECTIONS, WEEKDAYS, Figure, Qualifier, Report, When


def resolve_weekday(weekday: str, published: dt.date, forward: bool = False) -> dt.date:
    """The latest ``weekday`` on or before ``published``: how a news article means "on Thursday".

    A deadline ("by Saturday") looks ahead instead: the first such day on or after it.
    """
    if forward:
        return published + dt.timedelta(days=(WEEKDAYS.index(weekday) - published.weekday()) % 7)
    back = (published.weekday() - WEEKDAYS.index(weekday)) % 7
    return published - dt.timedelta(days=back)


def resolved_date(when: When, published: dt.date) -> dt.date | None:
    if when.date is not None:
        return when.date
    if when.weekday is not None:
        return resolve_weekday(when.weekday, published, when.deadline)
    return None


# Where a part of the day falls among times of day, in minutes after midnight: its middle
# ("since Friday morning" is among Friday's times, not before or after all of them).
PART_MINUTES = {"early morning": 4 * 60 + 30, "morning": 9 * 60, "afternoon": 15 * 60, "evening": 19 * 60 + 30}
PART_MINUTES["night"] = 22 * 60 + 30


def sort_key(when: When, published: dt.date) -> tuple[dt.date, int, str]:
    """Order for the timeline and histories: (day, minutes into the day, moment in UTC).

    A day without a time or part of it comes first among that day's entries (-1); a time of
    day counts in its own zone's day, at its minute; a part of the day at its middle. A month
    is placed at its first day. "Before 3 March" is known only to precede 3 March: it comes
    last before that day's entries (-2), after the days before it. "As of the article" is the
    article's own day (``published``, when the seed's date has not been resolved into it).
    """
    day = resolved_date(when, published)
    minutes = -1
    if day is None and when.article:
        day = published
    if day is None and when.month:
        year, month = map(int, when.month.split("-"))
        day = dt.date(year, month, 1)
    if day is None and when.before:
        day, minutes = when.before, -2
    if when.time is not None:
        hours, mins = map(int, when.time.split(":"))
        minutes = hours * 60 + mins
    elif when.part_of_day is not None:
        minutes = PART_MINUTES[when.part_of_day.value]
    instant = when.model_copy(update={"date": day}).instant if day and when.time else None
    return (day or dt.date.min, minutes, instant.isoformat() if instant else "")


# --------------------------------------------------------------------------- figures


def bounds(f: Figure) -> tuple[float, float]:
    """The interval of values a figure allows (unquantified: nothing known)."""
    q = f.qualifier
    v = math.nan if f.value is None else f.value  # the model gives every qualifier but range and unquantified a value
    if q is Qualifier.exact:
        return (v, v)
    if q is Qualifier.at_least:
        return (v, math.inf)
    if q is Qualifier.more_than:
        return (v + 1 if isinstance(v, int) else v, math.inf)
    if q is Qualifier.up_to:
        return (min(0, v), v)
    if q is Qualifier.about:
        return (min(v * 0.9, v * 1.1), max(v * 0.9, v * 1.1))
    if q is Qualifier.range and f.low is not None and f.high is not None:
        return (f.low, f.high)
    return (0, math.inf)


def same_figure_key(f: Figure) -> tuple:
    """Figures with equal keys claim to be the same number from the same source at the same time."""
    return (f.metric, f.group, f.place, f.source, f.as_of, f.period, f.part_of, f.planned, f.duration)


@dataclass(frozen=True)
class Discrepancy:
    figures: tuple[Figure, ...]  # two or more, ordered by value
    note: str | None  # the editor's acknowledgement, if any

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.figures)


def discrepancies(report: Report) -> list[Discrepancy]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for f in report.figures:
        if f.qualifier is not Qualifier.unquantified:
            groups[same_figure_key(f)].append(f)
    notes = {frozenset(d.figures): d.note for d in report.meta.discrepancies}
    out = []
    for figs in groups.values():
        if len({bounds(f) for f in figs}) > 1:
            figs = sorted(figs, key=lambda f: (bounds(f), f.id))
            ids = frozenset(f.id for f in figs)
            note = next((n for k, n in notes.items() if k <= ids), None)
            out.append(Discrepancy(tuple(figs), note))
    return sorted(out, key=lambda d: d.figures[0].id)


@dataclass(frozen=True)
class Breakdown:
    total: Figure
    parts: tuple[tuple[Figure, ...], ...]  # one tuple per part; more than one figure = a discrepancy
    low: float  # the least the parts add up to
    high: float  # the most they add up to (inf when a part is open-ended)
    problem: str | None  # why the parts and the total disagree, if they do

    @property
    def dimensions(self) -> tuple[str, ...]:
        """What tells the parts apart from the total: ("group",), ("place",) or both."""
        figs = [f for p in self.parts for f in p]
        out = tuple(d for d in ("place", "group") if any(getattr(f, d) != getattr(self.total, d) for f in figs))
        return out or ("group",)

    @property
    def summary(self) -> str:
        """What the parts add up to: "1,018", or "1,018 to 1,023" when a part has two values."""

        def fmt(x: float) -> str:
            return "no upper bound" if math.isinf(x) else plain_number(x)

        return fmt(self.low) if self.low == self.high else f"{fmt(self.low)} to {fmt(self.high)}"


def breakdowns(report: Report, additive: Callable[[str], bool] = lambda measure: True) -> list[Breakdown]:
    """Totals and their parts; the sums are checked only for measures whose parts add up."""
    children: dict[str, list[Figure]] = defaultdict(list)
    for f in report.figures:
        if f.part_of:
            children[f.part_of].append(f)
    by_id = {f.id: f for f in report.figures}
    out = []
    for total_id, kids in sorted(children.items()):
        total = by_id.get(total_id)
        if total is None:
            continue
        grouped: dict[tuple, list[Figure]] = defaultdict(list)
        for k in kids:
            grouped[same_figure_key(k)].append(k)
        parts = tuple(tuple(sorted(g, key=lambda f: (bounds(f), f.id))) for g in grouped.values())
        low = sum(min(bounds(f)[0] for f in p) for p in parts)
        high = sum(max(bounds(f)[1] for f in p) for p in parts)
        problem = _problem(total, parts, low, high, additive(total.metric))
        out.append(Breakdown(total, parts, low, high, problem))
    return out


def _problem(
    total: Figure, parts: tuple[tuple[Figure, ...], ...], low: float, high: float, additive: bool = True
) -> str | None:
    metrics = {f.metric for p in parts for f in p}
    if metrics != {total.metric}:
        return f"parts count {', '.join(sorted(metrics))}, the total counts {total.metric}"
    if any(f.qualifier is Qualifier.unquantified for p in parts for f in p):
        return "an unquantified figure cannot be a part of a total"
    if total.qualifier is Qualifier.unquantified or not additive:
        return None
    t_low, t_high = bounds(total)
    if low > t_high:
        return f"the parts add up to at least {plain_number(low)}, more than the total allows ({_says(total)})"
    if total.breakdown_complete and high < t_low:
        return (
            f"the parts are complete but add up to at most {plain_number(high)}, less than the total ({_says(total)})"
        )
    return None


def _says(f: Figure) -> str:
    if f.qualifier is Qualifier.range:
        return f"{plain_number(f.low or 0)}-{plain_number(f.high or 0)}"  # the model gives a range both
    if f.qualifier is Qualifier.exact:
        return plain_number(f.value or 0)
    return f"{f.qualifier.value} {plain_number(f.value or 0)}"


# --------------------------------------------------------------------------- figure history


@dataclass(frozen=True)
class Series:
    """Successive values of one figure (same metric, group and place), across sources and editions."""

    metric: str
    group: str
    place: str | None
    figures: tuple[Figure, ...]  # ordered by as-of, undated ("before") values first where they belong


def history(report: Report, published: dt.date) -> list[Series]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for f in report.figures:
        if f.part_of is None and not f.planned:  # plans are kept apart from what was achieved
            groups[(f.metric, f.group, f.place)].append(f)
    out = []
    for (metric, group, place), figs in groups.items():
        if len(figs) < 2:
            continue
        figs = sorted(figs, key=lambda f: (sort_key(f.as_of, published), f.since, f.id))
        out.append(Series(metric, group, place, tuple(figs)))
    return sorted(out, key=lambda s: (s.metric, s.group, s.place or ""))


def resolve_dates(report: Report, published_of: dict[str, dt.date]) -> Report:
    """Give every weekday-only date its calendar date, against the fact's own seed.

    Done once after validation, so pages, sorting, history and diffs all read
    ``when.date`` and can never resolve "Thursday" against the wrong article.
    """

    def fix(item):
        update = {}
        for name in ("as_of", "when", "due"):
            w = getattr(item, name, None)
            if isinstance(w, When) and w.weekday and w.date is None and item.evidence.seed in published_of:
                update[name] = w.model_copy(
                    update={"date": resolve_weekday(w.weekday, published_of[item.evidence.seed], w.deadline)}
                )
            elif isinstance(w, When) and w.article and w.date is None and item.evidence.seed in published_of:
                update[name] = w.model_copy(update={"date": published_of[item.evidence.seed]})  # as of the article
        return item.model_copy(update=update) if update else item

    return report.model_copy(update={s: tuple(fix(i) for i in getattr(report, s)) for s in SECTIONS})
