"""A locator map of a report's places that have coordinates, drawn like every chart.

Offline: coastlines and borders come from the committed Natural Earth extract in
``sitrep/drawing/geodata`` (see SOURCE.txt there), never from a tile server. Each place shows
its precision: a settlement or an exact point is a dot, an area (the centre of a region
or country) a dashed ring with its name in italics. Labels are placed one by one at the
first of several positions around their place that overlaps no label or place already
drawn, so they never collide. Byte-reproducible: the drawing depends on the plan, the
extract and the code only (all part of each chart's key).
"""

from __future__ import annotations

import itertools
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from sitrep.drawing.plan import Chart, _plan
from sitrep.drawing.style import BLUE, DPI, GREY, NARROW_PX, VERMILLION, WIDE_IN
from sitrep.facts.model import Precision, Report

GEODATA = Path(__file__).parent / "geodata"
EXTRACTS = sorted(GEODATA.glob("*.json"))


def locator_map(report: Report, via: str = "", narrow: bool = False) -> Chart | None:
    """The map's description, or None when no place has coordinates."""
    places: list[dict[str, Any]] = [
        {
            "name": p.name,
            "lat": p.coordinates.lat,
            "lon": p.coordinates.lon,
            "area": p.coordinates.precision is Precision.area,
        }
        for p in report.places
        if p.coordinates is not None and p.coordinates.precision is not Precision.unknown
    ]
    if not places:
        return None
    places.sort(key=lambda p: (p["area"], -p["lat"], p["lon"], p["name"]))  # points first: they get the best places
    coordinates_from = sorted({p.coordinates.source for p in report.places if p.coordinates is not None})
    source = f"Source: coordinates, {'; '.join(coordinates_from)}; coast and borders, Natural Earth"
    plan = {"places": places, "narrow": narrow, "source": source}
    names = "; ".join(f"{p['name']} ({p['lat']:.2f}, {p['lon']:.2f}{', an area' if p['area'] else ''})" for p in places)
    alt = f"Locator map of the {len(places)} places of this report that have coordinates: {names}."
    rows = tuple((str(p["name"]), f"{p['lat']:.4f}, {p['lon']:.4f}", "area" if p["area"] else "point") for p in places)
    chart_id = "map" + ("-narrow" if narrow else "")
    title = "Where the report's places are"
    return Chart(chart_id, title, alt, ("Place", "Coordinates", "Shown as"), rows, "map", _plan(plan), source)


@cache
def _extract(name: str) -> dict:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))


def _unwrapped(places: list[dict]) -> list[dict]:
    """The places with longitudes made continuous around them: Suva (178.4) and Apia (-171.8) lie
    10 degrees apart across the antimeridian, not 350 degrees apart across the world.

    The map is cut at the widest stretch of longitude without a place; places east of the cut
    go on past 180 (their coasts are drawn shifted by 360 too). Places within half the world of
    each other are left as they are.
    """
    lons = sorted(p["lon"] for p in places)
    if lons[-1] - lons[0] <= 180:
        return places
    gaps = [(lons[i + 1] - lons[i], lons[i + 1]) for i in range(len(lons) - 1)]
    widest, after = max(gaps)
    if widest <= lons[0] + 360 - lons[-1]:  # the widest gap is across the antimeridian already
        return places
    return [{**p, "lon": p["lon"] - 360} if p["lon"] >= after else p for p in places]


def _k(s: float, n: float) -> float:
    """How much narrower a degree of longitude is than one of latitude, at the map's middle; held
    above a floor near the poles, where it tends to 0 (a map of the pole would be infinitely wide)."""
    return math.cos(math.radians(min(max((s + n) / 2, -_POLAR), _POLAR)))


_POLAR = 75.0  # the latitude beyond which the map's proportions stop stretching
_SKY = 91.0  # how far the map may reach: just past a pole, so a place on it shows whole


def _bbox(places: list[dict], aspect: float) -> tuple[float, float, float, float, float]:
    """West, south, east, north: the places with a margin, widened to the drawing's aspect; and
    the map's proportion (:func:`_k`), kept when the map slides back from past a pole."""
    lons, lats = [p["lon"] for p in places], [p["lat"] for p in places]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    pad = max(0.8, 0.2 * max(e - w, n - s))
    w, e, s, n = w - pad, e + pad, s - pad, n + pad
    k = _k(s, n)
    width, height = (e - w) * k, n - s
    if width / height < aspect:  # too tall: widen
        grow = (height * aspect / k - (e - w)) / 2
        w, e = w - grow, e + grow
    else:
        grow = ((e - w) * k / aspect - height) / 2
        s, n = s - grow, n + grow
    if e - w > 360:  # never the world twice over: the map is narrower than the drawing instead
        w, e = (w + e) / 2 - 180, (w + e) / 2 + 180
    if n > _SKY:  # past a pole: slide the map back over the globe
        s, n = s - (n - _SKY), _SKY
    if s < -_SKY:
        s, n = -_SKY, min(n + (-_SKY - s), _SKY)
    return w, s, e, n, k


def _split(line: list) -> list[list]:
    """A line cut where it jumps across the antimeridian (-180 to 180), which it does not cross."""
    out, part = [], [line[0]]
    for a, b in itertools.pairwise(line):
        if abs(b[0] - a[0]) > 180:
            out.append(part)
            part = []
        part.append(b)
    return [*out, part]


def _lines(bbox: tuple[float, float, float, float]) -> dict:
    w, s, e, n = bbox
    for name in ("east-mediterranean-50m.json", "world-110m.json"):  # the finest extract that covers the map
        data = _extract(name)
        bw, bs, be, bn = data["bbox"]
        if bw <= w and bs <= s and be >= e and bn >= n:
            return data
    return _extract("world-110m.json")


def _overlaps(a, b) -> bool:
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


def draw(plan: dict):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox

    narrow = plan["narrow"]
    size = 16 if narrow else 9.5
    width_px = NARROW_PX if narrow else WIDE_IN * DPI
    height_px = 380 if narrow else 330
    fig = MplFigure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    bottom = 72 / height_px if narrow else 44 / height_px
    ax = fig.add_axes((0.01, bottom, 0.98, 1 - bottom - 0.01))
    aspect = (0.98 * width_px) / ((1 - bottom - 0.01) * height_px)
    places = _unwrapped(plan["places"])
    w, s, e, n, k = _bbox(places, aspect)
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(1 / k)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(True)
        side.set_color("#999999")
    ax.set_facecolor("#eef4f8")
    data = _lines((w, s, e, n))
    styles: tuple[tuple[str, dict[str, Any]], ...] = (
        ("coast", {"colors": "#5a6b78", "linewidths": 0.9}),
        ("border", {"colors": "#8a8a8a", "linewidths": 0.8, "linestyles": [(0, (4, 2))]}),
    )
    shifts = [0.0] + ([-360.0] if w < -180 else []) + ([360.0] if e > 180 else [])  # a map across the antimeridian
    for kind, style in styles:
        shown = []
        for whole in data[kind]:
            for line in _split(whole) if any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(whole)) else [whole]:
                for shift in shifts:
                    xs, ys = [p[0] + shift for p in line], [p[1] for p in line]
                    if not (max(xs) < w or min(xs) > e or max(ys) < s or min(ys) > n):
                        shown.append([(x, y) for x, y in zip(xs, ys, strict=True)] if shift else line)
        ax.add_collection(LineCollection(shown, **style), autolim=False)  # one artist: far cheaper than a line each
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    taken: list = []
    ring = 0.05 * (n - s)
    for p in places:
        x, y = p["lon"], p["lat"]
        if p["area"]:
            ax.add_patch(_ring(x, y, ring / k, ring))
        else:
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=7 if narrow else 6,
                color=BLUE,
                markeredgecolor="white",
                linestyle="none",
            )
        cx, cy = ax.transData.transform((x, y))
        r = _ring_px(ax, y, ring) if p["area"] else 5.0
        taken.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    axes_box = ax.get_window_extent(renderer)
    for p in places:
        x, y = p["lon"], p["lat"]
        gap = 9 if not p["area"] else _ring_px(ax, y, ring) + 4  # clear of the ring (points = px at 72 dpi)
        candidates = [
            (gap, 0, "left", "center"),
            (-gap, 0, "right", "center"),
            (0, gap, "center", "bottom"),
            (0, -gap, "center", "top"),
            (gap, gap, "left", "bottom"),
            (-gap, gap, "right", "bottom"),
            (gap, -gap, "left", "top"),
            (-gap, -gap, "right", "top"),
        ]
        candidates += [(dx * 3, dy * 3, ha, va) for dx, dy, ha, va in candidates]

        def label(dx: float, dy: float, ha: str, va: str, p=p, x=x, y=y):
            return ax.annotate(
                p["name"],
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=size,
                fontstyle="italic" if p["area"] else "normal",
                color="#222222",
            )

        placed = None
        for dx, dy, ha, va in candidates:
            text = label(dx, dy, ha, va)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
            if inside and not any(_overlaps(box, t) for t in taken):
                placed = (text, box, dx, dy)
                break
            text.remove()
        if placed is None:  # nowhere free: the last resort is the first position, with a line to the place
            dx, dy, ha, va = candidates[8]
            text = label(dx, dy, ha, va)
            placed = (text, text.get_window_extent(renderer), dx, dy)
        text, box, dx, dy = placed
        if (dx and dy) or abs(dx) > 2 * gap or abs(dy) > 2 * gap:  # diagonal or moved away: a line leads back
            px, py = ax.transData.transform((x, y))
            end = ax.transData.inverted().transform((px + dx * 0.85, py + dy * 0.85))
            ax.plot([x, end[0]], [y, end[1]], color="#444444", linewidth=0.8)
        taken.append(box)
    handles = [
        Line2D([], [], marker="o", color=BLUE, linestyle="none", markersize=7, label="a settlement or point"),
        Line2D(
            [],
            [],
            marker="o",
            markerfacecolor="none",
            markeredgecolor=VERMILLION,
            linestyle="none",
            markersize=11,
            label="an area (its centre)",
        ),
    ]
    used = [
        h
        for h, present in zip(
            handles, (any(not p["area"] for p in plan["places"]), any(p["area"] for p in plan["places"])), strict=True
        )
        if present
    ]
    fig.legend(
        handles=used,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.0 if narrow else 16 / height_px),
        frameon=False,
        fontsize=size - (0.01 if narrow else 0.5),
        ncols=2 if not narrow else 1,
        handletextpad=0.2,
        columnspacing=1.2,
        borderaxespad=0.1,
    )
    if not narrow:
        fig.text(0.01, 0.01, plan["source"], fontsize=8.5, color=GREY, ha="left", va="bottom")
    del canvas
    return fig


def _ring_px(ax, lat: float, ring: float) -> float:
    """The ring's radius on the drawing, in px."""
    (_, y0), (_, y1) = ax.transData.transform([(0, lat), (0, lat + ring)])
    return abs(y1 - y0)


def _ring(x: float, y: float, rx: float, ry: float):
    from matplotlib.patches import Ellipse

    return Ellipse((x, y), 2 * rx, 2 * ry, fill=False, edgecolor=VERMILLION, linewidth=1.6, linestyle=(0, (3, 2)))
