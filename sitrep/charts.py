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
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import cachefiles
from .analysis import Breakdown, bounds
from .filters import label, value
from .measures import Measure, Registry, amount, builtin
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
    format: str = "svg"  # or "png": the same chart as a bitmap, for social previews (og:image)

    @property
    def key(self) -> str:
        fmt = "" if self.format == "svg" else f"\n{self.format}"  # an SVG keeps the name it always had
        return hashlib.sha256(f"{CODE_VERSION}\n{self.id}\n{self.kind}\n{self.plan}{fmt}".encode()).hexdigest()

    @property
    def filename(self) -> str:
        """Content-addressed: a changed chart gets a new name, an unchanged one keeps it."""
        return f"{self.id}-{self.key[:12]}.{self.format}"

    def as_png(self) -> Chart:
        return replace(self, format="png")


def _plan(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _finite(x: float) -> float | None:
    return None if math.isinf(x) else x


# --------------------------------------------------------------------------- descriptions


def axis_label(measure: Measure) -> str:
    """The unit on the axis: "Number of people killed", "Funding required (US dollars)"."""
    if measure.unit_label in measure.label.split():
        return f"Number of {measure.label}"
    if measure.unit == "none":
        return measure.title
    return f"{measure.title} ({measure.unit_label})"


def breakdown_chart(
    b: Breakdown, source_name: str, registry: Registry | None = None, names: dict[str, str] | None = None
) -> Chart:
    """Horizontal bars, one per part of a total; a discrepancy is drawn as a hatched span.

    ``names`` labels each part by what tells it apart from the total (a place, a group).
    """
    registry = registry or builtin()
    names = names or {f.id: label(f.group) for p in b.parts for f in p}
    measure = registry[b.total.metric]
    parts = sorted(b.parts, key=lambda p: (-bounds(p[0])[0], names[p[0].id]))
    labels = [names[p[0].id] for p in parts]
    bars = []
    for part in parts:
        text = " or ".join(amount(f.value, measure) if f.value is not None else value(f, registry) for f in part)
        bars.append(
            {
                "low": min(bounds(f)[0] for f in part),
                "high": _finite(max(bounds(f)[1] for f in part)),
                "text": text + (" (both given)" if len(part) > 1 else ""),
            }
        )
    total = value(b.total, registry)
    plan = {
        "names": labels,
        "bars": bars,
        "xlabel": axis_label(measure),
        "title": f"{measure.title}: breakdown of {total} ({source_name})",
        # The total as a dashed line, so a lone part is never read as the whole.
        "total": {"x": bounds(b.total)[0], "text": f"total: {total}"}
        if measure.additive and b.total.qualifier is not Qualifier.unquantified
        else None,
    }
    rows = tuple(
        (labels[i], " or ".join(value(f, registry) for f in p), "yes" if len(p) > 1 else "no")
        for i, p in enumerate(parts)
    )
    alt_parts = "; ".join(f"{r[0]}: {r[1]} of {total}" for r in rows)
    alt = (
        f"Bar chart of the {measure.label} reported by {source_name}, total {total}. "
        f"Parts: {alt_parts}. The parts add up to {b.summary}."
    )
    dims = " and ".join(b.dimensions)
    return Chart(
        id=f"breakdown-{b.total.id}",
        title=f"Breakdown of {total} {measure.label} by {dims} ({source_name})",
        alt=alt,
        columns=(dims.capitalize(), "Value", "Source gives both"),
        rows=rows,
        kind="breakdown",
        plan=_plan(plan),
    )


def history_chart(series, chart_id: str, label_of_source, when_text, registry: Registry | None = None) -> Chart:
    """Values of one figure over time, as points on an ordered axis of as-of dates.

    The axis is categorical: an undated value ("before 2025-03-08") keeps its place
    in the order without being given a date. Qualifiers are drawn, not dropped: an
    open-ended value ("more than 200") is a triangle pointing up from its bound.
    """
    registry = registry or builtin()
    measure = registry[series.metric]
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
                "text": value(f, registry),
                "when": when_text(f.as_of),
            }
        )
    title = f"{measure.title}, {label(series.group)}: reported values over time"
    plan = {"points": points, "ylabel": axis_label(measure), "title": title}
    rows = tuple((when_text(f.as_of), value(f, registry), label_of_source(f.source)) for f in series.figures)
    alt = (
        f"Chart of the reported {measure.label} ({label(series.group)}) over time: "
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


# Sizes in inches at 72 dpi; a chart grows with its bars and its labels, never cuts them.
WIDTH = 7.0
BAR = 0.42  # per bar
LABEL_CHARS = 34  # a part's name wraps beyond this
TICK_CHARS = 16  # an as-of date on the history axis wraps beyond this


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)) or text


def _title_chars(width_in: float) -> int:
    return max(20, int(width_in * 72 / (10 * 0.62)))  # 10 pt DejaVu Sans, about 0.6 em a character


def fit(fig: MplFigure, pad: float = 0.1) -> MplFigure:
    """Size the figure to what it holds: every artist, text included, inside it, with ``pad``.

    Drawn once with Agg to measure (the same font metrics the SVG's glyph paths use),
    then the figure is resized to the artists' bounding box and the axes moved so that
    nothing changes size: a label is never cut, whatever its length, and no space is
    left empty.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.get_tightbbox(renderer)  # in inches
    width, height = fig.get_size_inches()
    dx, dy = pad - box.x0, pad - box.y0
    new_w, new_h = box.width + 2 * pad, box.height + 2 * pad
    for ax in fig.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position(((x0 * width + dx) / new_w, (y0 * height + dy) / new_h, w * width / new_w, h * height / new_h))
    fig.set_size_inches(new_w, new_h)
    return fig


def _draw_breakdown(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    bars = plan["bars"]
    names = [_wrap(n, LABEL_CHARS) for n in plan["names"]]
    lines = sum(max(1, n.count("\n") + 1) for n in names)
    title = _wrap(plan["title"], _title_chars(WIDTH))
    rows = len(bars) + (0.7 if plan.get("total") is not None else 0)  # the total's label takes a row
    plot_h = max(0.6, BAR * max(rows, lines * 0.55))
    head = 0.35 + 0.17 * title.count("\n")
    fig = MplFigure(figsize=(WIDTH, plot_h + head + 0.75), dpi=72, layout=None)
    height = plot_h + head + 0.75
    ax = fig.add_axes((1.5 / WIDTH, 0.6 / height, 4.2 / WIDTH, plot_h / height))
    top, floor = 0.0, 0.0
    for y, bar in enumerate(bars):
        low, high = bar["low"], bar["high"]
        ax.barh(y, low, color=BLUE, height=0.6)
        if high is not None and high > low:
            ax.barh(y, high - low, left=low, color="white", edgecolor=RED, hatch="///", height=0.6)
        end = high if high is not None else low
        ax.text(max(end, 0), y, "  " + bar["text"], va="center", fontsize=9)
        top, floor = max(top, end), min(floor, low)
    total = plan.get("total")
    if total is not None:
        ax.axvline(total["x"], color=RED, linestyle="--", linewidth=1)
        ax.text(total["x"], -0.85, total["text"] + " ", color=RED, fontsize=9, ha="right", va="center")
        top = max(top, total["x"])
    ax.set_yticks(range(len(bars)), names)
    ax.set_ylim(len(bars) - 0.5, -1.2 if total is not None else -0.5)  # top down; a row for the total's label
    ax.set_xlim(floor * 1.1, top * 1.1 or 1)
    ax.set_xlabel(plan["xlabel"])
    ax.set_title(title, fontsize=10, loc="left")
    return fit(fig)


def _draw_history(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    points = plan["points"]
    width = max(WIDTH, 1.6 + 1.25 * len(points))
    title = _wrap(plan["title"], _title_chars(width))
    fig = MplFigure(figsize=(width, 3.2), dpi=72)
    ax = fig.add_axes((0.1, 0.22, 0.8, 0.6))
    for x, p in enumerate(points):
        if p["span"]:
            ax.vlines(x, p["low"], p["high"], color=BLUE, linewidth=3)
        ax.plot([x], [p["y"]], marker=p["marker"], markersize=10, color=BLUE, linestyle="none")
        ax.annotate(p["text"], (x, p["y"]), textcoords="offset points", xytext=(8, 4), fontsize=9)
    ax.plot(range(len(points)), [p["low"] for p in points], color=BLUE, linewidth=1, alpha=0.4)
    ax.set_xticks(range(len(points)), [_wrap(p["when"], TICK_CHARS) for p in points])
    ax.set_xlim(-0.5, len(points) - 0.5)
    tops = [p["high"] if p["high"] is not None else p["low"] for p in points]
    lows = [min(0, p["low"]) for p in points]
    bottom, top = min(lows, default=0) * 1.3, max(0.0, max(tops, default=0) * 1.3)
    ax.set_ylim(bottom, top if top > bottom else bottom + 1)  # all values below zero: zero stays on the axis
    ax.set_ylabel(_wrap(plan["ylabel"], 30))
    ax.set_title(title, fontsize=10, loc="left")
    return fit(fig)


_DRAW = {"breakdown": _draw_breakdown, "history": _draw_history}


def figure(chart: Chart) -> MplFigure:
    """The chart drawn and fitted, before it is written (what the layout tests inspect)."""
    with _matplotlib().rc_context(STYLE):
        return _DRAW[chart.kind](json.loads(chart.plan))


PNG_WIDTH = 1200  # pixels: the width social previews (OpenGraph, Twitter cards) show best


def draw(chart: Chart) -> bytes:
    """The chart's SVG (or PNG) bytes (a pure function of the chart: any process gives the same)."""
    if chart.format == "png":
        return _render_png(figure(chart))
    return _render(figure(chart), chart.id)


def _render_png(fig: MplFigure) -> bytes:
    """PNG without metadata (no software version, no date): the same chart gives the same bytes."""
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        FigureCanvasAgg(fig)
        fig.savefig(buf, format="png", dpi=PNG_WIDTH / fig.get_figwidth(), metadata={"Software": None})
    return buf.getvalue()


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
        return self.cache_dir / chart.key[:2] / f"{chart.key}.{chart.format}" if self.cache_dir else None

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
