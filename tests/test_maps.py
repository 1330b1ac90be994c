"""The locator map: the places with coordinates, their precision, labels apart, offline, stable."""

from __future__ import annotations

import json
import math

import pytest

from sitrep import pipeline
from sitrep.drawing import charts, maps
from sitrep.facts.model import Precision

from .conftest import SAMPLE


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
    assert "Natural Earth" in chart.source


def test_a_report_without_coordinates_has_no_map() -> None:
    report = _report()
    bare = report.model_copy(
        update={"places": tuple(p.model_copy(update={"coordinates": None}) for p in report.places)}
    )
    assert maps.locator_map(bare) is None


def test_labels_do_not_collide_and_the_map_is_byte_stable() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    report = _report()
    for narrow in (False, True):
        chart = maps.locator_map(report, narrow=narrow)
        with charts._matplotlib().rc_context(charts.STYLE):
            fig = maps.draw(json.loads(chart.plan))
        renderer = FigureCanvasAgg(fig).get_renderer()
        names = {p["name"] for p in json.loads(chart.plan)["places"]}
        boxes = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_text() in names]
        assert len(boxes) == len(names)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), (a, b)
        assert charts.draw(chart) == charts.draw(chart)
        assert b'href="http' not in charts.draw(chart)  # nothing fetched: no tile, no image from elsewhere


def _drawn(places: list[tuple[str, float, float]]):
    """The wide map of these points, drawn: its axes, its limits and the labels' boxes, in px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plan = {"places": [{"name": n, "lat": lat, "lon": lon, "area": False} for n, lat, lon in places], "narrow": False}
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
    xs = sorted(x for line in ax.lines for x in line.get_xdata())
    assert all(w <= x <= e for x in xs)  # both places inside the map
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
