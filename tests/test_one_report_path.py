"""The one-report path (issue 29): what a build does when one report changed, or nothing did.

Behaviour, not durations: which pages are converted from Markdown, which are only read, and
what a build that changes nothing imports. The site is still byte for byte a clean build's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from sitrep import pipeline
from sitrep.site import mkdocs_boundary

from .conftest import ROOT
from .test_incremental import assert_same_tree, clean_build

pytestmark = pytest.mark.slow
NAVIGATION = {
    "index.md",
    "reports/index.md",
    "about.md",
    "data.md",
}  # mkdocs.yml's nav (the writing guide is not in it)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    corpus.generate(root, 3, seed=7)
    return root


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(generated, root)
    return root


def test_only_rendered_pages_are_converted_and_reused_navigation_is_only_read(
    project: Path, tmp_path: Path, monkeypatch
) -> None:
    """Every page's navigation shows the titles of the pages in mkdocs.yml's nav. A reused one of
    them (the about, writing and data pages) is read for its title, never converted from Markdown
    again: only the pages rendered are."""
    pipeline.build(project, project / "site", strict=True)
    corpus.modify_one(project, 1)
    converted: list[str] = []
    titled: list[str] = []
    populate, title_only = mkdocs_boundary._populate, mkdocs_boundary._title_only
    monkeypatch.setattr(
        mkdocs_boundary, "_populate", lambda file, *a: (converted.append(file.src_uri), populate(file, *a))[1]
    )
    monkeypatch.setattr(
        mkdocs_boundary, "_title_only", lambda file, *a: (titled.append(file.src_uri), title_only(file, *a))[1]
    )
    # workers=1: both languages' passes run in this process, where the spies are (sitrep.forked).
    second = pipeline.build(project, project / "site", strict=True, workers=1)
    # One pass per language of the site: each converts only the pages it rendered.
    passes = [second.html, *second.html.languages.values()]
    assert len(passes) == 2
    assert sorted(converted) == sorted(page for stats in passes for page in stats.rendered)
    assert all(set(stats.rendered) == set(second.html.rendered) for stats in passes), [
        sorted(s.rendered) for s in passes
    ]
    assert (
        sorted(titled)
        == sorted(page for stats in passes for page in NAVIGATION - set(stats.rendered))
        == ["about.md", "about.md", "data.md", "data.md"]
    )
    monkeypatch.undo()
    assert_same_tree(project / "site", clean_build(project, tmp_path))


def _modules_after_build(root: Path) -> set[str]:
    """The modules a whole ``build.py build`` process had imported when it ended."""
    code = (
        "import sys\nfrom sitrep import cli\n"
        f"try:\n    cli.main(['build', '--root', {str(root)!r}, '--strict'])\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_build_that_changes_nothing_imports_neither_the_pipeline_nor_mkdocs(project: Path) -> None:
    first = _modules_after_build(project)
    assert {"sitrep.pipeline", "mkdocs", "sitrep.facts.model"} <= first  # a build that built
    again = _modules_after_build(project)
    assert (project / "site/index.html").is_file()
    assert not {"sitrep.pipeline", "mkdocs", "sitrep.facts.model", "matplotlib", "pydantic"} & again, sorted(
        m for m in again if m.split(".")[0] in ("sitrep", "mkdocs", "matplotlib", "pydantic")
    )
