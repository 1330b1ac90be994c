"""Charts: byte-stable SVG, literal text, a text alternative that matches the data,
drawn once (cache keyed on everything that shapes the bytes), in parallel or not alike."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import analysis, charts, pipeline
from sitrep.charts import ChartStore, breakdown_chart, draw

from .conftest import ROOT


def _breakdown():
    report = pipeline.check(ROOT).reports[0]
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


def _filename_in_a_fresh_process(matplotlib_version: str | None = None) -> str:
    """A chart's file name as another process computes it, optionally with another matplotlib installed (faked)."""
    fake = (
        "import importlib.metadata as m; real = m.version; "
        f"m.version = lambda n: {matplotlib_version!r} if n == 'matplotlib' else real(n); "
        if matplotlib_version
        else ""
    )
    code = (
        fake + "from sitrep.charts import Chart; "
        "print(Chart('breakdown-x', 't', 'a', ('c',), (('r',),), 'breakdown', '{\"n\": 1}').filename)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_file_name_follows_everything_that_shapes_the_bytes() -> None:
    chart = breakdown_chart(_breakdown(), "A")
    assert breakdown_chart(_breakdown(), "A").filename == chart.filename
    assert breakdown_chart(_breakdown(), "B").filename != chart.filename  # the data
    assert dataclasses.replace(chart, id="x").filename != chart.filename
    # The drawing environment, read by the real code in a fresh process (not a constant patched here):
    # the same installation names a chart alike; another matplotlib never reuses a stale chart.
    here = _filename_in_a_fresh_process()
    assert _filename_in_a_fresh_process() == here
    assert _filename_in_a_fresh_process("0.0.1") != here


def test_cache_draws_each_chart_once(tmp_path: Path) -> None:
    chart = breakdown_chart(_breakdown(), "A")
    store = ChartStore(tmp_path / "cache")
    first = store.svgs([chart, chart])
    assert store.drawn == 1
    again = ChartStore(tmp_path / "cache")
    assert again.svgs([chart]) == first and again.drawn == 0  # another build: from the cache


@pytest.mark.slow
def test_parallel_drawing_gives_the_serial_bytes(tmp_path: Path) -> None:
    base = breakdown_chart(_breakdown(), "A")
    many = [dataclasses.replace(base, id=f"breakdown-{i}") for i in range(charts.PARALLEL_FROM + 2)]
    serial = ChartStore(None, workers=1).svgs(many)
    parallel_store = ChartStore(None, workers=2)
    assert parallel_store.svgs(many) == serial and parallel_store.drawn == len(many)
