"""Shared fixtures: a private copy of the project to mutate, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "reports", "seeds", "templates")
REPORT = "reports/syria-coast-2025-03"
SEED = "seeds/000_35c3038285085a70.txt"


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old``; fail loudly if the fixture drifted."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``build.py`` as a user would, in its own process."""
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if full_env.get("MUTANT_UNDER_TEST") == "stats":  # `make mutants` maps tests to code in its own process only
        del full_env["MUTANT_UNDER_TEST"]
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def republish(project: Path) -> None:
    """Accept the edited facts as what the editions always said (tests that rewrite history on purpose)."""
    (project / REPORT / "editions.lock").unlink()
    result = run("publish", "syria-coast-2025-03", cwd=project)
    assert result.returncode == 0, result.stderr
