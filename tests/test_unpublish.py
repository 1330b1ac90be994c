"""``publish --undo REPORT EDITION``: a publication taken back before anyone has it, never after."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .conftest import run


def _report(project: Path) -> Path:
    return sorted(p for p in (project / "reports").iterdir() if p.is_dir() and (p / "editions.lock").is_file())[0]


def _publish_new_edition(project: Path, folder: Path) -> int:
    started = run("edition", folder.name, "--headline", "h", "--summary", "s", cwd=project)
    assert started.returncode == 0, started.stderr
    meta = folder / "report.yaml"
    text = meta.read_text(encoding="utf-8")
    assert text.count("    draft: true\n") == 1
    meta.write_text(text.replace("    draft: true\n", ""), encoding="utf-8")
    published = run("publish", folder.name, cwd=project)
    assert published.returncode == 0, published.stderr
    return int(published.stderr.split("editions ")[1].split(" published")[0].split(", ")[-1])


def test_the_newest_uncommitted_publication_is_undone_exactly(project: Path) -> None:
    folder = _report(project)
    lock_before = (folder / "editions.lock").read_bytes()
    n = _publish_new_edition(project, folder)
    assert (folder / "editions.lock").read_bytes() != lock_before
    meta_published = (folder / "report.yaml").read_text(encoding="utf-8")

    undone = run("publish", "--undo", folder.name, str(n), cwd=project)
    assert undone.returncode == 0, undone.stderr
    assert undone.stderr.strip() == (
        f"{folder.name}: edition {n} is a draft again and no longer published; edit its facts, then remove "
        f"`draft: true` and run `publish {folder.name}`."
    )
    assert (folder / "editions.lock").read_bytes() == lock_before  # as it was, byte for byte
    meta = (folder / "report.yaml").read_text(encoding="utf-8")
    assert meta.replace("    draft: true\n", "") == meta_published and meta.count("    draft: true\n") == 1
    checked = run("check", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_what_cannot_be_undone_is_refused_and_nothing_changes(project: Path) -> None:
    folder = _report(project)
    n = _publish_new_edition(project, folder)
    files = {p: p.read_bytes() for p in (folder / "editions.lock", folder / "report.yaml")}
    cases = [
        (("nope", "1"), "Error: no report 'nope' under reports/ (a folder with a report.yaml)"),
        ((folder.name, str(n + 1)), f"Error: edition {n + 1} of {folder.name} is not published: there is nothing"),
        ((folder.name, str(n - 1)), f"Error: edition {n} of {folder.name} is published after edition {n - 1}: only"),
        ((folder.name,), "publish --undo takes REPORT EDITION"),
    ]
    for args, expected in cases:
        result = run("publish", "--undo", *args, cwd=project)
        assert result.returncode == 2, (args, result.stderr)
        assert expected in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in files} == files


def test_a_later_draft_edition_blocks_the_undo(project: Path) -> None:
    folder = _report(project)
    n = _publish_new_edition(project, folder)
    assert run("edition", folder.name, "--headline", "h", "--summary", "s", cwd=project).returncode == 0
    result = run("publish", "--undo", folder.name, str(n), cwd=project)
    assert result.returncode == 2
    assert f"edition {n + 1} of {folder.name} exists after edition {n}: remove it first" in result.stderr


def test_a_publication_committed_at_head_is_not_undone(project: Path) -> None:
    folder = _report(project)
    n = _publish_new_edition(project, folder)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "published"]):
        subprocess.run([*git, *args], cwd=project, check=True, capture_output=True)
    lock = (folder / "editions.lock").read_bytes()
    result = run("publish", "--undo", folder.name, str(n), cwd=project)
    assert result.returncode == 2
    assert f"edition {n} of {folder.name} is published in the editions.lock committed at HEAD" in result.stderr
    assert (folder / "editions.lock").read_bytes() == lock


def test_a_wrong_was_in_a_correction_is_named_as_such(project: Path) -> None:
    folder = _report(project)
    assert run("edition", folder.name, "--headline", "h", "--summary", "s", cwd=project).returncode == 0
    events = folder / "events.yaml"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  what: "))
    old = lines[at].removeprefix("  what: ").rstrip("\n")
    n = 3 if "number: 3" in (folder / "report.yaml").read_text(encoding="utf-8") else None
    assert n is not None, "the fixture report should have two editions before the draft"
    lines[at] = "  what: A corrected account\n"
    end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    lines[end:end] = [
        "  corrections:\n",
        f"    - edition: {n}\n",
        "      field: what\n",
        '      was: "Not what it said"\n',
        "      note: Corrected.\n",
    ]
    events.write_text("".join(lines), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert f"events.yaml:{end + 4}:" in first and ".corrections[0].was: published edition" in first, first
    assert "showed 'what' otherwise: this correction's 'was' must be exactly what" in first, first
    assert old  # the fix the writer needs: was = the old text
