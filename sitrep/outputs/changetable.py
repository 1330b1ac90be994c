"""An edition's ``changes.csv`` (issue 27): what changed since the previous edition, one row per
field, the same changes the page's "What changed" list shows, as data: fact id, field, what it
was and what it is now, and the kind (added, revised, changed, corrected, removed), with a
correction's reason. Edition 1 has nothing before it: its file has the header rows only."""

from __future__ import annotations

import json
from typing import Any

from sitrep.facts import editions
from sitrep.facts.model import LIFECYCLE, SECTIONS, Figure
from sitrep.outputs.dataout import TITLES, Column, Table, value_of, where_columns
from sitrep.outputs.filters import value
from sitrep.outputs.words import N_
from sitrep.review.changes import field_diffs

COLUMNS = [
    Column(N_("Kind"), "kind", "string", "#meta+change", N_("added, revised, changed, corrected or removed"), None),
    Column(N_("Section"), "section", "string", "#meta+section", N_("figures, events, places, ... (its CSV)"), None),
    Column(N_("Fact id"), "id", "string", "#meta+id", N_("the fact's id in its CSV"), None),
    Column(N_("Fact"), "title", "string", "#meta+fact", N_("the fact in words"), None),
    Column(
        N_("Field"), "field", "string", "#meta+field", N_("the field, dotted when nested; empty for a whole fact"), None
    ),
    Column(N_("Was"), "was", "string", "#meta+was", N_("before this edition (JSON for anything but text)"), None),
    Column(N_("Now"), "now", "string", "#meta+now", N_("in this edition (JSON for anything but text)"), None),
    Column(N_("Why"), "why", "string", "#meta+note", N_("a correction's reason"), None),
]


def _text(v: Any) -> str | None:
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _previous(view):
    earlier = [n for n in view.built if n < view.number and not view.full.meta.editions[n - 1].draft]
    return editions.state_at(view.full, max(earlier)) if earlier else None


def change_rows(view) -> list[list[Any]]:
    old = _previous(view)
    if old is None:
        return []
    rows: list[list[Any]] = []
    for c in view.changes:
        if c.section not in SECTIONS:  # the report's own fields and its editions: not facts
            continue
        before = {i.id: i for i in getattr(old, c.section)}
        after = {i.id: i for i in getattr(view.report, c.section)}
        item = after.get(c.id)
        if c.kind == "added":
            rows.append(
                [c.kind, c.section, c.id, c.title, None, None, value(item) if isinstance(item, Figure) else None, None]
            )
        elif c.kind == "removed":
            rows.append([c.kind, c.section, c.id, c.title, None, None, None, None])
        elif c.kind == "revised":
            was, now = c.details[0].split(" -> ", 1)
            rows.append([c.kind, c.section, c.id, c.title, "value", was, now, None])
        elif item is not None:  # changed or corrected: the fact is in both states
            why = "; ".join(x.note for x in item.corrections if x.edition == view.number) or None
            for field, was, now in field_diffs(before[c.id], item, LIFECYCLE):
                rows.append([c.kind, c.section, c.id, c.title, field, _text(was), _text(now), why])
    return rows


def change_table(view) -> Table:
    where = where_columns(view)
    head = [value_of(c, None) for c in where]
    return Table("changes", TITLES["changes"], where + COLUMNS, [head + r for r in change_rows(view)], view.words)
