"""Stage 4, charts: matplotlib figures written as byte-stable SVG.

Byte stability: the SVG ids are salted per chart (``svg.hashsalt``), the date
metadata is dropped, glyphs are drawn as paths from the bundled DejaVu font, and
text is taken literally (``text.parse_math: False``: a ``$`` in a label is a
dollar sign, not math). Every chart also carries a text alternative and its data
as rows, which the page shows as a table.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # never pick a GUI backend, whatever the environment says

from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure as MplFigure

from .analysis import Breakdown, bounds
from .filters import label, num, value
from .model import Qualifier

STYLE = {
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str  # the text alternative: what the chart shows, in one or two sentences
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    svg: bytes

    @property
    def filename(self) -> str:
        """Content-addressed: a changed chart gets a new name, an unchanged one keeps it."""
        return f"{self.id}-{hashlib.sha256(self.svg).hexdigest()[:12]}.svg"


def _render(fig: MplFigure, salt: str) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


def breakdown_chart(b: Breakdown, source_name: str) -> Chart:
    """Horizontal bars, one per part of a total; a discrepancy is drawn as a hatched span."""
    chart_id = f"breakdown-{b.total.id}"
    parts = sorted(b.parts, key=lambda p: (-bounds(p[0])[0], p[0].group))
    names = [label(p[0].group) for p in parts]
    with matplotlib.rc_context(STYLE):
        fig = MplFigure(figsize=(7.0, 0.8 + 0.6 * len(parts)), dpi=72, layout=None)
        ax = fig.add_axes((0.22, 0.28 if len(parts) < 3 else 0.2, 0.7, 0.6))
        top = 0.0
        for y, part in enumerate(parts):
            low = min(bounds(f)[0] for f in part)
            high = max(bounds(f)[1] for f in part)
            ax.barh(y, low, color="#3f6fb5", height=0.6)
            if high > low and not math.isinf(high):
                ax.barh(y, high - low, left=low, color="white", edgecolor="#b5473f", hatch="///", height=0.6)
            text = " or ".join(num(f.value) if f.value is not None else value(f) for f in part)
            if len(part) > 1:
                text += " (both given)"
            end = high if not math.isinf(high) else low
            ax.text(end, y, "  " + text, va="center", fontsize=9)
            top = max(top, end)
        ax.set_yticks(range(len(parts)), names)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.45 or 1)
        ax.set_xlabel(f"{label(b.total.metric.value)}, as reported")
        ax.set_title(
            f"{label(b.total.metric.value).capitalize()}: breakdown of {value(b.total)} ({source_name})",
            fontsize=10,
            loc="left",
        )
    svg = _render(fig, chart_id)
    rows = tuple((label(p[0].group), " or ".join(value(f) for f in p), "yes" if len(p) > 1 else "no") for p in parts)
    alt_parts = "; ".join(f"{name}: {r[1]}" for name, r in zip(names, rows, strict=True))
    alt = (
        f"Bar chart of the {b.total.metric.value} reported by {source_name}, total {value(b.total)}. "
        f"Parts: {alt_parts}. The parts add up to {b.summary}."
    )
    return Chart(
        id=chart_id,
        title=f"Breakdown of {value(b.total)} {label(b.total.metric.value)} ({source_name})",
        alt=alt,
        columns=("Group", "Value", "Source gives both"),
        rows=rows,
        svg=svg,
    )


def history_chart(series, chart_id: str, label_of_source, when_text) -> Chart:
    """Values of one figure over time, as points on an ordered axis of as-of dates.

    The axis is categorical: an undated value ("before 2025-03-08") keeps its place
    in the order without being given a date. Qualifiers are drawn, not dropped: an
    open-ended value ("more than 200") is a triangle pointing up from its bound.
    """
    figs = [f for f in series.figures if f.qualifier is not Qualifier.unquantified]
    with matplotlib.rc_context(STYLE):
        fig = MplFigure(figsize=(7.0, 3.2), dpi=72)
        ax = fig.add_axes((0.1, 0.22, 0.85, 0.62))
        labels = []
        for x, f in enumerate(figs):
            low, high = bounds(f)
            marker = "^" if math.isinf(high) else ("v" if f.qualifier is Qualifier.up_to else "o")
            y = high if f.qualifier is Qualifier.up_to else low
            if f.qualifier is Qualifier.range or f.qualifier is Qualifier.about:
                ax.vlines(x, low, high, color="#3f6fb5", linewidth=3)
            ax.plot([x], [y], marker=marker, markersize=10, color="#3f6fb5", linestyle="none")
            ax.annotate(value(f), (x, y), textcoords="offset points", xytext=(8, 4), fontsize=9)
            labels.append(when_text(f.as_of))
        ax.plot(range(len(figs)), [bounds(f)[0] for f in figs], color="#3f6fb5", linewidth=1, alpha=0.4)
        ax.set_xticks(range(len(figs)), labels)
        ax.set_xlim(-0.5, len(figs) - 0.5)
        ax.set_ylim(0, max(bounds(f)[1] if not math.isinf(bounds(f)[1]) else bounds(f)[0] for f in figs) * 1.3 or 1)
        ax.set_ylabel(label(series.metric))
        title = f"{label(series.metric).capitalize()}, {label(series.group)}: reported values over time"
        ax.set_title(title, fontsize=10, loc="left")
    svg = _render(fig, chart_id)
    rows = tuple((when_text(f.as_of), value(f), label_of_source(f.source)) for f in series.figures)
    alt = (
        f"Chart of the reported {series.metric} ({label(series.group)}) over time: "
        + "; ".join(f"{r[0]}: {r[1]} ({r[2]})" for r in rows)
        + ". Triangles pointing up mark values given as 'more than' or 'at least'."
    )
    return Chart(chart_id, title, alt, ("As of", "Value", "Source"), rows, svg)
