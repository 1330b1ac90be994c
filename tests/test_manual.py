"""The manual's shape: a README a newcomer reads through, the rest in docs/, every link live.

README.md opens with the walk-through (install, build, first report, edition, diff, publish)
and stays short; the internals are pages of docs/. docs/ is the manual, never site pages:
the site's pages come from the build's staging folder, and no input of the build is in docs/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from sitrep.facts import inputs

from . import manual
from .conftest import ROOT, copy_project, run

LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The page without its code blocks and code spans (a `# comment` in a block is no heading)."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def _anchor(heading: str) -> str:
    """The anchor GitHub (and mkdocs' toc) gives a heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_anchor(h) for h in HEADING.findall(_prose(path.read_text(encoding="utf-8")))}


def test_the_readme_is_a_short_walk_through() -> None:
    readme = manual.page("README.md")
    assert len(readme.splitlines()) <= 250
    headings = HEADING.findall(_prose(readme))
    assert headings[:3] == ["sitrep", "Install and build", "Writing a report"], headings
    for command in (
        "make site",
        "python build.py seed add",
        "python build.py new",
        "python build.py check",
        "python build.py edition",
        "python build.py diff edition:1 edition:2 --report",
        "python build.py publish",
        "make publish",
    ):
        assert command in readme, command
    for page in sorted(manual.DOCS.glob("*.md")):  # the README leads to every page of docs/
        assert f"](docs/{page.name})" in readme, page.name


def test_every_relative_link_of_the_manual_points_at_a_file_and_anchor_that_exist() -> None:
    broken = []
    for page in manual.pages():
        for target in LINK.findall(_prose(page.read_text(encoding="utf-8"))):
            if re.match(r"[a-z]+:", target):  # https:, mailto:: not the manual's to check
                continue
            name, _, anchor = target.partition("#")
            path = (page.parent / name).resolve() if name else page
            if not path.is_file() or (anchor and anchor not in _anchors(path)):
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_anchor_rule_is_githubs() -> None:
    assert _anchor("The reader's page") == "the-readers-page"
    assert _anchor("Data out: downloads, feeds and metadata") == "data-out-downloads-feeds-and-metadata"
    assert _anchor("Hostile input, faults and readers") == "hostile-input-faults-and-readers"


def test_docs_is_not_a_folder_the_build_or_mkdocs_reads() -> None:
    docs_dir = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["docs_dir"]
    assert docs_dir != "docs" and not (ROOT / docs_dir).exists()  # a bare `mkdocs build` stops, as it always did
    assert [i.path for i in inputs.PROJECT if i.path.split("/")[0] == "docs"] == []


@pytest.mark.slow
def test_a_project_with_the_manual_builds_no_page_of_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copytree(manual.DOCS, project / "docs")
    shutil.copy(manual.README, project / "README.md")
    for page in [project / "README.md", *(project / "docs").glob("*.md")]:  # a word no page of the site has
        page.write_text(page.read_text(encoding="utf-8") + "\nmanualmarker\n", encoding="utf-8")
    built = run("build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    assert (site / "index.html").is_file()
    leaked = [
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and b"manualmarker" in p.read_bytes()
    ]
    assert leaked == []
