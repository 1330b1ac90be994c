"""Published editions: what their pages show of the seeds is fingerprinted, each lock line
names its algorithm, old lines keep verifying, and a line committed at HEAD changes only
with ``publish --force --reason``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitrep.facts import editions

from .conftest import REPORT, ROOT, SEED, edit, run

pytestmark = pytest.mark.slow

META = SEED.replace(".txt", ".yaml")
LOCK = f"{REPORT}/editions.lock"
AUTHOR = ("-c", "user.name=t", "-c", "user.email=t@example.org")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *AUTHOR, *args], cwd=cwd, check=True, capture_output=True)


def fresh_lock(project: Path) -> None:
    """Publish from nothing (a project outside git: no line is committed)."""
    (project / LOCK).unlink()
    result = run("publish", "syria-coast-2025-03", cwd=project)
    assert result.returncode == 0, result.stderr


def test_the_committed_syria_lock_keeps_verifying_and_publishing_keeps_it(project: Path) -> None:
    """The lock as first committed (version 1 lines) still verifies; publishing keeps its bytes and
    appends, once, the version 3 lines: the repository's lock is exactly that upgrade, and then the
    Arabic translation's lines."""
    first = (project / LOCK).read_bytes()
    assert run("check", cwd=project).returncode == 0
    result = run("publish", "syria-coast-2025-03", cwd=project)
    assert result.returncode == 0, result.stderr
    upgraded = (project / LOCK).read_bytes()
    assert upgraded.startswith(first) and b"# upgraded to fingerprint v3" in upgraded[len(first) :]
    # The repository's lock is that upgrade, then the Arabic translation published with edition 2
    # (lines of their own: publishing a translation never rewrites a line already there).
    committed = (ROOT / LOCK).read_bytes()
    assert committed.startswith(upgraded)
    added = committed[len(upgraded) :].decode().splitlines()
    header = "# the translation into ar published with edition 2"  # once per publish that added texts
    assert added[0] == header and len(added) > 1
    assert all(line.startswith("text ar 2 ") or line == header for line in added)
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0
    assert (project / LOCK).read_bytes() == upgraded  # once
    assert run("check", cwd=project).returncode == 0


def test_every_new_lock_line_names_its_algorithm(project: Path) -> None:
    fresh_lock(project)
    lines = editions.locked_lines((project / LOCK).read_text(encoding="utf-8"))
    assert lines and all(line.endswith(f" v{editions.ALGORITHM}") for line in lines)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Death toll from clashes", "title: Death count from clashes"),
        ("wire: Associated Press", "wire: Reuters"),
        ("language: en", "language: fr"),
        ("wire: Associated Press\n", "wire: Associated Press\npublisher: Someone Else\n"),
    ],
)
def test_what_an_edition_shows_of_its_seeds_is_fingerprinted(project: Path, old: str, new: str) -> None:
    fresh_lock(project)
    edit(project / META, old, new)
    result = run("build", cwd=project)
    assert result.returncode == 1, result.stderr
    field = new.strip().splitlines()[-1].split(":")[0]  # the field changed, or added
    assert f"{META}:" in result.stderr and f": {field}: changes what published editions 1 and 2" in result.stderr
    assert "[SR717]" in result.stderr


def test_a_committed_line_changes_only_with_force_and_a_reason(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "published")
    edit(project / REPORT / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    (project / LOCK).unlink()  # the silent re-freeze of the issue: rm editions.lock && publish
    refused = run("publish", "syria-coast-2025-03", cwd=project)
    assert refused.returncode == 2
    assert "committed at HEAD" in refused.stderr and "--force --reason" in refused.stderr
    assert not (project / LOCK).exists()
    assert run("publish", "syria-coast-2025-03", "--force", cwd=project).returncode == 2  # a reason is required
    forced = run("publish", "syria-coast-2025-03", "--force", "--reason", "Plainer label, agreed", cwd=project)
    assert forced.returncode == 0, forced.stderr
    text = (project / LOCK).read_text(encoding="utf-8")
    assert "# publish --force: Plainer label, agreed\n" in text
    assert run("build", cwd=project).returncode == 0


def test_a_hand_edited_committed_lock_is_not_published_over(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "published")
    lock = project / LOCK
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    lock.write_text("".join(lines[:-1]), encoding="utf-8")  # a committed line dropped by hand
    result = run("publish", "syria-coast-2025-03", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "committed at HEAD" in result.stderr
