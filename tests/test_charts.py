"""Charts: byte-stable SVG, literal text, a text alternative that matches the data,
drawn once (cache keyed on everything that shapes the bytes), in parallel or not alike."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sitrep import analysis, charts, pipeline
from sitrep.charts import ChartStore, breakdown_chart, draw

from .conftest import SAMPLE


def _breakdown():
    report = pipeline.check(SAMPLE).reports[0]
    return next(b for b in analysis.breakdowns(report) if b.total.id == "killed-total-1000")


def test_chart_bytes_are_stable_and_undated() -> None:
    chart = breakdown_chart(_breakdown(), "Syrian Observatory for Human Rights")
    first, second = draw(chart), draw(chart)
    assert first == second
    assert b"<dc:date>" not in first
    assert b"Matplotlib v" in first  # the pinned version is the only provenance


def test_dollar_signs_are_text_not_math() -> None:
    svg = draw(breakdown_chart(_breakdown(), "Fund $5 and $6$ x"))
    assert b"Fund $5 and $6$ x" in svg  # the title's text, as a comment in the SVG


def test_alt_text_and_rows_carry_the_data() -> None:
    chart = breakdown_chart(_breakdown(), "SOHR")
    assert chart.rows == (
        ("civilians", "745 or 750", "yes"),
        ("militants", "148", "no"),
        ("security forces", "125", "no"),
    )
    assert "civilians: 745 or 750" in chart.alt
    assert "1,018 to 1,023" in chart.alt


def test_svg_ids_differ_between_charts() -> None:
    chart = breakdown_chart(_breakdown(), "A")
    other = dataclasses.replace(chart, id="breakdown-other")
    ids = lambda svg: set(svg.split(b'id="')[1:])  # noqa: E731
    assert ids(draw(chart)) != ids(draw(other))


def test_the_file_name_follows_everything_that_shapes_the_bytes(monkeypatch) -> None:
    chart = breakdown_chart(_breakdown(), "A")
    assert breakdown_chart(_breakdown(), "A").filename == chart.filename
    assert breakdown_chart(_breakdown(), "B").filename != chart.filename  # the data
    assert dataclasses.replace(chart, id="x").filename != chart.filename
    before = chart.filename
    monkeypatch.setattr(charts, "CODE_VERSION", "another matplotlib, Python, style or chart code")
    assert chart.filename != before  # code and library versions: a stale chart is never reused


def test_cache_draws_each_chart_once(tmp_path: Path) -> None:
    chart = breakdown_chart(_breakdown(), "A")
    store = ChartStore(tmp_path / "cache")
    first = store.svgs([chart, chart])
    assert store.drawn == 1
    again = ChartStore(tmp_path / "cache")
    assert again.svgs([chart]) == first and again.drawn == 0  # another build: from the cache


def test_parallel_drawing_gives_the_serial_bytes(tmp_path: Path) -> None:
    base = breakdown_chart(_breakdown(), "A")
    many = [dataclasses.replace(base, id=f"breakdown-{i}") for i in range(charts.PARALLEL_FROM + 2)]
    serial = ChartStore(None, workers=1).svgs(many)
    parallel_store = ChartStore(None, workers=2)
    assert parallel_store.svgs(many) == serial and parallel_store.drawn == len(many)
