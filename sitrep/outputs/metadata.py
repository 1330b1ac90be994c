"""What a report page tells machines and readers about itself: schema.org JSON-LD (a
``Report`` and the ``Dataset`` of its downloads), the social-preview image, and how to
cite the edition (plain text, BibTeX, CSL-JSON), with its permanent address and date.

All of it comes from the edition and the settings, never from the clock. The JSON-LD
is made safe to sit in a ``<script>`` element: ``<``, ``>`` and ``&`` are written as
JSON escapes, so no fact text can close the element.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sitrep.outputs.dataout import coverage, edition_path, keywords
from sitrep.outputs.words import N_
from sitrep.site.settings import Settings

MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".geojson": "application/geo+json"}


def script_json(data: Any) -> str:
    """JSON for an HTML ``<script>`` element: nothing in it can end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _organisation(settings: Settings) -> dict[str, str]:
    return {"@type": "Organization", "name": settings.publisher, "url": settings.publisher_url}


def _coverage(view, language: str) -> dict[str, Any]:
    """The Dataset's spatialCoverage (its countries, named in ``language`` where it is not the site's
    first) and temporalCoverage (an ISO 8601 interval)."""
    cover = coverage(view, language)
    out: dict[str, Any] = {}
    if cover.countries:
        out["spatialCoverage"] = [{"@type": "Country", "name": n, "identifier": c} for c, n in cover.countries]
    if cover.start:
        out["temporalCoverage"] = f"{cover.start}/{cover.end}"
    return out


# How an example report's JSON-LD says it is invented (schema.org CreativeWork properties).
EXAMPLE_STATUS = N_("Fictional example")
EXAMPLE_NOTE = N_(
    "A fictional example, built from an invented article to show what the tool does; nothing in it happened."
)


def language_of(view, settings: Settings) -> str:
    """The language the page ``view`` shows is in (the site's first where the view says none)."""
    return view.language or settings.language.code


def page_url(view, settings: Settings, path: str) -> str:
    """The address of a site path in the language of the page ``view``: under its folder ("ar/")."""
    return settings.url(settings.folder(language_of(view, settings)) + path)


def jsonld(view, settings: Settings, files: list[str], image: str | None) -> dict[str, Any]:
    meta = view.report.meta
    edition = view.edition
    words = view.words
    language = language_of(view, settings)
    url = page_url(view, settings, edition_path(meta.id, edition.number))
    published = [e.published for e in view.full.meta.editions if not e.draft] or [edition.published]
    articles = [
        {
            "@type": "NewsArticle",
            "headline": s.meta.title,
            "datePublished": s.meta.published.isoformat(),
            **({"url": s.meta.url} if s.meta.url else {}),
            **({"publisher": {"@type": "Organization", "name": s.meta.publisher}} if s.meta.publisher else {}),
        }
        for s in view.seeds
    ]
    common: dict[str, Any] = {
        "url": url,
        "datePublished": min(published).isoformat(),
        "dateModified": edition.published.isoformat(),
        "version": str(edition.number),
        "inLanguage": language,
        "publisher": _organisation(settings),
        "isBasedOn": articles,
        "isAccessibleForFree": True,
    }
    if settings.licence_url:
        common["license"] = settings.licence_url
    if meta.example:  # machines are told too, not only readers: nothing in it happened (issue 26)
        common["creativeWorkStatus"] = words.gettext(EXAMPLE_STATUS)
        common["disambiguatingDescription"] = words.gettext(EXAMPLE_NOTE)
    report: dict[str, Any] = {
        "@type": "Report",
        "@id": url + "#report",
        "name": meta.title,
        "headline": words.gettext(N_("%(report)s, edition %(n)s: %(headline)s"))
        % {"report": meta.title, "n": edition.number, "headline": edition.headline},
        "description": view.lead(),
        "reportNumber": f"{meta.id}/{edition.number}",
        **common,
    }
    if image:
        report["image"] = image
    dataset = {
        "@type": "Dataset",
        "@id": url + "#data",
        "name": words.gettext(N_("%(report)s, edition %(n)s: the data")) % {"report": meta.title, "n": edition.number},
        "description": words.gettext(
            N_(
                "Every figure, event, place, source, actor, statement, impact and photo caption of edition "
                "%(n)s of the situation report \u201c%(report)s\u201d, each with its source and the evidence quote "
                "it rests on, as CSV with HXL hashtags, JSON and GeoJSON, described by a Frictionless Data Package."
            )
        )
        % {"n": edition.number, "report": meta.title},
        "creator": _organisation(settings),
        "keywords": keywords(view),
        **_coverage(view, "" if language == settings.language.code else language),
        **common,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": MEDIA_TYPES.get(name[name.rfind(".") :], "application/octet-stream"),
                "contentUrl": f"{url}data/{name}",
            }
            for name in files
        ],
    }
    return {"@context": "https://schema.org", "@graph": [report, dataset]}


# --------------------------------------------------------------------------- citing


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str
    csl: str


_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


# BibLaTeX's (babel's and polyglossia's) names of the languages, by tag: its langid takes a name.
_BIBLATEX = {"ar": "arabic", "en": "english", "fr": "french", "es": "spanish", "fa": "farsi", "ur": "urdu"}

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # BibTeX's macros


def bibtex_text(text: str) -> str:
    return "".join(_BIBTEX.get(c, c) for c in " ".join(text.split()))


# A citation's words, in the page's language (the BibTeX ``type`` and ``number``, CSL-JSON's ``genre``).
GENRE = N_("Situation report")


def citation(view, settings: Settings) -> Citation:
    """How to cite the edition the page ``view`` shows, in its language: the report's title as the page
    gives it (its translation), the page's address. A view of the facts as written cites its page's."""
    view = view.page or view
    words = view.words
    language = language_of(view, settings)
    meta = view.report.meta
    edition = view.edition
    url = page_url(view, settings, edition_path(meta.id, edition.number))
    day = edition.published.date()
    text = words.gettext(
        N_("%(publisher)s. \u201c%(report)s\u201d, situation report, edition %(n)s, %(day)s. %(site)s. %(url)s")
    ) % {
        "publisher": settings.publisher,
        "report": meta.title,
        "n": edition.number,
        "day": day.isoformat(),
        "site": words.gettext(settings.site_name),
        "url": url,
    }
    # Which language it is in, where the site has more than one (BibLaTeX's langid, CSL's language).
    tagged = len(settings.languages) > 1 and language != settings.language.code
    key = re.sub(r"[^a-z0-9]+", "-", f"{meta.id}-edition-{edition.number}")
    number = words.gettext(N_("Edition %(n)s")) % {"n": edition.number}
    bib = (
        f"@techreport{{{key},\n"
        f"  author = {{{{{bibtex_text(settings.publisher)}}}}},\n"
        f"  title = {{{{{bibtex_text(meta.title)}}}}},\n"
        f"  institution = {{{bibtex_text(settings.publisher)}}},\n"
        f"  type = {{{bibtex_text(words.gettext(GENRE))}}},\n"
        f"  number = {{{bibtex_text(number)}}},\n"
        f"  year = {{{day.year}}},\n"
        f"  month = {MONTHS[day.month - 1]},\n"
        f"  day = {{{day.day}}},\n"
        f"  url = {{{url}}}"
        + (f",\n  langid = {{{_BIBLATEX.get(language, language)}}},\n  language = {{{language}}}" if tagged else "")
        + "\n}\n"
    )
    csl = [
        {
            "id": key,
            "type": "report",
            "genre": words.gettext(GENRE),
            "title": meta.title,
            "author": [{"literal": settings.publisher}],
            "publisher": settings.publisher,
            "number": str(edition.number),
            "version": str(edition.number),
            "issued": {"date-parts": [[day.year, day.month, day.day]]},
            "URL": url,
            **({"language": language} if tagged else {}),
        }
    ]
    # One field a line: readable on the page, and still JSON.
    fields = ",\n".join(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in csl[0].items())
    return Citation(text, bib, "[{\n" + fields + "\n}]\n")


def fenced(text: str, lang: str) -> str:
    """A Markdown code block holding ``text`` literally: its fence is longer than any run of backticks in it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"
