"""Site releases: snapshots behind the version selector, built once and never again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import copy_project, run

pytestmark = pytest.mark.slow  # every test builds whole sites


def test_no_releases_no_selector(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    site = project / "site"
    assert not (site / "versions.json").exists()
    assert '"version": null}' in (site / "index.html").read_text(encoding="utf-8")  # Material's selector is off


def test_release_is_built_once_and_linked_into_every_build(project: Path) -> None:
    first = run("release", "2025-03", cwd=project)
    assert first.returncode == 0, first.stderr
    release = project / "releases/2025-03"
    snapshot = {p.relative_to(release): p.read_bytes() for p in release.rglob("*") if p.is_file()}
    again = run("release", "2025-03", cwd=project)
    assert again.returncode == 2 and "a release is never rebuilt" in again.stderr

    assert run("release", "2025-04", cwd=project).returncode == 0
    assert run("build", cwd=project).returncode == 0
    site = project / "site"
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    # newest first, the live site first of all, under the "latest" alias; same-day releases by name
    assert versions == [
        {"version": "live", "title": "live", "aliases": ["latest"]},
        {"version": "2025-04", "title": "2025-04", "aliases": []},
        {"version": "2025-03", "title": "2025-03", "aliases": []},
    ]
    assert {p.relative_to(release): p.read_bytes() for p in release.rglob("*") if p.is_file()} == snapshot
    linked = site / "2025-03/index.html"
    assert linked.stat().st_ino == (release / "index.html").stat().st_ino  # a hard link, not a copy
    assert "Go to the live site" in (site / "live/index.html").read_text(encoding="utf-8")


def test_release_names_are_checked(project: Path) -> None:
    for bad in ("reports", "../x", "Big", "live"):
        result = run("release", bad, cwd=project)
        assert result.returncode == 2, bad
        assert "release name" in result.stderr


def test_root_404_leads_to_the_latest_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run("build", cwd=project).returncode == 0
    page = (project / "site/404.html").read_text(encoding="utf-8")
    assert "Page not found" in page and 'href="https://sitrep.example.org/"' in page
