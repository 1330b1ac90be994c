"""Charts: byte-stable SVG, literal text, and a text alternative that matches the data."""

from __future__ import annotations

from pathlib import Path

from sitrep import analysis, pipeline
from sitrep.charts import breakdown_chart

from .conftest import ROOT


def _breakdown():
    checked = pipeline.check(ROOT)
    report = checked.reports[0]
    return next(b for b in analysis.breakdowns(report) if b.total.id == "killed-total-1000")


def test_chart_bytes_are_stable_and_undated() -> None:
    b = _breakdown()
    first = breakdown_chart(b, "Syrian Observatory for Human Rights")
    second = breakdown_chart(b, "Syrian Observatory for Human Rights")
    assert first.svg == second.svg
    assert b"<dc:date>" not in first.svg
    assert b"Matplotlib v" in first.svg  # the pinned version is the only provenance


def test_dollar_signs_are_text_not_math() -> None:
    chart = breakdown_chart(_breakdown(), "Fund $5 and $6$ x")
    assert b"Fund $5 and $6$ x" in chart.svg  # the title's text, as a comment in the SVG


def test_alt_text_and_rows_carry_the_data() -> None:
    chart = breakdown_chart(_breakdown(), "SOHR")
    assert chart.rows == (
        ("civilians", "745 or 750", "yes"),
        ("militants", "148", "no"),
        ("security forces", "125", "no"),
    )
    assert "civilians: 745 or 750" in chart.alt
    assert "1,018 to 1,023" in chart.alt


def test_svg_ids_differ_between_charts(tmp_path: Path) -> None:
    b = _breakdown()
    a = breakdown_chart(b, "A").svg
    c = breakdown_chart(b.__class__(b.total.model_copy(update={"id": "other"}), b.parts, b.low, b.high, None), "A").svg
    ids = lambda svg: {x for x in svg.split(b'id="')[1:]}  # noqa: E731
    assert a != c and ids(a) != ids(c)
