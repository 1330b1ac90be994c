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
from sitrep.facts.measures import Registry, builtin, plain_number
from sitrep.facts.model import (
    ANONYMOUS,
    LIFECYCLE,
    REFERENCES,
    SECTIONS,
    SINGULAR,
    Figure,
    Report,
    canonical_order,
    display_name,
)
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
    """Resolve ids to what a reader calls them: a figure by its label or measure, a source, place or
    party by its name; never the id itself where a name exists."""

    def __init__(
        self, *reports: Report | None, full: bool = False, registry: Registry | None = None, anonymous: str = ANONYMOUS
    ) -> None:
        self.full = full  # a page lists every word; a terminal line is cut at 70 characters
        self.registry = registry or builtin()
        self.names: dict[str, dict[str, str]] = {s: {} for s in SECTIONS}
        self.figures: dict[str, Figure] = {}
        for r in reversed([r for r in reports if r is not None]):  # the first report's names win
            self.names["sources"].update({s.id: display_name(s, anonymous) for s in r.sources})
            self.names["places"].update({p.id: p.name for p in r.places})
            self.names["actors"].update({a.id: a.name for a in r.actors})
            self.figures.update({f.id: f for f in r.figures})
        self.sources = self.names["sources"]
        self.places = self.names["places"]
        for f in self.figures.values():
            self.names["figures"][f.id] = self.figure(f)

    def metric(self, metric: str) -> str:
        m = self.registry.get(metric)
        return m.title if m is not None else label(metric)

    def figure(self, f: Figure) -> str:
        """What a figure counts, in words (its label, or its measure and group), without an id."""
        if f.label:
            return f.label
        title = self.metric(f.metric)
        return title if f.group == "all" else f"{title}, {label(f.group)}"

    def value(self, f: Figure) -> str:
        try:
            return value(f, self.registry)
        except KeyError:  # a measure the registry does not know (another revision's): the number alone
            return f.words or plain_number(f.value if f.value is not None else 0)

    def ref(self, section: str, ref: Any) -> Any:
        """A referenced id (or list of them) as the name of what it refers to, when there is one."""
        if isinstance(ref, list):
            return [self.ref(section, r) for r in ref]
        if isinstance(ref, str):
            return self.names.get(section, {}).get(ref, ref)
        return ref

    def field(self, section: str, key: str, v: Any) -> Any:
        """A field's value as a reader says it: references by name, the measure by its title, groups in words."""
        top = key.split(".")[0]
        target = REFERENCES.get(section, {}).get(top)
        if target is not None and key == top:
            return self.ref(target, v)
        if section == "figures" and key == "metric" and isinstance(v, str):
            return self.metric(v)
        if section == "figures" and key == "group" and isinstance(v, str):
            return label(v)
        return v

    def title(self, section: str, item: Any) -> str:
        if isinstance(item, Figure):
            name = self.figure(item)
            place = self.places.get(item.place, label(item.place)) if item.place else ""
            # "Food delivered to Vell", not "Food delivered to Vell, Vell"
            where = f", {place}" if place and place.casefold() not in name.casefold() else ""
            return f"{name}{where} ({self.sources.get(item.source, label(item.source))})"
        if section == "sources":
            return self.sources.get(item.id, label(item.id))
        for attr in ("name", "subject", "what", "caption", "text"):
            text = getattr(item, attr, None)
            if text:
                short = text if len(text) <= 70 or self.full else text[:67] + "..."
                if section == "statements":
                    return f"{self.sources.get(item.speaker, label(item.speaker))}: {short}"
                return short
        return SINGULAR.get(section, "fact")


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


def field_diffs(
    old: BaseModel, new: BaseModel, ignore: tuple[str, ...] = (), names: Names | None = None, section: str = ""
) -> list[tuple[str, Any, Any]]:
    """(field, was, now) of each field that differs, dotted for nested ones, in the fact's field order;
    with ``names``, ids of referenced facts given as their names."""
    a = _flat(old.model_dump(mode="json", exclude=set(ignore)))
    b = _flat(new.model_dump(mode="json", exclude=set(ignore)))
    if names is not None:
        a = {k: names.field(section, k, v) for k, v in a.items()}
        b = {k: names.field(section, k, v) for k, v in b.items()}
    order = canonical_order(type(new))
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(set(a) | set(b), key=lambda k: (rank.get(k.split(".")[0], len(order)), k))
    return [(key, a.get(key), b.get(key)) for key in keys if a.get(key) != b.get(key)]


def field_changes(
    old: BaseModel,
    new: BaseModel,
    ignore: tuple[str, ...] = (),
    full: bool = False,
    names: Names | None = None,
    section: str = "",
) -> tuple[str, ...]:
    """Each differing field: ``key: old -> new``, ids of referenced facts given as their names."""
    diffs = field_diffs(old, new, ignore, names, section)
    return tuple(f"{key}: {_show(was, full)} -> {_show(now, full)}" for key, was, now in diffs)


def _later(new: Figure, old: Figure) -> bool:
    return sort_key(new.as_of, dt.date.max) > sort_key(old.as_of, dt.date.max)


def _series(f: Figure) -> tuple:
    return (f.metric, f.group, f.place, f.source)


def compare(
    old: Report | None,
    new: Report | None,
    lifecycle: bool = True,
    edition: int | None = None,
    full: bool = False,
    registry: Registry | None = None,
) -> list[Change]:
    """The changes from ``old`` to ``new``.

    ``lifecycle=False`` compares what readers see (editions); ``edition`` then marks
    corrections carried by that edition as such. ``full`` keeps long texts whole.
    ``registry``: name figures by their measure's label.
    """
    names = Names(new, old, full=full, registry=registry)
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
                    shown = f"{names.value(prev)} -> {names.value(item)}"
                    out.append(Change("revised", section, key, title, (shown,)))
                else:
                    what = (names.value(item),) if isinstance(item, Figure) else ()
                    out.append(Change("added", section, key, title, what))
                continue
            details = field_changes(before[key], item, ignore, full, names, section)
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
