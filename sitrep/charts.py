"""Stage 4, charts: matplotlib figures written as byte-stable SVG, drawn once.

Byte stability: the SVG ids are salted per chart (``svg.hashsalt``), the date
metadata is dropped, glyphs are drawn as paths from the bundled DejaVu font, and
text is taken literally (``text.parse_math: False``: a ``$`` in a label is a
dollar sign, not math). Every chart also carries a text alternative and its data
as rows, which the page shows as a table.

Cost: a chart is described first (title, text alternative, rows and a *plan*: the
plain data the drawing needs) and drawn later. Its file name is a hash of the plan
and of everything else that shapes its bytes (this module's code, matplotlib's
version, the style), so pages can link to it before it exists, and a chart that is
already in the cache (``.cache/charts/``) is never drawn again, in any edition or
report. The charts still missing are drawn on every core; the bytes are the same
as a serial build's.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import math
import multiprocessing
import os
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import cachefiles
from .analysis import Breakdown, bounds
from .filters import label, num, value
from .model import Qualifier

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

STYLE = {
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
    "axes.titley": 1.02,  # a fixed title position: matplotlib skips measuring the axes to place it (~10 ms a chart)
}
# Everything besides a chart's plan that shapes its bytes.
CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes()
    + json.dumps([metadata.version("matplotlib"), platform.python_version(), STYLE], sort_keys=True).encode()
).hexdigest()
BLUE, RED = "#3f6fb5", "#b5473f"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str  # the text alternative: what the chart shows, in one or two sentences
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: str  # which drawing function
    plan: str  # JSON: all the drawing needs

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{CODE_VERSION}\n{self.id}\n{self.kind}\n{self.plan}".encode()).hexdigest()

    @property
    def filename(self) -> str:
        """Content-addressed: a changed chart gets a new name, an unchanged one keeps it."""
        return f"{self.id}-{self.key[:12]}.svg"


def _plan(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _finite(x: float) -> float | None:
    return None if math.isinf(x) else x


# --------------------------------------------------------------------------- descriptions


def breakdown_chart(b: Breakdown, source_name: str) -> Chart:
    """Horizontal bars, one per part of a total; a discrepancy is drawn as a hatched span."""
    parts = sorted(b.parts, key=lambda p: (-bounds(p[0])[0], p[0].group))
    names = [label(p[0].group) for p in parts]
    bars = []
    for part in parts:
        text = " or ".join(num(f.value) if f.value is not None else value(f) for f in part)
        bars.append(
            {
                "low": min(bounds(f)[0] for f in part),
                "high": _finite(max(bounds(f)[1] for f in part)),
                "text": text + (" (both given)" if len(part) > 1 else ""),
            }
        )
    metric = label(b.total.metric.value)
    plan = {
        "names": names,
        "bars": bars,
        "xlabel": f"{metric}, as reported",
        "title": f"{metric.capitalize()}: breakdown of {value(b.total)} ({source_name})",
    }
    rows = tuple((label(p[0].group), " or ".join(value(f) for f in p), "yes" if len(p) > 1 else "no") for p in parts)
    alt_parts = "; ".join(f"{name}: {r[1]}" for name, r in zip(names, rows, strict=True))
    alt = (
        f"Bar chart of the {b.total.metric.value} reported by {source_name}, total {value(b.total)}. "
        f"Parts: {alt_parts}. The parts add up to {b.summary}."
    )
    return Chart(
        id=f"breakdown-{b.total.id}",
        title=f"Breakdown of {value(b.total)} {metric} ({source_name})",
        alt=alt,
        columns=("Group", "Value", "Source gives both"),
        rows=rows,
        kind="breakdown",
        plan=_plan(plan),
    )


def history_chart(series, chart_id: str, label_of_source, when_text) -> Chart:
    """Values of one figure over time, as points on an ordered axis of as-of dates.

    The axis is categorical: an undated value ("before 2025-03-08") keeps its place
    in the order without being given a date. Qualifiers are drawn, not dropped: an
    open-ended value ("more than 200") is a triangle pointing up from its bound.
    """
    points = []
    for f in series.figures:
        if f.qualifier is Qualifier.unquantified:
            continue
        low, high = bounds(f)
        points.append(
            {
                "low": low,
                "high": _finite(high),
                "marker": "^" if math.isinf(high) else ("v" if f.qualifier is Qualifier.up_to else "o"),
                "y": high if f.qualifier is Qualifier.up_to else low,
                "span": f.qualifier in (Qualifier.range, Qualifier.about),
                "text": value(f),
                "when": when_text(f.as_of),
            }
        )
    title = f"{label(series.metric).capitalize()}, {label(series.group)}: reported values over time"
    plan = {"points": points, "ylabel": label(series.metric), "title": title}
    rows = tuple((when_text(f.as_of), value(f), label_of_source(f.source)) for f in series.figures)
    alt = (
        f"Chart of the reported {series.metric} ({label(series.group)}) over time: "
        + "; ".join(f"{r[0]}: {r[1]} ({r[2]})" for r in rows)
        + ". Triangles pointing up mark values given as 'more than' or 'at least'."
    )
    return Chart(chart_id, title, alt, ("As of", "Value", "Source"), rows, "history", _plan(plan))


# --------------------------------------------------------------------------- drawing


def _matplotlib():
    """Imported on first use (0.6 s): a build whose charts all come from the cache never needs it."""
    import matplotlib

    matplotlib.use("Agg")  # never pick a GUI backend, whatever the environment says
    return matplotlib


def _render(fig: MplFigure, salt: str) -> bytes:
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buf = io.BytesIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


def _draw_breakdown(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    bars = plan["bars"]
    fig = MplFigure(figsize=(7.0, 0.8 + 0.6 * len(bars)), dpi=72, layout=None)
    ax = fig.add_axes((0.22, 0.28 if len(bars) < 3 else 0.2, 0.7, 0.6))
    top = 0.0
    for y, bar in enumerate(bars):
        low, high = bar["low"], bar["high"]
        ax.barh(y, low, color=BLUE, height=0.6)
        if high is not None and high > low:
            ax.barh(y, high - low, left=low, color="white", edgecolor=RED, hatch="///", height=0.6)
        end = high if high is not None else low
        ax.text(end, y, "  " + bar["text"], va="center", fontsize=9)
        top = max(top, end)
    ax.set_yticks(range(len(bars)), plan["names"])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.45 or 1)
    ax.set_xlabel(plan["xlabel"])
    ax.set_title(plan["title"], fontsize=10, loc="left")
    return fig


def _draw_history(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    points = plan["points"]
    fig = MplFigure(figsize=(7.0, 3.2), dpi=72)
    ax = fig.add_axes((0.1, 0.22, 0.85, 0.62))
    for x, p in enumerate(points):
        if p["span"]:
            ax.vlines(x, p["low"], p["high"], color=BLUE, linewidth=3)
        ax.plot([x], [p["y"]], marker=p["marker"], markersize=10, color=BLUE, linestyle="none")
        ax.annotate(p["text"], (x, p["y"]), textcoords="offset points", xytext=(8, 4), fontsize=9)
    ax.plot(range(len(points)), [p["low"] for p in points], color=BLUE, linewidth=1, alpha=0.4)
    ax.set_xticks(range(len(points)), [p["when"] for p in points])
    ax.set_xlim(-0.5, len(points) - 0.5)
    tops = [p["high"] if p["high"] is not None else p["low"] for p in points]
    ax.set_ylim(0, max(tops, default=0) * 1.3 or 1)
    ax.set_ylabel(plan["ylabel"])
    ax.set_title(plan["title"], fontsize=10, loc="left")
    return fig


_DRAW = {"breakdown": _draw_breakdown, "history": _draw_history}


def draw(chart: Chart) -> bytes:
    """The chart's SVG bytes (a pure function of the chart: any process gives the same)."""
    with _matplotlib().rc_context(STYLE):
        fig = _DRAW[chart.kind](json.loads(chart.plan))
    return _render(fig, chart.id)


# --------------------------------------------------------------------------- the store

PARALLEL_FROM = 12  # fewer charts than this are drawn in-process: a pool costs more to start


INDEX_KIND = "sitrep-charts"


def _kept_ok(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and cachefiles.is_int_list(value[:3], 3)
        and cachefiles.is_hex(value[3])
    )


class ChartStore:
    """Gives the bytes of charts: from the cache when drawn before, else drawn (on every core)."""

    def __init__(self, cache_dir: Path | None, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.workers = workers or os.cpu_count() or 1
        self.drawn = 0
        self._kept: dict[str, list[int]] | None = None
        self._dirty = False

    def svgs(self, charts: list[Chart]) -> dict[str, bytes]:
        unique = {c.filename: c for c in charts}
        out: dict[str, bytes] = {}
        missing = []
        for name, chart in sorted(unique.items()):
            cached = self._read(chart)
            if cached is None:
                missing.append(chart)
            else:
                out[name] = cached
        for chart, svg in zip(missing, self._draw_all(missing), strict=True):
            out[chart.filename] = svg
            self._write(chart, svg)
        self.drawn += len(missing)
        self._save_index()
        return out

    def files(self, charts: list[Chart]) -> dict[str, Path | bytes]:
        """Like :meth:`svgs`, but a chart in the cache is given as its file there (hard-linked
        into the site, never read): memory stays flat however many charts a site has."""
        unique = {c.filename: c for c in charts}
        out: dict[str, Path | bytes] = {}
        missing = []
        for name, chart in sorted(unique.items()):
            path = self._path(chart)
            if self._intact(path, chart.key):
                out[name] = path
            else:
                missing.append(chart)
        for chart, svg in zip(missing, self._draw_iter(missing), strict=True):
            path = self._write(chart, svg)  # one at a time: the drawn charts are not all held in memory
            out[chart.filename] = path if path is not None else svg
        self.drawn += len(missing)
        self._save_index()
        return out

    def _draw_all(self, charts: list[Chart]) -> list[bytes]:
        return list(self._draw_iter(charts))

    def _draw_iter(self, charts: list[Chart]) -> Iterator[bytes]:
        if len(charts) < PARALLEL_FROM or self.workers < 2:
            yield from (draw(c) for c in charts)
            return
        _matplotlib()
        context = multiprocessing.get_context("fork")  # workers inherit the imported matplotlib
        with concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            chunk = max(1, min(64, len(charts) // (self.workers * 8)))
            yield from pool.map(draw, charts, chunksize=chunk)

    def _path(self, chart: Chart) -> Path | None:
        return self.cache_dir / chart.key[:2] / f"{chart.key}.svg" if self.cache_dir else None

    # Each kept chart's file identity and sha256 (cachefiles), in a sealed index: a chart
    # edited in place through a site it was linked into, or damaged, is not reused.
    def _index(self) -> dict[str, list]:
        if self._kept is None:
            self._kept = {}
            if self.cache_dir is not None:
                saved = cachefiles.read_sealed(INDEX_KIND, self.cache_dir / "index.json")
                if isinstance(saved, dict) and all(_kept_ok(v) for v in saved.values()):
                    self._kept = saved
        return self._kept

    def _intact(self, path: Path | None, key: str) -> bool:
        kept = self._index().get(key)
        return (
            path is not None
            and kept is not None
            and cachefiles.intact(path, kept[:3])
            and cachefiles.sha256_file(path) == kept[3]
        )

    def _save_index(self) -> None:
        if self.cache_dir is not None and self._dirty:
            cachefiles.write_sealed(INDEX_KIND, self.cache_dir / "index.json", self._index())
            self._dirty = False

    def _read(self, chart: Chart) -> bytes | None:
        path = self._path(chart)
        if path is None or not self._intact(path, chart.key):
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _write(self, chart: Chart, svg: bytes) -> Path | None:
        """Best effort: a cache that cannot be written only costs a redraw next time."""
        path = self._path(chart)
        if path is None:
            return None
        kept = cachefiles.write(path, svg)
        if kept is None:
            return None
        self._index()[chart.key] = [*kept, hashlib.sha256(svg).hexdigest()]
        self._dirty = True
        return path
