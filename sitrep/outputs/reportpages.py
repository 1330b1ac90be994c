"""Each report's pages: every edition's Markdown page, its downloads (CSV, JSON, GeoJSON,
citations) and the report's Atom feed, as :func:`sitrep.outputs.render.report_pages` made them.

They are made per report while it is validated (the ``analyse`` stage) and kept by the
report cache under :func:`sitrep.cache.keys.report`: this output gathers them from there.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import EnvironmentFault
from sitrep.outputs import Output, dataout, feeds, filters


class ReportPages(Output):
    name = "report-pages"
    version = 1
    reads = "each valid report's rendered pages (the report cache: facts, cited seeds, templates, settings)"
    writes = (
        "reports/*/index.md",
        "reports/*/editions/*/index.md",
        "reports/*/data/*",
        "reports/*/editions/*/data/*",
        "reports/*/feed.xml",
    )
    # Markdown (the templates' filters), HTML attributes, CSV cells (formula guard), JSON, Atom XML.
    escaping = (filters.md, filters.html_attribute, dataout.guard, dataout.dumps, feeds.xml_text)
    code = (
        "outputs/render.py",
        "outputs/pagedata.py",
        "outputs/dataout.py",
        "outputs/metadata.py",
        "outputs/feeds.py",
        "outputs/filters.py",
    )

    def key(self, ctx) -> None:
        return None  # per report, in the report cache (sitrep.cache.keys.report)

    def generate(self, ctx) -> dict[str, bytes | Path]:
        docs: dict[str, bytes | Path] = {}
        for st in ctx.reports.values():
            for path, digest in st.pages.items():
                md_file = ctx.memo.markdown(digest)
                if md_file.is_file():
                    docs[path] = md_file
                elif path in ctx.fresh:
                    docs[path] = ctx.fresh[path]
                else:
                    raise EnvironmentFault(f"{md_file} vanished during the build (was .cache deleted?); build again")
        return docs


OUTPUT = ReportPages()
