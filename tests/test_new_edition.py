"""``build.py edition REPORT``: the next edition starts as a draft, and is one small diff."""

from __future__ import annotations

import difflib
from pathlib import Path

from .conftest import run


def _report(project: Path) -> Path:
    return sorted(p for p in (project / "reports").iterdir() if p.is_dir())[0]


def test_the_next_edition_is_appended_as_a_draft_and_nothing_else_moves(project: Path) -> None:
    folder = _report(project)
    path = folder / "report.yaml"
    text = path.read_text(encoding="utf-8").replace("editions:\n", "# why these editions\neditions:\n", 1)
    path.write_text(text, encoding="utf-8")
    before = text.splitlines()
    count = sum(1 for line in before if line.startswith("  - number: "))
    result = run(
        "edition", folder.name, "--headline", "Update: toll rises", "--summary", "Adds the new toll.",
        "--published", "2030-01-02T08:00:00+01:00", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    n = count + 1
    assert result.stderr.strip() == (
        f"{folder.name}: edition {n} started as a draft, dated 2030-01-02T08:00:00+01:00. Give the facts it adds "
        f"`since: {n}`, preview with `build --drafts`, then remove `draft: true` and run `publish {folder.name}`."
    )
    after = path.read_text(encoding="utf-8").splitlines()
    overview = [line for line in before if line.startswith("    overview: ")][-1]
    added = [line for line in difflib.ndiff(before, after) if line[:2] in ("+ ", "- ")]
    assert added == [
        f"+   - number: {n}",
        "+     published: 2030-01-02T08:00:00+01:00",
        '+     headline: "Update: toll rises"',
        "+     summary: Adds the new toll.",
        f"+ {overview}",  # the situation as last told: the writer's starting point
        "+     draft: true",
    ]
    assert run("fmt", "--check", cwd=project).returncode == 0
    checked = run("check", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_what_cannot_start_an_edition_is_refused_and_nothing_is_written(project: Path) -> None:
    folder = _report(project)
    path = folder / "report.yaml"
    original = path.read_bytes()
    cases = {
        ("nope",): "Error: no report 'nope' under reports/ (a folder with a report.yaml)",
        ("..",): "Error: no report '..' under reports/ (a folder with a report.yaml)",
        (folder.name, "--published", "2030-01-02T08:00"): (
            "Error: --published '2030-01-02T08:00': give its UTC offset, e.g. 2030-01-02T08:00+00:00"
        ),
        (folder.name, "--published", "soon"): (
            "Error: --published 'soon': expected a date and time with its UTC offset, e.g. 2025-03-09T08:00:00+00:00"
        ),
        (folder.name, "--published", "1999-01-01T00:00:00+00:00"): "editions go forward in time",
        (folder.name, "--headline", ""): "Error: --headline '': String should have at least 1 character",
    }
    for args, expected in cases.items():
        base = {"--headline": "h", "--summary": "s"}
        extra = dict(zip(args[1::2], args[2::2], strict=True))
        options = [x for k, v in {**base, **extra}.items() for x in (k, v)]
        result = run("edition", args[0], *options, cwd=project)
        assert result.returncode == 2, (args, result.stderr)
        assert expected in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert path.read_bytes() == original


def test_a_second_draft_waits_for_the_first(project: Path) -> None:
    folder = _report(project)
    first = run("edition", folder.name, "--headline", "h", "--summary", "s", cwd=project)
    assert first.returncode == 0, first.stderr
    second = run("edition", folder.name, "--headline", "h2", "--summary", "s2", cwd=project)
    assert second.returncode == 2
    assert "is still a draft: finish it (and publish it) before starting another" in second.stderr
