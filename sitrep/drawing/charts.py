"""Charts (the outputs stage): matplotlib figures written as byte-stable SVG, drawn once.

One designed family: the page's own font (Noto Sans, vendored in ``sitrep/drawing/fonts``,
DejaVu Sans for any glyph it lacks), the colour-blind-safe Okabe-Ito palette, units on
the axes, a source line under each chart, a legend wherever a marker's shape means
something, and bounds ("more than 200") drawn as bounds, never joined as a trend. Each
chart comes in two widths: the wide one for a desktop column, the narrow one drawn at a
phone's column width (343 px) with text at least 11 px high there.

Byte stability: the SVG ids are salted per chart (``svg.hashsalt``), the date
metadata is dropped, glyphs are drawn as paths from the vendored fonts, and
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
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep import forked
from sitrep.cache import cachefiles
from sitrep.drawing import maps
from sitrep.drawing.plan import Chart, _plan
from sitrep.drawing.style import BLUE, DPI, FONTS, GREY, NARROW_PX, ORANGE, STYLE, VERMILLION, WIDE_IN
from sitrep.facts.analysis import Breakdown, bounds
from sitrep.facts.measures import Measure, Registry, amount, builtin
from sitrep.facts.model import Qualifier
from sitrep.outputs.filters import group_label, measure_title, value
from sitrep.outputs.words import ENGLISH, Words

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure


def _finite(x: float) -> float | None:
    return None if math.isinf(x) else x


# --------------------------------------------------------------------------- descriptions


def N_(message: str) -> str:  # gettext's name for the marker `make messages` looks for
    """Marks the charts' interface words for the catalogues (``make messages``, sitrep.outputs.messages);
    returns them as they are: the chart in another language is drawn from the translated words."""
    return message


def axis_label(measure: Measure, words: Words = ENGLISH) -> str:
    """The unit on the axis: "Number of people killed", "Funding required (US dollars)"."""
    title = measure_title(measure, words)
    if measure.unit_label in measure.label.split():
        return words.gettext(N_("Number of %(measure)s")) % {"measure": words.gettext(measure.label)}
    if measure.unit == "none":
        return title
    return words.gettext(N_("%(title)s (%(unit)s)")) % {"title": title, "unit": words.gettext(measure.unit_label)}


def source_line(names: str, via: str, words: Words = ENGLISH) -> str:
    """The line under a chart: "Source: national disaster agency, as reported by AP, 2025-03-08"."""
    said = words.gettext(N_("Source: %(names)s")) % {"names": names}
    return said + (words.gettext(N_(", %(via)s")) % {"via": via} if via else "")


def breakdown_chart(
    b: Breakdown,
    source_name: str,
    registry: Registry | None = None,
    names: dict[str, str] | None = None,
    via: str = "",
    narrow: bool = False,
    words: Words = ENGLISH,
    summary: str | None = None,
) -> Chart:
    """Horizontal bars, one per part of a total; a discrepancy is drawn as a hatched span.

    ``names`` labels each part by what tells it apart from the total (a place, a group);
    ``via`` says which articles reported it, for the source line; ``narrow`` is the phone drawing;
    ``words`` the page's language, ``summary`` what the parts add up to in it (default: ``b.summary``).
    """
    registry = registry or builtin()
    names = names or {f.id: group_label(f.group, words) for p in b.parts for f in p}
    measure = registry[b.total.metric]
    parts = sorted(b.parts, key=lambda p: (-bounds(p[0])[0], names[p[0].id]))
    labels = [names[p[0].id] for p in parts]
    either = words.gettext(N_(" or "))  # between two values a source gives for one part
    bars = []
    for part in parts:
        text = either.join(amount(f.value, measure) if f.value is not None else value(f, registry, words) for f in part)
        bars.append(
            {
                "low": min(bounds(f)[0] for f in part),
                "high": _finite(max(bounds(f)[1] for f in part)),
                "text": text + (words.gettext(N_(" (both given)")) if len(part) > 1 else ""),
            }
        )
    total = value(b.total, registry, words)
    line = source_line(source_name, via, words)
    said = {
        "measure": measure_title(measure, words),
        "label": words.gettext(measure.label),
        "total": total,
        "source": source_name,
    }
    plan = {
        "names": labels,
        "bars": bars,
        "xlabel": axis_label(measure, words),
        "title": words.gettext(N_("%(measure)s: breakdown of %(total)s (%(source)s)")) % said,
        # The total as a dashed line, so a lone part is never read as the whole.
        "total": {"x": bounds(b.total)[0], "text": words.gettext(N_("total: %(total)s")) % said}
        if measure.additive and b.total.qualifier is not Qualifier.unquantified
        else None,
        "source": line,
        "narrow": narrow,
    }
    yes, no = words.gettext(N_("yes")), words.gettext(N_("no"))
    rows = tuple(
        (labels[i], either.join(value(f, registry, words) for f in p), yes if len(p) > 1 else no)
        for i, p in enumerate(parts)
    )
    alt_parts = words.gettext(N_("; ")).join(
        words.gettext(N_("%(part)s: %(value)s of %(total)s")) % {"part": r[0], "value": r[1], "total": total}
        for r in rows
    )
    alt = words.gettext(
        N_(
            "Bar chart of the %(label)s reported by %(source)s, total %(total)s. "
            "Parts: %(parts)s. The parts add up to %(summary)s."
        )
    ) % {**said, "parts": alt_parts, "summary": b.summary if summary is None else summary}
    dims = " and ".join(b.dimensions)  # the data's column: English, as every download is
    return Chart(
        id=f"breakdown-{b.total.id}" + ("-narrow" if narrow else ""),
        title=words.gettext(BREAKDOWN_TITLES[b.dimensions]) % said,
        alt=alt,
        columns=(dims.capitalize(), N_("Value"), N_("Source gives both")),
        rows=rows,
        kind="breakdown",
        plan=_plan(plan),
        source=line,
    )


# A breakdown chart's title, by what tells its parts apart (analysis.Breakdown.dimensions).
BREAKDOWN_TITLES = {
    ("group",): N_("Breakdown of %(total)s %(label)s by group (%(source)s)"),
    ("place",): N_("Breakdown of %(total)s %(label)s by place (%(source)s)"),
    ("place", "group"): N_("Breakdown of %(total)s %(label)s by place and group (%(source)s)"),
}
MARKERS = {
    "o": N_("stated exactly"),
    "^": N_("more than / at least (a lower bound)"),
    "v": N_("up to (an upper bound)"),
    "|": N_("a range, or about"),
}


def history_chart(
    series,
    chart_id: str,
    label_of_source,
    when_text,
    registry: Registry | None = None,
    via: str = "",
    narrow: bool = False,
    words: Words = ENGLISH,
    group: str | None = None,
) -> Chart:
    """Values of one figure over time, as points on an ordered axis of as-of dates; its words in
    the language of ``words``, the group named ``group`` (default: its id in words).

    The axis is categorical: an undated value ("before 2025-03-08") keeps its place
    in the order without being given a date. Qualifiers are drawn, not dropped: an
    open-ended value ("more than 200") is a triangle at its bound with a dotted line
    going up, never a line joined to the next value as if it were a trend.
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
                "text": value(f, registry, words),
                "when": when_text(f.as_of),
            }
        )
    group = group_label(series.group, words) if group is None else group
    said = {"measure": measure_title(measure, words), "label": words.gettext(measure.label), "group": group}
    title = words.gettext(N_("%(measure)s, %(group)s: reported values over time")) % said
    sources = list(dict.fromkeys(label_of_source(f.source) for f in series.figures))
    line = source_line(words.gettext(N_("; ")).join(s for s in sources if s), via, words)
    plan = {"points": points, "ylabel": axis_label(measure, words), "title": title, "source": line, "narrow": narrow}
    legend = {m: words.gettext(text) for m, text in MARKERS.items()}
    if legend != MARKERS:  # another language's legend (the English plan, and so its file name, unchanged)
        plan["legend"] = legend
    rows = tuple((when_text(f.as_of), value(f, registry, words), label_of_source(f.source)) for f in series.figures)
    alt = (
        words.gettext(N_("Chart of the reported %(label)s (%(group)s) over time: ")) % said
        + words.gettext(N_("; ")).join(
            words.gettext(N_("%(when)s: %(value)s (%(source)s)")) % {"when": r[0], "value": r[1], "source": r[2]}
            for r in rows
        )
        + words.gettext(N_(". Triangles pointing up mark values given as 'more than' or 'at least'."))
    )
    chart_id = chart_id + ("-narrow" if narrow else "")
    columns = (N_("As of"), N_("Value"), N_("Source"))
    return Chart(chart_id, title, alt, columns, rows, "history", _plan(plan), line)


# --------------------------------------------------------------------------- drawing


def _matplotlib():
    """Imported on first use (0.6 s): a build whose charts all come from the cache never needs it."""
    import matplotlib

    matplotlib.use("Agg")  # never pick a GUI backend, whatever the environment says
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for font in FONTS:  # the vendored fonts, by file: nothing depends on the machine's fonts
        if str(font) not in known:
            font_manager.fontManager.addfont(str(font))
    return matplotlib


def _render(fig: MplFigure, salt: str) -> bytes:
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buf = io.BytesIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": salt}):
        FigureCanvasSVG(fig).print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


# Wide charts: sized in inches at 72 dpi, grown to their bars and labels, never cut.
WIDTH = WIDE_IN
BAR = 0.42  # per bar
LABEL_CHARS = 34  # a part's name wraps beyond this
TICK_CHARS = 16  # an as-of date on the history axis wraps beyond this
NARROW_CHARS = 30  # a narrow chart's line of text (16 px) wraps beyond this


# Sizes in points (= px: charts are drawn at 72 dpi). A narrow chart is shown at its own
# size on a phone, so its smallest text (digits, about 0.71 em high) stays above 11 px.
def _sizes(narrow: bool) -> dict[str, float]:
    return {"text": 16.5, "small": 16} if narrow else {"text": 10, "small": 9}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)) or text


def _title_chars(width_in: float) -> int:
    return max(20, int(width_in * 72 / (10 * 0.62)))  # 10 pt Noto Sans, about 0.6 em a character


def _source_line(ax, text: str, width_in: float) -> None:
    """The source line, left-aligned under the axis label (``fit`` then makes room for it)."""
    ax.annotate(
        _wrap(text, _title_chars(width_in) + 8),
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        fontsize=9,
        color=GREY,
        ha="left",
        va="top",
    )


def fit(fig: MplFigure, pad: float = 0.1, keep_width: bool = False) -> MplFigure:
    """Size the figure to what it holds: every artist, text included, inside it, with ``pad``.

    Drawn once with Agg to measure (the same font metrics the SVG's glyph paths use),
    then the figure is resized to the artists' bounding box and the axes moved so that
    nothing changes size: a label is never cut, whatever its length, and no space is
    left empty. ``keep_width`` fits the height only (a narrow chart is shown at its own width).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if keep_width:  # text anchored in the plot moves less than the plot shrinks: shrink again
        for _ in range(3):
            box = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())
            if box.x0 >= pad - 0.01 and box.x1 <= fig.get_figwidth() - pad + 0.01:
                break
            _fit_once(fig, pad, keep_width)
    return _fit_once(fig, pad, keep_width)


def _fit_once(fig: MplFigure, pad: float, keep_width: bool) -> MplFigure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.get_tightbbox(renderer)  # in inches
    width, height = fig.get_size_inches()
    dx, dy = pad - box.x0, pad - box.y0
    new_w, new_h = box.width + 2 * pad, box.height + 2 * pad
    shrink = 0.0  # a narrow chart keeps its width: its axes give up what sticks out
    if keep_width:
        shrink, new_w = max(0.0, new_w - width), width
    for ax in fig.axes:
        x0, y0, w, h = ax.get_position().bounds
        place = (
            (x0 * width + dx) / new_w,
            (y0 * height + dy) / new_h,
            (w * width - shrink) / new_w,
            h * height / new_h,
        )
        ax.set_position(place)
    fig.set_size_inches(new_w, new_h)
    return fig


def _locator(n: int):
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=n, integer=True, min_n_ticks=2)


def number(x: float, _pos: int | None = None) -> str:
    """An axis number as the text beside it writes it: "1,200", never "1200" or "1.2e3"."""
    if x == int(x):
        return f"{int(x):,}".replace("-", "\u2212")
    return f"{x:,.6g}".replace("-", "\u2212")


def _value_axis(axis, bins: int) -> None:
    """A value axis: whole numbers where they are whole, with thousands separators."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_locator(_locator(bins))
    axis.set_major_formatter(FuncFormatter(number))


def _overlap(a, b) -> bool:
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


def _any_overlap(boxes: list) -> bool:
    return any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _shown_ticks(fig: MplFigure, axis) -> list:
    """The tick labels drawn (with text, within the limits), as matplotlib will draw them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    ticks = axis._update_ticks()  # only the ticks within the view limits are drawn
    return [(t, t.label1.get_window_extent(renderer)) for t in ticks if t.label1.get_visible() and t.label1.get_text()]


def _untangle_value_ticks(fig: MplFigure, axis, bins: int) -> None:
    """Fewer numbers on a value axis while any two of them touch (long numbers on a phone's width)."""
    while bins > 1 and _any_overlap([b.expanded(1.1, 1.0) for _, b in _shown_ticks(fig, axis)]):
        bins -= 1
        axis.set_major_locator(_locator(bins))


def _untangle_date_ticks(fig: MplFigure, ax, stagger: bool = True) -> None:
    """Dates that would touch ("before 2025-03-08" beside "Sat 2025-03-08") are set on two rows,
    every other one lower; if they still touch, only every k-th is written (the table under
    the chart lists them all). A number of the value axis that a date still touches (the 0 at
    the origin, beside a long first date) is left unwritten."""

    def dates() -> list:
        return [b.expanded(1.08, 1.0) for _, b in _shown_ticks(fig, ax.xaxis)]

    if stagger and _any_overlap(dates()):
        ticks = ax.xaxis.get_major_ticks()
        base = ticks[0].get_pad()
        row = max(b.height for b in dates()) + 4  # px = points at 72 dpi
        for i, t in enumerate(ticks):
            t.set_pad(base + (row if i % 2 else 0))
        if _any_overlap(dates()):
            for t in ticks:
                t.set_pad(base)
    if _any_overlap(dates()):
        labels = [t.get_text() for t in ax.get_xticklabels()]
        for step in range(2, len(labels) + 1):
            ax.set_xticks(range(len(labels)), [text if i % step == 0 else "" for i, text in enumerate(labels)])
            if not _any_overlap(dates()):
                break
    for tick, number in _shown_ticks(fig, ax.yaxis):
        if any(_overlap(number, d) for d in dates()):
            tick.label1.set_visible(False)


def _draw_breakdown(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    bars, narrow, total = plan["bars"], plan.get("narrow", False), plan.get("total")
    size = _sizes(narrow)
    if narrow:
        # Names above the bars, so the bars get the whole width; no title (the page's
        # caption says it) and the source line in the caption under the image.
        texts = [_wrap(f"{n}: {b['text']}", NARROW_CHARS) for n, b in zip(plan["names"], bars, strict=True)]
        row = 36.0 + 20.0 * max(t.count("\n") + 1 for t in texts)  # the text above and the bar
        plot_h = row * (len(bars) + (0.7 if total is not None else 0))
        fig = MplFigure(figsize=(NARROW_PX / DPI, (plot_h + 70) / DPI), dpi=DPI, layout=None)
        ax = fig.add_axes((0.03, 60 / (plot_h + 70), 0.94, plot_h / (plot_h + 70)))
    else:
        texts = [_wrap(n, LABEL_CHARS) for n in plan["names"]]
        lines = sum(max(1, n.count("\n") + 1) for n in texts)
        plot_h = max(0.6, BAR * max(len(bars) + (0.7 if total is not None else 0), lines * 0.55)) * DPI
        fig = MplFigure(figsize=(WIDTH, (plot_h + 100) / DPI), dpi=DPI, layout=None)
        ax = fig.add_axes((1.5 / WIDTH, 60 / (plot_h + 100), 4.2 / WIDTH, plot_h / (plot_h + 100)))
    height = 0.45 if narrow else 0.6
    top, floor = 0.0, 0.0
    for y, bar in enumerate(bars):
        low, high = bar["low"], bar["high"]
        ax.barh(y, low, color=BLUE, height=height)
        if high is not None and high > low:
            ax.barh(y, high - low, left=low, color="white", edgecolor=VERMILLION, hatch="///", height=height)
        end = high if high is not None else low
        top, floor = max(top, end), min(floor, low)
        if narrow:
            ax.text(0, y - 0.32, texts[y], va="bottom", ha="left", fontsize=size["small"])
        else:
            ax.text(max(end, 0), y, "  " + bar["text"], va="center", fontsize=size["small"])
    if total is not None:
        ax.axvline(total["x"], color=VERMILLION, linestyle="--", linewidth=1)
        label_y = -0.95 if narrow else -0.85
        ax.text(
            total["x"], label_y, total["text"] + " ", color=VERMILLION, fontsize=size["small"], ha="right", va="center"
        )
        top = max(top, total["x"])
    first = -1.3 if total is not None else (-0.75 if narrow else -0.5)  # top down; a row for the total's label
    if narrow:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(len(bars) - 0.6, first)
        ax.set_xlim(floor * 1.05, top * 1.05 or 1)
    else:
        ax.set_yticks(range(len(bars)), texts)
        ax.set_ylim(len(bars) - 0.5, first)
        ax.set_xlim(floor * 1.1, top * 1.1 or 1)
        ax.set_title(_wrap(plan["title"], _title_chars(WIDTH)), fontsize=size["text"], loc="left")
    _value_axis(ax.xaxis, 3 if narrow else 6)
    ax.tick_params(labelsize=size["small"])
    ax.set_xlabel(_wrap(plan["xlabel"], NARROW_CHARS if narrow else 60), fontsize=size["small"])
    if not narrow:
        _source_line(ax, plan.get("source", ""), WIDTH)
    _untangle_value_ticks(fig, ax.xaxis, 3 if narrow else 6)
    return fit(fig, keep_width=narrow)


def _draw_history(plan: dict) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D

    points, narrow = plan["points"], plan.get("narrow", False)
    size = _sizes(narrow)
    tops = [p["high"] if p["high"] is not None else p["low"] for p in points]
    lows = [min(0, p["low"]) for p in points]
    # The axis always spans zero: values all below it (a temperature) still get a range, never a point.
    bottom, ymax = min(lows, default=0) * 1.3, max(0.0, max(tops, default=0) * (1.5 if narrow else 1.3))
    ymax = ymax if ymax > bottom else bottom + 1
    width = NARROW_PX / DPI if narrow else max(WIDTH, 1.6 + 1.25 * len(points))
    if narrow:
        fig = MplFigure(figsize=(width, 330 / DPI), dpi=DPI)
        ax = fig.add_axes((0.2, 0.2, 0.76, 0.62))
    else:
        fig = MplFigure(figsize=(width, 3.2), dpi=DPI)
        ax = fig.add_axes((0.1, 0.22, 0.8, 0.6))
    for x, p in enumerate(points):
        if p["span"]:
            ax.vlines(x, p["low"], p["high"], color=BLUE, linewidth=3)
        if p["marker"] == "^":  # a lower bound: the value lies somewhere above it
            ax.vlines(x, p["y"], ymax, color=BLUE, linewidth=1.2, linestyles=(0, (1.5, 2.5)))
        marker = "|" if p["span"] and p["marker"] == "o" else p["marker"]
        ax.plot([x], [p["y"]], marker=marker, markersize=11, color=BLUE if marker != "v" else ORANGE, linestyle="none")
    tick_chars = 11 if narrow else TICK_CHARS  # 16 px text on a phone: about 11 characters a column
    labels = [_wrap(p["when"], tick_chars) for p in points]
    ax.set_xticks(range(len(points)), labels)
    ax.set_xlim(-0.5, len(points) - 0.5 + (0.8 if narrow else 0.4))
    ax.set_ylim(bottom, ymax)
    _value_axis(ax.yaxis, 3 if narrow else 5)
    ax.tick_params(labelsize=size["small"])
    values = _value_labels(fig, ax, points, size["small"], 14 if narrow else 24, [])
    ax.set_ylabel(_wrap(plan["ylabel"], 22 if narrow else 30), fontsize=size["small"])
    legend_words = plan.get("legend", MARKERS)  # another language's words, else the English
    used = list(dict.fromkeys("|" if p["span"] and p["marker"] == "o" else p["marker"] for p in points))
    handles = [
        Line2D(
            [], [], marker=m, color=BLUE if m != "v" else ORANGE, linestyle="none", markersize=9, label=legend_words[m]
        )
        for m in used
    ]
    legend: dict[str, Any] = {"frameon": False, "fontsize": size["small"], "handletextpad": 0.3, "loc": "lower left"}
    if not narrow:
        if handles:  # above the plot, where no value is drawn, under the title
            ax.legend(handles=handles, bbox_to_anchor=(0, 1.0), ncols=len(handles), columnspacing=1.5, **legend)
        title = _wrap(plan["title"], _title_chars(width))
        ax.set_title(title, fontsize=size["text"], loc="left", pad=24 if handles else 6)
        _source_line(ax, plan.get("source", ""), width)
    elif handles:  # at the figure's left edge: the whole width for its words
        fig.legend(
            handles=handles, bbox_to_anchor=(0, 1), ncols=1, borderaxespad=0.2, **{**legend, "loc": "upper left"}
        )
        ax.set_position((0.2, 0.2, 0.76, 0.78 - (24 * len(handles) + 12) / 330))  # 24 pt a legend row
    # Fitting moves the axes (a narrow chart gets narrower): place again in the fitted figure,
    # the values last (they are placed inside it, so the figure keeps its size).
    for _ in range(3):
        _untangle_value_ticks(fig, ax.yaxis, 3 if narrow else 5)
        _untangle_date_ticks(fig, ax)
        fit(fig, keep_width=narrow)
        values = _value_labels(fig, ax, points, size["small"], 14 if narrow else 24, values)
    _untangle_date_ticks(fig, ax, stagger=False)  # the figure's size is kept: no second row of dates
    _value_labels(fig, ax, points, size["small"], 14 if narrow else 24, values)
    return fig


def _value_labels(fig: MplFigure, ax, points: list[dict], size: float, chars: int, old: list) -> list:
    """Each point's value written beside it, at the first position that touches no other value,
    marker or axis text: right of the point, left, above, below, then farther up or down."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for text in old:
        text.remove()
    renderer = FigureCanvasAgg(fig).get_renderer()
    taken, placed = [], []
    for axis in (ax.xaxis, ax.yaxis):  # where the axis words are now (drawing moves them beside the numbers)
        axis._update_label_position(renderer)
    for x, p in enumerate(points):
        cx, cy = ax.transData.transform((x, p["y"]))
        taken.append(_box(cx - 7, cy - 7, cx + 7, cy + 7))
    # Off the dates and the numbers of the axes (a value at the foot or the start of the axis).
    taken += [box for axis in (ax.xaxis, ax.yaxis) for _, box in _shown_ticks(fig, axis)]
    taken += [legend.get_window_extent(renderer) for legend in (*fig.legends, ax.get_legend()) if legend is not None]
    taken += [t.get_window_extent(renderer) for t in (ax.yaxis.label, ax.xaxis.label, ax.title) if t.get_text()]
    near = [
        (9, -5, "left", "baseline"),
        (-9, -5, "right", "baseline"),
        (0, 10, "center", "bottom"),
        (0, -10, "center", "top"),
    ]
    candidates = near + [
        (dx, dy + k * step, ha, va)
        for k in range(1, 8)
        for step in (size * 1.4, -size * 1.4)
        for dx, dy, ha, va in near[:2]
    ]
    for x, p in enumerate(points):
        words = _wrap(p["text"], chars)
        for dx, dy, ha, va in candidates:
            text = ax.annotate(
                words, (x, p["y"]), textcoords="offset points", xytext=(dx, dy), fontsize=size, ha=ha, va=va
            )
            box = text.get_window_extent(renderer)
            inside = fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1
            clear = _box(box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1)  # a pixel apart, never touching
            if inside and not any(_overlap(clear, t) for t in taken):
                break
            text.remove()
        else:  # nowhere free (many long values on a phone): left unwritten, never written over another
            continue  # the table under the chart has every value
        taken.append(box)
        placed.append(text)
    return placed


def _box(x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


def _draw_map(plan: dict) -> MplFigure:
    return maps.draw(plan)


_DRAW = {"breakdown": _draw_breakdown, "history": _draw_history, "map": _draw_map}


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

# Fewer charts than this are drawn in-process: a pool costs more to start. A one-report publish
# draws a few history charts, each 0.2 to 0.5 s with its value labels fitted, so from four on
# two cores halve it (measured at 100 reports: about 1 s of a 13 s publish; docs/performance.md).
PARALLEL_FROM = 4


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
        self.workers = forked.workers(workers)
        self.drawn = 0
        self._kept: dict[str, list[int]] | None = None
        self._dirty = False

    def files(self, charts: list[Chart]) -> dict[str, Path | bytes]:
        """Each chart's bytes by file name: a chart in the cache is given as its file there
        (hard-linked into the site, never read), so memory stays flat however many charts a
        site has; a chart not there is drawn (on every core) and kept."""
        unique = {c.filename: c for c in charts}
        out: dict[str, Path | bytes] = {}
        missing = []
        for name, chart in sorted(unique.items()):
            path = self._path(chart)
            if path is not None and self._intact(path, chart.key):
                out[name] = path
            else:
                missing.append(chart)
        for chart, svg in zip(missing, self._draw_iter(missing), strict=True):
            kept = self._write(chart, svg)  # one at a time: the drawn charts are not all held in memory
            out[chart.filename] = kept if kept is not None else svg
        self.drawn += len(missing)
        self._save_index()
        return out

    def _draw_iter(self, charts: list[Chart]) -> Iterator[bytes]:
        if len(charts) < PARALLEL_FROM or self.workers < 2:
            yield from (draw(c) for c in charts)
            return
        _matplotlib()
        context = multiprocessing.get_context("fork")  # workers inherit the imported matplotlib
        with concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=forked.leave_with, initargs=(os.getpid(),)
        ) as pool:
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
        return path is not None and kept is not None and cachefiles.verified(path, kept[:3], kept[3])

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
