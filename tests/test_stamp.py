"""A build that would change nothing is recognised and skipped; any change, or a damaged
site, builds again."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPORT, run

UP_TO_DATE = "Nothing changed since the last build"


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run("build", *args, cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_nothing_changed_is_recognised(project: Path) -> None:
    assert UP_TO_DATE not in build(project)
    assert UP_TO_DATE in build(project)


CHANGES = {
    "a fact": lambda p: (p / REPORT / "actors.yaml").write_text(
        (p / REPORT / "actors.yaml").read_text(encoding="utf-8") + "\n# a comment changes no fact, but it is an input\n"
    ),
    "a template": lambda p: (p / "templates/about.md.j2").write_text(
        (p / "templates/about.md.j2").read_text(encoding="utf-8") + "\nMore.\n"
    ),
    "mkdocs.yml": lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text(encoding="utf-8").replace("Situation reports", "Sitreps", 1)
    ),
    "a damaged site": lambda p: (p / "site/about/index.html").write_text("damaged"),
    "a missing site": lambda p: __import__("shutil").rmtree(p / "site"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_builds_again(project: Path, change: str) -> None:
    build(project)
    CHANGES[change](project)
    assert UP_TO_DATE not in build(project)
    assert "damaged" not in (project / "site/about/index.html").read_text(encoding="utf-8")
    assert UP_TO_DATE in build(project)


def test_options_and_source_date_epoch_are_inputs(project: Path) -> None:
    build(project)
    assert UP_TO_DATE not in build(project, "--drafts")
    assert UP_TO_DATE not in build(project, env={"SOURCE_DATE_EPOCH": "1767225600"})


def test_code_and_library_versions_are_inputs(project: Path, monkeypatch) -> None:
    from sitrep import stamp

    before = stamp.inputs_digest(project, {})
    monkeypatch.setattr(stamp, "libraries", lambda: '[["mkdocs", "another version"]]')
    assert stamp.inputs_digest(project, {}) != before
    monkeypatch.undo()
    code = project / "code"
    code.mkdir()
    (code / "module.py").write_text("x = 1\n")
    monkeypatch.setattr(stamp, "package", lambda: code)
    first = stamp.inputs_digest(project, {})
    (code / "module.py").write_text("x = 2\n")
    assert stamp.inputs_digest(project, {}) != first
