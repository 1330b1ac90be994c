"""Shared fixtures: a private copy of a project to mutate, and a CLI runner.

Tests never read the repository's own reports/ or seeds/: a project is the code's
mkdocs.yml and templates with the reports and seeds of a fixture under
tests/fixtures/ (``sample``: the Syria report as committed when these tests were
written; ``forms``: articles written for the tests, with every value and time form).
A publisher adding a report to reports/ changes no test's outcome.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample"  # the fixture project the tests build: reports/ and seeds/
FORMS = FIXTURES / "forms"  # fixture articles and reports for every value and time form
CODE_PARTS = ("mkdocs.yml", "templates", "locale")  # from the repository: what every project shares
DATA_PARTS = ("reports", "seeds", "measures.yaml")  # from the fixture
REPORT = "reports/syria-coast-2025-03"
SEED = "seeds/000_35c3038285085a70.txt"


def copy_project(dest: Path, fixture: Path = SAMPLE) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    parts = [(ROOT / p, p) for p in CODE_PARTS] + [(fixture / p, p) for p in DATA_PARTS]
    for src, part in parts:
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
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


def install_fake_distribution(monkeypatch: pytest.MonkeyPatch, folder: Path, name: str, version: str) -> None:
    """Stand in another installed version of ``name``: a ``*.dist-info`` folder put first on
    ``sys.path``, where ``importlib.metadata`` finds it before the real one."""
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
