"""The charts every page links to, as SVG (and the key chart as PNG for social previews).

A chart is described while its report is rendered (its plan: the data and labels), and
drawn here from the plan, from the chart cache when drawn before: its file name is its
key (:func:`sitrep.cache.keys.chart`), so a page links to exactly the bytes drawn for it.
"""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sitrep.drawing import charts
from sitrep.errors import EnvironmentFault
from sitrep.outputs import render
from sitrep.outputs.base import Output


class Charts(Output):
    name = "charts"
    version = 1
    reads = "each report's chart plans (from the report cache), the fonts and the map data"
    inputs = ("facts", "measures", "code")
    writes = ("reports/*/charts/*.svg", "reports/*/charts/*.png")
    # Text is drawn as glyph paths (svg.fonttype "path"): no fact text reaches the SVG as markup.
    escaping = ()
    code = ("drawing/charts.py", "drawing/maps.py", "drawing/plan.py", "drawing/style.py")
    # Each language's pages link to charts in their own words, kept as "@<lang>/..." by the report
    # (render.report_pages): each language's pass draws and writes its own, and only those.
    translated = True
    shared = False

    def key(self, ctx) -> None:
        return None  # per chart, in the chart cache (sitrep.cache.keys.chart)

    def generate(self, ctx) -> dict[str, bytes | Path]:
        wanted: dict[str, charts.Chart] = {}
        conf = ctx.env.globals["settings"]
        code = render.page_language(ctx.env)
        prefix = "" if code == conf.language.code else f"{render.LANGUAGE_PAGES}{code}/"
        for st in ctx.reports.values():
            for stored, chart in st.rendered.charts.items():
                if stored.startswith(render.LANGUAGE_PAGES) == bool(prefix) and stored.startswith(prefix):
                    wanted[stored.removeprefix(prefix)] = chart
        store = charts.ChartStore(ctx.root / CHART_CACHE, ctx.workers)
        try:
            if prefix:
                files = store.files(list(wanted.values()))
            else:
                # The first language's pass draws every language's new charts at once, so a new
                # edition's few charts share the cores (the other passes then find them kept).
                files = store.files([chart for st in ctx.reports.values() for chart in st.rendered.charts.values()])
        except BrokenProcessPool:  # a drawing process was killed (the system short of memory, a signal)
            raise EnvironmentFault(
                "a process drawing the charts stopped abruptly (killed, or the machine ran out of memory); "
                "nothing was written and the previous site was left as it was: build again"
            ) from None
        return {path: files[chart.filename] for path, chart in wanted.items()}


CHART_CACHE = Path(".cache") / "charts"  # under the project; safe to delete at any time
OUTPUT = Charts()
