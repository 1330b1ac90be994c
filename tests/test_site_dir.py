"""The site folder is replaced whole by every build, so it can never be the project or an input.

A build swaps ``--site-dir`` out and deletes what was there: pointed at the project (an
unset variable gives ``""``, i.e. the working folder), a folder above it, or an input
folder, it would delete the publisher's work. Every spelling of those is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run

SPELLINGS = [
    "",
    ".",
    "./",
    "..",
    "../",
    "../project",
    "../project/",
    "{root}",
    "{root}/",
    "/",
    "reports",
    "reports/",
    "./reports",
    "seeds",
    "templates",
    "reports/syria-coast-2025-03",
    "reports/new-site",
    ".git",
    ".cache",
    "releases",
    "link-to-project",
    "link-to-reports",
    "mkdocs.yml",
    "someones-files",
]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".sitrep" not in p.name and not p.name.startswith(".site")
    }


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_the_project_and_its_inputs_are_never_the_site(project: Path, spelling: str) -> None:
    (project / ".git").mkdir()
    (project / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (project / "link-to-project").symlink_to(project)
    (project / "link-to-reports").symlink_to(project / "reports")
    (project / "someones-files").mkdir()
    (project / "someones-files/thesis.txt").write_text("years of work\n")
    before = _snapshot(project)
    outside = sorted(os.listdir(project.parent))
    result = run("build", "--site-dir", spelling.format(root=project), cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("Error: --site-dir "), message
    assert len(message.splitlines()) == 1
    assert _snapshot(project) == before
    assert sorted(os.listdir(project.parent)) == outside


@pytest.mark.parametrize("command", ["build", "serve"])
def test_an_empty_site_dir_is_named_as_such(project: Path, command: str) -> None:
    result = run(command, "--site-dir", "", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Error: --site-dir is empty (an unset variable?): name the folder the site goes to"
    )


@pytest.mark.slow
def test_a_folder_beside_the_project_and_a_built_site_are_fine(project: Path) -> None:
    out = project.parent / "public"
    first = run("build", "--site-dir", "../public", cwd=project)
    assert first.returncode == 0, first.stderr
    assert (out / "index.html").is_file()
    (project / "reports/syria-coast-2025-03/report.yaml").touch()  # a rebuild replaces the built site
    again = run("build", "--site-dir", str(out) + "/", cwd=project)
    assert again.returncode == 0, again.stderr
    assert (out / "sitemap.xml").is_file() and (project / "mkdocs.yml").is_file()
