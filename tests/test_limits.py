"""Limits: dates in a documented range, a capped error output, a structural limit on
entries, anchors and tags refused wherever they stand, strict release names."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from sitrep.errors import EnvironmentFault
from sitrep.facts.load import parse
from sitrep.site import releases

from .conftest import REPORT, SEED, edit, run

pytestmark = pytest.mark.slow

META = SEED.replace(".txt", ".yaml")


def clear_error(result: subprocess.CompletedProcess[str], code: int = 1) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_seed_date_outside_the_range_is_a_clear_error(project: Path, day: str) -> None:
    edit(project / META, "published: 2025-03-08", f"published: {day}")
    result = run("check", cwd=project)
    clear_error(result)
    assert f"{META}:5:1: published: dates must lie in the years 1900 to 2100 (got '{day}')" in result.stderr


def test_a_fact_date_outside_the_range_is_a_clear_error(project: Path) -> None:
    path = project / REPORT / "events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("weekday: Thursday", "before: 9999-12-31", 1), encoding="utf-8")
    result = run("check", cwd=project)
    clear_error(result)
    assert "dates must lie in the years 1900 to 2100 (got '9999-12-31')" in result.stderr


@pytest.mark.parametrize("epoch", ["-1", "253402300800", "4133980800"])
def test_source_date_epoch_outside_the_range_is_a_clear_error(project: Path, epoch: str) -> None:
    result = run("build", cwd=project, env={"SOURCE_DATE_EPOCH": epoch})
    clear_error(result, 2)
    assert f"SOURCE_DATE_EPOCH must lie from 0 (1970-01-01) to 4133980799 (2100-12-31), got '{epoch}'" in result.stderr
    assert not (project / "site").exists()


def test_error_output_is_capped_unless_all_errors_is_asked(project: Path) -> None:
    (project / REPORT / "events.yaml").write_text("- {}\n" * 300, encoding="utf-8")
    capped = run("check", cwd=project)
    clear_error(capped)
    lines = capped.stderr.splitlines()
    total = int(lines[-1].split()[0].replace(",", ""))
    assert total > 300
    assert len(lines) == 200 + 2
    assert lines[-2] == f"... and {total - 200:,} more (run with --all-errors to see every one)"
    full = run("check", "--all-errors", cwd=project)
    clear_error(full)
    assert len(full.stderr.splitlines()) == total + 1


def test_a_pathological_file_is_refused_by_a_structural_limit(project: Path) -> None:
    (project / REPORT / "events.yaml").write_text("- {}\n" * 100_000, encoding="utf-8")
    started = time.monotonic()
    result = run("check", cwd=project)
    clear_error(result)
    assert result.stderr.splitlines() == [
        f"{REPORT}/events.yaml:1:1: events: more than 10,000 entries (100,000); split it [SR110]",
        "1 error; nothing was written.",
    ]
    print(f"refused in {time.monotonic() - started:.1f} s")  # a figure for the record, not an assertion


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\n", "anchors and aliases are not allowed"),
        ("a:\n  - &first b\n  - c\n", "anchors and aliases are not allowed"),
        ("a: !!str 1\n", "YAML tags are not allowed (found 'tag:yaml.org,2002:str')"),
        ("a: !!map {}\n", "YAML tags are not allowed"),
        ("a: !!seq []\n", "YAML tags are not allowed"),
    ],
)
def test_unused_anchors_and_standard_tags_are_refused(text: str, message: str) -> None:
    _doc, errors = parse(text, "f.yaml")
    assert [e for e in errors if message in e.message], errors


def test_text_with_an_ampersand_or_a_bang_is_fine() -> None:
    _doc, errors = parse('a: "Tom & Jerry!"\nb: Help! & more\n', "f.yaml")
    assert errors == []


@pytest.mark.parametrize("name", ["2025-03\n", "v2\n", "1.0\n", "a\nb", " v2", "v2 ", "V2", "../x", ""])
def test_release_names_must_match_in_full(name: str) -> None:
    with pytest.raises(EnvironmentFault):
        releases.check_name(name)


def test_a_release_name_with_a_trailing_newline_creates_nothing(project: Path) -> None:
    result = run("release", "2025-03\n", cwd=project)
    clear_error(result, 2)
    assert not (project / "releases").exists() or list((project / "releases").iterdir()) == []


@pytest.mark.parametrize("name", ["2025-03", "v2", "1.0", "2025_q1"])
def test_good_release_names_pass(name: str) -> None:
    releases.check_name(name)
