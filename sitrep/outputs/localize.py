"""A report in the language of the page that shows it (issue 28, translated reports).

A report's pages in its own language show its own words. In another language of the site they
show its translation into that language (``reports/<id>/i18n/<lang>.yaml``, read through
:mod:`sitrep.facts.translations`): :func:`localize` returns the report with each text field
replaced by its translation. A text the translation does not give stays in the original,
marked as :class:`Foreign` so the page wraps it in ``<span lang dir>`` (render's finalize): a
screen reader reads it in its own language, and an English name keeps its direction on an Arabic
page. A translated statement is a :class:`Translated`: the page shows it as a translation, with
the speaker's own words beside it, never in quotation marks as theirs.

Evidence quotes are never translated: :func:`quote` marks a quote in another language than the
page's with the seed's language. Numbers, dates, ids and kinds are shared by every language.
"""

from __future__ import annotations

from sitrep.facts import translations
from sitrep.facts.model import Report

RTL = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


def direction(language: str) -> str:
    """``rtl`` for a language written right to left, else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in RTL else "ltr"


class Foreign(str):
    """A text in ``language``, shown on a page in another language: marked with lang and dir."""

    language: str

    def __new__(cls, text: str, language: str) -> Foreign:
        out = super().__new__(cls, text)
        out.language = language
        return out

    def __reduce__(self) -> tuple:  # pickled to the chart workers with the charts' texts
        return (Foreign, (str(self), self.language))


class Translated(str):
    """A translation of what someone said (a statement's text): ``original`` in ``language``."""

    original: Foreign

    def __new__(cls, text: str, original: str, language: str) -> Translated:
        out = super().__new__(cls, text)
        out.original = Foreign(original, language)
        return out

    def __reduce__(self) -> tuple:
        return (Translated, (str(self), str(self.original), self.original.language))


def texts(report: Report, language: str, published_only: bool) -> dict[str, str]:
    """The report's translation into ``language``, by key; ``published_only``: only the texts
    ``publish`` locked (editions.lock), as a published edition's page shows them."""
    found = translations.translation(report, language)
    if found is None:
        return {}
    if not published_only:
        return found.texts
    return {k: v for k, v in found.texts.items() if k in found.published}


def translated_at_all(report: Report, language: str, published_only: bool = False) -> bool:
    """The report is in ``language``, or has a translation into it (a published one)."""
    return language == report.meta.language or bool(texts(report, language, published_only))


def _text(given: dict[str, str], key: str, own: str, source: str) -> str:
    found = given.get(key)
    return found if found is not None else Foreign(own, source)


def localize(report: Report, language: str, published_only: bool = False) -> Report:
    """``report`` (an edition's state or the full report) with its words in ``language``;
    ``published_only``: in the translation as published (a published edition's page)."""
    source = report.meta.language
    if language == source:
        return report
    given = texts(report, language, published_only)
    meta = report.meta
    eds = []
    for e in meta.editions:
        update: dict[str, str] = {}
        for name in translations.EDITION_FIELDS:
            own = getattr(e, name, None)
            if isinstance(own, str) and own:
                update[name] = _text(given, translations.key("editions", str(e.number), name), own, source)
        highlights = tuple(
            h.model_copy(update={"text": _text(given, translations.highlight_key(e.number, i), h.text, source)})
            for i, h in enumerate(e.highlights, start=1)
        )
        eds.append(e.model_copy(update={**update, "highlights": highlights}))
    title = _text(given, translations.key("report", "", "title"), meta.title, source)
    notes = tuple(
        d.model_copy(
            update={
                "note": _text(
                    given,
                    translations.key("discrepancies", translations.discrepancy(d.figures), "note"),
                    d.note,
                    source,
                )
            }
        )
        for d in meta.discrepancies
    )
    parts: dict[str, object] = {
        "meta": meta.model_copy(update={"title": title, "editions": tuple(eds), "discrepancies": notes})
    }
    for section, names in translations.FACT_FIELDS.items():
        items = []
        for item in getattr(report, section):
            changed: dict[str, object] = {}
            for name in names:
                own = getattr(item, name, None)
                if not isinstance(own, str) or not own:
                    continue
                k = translations.key(section, item.id, name)
                if section == "statements" and k in given:
                    changed[name] = Translated(given[k], own, source)
                else:
                    changed[name] = _text(given, k, own, source)
            changed.update(_marked(item, source))
            items.append(item.model_copy(update=changed) if changed else item)
        parts[section] = tuple(items)
    return report.model_copy(update=parts)


def _marked(item, source: str) -> dict[str, object]:
    """A fact's words no translation gives, marked with their language: the names the article uses
    for an actor, where a place's coordinates come from, why a fact was corrected, a photo's credit."""
    update: dict[str, object] = {}
    if getattr(item, "corrections", ()):
        update["corrections"] = tuple(c.model_copy(update={"note": Foreign(c.note, source)}) for c in item.corrections)
    if getattr(item, "aliases", ()):
        update["aliases"] = tuple(Foreign(a, source) for a in item.aliases)
    coordinates = getattr(item, "coordinates", None)
    if coordinates is not None:
        update["coordinates"] = coordinates.model_copy(update={"source": Foreign(coordinates.source, source)})
    for name in ("photographer", "agency"):
        if getattr(item, name, None):
            update[name] = Foreign(getattr(item, name), source)
    return update


def quote(text: str, language: str, page: str) -> str:
    """An evidence quote (always in its seed's language): marked where that is not the page's."""
    return text if language == page else Foreign(text, language)
