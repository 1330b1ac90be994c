"""The home page (the newest reports) and the list of every report, in pages."""

from __future__ import annotations

from pathlib import Path

from sitrep.outputs import filters, render
from sitrep.outputs.base import Output


class IndexPages(Output):
    name = "index-pages"
    version = 1
    reads = "every report's index entry, templates/index.md.j2 and templates/reports-index.md.j2"
    inputs = ("facts", "report", "edition", "measures", "templates", "locale")
    writes = ("index.md", "reports/index.md", "reports/_pages/*/index.md")
    escaping = (filters.md,)  # every value the templates print (render's finalize), unless our own Markdown
    code = ()
    translated = True

    def key(self, ctx) -> None:
        return None  # cheap: made on every build (the page cache reuses their HTML)

    def generate(self, ctx) -> dict[str, bytes | Path]:
        return dict(render.index_pages(ctx.env, ctx.entries))


OUTPUT = IndexPages()
