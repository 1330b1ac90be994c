"""The downloads read as the field's tools read them (issue 27): libhxl, the library behind HXL
Proxy and HDX's Quick Charts, finds each measure's figures under its own hashtag, parses the
one #date+reported column as the ISO date it is, never sees a plan as an achievement, and
meets only hashtags of the HXL dictionary (sitrep/facts/hxl-core.yaml). No network."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import hxl
import pytest
from hxl.input import InputOptions

from sitrep.facts import measures

from .conftest import FORMS, SAMPLE
from .downloads import edition_downloads

SYRIA = "syria-coast-2025-03"
MARROW = "marrow-floods-2026-04"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    tmp = tmp_path_factory.mktemp("hxl")
    return edition_downloads(tmp / "syria", SAMPLE) | edition_downloads(tmp / "forms", FORMS)


def _hxl(path: Path) -> hxl.model.Dataset:
    """A CSV as libhxl reads it (from its bytes: libhxl leaves the files it opens open)."""
    return hxl.data(io.BytesIO(path.read_bytes()), InputOptions(allow_local=True)).cache()


def _rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[2:]]


def test_killed_figures_come_out_under_their_own_hashtag(folders) -> None:
    figures = _rows(folders[(SYRIA, 2)] / "figures.csv")
    killed = {r["Value"] for r in figures if r["Measure"] == "killed" and r["Value"]}
    assert len(killed) >= 5
    data = _hxl(folders[(SYRIA, 2)] / "figures.csv")
    assert data.get_value_set("#affected+killed") == killed | {""}
    # The measure's tag holds nothing but its own figures.
    for row in data:
        if row.get("#affected+killed"):
            assert row.get("#indicator+code") == "killed"


def test_the_reported_date_parses_as_the_iso_date(folders, caplog: pytest.LogCaptureFixture) -> None:
    data = _hxl(folders[(SYRIA, 2)] / "figures.csv")
    # Only one column matches #date+reported: the display text, time and zone are #meta.
    assert [c.display_tag for c in data.columns if hxl.model.TagPattern.parse("#date+reported").match(c)] == [
        "#date+reported"
    ]
    with caplog.at_level(logging.WARNING):
        cleaned = [r.get("#date+reported") for r in data.clean_data(date="#date+reported")]
    assert "Cannot parse" not in caplog.text
    assert "2025-03-08" in cleaned and "2025-08-03" not in cleaned
    raw = [r.get("#date+reported") for r in data]
    assert cleaned == raw  # already ISO 8601: cleaning changes nothing


def test_no_planned_figure_is_reached(folders) -> None:
    planned_seen = 0
    for folder in folders.values():
        data = _hxl(folder / "figures.csv")
        reached = [c for c in data.columns if hxl.model.TagPattern.parse("#reached").match(c)]
        for row in data:
            if row.get("#meta+planned") == "true":
                planned_seen += 1
                assert not any(row.values[data.columns.index(c)] for c in reached), row.values
    assert planned_seen >= 2  # the forms fixture plans households and water
    marrow = _rows(folders[(MARROW, 1)] / "figures.csv")
    plan = next(r for r in marrow if r["Figure id"] == "households-planned")
    assert plan["Measure HXL"].startswith("#targeted")


def test_every_hashtag_is_in_the_committed_core_list(folders) -> None:
    core = measures.hxl_core()
    assert core.version.startswith("1.1") and "gen-hxl-dict" in core.source
    tags = set()
    for folder in folders.values():
        for path in folder.glob("*.csv"):
            tags |= {c.tag for c in _hxl(path).columns}
    assert tags and {t.lstrip("#") for t in tags} <= core.hashtags, sorted(
        t for t in tags if t[1:] not in core.hashtags
    )


def test_the_hxl_default_schema_finds_no_error(folders) -> None:
    """libhxl's own schema: every #date is a date, every #affected, #inneed, #targeted, #reached,
    #indicator+num and #value a number."""
    for folder in folders.values():
        for path in sorted(folder.glob("*.csv")):
            problems: list = []
            hxl.schema(None, callback=problems.append).validate(_hxl(path))
            errors = [(p.message, p.value) for p in problems if p.rule.severity == "error"]
            if path.name == "current.csv":  # by the documented rule, disagreeing figures give a range cell
                errors = [e for e in errors if not (e[0] == "Expected a number" and " to " in e[1])]
            assert not errors, (path.name, errors)


def test_builtin_measures_use_core_hashtags_and_attributes() -> None:
    core = measures.hxl_core()
    for tag in measures.builtin().hashtags():
        hashtag, *attributes = tag.lstrip("#").split("+")
        assert hashtag in core.hashtags, tag
        if hashtag != "indicator":  # an indicator's attribute names it: #indicator+<measure>+num
            assert set(attributes) <= core.attributes | core.extensions, tag
    for m in measures.builtin().measures.values():
        assert measures.hxl_problem(m.hxl, m.unit, m.label) is None, m.id
        if m.hxl.split("+")[0] in ("#affected", "#inneed", "#targeted", "#reached"):
            assert m.counts_people, m.id
    houses = measures.builtin()["houses-destroyed"]
    assert houses.hxl == "#indicator+houses_destroyed+num"  # homes are not people
    assert measures.builtin()["reached"].tag(planned=True) == "#targeted"
    assert measures.builtin()["food-delivered"].tag(planned=True) == "#indicator+food_delivered+planned+num"
