"""Each report's Atom feed of its published editions (none for an example report), at
``reports/<id>/feed.xml`` (:mod:`sitrep.outputs.feeds`)."""

from __future__ import annotations

from sitrep.outputs import digest, feeds
from sitrep.outputs.base import ReportOutput


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
        report = view.full
        if report.meta.example:
            return {}
        path = feeds.report_feed_path(report.meta.id)
        return {
            "feed.xml": feeds.atom(
                feeds.report_items(report, digest.feed_notes(report, view.registry)),
                settings,
                path,
                f"{report.meta.title}: new editions",
            )
        }


OUTPUT = ReportFeed()
