"""A locator map of a report's places, drawn like every chart: where they are, and what
happened there.

Offline: land, coasts, borders and country names come from the committed Natural Earth
extract in ``sitrep/drawing/geodata`` (see SOURCE.txt there), sea names from a short list
there, never from a tile server. The map reads as a locator map does: land on sea,
neighbouring countries and seas named, a scale bar in km measured at the map's latitude,
and an inset of the region with the map's extent drawn on it. A place with figures or
events is a dark dot labelled with its headline number ("Baniyas: at least 20 killed"),
one merely named is a muted dot; a place that is a country is written as a country
name, never a dot at its centre; another area is a dashed ring. Places without
coordinates are listed under the map (:attr:`Chart.note`), never dropped silently.

Labels are placed one by one at the first of several positions around their place that
overlaps no label, place, scale bar or inset already drawn, so they never collide (the
tests measure the text boxes). Byte-reproducible: the drawing depends on the plan, the
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
from sitrep.facts.analysis import bounds
from sitrep.facts.measures import Registry, builtin
from sitrep.facts.model import Figure, Precision, Qualifier, Report
from sitrep.outputs.filters import value
from sitrep.outputs.words import ENGLISH, N_, Words

GEODATA = Path(__file__).parent / "geodata"
EXTRACTS = sorted(GEODATA.glob("*.json"))
LAND, SEA, SEA_TEXT, MUTED, INK = "#f3f0e8", "#d9e8f2", "#3d6f94", "#8a8a8a", "#222222"


def headline(figures: list[Figure], registry: Registry, words: Words = ENGLISH) -> str:
    """A place's headline number: its gravest measure (the registry's order: killed before
    injured before displaced...), the largest figure given for it; "" when none is a number."""
    order = {m: i for i, m in enumerate(registry.measures)}
    given = [f for f in figures if f.qualifier is not Qualifier.unquantified]
    if not given:
        return ""
    best = min(given, key=lambda f: (order.get(f.metric, len(order)), -bounds(f)[0], f.id))
    measure = registry[best.metric]
    what = measure.label.removeprefix("people ") if measure.unit == "people" else measure.label
    return f"{value(best, registry, words)} {what}"


def locator_map(
    report: Report, via: str = "", narrow: bool = False, registry: Registry | None = None, words: Words = ENGLISH
) -> Chart | None:
    """The map's description (in the language of ``words``), or None when no place has coordinates."""
    registry = registry or builtin()
    figures: dict[str, list[Figure]] = {}
    for f in report.figures:
        if f.place is not None:
            figures.setdefault(f.place, []).append(f)
    happened = {e.place for e in report.events} | {i.place for i in report.impacts} | set(figures)
    places: list[dict[str, Any]] = [
        {
            "name": p.name,
            "lat": p.coordinates.lat,
            "lon": p.coordinates.lon,
            "area": p.coordinates.precision is Precision.area,
            "country": p.kind.value == "country",
            "marked": p.id in happened,
            "headline": headline(figures.get(p.id, []), registry, words),
        }
        for p in report.places
        if p.coordinates is not None and p.coordinates.precision is not Precision.unknown
    ]
    if not places:
        return None
    # Countries first (written where they are), then the places with news: they get the best places.
    places.sort(key=lambda p: (not p["country"], not p["marked"], p["area"], -p["lat"], p["lon"], p["name"]))
    missing = [
        p.name + (f" ({h})" if (h := headline(figures.get(p.id, []), registry, words)) else "")
        for p in report.places
        if p.coordinates is None or p.coordinates.precision is Precision.unknown
    ]
    coordinates_from = sorted({p.coordinates.source for p in report.places if p.coordinates is not None})
    among = words.gettext(N_("; "))
    source = words.gettext(N_("Source: coordinates, %(sources)s; land, coast and borders, Natural Earth")) % {
        "sources": among.join(coordinates_from)
    }
    plan = {"places": places, "narrow": narrow, "source": source}
    area = words.gettext(N_(", an area"))
    names = among.join(
        f"{p['name']}{': ' + p['headline'] if p['headline'] else ''} "
        f"({p['lat']:.2f}, {p['lon']:.2f}{area if p['area'] else ''})"
        for p in places
    )
    note = (
        words.gettext(N_("Not on the map (no coordinates known): %(places)s.")) % {"places": among.join(missing)}
        if missing
        else ""
    )
    said = {"n": len(places), "names": names}
    alt = words.gettext(N_("Locator map of the %(n)s places of this report that have coordinates: %(names)s.")) % said
    alt += f" {note}" if note else ""
    rows = tuple((str(p["name"]), f"{p['lat']:.4f}, {p['lon']:.4f}", "area" if p["area"] else "point") for p in places)
    chart_id = "map" + ("-narrow" if narrow else "")
    title = words.gettext(N_("Where the report's places are"))
    return Chart(
        chart_id, title, alt, ("Place", "Coordinates", "Shown as"), rows, "map", _plan(plan), source, note=note
    )


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


def _scale(w: float, e: float, lat: float) -> tuple[int, float]:
    """A scale bar about a fifth of the map wide, of a round length: (km, its length in degrees
    of longitude at ``lat``, the map's middle, where a degree is 111.32 km times cos(lat))."""
    per_degree = 111.32 * math.cos(math.radians(min(abs(lat), _POLAR)))
    target = (e - w) * per_degree / 5
    lengths = [m * 10**p for p in range(0, 5) for m in (1, 2, 5)]
    km = max([k for k in lengths if k <= target], default=1)
    return km, km / per_degree


def _sea_names() -> list[dict]:
    return _extract("seas.json")["seas"]


def _shown(rings: list[list], shifts: list[float], box: tuple[float, float, float, float]) -> list[list]:
    """The rings (or lines) that reach into the box, each shifted by 360 where the map crosses the antimeridian."""
    w, s, e, n = box
    out = []
    for whole in rings:
        for line in _split(whole) if any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(whole)) else [whole]:
            for shift in shifts:
                xs, ys = [p[0] + shift for p in line], [p[1] for p in line]
                if not (max(xs) < w or min(xs) > e or max(ys) < s or min(ys) > n):
                    out.append([(x, y) for x, y in zip(xs, ys, strict=True)] if shift else line)
    return out


def _shifts(w: float, e: float) -> list[float]:
    return [0.0] + ([-360.0] if w < -180 else []) + ([360.0] if e > 180 else [])


def _land(ax, data: dict, box: tuple[float, float, float, float]) -> list[tuple[str, list]]:
    """Fill the land (every country's rings, one artist); the countries on the map with their rings."""
    from matplotlib.collections import PolyCollection

    shifts = _shifts(box[0], box[2])
    countries = [(c["name"], _shown(c["rings"], shifts, box)) for c in data.get("countries", [])]
    countries = [(name, rings) for name, rings in countries if rings]
    rings = [r for _, rs in countries for r in rs]
    ax.add_collection(PolyCollection(rings, facecolors=LAND, edgecolors="none", zorder=0.5), autolim=False)
    return countries


def _inside(rings: list[list], points):
    """Which points lie inside any of the rings."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    hit = np.zeros(len(points), dtype=bool)
    for ring in rings:
        hit |= MplPath(ring).contains_points(points)
    return hit


def draw(plan: dict):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox

    narrow = plan["narrow"]
    size = 16 if narrow else 9.5
    width_px = NARROW_PX if narrow else WIDE_IN * DPI
    height_px = 430 if narrow else 360
    fig = MplFigure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
    places = _unwrapped(plan["places"])
    kinds = (  # which marks the legend explains: a place with news, another place, an area
        any(p["marked"] and not p["country"] for p in places),
        any(not p["marked"] and not p["country"] for p in places),
        any(p["area"] and not p["country"] for p in places),
    )
    legend_rows = sum(kinds) if narrow else 1
    bottom = (24 * legend_rows + 8) / height_px if narrow else 44 / height_px
    ax = fig.add_axes((0.01, bottom, 0.98, 1 - bottom - 0.01))
    aspect = (0.98 * width_px) / ((1 - bottom - 0.01) * height_px)
    w, s, e, n, k = _bbox(places, aspect)
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(1 / k)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(True)
        side.set_color("#999999")
    ax.set_facecolor(SEA)
    data = _lines((w, s, e, n))
    countries = _land(ax, data, (w, s, e, n))
    styles: tuple[tuple[str, dict[str, Any]], ...] = (
        ("coast", {"colors": "#5a6b78", "linewidths": 0.8}),
        ("border", {"colors": "#8a8a8a", "linewidths": 0.8, "linestyles": [(0, (4, 2))]}),
    )
    for kind, style in styles:  # one artist each: far cheaper than a line each
        ax.add_collection(LineCollection(_shown(data[kind], _shifts(w, e), (w, s, e, n)), **style), autolim=False)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    ax.apply_aspect()
    axes_box = ax.get_window_extent(renderer)
    taken: list = []
    ring = 0.05 * (n - s)
    dots = []
    for p in places:
        x, y = p["lon"], p["lat"]
        if p["country"]:
            continue  # a country is its name, written where it is: no dot in its middle
        if p["area"]:
            ax.add_patch(_ring(x, y, ring / k, ring))
        else:
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=(7 if narrow else 6.5) if p["marked"] else 5,
                color=BLUE if p["marked"] else MUTED,
                markeredgecolor="white",
                linestyle="none",
                zorder=3,
            )
        cx, cy = ax.transData.transform((x, y))
        dots.append((cx, cy))
        r = _ring_px(ax, y, ring) if p["area"] else 5.0
        taken.append(Bbox([[cx - r, cy - r], [cx + r, cy + r]]))
    inset_box, scale_corner = _corners(axes_box, dots, narrow)
    if inset_box is not None and (n - s) < 50:  # a map of half the world needs no overview
        _inset(fig, inset_box, (w, s, e, n))
        taken.append(inset_box)
    taken.append(_scale_bar(ax, renderer, (w, s, e, n), scale_corner, size))

    def free(box) -> bool:
        inside = axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
        return inside and not any(_overlaps(box, t) for t in taken)

    for p in places:
        x, y = p["lon"], p["lat"]
        words = p["name"] + (("\n" if narrow else ": ") + p["headline"] if p["headline"] else "")
        if p["country"]:
            style = {"fontsize": size + 0.5, "fontweight": "bold", "color": INK}
            words = p["name"].upper() + ("\n" + p["headline"] if p["headline"] else "")
            candidates = [(0, 0, "center", "center"), *_around(12)]
        else:
            gap = 9 if not p["area"] else _ring_px(ax, y, ring) + 4  # clear of the ring (points = px at 72 dpi)
            candidates = _around(gap)
            style = {
                "fontsize": size,
                "fontstyle": "italic" if p["area"] else "normal",
                "fontweight": "bold" if p["marked"] else "normal",
                "color": INK if p["marked"] else "#555555",
            }
        placed = _place(ax, renderer, words, (x, y), candidates, style, free)
        if placed is None:
            continue  # nowhere free: the place keeps its dot, and the text alternative names it
        _, box, dx, dy = placed
        if not p["country"] and ((dx and dy) or abs(dx) > 20 or abs(dy) > 20):  # moved away: a line leads back
            px, py = ax.transData.transform((x, y))
            end = ax.transData.inverted().transform((px + dx * 0.85, py + dy * 0.85))
            ax.plot([x, end[0]], [y, end[1]], color="#444444", linewidth=0.8)
        taken.append(box)
    named = {p["name"].casefold() for p in places if p["country"]}
    _name_seas(ax, renderer, (w, s, e, n), countries, size, free, taken)
    _name_countries(ax, renderer, (w, s, e, n), countries, named, size, free, taken)
    labels = ("a place with figures or events", "another place in the report", "an area (its centre)")
    handles = [
        Line2D([], [], marker="o", color=BLUE, linestyle="none", markersize=7, label=labels[0]),
        Line2D([], [], marker="o", color=MUTED, linestyle="none", markersize=5, label=labels[1]),
        Line2D([], [], marker="o", markerfacecolor="none", markeredgecolor=VERMILLION, linestyle="none", markersize=11),
    ]
    handles[2].set_label(labels[2])
    fig.legend(
        handles=[h for h, present in zip(handles, kinds, strict=True) if present],
        loc="lower left",
        bbox_to_anchor=(0.0, 0.0 if narrow else 16 / height_px),
        frameon=False,
        fontsize=size - (0.01 if narrow else 0.5),
        ncols=3 if not narrow else 1,
        handletextpad=0.2,
        columnspacing=1.2,
        borderaxespad=0.1,
    )
    if not narrow:
        fig.text(0.01, 0.01, plan["source"], fontsize=8.5, color=GREY, ha="left", va="bottom")
    del canvas
    return fig


def _around(gap: float) -> list[tuple[float, float, str, str]]:
    """Positions around a place, nearest first: right, left, above, below, the diagonals, then farther out."""
    near = [
        (gap, 0, "left", "center"),
        (-gap, 0, "right", "center"),
        (0, gap, "center", "bottom"),
        (0, -gap, "center", "top"),
        (gap, gap, "left", "bottom"),
        (-gap, gap, "right", "bottom"),
        (gap, -gap, "left", "top"),
        (-gap, -gap, "right", "top"),
    ]
    return near + [(dx * f, dy * f, ha, va) for f in (2.5, 4, 6) for dx, dy, ha, va in near]


def _place(ax, renderer, words: str, xy, candidates, style: dict, free):
    """The label at the first free position, with its box (px) and offset; None when none is free."""
    for dx, dy, ha, va in candidates:
        text = ax.annotate(words, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, zorder=4, **style)
        box = text.get_window_extent(renderer).expanded(1.04, 1.1)
        if free(box):
            return text, box, dx, dy
        text.remove()
    return None


def _corners(axes_box, dots: list[tuple[float, float]], narrow: bool):
    """Where the inset and the scale bar go: the inset in the top corner with fewest places
    under it (None when every corner has one), the scale bar in a bottom corner."""
    from matplotlib.transforms import Bbox

    iw = axes_box.width * (0.36 if narrow else 0.24)
    ih = iw * 0.72
    m = 4.0
    corners = {
        "upper right": Bbox([[axes_box.x1 - iw - m, axes_box.y1 - ih - m], [axes_box.x1 - m, axes_box.y1 - m]]),
        "upper left": Bbox([[axes_box.x0 + m, axes_box.y1 - ih - m], [axes_box.x0 + iw + m, axes_box.y1 - m]]),
        "lower right": Bbox([[axes_box.x1 - iw - m, axes_box.y0 + m], [axes_box.x1 - m, axes_box.y0 + ih + m]]),
        "lower left": Bbox([[axes_box.x0 + m, axes_box.y0 + m], [axes_box.x0 + iw + m, axes_box.y0 + ih + m]]),
    }

    def under(box) -> int:
        return sum(box.x0 - 12 <= x <= box.x1 + 12 and box.y0 - 12 <= y <= box.y1 + 12 for x, y in dots)

    free = [c for c in corners if under(corners[c]) == 0]
    if not free:
        return None, "lower left"
    inset = free[0]
    scale = "lower right" if inset == "lower left" else "lower left"
    return corners[inset], scale


def _inset(fig, box, extent: tuple[float, float, float, float]) -> None:
    """The region around the map, small, with the map's extent as a rectangle on it."""
    from matplotlib.patches import Rectangle

    w, s, e, n = extent
    fw, fh = fig.bbox.width, fig.bbox.height
    inset = fig.add_axes((box.x0 / fw, box.y0 / fh, box.width / fw, box.height / fh), label="inset")
    inset.set_gid("inset")
    span = max(6 * (n - s), 24.0)
    cx, cy = (w + e) / 2, (s + n) / 2
    k = _k(cy - span / 2, cy + span / 2)
    half_w = span * box.width / box.height / k / 2
    iw, ie = cx - half_w, cx + half_w
    i_s, i_n = max(cy - span / 2, -90.0), min(cy + span / 2, 90.0)
    inset.set_xlim(iw, ie)
    inset.set_ylim(i_s, i_n)
    inset.set_facecolor(SEA)
    inset.set_xticks([])
    inset.set_yticks([])
    for side in inset.spines.values():
        side.set_visible(True)
        side.set_color("#555555")
    _land(inset, _extract("world-110m.json"), (iw, i_s, ie, i_n))
    inset.add_patch(Rectangle((w, s), e - w, n - s, fill=False, edgecolor=VERMILLION, linewidth=1.4, zorder=3))


def _scale_bar(ax, renderer, extent: tuple[float, float, float, float], corner: str, size: float):
    """A bar of a round number of km, its length measured at the map's middle latitude; its box (px)."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    w, s, e, n = extent
    km, degrees = _scale(w, e, (s + n) / 2)
    x0 = w + 0.03 * (e - w) if corner == "lower left" else e - 0.03 * (e - w) - degrees
    y0 = s + 0.05 * (n - s)
    bar = ax.plot([x0, x0 + degrees], [y0, y0], color=INK, linewidth=2.5, solid_capstyle="butt", zorder=5)[0]
    bar.set_gid("scale-bar")
    text = ax.text(
        x0 + degrees / 2,
        y0 + 0.015 * (n - s),
        f"{km:,} km",
        ha="center",
        va="bottom",
        fontsize=size if size > 12 else size - 1,  # on a phone, digits stay above 11 px
        color=INK,
        zorder=5,
    )
    text.set_gid("scale-bar-text")
    box = Bbox.union([bar.get_window_extent(renderer), text.get_window_extent(renderer)]).expanded(1.15, 1.25)
    back = Rectangle(
        ax.transData.inverted().transform((box.x0, box.y0)),
        box.width / ax.transData.get_matrix()[0, 0],
        box.height / ax.transData.get_matrix()[1, 1],
        facecolor="white",
        alpha=0.75,
        edgecolor="none",
        zorder=4.5,
    )
    ax.add_patch(back)
    return box


def _grid(extent: tuple[float, float, float, float]):
    """Points spread over the map, inside its frame: where names may be written."""
    import numpy as np

    w, s, e, n = extent
    gx, gy = np.meshgrid(np.linspace(w, e, 41)[1:-1], np.linspace(s, n, 27)[1:-1])
    return np.column_stack([gx.ravel(), gy.ravel()])


def _name_seas(ax, renderer, extent, countries, size: float, free, taken: list) -> None:
    """Each sea with water on the map, named on its water: a point of water belongs to the sea
    whose listed point is nearest, and the name goes on the free one nearest that point."""
    import numpy as np

    w, s, e, n = extent
    k = _k(s, n)
    grid = _grid(extent)
    water = grid[~_inside([r for _, rs in countries for r in rs], grid)]
    seas = [(sea["name"], sea["lon"] + shift, sea["lat"]) for sea in _sea_names() for shift in _shifts(w, e)]
    if not len(water) or not seas:
        return
    where = np.array([(x, y) for _, x, y in seas])
    gaps = (((water[:, None, 0] - where[None, :, 0]) * k) ** 2 + (water[:, None, 1] - where[None, :, 1]) ** 2) ** 0.5
    nearest = gaps.argmin(axis=1)
    style = {"fontsize": size - 0.5, "fontstyle": "italic", "color": SEA_TEXT, "linespacing": 1.0}
    for name in sorted({seas[i][0] for i in nearest}):
        mine = [j for j, i in enumerate(nearest) if seas[i][0] == name]
        if len(mine) < 3:
            continue  # a glimpse of it: not worth a name
        words = name.replace(" ", "\n", 1) if len(name) > 12 else name
        spots = sorted(mine, key=lambda j: (gaps[j, nearest[j]], j))[:40]
        # Across the water, else along it (a strip of sea along a coast), one line.
        for text, turn in ((words, 0), (name, 90)):
            placed = next(
                (
                    found
                    for j in spots
                    if (
                        found := _place(
                            ax,
                            renderer,
                            text,
                            tuple(water[j]),
                            [(0, 0, "center", "center")],
                            {**style, "rotation": turn},
                            free,
                        )
                    )
                ),
                None,
            )
            if placed is not None:
                taken.append(placed[1])
                break


def _name_countries(ax, renderer, extent, countries, named: set[str], size: float, free, taken: list) -> None:
    """Each neighbouring country written where most of it shows, when its name fits there."""
    import numpy as np

    grid = _grid(extent)
    found = []
    for name, rings in countries:
        if name.casefold() in named:
            continue
        hit = grid[_inside(rings, grid)]
        if len(hit) < 4:
            continue  # too little of it on the map to name
        found.append((-len(hit), name, hit))
    for _, name, hit in sorted(found, key=lambda f: (f[0], f[1])):
        middle = hit.mean(axis=0)
        order = np.argsort(((hit - middle) ** 2).sum(axis=1), kind="stable")
        # Capitals only: a phone's drawing keeps the full size, so the letters stay above 11 px.
        style = {"fontsize": size if size > 12 else size - 1, "color": "#6b6b6b", "fontweight": "bold"}
        for i in order[:12]:
            placed = _place(ax, renderer, name.upper(), tuple(hit[i]), [(0, 0, "center", "center")], style, free)
            if placed is not None:
                taken.append(placed[1])
                break


def _ring_px(ax, lat: float, ring: float) -> float:
    """The ring's radius on the drawing, in px."""
    (_, y0), (_, y1) = ax.transData.transform([(0, lat), (0, lat + ring)])
    return abs(y1 - y0)


def _ring(x: float, y: float, rx: float, ry: float):
    from matplotlib.patches import Ellipse

    return Ellipse((x, y), 2 * rx, 2 * ry, fill=False, edgecolor=VERMILLION, linewidth=1.6, linestyle=(0, (3, 2)))
