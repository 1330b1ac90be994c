"""Jinja filters, as plain functions registered in one place (:data:`FILTERS`).

Fact text is untrusted: :func:`md` makes any string show literally in Markdown and
HTML, whatever syntax it holds, while keeping ordinary prose readable in the
generated Markdown (only characters that could start markup are escaped).
"""

from __future__ import annotations

import datetime as dt
import html
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from sitrep.facts.analysis import resolved_date
from sitrep.facts.measures import Measure, Registry, builtin, plain_number
from sitrep.facts.model import SINGULAR, VOCABULARY, Figure, Qualifier, When, kind_label
from sitrep.outputs.amounts import amount, amount_range, in_digits, number
from sitrep.outputs.words import ENGLISH, N_, Words

_WS = re.compile(r"\s+")
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# At the start of a line these begin a heading, list, numbered list or admonition ("!!!").
_LEADING = re.compile(r"^(#|[+\-!]|\d+(?=\.))")
# These Python-Markdown cannot backslash-escape; at the start of a line they begin a setext
# heading or tabs ("="), a code fence ("~"), a definition (":") or details ("?"). A
# character reference shows the same character and starts nothing.
_LEADING_REF = "=~:?"


class Raw(str):
    """Markdown produced by our own code, not by fact text: emitted as is (:mod:`sitrep.outputs.render`)."""


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


def code_span(text: str) -> str:
    """A Markdown code span showing ``text`` literally, whatever backticks it holds (CommonMark's rule:
    a fence of one more backtick than the longest run inside, padded when the text starts or ends with one)."""
    s = _WS.sub(" ", text).strip()
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def html_attribute(text: object) -> str:
    """Text for an HTML attribute (the page description Material puts in a meta tag)."""
    return html.escape(_WS.sub(" ", str(text)), quote=True)


def num(value: float | int | None) -> str:
    if value is None:
        return ""
    return plain_number(value)


def _measure(f: Figure, registry: Registry | None) -> Measure:
    return (registry or builtin())[f.metric]


# A qualified value in words, by qualifier ("more than 1,000"); exact, range and unquantified have their own.
QUALIFIED = {
    Qualifier.at_least: N_("at least %(value)s"),
    Qualifier.more_than: N_("more than %(value)s"),
    Qualifier.about: N_("about %(value)s"),
    Qualifier.up_to: N_("up to %(value)s"),
}

# A qualifier named in a table's "Qualifier" column, in the page's language.
QUALIFIER_NAMES = {
    Qualifier.exact: N_("exact"),
    Qualifier.at_least: N_("at least"),
    Qualifier.more_than: N_("more than"),
    Qualifier.about: N_("about"),
    Qualifier.up_to: N_("up to"),
    Qualifier.range: N_("range"),
    Qualifier.unquantified: N_("unquantified"),
}


def qualifier_name(q: Qualifier, words: Words = ENGLISH) -> str:
    """How a qualifier is named ("more than"), in the language of ``words``."""
    return words.gettext(QUALIFIER_NAMES[q])


def value(f: Figure, registry: Registry | None = None, words: Words = ENGLISH) -> str:
    """A figure's value as words a reader takes in at once, in its unit: "more than 1,000",
    "$38 million", "12%", "2 of 5", "−4 °C", "280 to 320 mm in 36 hours"."""
    m = _measure(f, registry)
    q = f.qualifier
    if q is Qualifier.unquantified:
        text = words.gettext("no number: “%(words)s”") % {"words": f.words}
    elif q is Qualifier.range:
        text = amount_range(f.low or 0, f.high or 0, m, words)  # the model gives a range both
    else:
        shown = amount(f.value, m, words)
        if f.of is not None:
            shown = words.gettext("%(part)s of %(whole)s") % {"part": shown, "whole": amount(f.of, m, words)}
        text = shown if q is Qualifier.exact else words.gettext(QUALIFIED[q]) % {"value": shown}
    if f.duration is not None:
        text += f" {duration(f.duration, words)}"
    if f.planned:
        text = words.gettext("planned: %(value)s") % {"value": text}
    return text


# "in 36 hours": the relation, then the span (a language has its own forms for one, two, a few, many).
RELATIONS = {
    "in": N_("in %(span)s"),
    "within": N_("within %(span)s"),
    "over": N_("over %(span)s"),
    "for": N_("for %(span)s"),
}


def duration(d, words: Words = ENGLISH) -> str:
    if d is None:
        return ""
    n = {"n": number(d.amount, words)}
    span = {
        "hours": lambda: words.ngettext("an hour", "%(n)s hours", d.amount) % n,
        "days": lambda: words.ngettext("a day", "%(n)s days", d.amount) % n,
        "weeks": lambda: words.ngettext("a week", "%(n)s weeks", d.amount) % n,
        "months": lambda: words.ngettext("a month", "%(n)s months", d.amount) % n,
        "years": lambda: words.ngettext("a year", "%(n)s years", d.amount) % n,
    }[d.unit]()
    return words.gettext(RELATIONS[d.relation]) % {"span": span}


def measure_title(m: Measure, words: Words = ENGLISH) -> str:
    """A measure's label as a heading ("People killed"), in the language of ``words`` (the
    labels of measures.yaml are messages: :func:`sitrep.outputs.messages.measures`)."""
    said = words.gettext(m.label)
    return said[:1].upper() + said[1:]


def figure_title(f: Figure, registry: Registry | None = None, words: Words = ENGLISH) -> str:
    """What a figure counts, in words: its label, or its measure and group."""
    if f.label:
        return f.label
    title = measure_title(_measure(f, registry), words)
    return title if f.group == "all" else f"{title}, {label(f.group)}"


def value_short(f: Figure, registry: Registry | None = None, words: Words = ENGLISH) -> str:
    if f.qualifier is Qualifier.unquantified:
        return words.gettext("no number")
    return value(f, registry, words)


def _zone(offset: str) -> str:
    return "UTC" if offset in ("UTC", "+00:00") else f"UTC{offset}"


# The days of the week, short (as "%a" writes them in English) and in full (a When's weekday).
SHORT_DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
DAYS = {
    "Monday": N_("Monday"),
    "Tuesday": N_("Tuesday"),
    "Wednesday": N_("Wednesday"),
    "Thursday": N_("Thursday"),
    "Friday": N_("Friday"),
    "Saturday": N_("Saturday"),
    "Sunday": N_("Sunday"),
}
PARTS_OF_DAY = {
    "early morning": N_(", early morning"),
    "morning": N_(", morning"),
    "afternoon": N_(", afternoon"),
    "evening": N_(", evening"),
    "night": N_(", night"),
}


def _date_parts(day: dt.date, words: Words) -> dict[str, str]:
    """A date's parts for a message to word it as its language does: English writes the ISO date
    ("2025-11-18": ``iso``), Arabic the day, the month's name and the year ("18 تشرين الثاني/نوفمبر
    2025"), which a line also never breaks inside."""
    return {
        "weekday": words.gettext(SHORT_DAYS[day.weekday()]),
        "iso": in_digits(day.strftime("%Y-%m-%d"), words),
        "day": in_digits(str(day.day), words),
        "month": words.gettext(SHORT_MONTHS[day.month - 1]),
        "year": in_digits(str(day.year), words),
    }


def _day(day: dt.date | dt.datetime, words: Words, time: bool = False) -> str:
    """ "Tue 2025-11-18", with ``time`` "Tue 2025-11-18 13:00"."""
    text = words.gettext("%(weekday)s %(iso)s") % _date_parts(day, words)
    if time and isinstance(day, dt.datetime):
        text = words.gettext("%(date)s %(time)s") % {"date": text, "time": in_digits(day.strftime("%H:%M"), words)}
    return text


def when(w: When | None, published: dt.date | None = None, words: Words = ENGLISH) -> str:
    """A date as precisely as the source gave it, with how it was stated; a time of day
    in local time and in UTC."""
    if w is None:
        return ""
    if w.before is not None:
        text = words.gettext("before %(iso)s") % _date_parts(w.before, words)
    elif w.month is not None:
        text = w.month
    else:
        day = resolved_date(w, published) if published else w.date
        text = _day(day, words) if day else (words.gettext(DAYS[w.weekday]) if w.weekday else "")
        if day and w.time and w.zone:
            full = w.model_copy(update={"date": day})
            utc, local = full.instant, full.local_moment
            if local is not None and utc is not None:
                offset = local.strftime("%z")
                derived = words.gettext(", offset derived") if w.local is not None and w.local.derived else ""
                text = words.gettext("%(local)s local time (%(zone)s%(derived)s), %(utc)s UTC") % {
                    "local": _day(local, words, time=True),
                    "zone": _zone(offset[:3] + ":" + offset[3:]),
                    "derived": derived,
                    "utc": _day(utc, words, time=True),
                }
            elif utc is not None:
                text = words.gettext("%(utc)s UTC") % {"utc": _day(utc, words, time=True)}
    if w.article:  # dated by the article's publication (resolve_dates), not by the article's words
        day = w.date or published
        text = (
            words.gettext("the article (%(day)s)") % {"day": _day(day, words)} if day else words.gettext("the article")
        )
    if w.part_of_day:
        text += words.gettext(PARTS_OF_DAY[w.part_of_day.value])
    if w.deadline:
        text = words.gettext("by %(when)s") % {"when": text}
    if w.approximate:
        text = words.gettext("about %(when)s") % {"when": text}
    return text


def period(p, words: Words = ENGLISH) -> str:
    """A figure's period: "2025-03-06 to 2025-03-08" (Arabic: "من 6 آذار/مارس 2025 إلى 8 آذار/مارس 2025")."""
    if p is None:
        return ""
    # A date alone, as the language writes it: English the ISO date, Arabic the day, month and year.
    start, end = (words.gettext("%(iso)s") % _date_parts(d, words) for d in (p.start, p.end))
    if p.start == p.end:
        return start
    return words.gettext("%(start)s to %(end)s") % {"start": start, "end": end}


def datetime(value: dt.datetime, words: Words = ENGLISH) -> str:
    """A publication time with its UTC offset, as the editor gave it: "2025-11-18 18:00 UTC"."""
    offset = value.strftime("%z")
    moment = in_digits(f"{value:%Y-%m-%d %H:%M}", words)
    if offset == "+0000":
        return words.gettext("%(utc)s UTC") % {"utc": moment}
    return f"{moment} UTC{offset[:3]}:{offset[3:]}"


# The months, short (as "%b" writes them in English); a language names them its own way (Arabic:
# the Levantine and the international name together, "تشرين الأول/أكتوبر", as OCHA's Arabic does).
SHORT_MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def _long_day(day: dt.datetime, words: Words, year: bool = True) -> str:
    """ "Tue 18 Nov 2025" ("الثلاثاء 18 تشرين الثاني/نوفمبر 2025"); without the year: "Tue 18 Nov"."""
    parts = {
        "weekday": words.gettext(SHORT_DAYS[day.weekday()]),
        "day": in_digits(str(day.day), words),
        "month": words.gettext(SHORT_MONTHS[day.month - 1]),
        "year": in_digits(str(day.year), words),
    }
    if year:
        return words.gettext("%(weekday)s %(day)s %(month)s %(year)s") % parts
    return words.gettext("%(weekday)s %(day)s %(month)s") % parts


def local_and_utc(value: dt.datetime, words: Words = ENGLISH) -> str:
    """A publication time as a flash update dates it: "Tue 18 Nov 2025, 13:00 local time (UTC+03:00),
    10:00 UTC"; one time when the editor gave it in UTC ("Tue 18 Nov 2025, 10:00 UTC"). In the
    language of ``words``: "الثلاثاء 18 تشرين الثاني/نوفمبر 2025، 10:00 بالتوقيت العالمي"."""
    utc = value.astimezone(dt.UTC)
    offset = value.strftime("%z")
    utc_time = in_digits(f"{utc:%H:%M}", words)
    if offset == "+0000":
        return words.gettext("%(date)s, %(time)s UTC") % {"date": _long_day(utc, words), "time": utc_time}
    local = words.gettext("%(date)s, %(time)s local time (%(zone)s)") % {
        "date": _long_day(value, words),
        "time": in_digits(f"{value:%H:%M}", words),
        "zone": f"UTC{offset[:3]}:{offset[3:]}",
    }
    if utc.date() == value.date():
        return words.gettext("%(local)s, %(time)s UTC") % {"local": local, "time": utc_time}
    return words.gettext("%(local)s, %(date)s, %(time)s UTC") % {
        "local": local,
        "date": _long_day(utc, words, year=False),
        "time": utc_time,
    }


# The group every measure has, "all" of what it counts; a report's own groups are its ids, in words.


def group_label(group: str, words: Words = ENGLISH) -> str:
    """A figure's group in words: "all" in the page's language, a report's own group from its id."""
    groups = VOCABULARY["groups"]  # the vocabulary's words (sitrep/facts/vocabulary.yaml), as messages
    return words.gettext(groups[group]) if group in groups else label(group)


def label(identifier: str) -> str:
    """Turn an id such as ``security-forces`` into words."""
    return identifier.replace("-", " ")


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 change", "2 changes", "0 changes": a count with its noun in the right number."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def shorthash(text: str, n: int = 12) -> str:
    return text[:n]


def isolate(text: object) -> Raw:
    """Text whose direction may differ from the page's (a number, a Latin name, an address on an
    Arabic page), isolated in ``<bdi>`` so it neither takes nor reorders the words around it
    (Unicode's bidirectional algorithm, UAX #9). The text itself is escaped (:func:`md`)."""
    return Raw(f"<bdi>{md(text)}</bdi>")


ARABIC_INDIC = {ord(str(d)): chr(0x0660 + d) for d in range(10)}
WESTERN = {0x0660 + d: str(d) for d in range(10)}


def locale_number(n: float | int, locale: str, digits: str = "latn", rtl: bool = False) -> str:
    """A number as the language writes it: its separators (Babel, CLDR), in Western (``latn``)
    or Arabic-Indic (``arab``) digits as mkdocs.yml's ``extra.digits`` says; on a right-to-left
    page, isolated (:func:`isolate`), so "1,234" is never read as "234,1"."""
    written = format_decimal(n, locale=locale.replace("-", "_"), numbering_system=digits)
    if digits == "arab":  # Babel gives the numbering system's separators, not its digits
        written = written.translate(ARABIC_INDIC)
    return isolate(written) if rtl else Raw(md(written))


def locale_date(day: dt.date, locale: str, digits: str = "latn") -> str:
    """A day as the language writes it ("6 December 2026", "٦ ديسمبر ٢٠٢٦"), from CLDR through Babel."""
    written = format_date(day, format="long", locale=locale.replace("-", "_"))
    return written.translate(ARABIC_INDIC if digits == "arab" else WESTERN)


FILTERS = {
    "plural": plural,
    "md": md,
    "html_attribute": html_attribute,
    "num": num,
    "value": value,
    "value_short": value_short,
    "figure_title": figure_title,
    "when": when,
    "label": label,
    "singular": lambda section: SINGULAR.get(section, section),
    "duration": duration,
    "kind_label": lambda value, vocabulary: kind_label(vocabulary, value),
    "datetime": datetime,
    "local_and_utc": local_and_utc,
    "period": period,
    "shorthash": shorthash,
    "isolate": isolate,
}
