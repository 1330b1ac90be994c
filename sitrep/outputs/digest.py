"""What changed in an edition, for people: one or two sentences, the full list grouped, and
the corrections an edition carries, generated from the facts (see :mod:`sitrep.review.changes`).

The sentence leads a report page; the machine-precise list (``build.py diff``'s words)
sits behind a disclosure below it, complete, never cut short.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sitrep.facts import editions
from sitrep.facts.measures import Registry
from sitrep.facts.model import REFERENCES, SECTIONS, Figure, Report, When
from sitrep.outputs.filters import Raw, figure_title, value, when
from sitrep.outputs.filters import datetime as datetime_text
from sitrep.outputs.words import ENGLISH, N_, Words
from sitrep.review.changes import Change, Names

# How a reader names each kind of fact, one and many.
NAMES = {
    "sources": ("source", "sources"),
    "places": ("place", "places"),
    "actors": ("party", "parties"),
    "figures": ("figure", "figures"),
    "events": ("event", "events"),
    "statements": ("statement", "statements"),
    "impacts": ("impact", "impacts"),
    "media": ("photo caption", "photo captions"),
    "editions": ("edition", "editions"),
    "reports": ("report detail", "report details"),
}
# The full list's headings, by kind of fact ("Figures (3)"), in the page's language.
HEADINGS = {
    "sources": N_("Sources (%(n)s)"),
    "places": N_("Places (%(n)s)"),
    "actors": N_("Parties (%(n)s)"),
    "figures": N_("Figures (%(n)s)"),
    "events": N_("Events (%(n)s)"),
    "statements": N_("Statements (%(n)s)"),
    "impacts": N_("Impacts (%(n)s)"),
    "media": N_("Photo captions (%(n)s)"),
    "editions": N_("Editions (%(n)s)"),
    "reports": N_("Report details (%(n)s)"),
}
VERBS = {"added": "new", "removed": "withdrawn", "changed": "updated", "corrected": "corrected", "revised": "revised"}


def _count(n: int, section: str) -> str:
    one, many = NAMES.get(section, (section, section))
    return f"{n} {one if n == 1 else many}"


def _join(parts: list[str], words: Words = ENGLISH) -> str:
    if len(parts) == 1:
        return parts[0]
    return words.gettext("%(some)s and %(last)s") % {"some": words.gettext(", ").join(parts[:-1]), "last": parts[-1]}


def sentence(lines: list[str], shown: int = 2, words: Words = ENGLISH) -> str:
    """The change in a sentence for the top of a page: the first ``shown`` entries of the list
    (:func:`items`), in words, never a count of records: "Killed: 127 → 214, national disaster
    agency, as of Tue 2025-11-18; new: Flash appeal: $38 million, ... and more below"."""
    if not lines:
        return words.gettext("no change in the facts")
    head = [
        line[:1].lower() + line[1:] if line.startswith(("New", "Withdrawn", "Corrected", "Updated")) else line
        for line in lines[:shown]
    ]
    said = words.gettext("; ").join(head) + (words.gettext(", and more below") if len(lines) > shown else "")
    return Raw(said) if any(isinstance(line, Raw) for line in lines) else said  # Markdown in, Markdown out


# The order of the list: what moved in the numbers first, then what happened and was said,
# then the sources and names the report newly draws on.
_SECTION_ORDER = ("figures", "events", "statements", "impacts", "places", "actors", "sources", "media")
_KIND_ORDER = ("revised", "corrected", "changed", "added", "removed")
SHORT = 110  # characters of a fact's own text a list entry quotes before "…"
# A changed field named as a reader would: "its date", not "as_of".
FIELD_WORDS = {
    "as_of": N_("date"),
    "when": N_("date"),
    "evidence": N_("quote"),
    "label": N_("name"),
    "text": N_("words"),
    "what": N_("words"),
}


def _cut(text: str, n: int = SHORT) -> str:
    """At most ``n`` characters, cut at a word, "…" saying so."""
    if len(text) <= n:
        return text
    return text[:n].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _same(text: str) -> str:
    return text


class Marks(NamedTuple):
    """How a change list shows text: ``shown`` a text of the page (a value, a date, a label in the
    page's words, or one marked as another language's), ``own`` a text in the report's own words
    (a change's title, a source's name, a correction's note). On a page in the report's language
    both leave text as it is (the page escapes each line); on a page in another they give Markdown,
    escaped, the report's words marked with their language, and the list's lines are :class:`Raw`."""

    shown: Callable[[str], str] = _same
    own: Callable[[str], str] = _same


PLAIN = Marks()


def _figure_line(
    c: Change,
    f: Figure,
    old: Figure | None,
    registry: Registry | None,
    published: dt.date | None,
    words: Words = ENGLISH,
    marks: Marks = PLAIN,
) -> str:
    """ "Killed (national): 127 → 214, national disaster agency, as of Tue 2025-11-18"."""
    shown, comma = marks.shown, words.gettext(", ")
    title = shown(figure_title(f, registry, words))
    source = marks.own(_source_name(f.source, c.title))
    day = when(f.as_of, published, words)
    dated = words.gettext(", as of %(when)s") % {"when": shown(day)} if day else ""
    if c.kind == "revised" and c.details:
        was, _, now = c.details[0].partition(" -> ")
        moved = words.gettext("%(was)s → %(now)s") % {"was": shown(was), "now": shown(now)}
        return f"{title}: {moved}{comma}{source}{dated}"
    if c.kind == "added":
        new = words.gettext("New: %(what)s") % {"what": title}
        said = value(f, registry, words) if c.details else ""  # the value, as the page words it
        return f"{new}: {shown(said)}{comma}{source}{dated}" if said else f"{new}{comma}{source}{dated}"
    if c.kind == "removed":
        return words.gettext("Withdrawn: %(what)s") % {"what": f"{title}{comma}{source}"}
    if old is not None and value(old, registry) != value(f, registry):  # the value itself moved
        moved = words.gettext("%(was)s → %(now)s") % {
            "was": shown(value(old, registry, words)),
            "now": shown(value(f, registry, words)),
        }
    else:
        moved = words.gettext("new %(fields)s") % {"fields": shown(_fields(c.details, words))}
    why = [marks.own(d[len("why: ") :]) for d in c.details if d.startswith("why: ")]
    line = _kind_word(c.kind, words) % {"what": f"{title}: {moved}{comma}{source}{dated}"}
    return line + (f" ({words.gettext('; ').join(why)})" if why else "")


def _kind_word(kind: str, words: Words) -> str:
    """A corrected or updated fact's line, with the fact in it as ``%(what)s``."""
    return words.gettext("Corrected: %(what)s") if kind == "corrected" else words.gettext("Updated: %(what)s")


def _fields(details: tuple[str, ...], words: Words = ENGLISH) -> str:
    keys = [d.split(":")[0].split(".")[0] for d in details if not d.startswith("why: ")]
    names = [words.gettext(FIELD_WORDS[k]) if k in FIELD_WORDS else k.replace("_", " ") for k in dict.fromkeys(keys)]
    return _join(names, words) if names else words.gettext("details")


def _source_name(source_id: str, title: str) -> str:
    """The source's name, as the change's title gives it in brackets at its end."""
    if title.endswith(")") and "(" in title:
        depth, i = 0, len(title) - 1
        while i >= 0:  # the bracket that closes the title, matched: a name may hold brackets itself
            depth += {")": 1, "(": -1}.get(title[i], 0)
            if depth == 0:
                return title[i + 1 : -1]
            i -= 1
    return source_id.replace("-", " ")


_NAMED = {
    "places": N_("New places: %(names)s"),
    "actors": N_("New parties: %(names)s"),
    "sources": N_("New sources: %(names)s"),
}
_NEW = {
    "events": N_("New event: %(what)s"),
    "statements": N_("New statement: %(what)s"),
    "impacts": N_("New impact: %(what)s"),
    "places": N_("New place: %(what)s"),
    "actors": N_("New party: %(what)s"),
    "sources": N_("New source: %(what)s"),
    "media": N_("New photo caption: %(what)s"),
}


def items(
    changes: list[Change],
    figures: dict[str, Figure],
    before: dict[str, Figure],
    registry: Registry | None = None,
    published: dt.date | None = None,
    words: Words = ENGLISH,
    marks: Marks | None = None,
) -> list[str]:
    """What changed in an edition as a short list for people: each entry a sentence in labels
    and values ("Killed (national): 127 → 214, national disaster agency, as of Tue 2025-11-18",
    "New: Flash appeal: $38 million, ...", "New source: World Food Programme"), never an id or
    a count of records; numbers first, then events and statements, then sources and names.
    ``figures``, ``before``: the edition's and the previous edition's figures by id; removed ones
    are named by their change's title. The report's own fields and the edition itself are not news.
    ``marks``: on a page in another language than the report's, how its texts are shown (:class:`Marks`)."""
    m = marks or PLAIN
    wanted = [c for c in changes if c.section in _SECTION_ORDER]
    position = {fid: i for i, fid in enumerate(figures)}  # figures in the report's order, not by id
    wanted.sort(key=lambda c: (_SECTION_ORDER.index(c.section), _KIND_ORDER.index(c.kind), position.get(c.id, 0)))
    out = []
    named: dict[str, list[str]] = {}  # new sources, places and parties: one line each, by name
    for c in wanted:
        if c.kind == "added" and c.section in _NAMED:
            if c.section not in named:
                named[c.section] = []
                out.append(c.section)  # its place in the list, filled in below
            named[c.section].append(m.own(c.title))
            continue
        f = figures.get(c.id) if c.section == "figures" else None
        if f is not None:
            out.append(_figure_line(c, f, before.get(c.id), registry, published, words, m))
        elif c.kind == "added":
            out.append(words.gettext(_NEW[c.section]) % {"what": m.own(_cut(c.title))})
        elif c.kind == "removed":  # in full: what readers saw before and no longer will
            out.append(words.gettext("Withdrawn: %(what)s") % {"what": m.own(c.title)})
        else:
            shown = words.gettext("new %(fields)s") % {"fields": m.shown(_fields(c.details, words))}
            out.append(_kind_word(c.kind, words) % {"what": f"{m.own(_cut(c.title))}: {shown}"})
    lines = [
        words.gettext(_NAMED[line]) % {"names": words.gettext("; ").join(named[line])} if line in named else line
        for line in out
    ]
    return lines if marks is None else [Raw(line) for line in lines]


@dataclass(frozen=True)
class Group:
    heading: str
    changes: tuple[Change, ...]


def groups(changes: list[Change], words: Words = ENGLISH) -> list[Group]:
    """The full list, by kind of fact (figures first), each change once, in the list's order."""
    by: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by[c.section].append(c)
    order = list(NAMES)
    out = []
    for section in sorted(by, key=lambda s: (s != "figures", order.index(s) if s in order else len(order), s)):
        items = by[section]
        if section in HEADINGS:
            heading = words.gettext(HEADINGS[section]) % {"n": len(items)}
        else:
            heading = f"{section.capitalize()} ({len(items)})"
        out.append(Group(heading, tuple(items)))
    return out


EMPTY = N_("empty")  # what a corrected field held when it held nothing (a page words it in its language)
# The fields a correction names ("the value shown here"), as readers name them, in the page's language.
FIELD_NAMES = {
    "value": N_("value"),
    "label": N_("label"),
    "name": N_("name"),
    "as of": N_("as of"),
    "when": N_("when"),
    "what": N_("what"),
    "text": N_("text"),
    "evidence": N_("evidence"),
    "evidence quote": N_("evidence quote"),
    "place": N_("place"),
    "source": N_("source"),
    "group": N_("group"),
    "description": N_("description"),
    "caption": N_("caption"),
    "subject": N_("subject"),
    "note": N_("note"),
    "kind": N_("kind"),
}


@dataclass(frozen=True)
class Notice:
    edition: int
    subject: str
    field: str
    was: str
    note: str
    section: str = ""
    fact: str = ""  # the fact's id: for placing the notice beside it, never shown


def corrections(report: Report, up_to: int, registry: Registry | None = None) -> list[Notice]:
    """Every correction the edition ``up_to`` carries (its own and earlier editions')."""
    out = []
    names = Names(report, registry=registry)
    for section in ("figures", "events", "statements", "impacts", "places", "actors", "sources", "media"):
        for item in getattr(report, section, ()):
            for c in getattr(item, "corrections", ()):
                if c.edition <= up_to:
                    subject = names.figure(item) if isinstance(item, Figure) else _subject(item)
                    was = names.field(section, c.field, c.was) if c.was is not None else EMPTY
                    field = c.field.replace("_", " ").replace(".", " ")
                    out.append(Notice(c.edition, subject, field, str(was), c.note, section, item.id))
    return sorted(out, key=lambda n: (-n.edition, n.subject, n.field))


A_FACT = N_("a fact")  # a fact without any words of its own (a page words it in its language)


def _subject(item) -> str:
    for attr in ("name", "label", "subject", "what", "caption", "text"):
        text = getattr(item, attr, None)
        if text:
            return text
    return A_FACT  # never its id: readers are not shown ids


# --------------------------------------------------------------------------- corrections, backwards

# The fields of a figure that its value shows: a correction of any of them is told as the whole value.
VALUE_FIELDS = frozenset({"value", "qualifier", "low", "high", "of", "words", "duration", "planned"})


@dataclass(frozen=True)
class Later:
    """A correction a later edition made to a fact this (superseded) edition shows, told to its readers."""

    edition: int  # the correcting edition
    published: str  # when it was published, as pages show it
    section: str
    fact: str  # the fact's id: for placing the notice beside it, never shown
    subject: str
    field: str  # in words: "value", "label", "date"
    shown: str  # what this edition shows
    now: str  # what the correcting edition shows
    note: str

    def text(self, words: Words = ENGLISH) -> str:
        """ "Corrected in edition 3 (2025-03-09 09:00 UTC): Total killed: the value shown here, more than
        1,000, is now more than 1,100. Plainer word." (in the language of ``words``)"""
        said = words.gettext(
            "Corrected in edition %(n)s (%(published)s): %(subject)s: the %(field)s shown here, %(shown)s, "
            "is now %(now)s."
        ) % {
            "n": self.edition,
            "published": self.published,
            "subject": self.subject,
            "field": words.gettext(FIELD_NAMES[self.field]) if self.field in FIELD_NAMES else self.field,
            "shown": words.gettext(EMPTY) if self.shown == EMPTY else self.shown,
            "now": words.gettext(EMPTY) if self.now == EMPTY else self.now,
        }
        return f"{said} {self.note}".rstrip()


def _field_text(item, section: str, path: str, names: Names) -> str:
    if isinstance(item, Figure) and path.split(".")[0] in VALUE_FIELDS:
        return names.value(item)
    target = item
    for part in path.split("."):
        target = getattr(target, part, None)
    if target is None:
        return EMPTY
    reference = path in REFERENCES.get(section, {})  # a name, not words to quote
    target = names.field(section, path, target if not isinstance(target, tuple) else list(target))
    if isinstance(target, When):  # a moment: as pages word it
        return when(target)
    if isinstance(target, list):
        return ", ".join(str(t) for t in target) or EMPTY
    text = str(getattr(target, "value", target))
    return f"\u201c{text}\u201d" if isinstance(target, str) and not reference else text


def later_corrections(full: Report, n: int, shown: list[int], registry: Registry | None = None) -> list[Later]:
    """The corrections that editions after ``n`` (among ``shown``, the editions this build publishes)
    made to facts edition ``n`` shows: what a reader of edition ``n`` must be told, newest first."""
    state = editions.state_at(full, n)
    names = Names(full, registry=registry)
    out: list[Later] = []
    for section in SECTIONS:
        current = {item.id: item for item in getattr(full, section)}
        for item in getattr(state, section):
            for c in current[item.id].corrections:
                if c.edition <= n or c.edition not in shown:
                    continue
                after = editions.fact_at(current[item.id], section, c.edition)
                subject = names.figure(item) if isinstance(item, Figure) else _subject(item)
                field = "value" if isinstance(item, Figure) and c.field.split(".")[0] in VALUE_FIELDS else c.field
                out.append(
                    Later(
                        c.edition,
                        datetime_text(editions.edition(full, c.edition).published),
                        section,
                        item.id,
                        subject,
                        field.replace("_", " ").replace(".", " "),
                        _field_text(item, section, c.field, names),
                        _field_text(after, section, c.field, names),
                        c.note,
                    )
                )
    return sorted(out, key=lambda x: (-x.edition, x.subject, x.field))


def feed_notes(
    full: Report, registry: Registry | None = None, words: Words = ENGLISH
) -> dict[int, tuple[str, dt.datetime]]:
    """For each published edition a later published one corrected: the corrections in words (the
    language of ``words``), and when the newest of them was published (the feed entry's update)."""
    shown = editions.published_numbers(full)
    out: dict[int, tuple[str, dt.datetime]] = {}
    for n in shown:
        later = later_corrections(full, n, shown, registry)
        if later:
            newest = max(editions.edition(full, c.edition).published for c in later)
            out[n] = (" ".join(c.text(words) for c in later), newest)
    return out
