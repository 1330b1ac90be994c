"""The locator map: the places with coordinates, their precision, labels apart, offline, stable."""

from __future__ import annotations

import json
import math
import re

import pytest

from sitrep import pipeline
from sitrep.drawing import charts, maps
from sitrep.facts.model import Precision
from sitrep.outputs import messages

from .conftest import ROOT, SAMPLE
from .test_browser import browser  # noqa: F401 - fixture


def _report():
    return pipeline.check(SAMPLE).reports[0]  # the Syria report: its places have coordinates


def test_map_shows_each_place_with_coordinates_and_its_precision() -> None:
    report = _report()
    chart = maps.locator_map(report)
    assert chart is not None and chart.kind == "map"
    plan = json.loads(chart.plan)
    located = [p for p in report.places if p.coordinates and p.coordinates.precision is not Precision.unknown]
    assert {p["name"] for p in plan["places"]} == {p.name for p in located}
    areas = {p["name"] for p in plan["places"] if p["area"]}
    assert areas == {p.name for p in located if p.coordinates.precision is Precision.area}
    assert {p["name"] for p in plan["places"] if p["country"]} == {"Syria", "Lebanon"}
    assert "Natural Earth" in chart.source


def test_places_with_news_carry_their_headline_number_and_the_others_are_muted() -> None:
    plan = json.loads(maps.locator_map(_report()).plan)
    by_name = {p["name"]: p for p in plan["places"]}
    assert by_name["Baniyas"]["headline"] == "at least 20 killed"  # the gravest measure, its largest figure
    assert by_name["Latakia"]["marked"] and not by_name["Latakia"]["headline"]  # events, no number
    assert not by_name["Idlib"]["marked"] and not by_name["Damascus"]["marked"]
    texts, dots = _drawing(plan)
    assert "Baniyas: at least 20 killed" in texts
    assert dots["Idlib"] == maps.MUTED and dots["Baniyas"] == maps.BLUE


def test_a_country_is_written_as_a_name_not_a_dot_in_its_middle() -> None:
    plan = json.loads(maps.locator_map(_report()).plan)
    texts, dots = _drawing(plan)
    assert "SYRIA" in texts and "LEBANON" in texts
    assert "Syria" not in dots and "Lebanon" not in dots  # no marker, no ring at the country's centre
    assert "Syria" not in texts


def test_land_neighbours_seas_scale_bar_and_inset_are_drawn() -> None:
    from matplotlib.collections import PolyCollection

    chart = maps.locator_map(_report())
    for narrow in (False, True):
        plan = {**json.loads(chart.plan), "narrow": narrow}
        fig = _figure(plan)
        main = fig.axes[0]
        land = [c for c in main.collections if isinstance(c, PolyCollection)]
        assert land and len(land[0].get_paths()) > 5  # the countries' rings, filled
        texts = {t.get_text() for t in main.texts}
        assert {"TURKEY", "JORDAN"} <= texts  # neighbours named
        assert any("Mediterranean" in t for t in texts)  # and the sea
        scale = [t.get_text() for t in main.texts if t.get_gid() == "scale-bar-text"]
        assert scale == ["100 km" if not narrow else "50 km"]
        (inset,) = [a for a in fig.axes if a.get_label() == "inset"]
        (frame,) = inset.patches  # the main map's extent, on the region
        w, e = main.get_xlim()
        s, n = main.get_ylim()
        assert frame.get_x() == w and frame.get_y() == s and frame.get_width() == e - w and frame.get_height() == n - s
        lo, hi = inset.get_xlim()
        assert lo < w and hi > e and (hi - lo) > 3 * (e - w)
    svg = charts.draw(chart)
    assert b'id="inset"' in svg and b'id="scale-bar"' in svg
    assert maps.LAND.encode() in svg and maps.SEA.encode() in svg


def test_the_scale_bar_is_measured_at_the_maps_latitude() -> None:
    km, degrees = maps._scale(0.0, 10.0, 0.0)  # a degree of longitude is 111 km at the equator
    assert km == 200 and abs(degrees * 111.32 - 200) < 1e-9
    km, degrees = maps._scale(0.0, 10.0, 60.0)  # and half that at 60 degrees north
    assert km == 100 and abs(degrees * 111.32 * 0.5 - 100) < 1e-6


def test_places_without_coordinates_are_listed_under_the_map() -> None:
    chart = maps.locator_map(_report())
    missing = "Syria's coastal region (more than 1,000 killed); Nearby mountains; Tuwaym (31 buried); Al-Janoudiya"
    assert chart.note == f"Not on the map (no coordinates known): {missing}."
    assert chart.note in chart.alt


def test_the_note_reaches_the_caption_escaped() -> None:
    import dataclasses
    import types

    from sitrep.outputs import render

    chart = dataclasses.replace(maps.locator_map(_report()), note="Not on the map: <script>x</script> & co.")
    view = types.SimpleNamespace(chart_src=lambda c: c.filename, _caption_names=None)  # a page in the report's language
    view._caption_text = lambda text: render.ReportView._caption_text(view, text)
    html = str(render.ReportView.figure(view, chart, None))
    assert '<span class="sitrep-chart-note">Not on the map: &lt;script&gt;x&lt;/script&gt; &amp; co.</span>' in html


def test_a_report_without_coordinates_has_no_map() -> None:
    report = _report()
    bare = report.model_copy(
        update={"places": tuple(p.model_copy(update={"coordinates": None}) for p in report.places)}
    )
    assert maps.locator_map(bare) is None


def test_no_two_texts_overlap_and_the_map_is_byte_stable() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    report = _report()
    for narrow in (False, True):
        chart = maps.locator_map(report, narrow=narrow)
        fig = charts.figure(chart)
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        names = {p["name"] for p in json.loads(chart.plan)["places"] if not p["country"]}
        shown = {t.get_text().split(":")[0].split("\n")[0] for t in texts}
        assert names <= shown  # every place labelled
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for i, (ta, a) in enumerate(boxes):
            for tb, b in boxes[i + 1 :]:
                assert not a.overlaps(b), (ta, tb)
        assert charts.draw(chart) == charts.draw(chart)
        assert b'href="http' not in charts.draw(chart)  # nothing fetched: no tile, no image from elsewhere


def _figure(plan: dict):
    with charts._matplotlib().rc_context(charts.STYLE):
        return maps.draw(plan)


def _drawing(plan: dict) -> tuple[set[str], dict[str, str]]:
    """The main map's texts, and each place's dot colour by name (places drawn as a ring or a name have none)."""
    fig = _figure(plan)
    ax = fig.axes[0]
    dots = {}
    for p in plan["places"]:
        for line in ax.lines:
            if (
                line.get_marker() == "o"
                and list(line.get_xdata()) == [p["lon"]]
                and list(line.get_ydata()) == [p["lat"]]
            ):
                dots[p["name"]] = line.get_color()
    return {t.get_text() for t in ax.texts}, dots


def _drawn(places: list[tuple[str, float, float]]):
    """The wide map of these points, drawn: its axes, its limits and the labels' boxes, in px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plan = {
        "places": [
            {"name": n, "lat": lat, "lon": lon, "area": False, "country": False, "marked": True, "headline": ""}
            for n, lat, lon in places
        ],
        "narrow": False,
    }
    plan["source"] = "Source: test"
    with charts._matplotlib().rc_context(charts.STYLE):
        fig = maps.draw(plan)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    ax.apply_aspect()
    return ax, ax.get_window_extent(renderer), ax.get_xlim(), ax.get_ylim()


def test_places_across_the_antimeridian_are_neighbours_on_the_map() -> None:
    """Suva and Apia are 10 degrees apart: the map shows the Pacific between them, not the world."""
    ax, box, (w, e), (s, n) = _drawn([("Suva", -18.1, 178.4), ("Apia", -13.8, -171.8)])
    assert e - w < 30 and n - s < 30
    xs = sorted(x for line in ax.lines if line.get_marker() == "o" for x in line.get_xdata())
    assert len(xs) == 2 and all(w <= x <= e for x in xs)  # both places inside the map
    assert box.width > 400 and box.height > 200  # the drawing's full size


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_a_place_on_a_pole_gets_a_finite_map_with_the_place_on_it(lat: float) -> None:
    _ax, box, (w, e), (s, n) = _drawn([("Pole", lat, 0.0)])
    assert all(math.isfinite(v) for v in (w, e, s, n))
    assert e - w <= 360 and -91 <= s <= lat <= n <= 91
    assert box.width > 400 and box.height > 200


def test_a_pole_and_a_far_place_never_show_the_world_twice() -> None:
    _, _, (w, e), (s, _n) = _drawn([("South Pole", -90.0, 0.0), ("McMurdo", -77.8, 166.7)])
    assert e - w <= 360 and s >= -91


# Each text of a drawn SVG as the browser lays it out: matplotlib writes one <g id="text_N"> per
# text (its glyphs as paths), so the boxes are the glyphs' own, whatever the fonts' metrics say.
SVG_TEXT_BOXES = """() => [...document.querySelectorAll('svg g[id^="text_"]')].map(g => {
  const r = g.getBoundingClientRect();
  return {id: g.id, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
}).filter(b => b.x1 > b.x0 && b.y1 > b.y0)"""


@pytest.mark.slow
def test_no_two_text_groups_overlap_in_the_svg(browser) -> None:  # noqa: F811
    """Every chart and map of the Syria fixture, wide and narrow, measured in chromium."""
    import datetime as dt

    from sitrep.facts import measures
    from sitrep.outputs import render

    drawn = render.make_charts(_report(), dt.date(2025, 3, 9), measures.builtin())
    assert {"map", "map-narrow", "history-0-narrow", "breakdown-killed-total-1000"} <= set(drawn)
    page = browser.new_page()
    try:
        for role, chart in sorted(drawn.items()):
            svg = charts.draw(chart).decode()
            page.set_content(svg[svg.index("<svg") :])
            boxes = page.evaluate(SVG_TEXT_BOXES)
            assert len(boxes) >= 5, role
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    apart = a["x1"] <= b["x0"] + 0.5 or b["x1"] <= a["x0"] + 0.5
                    apart = apart or a["y1"] <= b["y0"] + 0.5 or b["y1"] <= a["y0"] + 0.5
                    assert apart, (role, a, b)
    finally:
        page.close()


def test_an_arabic_map_speaks_arabic_and_an_english_plan_is_unchanged() -> None:
    """On the Arabic site every word of the map is Arabic: its own words from the catalogue, the
    neighbours' names from CLDR, the seas' from seas.json, and it reads from the right."""
    words = messages.translations(ROOT, "ar", "en")
    english = maps.locator_map(_report())
    assert "language" not in json.loads(english.plan)  # an English map's key and bytes stay as they were
    chart = maps.locator_map(_report(), words=words, language="ar")
    plan = json.loads(chart.plan)
    assert chart.title == "أين تقع أماكن التقرير" and chart.alt.startswith("خريطة مواقع الأماكن")
    assert plan["km"] == "%(km)s كم" and plan["source"].startswith("المصدر:")
    fig = _figure(plan)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"تركيا", "الأردن"} <= texts and "TURKEY" not in texts  # neighbours
    assert any("المتوسط" in t for t in texts) and not any("Mediterranean" in t for t in texts)
    assert "100 كم" in texts
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][-1] == "مكان له أرقام أو أحداث"  # the first, at the right
    (source,) = fig.texts
    assert source.get_horizontalalignment() == "right"


def test_every_country_and_sea_has_an_arabic_name() -> None:
    """No English name on an Arabic map: each Natural Earth country maps to CLDR's Arabic name
    (or the module's own), each sea in seas.json gives its Arabic name."""
    names = {c["name"] for f in maps.EXTRACTS for c in json.loads(f.read_text(encoding="utf-8")).get("countries", [])}
    assert len(names) > 170
    untranslated = sorted(n for n in names if not re.search("[\u0600-\u06ff]", maps.country_name(n, "ar")))
    assert untranslated == []
    assert maps.country_name("Syria", "ar") == "سوريا" and maps.country_name("Dem. Rep. Congo", "ar").startswith(
        "الكونغو"
    )
    assert maps.country_name("Syria", "xx") == "Syria"  # a language CLDR does not know: as it is
    assert all(re.search("[\u0600-\u06ff]", maps.sea_name(s, "ar")) for s in maps._sea_names())
