"""Each report's pages: every edition's Markdown page, its downloads (CSV, JSON, GeoJSON,
citations) and the report's Atom feed, as :func:`sitrep.render.report_pages` made them.

They are made per report while it is validated (the ``analyse`` stage) and kept by the
report cache under :func:`sitrep.keys.report`: this output gathers them from there.
"""

from __future__ import annotations

from pathlib import Path

from .. import dataout, feeds, filters
from ..errors import EnvironmentFault
from . import Output


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
    code = ("render.py", "pagedata.py", "dataout.py", "metadata.py", "feeds.py", "filters.py")

    def key(self, ctx) -> None:
        return None  # per report, in the report cache (sitrep.keys.report)

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
