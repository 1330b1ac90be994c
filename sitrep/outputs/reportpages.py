"""Each report's pages: every edition's Markdown page, and beside them the files of the
per-report outputs (:data:`sitrep.outputs.perreport.REPORT_OUTPUTS`: downloads, citations, the report's
feed), as :func:`sitrep.outputs.render.report_pages` made them.

They are made per report while it is rendered (the ``analyse`` stage) and kept by the
report cache under :func:`sitrep.cache.keys.report`: this output gathers them from there.
Each per-report output's files were checked against what it declares when it ran.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import EnvironmentFault
from sitrep.outputs import filters
from sitrep.outputs.base import Output


class ReportPages(Output):
    name = "report-pages"
    version = 1
    reads = "each valid report's rendered pages (the report cache: facts, cited seeds, templates, settings)"
    inputs = ("facts", "report", "edition", "editions", "notes", "seeds", "measures", "templates", "settings", "code")
    writes = (
        "reports/*/index.md",
        "reports/*/editions/*/index.md",
        "reports/*/data/*",
        "reports/*/editions/*/data/*",
        "reports/*/feed.xml",
    )
    # Markdown (the templates' filters) and HTML attributes; the per-report outputs declare their own.
    escaping = (filters.md, filters.html_attribute)
    code = ("outputs/render.py", "outputs/pagedata.py", "outputs/filters.py")  # and the per-report outputs'

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
