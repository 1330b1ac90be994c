"""What changed, for people: the sentence at the top of an edition and the grouped list."""

from __future__ import annotations

import re

import pytest

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.facts.model import SECTIONS, Figure, Report
from sitrep.outputs import digest, render
from sitrep.review.changes import Change

from .conftest import FIXTURES, SAMPLE


@pytest.fixture(scope="module")
def quake() -> Report:
    return pipeline.check(FIXTURES / "kestrel").reports[0]


def _figure(report: Report, fid: str) -> Figure:
    return next(f for f in report.figures if f.id == fid)


def test_a_revised_figure_reads_label_was_now_source_and_date(quake: Report) -> None:
    killed = _figure(quake, "killed-214")
    changes = [
        Change("revised", "figures", "killed-214", "People killed (National disaster agency)", ("127 -> at least 214",))
    ]
    assert digest.items(changes, {"killed-214": killed}, {}) == [
        "People killed: 127 \u2192 at least 214, National disaster agency, as of Tue 2025-11-18"
    ]


def test_a_new_figure_reads_new_label_value_and_a_correction_says_why(quake: Report) -> None:
    appeal = _figure(quake, "flash-appeal")
    added = [
        Change("added", "figures", appeal.id, "Flash appeal (United Nations humanitarian office)", ("$38 million",))
    ]
    assert digest.items(added, {appeal.id: appeal}, {}) == [
        "New: Flash appeal: $38 million, United Nations humanitarian office, as of Tue 2025-11-18"
    ]
    earlier = appeal.model_copy(update={"value": 35_000_000})
    fixed = [
        Change("corrected", "figures", appeal.id, "Flash appeal (x)", ("value: 35000000 -> 38000000", "why: Typo."))
    ]
    assert digest.items(fixed, {appeal.id: appeal}, {appeal.id: earlier}) == [
        "Corrected: Flash appeal: $35 million \u2192 $38 million, x, as of Tue 2025-11-18 (Typo.)"
    ]


def test_the_list_puts_numbers_first_names_new_sources_in_one_line_and_leaves_out_the_edition() -> None:
    changes = [
        Change("added", "sources", "s1", "Agency"),
        Change("added", "events", "e1", "Clashes erupted."),
        Change("added", "sources", "s2", "Monitor"),
        Change("removed", "media", "m1", "Smoke rises"),
        Change("added", "editions", "3", "3: headline"),  # the edition itself is not news
        Change("changed", "reports", "r", "Title", ("title: a -> b",)),
        Change("added", "statements", "st", "Agency: " + "word " * 60),
    ]
    lines = digest.items(changes, {}, {})
    assert lines[:2] == ["New event: Clashes erupted.", lines[1]]
    assert lines[1].startswith("New statement: Agency: word word") and lines[1].endswith("\u2026")
    assert len(lines[1]) <= len("New statement: ") + digest.SHORT + 1
    assert lines[2:] == ["New sources: Agency; Monitor", "Withdrawn: Smoke rises"]


def test_the_sentence_names_the_first_changes_never_a_count() -> None:
    lines = [
        "People killed: 127 \u2192 214, Agency, as of Tue 2025-11-18",
        "New: Flash appeal: $38 million, UN",
        "New event: X.",
    ]
    assert digest.sentence(lines) == (
        "People killed: 127 \u2192 214, Agency, as of Tue 2025-11-18; "
        "new: Flash appeal: $38 million, UN, and more below"
    )
    assert digest.sentence(lines[:1]) == lines[0]
    assert digest.sentence([]) == "no change in the facts"


@pytest.mark.parametrize("fixture", [FIXTURES / "kestrel", SAMPLE])
def test_an_editions_change_list_holds_no_id_and_no_count_of_records(fixture) -> None:
    checked = pipeline.check(fixture)
    report = checked.reports[0]
    views = [v for v in render.report_views(report, checked.seeds, False, measures.builtin()) if v.number > 1]
    assert views
    ids = {item.id for s in SECTIONS for item in getattr(report, s)}
    for view in views:
        lines = view.change_items()
        assert lines
        words = {w.strip(".,:;()") for line in lines for w in line.split()}
        assert not words & {i for i in ids if "-" in i}, words & ids  # ids are kebab-case: no word of a line is one
        assert not [line for line in lines if re.search(r"\b\d+ (figures|events|sources|statements|parties)\b", line)]
        assert view.change_sentence().startswith(lines[0][:20].lower()[:1] + lines[0][1:20])


def test_groups_keep_every_change_with_figures_first() -> None:
    long_title = "x" * 300
    changes = [Change("added", "events", f"e{i}", long_title) for i in range(30)]
    changes.append(Change("added", "figures", "f", "killed / all"))
    groups = digest.groups(changes)
    assert [g.heading for g in groups] == ["Figures (1)", "Events (30)"]
    assert sum(len(g.changes) for g in groups) == 31
    assert all(c.title == long_title for c in groups[1].changes)  # never cut short
