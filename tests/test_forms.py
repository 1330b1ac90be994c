"""Values, times and breakdowns of every form the news uses (issue 16), on the fixture
articles written for the tests (tests/fixtures/forms) and on generated inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import pipeline
from sitrep.facts import analysis, editions, measures
from sitrep.facts.model import Figure, Qualifier, When
from sitrep.facts.seeds import numbers
from sitrep.facts.validate import check_figure_value, check_when
from sitrep.facts.values import parse_amount, same
from sitrep.outputs import filters, render

from .conftest import FORMS, SAMPLE, copy_project, run

REG = measures.builtin()


def figure(**fields) -> Figure:
    base = {
        "id": "f",
        "metric": "killed",
        "group": "all",
        "qualifier": "exact",
        "as_of": {"date": "2025-11-18"},
        "source": "s",
        "evidence": {"seed": "s", "quote": "..."},
    }
    return Figure.model_validate({**base, **fields})


# --------------------------------------------------------------------------- values

# Amounts as an editor or a reporter writes them, with the number they mean.
amounts = st.one_of(
    st.integers(0, 10**12).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)


def _digits(d: Decimal, commas: bool) -> str:
    text = f"{d:f}".rstrip("0").rstrip(".") if "." in f"{d:f}" else f"{d:f}"
    if commas and "." not in text:
        text = f"{int(text):,}"
    return text


@st.composite
def written(draw):
    value = draw(amounts)
    form = draw(st.sampled_from(["plain", "commas", "million", "dollars", "dollars-million", "percent", "minus"]))
    if form == "million":
        millions = draw(st.decimals(min_value=1, max_value=999, places=1, allow_nan=False))
        return f"{_digits(millions, False)} million", millions * 10**6, None
    if form == "dollars-million":
        millions = draw(st.decimals(min_value=1, max_value=999, places=2, allow_nan=False))
        sign = draw(st.sampled_from(["$", "US$"]))
        return f"{sign}{_digits(millions, False)} million", millions * 10**6, "USD"
    if form == "dollars":
        return f"${_digits(value, True)}", value, "USD"
    if form == "percent":
        word = draw(st.sampled_from(["%", " per cent", " percent"]))
        return f"{_digits(value, False)}{word}", value, "percent"
    if form == "minus":
        return f"minus {_digits(value, False)}", -value, None
    return _digits(value, form == "commas"), value, None


@given(written())
@settings(max_examples=200, deadline=None)
def test_a_written_amount_is_the_number_it_says(case) -> None:
    text, value, unit = case
    parsed, hint = parse_amount(text)
    assert same(parsed, value), (text, parsed, value)
    assert hint == unit
    assert isinstance(parsed, int) == (value == value.to_integral_value())  # counts stay integers


@given(written())
@settings(max_examples=200, deadline=None)
def test_the_quote_check_reads_every_form(case) -> None:
    text, value, unit = case
    metric = {"USD": "funding-required", "percent": "funding-coverage"}.get(unit, "temperature")
    f = figure(metric=metric, value=str(value))
    quote = f"The office said the figure was {text} on Monday."
    assert check_figure_value(f, quote, "", REG[metric]) == []
    assert any(n.value is not None and same(n.value, value) for n in numbers(quote))


@given(st.integers(1, 10**9))
@settings(max_examples=100, deadline=None)
def test_a_percentage_or_money_must_be_written_as_one(n: int) -> None:
    for metric in ("funding-coverage", "funding-required"):
        problems = check_figure_value(figure(metric=metric, value=n), f"it reached {n:,} by Tuesday", "", REG[metric])
        assert problems and problems[0][0] == ("value",)


def test_shares_ranges_durations_and_plans_read_from_their_quotes() -> None:
    share = figure(metric="facilities-not-functioning", value=2, of=5)
    assert check_figure_value(share, "two of the district's five hospitals were not functioning") == []
    assert check_figure_value(share, "two of the district's six hospitals")[0][0] == ("of",)
    rain = figure(metric="rainfall", qualifier="range", low=280, high=320, duration={"amount": 36, "unit": "hours"})
    assert check_figure_value(rain, "Between 280 and 320 millimetres of rain fell in 36 hours") == []
    assert check_figure_value(rain, "Between 280 and 320 millimetres of rain fell in 48 hours")[0][0] == ("duration",)
    plan = figure(
        metric="reached", value=25000, planned=True, duration={"amount": 1, "unit": "weeks", "relation": "within"}
    )
    assert check_figure_value(plan, "planned to reach 25,000 people within a week") == []


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"metric": "funding-required", "value": "$38 million"}, "$38 million"),
        ({"metric": "funding-required", "value": 1500000}, "$1.5 million"),
        ({"metric": "funding-coverage", "value": "12 per cent"}, "12%"),
        ({"metric": "facilities-not-functioning", "value": 2, "of": 5}, "2 of 5"),
        ({"metric": "temperature", "value": "minus 4"}, "\u22124 °C"),
        ({"metric": "magnitude", "value": "6.8"}, "6.8"),
        ({"metric": "food-delivered", "value": 140}, "140 tonnes"),
        ({"metric": "affected", "qualifier": "about", "value": "2.3 million"}, "about 2.3 million"),
        ({"metric": "injured", "qualifier": "more than", "value": "1,100"}, "more than 1,100"),
        (
            {
                "metric": "rainfall",
                "qualifier": "range",
                "low": 280,
                "high": 320,
                "duration": {"amount": 36, "unit": "hours"},
            },
            "280 to 320 mm in 36 hours",
        ),
        (
            {
                "metric": "reached",
                "value": 25000,
                "planned": True,
                "duration": {"amount": 1, "unit": "weeks", "relation": "within"},
            },
            "planned: 25,000 within a week",
        ),
    ],
)
def test_values_are_shown_in_their_unit(fields: dict, shown: str) -> None:
    assert filters.value(figure(**fields), REG) == shown


def test_old_spellings_keep_their_canonical_dump() -> None:
    """Counts stay integers and no new key appears: the published fingerprints stay valid."""
    f = figure(metric="killed", qualifier="more than", value="1000")
    dump = f.model_dump(mode="json", exclude_defaults=True)
    assert dump["metric"] == "killed" and dump["value"] == 1000 and isinstance(dump["value"], int)
    assert not {"of", "planned", "duration", "due"} & set(dump)
    checked = pipeline.check(SAMPLE, strict=True)  # the lock written before this change still verifies
    assert editions.published_numbers(checked.reports[0]) == [1, 2]


# --------------------------------------------------------------------------- times

PUBLISHED = dt.date(2025, 11, 18)  # a Tuesday


def when(**fields) -> When:
    return When.model_validate(fields)


QUAKE = {"time": "23:42", "zone": "UTC", "local": {"offset": "+04:00", "derived": True}}


def test_a_time_in_two_zones_is_one_instant() -> None:
    w = when(weekday="Sunday", stated_as="3:42 a.m. local time (2342 GMT Sunday)", **QUAKE)
    assert check_when(w, PUBLISHED) == []
    full = w.model_copy(update={"date": analysis.resolved_date(w, PUBLISHED)})
    assert full.instant == dt.datetime(2025, 11, 16, 23, 42, tzinfo=dt.UTC)
    assert full.local_moment.isoformat() == "2025-11-17T03:42:00+04:00"
    shown = filters.when(w, PUBLISHED)
    assert "Mon 2025-11-17 03:42 local time (UTC+04:00, offset derived)" in shown
    assert "Sun 2025-11-16 23:42 UTC" in shown


def test_the_weekday_check_accepts_either_reading_of_a_time() -> None:
    # The local weekday (Monday) and the GMT one (Sunday) are both right for their reading.
    local = when(weekday="Monday", time="03:42", zone="+04:00", stated_as="3:42 a.m. local time Monday")
    assert check_when(local, PUBLISHED) == []
    assert check_when(when(weekday="Sunday", stated_as="Monday 3:42 a.m. local time", **QUAKE), PUBLISHED) == []
    # Monday in UTC is Monday and Tuesday locally: "Sunday" is wrong for both.
    wrong = when(weekday="Monday", stated_as="2342 GMT Sunday", **QUAKE)
    assert any("Sunday" in m for _, m, _code in check_when(wrong, PUBLISHED))
    # A clock time in the words that is neither reading.
    off = when(weekday="Sunday", stated_as="3:45 a.m. local time (2342 GMT Sunday)", **QUAKE)
    assert [p for p, *_ in check_when(off, PUBLISHED)] == [("time",)]


def test_a_deadline_looks_ahead() -> None:
    due = when(weekday="Saturday", part_of_day="afternoon", deadline=True, stated_as="by Saturday afternoon")
    assert analysis.resolved_date(due, PUBLISHED) == dt.date(2025, 11, 22)
    assert check_when(due, PUBLISHED) == []
    assert filters.when(due, PUBLISHED) == "by Sat 2025-11-22, afternoon"
    assert check_when(when(date="2025-11-22"), PUBLISHED)[0][0] == ("date",)  # not a deadline: after the article


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "2025-11-16", "time": "23:42"}, "needs its zone"),
        ({"time": "23:42", "zone": "UTC"}, "give a date"),
        ({"date": "2025-11-16", "zone": "UTC"}, "give 'time' too"),
        ({"date": "2025-11-16", "time": "24:00", "zone": "UTC"}, "pattern"),
        ({"date": "2025-11-16", "time": "23:42", "zone": "GMT+4"}, "pattern"),
    ],
)
def test_bad_times_are_refused(fields: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        when(**fields)


# --------------------------------------------------------------------------- the forms fixture, end to end


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("forms") / "project", FORMS)
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def test_the_fixture_article_checks_with_full_coverage(forms: Path) -> None:
    checked = pipeline.check(forms, strict=True)
    (report,) = checked.reports
    assert report.meta.coverage == "complete" and report.meta.example
    planned = [f.id for f in report.figures if f.planned]
    assert planned == ["households-planned", "water-planned"]


def test_breakdowns_are_labelled_by_what_tells_the_parts_apart(forms: Path) -> None:
    checked = pipeline.check(forms, strict=True)
    (view, *_) = render.report_views(checked.reports[0], checked.seeds, False, measures.load(forms)[0])
    (b,) = view.breakdowns
    assert b.dimensions == ("place", "group")
    assert sorted(view.part_name(b, f) for p in b.parts for f in p) == ["Linn, children", "Puerto Alba, all"]
    assert b.problem is None and b.summary == "50"


def test_an_example_report_is_marked_everywhere_and_left_out_of_the_sitemap(forms: Path) -> None:
    site = forms / "site"
    pages = sorted((site / "reports" / "marrow-floods-2026-04").rglob("index.html"))
    assert len(pages) == 2  # the stable address and edition 1
    for page in pages:
        assert "Fictional example:" in page.read_text() and "nothing in it happened" in page.read_text()
    assert "marrow-floods" not in (site / "sitemap.xml").read_text()
    assert "(fictional example)" in (site / "reports" / "index.html").read_text()


def test_empty_sections_are_left_out_and_headings_come_from_the_content(forms: Path) -> None:
    page = pipeline.assemble(forms, strict=True).docs["reports/marrow-floods-2026-04/index.md"]
    md = (page.read_bytes() if isinstance(page, Path) else page).decode()
    for absent in (
        "## Actors",
        "## Statements",
        "## What the sources describe",
        "## Photo captions",
        "## Discrepancies",
    ):
        assert absent not in md
    for present in ("## Breakdown of people killed", "## Planned", "P-code", "MR0102 (admin level 2)"):
        assert present in md
    assert "Wed 2026-04-08 16:15 local time (UTC+03:00, offset derived), Wed 2026-04-08 13:15 UTC" in md
    assert "by Sat 2026-04-11, afternoon" in md


def test_a_project_measure_is_used_and_an_unknown_one_named(forms: Path, tmp_path: Path) -> None:
    reg, errors = measures.load(forms)
    assert errors == [] and reg["treated"].hxl == "#reached+treated" and reg["treated"].unit_label == "people"
    assert reg["schools-used-as-shelters"].hxl == "#indicator+schools_used_as_shelters+num"
    project = copy_project(tmp_path / "p", FORMS)
    (project / "measures.yaml").unlink()
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "figures[5].metric: unknown measure 'treated'" in result.stderr


def test_arithmetic_checks_work_across_places_and_only_for_additive_measures(forms: Path) -> None:
    report = pipeline.check(forms, strict=True).reports[0]
    total = next(f for f in report.figures if f.id == "killed-total")
    part = next(f for f in report.figures if f.id == "killed-puerto-alba")
    bigger = part.model_copy(update={"id": "killed-linn-more", "place": "linn", "value": 30})
    over = report.model_copy(update={"figures": (*report.figures, bigger)})
    (b,) = analysis.breakdowns(over)
    assert b.problem is None  # 41 + 9 + 30 = 80: "at least 62" allows it
    exact = total.model_copy(update={"qualifier": Qualifier.exact})
    over = report.model_copy(
        update={"figures": (exact, *[f for f in report.figures if f.id != "killed-total"], bigger)}
    )
    (b,) = analysis.breakdowns(over)
    assert b.problem and "more than the total allows (62)" in b.problem
    # Temperatures do not add up: the same figures under a non-additive measure are not summed.
    (b,) = analysis.breakdowns(over, additive=lambda measure: False)
    assert b.problem is None


@pytest.mark.parametrize(
    ("quote", "qualifier"),
    [
        ("at least 20 people were killed", "at least"),
        ("the toll has passed 1,000", "more than"),
        ("more than 1,000 people", "more than"),
        ("about 2,000 people", "about"),
        ("up to 300 people", "up to"),
        ("1,000 people were killed", "exact"),
    ],
)
def test_the_qualifier_is_read_from_the_words_before_the_number(quote: str, qualifier: str) -> None:
    """README: "at least 20" is `at least`, "has passed 1,000" is `more than`; a bare number is exact."""
    value = int(next(n.value for n in numbers(quote) if n.value is not None))
    assert check_figure_value(figure(qualifier=qualifier, value=value), quote) == []
    other = "exact" if qualifier != "exact" else "at least"
    assert [p for p, _m, code in check_figure_value(figure(qualifier=other, value=value), quote)] == [("qualifier",)]
