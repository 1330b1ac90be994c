"""A build that would change nothing is recognised and skipped; any change, or a damaged
site, builds again."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import REPORT, install_fake_distribution, run

UP_TO_DATE = "Nothing changed since the last build"


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run("build", *args, cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("change", CHANGES)
def test_any_change_builds_again(project: Path, change: str) -> None:
    build(project)
    CHANGES[change](project)
    assert UP_TO_DATE not in build(project)
    assert "damaged" not in (project / "site/about/index.html").read_text(encoding="utf-8")
    assert UP_TO_DATE in build(project)


@pytest.mark.slow
def test_options_and_source_date_epoch_are_inputs(project: Path) -> None:
    build(project)
    assert UP_TO_DATE not in build(project, "--drafts")
    assert UP_TO_DATE not in build(project, env={"SOURCE_DATE_EPOCH": "1767225600"})


@pytest.mark.slow
def test_code_and_library_versions_are_inputs(project: Path, monkeypatch) -> None:
    from sitrep.cache import keys

    before = keys.inputs(project, {})
    install_fake_distribution(monkeypatch, project.parent / "dists", "mkdocs", "0.0.1")
    assert keys.inputs(project, {}) != before
    monkeypatch.undo()
    code = project / "code"
    code.mkdir()
    (code / "module.py").write_text("x = 1\n")
    monkeypatch.setattr(keys, "package", lambda: code)
    first = keys.inputs(project, {})
    (code / "module.py").write_text("x = 2\n")
    assert keys.inputs(project, {}) != first


def test_digests_are_kept_and_trusted_only_while_the_stat_matches_change_time_included(tmp_path: Path) -> None:
    import os

    from sitrep.cache import stamp

    path = tmp_path / "facts.yaml"
    path.write_text("one")
    os.utime(path, ns=(10**18, 10**18))  # long before the digests are kept: trusted while unchanged
    kept = stamp.Digests(tmp_path)
    first = kept(path)
    kept.keep()
    path.write_text("two")  # same size; a new time
    assert stamp.Digests(tmp_path)(path) != first
    path.write_text("one")
    os.utime(path, ns=(10**18, 10**18))
    again = stamp.Digests(tmp_path)
    assert again(path) == first  # the stat matches the kept one again
    again.keep()
    path.write_text("six")
    os.utime(path, ns=(10**18, 10**18))  # an edit that restores size, inode and an old time...
    assert stamp.Digests(tmp_path)(path) != first  # ...is still seen: its change time cannot be restored


def test_digests_read_again_a_file_changed_when_they_were_kept(tmp_path: Path) -> None:
    import os

    from sitrep.cache import stamp

    path = tmp_path / "facts.yaml"
    path.write_text("one")
    st = path.stat()
    kept = stamp.Digests(tmp_path)
    first = kept(path)
    kept.keep()
    path.write_text("two")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, inode and time: a racy edit
    assert stamp.Digests(tmp_path)(path) != first
