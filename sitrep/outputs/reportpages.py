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
from sitrep.outputs import filters, render
from sitrep.outputs.base import Output


class ReportPages(Output):
    name = "report-pages"
    version = 1
    reads = "each valid report's rendered pages (the report cache: facts, cited seeds, templates, settings)"
    inputs = (
        "facts",
        "report",
        "edition",
        "editions",
        "notes",
        "seeds",
        "measures",
        "templates",
        "locale",
        "settings",
        "code",
    )
    writes = (
        "reports/*/index.md",
        "reports/*/editions/*/index.md",
        "reports/*/data/*",
        "reports/*/editions/*/data/*",
        "reports/*/feed.xml",
    )
    # Markdown (the templates' filters) and HTML attributes; the per-report outputs declare their own.
    escaping = (filters.md, filters.html_attribute)
    code = ("outputs/render.py", "outputs/pagedata.py", "outputs/filters.py", "outputs/localize.py")
    translated = True  # each language's pages were rendered with the report (render.LANGUAGE_PAGES)

    def key(self, ctx) -> None:
        return None  # per report, in the report cache (sitrep.cache.keys.report)

    def generate(self, ctx) -> dict[str, bytes | Path]:
        docs: dict[str, bytes | Path] = {}
        conf = ctx.env.globals["settings"]
        code = render.page_language(ctx.env)
        # The site's first language takes the pages as they are; another its own "@<lang>/" ones.
        prefix = "" if code == conf.language.code else f"{render.LANGUAGE_PAGES}{code}/"
        for st in ctx.reports.values():
            for stored, digest in st.pages.items():
                if stored.startswith(render.LANGUAGE_PAGES) != bool(prefix) or not stored.startswith(prefix):
                    continue
                path = stored.removeprefix(prefix)
                md_file = ctx.memo.markdown(digest)
                if md_file.is_file():
                    docs[path] = md_file
                elif stored in ctx.fresh:
                    docs[path] = ctx.fresh[stored]
                else:
                    raise EnvironmentFault(f"{md_file} vanished during the build (was .cache deleted?); build again")
        return docs


OUTPUT = ReportPages()
