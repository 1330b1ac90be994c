"""The current-values table (issue 27): one row per place and group, one column per measure, and
the documented rule for which figure is current (README, "Data out"): the latest as-of, a
number before words, a part only in its own row, disagreeing figures as a range, never a sum."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.facts.model import Figure
from sitrep.outputs import current, dataindex, render
from sitrep.site import settings

from . import manual
from .conftest import ROOT, SAMPLE, copy_project
from .downloads import edition_downloads

SYRIA = "syria-coast-2025-03"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    return edition_downloads(tmp_path_factory.mktemp("current"), SAMPLE)


def _rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[2:]]


def _row(rows, place: str, group: str) -> dict[str, str]:
    (row,) = [r for r in rows if r["Place id"] == place and r["Group"] == group]
    return row


def test_syrias_toll_is_the_latest_not_the_naive_last(folders) -> None:
    figures = _rows(folders[(SYRIA, 2)] / "figures.csv")
    killed = [f for f in figures if f["Measure"] == "killed" and f["Place id"] == "syria-coast" and f["Group"] == "all"]
    # The naive "latest value": the figure added last (edition 2) is the earlier "more than 200".
    naive = max(killed, key=lambda f: int(f["Shown since edition"]))
    assert (naive["Qualifier"], naive["Value"]) == ("more than", "200")
    row = _row(_rows(folders[(SYRIA, 2)] / "current.csv"), "syria-coast", "all")
    assert (row["People killed"], row["People killed: qualifier"]) == ("1000", "more than")
    assert row["People killed: as of"] == "2025-03-08" and row["People killed: figure ids"] == "killed-total-1000"
    assert (row["Report id"], row["Edition"]) == (SYRIA, "2")


def test_a_discrepancy_is_a_range_never_a_sum(folders) -> None:
    rows = _rows(folders[(SYRIA, 2)] / "current.csv")
    civilians = _row(rows, "syria-coast", "civilians")
    assert civilians["People killed"] == "745 to 750"
    assert civilians["People killed: figure ids"] == "killed-civilians-745 killed-civilians-750"
    assert civilians["People killed: source"] == "Syrian Observatory for Human Rights"
    # Parts stay in their own rows: the total's row is not their sum, nor theirs the total.
    assert _row(rows, "syria-coast", "security-forces")["People killed"] == "125"
    assert len({(r["Place id"], r["Group"]) for r in rows}) == len(rows)


def _figure(fid: str, value: int | None, **when) -> Figure:
    data = {"id": fid, "metric": "killed", "source": "s", "place": "p", "group": "all"}
    data["evidence"] = {"seed": "x", "quote": "a quote"}
    data |= (
        {"value": value, "qualifier": "exact"} if value is not None else {"qualifier": "unquantified", "words": "many"}
    )
    data["as_of"] = when or {"date": "2025-03-08"}
    return Figure.model_validate(data)


def test_the_rule_piece_by_piece() -> None:
    day = dt.date(2025, 3, 9)
    before = _figure("before", 200, before="2025-03-08")
    on_day = _figure("on-day", 1000, date="2025-03-08")
    words = _figure("words", None, date="2025-03-09")
    later = _figure("later", 1100, date="2025-03-09")
    assert current.pick([before, on_day], day).figures == (on_day,)  # "before 8 March" is earlier than 8 March
    assert current.pick([on_day, words], day).figures == (on_day,)  # a number beats words, even later ones
    assert current.pick([words], day).value() is None  # words alone: current, with no number
    assert current.pick([on_day, later, before], day).value() == 1100
    other = _figure("other", 900, date="2025-03-09")
    assert current.pick([later, other], day).value() == "900 to 1100"  # two on the latest day: a range
    assert current.pick([], day) is None


def test_site_wide_current_values_merge_every_listed_report(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    checked = pipeline.check(project, strict=True)
    conf = settings.load(ROOT)
    (view, *_rest) = [
        v for v in render.report_views(checked.reports[0], checked.seeds, False, measures.builtin()) if v.stable
    ]
    entry = render.IndexEntry(SYRIA, "t", "s", dt.date(2025, 3, 8), current=dataindex.entry_current(view))
    hidden = render.IndexEntry("invented", "t", "s", dt.date(2025, 3, 8), example=True, current=entry.current)
    files = dataindex.site_files([entry, hidden], conf)
    rows = _rows_bytes(files[dataindex.CURRENT_CSV])
    assert {r["Report id"] for r in rows} == {SYRIA}
    assert _row(rows, "syria-coast", "all")["People killed"] == "1000"
    package = json.loads(files[dataindex.INDEX_PACKAGE])
    assert "current-values.csv" in {r["path"] for r in package["resources"]}


def _rows_bytes(data: bytes) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[2:]]


def test_the_rule_is_in_the_manual() -> None:
    readme = " ".join(manual.text().split())
    for clause in current.RULE:
        assert clause in readme, clause
