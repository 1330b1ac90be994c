"""What an edition's own words may state: only what that edition's facts say.

An edition's headline, summary and overview are free text, written by an editor; the
rest of its page is generated from the facts it shows. So that an edition never states a
figure it did not publish (a later toll, a later appeal), every number written in digits
and every passage in quotation marks in those words must be found in that edition's
facts: in a value, a date, a correction's old value, or any text of a fact it shows
(quotes, descriptions, statements), or the date of an article it cites (the article's
title may be quoted, but its numbers do not count: a headline often states a figure the
edition did not publish yet).

The check is deliberately literal: "86,000" passes only if some fact edition N shows
says 86,000 (or 86 thousand); "$38 million" if one says 38 million or 38000000. Numbers
written in words ("two days") are not checked: they are too often not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sitrep.facts import editions
from sitrep.facts.model import SECTIONS, Report

# A number written in digits, not part of a word or of a longer number: "1,100", "6.8", "38 million".
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w]|[.,]\d)(?:\s*(thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_ISO = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?(?:T\d{2}:\d{2})?")
# A passage in quotation marks: curly or straight double quotes.
_QUOTED = re.compile(r"\u201c([^\u201d]{2,})\u201d|\"([^\"]{2,})\"")


@dataclass(frozen=True)
class Unsupported:
    """A number or quoted passage in an edition's words that none of its facts gives."""

    what: str  # "86,000" or "“individual actions”", as written


def _numbers(text: str) -> Iterator[tuple[str, set[Decimal]]]:
    """Each number in ``text`` as written, with the values it may stand for (38 million: 38 and 38000000)."""
    for m in _NUMBER.finditer(text):
        try:
            d = Decimal(m[1].replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            continue
        values = {d}
        if m[2]:
            values.add(d * _SCALE[m[2].lower()])
        yield m[0], values


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").casefold().split())


def _strings(data: Any) -> Iterator[str | int | float]:
    if isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _strings(v)
    elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
        yield data


@dataclass
class Known:
    """Everything an edition's facts say: their numbers and their text."""

    numbers: set[Decimal]
    texts: list[str]

    def supports_number(self, values: set[Decimal]) -> bool:
        return bool(values & self.numbers)

    def supports_quote(self, passage: str) -> bool:
        wanted = _norm(passage)
        return any(wanted in t for t in self.texts)


def known(report: Report, n: int, seed_metas: dict) -> Known:
    """What edition ``n``'s facts say (as it showed them), and what its articles are called and dated."""
    state = editions.state_at(report, n)
    values: list[str | int | float] = []
    for section in SECTIONS:
        for item in getattr(state, section):
            data = item.model_dump(mode="json")
            data["corrections"] = [c for c in data.get("corrections", []) if c.get("edition", 0) <= n]
            values.extend(_strings(data))
    values.append(editions.edition(report, n).published.isoformat())
    # The articles it cites: their dates (an overview may say where its facts come from); their
    # titles only for quotation (a headline often states a figure the edition did not publish yet).
    titles: list[str] = []
    for seed in editions.cited_seeds(state):
        meta = seed_metas.get(seed)
        if meta is not None:
            values.append(meta.published.isoformat())
            titles.append(_norm(meta.title))
    return _known(values, titles)


def known_of(report: Report, n: int, figure_ids: Iterable[str]) -> Known:
    """What some figures of edition ``n`` say (as it showed them): what a highlight naming them may state."""
    wanted = set(figure_ids)
    values: list[str | int | float] = []
    for f in editions.state_at(report, n).figures:
        if f.id in wanted:
            data = f.model_dump(mode="json")
            data["corrections"] = [c for c in data.get("corrections", []) if c.get("edition", 0) <= n]
            values.extend(_strings(data))
    return _known(values, [])


def _known(values: list[str | int | float], titles: list[str]) -> Known:
    numbers: set[Decimal] = set()
    texts: list[str] = titles
    for v in values:
        if isinstance(v, str):
            texts.append(_norm(v))
            if _ISO.match(v):  # a date or moment: its year, month, day, hour and minute
                numbers.update(Decimal(part) for part in re.findall(r"\d+", v))
                continue
            for _, found in _numbers(v):
                numbers |= found
        else:
            try:
                numbers.add(Decimal(repr(v)) if isinstance(v, float) else Decimal(v))
            except InvalidOperation:  # pragma: no cover - nan or inf never pass the model
                continue
    return Known(numbers, texts)


def unsupported(text: str, facts: Known) -> list[Unsupported]:
    """The numbers and quoted passages of ``text`` that the facts do not give, once each, in order."""
    out: list[Unsupported] = []
    rest = text
    for m in _QUOTED.finditer(text):
        passage = m[1] or m[2]
        if facts.supports_quote(passage):  # a verbatim quotation stands as a whole, numbers and all
            rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
        else:
            out.append(Unsupported(f"\u201c{passage}\u201d"))
    numbers = [Unsupported(written) for written, found in _numbers(rest) if not facts.supports_number(found)]
    return list(dict.fromkeys(numbers + out))


def shown_words(report: Report, n: int) -> Iterable[tuple[int, str, str]]:
    """The editor's words edition ``n`` shows: (edition whose entry holds them, field, text).
    Its own headline and summary, and the overview it shows (its own, or carried on from an earlier one)."""
    e = editions.edition(report, n)
    yield n, "headline", e.headline
    yield n, "summary", e.summary
    for k in range(n, 0, -1):
        earlier = editions.edition(report, k)
        if earlier.overview:
            yield k, "overview", earlier.overview
            break
