"""Jinja filters, as plain functions registered in one place (:data:`FILTERS`).

Fact text is untrusted: :func:`md` makes any string show literally in Markdown and
HTML, whatever syntax it holds, while keeping ordinary prose readable in the
generated Markdown (only characters that could start markup are escaped).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from .analysis import resolved_date
from .model import SINGULAR, Figure, Qualifier, When

_WS = re.compile(r"\s+")
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line these begin a heading, list, numbered list or admonition ("!!!").
_LEADING = re.compile(r"^(#|[+\-!]|\d+(?=\.))")
# These Python-Markdown cannot backslash-escape; at the start of a line they begin a setext
# heading or tabs ("="), a code fence ("~"), a definition (":") or details ("?"). A
# character reference shows the same character and starts nothing.
_LEADING_REF = "=~:?"


def md(text: object) -> str:
    """Escape text for inline use in Markdown (paragraphs, list items, table cells).

    A value may land at the start of a line (a template line may begin with it), so what
    would begin a block there is escaped too; inside a line, every inline syntax is.
    Tested against the syntax of every extension mkdocs.yml enables (tests/test_injection.py).
    """
    s = _WS.sub(" ", str(text)).strip()  # no newline, no indentation (code), no trailing break
    s = "".join(_HTML.get(c, c) for c in s)
    s = _INLINE.sub(r"\\\1", s)
    if s[:1] and s[0] in _LEADING_REF:
        return f"&#{ord(s[0])};{s[1:]}"
    # "1." is a list only with its dot: escape the dot; "#", "-", "+", "!" themselves.
    return _LEADING.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), s)


def html_attribute(text: object) -> str:
    """Text for an HTML attribute (the page description Material puts in a meta tag)."""
    return html.escape(_WS.sub(" ", str(text)), quote=True)


def num(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}"


def value(f: Figure) -> str:
    """A figure's value as words a reader takes in at once: "more than 1,000"."""
    q = f.qualifier
    if q is Qualifier.unquantified:
        return f"no number: “{f.words}”"
    if q is Qualifier.range:
        return f"{num(f.low)} to {num(f.high)}"
    if q is Qualifier.exact:
        return num(f.value)
    return f"{q.value} {num(f.value)}"


def figure_title(f: Figure) -> str:
    """What a figure counts, in words: its label, or its metric and group."""
    return f.label or f"{f.metric.value}, {label(f.group)}"


def value_short(f: Figure) -> str:
    if f.qualifier is Qualifier.unquantified:
        return "no number"
    return value(f)


def when(w: When | None, published: dt.date | None = None) -> str:
    """A date as precisely as the source gave it, with how it was stated."""
    if w is None:
        return ""
    if w.before is not None:
        text = f"before {w.before.isoformat()}"
    elif w.month is not None:
        text = w.month
    else:
        day = resolved_date(w, published) if published else w.date
        text = f"{day:%a} {day.isoformat()}" if day else (w.weekday or "")
    if w.part_of_day:
        text += f", {w.part_of_day.value}"
    if w.approximate:
        text = f"about {text}"
    return text


def period(p) -> str:
    if p is None:
        return ""
    if p.start == p.end:
        return p.start.isoformat()
    return f"{p.start.isoformat()} to {p.end.isoformat()}"


def datetime(value: dt.datetime) -> str:
    """A publication time with its UTC offset, as the editor gave it."""
    offset = value.strftime("%z")
    zone = "UTC" if offset == "+0000" else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{value:%Y-%m-%d %H:%M} {zone}"


def label(identifier: str) -> str:
    """Turn an id such as ``security-forces`` into words."""
    return identifier.replace("-", " ")


def shorthash(text: str, n: int = 12) -> str:
    return text[:n]


FILTERS = {
    "md": md,
    "html_attribute": html_attribute,
    "num": num,
    "value": value,
    "value_short": value_short,
    "figure_title": figure_title,
    "when": when,
    "label": label,
    "singular": lambda section: SINGULAR.get(section, section),
    "datetime": datetime,
    "period": period,
    "shorthash": shorthash,
}
