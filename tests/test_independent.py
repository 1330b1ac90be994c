"""The tests do not depend on what reports/ holds (issue 16): a publisher adding a report
breaks no test. Checked two ways: no test reads the repository's reports/ or seeds/, and
in a copy of the repository with a third, generated report dropped into reports/, the
tests that once counted or rendered the repository's reports pass, and the lint's
layout check passes too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from sitrep import pipeline

from .conftest import ROOT

TESTS = sorted((ROOT / "tests").glob("*.py"))


def test_no_test_reads_the_repositorys_reports_or_seeds() -> None:
    pattern = re.compile(r"""ROOT\s*/\s*(?:REPORT|SEED|["'](?:reports|seeds)\b)""")
    offenders = [p.name for p in TESTS if p.name != Path(__file__).name and pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def _tracked(dest: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, listed.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


@pytest.mark.slow  # runs several test files again in a copy of the project (about 50 s)
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_tests_pass_with_a_third_generated_report_in_reports(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _tracked(repo)
    before = len([p for p in (repo / "reports").iterdir() if p.is_dir()])
    corpus.generate(tmp_path / "generated", 1, seed=16)
    for part in ("reports", "seeds"):
        for item in sorted((tmp_path / "generated" / part).iterdir()):
            target = repo / part / item.name
            assert not target.exists()
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, target)
    assert len(pipeline.check(repo, strict=True).reports) == before + 1
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTEST_XDIST_WORKER")}
    env["PYTHONPATH"] = str(repo)
    # A publisher puts a new report into the canonical layout (make format) before committing it.
    assert subprocess.run([sys.executable, "build.py", "fmt"], cwd=repo, env=env, capture_output=True).returncode == 0
    layout = subprocess.run([sys.executable, "build.py", "fmt", "--check"], cwd=repo, env=env, capture_output=True)
    assert layout.returncode == 0, layout.stderr.decode()
    # The modules that once read reports/: the CLI's "1 report checked", the golden pages,
    # the charts, the canonical layout of fact files, the editions and the vocabulary grep.
    modules = [
        "test_cli.py",
        "test_golden.py",
        "test_charts.py",
        "test_fmt.py",
        "test_editions.py",
        "test_vocabulary.py",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *(f"tests/{m}" for m in modules)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
