"""Each report's Atom feed of its published editions (none for an example report), at
``reports/<id>/feed.xml`` (:mod:`sitrep.outputs.feeds`), in each language of the site (``ar/reports/<id>/feed.xml``)."""

from __future__ import annotations

import dataclasses

from sitrep.outputs import digest, feeds
from sitrep.outputs.base import ReportOutput
from sitrep.outputs.words import N_


class ReportFeed(ReportOutput):
    name = "report-feed"
    scope = "report"
    reads = (
        "the report's title, its published editions (never drafts) and the corrections later ones made, "
        "and the publisher's settings"
    )
    inputs = ("report", "edition", "editions", "settings")
    writes = ("feed.xml",)
    escaping = (feeds.xml_text,)

    def generate(self, view, settings) -> dict[str, bytes]:
        report = view.full  # in the page's language: its translation where it has one
        if report.meta.example:
            return {}
        path = feeds.report_feed_path(report.meta.id)
        words = view.words
        other = view.language and view.language != settings.language.code  # a feed in its folder, "ar/"
        items = feeds.report_items(report, digest.feed_notes(report, view.registry, words))
        if other and view.untranslated:  # the report's own words, marked with their language
            items = [dataclasses.replace(i, language=report.meta.language) for i in items]
        title = words.gettext(N_("%(report)s: new editions")) % {"report": report.meta.title}
        return {
            "feed.xml": feeds.atom(items, settings, path, title, words=words, language=view.language if other else "")
        }


OUTPUT = ReportFeed()
