"""Atom feeds of new editions: one for the whole site, one per report.

A feed is dated by its newest entry and each entry by its edition, never by the clock,
so the same facts give the same bytes. Ids are ``tag:`` URIs (RFC 4151) minted from the
publisher's tag authority and the edition's permanent path: they do not change when
the site moves to another address, so a reader never sees an edition twice.
Draft editions and example reports are never in a feed.

Each language of the site has its feeds in its folder (``ar/feed.xml``), worded in it (``xml:lang``):
the report's translation where it has one, sitrep's own words from the catalogue. An entry in
another language is another resource (RFC 4287 4.2.6: an id names one entry, whatever feed
carries it; a reader taking two entries with one id for one would drop a language), so its id is
minted from its own page's path, ``ar/reports/<id>/editions/<n>``.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from sitrep.outputs.words import ENGLISH, N_, Words
from sitrep.site.settings import Settings

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_FEED = "feed.xml"
SITE_LIMIT = 50  # entries in the site-wide feed: a reader polls it, it must not grow without bound
# XML 1.0 has no way to write these, escaped or not; facts cannot hold them, but a feed must never break.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    """One published edition, as a feed lists it."""

    report_id: str
    report_title: str
    number: int
    published: dt.datetime
    headline: str
    summary: str
    updated: dt.datetime | None = None  # when a later edition corrected what it showed (then told in its summary)
    language: str = ""  # its words' language, where a feed in another language carries it untranslated

    @property
    def path(self) -> str:
        """The edition's permanent page, relative to the site root."""
        return f"reports/{self.report_id}/editions/{self.number}/"

    def cached(self) -> tuple[str, ...]:
        """As the report cache keeps it: plain strings."""
        updated = self.updated.isoformat() if self.updated else ""
        return (str(self.number), self.published.isoformat(), self.headline, self.summary, updated)

    @classmethod
    def from_cached(cls, report_id: str, report_title: str, row: tuple[str, ...]) -> FeedItem:
        number, published, headline, summary = row[:4]
        updated = row[4] if len(row) > 4 else ""  # rows kept before corrections dated an entry's update
        return cls(
            report_id,
            report_title,
            int(number),
            dt.datetime.fromisoformat(published),
            headline,
            summary,
            dt.datetime.fromisoformat(updated) if updated else None,
        )


def report_items(report, corrected: dict[int, tuple[str, dt.datetime]] | None = None) -> list[FeedItem]:
    """A report's published editions (never drafts), as feed items. ``corrected``: by edition, what later
    editions corrected in it and when (:func:`sitrep.outputs.digest.feed_notes`), added to its summary."""
    meta = report.meta
    notes = corrected or {}
    return [
        FeedItem(
            meta.id,
            meta.title,
            e.number,
            e.published,
            e.headline,
            f"{e.summary} {notes[e.number][0]}" if e.number in notes else e.summary,
            notes[e.number][1] if e.number in notes else None,
        )
        for e in meta.editions
        if not e.draft
    ]


def report_feed_path(report_id: str) -> str:
    return f"reports/{report_id}/feed.xml"


def tag_uri(settings: Settings, specific: str) -> str:
    return f"tag:{settings.tag_authority}:{specific}"


def atom(
    items: Iterable[FeedItem],
    settings: Settings,
    feed_path: str,
    title: str,
    limit: int | None = None,
    words: Words = ENGLISH,
    language: str = "",
) -> bytes:
    """The Atom document at ``feed_path`` listing ``items``, newest first. ``language``: another language
    of the site than the first: the feed is in its folder, its pages', and worded in ``words``."""
    ordered = sorted(items, key=lambda i: (i.published, i.report_id, i.number), reverse=True)
    if limit is not None:
        ordered = ordered[:limit]
    here = settings.folder(language) if language else ""  # "ar/": its pages, its own ids
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language} if language else {})
    xml_text(feed, "id", tag_uri(settings, here + feed_path))
    xml_text(feed, "title", title)
    _link(feed, "self", settings.url(here + feed_path), "application/atom+xml")
    folder = feed_path.rpartition("/")[0]  # the page the feed belongs to: the site's home or the report's
    _link(feed, "alternate", settings.url(here + (f"{folder}/" if folder else "")), "text/html")
    # An empty feed is dated from the epoch: there is no content to take a date from.
    newest = ordered[0].published if ordered else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    xml_text(feed, "updated", _when(newest))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    xml_text(author, "name", settings.publisher)
    xml_text(author, "uri", settings.publisher_url)
    if settings.licence_name:
        xml_text(feed, "rights", f"{settings.licence_name}: {settings.licence_url}".rstrip(": "))
    for item in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        xml_text(entry, "id", tag_uri(settings, (here + item.path).rstrip("/")))
        said = words.gettext(N_("%(report)s, edition %(n)s: %(headline)s"))
        xml_text(entry, "title", said % {"report": item.report_title, "n": item.number, "headline": item.headline})
        _link(entry, "alternate", settings.url(here + item.path), "text/html")
        xml_text(entry, "published", _when(item.published))
        xml_text(entry, "updated", _when(item.updated or item.published))
        xml_text(entry, "summary", item.summary)
        if language and item.language and item.language != language:  # the report's words, not translated
            entry[-1].set(XML_LANG, item.language)
    ET.indent(feed)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"
    )


def xml_text(parent: ET.Element, name: str, value: str) -> None:
    """An element holding text, escaped for XML."""
    # ElementTree escapes &, < and >: fact text stays text in every reader.
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = _NOT_XML.sub("\ufffd", value)


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": href})


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
