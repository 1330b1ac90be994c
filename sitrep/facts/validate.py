"""The validate stage: turn loaded documents into typed reports, and check them.

Each check appends :class:`~sitrep.errors.Diagnostic` objects; nothing raises
until the orchestrator has seen them all. Items are validated one at a time, so
one bad figure does not hide the problems of the others.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pycountry
from pydantic import BaseModel, ValidationError

from sitrep.codes import schema_code
from sitrep.errors import Diagnostic
from sitrep.facts import analysis, arabic, edition_text, editions, translations
from sitrep.facts import places as places_
from sitrep.facts.load import Document, Path_
from sitrep.facts.measures import Measure, Registry, builtin, plain_number
from sitrep.facts.model import (
    ADAPTERS,
    REFERENCES,
    SECTIONS,
    SINGULAR,
    WEEKDAYS,
    Event,
    Figure,
    NamedSource,
    Qualifier,
    Report,
    ReportMeta,
    SeedMeta,
    Statement,
    When,
)
from sitrep.facts.seeds import Seed, closest_hint, closest_passage, credits, normalise, numbers, sha256
from sitrep.facts.values import is_whole, same, unit_hint


def _field_names() -> set[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [m for m in BaseModel.__subclasses__()]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("sitrep."):
            names.update(cls.model_fields)
    return names


_VOCABULARY = sorted(_field_names())


# --------------------------------------------------------------------------- schema


def _real_path(data: Any, loc: tuple) -> Path_:
    """Map a pydantic error location onto the document (dropping union tags)."""
    path: list[str | int] = []
    for i, part in enumerate(loc):
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
            path.append(part)
        elif i == len(loc) - 1 and isinstance(part, str) and not part.endswith("-source"):
            path.append(part)  # a missing key: named, positioned at its parent
    return tuple(path)


def _message(err: Mapping[str, Any]) -> tuple[str, str]:
    """The message of a pydantic error, and its code."""
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        shown = json.dumps(key)[1:-1]  # a key with a line break or quote stays on one line
        if key == "name" and "anonymous-source" in err["loc"]:
            return (
                "an anonymous source has no name (its identity is not recorded); use 'label' for who they are",
                "SR203",
            )
        hint = [w for w in difflib.get_close_matches(key, _VOCABULARY, n=2, cutoff=0.75) if w != key]
        return f"unknown key '{shown}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""), "SR201"
    if kind == "missing":
        return "required key is missing", "SR202"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    got = err.get("input")
    if isinstance(got, str) and len(got) <= 60 and repr(got) not in msg:
        msg += f" (got {got!r})"
    return msg, schema_code(kind)


def schema_errors(doc: Document, exc: ValidationError, base: Path_ = ()) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        path = base + _real_path(_at(doc.data, base), tuple(err["loc"]))
        if any(path[: len(b)] == b for b in doc.broken):
            continue  # the loader already said what is wrong here
        out.append(doc.diag(path, *_message(err)))
    return out


def _at(data: Any, path: Path_) -> Any:
    for p in path:
        data = data[p]
    return data


def parse_seed_meta(doc: Document) -> tuple[SeedMeta | None, list[Diagnostic]]:
    if not isinstance(doc.data, dict):
        return None, [doc.diag((), "a seed's metadata file must be a mapping", "SR206")]
    try:
        return SeedMeta.model_validate(doc.data), []
    except ValidationError as exc:
        return None, schema_errors(doc, exc)


@dataclass
class Located:
    """A valid fact with where it was written."""

    section: str
    index: int
    item: Any
    doc: Document

    def diag(self, path: Path_, message: str, code: str) -> Diagnostic:
        return self.doc.diag((self.index,) + path, message, code)


@dataclass
class Parsed:
    report: Report | None
    located: list[Located] = field(default_factory=list)
    meta_doc: Document | None = None
    known_ids: dict[str, set[str]] = field(default_factory=dict)  # ids of invalid items too
    unknowable: set[str] = field(default_factory=set)  # sections with entries whose id could not be read
    registry: Registry = field(default_factory=builtin)  # the measures figures may name

    def where(self, section: str) -> dict[str, Located]:
        """The valid facts of one section by id, with their places in the files."""
        return {loc.item.id: loc for loc in self.located if loc.section == section}


def parse_report(docs: dict[str, Document]) -> tuple[Parsed, list[Diagnostic]]:
    errors: list[Diagnostic] = []
    meta_doc = docs.get("report")
    meta = None
    if meta_doc is None:
        return Parsed(None), []
    if not isinstance(meta_doc.data, dict):
        errors.append(meta_doc.diag((), "report.yaml must be a mapping", "SR206"))
    else:
        data = meta_doc.data
        if "summary" in data:  # the report-level summary of earlier versions: say where it went
            errors.append(meta_doc.diag(("summary",), _moved_summary(data), "SR207"))
            data = {k: v for k, v in data.items() if k != "summary"}
        try:
            meta = ReportMeta.model_validate(data)
        except ValidationError as exc:
            errors.extend(schema_errors(meta_doc, exc))
    parsed = Parsed(None, meta_doc=meta_doc)
    sections: dict[str, list] = {}
    for name, adapter in ADAPTERS.items():
        doc = docs.get(name)
        valid: list = []
        sections[name] = valid
        parsed.known_ids[name] = set()
        if doc is not None and () in doc.broken:
            parsed.unknowable.add(name)
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, list):
            errors.append(doc.diag((), f"{name}.yaml must be a list of {name}", "SR206"))
            parsed.unknowable.add(name)
            continue
        for i, raw in enumerate(doc.data):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                parsed.known_ids[name].add(raw["id"])
            else:
                parsed.unknowable.add(name)
            if not isinstance(raw, dict):
                errors.append(doc.diag((i,), "each entry must be a mapping", "SR206"))
                continue
            try:
                item = adapter.validate_python(raw)
            except ValidationError as exc:
                errors.extend(schema_errors(doc, exc, (i,)))
                continue
            valid.append(item)
            parsed.located.append(Located(name, i, item, doc))
    if meta is not None:
        parsed.report = Report(meta=meta, **{k: tuple(v) for k, v in sections.items()})
    return parsed, errors


def _moved_summary(data: dict) -> str:
    """Where a report-level ``summary`` goes now: the latest edition's ``overview``."""
    entries = data.get("editions")
    where = f"editions[{len(entries) - 1}].overview" if isinstance(entries, list) and entries else "overview"
    return (
        "the report's summary now belongs to its latest edition: move it there as 'overview' "
        f"({where}), so each edition's page says only what that edition reported"
    )


# --------------------------------------------------------------------------- references and ids


def check_ids(parsed: Parsed) -> Iterator[Diagnostic]:
    first: dict[tuple[str, str], Located] = {}
    for loc in parsed.located:
        key = (loc.section, loc.item.id)
        if key in first:
            line = first[key].doc.where((first[key].index, "id"))[0]
            yield loc.diag(("id",), f"duplicate id '{loc.item.id}' (first used on line {line})", "SR301")
        else:
            first[key] = loc
    for loc in parsed.located:
        for fld, target in REFERENCES.get(loc.section, {}).items():
            value = getattr(loc.item, fld, None)
            refs = value if isinstance(value, tuple) else (value,)
            for j, ref in enumerate(refs):
                if ref is not None and ref not in parsed.known_ids[target] and target not in parsed.unknowable:
                    path = (fld, j) if isinstance(value, tuple) else (fld,)
                    yield loc.diag(path, _unknown(ref, target, parsed.known_ids[target]), "SR302")
    report, meta_doc = parsed.report, parsed.meta_doc
    if report and meta_doc:
        for i, note in enumerate(report.meta.discrepancies):
            for j, ref in enumerate(note.figures):
                if ref not in parsed.known_ids["figures"] and "figures" not in parsed.unknowable:
                    yield meta_doc.diag(
                        ("discrepancies", i, "figures", j),
                        _unknown(ref, "figures", parsed.known_ids["figures"]),
                        "SR302",
                    )


def check_places(parsed: Parsed) -> Iterator[Diagnostic]:
    """P-codes that join: a P-code of a place with a country (its own or one up its hierarchy) starts
    with that country's ISO 3166-1 code (OCHA's use alpha-2: Syria's governorates are SY01..SY14), a country's
    is that code alone, and a subdivision's extends the P-code of the place it lies in."""
    located = [loc for loc in parsed.located if loc.section == "places"]
    places = {loc.item.id: loc.item for loc in located}
    for loc in located:
        place = loc.item
        if place.pcode is None:
            continue
        code = places_.country_code(places, place.id)
        if code is None:  # an invented country (an example report) has P-codes of its own making
            continue
        country = pycountry.countries.get(alpha_3=code)
        prefixes = (country.alpha_2, country.alpha_3) if country else (code,)
        prefix = next((p for p in sorted(prefixes, key=len, reverse=True) if place.pcode.startswith(p)), None)
        if prefix is None:
            yield loc.diag(
                ("pcode",), f"'{place.pcode}' does not start with {code}'s code ({' or '.join(prefixes)})", "SR305"
            )
        elif (place.admin_level == 0) != (place.pcode == prefix):
            what = (
                "a country's P-code is its ISO code alone"
                if place.admin_level == 0
                else "a subdivision's P-code continues after the country's code"
            )
            yield loc.diag(("pcode",), f"'{place.pcode}' at admin level {place.admin_level}: {what}", "SR305")
        else:
            parent = next((p for p in places_.lineage(places, place.within) if p.pcode), None)
            if (
                parent is not None
                and parent.pcode is not None
                and not (place.pcode.startswith(parent.pcode) and (parent.admin_level or 0) < (place.admin_level or 0))
            ):
                yield loc.diag(
                    ("pcode",),
                    f"'{place.pcode}' (admin level {place.admin_level}) lies within '{parent.name}' ({parent.pcode}, "
                    f"admin level {parent.admin_level}): a subdivision's P-code extends its parent's, at a lower level",
                    "SR305",
                )


def _unknown(ref: str, section: str, known: set[str]) -> str:
    hint = difflib.get_close_matches(ref, sorted(known), n=1)
    return f"unknown {SINGULAR[section]} '{ref}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


# --------------------------------------------------------------------------- evidence

# The words before a number that qualify it, in English and in Arabic (matched after the quote
# check's normalisation: no vowel marks, ASCII digits).
_CUES: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.at_least: (
        *("at least", "no fewer than", "a minimum of", "at a minimum"),
        *("ما لا يقل عن", "لا يقل عن", "ما لا تقل عن", "لا تقل عن"),
    ),
    Qualifier.more_than: (
        *("more than", "over", "passed", "exceeded", "above", "upwards of", "in excess of"),
        *("أكثر من", "اكثر من", "ما يزيد على", "ما يزيد عن", "يزيد على", "يزيد عن", "أزيد من", "ما يفوق"),
        *("تجاوز", "تجاوزت", "تخطى", "تخطت"),
    ),
    Qualifier.about: (
        *("about", "around", "approximately", "roughly", "nearly", "almost", "some", "an estimated", "estimated"),
        *("نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقارب", "يقارب", "ما يقرب من", "ما يناهز", "يناهز"),
    ),
    Qualifier.up_to: (
        *("up to", "as many as", "at most", "no more than"),
        *("ما يصل إلى", "ما يصل الى", "يصل إلى", "يصل الى", "ما لا يزيد على", "ما لا يزيد عن", "لا يزيد على"),
    ),
}
_CUE_RE = re.compile(
    r"\b(" + "|".join(sorted((c for cs in _CUES.values() for c in cs), key=len, reverse=True)) + r")\s*$"
)


def _cue(before: str) -> Qualifier | None:
    m = _CUE_RE.search(before.lower().rstrip())
    if not m:
        return None
    return next(q for q, cs in _CUES.items() if m.group(1) in cs)


def _context(seed: Seed, quote: str) -> str:
    """The words of the seed just before a quote: "has passed" before "1,000, including"."""
    norm = seed.normalised
    at = norm.find(normalise(quote))
    return norm[max(0, at - 40) : at] if at > 0 else ""


_PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s*cent\b|percent\b|" + arabic.PERCENT_AFTER + ")", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$|\bUSD\s*)\Z")
_CURRENCY_AFTER = re.compile(r"^\s*(?:(?:US\s+)?dollars?\b|USD\b|" + arabic.DOLLARS_AFTER + ")", re.IGNORECASE)
_DURATION_UNITS = {"hours": "hours?", "days": "days?", "weeks": "weeks?", "months": "months?", "years": "years?"}


def _in_unit(norm: str, n, unit: str | None) -> bool:
    """Is the number written in the measure's unit: "12 per cent" for percent, "$38 million" for USD?"""
    if unit == "percent":
        return bool(_PERCENT_AFTER.match(norm[n.end :]))
    if unit == "USD":
        return bool(_CURRENCY_BEFORE.search(norm[: n.start]) or _CURRENCY_AFTER.match(norm[n.end :]))
    return True


def _duration_words(d: Any) -> str:
    """ "2 days", "in 2 days": the relation named where the quote must say it."""
    return f"{d.amount} {d.unit}" if d.relation == "for" else f"{d.relation} {d.amount} {d.unit}"


def _written(norm: str, n, forms: tuple[str, ...]) -> bool:
    """Is the number followed by one of a project unit's written forms: "4.5 metres", "4.5m"?"""
    after = norm[n.end :]
    return any(re.match(rf"\s?{re.escape(w)}(?!\w)", after, re.IGNORECASE) for w in forms)


def _states_duration_arabic(norm: str, amount: int, unit: str, relation: str) -> bool:
    """The Arabic forms: the unit after the number ("ثلاثة أشهر"), before it ("الأشهر الثلاثة") or
    the number's own dual ("شهرين"), with the relation among the words just before ("خلال")."""
    word = "(?:ال)?(?:" + "|".join(arabic.DURATION_UNITS[unit]) + ")"
    not_letter = f"(?![{arabic.LETTERS}])"
    relations = "" if relation == "for" else "(?:" + "|".join(arabic.DURATION_RELATIONS[relation]) + ")"
    for n in numbers(norm):
        if n.value != amount:
            continue
        before, own, after = (arabic.fold(part)[0] for part in (norm[: n.start], norm[n.start : n.end], norm[n.end :]))
        unit_before = re.search(rf"(?:^|\s){word}\s+$", before)
        if not (unit_before or re.match(rf"\s+{word}{not_letter}", after) or re.search(rf"{word}$", own)):
            continue
        head = before[: unit_before.start()] if unit_before else before
        if not relations or re.search(rf"(?:^|\s){relations}(?:\s+\S+)?\s*$", head):
            return True
    return False


def _states_duration(norm: str, amount: int, unit: str, relation: str = "for") -> bool:
    """Does the quote say the duration, with its relation: "in 2 days", "within a week"? "for" may go
    unsaid ("three days of national mourning"); "in", "within" and "over" are what set a duration apart
    from a date ("in 2 days" is how long, not when). In Arabic too (:func:`_states_duration_arabic`)."""
    if re.search(f"[{arabic.LETTERS}]", norm) and _states_duration_arabic(norm, amount, unit, relation):
        return True
    word = _DURATION_UNITS[unit]
    said = "" if relation == "for" else rf"\b{relation}\s+(?:the\s+(?:next|past|last|first|coming)\s+)?"
    for n in numbers(norm):
        if n.value != amount or not re.match(rf"\s+{word}\b", norm[n.end :], re.IGNORECASE):
            continue
        if not said or re.search(said + r"$", norm[: n.start], re.IGNORECASE):
            return True
    return amount == 1 and bool(re.search(rf"{said}\b(?:a|an|one)\s+{word}\b", norm, re.IGNORECASE))


def _shown(v: float | int) -> str:
    return plain_number(v)


def check_figure_value(
    f: Figure, quote: str, context: str = "", measure: Measure | None = None
) -> list[tuple[Path_, str, str]]:
    """Does the quote state the figure's value, with the figure's qualifier, in its unit?

    The qualifier is read from the words before the number, in the quote or, when the
    quote starts at the number, in the seed just before it: quoting less cannot drop
    an "at least". A percentage must be written as one ("12 per cent", "12%"), money
    with its currency ("$38 million"); "minus 4" is -4, "2.3 million" is 2,300,000.
    """
    q = f.qualifier
    norm = normalise(quote)
    problems: list[tuple[Path_, str, str]] = []
    if f.duration is not None and not _states_duration(norm, f.duration.amount, f.duration.unit, f.duration.relation):
        d = f.duration
        problems.append((("duration",), f"the evidence quote does not state {_duration_words(d)}", "SR408"))
    if q is Qualifier.unquantified:
        if normalise(f.words or "").lower() not in norm.lower():
            problems.append((("words",), f"the evidence quote does not contain the words {f.words!r}", "SR407"))
        return problems
    wanted = [("low", f.low), ("high", f.high)] if q is Qualifier.range else [("value", f.value)]
    if f.of is not None:
        wanted.append(("of", f.of))
    found = numbers(norm)
    unit = measure.unit if measure else None
    for name, v in wanted:
        if v is None:
            continue  # the model requires it; reported there
        hits = [n for n in found if n.value is not None and same(n.value, v)]
        if not hits:
            problems.append(((name,), f"the evidence quote does not state {_shown(v)} (in digits or words)", "SR404"))
            continue
        if name != "of" and unit in ("percent", "USD") and not any(_in_unit(norm, n, unit) for n in hits):
            form = (
                "as a percentage (12%, 12 per cent)"
                if unit == "percent"
                else "as money ($38 million, 38 million dollars)"
            )
            problems.append(((name,), f"the evidence quote states {hits[0].text!r} but not {form}", "SR405"))
            continue
        if (
            name != "of"
            and measure is not None
            and measure.written
            and not any(_written(norm, n, measure.written) for n in hits)
        ):
            forms = ", ".join(f"{hits[0].text} {w}" for w in measure.written)
            problems.append(
                (
                    (name,),
                    f"the evidence quote states {hits[0].text!r} but not in {measure.unit_label} ({forms})",
                    "SR405",
                )
            )
            continue
        if q is Qualifier.range or name == "of":
            continue
        cues = [_cue(context + " " + norm[: n.start]) for n in hits]
        if q is Qualifier.exact:
            if all(c is not None for c in cues) and (c := cues[0]) is not None:
                problems.append(
                    (
                        ("qualifier",),
                        f"the quote says '{c.value}' {hits[0].text}, but the qualifier is 'exact'",
                        "SR406",
                    )
                )
        elif q not in cues:
            said = next((c for c in cues if c is not None), None)
            what = f"'{said.value}'" if said else "an exact number"
            problems.append(
                (
                    ("qualifier",),
                    f"qualifier '{q.value}' is not what the quote says ({what}: {hits[0].text!r})",
                    "SR406",
                )
            )
    return problems


@dataclass
class Coverage:
    """Which stretches of each seed some fact or exclusion quotes.

    ``spans`` holds every place a quote occurs (a number quoted once is cited wherever the
    same words recur). ``named`` holds, for place names, only the passage each fact's own
    quote names: the first place its quote occurs. A short quote such as "Rio Seco" would
    otherwise tick off every mention of the town, and with it every fact the article gives
    about it. An exclusion is the writer's word for every passage it matches, so it is in both.
    A source's quote only shows who speaks (the publisher's own name or headline): it is in neither.
    """

    spans: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    # Per seed: the spans' starts, sorted, and the furthest end among each prefix of them; kept while
    # the spans do not change. A lookup is then a bisection, not a walk over every quote: a long seed
    # has many numbers, and a report many quotes.
    _index: dict[str, tuple[int, list[int], list[int]]] = field(default_factory=dict)
    named: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def covered(self, seed: str, start: int, end: int) -> bool:
        """Some one quoted span holds all of ``start``..``end``."""
        spans = self.spans[seed]
        index = self._index.get(seed)
        if index is None or index[0] != len(spans):
            ordered = sorted(spans)
            reach = list(itertools.accumulate((e for _, e in ordered), max))
            index = (len(spans), [s for s, _ in ordered], reach)
            self._index[seed] = index
        _, starts, reach = index
        i = bisect.bisect_right(starts, start)  # the spans that start at or before ``start``
        return i > 0 and reach[i - 1] >= end

    def names(self, seed: str, start: int, end: int) -> bool:
        """Whether some fact's own quote (or an exclusion) names the place written at ``start:end``."""
        return any(s <= start and end <= e for s, e in self.named[seed])


def check_evidence(
    parsed: Parsed, seeds: dict[str, Seed], coverage: Coverage, unreadable: frozenset[str] = frozenset()
) -> Iterator[Diagnostic]:
    """Quotes occur in their seeds and state what the fact says. Seeds that failed to
    load (``unreadable``, already reported) are not held against every fact citing them."""
    report = parsed.report
    allowed = set(report.meta.seeds) if report else set()
    for loc in parsed.located:
        ev = loc.item.evidence
        if ev.seed in unreadable:
            continue
        seed = seeds.get(ev.seed)
        if seed is None or (report is not None and ev.seed not in allowed):
            why = "is not a known seed" if seed is None else "is not listed in report.yaml's seeds"
            yield loc.diag(("evidence", "seed"), f"seed '{ev.seed}' {why}", "SR401" if seed is None else "SR402")
            continue
        spans = seed.find(ev.quote)
        if not spans:
            yield loc.diag(("evidence", "quote"), closest_hint(seed, ev.quote), "SR403")
            continue
        item = loc.item
        if not _publisher(item, seed):  # the publisher quoted as a source says nothing of what happened
            coverage.spans[ev.seed].extend(spans)
            coverage.named[ev.seed].append(spans[0])
        if isinstance(item, Figure):
            measure = parsed.registry.get(item.metric)
            for path, msg, code in check_figure_value(item, ev.quote, _context(seed, ev.quote), measure):
                yield loc.diag(path, msg, code)
        if isinstance(item, Event) and item.duration is not None:
            d = item.duration
            if not _states_duration(normalise(ev.quote), d.amount, d.unit, d.relation):
                yield loc.diag(("duration",), f"the evidence quote does not state {_duration_words(d)}", "SR408")
        if (
            isinstance(item, Statement)
            and item.mode.value == "verbatim"
            and normalise(item.text) not in normalise(ev.quote)
        ):
            ratio, passage = closest_passage(ev.quote, item.text)
            hint = f"; closest passage of the quote ({ratio:.0%} alike): {passage!r}" if ratio >= 0.75 else ""
            yield loc.diag(("text",), f"a verbatim statement's text must be part of its evidence quote{hint}", "SR409")
        for path, when in _whens(item):
            yield from (loc.diag(path + p, m, c) for p, m, c in check_when(when, seed.meta.published, seed))
    if report and parsed.meta_doc:
        for i, ex in enumerate(report.meta.exclusions):
            if ex.seed in unreadable:
                continue
            seed = seeds.get(ex.seed)
            if seed is None:
                yield parsed.meta_doc.diag(("exclusions", i, "seed"), f"seed '{ex.seed}' is not a known seed", "SR401")
                continue
            spans = seed.find(ex.quote)
            if not spans:
                yield parsed.meta_doc.diag(("exclusions", i, "quote"), closest_hint(seed, ex.quote), "SR403")
            coverage.spans[ex.seed].extend(spans)
            coverage.named[ex.seed].extend(spans)


def _publisher(item: Any, seed: Seed) -> bool:
    """Whether ``item`` is the seed's own publisher (or wire, or "The article") as a source: ``new``
    quotes its name or the article's first line for it, which must tick nothing off the to-do list."""
    names = {n.casefold() for n in (seed.meta.publisher, seed.meta.wire, "The article") if n}
    return isinstance(item, NamedSource) and item.name.casefold() in names


def _whens(item: Any) -> Iterator[tuple[Path_, When]]:
    for name in ("as_of", "when", "due"):
        value = getattr(item, name, None)
        if isinstance(value, When):
            yield (name,), value


_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b([01]\d|2[0-3]):?([0-5]\d)\b", re.IGNORECASE)


def _clock_times(text: str) -> list[str]:
    """Times of day written in ``text``: "3:42 a.m." -> "03:42", "2342 GMT" -> "23:42"."""
    out = []
    for m in _CLOCK.finditer(text):
        if m.group(3):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            out.append(f"{hour:02d}:{m.group(2) or '00'}")
        else:
            out.append(f"{m.group(4)}:{m.group(5)}")
    return out


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_MONTH_NAMES = {name: i for i, full in enumerate(_MONTHS, 1) for name in (full, full[:3], "Sept" if i == 9 else full)}
_MONTH_RE = re.compile(
    r"(?<![\d.,:])(?:(\d{1,2})\s+)?\b(" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b\.?"
    r"(?:\s+(\d{1,2})\b(?![:\d]))?"
)


def stated_months(text: str) -> list[tuple[int, int | None]]:
    """The months ``text`` names, each with its day when one is written beside it: "23 October",
    "Oct. 23", "٢٣ تشرين الأول/أكتوبر" (English full or short names, Arabic in both the
    Levantine and the Egyptian/Gulf forms)."""
    out: list[tuple[int, int | None]] = []
    for m in _MONTH_RE.finditer(text):
        day = m.group(1) or m.group(3)
        out.append((_MONTH_NAMES[m.group(2)], int(day) if day else None))
    return out + arabic.months(text)


def _local_days(when: When, day: dt.date) -> set[dt.date]:
    """The day a time given in two zones falls on locally, beside its day in its zone."""
    if not (when.time and when.zone):
        return set()
    moment = when.model_copy(update={"date": day}).local_moment
    return {moment.date()} if moment is not None else set()


def _month_problems(when: When, stated: str, days: set[dt.date]) -> list[tuple[Path_, str, str]]:
    """A month (and day) named in ``stated_as`` is the fact's: "٣١ تشرين الأول/أكتوبر" is 31 October."""
    written = {n.value for n in numbers(stated)}  # "between 6 and 8 March" names the 6th too
    for month, day in stated_months(stated):
        if days and not any(d.month == month and (day is None or d.day == day or d.day in written) for d in days):
            said = f"{day} {_MONTHS[month - 1]}" if day else _MONTHS[month - 1]
            shown = " / ".join(str(d) for d in sorted(days))
            return [(("stated_as",), f"{stated!r} names {said}, but the date is {shown}", "SR411")]
        if when.month and int(when.month[5:]) != month:
            return [(("stated_as",), f"{stated!r} names {_MONTHS[month - 1]}, but the month is {when.month}", "SR411")]
    return []


def check_when(when: When, published: dt.date, seed: Seed | None = None) -> list[tuple[Path_, str, str]]:
    """Problems of a time as (path, message, code)."""
    out: list[tuple[Path_, str, str]] = []
    resolved = analysis.resolve_weekday(when.weekday, published, when.deadline) if when.weekday else None
    day = resolved or when.date  # a wrong date beside a weekday is reported once, below
    # A time given in two zones names two days: "3:42 a.m. local time (2342 GMT Sunday)" is
    # Monday locally and Sunday in GMT. Either weekday is right for its own reading.
    days = {f"{day:%A}"} if day else set()
    clocks = {when.time} if when.time else set()
    if day and when.time and when.zone:
        moment = when.model_copy(update={"date": day}).local_moment
        if moment is not None:
            days.add(f"{moment:%A}")
            clocks.add(f"{moment:%H:%M}")
    if when.stated_as and seed is not None and not seed.find(when.stated_as):
        out.append(
            (("stated_as",), f"{when.stated_as!r} is not in seed {seed.meta.id}: quote how it dates this", "SR410")
        )
    if when.stated_as:
        named = [d for d in WEEKDAYS if re.search(rf"\b{d}\b", when.stated_as, re.IGNORECASE)]
        named += [d for d in arabic.weekdays(when.stated_as) if d not in named]
        out += _month_problems(when, when.stated_as, {day} | _local_days(when, day) if day else set())
        if named and when.weekday not in named and not (days and set(named) <= days):
            out.append(
                (("stated_as",), f"{when.stated_as!r} names {named[0]}, but the weekday is {when.weekday}", "SR411")
            )
        elif named and days and not set(named) <= days:
            wrong = next(d for d in named if d not in days)
            out.append(
                (
                    ("stated_as",),
                    f"{when.stated_as!r} names {wrong}, but the time falls on {' / '.join(sorted(days))}",
                    "SR411",
                )
            )
        if when.time:
            said = _clock_times(when.stated_as)
            wrong_times = [t for t in said if t not in clocks]
            if wrong_times:
                out.append(
                    (
                        ("time",),
                        f"{when.stated_as!r} says {wrong_times[0]}, but the time is {' or '.join(sorted(clocks))} "
                        "(with its local offset)",
                        "SR412",
                    )
                )
    if when.local is not None and when.zone == when.local.offset:
        out.append((("local",), "the local offset is the zone itself: leave 'local' out", "SR413"))
    if when.weekday and when.date and when.date != resolved:
        ahead = " (a deadline: the next one)" if when.deadline else ""
        out.append(
            (
                ("date",),
                f"'{when.weekday}' in an article published on {published:%A} {published} "
                f"is {resolved}{ahead}, not {when.date}",
                "SR414",
            )
        )
    if when.date and when.date > published and not when.deadline:
        out.append((("date",), f"{when.date} is after the seed was published ({published})", "SR415"))
    if when.before and when.before > published + dt.timedelta(days=1):
        out.append((("before",), f"{when.before} is after the seed was published ({published})", "SR415"))
    if when.month and when.month > f"{published:%Y-%m}":
        out.append((("month",), f"{when.month} is after the seed was published ({published})", "SR415"))
    return out


# --------------------------------------------------------------------------- measures


def check_measures(parsed: Parsed) -> Iterator[Diagnostic]:
    """Each figure names a known measure, and its values are what the measure's unit allows."""
    for loc in parsed.located:
        if loc.section != "figures":
            continue
        f: Figure = loc.item
        measure = parsed.registry.get(f.metric)
        if measure is None:
            yield loc.diag(("metric",), parsed.registry.unknown(f.metric), "SR501")
            continue
        raw = loc.doc.data[loc.index] if isinstance(loc.doc.data, list) else {}
        for name in ("value", "low", "high", "of"):
            v = getattr(f, name)
            if v is None:
                continue
            if measure.whole and not is_whole(v):
                yield loc.diag(
                    (name,),
                    f"'{f.metric}' is counted in {measure.unit_label}: a whole number is required "
                    f"(got {plain_number(v)})",
                    "SR502",
                )
            if v < 0 and not measure.negative:
                yield loc.diag((name,), f"'{f.metric}' ({measure.unit_label}) cannot be below zero", "SR503")
            written = unit_hint(raw.get(name)) if isinstance(raw, dict) else None
            if written is not None and written != measure.unit and name != "of":
                yield loc.diag(
                    (name,),
                    f"written as {written} ({raw.get(name)!r}), but '{f.metric}' is measured in {measure.unit_label}",
                    "SR504",
                )


# --------------------------------------------------------------------------- consistency


def check_consistency(parsed: Parsed) -> Iterator[Diagnostic]:
    report = parsed.report
    if report is None:
        return
    where = parsed.where("figures")
    known = parsed.registry.measures
    for b in analysis.breakdowns(report, lambda m: parsed.registry[m].additive):
        if any(f.metric not in known for f in (b.total, *(f for p in b.parts for f in p))):
            continue  # an unknown measure is reported once, by check_measures
        if b.problem:
            yield where[b.total.id].diag(("value",), b.problem, "SR505")
    for f in report.figures:
        if f.part_of == f.id:
            yield where[f.id].diag(("part_of",), "a figure cannot be a part of itself", "SR506")


def discrepancy_findings(parsed: Parsed) -> Iterator[Diagnostic]:
    """Unacknowledged discrepancies: shown on the page anyway; --strict wants a note."""
    report = parsed.report
    if report is None:
        return
    where = parsed.where("figures")
    for d in analysis.discrepancies(report):
        if d.note is None:
            ids = ", ".join(f.id for f in d.figures)
            yield where[d.figures[-1].id].diag(
                ("value",), f"discrepancy with no editor's note in report.yaml discrepancies: {ids}", "SR801"
            )


# --------------------------------------------------------------------------- coverage

# A word that may start a name: a letter in upper case, then letters (any script: "São", "Tomé"),
# apostrophes and hyphens ("Al-Bayda", "N'Djamena").
_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")
# Words that name a place when they come just before a capitalised phrase: "in Linn", "west of Halden".
_PLACE_CUES = frozenset(["in", "at", "near", "from", "to", "of", "around"])
# Lower-case words inside a name: "Ciudad del Este", "Rio de Janeiro", "Trinidad and Tobago" is two.
_PARTICLES = frozenset(["de", "del", "da", "do", "dos", "das", "di", "du", "la", "le", "el", "al", "von", "van"])
# Capitalised at the start of a sentence or as a title, never a place on their own.
_LEADING = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "Of",
        "For",
        "From",
        "To",
        "By",
        "With",
        "After",
        "Before",
        "Since",
        "During",
        "Until",
        "But",
        "And",
        "Or",
        "So",
        "Some",
        "Many",
        "Most",
        "All",
        "This",
        "That",
        "These",
        "Those",
        "Its",
        "Their",
        "His",
        "Her",
        "Our",
        "Overnight",
        "Meanwhile",
        "Later",
        "Earlier",
        "Then",
        "Now",
        "When",
        "While",
        "Where",
        "Here",
        "There",
        "Both",
        "Each",
        "Every",
        "Other",
        "Only",
        "Even",
        "Also",
        "Still",
        "Yet",
        "As",
        "If",
        "Although",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "President",
        "Minister",
        "Governor",
        "Mayor",
        "General",
        "Prime",
    ]
)

# Capitalised after "in", "of", "since"... but never places: "in September", "of Monday".
_CALENDAR = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Mon",
        "Tue",
        "Tues",
        "Wed",
        "Thu",
        "Thur",
        "Thurs",
        "Fri",
        "Sat",
        "Sun",
        "Christmas",
        "Easter",
        "Ramadan",
        "Eid",
        "New",
        "Year",
        "Today",
        "Tonight",
        "Tomorrow",
        "Yesterday",
    ]
)


@dataclass(frozen=True)
class PlaceName:
    """A stretch of a seed that may name a place, and why it was proposed."""

    start: int
    end: int
    name: str
    reason: str  # for the writer: "in places.yaml", "after 'in'", "a capitalised phrase"


def place_names(text: str, known: set[str], not_places: set[str]) -> list[PlaceName]:
    """Every mention in ``text`` of a place in the report's gazetteer (``known``: its places'
    names and aliases, as the maps use them), and every capitalised phrase that may be one:
    after a word such as "in" or "near" ("in Linn"), or two words or more anywhere ("Costa Verde
    burst its banks", "São Tomé"). Calendar words and the words of the report's actors and
    sources (``not_places``) are never places."""
    out: list[PlaceName] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(known, key=lambda n: (-len(n), n)):  # "Marrow Valley" is not also "Marrow"
        for m in re.finditer(_loose(name), text) if name.strip() else ():
            start, end = m.start(), m.end()
            if _whole_word(text, start, end) and not any(s < end and start < e for s, e in taken):
                out.append(PlaceName(start, end, name, "in places.yaml"))
                taken.append((start, end))
    for words in _capitalised_runs(text):
        while words and words[0][2] in _LEADING:
            words = words[1:]
        if not words or {w[2] for w in words} <= not_places:
            continue
        start, end = words[0][0], words[-1][1]
        if any(s < end and start < e for s, e in taken):
            continue  # a place of the gazetteer, or part of one
        before = [w.lower() for w in text[max(0, start - 40) : start].split()[-2:]]
        if before[-1:] == ["the"]:
            before = before[:-1]
        if before and before[-1] in _PLACE_CUES:
            out.append(PlaceName(start, end, text[start:end], f"after '{before[-1]}'"))
        elif len(words) >= 2:
            out.append(PlaceName(start, end, text[start:end], "a capitalised phrase"))
    return sorted(out, key=lambda p: (p.start, p.end))


def _loose(name: str) -> str:
    """A pattern for ``name`` as a seed may write it: across a line break, with either apostrophe."""
    parts = [re.sub("['\u2019]", "['\u2019]", re.escape(w)) for w in name.split()]
    return r"\s+".join(parts)


_Word = tuple[int, int, str]


def _capitalised_runs(text: str) -> Iterator[list[_Word]]:
    """Runs of capitalised words joined by single spaces, or by a particle ("Ciudad del Este"),
    as (start, end, word); a calendar word ("Linn on Friday", "GMT Wednesday"), punctuation or a
    possessive ("Rio Seco's mayor") ends a run."""
    run: list[_Word] = []
    pending: list[_Word] = []  # particles since the run's last capitalised word
    prev_end: int | None = None
    for m in _WORD.finditer(text):
        base = m.group().removesuffix("\u2019s").removesuffix("'s")
        word = (m.start(), m.start() + len(base), base)
        joined = prev_end is not None and text[prev_end : m.start()] == " "
        prev_end = m.end()
        if base[:1].isupper() and base not in _CALENDAR:
            if run and joined:
                run += [*pending, word]
            else:
                if run:
                    yield run
                run = [word]
            pending = []
            if base != m.group():
                yield run
                run, prev_end = [], None
        elif run and joined and base in _PARTICLES and len(pending) < 2:
            pending.append(word)
        else:
            if run:
                yield run
            run, pending = [], []
    if run:
        yield run


def coverage_findings(report: Report, seeds: dict[str, Seed], coverage: Coverage) -> Iterator[Diagnostic]:
    """Numbers, place names and photo credits of each seed that no fact or exclusion quotes; a place
    name counts only where a fact's own quote names it (see :class:`Coverage`)."""
    known = {n for p in report.places for n in (p.name, *p.aliases)}
    for seed_id in report.meta.seeds:
        seed = seeds.get(seed_id)
        if seed is None:
            continue
        # Names of who acts or speaks are not places; the publisher's is no one's here ("Costa Verde Herald").
        names = [n for a in report.actors for n in (a.name, *a.aliases)]
        names += [s.name for s in report.sources if isinstance(s, NamedSource) and not _publisher(s, seed)]
        not_places = {w for n in names for w in _WORD.findall(n) if w[:1].isupper()}
        found: list[tuple[int, int, str]] = []
        found += [(n.start, n.end, f"number {n.text!r}") for n in numbers(seed.text)]
        found += [(s, e, f"photo credit {t!r}") for s, e, t in credits(seed.text)]
        found = [(s, e, what) for s, e, what in found if not coverage.covered(seed_id, s, e)]
        for p in place_names(seed.text, known, not_places):
            if not coverage.names(seed_id, p.start, p.end):
                kind = "place" if p.reason == "in places.yaml" else "possible place"
                found.append((p.start, p.end, f"{kind} {p.name!r} ({p.reason})"))
        seen: set[tuple[int, int]] = set()
        for start, end, what in sorted(found):
            if (start, end) in seen:
                continue
            seen.add((start, end))
            line, col = seed.line_col(start)
            yield Diagnostic(
                seed.file,
                line,
                col,
                "coverage",
                f"{what} is cited by no fact of report '{report.meta.id}' and not excluded",
                "SR802",
            )


def _whole_word(text: str, start: int, end: int) -> bool:
    """'Syria' in 'Syrian' is not the place."""
    return not (start > 0 and text[start - 1].isalnum()) and not (end < len(text) and text[end].isalnum())


def check_seed(seed_meta: SeedMeta, seed_id: str, raw: bytes, doc: Document) -> Iterator[Diagnostic]:
    if seed_meta.id != seed_id:
        yield doc.diag(("id",), f"id '{seed_meta.id}' does not match the file name '{seed_id}'", "SR603")
    digest = sha256(raw)
    if digest != seed_meta.sha256:
        yield doc.diag(
            ("sha256",),
            f"the seed text has changed (its sha256 is {digest}); evidence must not move: restore the seed",
            "SR604",
        )


# --------------------------------------------------------------------------- editions


# A fact file of the report ("figures", "report") as committed at git's HEAD, or None: what a
# published edition most likely showed, to name the field an edit changed (see _published_change).
Committed = Callable[[str], Document | None]


def check_editions(
    parsed: Parsed,
    seeds: dict[str, Seed],
    lock_text: str | None,
    lock_file: str,
    publishing: bool = False,
    committed: Committed | None = None,
    shared: Shared | None = None,
) -> Iterator[Diagnostic]:
    """Every edition is well defined, honest about its seeds, and unchanged once published.

    Each edition's state (facts as shown then, corrections undone) is checked like the
    current one: its references resolve within the edition, its quotes are in their
    seeds and state its figures, and it cites no seed published after it.
    """
    report, meta_doc = parsed.report, parsed.meta_doc
    if report is None or meta_doc is None:
        return
    where = {(loc.section, loc.item.id): loc for loc in parsed.located}
    count = len(report.meta.editions)
    broken = False
    for loc in parsed.located:
        item = loc.item
        if item.since > count:
            yield loc.diag(("since",), f"edition {item.since} does not exist (the report has {count})", "SR701")
        for j, c in enumerate(item.corrections):
            if c.edition > count:
                yield loc.diag(("corrections", j, "edition"), f"edition {c.edition} does not exist", "SR701")
            try:
                before = editions.fact_at(item, loc.section, c.edition - 1)
            except editions.CorrectionError as exc:
                broken = True
                yield loc.diag(("corrections", j, "was"), str(exc), "SR702")
                continue
            if before == editions.fact_at(item, loc.section, c.edition):
                yield loc.diag(
                    ("corrections", j, "was"), "'was' is what the fact says now: nothing is corrected", "SR703"
                )
    if broken:
        return
    for e in report.meta.editions:
        state = editions.state_at(report, e.number)
        shown = {s: {i.id for i in getattr(state, s)} for s in SECTIONS}
        for section in SECTIONS:
            for item in getattr(state, section):
                loc = where[(section, item.id)]
                for fld, target in REFERENCES.get(section, {}).items():
                    value = getattr(item, fld, None)
                    for ref in value if isinstance(value, tuple) else (value,):
                        if ref is None or ref in shown[target] or target in parsed.unknowable:
                            continue
                        yield loc.diag((fld,), _not_shown(e.number, section, target, ref, report), "SR704")
                seed = seeds.get(item.evidence.seed)
                if seed and seed.meta.published > e.published.date():
                    yield loc.diag(
                        ("since",),
                        f"edition {e.number} ({e.published.date()}) cannot cite seed {seed.meta.id}, "
                        f"published later ({seed.meta.published})",
                        "SR705",
                    )
                if item.corrections and item is not loc.item and seed:
                    yield from _check_old_state(loc, item, seed, e.number)
    metas = {k: s.meta for k, s in seeds.items()}
    yield from _check_edition_words(report, meta_doc, metas)
    yield from _check_highlights(report, meta_doc)
    yield from _check_key_figures(report, meta_doc, parsed.registry)
    yield from _check_fingerprints(parsed, lock_text, lock_file, publishing, metas, committed, shared)


@dataclass
class Shared:
    """Where the inputs that reports share are written, to place an error at the field a
    published edition shows: each seed's metadata file, and the project's measures.yaml
    (read only when an error needs it)."""

    seeds: Mapping[str, Document] = field(default_factory=dict)
    measures: Callable[[], Document | None] = lambda: None


def _check_edition_words(report: Report, meta_doc: Document, seed_metas: dict) -> Iterator[Diagnostic]:
    """An edition's headline, summary and overview state only numbers and quotes its own facts give:
    an edition's page never says what only a later edition published (see :mod:`sitrep.facts.edition_text`)."""
    for e in report.meta.editions:
        facts = edition_text.known(report, e.number, seed_metas)
        for owner, name, text in edition_text.shown_words(report, e.number):
            missing = edition_text.unsupported(text, facts)
            if not missing:
                continue
            which = _and([u.what for u in missing])
            carried = f" (carried on from edition {owner})" if owner != e.number else ""
            yield meta_doc.diag(
                ("editions", owner - 1, name),
                f"edition {e.number} shows this {name}{carried}, but none of its facts gives {which}: "
                f"say only what edition {e.number} published, or give that edition its own {name}",
                "SR719",
            )


def _check_highlights(report: Report, meta_doc: Document) -> Iterator[Diagnostic]:
    """Each highlight names figures its edition shows, and every number (and quoted passage) in it
    is one those figures give: the highlight says what they say, so their evidence covers it."""
    known = {f.id for f in report.figures}
    for e in report.meta.editions:
        shown = {f.id for f in editions.state_at(report, e.number).figures}
        for i, h in enumerate(e.highlights):
            path = ("editions", e.number - 1, "highlights", i)
            bad = False
            for j, ref in enumerate(h.facts):
                if ref not in known:
                    yield meta_doc.diag((*path, "facts", j), _unknown(ref, "figures", known), "SR302")
                    bad = True
                elif ref not in shown:
                    yield meta_doc.diag(
                        (*path, "facts", j),
                        f"edition {e.number} does not show the figure '{ref}': a highlight states only what its "
                        "edition shows",
                        "SR720",
                    )
                    bad = True
            if bad:
                continue
            missing = edition_text.unsupported(h.text, edition_text.known_of(report, e.number, h.facts))
            if missing:
                yield meta_doc.diag(
                    (*path, "text"),
                    f"states {_and([u.what for u in missing])}, which none of its figures "
                    f"({', '.join(h.facts)}) gives: name the figure that says it, or say only what they say",
                    "SR720",
                )


def _check_key_figures(report: Report, meta_doc: Document, registry: Registry) -> Iterator[Diagnostic]:
    """report.yaml's ``key_figures`` names measures or key figures, each once."""
    figures = {f.id: f for f in report.figures}
    seen: set[str] = set()
    for i, ref in enumerate(report.meta.key_figures):
        path = ("key_figures", i)
        if ref in seen:
            yield meta_doc.diag(path, f"'{ref}' is named twice", "SR721")
        seen.add(ref)
        f = figures.get(ref)
        if f is not None:
            if not f.key:
                yield meta_doc.diag(
                    path, f"the figure '{ref}' is not a key figure: mark it 'key: true' in its file", "SR721"
                )
        elif ref not in registry.measures:
            hint = difflib.get_close_matches(ref, sorted(set(figures) | set(registry.measures)), n=1)
            yield meta_doc.diag(
                path,
                f"unknown measure or figure '{ref}'" + (f" (did you mean '{hint[0]}'?)" if hint else ""),
                "SR302",
            )


def _not_shown(n: int, section: str, target: str, ref: str, report: Report) -> str:
    what = f"edition {n} shows this {SINGULAR[section]}, which refers to the {SINGULAR[target]} '{ref}'"
    item = next((i for i in getattr(report, target) if i.id == ref), None)
    if item is None:
        return f"{what}, but there is no such {SINGULAR[target]}"
    if item.withdrawn is not None and item.withdrawn <= n:
        return f"{what}, withdrawn from edition {item.withdrawn}"
    return f"{what}, shown only from edition {item.since} (give '{ref}' an earlier 'since')"


def _check_old_state(loc: Located, item: Any, seed: Seed, n: int) -> Iterator[Diagnostic]:
    """A fact as an edition before a correction showed it must still be supported by its quote."""
    if not seed.find(item.evidence.quote):
        yield loc.diag(
            ("corrections",), f"as edition {n} showed it: {closest_hint(seed, item.evidence.quote)}", "SR706"
        )
    if isinstance(item, Figure):
        quote = item.evidence.quote
        for _path, msg, _code in check_figure_value(item, quote, _context(seed, quote), builtin().get(item.metric)):
            yield loc.diag(("corrections",), f"as edition {n} showed it: {msg}", "SR706")


def _check_fingerprints(
    parsed: Parsed,
    lock_text: str | None,
    lock_file: str,
    publishing: bool,
    seed_metas: dict,
    committed: Committed | None = None,
    shared: Shared | None = None,
) -> Iterator[Diagnostic]:
    """Published editions still say what they said: one error per fact, naming the editions.

    Each error is placed at the fact (its file and line), and at the field the edit changed
    when the fact as committed at git's HEAD is what the lock recorded (``committed``).
    """
    report, meta_doc = parsed.report, parsed.meta_doc
    assert report is not None and meta_doc is not None
    try:
        lock = editions.parse_lock(lock_text or "")
    except editions.LockError as exc:
        yield Diagnostic(lock_file, exc.line, 1, "(file)", str(exc), "SR707")
        return
    where = {f"{loc.section}/{loc.item.id}": loc for loc in parsed.located}
    changed: dict[str, list[int]] = defaultdict(list)  # fact -> published editions it changes
    added: dict[str, list[int]] = defaultdict(list)
    gone: dict[str, list[int]] = defaultdict(list)
    parts: dict[str, list[int]] = defaultdict(list)  # a part besides the facts -> published editions it changes
    for i, e in enumerate(report.meta.editions):
        n = e.number
        if n not in lock.editions:
            if not e.draft and not publishing:
                yield meta_doc.diag(
                    ("editions", i),
                    f"edition {n} is not a draft but was never published: run `python build.py publish "
                    f"{report.meta.id}` (or mark it draft: true)",
                    "SR708",
                )
            continue
        if e.draft:
            yield meta_doc.diag(
                ("editions", i, "draft"), f"edition {n} was published; it cannot become a draft", "SR709"
            )
            continue
        if editions.matches(lock, report, n, seed_metas, parsed.registry):
            continue
        expected, now = lock.expected_facts(n), editions.fact_prints(report, n)
        differ = sorted(k for k in set(expected) | set(now) if expected.get(k) != now.get(k))
        for key in differ:
            (changed if key in expected and key in now else added if key in now else gone)[key].append(n)
        if editions.ALGORITHM in lock.prints[n]:  # what else it shows, part by part
            for key in _parts_changed(lock, report, n, seed_metas, parsed.registry):
                parts[key].append(n)
                differ.append(key)
        if not differ:
            yield meta_doc.diag(
                _edition_change(parsed, i, committed),
                f"published edition {n} no longer matches its fingerprint: its headline, summary, overview or date, "
                "or the report's title, or the seeds (their title, wire, publisher, date, language or text) "
                "or discrepancy notes of its facts changed",
                "SR710",
            )
    for key, shown_in in changed.items():
        loc = where[key]
        undone = [(i, c) for i, c in enumerate(loc.item.corrections) if c.edition > min(shown_in)]
        if undone:  # the published editions are rebuilt by undoing these: a wrong `was` is the likely cause
            i, c = undone[0]
            yield loc.diag(
                ("corrections", i, "was"),
                f"published {_editions(shown_in)} showed '{c.field}' otherwise: this correction's 'was' must be "
                f"exactly what {'it' if len(shown_in) == 1 else 'they'} showed before edition {c.edition} "
                "corrected it",
                "SR711",
            )
            continue
        yield loc.diag(
            _published_change(loc, shown_in, lock, committed),
            f"changes what published {_editions(shown_in)} {'shows' if len(shown_in) == 1 else 'show'}: record "
            "the fix as a correction carried by a new edition (corrections: edition, field, was, note)",
            "SR712",
        )
    for key, shown_in in added.items():
        yield where[key].diag(
            ("since",),
            f"would appear in published {_editions(shown_in)}: give it the 'since' of the edition that adds it",
            "SR713",
        )
    folder = lock_file.rpartition("/")[0]
    for key, shown_in in gone.items():  # at the fact's file: where it was at HEAD, if known
        section, _, fact_id = key.partition("/")
        line, col = _committed_place(committed, section, fact_id)
        yield Diagnostic(
            f"{folder}/{section}.yaml" if folder else f"{section}.yaml",
            line,
            col,
            key,
            f"published {_editions(shown_in)} showed {key}: withdraw it from a later edition",
            "SR714",
        )
    for n in sorted(set(lock.editions) - {e.number for e in report.meta.editions}):
        yield meta_doc.diag(("editions",), f"edition {n} was published but is gone from report.yaml", "SR715")
    yield from _parts_errors(parsed, parts, shared or Shared())


def _parts_changed(lock: editions.Lock, report: Report, n: int, seed_metas: dict, registry: Registry) -> list[str]:
    """The parts of edition ``n`` besides its facts (:func:`sitrep.facts.editions.shown_parts`)
    that differ from what the lock recorded. A seed or measure the edition did not show before
    (or no longer shows) is a fact's change, reported at the fact: not again here."""
    expected = lock.expected_shown(n)
    now = editions.shown_prints(report, n, seed_metas, registry)

    def owner(key: str) -> str:
        return key.rsplit("/", 1)[0] if key.startswith(("seed/", "measure/")) else ""

    owners_then, owners_now = {owner(k) for k in expected}, {owner(k) for k in now}
    return [
        key
        for key in sorted(set(expected) | set(now))
        if expected.get(key) != now.get(key) and owner(key) in owners_then and owner(key) in owners_now
    ]


FORCE = 'change published editions only with `publish --force --reason "..."`'
WORDS = {"example": "example flag", "unit_label": "unit's label", "hxl": "HXL hashtag", "url": "address"}


def _parts_errors(parsed: Parsed, parts: dict[str, list[int]], shared: Shared) -> Iterator[Diagnostic]:
    """One error per changed part, at its field in its own file, naming the editions that show it."""
    report, meta_doc = parsed.report, parsed.meta_doc
    assert report is not None and meta_doc is not None
    index = {e.number: i for i, e in enumerate(report.meta.editions)}
    measures_doc: Document | None = None
    for key, shown_in in sorted(parts.items()):
        kind, _, rest = key.partition("/")
        owner, _, name = rest.rpartition("/")
        what = WORDS.get(name, name)
        show = "shows" if len(shown_in) == 1 else "show"
        published = f"published {_editions(shown_in)}"
        if kind == "report":
            yield meta_doc.diag(
                (rest,),
                f"changes what {published} {show} (the report's {WORDS.get(rest, rest)}): a published edition "
                f"keeps what it showed; put what is new in a new edition, or {FORCE}",
                "SR716",
            )
        elif kind == "notes":
            yield meta_doc.diag(
                ("discrepancies",),
                f"changes the discrepancy notes {published} {show}: a new note goes with a new edition's "
                f"figures; {FORCE}",
                "SR716",
            )
        elif kind == "edition":
            for n in shown_in:
                yield meta_doc.diag(
                    ("editions", index[n], rest),
                    f"changes what published edition {n} shows (its {rest}): a published edition keeps its "
                    f"entry; say it in a new edition, or {FORCE}",
                    "SR716",
                )
        elif kind == "seed":
            doc = shared.seeds.get(owner)
            message = (
                f"changes what {published} of report '{report.meta.id}' {show} (the seed's {what}): an edition's "
                f"sources stay as published; {FORCE}"
            )
            if doc is None:
                yield meta_doc.diag(("seeds",), f"seed {owner}: {message}", "SR717")
            else:
                yield doc.diag((name,), message, "SR717")
        elif kind == "measure":
            if name == "unit_label" and f"measure/{owner}/unit" in parts:
                continue  # one change (the unit), one error
            if measures_doc is None:
                measures_doc = shared.measures()
            message = (
                f"changes what {published} of report '{report.meta.id}' {show} (the measure's {what}): "
                f"published figures keep their measure's words; give new figures a new measure, or {FORCE}"
            )
            if measures_doc is None:
                yield meta_doc.diag(("editions",), f"measure {owner}: {message}", "SR718")
            else:
                yield measures_doc.diag(_measure_field(measures_doc, owner, name), message, "SR718")


def _measure_field(doc: Document, measure_id: str, name: str) -> Path_:
    """Where a measure's shown field is set: its own key, else its unit's (the unit's label, or
    what the unit decides for every measure in it: whole, negative, additive)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    spec = (data.get("measures") or {}).get(measure_id)
    spec = spec if isinstance(spec, dict) else {}
    unit, key = spec.get("unit"), "label" if name == "unit_label" else name
    if name not in spec and isinstance(unit, str) and ("units", unit, key) in doc.positions:
        return ("units", unit, key)
    return ("measures", measure_id, "unit" if name == "unit_label" else name)


def _committed_fact(committed: Committed | None, section: str, fact_id: str) -> tuple[Any, Document, int] | None:
    """The fact ``section/fact_id`` as committed at HEAD (valid), its document and index; or None."""
    doc = committed(section) if committed else None
    if doc is None or not isinstance(doc.data, list):
        return None
    for i, raw in enumerate(doc.data):
        if isinstance(raw, dict) and raw.get("id") == fact_id:
            try:
                return ADAPTERS[section].validate_python(raw), doc, i
            except ValidationError:
                return None
    return None


def _committed_place(committed: Committed | None, section: str, fact_id: str) -> tuple[int, int]:
    found = _committed_fact(committed, section, fact_id)
    return found[1].where((found[2],)) if found else (1, 1)


def _published_change(loc: Located, shown_in: list[int], lock: editions.Lock, committed: Committed | None) -> Path_:
    """The field whose edit changes what the first of ``shown_in`` showed, or () for the whole fact.

    The lock holds one hash per fact, not its fields: the fact as committed at HEAD is
    compared field by field with the fact now, if its hash is what the lock recorded for
    that edition (otherwise HEAD is not what was published, and the whole fact is named).
    """
    found = _committed_fact(committed, loc.section, loc.item.id)
    if found is None:
        return ()
    n = shown_in[0]
    try:
        before, now = editions.fact_at(found[0], loc.section, n), editions.fact_at(loc.item, loc.section, n)
    except editions.CorrectionError:
        return ()
    if editions.fact_fingerprint(before, n) != lock.expected_facts(n).get(f"{loc.section}/{loc.item.id}"):
        return ()
    paths = editions.changed_paths(editions.fact_shown(before, n), editions.fact_shown(now, n))
    return min(paths, key=lambda p: (loc.doc.where((loc.index, *p)), p), default=())


def _edition_change(parsed: Parsed, i: int, committed: Committed | None) -> Path_:
    """Where a published edition changed when none of its facts did: its own entry's field, the
    title or a discrepancy note that differs from HEAD's report.yaml; else the edition entry."""
    report, doc = parsed.report, committed("report") if committed else None
    if report is None or doc is None or not isinstance(doc.data, dict):
        return ("editions", i)
    try:
        old = ReportMeta.model_validate(doc.data)
    except ValidationError:
        return ("editions", i)
    entry = report.meta.editions[i]
    was = next((e for e in old.editions if e.number == entry.number), None)
    for name in ("published", "headline", "summary", "overview"):
        if was is not None and getattr(was, name) != getattr(entry, name):
            return ("editions", i, name)
    if old.title != report.meta.title:
        return ("title",)
    for j, note in enumerate(report.meta.discrepancies):
        if note not in old.discrepancies:
            return ("discrepancies", j)
    return ("editions", i)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _editions(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"edition {numbers[0]}"
    return "editions " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def _unstated(report: Report, text: str, n: int, facts: tuple[str, ...]) -> list[str]:
    """What a translated highlight states that its figures do not give: its numbers in any digits
    (Arabic-Indic and Eastern read as the digits they are), checked as the original's are."""
    digits = arabic.fold(text)[0]
    return [u.what for u in edition_text.unsupported(digits, edition_text.known_of(report, n, facts))]


def check_translations(
    report: Report, docs: Mapping[str, Document], lock_text: str | None, lock_file: str
) -> tuple[Report, list[Diagnostic]]:
    """The report with its translation files (``i18n/<language>.yaml``) checked and attached, and
    every error: unknown sections, ids and fields at their place, and each published translation
    (locked in ``lock_text``, when given) changed or removed since."""
    errors: list[Diagnostic] = []
    found = []
    for language, doc in sorted(docs.items()):
        if () in doc.broken:
            continue
        t, errs = translations.parse(doc, report, language, functools.partial(_unstated, report))
        errors += errs
        if t is not None:
            found.append(t)
    report = report.model_copy(update={"translations": tuple(found)})
    if lock_text is None or errors:
        return report, errors
    try:
        lock = editions.parse_lock(lock_text)
    except editions.LockError:
        return report, errors  # the editions' check names the line
    # What each translation published, and with which edition: published pages show only that.
    held = {lang: {k: n for k, (n, _digest, _line) in texts.items()} for lang, texts in lock.texts.items()}
    found = [t.model_copy(update={"published": held.get(t.language, {})}) for t in found]
    report = report.model_copy(update={"translations": tuple(found)})
    for language, key, n, removed in editions.translation_changes(lock, report):
        file = docs.get(language)
        path: Path_ = tuple(key.split("/"))  # report/title, editions/1/headline, figures/<id>/label
        how = "removed" if removed else "changed"
        message = (
            f"this translation was published with edition {n}: it changes with a correction of its fact's field "
            f'in a new edition, or with `publish --force --reason "..."` ({how}: {key})'
        )
        if file is None:
            line = lock.texts[language][key][2]
            errors.append(Diagnostic(lock_file, line, 1, key, f"{language}: {message}", "SR722"))
        else:
            errors.append(file.diag(path, message, "SR722"))
    return report, errors
