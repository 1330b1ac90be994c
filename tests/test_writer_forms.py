"""What a writer needs to say (issue 25), on the ``writer`` fixture: a flood article taken through
``seed add``, with a measure of the project's own in metres.

Reproduced before: ``check`` refused the report with "as_of: required key is missing" (a figure the
article gives no time for), "duration: Input should be a valid dictionary" ("in 2 days"), "unknown
key 'written'" (the project's unit) and showed "4.5" without its unit; the timeline put Friday's
10:30 before "since Friday morning", and "before 3 March" before the days that precede 3 March.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.facts import analysis, model

from .conftest import FIXTURES, copy_project, edit, run

WRITER = FIXTURES / "writer"
REPORT = "reports/costa-verde-floods-2026-03"


@pytest.fixture
def writer(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", WRITER)


def _page(root: Path) -> str:
    docs = pipeline.assemble(root, strict=True).docs
    page = docs[f"{REPORT}/index.md"]
    return (page.read_bytes() if isinstance(page, Path) else page).decode()


def test_the_writers_forms_check_and_read_as_the_article_says_them(writer: Path) -> None:
    checked = run("check", "--strict", cwd=writer)
    assert checked.returncode == 0, checked.stderr
    page = _page(writer)
    # a figure without as_of, and one with `article: true`: as of the article, dated by its seed
    assert "People displaced · The article · as of the article (Mon 2026-03-09)" in page
    assert "| Homes damaged | about 800 | about |  |  | the article (Mon 2026-03-09) |" in page
    # the project's unit, as written
    assert "4.5 metres" in page and "River rise · Civil protection agency" in page
    # "in 2 days" read as a duration
    assert "planned: 5,000 in 2 days" in page
    # the timeline: before 3 March; then Friday 07:00, Friday morning, Friday 10:30
    timeline = page.split("## Timeline")[1].split("\n## ")[0]
    order = [what for what in ("had died", "roads closed", "began to leave", "bridge collapsed") if what in timeline]
    assert sorted(order, key=timeline.index) == ["had died", "roads closed", "began to leave", "bridge collapsed"]


def test_a_project_unit_is_checked_in_the_quote_as_written(writer: Path) -> None:
    figures = writer / REPORT / "figures.yaml"
    edit(figures, 'quote: "The Seco river rose 4.5 metres in Rio Seco"', 'quote: "The Seco river rose 4.5"')
    result = run("check", cwd=writer)
    assert result.returncode == 1
    assert (
        "figures[0].value: the evidence quote states '4.5' but not in metres (4.5 metres, 4.5 m) [SR405]"
        in result.stderr
    )


def test_a_duration_in_words_needs_its_relation_in_the_quote(writer: Path) -> None:
    figures = writer / REPORT / "figures.yaml"
    edit(figures, "duration: in 2 days", "duration: within 2 days")
    result = run("check", cwd=writer)
    assert result.returncode == 1
    assert "figures[3].duration: the evidence quote does not state within 2 days [SR408]" in result.stderr
    edit(figures, "duration: within 2 days", "duration: in two weeks")
    assert "does not state in 2 weeks [SR408]" in run("check", cwd=writer).stderr
    edit(figures, "duration: in two weeks", "duration: soon")
    assert "figures[3].duration: expected a duration such as 'in 2 days'" in run("check", cwd=writer).stderr


def test_as_of_the_article_is_its_own_anchor(writer: Path) -> None:
    figures = writer / REPORT / "figures.yaml"
    edit(figures, "    article: true\n", "    article: true\n    date: 2026-03-08\n")
    result = run("check", cwd=writer)
    assert result.returncode == 1
    assert "'article: true' is dated by the article itself: leave out date" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2 days", {"amount": 2, "unit": "days", "relation": "in"}),
        ("within a week", {"amount": 1, "unit": "weeks", "relation": "within"}),
        ("for three days", {"amount": 3, "unit": "days", "relation": "for"}),
        ("36 hours", {"amount": 36, "unit": "hours", "relation": "in"}),
    ],
)
def test_durations_in_words(text: str, expected: dict) -> None:
    assert model.duration_input(text) == expected


def test_sort_key_places_times_and_parts_of_a_day_among_each_other() -> None:
    published = dt.date(2026, 3, 9)  # a Monday

    def key(**when: object) -> tuple:
        return analysis.sort_key(model.When.model_validate(when), published)

    friday = [
        key(weekday="Friday", time="07:00", zone="+01:00"),
        key(weekday="Friday", part_of_day="morning"),
        key(weekday="Friday", time="09:30", zone="UTC"),
        key(weekday="Friday", part_of_day="evening"),
    ]
    assert friday == sorted(friday)
    assert key(weekday="Friday") < friday[0]  # the day before its times
    assert key(date="2026-03-02", part_of_day="night") < key(before="2026-03-03") < key(date="2026-03-03")
    assert key(article=True) == (published, -1, "")  # the article's day
