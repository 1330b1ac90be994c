"""Every row says where it belongs (issue 27): report id and edition number in every per-edition
CSV, and each edition's changes.csv: the page's "What changed" as data, one row per field, with
a correction's field, old and new value and reason in columns of their own."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from .conftest import REPORT, SAMPLE, copy_project, edit, run
from .downloads import edition_downloads, project_downloads

SYRIA = "syria-coast-2025-03"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    return edition_downloads(tmp_path_factory.mktemp("rows"), SAMPLE)


def _rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[2:]]


def test_every_row_of_every_edition_file_names_its_report_and_edition(folders) -> None:
    for (report, number), folder in folders.items():
        tables = sorted(folder.glob("*.csv"))
        assert len(tables) >= 11
        for path in tables:
            head = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[:2]
            assert head[0][:2] == ["Report id", "Edition"] and head[1][:2] == ["#meta+id+report", "#meta+edition"]
            assert {(r["Report id"], r["Edition"]) for r in _rows(path)} <= {(report, str(number))}, path


def test_changes_list_what_the_edition_added(folders) -> None:
    assert _rows(folders[(SYRIA, 1)] / "changes.csv") == []  # nothing before the first edition
    rows = _rows(folders[(SYRIA, 2)] / "changes.csv")
    added = {(r["Section"], r["Fact id"]) for r in rows if r["Kind"] == "added"}
    assert ("figures", "killed-total-previous-200") in added and ("places", "baniyas") in added
    baniyas = next(r for r in rows if r["Fact id"] == "killed-neighbours-five")
    assert baniyas["Now"] == "5" and baniyas["Was"] == ""


def test_a_correction_is_a_row_with_its_field_values_and_reason(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    edit(
        project / REPORT / "report.yaml",
        "exclusions:",
        "  - number: 3\n    published: 2025-03-09T10:00:00+00:00\n    headline: A correction\n"
        "    summary: Describes Latakia.\nexclusions:",
    )
    edit(
        project / REPORT / "places.yaml",
        "  kind: city\n  within: syria-coast\n  coordinates:\n    lat: 35.5317",
        "  kind: city\n  within: syria-coast\n  description: =The main port\n"
        "  corrections:\n    - edition: 3\n      field: description\n      was: null\n"
        "      note: The description was missing.\n  coordinates:\n    lat: 35.5317",
    )
    published = run("publish", SYRIA, cwd=project)
    assert published.returncode == 0, published.stderr
    folders = project_downloads(tmp_path / "out", project)
    rows = _rows(folders[(SYRIA, 3)] / "changes.csv")
    (row,) = [r for r in rows if r["Fact id"] == "latakia"]
    assert (row["Kind"], row["Section"], row["Field"]) == ("corrected", "places", "description")
    assert (row["Was"], row["Now"], row["Why"]) == ("", "'=The main port", "The description was missing.")
    places = _rows(folders[(SYRIA, 3)] / "places.csv")
    latakia = next(p for p in places if p["Place id"] == "latakia")
    assert latakia["Last corrected in edition"] == "3"
    assert (
        next(p for p in _rows(folders[(SYRIA, 2)] / "places.csv") if p["Place id"] == "latakia")[
            "Last corrected in edition"
        ]
        == ""
    )
