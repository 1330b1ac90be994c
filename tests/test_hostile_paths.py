"""Hostile paths: git arguments that look like options, links in a revision, and links
among the inputs that lead out of the project. Each is refused with a clear message
(exit 2 for arguments, a ``file:1:1`` error for inputs), never a traceback, and nothing
outside the project is read or written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import REPORT, SEED, copy_project, run

pytestmark = pytest.mark.slow

OUTSIDE = "/etc/hostname" if os.path.isfile("/etc/hostname") else "/etc/passwd"
AUTHOR = ("-c", "user.name=t", "-c", "user.email=t@example.org")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *AUTHOR, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "repo")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "one")
    return project


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("arg", ["--output={victim}", "--remote=https://example.invalid/x.git", "--list", "-h", ""])
def test_diff_arguments_are_revisions_never_options(repo: Path, tmp_path: Path, arg: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    result = run("diff", "--", arg.format(victim=victim), cwd=repo)
    no_traceback(result)
    assert result.returncode == 2
    assert "not a revision" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_revision_still_works(repo: Path) -> None:
    result = run("diff", "HEAD", "HEAD", cwd=repo)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


def test_a_committed_link_out_of_the_tree_is_refused_by_diff(repo: Path) -> None:
    (repo / "seeds/x.txt").symlink_to(OUTSIDE)
    (repo / "seeds/x.yaml").write_text("title: x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a link")
    result = run("diff", "HEAD", cwd=repo)
    no_traceback(result)
    assert result.returncode == 2
    assert "seeds/x.txt is a link" in result.stderr


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    result = run("build", cwd=project)
    no_traceback(result)
    return result


def test_a_linked_seed_metadata_file_is_refused(project: Path) -> None:
    meta = project / SEED.replace(".txt", ".yaml")
    target = project.parent / "outside.yaml"
    target.write_bytes(meta.read_bytes() + b"secret_outside_key: 1\n")
    meta.unlink()
    meta.symlink_to(target)
    result = _build(project)
    assert result.returncode == 1
    assert f"{SEED.replace('.txt', '.yaml')}:1:1: (file): must be a regular file, not a link" in result.stderr
    assert "secret_outside_key" not in result.stderr


def test_a_linked_editions_lock_is_refused(project: Path) -> None:
    lock = project / REPORT / "editions.lock"
    target = project.parent / "outside.lock"
    target.write_bytes(lock.read_bytes())
    lock.unlink()
    lock.symlink_to(target)
    result = _build(project)
    assert result.returncode == 1
    assert f"{REPORT}/editions.lock:1:1: (file): must be a regular file, not a link" in result.stderr


@pytest.mark.parametrize(
    "where", ["templates/assets/leak.css", "templates/theme/leak.html", "templates/about.md.j2", "mkdocs.yml"]
)
def test_no_input_is_read_through_a_link_out_of_the_project(project: Path, where: str) -> None:
    path = project / where
    if path.exists():
        path.unlink()
    path.symlink_to(OUTSIDE)
    result = _build(project)
    assert result.returncode == 1, result.stderr
    assert f"{where}:1:1: (file): a link out of the project" in result.stderr
    assert not (project / "site").exists()


def test_a_link_in_a_release_is_never_published(project: Path) -> None:
    release = project / "releases/2025-03"
    release.mkdir(parents=True)
    (release / ".release.json").write_text('{"created": "2025-03-08T00:00:00+00:00"}\n', encoding="utf-8")
    (release / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    (release / "leak.txt").symlink_to(OUTSIDE)
    result = _build(project)
    assert result.returncode == 1, result.stderr
    assert "releases/2025-03/leak.txt:1:1: (file): a link out of the project" in result.stderr
    assert not (project / "site").exists()


def test_a_link_inside_the_project_is_fine(project: Path) -> None:
    (project / "templates/assets/copy.css").symlink_to(project / "templates/assets" / _any_asset(project))
    assert _build(project).returncode == 0


def _any_asset(project: Path) -> str:
    return sorted(p.name for p in (project / "templates/assets").iterdir() if p.is_file())[0]
