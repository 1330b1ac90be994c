"""Translations of a report's words: ``reports/<id>/i18n/<lang>.yaml``, one file per language.

A report is written in one language (``language`` in report.yaml, English by default): its
title, editions and the facts' text fields. A translation file gives, for another language, the
same words translated, keyed by what they translate::

    report:
      title: Cholera in Wadi al-Sindiyan, October 2025 (fictional example)
    editions:
      "1":
        headline: ...
    figures:
      suspected-230:
        label: Suspected cholera cases

The facts are shared: numbers, dates, places' coordinates and ids are never translated, and
evidence quotes stay in their seed's language (a quote is the source's words). A statement's
``text`` may be translated, and is then shown as a translation of what was said, never as the
speaker's own words (:attr:`Words.translated`).

Each text is a *key*: ``report/title``, ``editions/1/headline``, ``figures/suspected-230/label``.
The checks (:func:`parse`) name an unknown section, id or field, or a field the fact does not
have, at its ``file:line:col``; :func:`missing` lists the report's words a file does not
translate yet (``check`` lists them, ``--strict`` refuses them). ``publish`` locks each
translated text with the edition it is published in (:mod:`sitrep.facts.editions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sitrep.errors import Diagnostic
from sitrep.facts import filekinds, languages
from sitrep.facts.load import Document
from sitrep.facts.model import SECTIONS, Report, Translation
from sitrep.facts.text import problem as text_problem

FOLDER = filekinds.I18N_FOLDER  # beside the fact files: reports/<id>/i18n/<lang>.yaml

REPORT_FIELDS = ("title",)
EDITION_FIELDS = ("headline", "summary", "overview")
# An edition's highlights: a list in the original's order, one translated sentence each, keyed
# "editions/3/highlights/1"; each states only numbers its figures give, as the original must (SR720).
HIGHLIGHTS = "highlights"
# The text fields of each section a translation may give, in the order fmt writes them. Ids, kinds,
# numbers, dates and evidence quotes are not here: they are shared by every language.
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("name", "label", "description", "reason"),
    "places": ("name", "description"),
    "actors": ("name", "description"),
    "figures": ("label", "words", "note"),
    "events": ("what",),
    "statements": ("text",),
    "impacts": ("subject", "description"),
    "media": ("caption",),
}
# An editor's note on two figures that disagree (report.yaml ``discrepancies``), keyed by the two
# figures' ids: "discrepancies/killed-civilians-750+killed-civilians-745/note".
DISCREPANCY_FIELDS = ("note",)
SECTION_ORDER = ("report", "editions", *SECTIONS, "discrepancies")  # a file's top-level keys, in fmt's order
MAX_TEXT = 4000  # as the facts' own long texts


class MissingTranslation(LookupError):
    """A word asked for in a language its report has no translation of (an error under --strict)."""


@dataclass(frozen=True)
class Words:
    """A text of the report in a language: its own words, or a translation of them.

    ``translated``: the text is a translation. A translated statement (``statements/<id>/text``)
    is a translation of what the speaker said: show it as such, never as their words."""

    text: str
    language: str
    translated: bool


def discrepancy(figures: tuple[str, str]) -> str:
    """A discrepancy's key in a translation file: its two figures' ids, as report.yaml lists them."""
    return "+".join(figures)


def highlight_key(edition: int, i: int) -> str:
    """The key of an edition's ``i``-th highlight (from 1): "editions/3/highlights/1"."""
    return key("editions", str(edition), f"{HIGHLIGHTS}/{i}")


def key(section: str, item: str, field: str) -> str:
    """``figures/suspected-230/label``; ``report/title`` is ``key("report", "", "title")``."""
    return f"{section}/{field}" if section == "report" else f"{section}/{item}/{field}"


def originals(report: Report) -> dict[str, str]:
    """Every translatable text the report has, by key: its own words, in its own language."""
    out: dict[str, str] = {key("report", "", "title"): report.meta.title}
    for e in report.meta.editions:
        for name in EDITION_FIELDS:
            value = getattr(e, name, None)
            if isinstance(value, str) and value:
                out[key("editions", str(e.number), name)] = value
        for i, h in enumerate(e.highlights, start=1):
            out[highlight_key(e.number, i)] = h.text
    for section, names in FACT_FIELDS.items():
        for item in getattr(report, section):
            for name in names:
                value = getattr(item, name, None)
                if isinstance(value, str) and value:
                    out[key(section, item.id, name)] = value
    for d in report.meta.discrepancies:
        out[key("discrepancies", discrepancy(d.figures), "note")] = d.note
    return out


# What a sentence states that the figures it names do not give (edition number, figure ids): the
# edition-words check (sitrep.facts.edition_text), handed in by the validation that calls parse.
Unstated = Callable[[str, int, tuple[str, ...]], list[str]]


def parse(
    doc: Document, report: Report, language: str, unstated: Unstated | None = None
) -> tuple[Translation | None, list[Diagnostic]]:
    """A translation file checked against its report: every error at once, each at its place;
    ``unstated`` checks each translated highlight like its original (SR720)."""
    errors: list[Diagnostic] = []
    if (why := languages.problem(language)) is not None:
        errors.append(doc.diag((), f"the file's name must be a language code: {why}", "SR119"))
        return None, errors
    if language == report.meta.language:
        errors.append(
            doc.diag((), f"the report is written in '{language}': a translation is into another language", "SR119")
        )
        return None, errors
    data = doc.data
    if data is None:
        return Translation(language=language, texts={}), errors
    if not isinstance(data, dict):
        errors.append(doc.diag((), "a translation file must be a mapping (report, editions, figures, ...)", "SR206"))
        return None, errors
    have = originals(report)
    ids = {s: {i.id for i in getattr(report, s)} for s in SECTIONS}
    ids["editions"] = {str(e.number) for e in report.meta.editions}
    ids["discrepancies"] = {discrepancy(d.figures) for d in report.meta.discrepancies}
    texts: dict[str, str] = {}
    for section, entries in data.items():
        if section not in SECTION_ORDER:
            errors.append(
                doc.diag((section,), f"unknown section (expected one of: {', '.join(SECTION_ORDER)})", "SR208")
            )
            continue
        if section == "report":
            errors += _fields(doc, (section,), entries, section, "", REPORT_FIELDS, have, texts)
            continue
        if not isinstance(entries, dict):
            errors.append(doc.diag((section,), f"expected a mapping of {_what(section)} to their fields", "SR206"))
            continue
        names = {"editions": EDITION_FIELDS, "discrepancies": DISCREPANCY_FIELDS}.get(section) or FACT_FIELDS[section]
        for item, fields in entries.items():
            if item not in ids[section]:
                errors.append(doc.diag((section, item), _unknown(section, item, ids[section]), "SR306"))
                continue
            if section == "editions" and isinstance(fields, dict) and HIGHLIGHTS in fields:
                fields = dict(fields)
                given = fields.pop(HIGHLIGHTS)
                errors += _highlights(doc, (section, item), given, report, int(item), texts, unstated)
            errors += _fields(doc, (section, item), fields, section, item, names, have, texts)
    return Translation(language=language, texts=texts), errors


def _highlights(
    doc: Document,
    path: tuple,
    given: Any,
    report: Report,
    number: int,
    texts: dict[str, str],
    unstated: Unstated | None,
) -> Iterator[Diagnostic]:
    """An edition's highlights translated: as many sentences as the original, in its order, each
    stating no number its highlight's figures do not give (digits in any script)."""
    own = report.meta.editions[number - 1].highlights
    at = (*path, HIGHLIGHTS)
    if not own:
        yield doc.diag(at, "the original has no highlights to translate", "SR208")
        return
    if not isinstance(given, list) or len(given) != len(own):
        yield doc.diag(
            at,
            f"expected a list of one translated sentence per highlight of the original ({len(own)}), in its order",
            "SR209",
        )
        return
    for i, (text, h) in enumerate(zip(given, own, strict=True)):
        if not isinstance(text, str) or not text.strip():
            yield doc.diag((*at, i), "expected the translated sentence (a non-empty string)", "SR209")
            continue
        if (why := text_problem(text)) is not None:
            yield doc.diag((*at, i), why, "SR118")
            continue
        missing = unstated(text, number, h.facts) if unstated is not None else []
        if missing:
            said = ", ".join(missing)
            yield doc.diag(
                (*at, i),
                f"states {said}, which none of its highlight's figures ({', '.join(h.facts)}) gives: "
                "a translation says what the original says",
                "SR720",
            )
            continue
        texts[highlight_key(number, i + 1)] = text


def _what(section: str) -> str:
    if section == "discrepancies":
        return "the two figures' ids of each of the report's discrepancies (first+second)"
    return "edition numbers" if section == "editions" else f"the ids of the report's {section}"


def _unknown(section: str, item: str, known: set[str]) -> str:
    if section == "editions":
        return f"the report has no edition {item} (it has {', '.join(sorted(known, key=int)) or 'none'})"
    if section == "discrepancies":
        pairs = ", ".join(sorted(known)) or "none"
        return f"the report has no discrepancy between {item.replace('+', ' and ')} (it has: {pairs})"
    return f"the report has no {section[:-1] if section != 'media' else 'photo'} '{item}'"


def _fields(
    doc: Document,
    path: tuple,
    fields: Any,
    section: str,
    item: str,
    names: tuple[str, ...],
    have: dict[str, str],
    texts: dict[str, str],
) -> Iterator[Diagnostic]:
    if not isinstance(fields, dict):
        yield doc.diag(path, f"expected a mapping of translated fields ({', '.join(names)})", "SR206")
        return
    for name, value in fields.items():
        at = (*path, name)
        if name not in names:
            yield doc.diag(at, f"not a translatable field here (translatable: {', '.join(names)})", "SR208")
            continue
        k = key(section, item, name)
        if k not in have:
            yield doc.diag(at, f"the original has no {name} to translate", "SR208")
            continue
        if not isinstance(value, str) or not value.strip():
            yield doc.diag(at, "expected the translated text (a non-empty string)", "SR209")
            continue
        if len(value) > MAX_TEXT:
            yield doc.diag(at, f"longer than {MAX_TEXT} characters", "SR209")
            continue
        if (why := text_problem(value)) is not None:
            yield doc.diag(at, why, "SR118")
            continue
        texts[k] = value


def missing(report: Report, translation: Translation) -> list[str]:
    """The keys of the report's texts that ``translation`` does not translate, in the report's order."""
    return [k for k in originals(report) if k not in translation.texts]


def missing_findings(report: Report, docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """One finding per language file listing what it does not translate yet (fatal with --strict)."""
    for t in report.translations:
        doc = docs.get(t.language)
        gaps = missing(report, t)
        if doc is None or not gaps:
            continue
        shown = ", ".join(gaps[:8]) + (f" and {len(gaps) - 8} more" if len(gaps) > 8 else "")
        yield doc.diag((), f"not translated into '{t.language}' yet: {len(gaps)} text(s), {shown}", "SR803")


def languages_of(report: Report) -> list[str]:
    """The report's languages: its own first, then those it has a translation file for, sorted."""
    return [report.meta.language, *sorted(t.language for t in report.translations)]


def translation(report: Report, language: str) -> Translation | None:
    return next((t for t in report.translations if t.language == language), None)


def words(report: Report, language: str, section: str, item: str, field: str, strict: bool = False) -> Words | None:
    """The text of one field of the report (``section`` is ``report``, ``editions`` with the edition
    number as ``item``, or a fact section) in ``language``.

    In the report's own language: its own words. In another: the translation, or None when there
    is none; with ``strict``, a missing translation raises :class:`MissingTranslation` (there is no
    fallback to the original language: a page in Arabic never shows an English sentence as Arabic).
    A field the report does not have at all is None in every language.
    """
    k = key(section, item, field)
    own = originals(report).get(k)
    if own is None:
        return None
    if language == report.meta.language:
        return Words(own, language, translated=False)
    found = translation(report, language)
    text = found.texts.get(k) if found is not None else None
    if text is None:
        if strict:
            raise MissingTranslation(f"{report.meta.id}: no '{language}' translation of {k}")
        return None
    return Words(text, language, translated=True)
