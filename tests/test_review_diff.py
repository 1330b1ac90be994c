"""``build.py diff`` on a project with a measure of its own, as a reviewer runs it.

A two-edition report (the forms fixture, which defines its measures in measures.yaml) is
committed at each edition; the diff between the commits, between the editions, and narrowed
to the report, each names the changes in words (the report's title, the measures' labels),
never by id, with diff(1)'s exit codes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import FORMS, copy_project, edit, run

pytestmark = pytest.mark.slow

REPORT = "reports/marrow-floods-2026-04"
TITLE = "Floods in Marrow Valley, April 2026"
EDITION_2 = """\
  - number: 2
    published: 2026-04-10T09:00:00+00:00
    headline: "Update: the medicine figure withdrawn"
    summary: Withdraws the medicine delivered, and says who counted the people treated.
exclusions:
"""
TREATED_EVIDENCE = '  evidence:\n    seed: 100_marrow-floods\n    quote: "it had treated at least 450 people"\n'
MEDICINE_EVIDENCE = '  evidence:\n    seed: 100_marrow-floods\n    quote: "2.5 tonnes of medicine"\n'
TREATED = (
    "  source: red-cross\n  note: Counted by the Red Cross at its field posts.\n"
    "  corrections:\n    - edition: 2\n      field: note\n      was: null\n      note: Says who counted.\n"
    + TREATED_EVIDENCE
)


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def _ok(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = run(*args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """The report at edition 1 (HEAD~1) and at edition 2 (HEAD), both published and committed."""
    project = copy_project(tmp_path / "flood", FORMS)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Edition 1")
    edit(project / REPORT / "report.yaml", "exclusions:\n", EDITION_2)
    figures = project / REPORT / "figures.yaml"
    edit(figures, f"  source: red-cross\n{TREATED_EVIDENCE}", TREATED)
    edit(figures, f"  source: article\n{MEDICINE_EVIDENCE}", f"  source: article\n  withdrawn: 2\n{MEDICINE_EVIDENCE}")
    _ok("publish", "marrow-floods-2026-04", cwd=project)
    _git(project, "commit", "-qam", "Edition 2")
    return project


def _no_ids(text: str) -> None:
    for word in ("marrow-floods-2026-04", "medicine-delivered", "figure treated", "red-cross"):
        assert word not in text, f"{word!r} (an id) in the diff:\n{text}"


def test_diff_between_the_commits_of_two_editions(reviewed: Path) -> None:
    found = run("diff", "HEAD~1", "HEAD", cwd=reviewed)
    assert found.returncode == 1, found.stderr  # before this change: exit 2, "unknown measure 'treated'" (SR501)
    lines = found.stdout.splitlines()
    assert lines[0] == f"{TITLE}:"
    assert any(
        line.startswith("  changed figure People treated (") and "Counted by the Red Cross" in line for line in lines
    ), found.stdout
    assert any(
        line.startswith("  changed figure Medicine delivered (") and "withdrawn: none -> 2" in line for line in lines
    ), found.stdout
    assert "  added edition 2: Update: the medicine figure withdrawn" in lines
    _no_ids(found.stdout)
    markdown = run("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=reviewed)
    assert markdown.returncode == 1 and f"**{TITLE}**" in markdown.stdout
    _no_ids(markdown.stdout)
    same = run("diff", "HEAD", "HEAD", cwd=reviewed)
    assert (same.returncode, same.stdout) == (0, "")


def test_diff_between_two_editions(reviewed: Path) -> None:
    found = run("diff", "edition:1", "edition:2", cwd=reviewed)
    assert found.returncode == 1, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0] == f"{TITLE}:"
    assert any(
        line.startswith("  corrected figure People treated (") and "why: Says who counted." in line for line in lines
    ), found.stdout
    assert any(line.startswith("  removed figure Medicine delivered (") for line in lines), found.stdout
    _no_ids(found.stdout)
    assert run("diff", "edition:1", "edition:1", cwd=reviewed).returncode == 0
    missing = run("diff", "edition:1", "edition:3", cwd=reviewed)
    assert missing.returncode == 2 and "no report has an edition 3" in missing.stderr


def test_diff_narrowed_to_one_report(reviewed: Path) -> None:
    whole = run("diff", "HEAD~1", "HEAD", cwd=reviewed)
    one = run("diff", "HEAD~1", "HEAD", "--report", "marrow-floods-2026-04", cwd=reviewed)
    assert (one.returncode, one.stdout) == (1, whole.stdout)
    # another report with errors does not stop the review of this one
    broken = reviewed / "reports" / "other-report"
    broken.mkdir()
    (broken / "report.yaml").write_text("id: other-report\n", encoding="utf-8")
    assert run("diff", "HEAD", "worktree", cwd=reviewed).returncode == 2
    only = run("diff", "HEAD~1", "worktree", "--report", "marrow-floods-2026-04", cwd=reviewed)
    assert (only.returncode, only.stdout) == (1, whole.stdout)
    unknown = run("diff", "HEAD~1", "HEAD", "--report", "no-such-report", cwd=reviewed)
    assert unknown.returncode == 2 and "--report 'no-such-report': no such report" in unknown.stderr
    assert run("diff", "HEAD~1", "HEAD", "--report", "../etc", cwd=reviewed).returncode == 2
