"""What changed between two states of a report, in plain words per fact.

One engine serves the "what changed since the previous edition" box of every
edition page and ``build.py diff`` between two git revisions or two editions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from sitrep.facts.analysis import sort_key
from sitrep.facts.model import LIFECYCLE, SECTIONS, SINGULAR, Figure, Report, canonical_order, display_name
from sitrep.outputs.filters import label, value

Kind = Literal["added", "removed", "changed", "revised", "corrected"]
ORDER: dict[str, int] = {"revised": 0, "corrected": 1, "changed": 2, "added": 3, "removed": 4}


@dataclass(frozen=True)
class Change:
    kind: Kind
    section: str
    id: str
    title: str  # the fact named in words, ids resolved
    details: tuple[str, ...] = ()

    def text(self) -> str:
        head = f"{self.kind} {SINGULAR[self.section]} {self.title}"
        return head + (": " + "; ".join(self.details) if self.details else "")


class Names:
    """Resolve ids to what a reader calls them."""

    def __init__(self, *reports: Report | None, full: bool = False) -> None:
        self.full = full  # a page lists every word; a terminal line is cut at 70 characters
        self.sources: dict[str, str] = {}
        self.places: dict[str, str] = {}
        for r in reports:
            if r is None:
                continue
            self.sources.update({s.id: display_name(s) for s in r.sources})
            self.places.update({p.id: p.name for p in r.places})

    def title(self, section: str, item: Any) -> str:
        if isinstance(item, Figure):
            where = f", {self.places.get(item.place, item.place)}" if item.place else ""
            return f"{item.metric} / {label(item.group)}{where} ({self.sources.get(item.source, item.source)})"
        if section == "sources":
            return self.sources.get(item.id, item.id)
        for attr in ("name", "subject", "what", "caption", "text"):
            text = getattr(item, attr, None)
            if text:
                short = text if len(text) <= 70 or self.full else text[:67] + "..."
                if section == "statements":
                    return f"{self.sources.get(item.speaker, item.speaker)}: {short}"
                return short
        return item.id


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else k))
        return out
    return {prefix: data}


def _show(v: Any, full: bool = False) -> str:
    if isinstance(v, str):
        return f'"{v}"' if len(v) <= 120 or full else f'"{v[:117]}..."'
    if isinstance(v, list):
        return "[" + ", ".join(_show(x, full) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_show(x, full)}" for k, x in v.items()) + "}"
    return "none" if v is None else str(v)


def field_diffs(old: BaseModel, new: BaseModel, ignore: tuple[str, ...] = ()) -> list[tuple[str, Any, Any]]:
    """(field, was, now) of each field that differs, dotted for nested ones, in the fact's field order."""
    a = _flat(old.model_dump(mode="json", exclude=set(ignore)))
    b = _flat(new.model_dump(mode="json", exclude=set(ignore)))
    order = canonical_order(type(new))
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(set(a) | set(b), key=lambda k: (rank.get(k.split(".")[0], len(order)), k))
    return [(key, a.get(key), b.get(key)) for key in keys if a.get(key) != b.get(key)]


def field_changes(old: BaseModel, new: BaseModel, ignore: tuple[str, ...] = (), full: bool = False) -> tuple[str, ...]:
    return tuple(f"{key}: {_show(was, full)} -> {_show(now, full)}" for key, was, now in field_diffs(old, new, ignore))


def _later(new: Figure, old: Figure) -> bool:
    return sort_key(new.as_of, dt.date.max) > sort_key(old.as_of, dt.date.max)


def _series(f: Figure) -> tuple:
    return (f.metric, f.group, f.place, f.source)


def compare(
    old: Report | None, new: Report | None, lifecycle: bool = True, edition: int | None = None, full: bool = False
) -> list[Change]:
    """The changes from ``old`` to ``new``.

    ``lifecycle=False`` compares what readers see (editions); ``edition`` then marks
    corrections carried by that edition as such. ``full`` keeps long texts whole.
    """
    names = Names(new, old, full=full)
    ignore = () if lifecycle else LIFECYCLE
    out: list[Change] = []
    for section in SECTIONS:
        before = {i.id: i for i in getattr(old, section, ())} if old else {}
        after = {i.id: i for i in getattr(new, section, ())} if new else {}
        old_series: dict[tuple, Figure] = {}
        for f in before.values():  # the latest value of each series
            if isinstance(f, Figure) and (_series(f) not in old_series or _later(f, old_series[_series(f)])):
                old_series[_series(f)] = f
        for key, item in after.items():
            title = names.title(section, item)
            if key not in before:
                # A new figure in a series the old state had (same metric, group, place and
                # source) revises it, even when the old value stays on record.
                prev = old_series.get(_series(item)) if isinstance(item, Figure) else None
                if prev is not None and _later(item, prev):
                    out.append(Change("revised", section, key, title, (f"{value(prev)} -> {value(item)}",)))
                else:
                    what = (value(item),) if isinstance(item, Figure) else ()
                    out.append(Change("added", section, key, title, what))
                continue
            details = field_changes(before[key], item, ignore, full)
            if not details:
                continue
            carried = [c for c in item.corrections if edition is not None and c.edition == edition]
            if carried:
                notes = tuple(f"why: {c.note}" for c in carried)
                out.append(Change("corrected", section, key, title, details + notes))
            else:
                out.append(Change("changed", section, key, title, details))
        for key, item in before.items():
            if key not in after:
                out.append(Change("removed", section, key, names.title(section, item)))
    if old and new:
        out += _meta_changes(old, new, full)
    return sorted(
        out, key=lambda c: (ORDER[c.kind], list(SECTIONS).index(c.section) if c.section in SECTIONS else 99, c.id)
    )


def _meta_changes(old: Report, new: Report, full: bool = False) -> list[Change]:
    out = []
    details = field_changes(old.meta, new.meta, ("editions",), full)
    if details:
        out.append(Change("changed", "reports", new.meta.id, new.meta.title, details))
    before = {e.number: e for e in old.meta.editions}
    for e in new.meta.editions:
        if e.number not in before:
            out.append(Change("added", "editions", str(e.number), f"{e.number}: {e.headline}"))
        else:
            d = field_changes(before[e.number], e, full=full)
            if d:
                out.append(Change("changed", "editions", str(e.number), f"{e.number}: {e.headline}", d))
    return out
