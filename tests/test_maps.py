"""The locator map: the places with coordinates, their precision, labels apart, offline, stable."""

from __future__ import annotations

import json

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
