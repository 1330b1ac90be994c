"""``build.py edition REPORT``: the next edition starts as a draft, and is one small diff."""

from __future__ import annotations

import difflib
import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

from sitrep.authoring.newedition import DRAFT_NOTE

from .conftest import FIXTURES, copy_project, run


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


def test_any_accepted_headline_and_summary_reads_back_exactly(project: Path) -> None:
    """An emoji (outside the BMP), the line and paragraph separators, bidi marks and quotes: each is
    written so that YAML reads back the very string given (no surrogate-pair escapes YAML refuses)."""
    folder = _report(project)
    headline = "Update \U0001f600 \u200fطرطوس\u200e \"quoted\" 'single' \\ back"
    summary = "Line\u2028separator\u2029paragraph \u202bembedded\u202c \u2066isolate\u2069 \U0001f1f8\U0001f1fe: done"
    result = run("edition", folder.name, "--headline", headline, "--summary", summary, cwd=project)
    assert result.returncode == 0, result.stderr
    data = YAML(typ="safe", pure=True).load((folder / "report.yaml").read_text(encoding="utf-8"))
    last = data["editions"][-1]
    assert (last["headline"], last["summary"], last["draft"]) == (headline, summary, True)
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


def test_a_last_edition_without_a_utc_offset_is_refused_cleanly(project: Path) -> None:
    """It was compared with an aware datetime: an internal error (exit 3)."""
    path = _report(project) / "report.yaml"
    text = path.read_text(encoding="utf-8")
    last = text.rindex("published: ")
    end = text.index("\n", last)
    stamp = text[last + len("published: ") : end]
    path.write_text(text[:last] + f"published: {stamp[:19]}" + text[end:], encoding="utf-8")
    original = path.read_bytes()
    result = run("edition", path.parent.name, "--headline", "h", "--summary", "s", cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"is dated {stamp[:19]} without its UTC offset: run `python build.py check` and fix it first" in (
        result.stderr
    )
    assert path.read_bytes() == original


def test_two_editions_at_once_lose_nothing(project: Path) -> None:
    """Each appends to report.yaml: without the project lock both succeeded and one entry was lost."""
    import subprocess

    from .conftest import ROOT

    folder = _report(project)
    path = folder / "report.yaml"
    before = path.read_text(encoding="utf-8").count("  - number: ")
    args = ["edition", folder.name, "--summary", "s", "--published", "2030-01-02T08:00:00+00:00"]
    command = [sys.executable, str(ROOT / "build.py"), *args, "--headline"]
    procs = [subprocess.Popen([*command, f"Edition {k}"], cwd=project, stderr=subprocess.PIPE, text=True) for k in "AB"]
    outcomes = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    outcomes = [(code, err) for err, code in outcomes]
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 2], outcomes
    refused = next(err for code, err in outcomes if code == 2)
    assert "another sitrep command is running in this project" in refused or "is still a draft" in refused
    after = path.read_text(encoding="utf-8")
    assert after.count("  - number: ") == before + 1  # exactly the one that succeeded, whole
    assert after.count("headline: Edition ") == 1
    assert run("check", cwd=project).returncode == 0


def test_a_command_that_writes_waits_briefly_for_another_then_says_so(project: Path) -> None:
    import fcntl
    import os

    fd = os.open(project, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another command holds the project
        path = _report(project) / "report.yaml"
        original = path.read_bytes()
        for args in (("edition", path.parent.name, "--headline", "h", "--summary", "s"), ("fmt",), ("build",)):
            result = run(*args, cwd=project)
            assert result.returncode == 2, result.stderr
            assert result.stderr == (
                "Error: another sitrep command is running in this project: run this one again when it has finished\n"
            )
        assert path.read_bytes() == original
        assert run("check", cwd=project).returncode == 0  # reading needs no lock
    finally:
        os.close(fd)
    assert run("fmt", "--check", cwd=project).returncode == 0


def test_comments_after_the_editions_stay_where_they_are_and_no_draft_note_goes_stale(tmp_path: Path) -> None:
    # reproduced: after `new`, `publish` and `edition`, the commented optional fields that follow the
    # editions moved into the list above the new edition (indented), and the head still said
    # "Edition 1 is a draft until you remove `draft: true`..." of a published edition
    project = copy_project(tmp_path / "project", FIXTURES / "kestrel")
    shutil.rmtree(project / "reports")
    (project / "reports").mkdir()
    created = run("new", "quake", "--seed", "001_kestrel-earthquake", "--published", "2025-11-18T20:00:00+00:00",
                  cwd=project)  # fmt: skip
    assert created.returncode == 0, created.stderr
    path = project / "reports/quake/report.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# example: true" in text.split("editions:")[1]  # commented fields after the list
    text = text.replace("    draft: true\n", "").replace(f"# {DRAFT_NOTE}", STALE)  # a report from before
    path.write_text(text, encoding="utf-8")
    assert run("publish", "quake", cwd=project).returncode == 0
    started = run("edition", "quake", "--headline", "Update", "--summary", "More.",
                  "--published", "2025-11-19T08:00:00+00:00", cwd=project)  # fmt: skip
    assert started.returncode == 0, started.stderr
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(text.splitlines(), after.splitlines()) if line[:2] in ("+ ", "- ")]
    assert changed == [
        f"- {STALE}",
        f"+ # {DRAFT_NOTE}",
        "+   - number: 2",
        "+     published: 2025-11-19T08:00:00+00:00",
        "+     headline: Update",
        "+     summary: More.",
        '+     overview: "Draft: what happened, where and to whom, in two or three sentences."',  # carried on
        "+     draft: true",
    ]
    assert "Edition 1 is a draft" not in after
    assert run("check", cwd=project).returncode == 0


STALE = "# Edition 1 is a draft until you remove `draft: true` and run `build.py publish`."
