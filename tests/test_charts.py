"""Charts: byte-stable SVG, literal text, a text alternative that matches the data,
drawn once (cache keyed on everything that shapes the bytes), in parallel or not alike."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitrep import pipeline
from sitrep.drawing import charts
from sitrep.drawing.charts import ChartStore, breakdown_chart, draw
from sitrep.facts import analysis, measures

from .conftest import ROOT, SAMPLE


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


def _filename_in_a_fresh_process(matplotlib_version: str | None = None) -> str:
    """A chart's file name as another process computes it, optionally with another matplotlib installed (faked)."""
    fake = (
        "import importlib.metadata as m; real = m.version; "
        f"m.version = lambda n: {matplotlib_version!r} if n == 'matplotlib' else real(n); "
        if matplotlib_version
        else ""
    )
    code = (
        fake + "from sitrep.drawing.charts import Chart; "
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


def _bytes(files: dict[str, Path | bytes]) -> dict[str, bytes]:
    return {name: data.read_bytes() if isinstance(data, Path) else data for name, data in files.items()}


def test_cache_draws_each_chart_once(tmp_path: Path) -> None:
    chart = breakdown_chart(_breakdown(), "A")
    store = ChartStore(tmp_path / "cache")
    first = _bytes(store.files([chart, chart]))
    assert store.drawn == 1
    again = ChartStore(tmp_path / "cache")
    assert _bytes(again.files([chart])) == first and again.drawn == 0  # another build: from the cache


@pytest.mark.slow
def test_parallel_drawing_gives_the_serial_bytes(tmp_path: Path) -> None:
    base = breakdown_chart(_breakdown(), "A")
    many = [dataclasses.replace(base, id=f"breakdown-{i}") for i in range(charts.PARALLEL_FROM + 2)]
    serial = _bytes(ChartStore(None, workers=1).files(many))
    parallel_store = ChartStore(None, workers=2)
    assert _bytes(parallel_store.files(many)) == serial and parallel_store.drawn == len(many)


# --------------------------------------------------------------------------- layout: no text outside the figure


def _texts_outside(chart: charts.Chart) -> tuple[int, list[str]]:
    """Draw the chart as the build does (``charts.figure``) and measure every Text with Agg:
    the SVG has no text elements (glyphs are paths), so this is where text can be checked."""
    count, outside, _ = _texts(chart)
    return count, outside


def _texts(chart: charts.Chart) -> tuple[int, list[str], list[str]]:
    """The chart's drawn texts: how many, those outside the figure, and the pairs that overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    fig = charts.figure(chart)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    frame = fig.bbox
    ticks = {
        id(t)
        for ax in fig.axes
        for a in (ax.xaxis, ax.yaxis)
        for k in a.get_major_ticks()
        for t in (k.label1, k.label2)
    }
    drawn = [  # tick labels only where a tick is drawn (matplotlib keeps some beyond the limits, undrawn)
        t for ax in fig.axes for a in (ax.xaxis, ax.yaxis) for k in a._update_ticks() for t in (k.label1, k.label2)
    ]
    texts = [t for t in fig.findobj(Text) if id(t) not in ticks] + drawn
    texts = [t for t in texts if t.get_visible() and t.get_text().strip()]
    outside = []
    for t in texts:
        box = t.get_window_extent(renderer)
        if box.x0 < frame.x0 - 0.5 or box.y0 < frame.y0 - 0.5 or box.x1 > frame.x1 + 0.5 or box.y1 > frame.y1 + 0.5:
            outside.append(f"{t.get_text()!r} at {box.bounds} in {frame.bounds}")
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    overlapping = [
        f"{ta!r} over {tb!r}" for i, (ta, a) in enumerate(boxes) for tb, b in boxes[i + 1 :] if a.overlaps(b)
    ]
    return len(texts), outside, overlapping


# Characters the bundled DejaVu Sans draws (a missing glyph is a warning, an error in the tests).
ALPHABET = "".join(chr(c) for c in range(32, 127)) + "ÉéŁłßçñüöøåÆœαβγΩЖжДд–—“”’…"
titles = st.text(ALPHABET, min_size=1, max_size=240).filter(str.strip)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ÉéŁ-'(),", min_size=1, max_size=90).map(str.strip).filter(bool)


@st.composite
def breakdown_plans(draw):
    n = draw(st.integers(1, 16))
    negative = draw(st.booleans())
    bars = []
    for _ in range(n):
        low = draw(st.floats(-50 if negative else 0, 1e9, allow_nan=False))
        high = draw(st.one_of(st.none(), st.floats(low, abs(low) * 2 + 10, allow_nan=False)))
        bars.append({"low": low, "high": high, "text": draw(words)})
    return {
        "names": [draw(words) for _ in range(n)],
        "bars": bars,
        "xlabel": draw(words),
        "title": draw(titles),
        "total": draw(st.one_of(st.none(), st.builds(lambda x, t: {"x": x, "text": t}, st.floats(0, 2e9), words))),
        "narrow": False,
    }


@st.composite
def history_plans(draw):
    n = draw(st.integers(1, 12))
    points = []
    for _ in range(n):
        low = draw(st.floats(-40, 1e8, allow_nan=False))
        high = draw(st.one_of(st.none(), st.floats(low, low + 1e6, allow_nan=False)))
        points.append(
            {
                "low": low,
                "high": high,
                "marker": draw(st.sampled_from(["o", "^", "v"])),
                "y": low,
                "span": high is not None and draw(st.booleans()),
                "text": draw(words),
                "when": draw(words),
            }
        )
    return {"points": points, "ylabel": draw(words), "title": draw(titles), "narrow": draw(st.booleans())}


@given(breakdown_plans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_breakdown_text_stays_inside_the_figure(plan: dict) -> None:
    chart = charts.Chart("breakdown-x", "t", "a", (), (), "breakdown", charts._plan(plan))
    count, outside, overlapping = _texts(chart)
    # names, values, title, axis label at least (a phone's chart: a name and its value are one text, no title)
    assert count >= (len(plan["bars"]) + 1 if plan["narrow"] else len(plan["bars"]) * 2 + 2)
    assert outside == []
    assert overlapping == []


# Found with --hypothesis-seed=13: a value by the foot of the axis was placed against where the
# axis words stood before the numbers beside them changed, and drawn over them.
AXIS_WORDS_MOVED = {
    "points": [
        {"low": 0.55, "high": None, "marker": "o", "y": 0.55, "span": False, "text": "wégeé", "when": "'njem'ldryoch"},
        {
            "low": 69539402.3616055,
            "high": None,
            "marker": "o",
            "y": 69539402.3616055,
            "span": False,
            "text": "left",
            "when": "(r",
        },
        {
            "low": -6.417303374224114e-156,
            "high": None,
            "marker": "o",
            "y": -6.417303374224114e-156,
            "span": False,
            "text": "Łn 'dpkÉwbéqdn",
            "when": ", t-ljgcÉmr)",
        },
        {
            "low": 26569299.55335149,
            "high": None,
            "marker": "o",
            "y": 26569299.55335149,
            "span": False,
            "text": "z",
            "when": "nzoh",
        },
        {
            "low": 35729873.16865793,
            "high": 36729873.16865792,
            "marker": "o",
            "y": 35729873.16865793,
            "span": True,
            "text": "sw)-cjc(-v(jxc É",
            "when": "-yr",
        },
        {
            "low": -1.440571062525761e-16,
            "high": None,
            "marker": "o",
            "y": -1.440571062525761e-16,
            "span": False,
            "text": "qeaoci(vcx",
            "when": "nndsanm",
        },
        {
            "low": 99999999.0,
            "high": None,
            "marker": "o",
            "y": 99999999.0,
            "span": False,
            "text": "f",
            "when": "i,oxdiv -efx",
        },
        {
            "low": 99999999.0,
            "high": 100250295.18473046,
            "marker": "o",
            "y": 99999999.0,
            "span": True,
            "text": "cc",
            "when": "fgwÉpéjd",
        },
        {
            "low": 46494913.886486314,
            "high": None,
            "marker": "o",
            "y": 46494913.886486314,
            "span": False,
            "text": "du",
            "when": "k",
        },
        {
            "low": 41717574.77062546,
            "high": None,
            "marker": "o",
            "y": 41717574.77062546,
            "span": False,
            "text": "a",
            "when": "a",
        },
        {"low": 0.0, "high": None, "marker": "v", "y": 0.0, "span": False, "text": "a", "when": "a"},
        {"low": 0.0, "high": None, "marker": "o", "y": 0.0, "span": False, "text": "a", "when": "a"},
    ],
    "ylabel": ",-wxo",
    "title": "0",
    "narrow": True,
}


@given(history_plans())
@example(AXIS_WORDS_MOVED)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_history_text_stays_inside_the_figure(plan: dict) -> None:
    chart = charts.Chart("history-x", "t", "a", (), (), "history", charts._plan(plan))
    count, outside, overlapping = _texts(chart)
    assert count >= 3  # title, axis label, a number at least (dates and values are left out rather than overlap)
    assert outside == []
    assert overlapping == []


def test_chart_size_follows_bars_and_labels() -> None:
    def size(names: list[str]) -> tuple[float, float]:
        plan = {
            "names": names,
            "bars": [{"low": 10.0 * (i + 1), "high": None, "text": "10"} for i in range(len(names))],
            "xlabel": "Number of people",
            "title": "A title",
            "total": None,
        }
        w, h = charts.figure(charts.Chart("b", "t", "a", (), (), "breakdown", charts._plan(plan))).get_size_inches()
        return float(w), float(h)

    short, many, long = size(["a", "b"]), size([chr(97 + i) for i in range(20)]), size(["a" * 30, "b"])
    assert many[1] > short[1] * 3  # more bars, taller
    assert long[0] > short[0] + 1  # longer labels, wider


def test_the_unit_is_on_the_axis() -> None:
    chart = breakdown_chart(_breakdown(), "SOHR")
    assert json.loads(chart.plan)["xlabel"] == "Number of people killed"
    reg = measures.builtin()
    assert charts.axis_label(reg["funding-required"]) == "Funding required (US dollars)"
    assert charts.axis_label(reg["temperature"]) == "Temperature (degrees Celsius)"
    assert charts.axis_label(reg["rainfall"]) == "Rainfall (millimetres)"


def test_a_breakdown_names_every_source_its_bars_come_from() -> None:
    """The earthquake report: the agency's total, and a village's toll given by its residents."""
    import datetime as dt

    from sitrep.outputs import render

    from .conftest import FIXTURES

    report = pipeline.check(FIXTURES / "kestrel").reports[0]
    halden = next(f for f in report.figures if f.part_of == "killed-214")
    other = halden.model_copy(update={"id": "killed-elsewhere", "place": None, "group": "elsewhere"})
    report = report.model_copy(update={"figures": (*report.figures, other)})  # a second bar: a chart
    drawn = render.make_charts(report, dt.date(2025, 11, 18), measures.builtin())
    breakdown = next(c for role, c in drawn.items() if role.startswith("breakdown-") and "narrow" not in role)
    assert breakdown.title.endswith("(National disaster agency; residents of Halden (anonymous))")
    assert breakdown.source == "Source: National disaster agency; residents of Halden (anonymous)"


def test_a_single_bar_is_no_chart() -> None:
    """The earthquake's toll has one part given (Halden's): its table says it, a one-bar chart would not."""
    import datetime as dt

    from sitrep.outputs import render

    from .conftest import FIXTURES

    kestrel = pipeline.check(FIXTURES / "kestrel").reports[0]
    assert [len(b.parts) for b in analysis.breakdowns(kestrel)] == [1]
    assert not [r for r in render.make_charts(kestrel, dt.date(2025, 11, 18), measures.builtin()) if "breakdown" in r]
    sample = pipeline.check(SAMPLE).reports[0]
    drawn = render.make_charts(sample, dt.date(2025, 3, 9), measures.builtin())
    assert {"breakdown-killed-total-1000", "breakdown-killed-total-1000-narrow"} <= set(drawn)


def test_axis_numbers_have_thousands_separators() -> None:
    assert [charts.number(x) for x in (0, 950, 1200, 38_000_000, -1500, 2.5)] == [
        "0",
        "950",
        "1,200",
        "38,000,000",
        "\u22121,500",
        "2.5",
    ]
    bars = [{"low": 1200.0, "high": None, "text": "1,200"}, {"low": 3400.0, "high": None, "text": "3,400"}]
    breakdown = {"names": ["a", "b"], "bars": bars, "xlabel": "People", "title": "t", "total": None}
    points = [
        {"low": v, "high": None, "marker": "o", "y": v, "span": False, "text": "x", "when": "w"} for v in (200, 4500)
    ]
    history = {"points": points, "ylabel": "People", "title": "t"}
    for kind, plan, axis in (("breakdown", breakdown, "x"), ("history", history, "y")):
        for narrow in (False, True):
            fig = charts.figure(charts.Chart(kind, "t", "a", (), (), kind, charts._plan({**plan, "narrow": narrow})))
            ax = fig.axes[0]
            ticks = (ax.xaxis if axis == "x" else ax.yaxis)._update_ticks()
            shown = [t.label1.get_text() for t in ticks]
            assert any("," in t for t in shown), shown
            for text in shown:
                assert float(text.replace(",", "").replace("\u2212", "-")) < 1000 or "," in text, shown


def test_history_dates_do_not_collide_on_a_phone() -> None:
    """ "before 2025-03-08" and "Sat 2025-03-08" both shown, apart (they touched at 343 px)."""
    import datetime as dt

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sitrep.outputs import render

    report = pipeline.check(SAMPLE).reports[0]
    chart = render.make_charts(report, dt.date(2025, 3, 9), measures.builtin())["history-0-narrow"]
    fig = charts.figure(chart)
    renderer = FigureCanvasAgg(fig).get_renderer()
    labels = [t.label1 for t in fig.axes[0].xaxis._update_ticks() if t.label1.get_text()]
    assert [t.get_text().replace("\n", " ") for t in labels] == ["before 2025-03-08", "Sat 2025-03-08"]
    a, b = (t.get_window_extent(renderer) for t in labels)
    assert not a.overlaps(b)
    values = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert "more than 200" in values and "more than 1,000" in values  # every value written
