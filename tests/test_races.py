"""Races: files saved while a build runs, and two builds whose order of finishing is not
the order they started in.

Each race is made to happen at a precise moment: a wrapper around one stage of the real
build (in this process) saves a file, or runs a whole other build, in the middle of it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.errors import EnvironmentFault

from .conftest import REPORT

pytestmark = pytest.mark.slow

FIRST = "overview: Clashes that erupted"  # the latest edition's overview: what the page says, not its lock


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def set_summary(root: Path, words: str) -> None:
    path = root / REPORT / "report.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    overview: "))
    lines[at] = f"    overview: {words}\n"
    path.write_text("".join(lines), encoding="utf-8")


def clean_site(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    fresh = tmp_path / name
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site", ".site*"))
    pipeline.build(fresh, fresh / "site", strict=True)
    return tree(fresh / "site")


def test_an_edit_saved_during_a_build_poisons_no_cache(project: Path, tmp_path: Path, monkeypatch) -> None:
    """The file is hashed for the caches' keys, then saved, then read: the build must not keep
    the new content under the old content's key (in .cache/reports or the no-change stamp)."""
    set_summary(project, "State X of the summary.")
    pipeline.build(project, project / "site", strict=True)
    set_summary(project, "State A of the summary.")
    real = pipeline.load_tree
    saved = []

    def save_midway(*args, **kwargs):
        if not saved and args[1]:  # the first batch that reads the report: save just before it is read
            saved.append(True)
            set_summary(project, "State B of the summary.")
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_tree", save_midway)
    pipeline.build(project, project / "site", strict=True)
    monkeypatch.setattr(pipeline, "load_tree", real)
    assert saved
    assert tree(project / "site") == clean_site(project, tmp_path, "b"), "the site is not the tree's (state B)"
    set_summary(project, "State A of the summary.")  # back to A: its key must not find B's content
    pipeline.build(project, project / "site", strict=True)
    assert tree(project / "site") == clean_site(project, tmp_path, "a"), "state A shows a cached state"


def test_files_that_keep_changing_fail_cleanly_and_keep_the_site(project: Path, monkeypatch) -> None:
    pipeline.build(project, project / "site", strict=True)
    before = tree(project / "site")
    real = pipeline.load_tree
    count = [0]

    def always_saving(*args, **kwargs):
        if args[1]:
            count[0] += 1
            set_summary(project, "Saved" + " again" * count[0] + ".")  # words: no number its facts lack
        return real(*args, **kwargs)

    set_summary(project, "Saved.")
    monkeypatch.setattr(pipeline, "load_tree", always_saving)
    with pytest.raises(EnvironmentFault, match="kept changing during the build"):
        pipeline.build(project, project / "site", strict=True)
    assert tree(project / "site") == before


def _nested_build(monkeypatch, during) -> list[bool]:
    """Make the next build run ``during()`` (another whole build) between reading its inputs and its swap."""
    real = pipeline.assemble
    done: list[bool] = []

    def slow(*args, **kwargs):
        assembled = real(*args, **kwargs)
        if not done:
            done.append(True)
            during()
        return assembled

    monkeypatch.setattr(pipeline, "assemble", slow)
    return done


def test_an_older_build_never_replaces_a_site_built_from_newer_inputs(
    project: Path, tmp_path: Path, monkeypatch
) -> None:
    """A slow build of state A finishes after a fast build of state B started later."""
    set_summary(project, "State A of the summary.")

    def newer() -> None:
        set_summary(project, "State B of the summary.")
        pipeline.build(project, project / "site", strict=True)

    done = _nested_build(monkeypatch, newer)
    pipeline.build(project, project / "site", strict=True)
    assert done
    assert tree(project / "site") == clean_site(project, tmp_path, "b")


def test_an_older_build_loses_even_when_its_files_held_still(project: Path, tmp_path: Path, monkeypatch) -> None:
    """The newer build differs by its environment (the build date), not by any file: the
    generation numbers, not the files' digests, keep the older build from swapping."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741500000")

    def newer() -> None:
        os.environ["SOURCE_DATE_EPOCH"] = "1741600000"
        try:
            pipeline.build(project, project / "site", strict=True)
        finally:
            os.environ["SOURCE_DATE_EPOCH"] = "1741500000"

    done = _nested_build(monkeypatch, newer)
    older = pipeline.build(project, project / "site", strict=True)
    assert done
    assert older is not None and older.superseded
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "2025-03-10" in sitemap and "2025-03-09" not in sitemap  # the newer build's date
