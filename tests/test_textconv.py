"""``build.py textconv``: fact files as one resolved fact per line, and git diffs through it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.review.textconv import render

from .conftest import REPORT, ROOT, SAMPLE, edit

FILES = {
    "report.yaml": """\
id: r
title: A report
seeds:
  - s1
coverage: complete
editions:
  - number: 1
    published: 2025-03-08T14:00:00+00:00
    headline: "Flash: the toll"
    summary: First.
    overview: What happened.
exclusions:
  - seed: s1
    quote: "date 2025-03-08"
    reason: The dateline.
discrepancies:
  - figures:
      - total
      - part
    note: Both kept.
""",
    "sources.yaml": """\
- id: sohr
  kind: monitor
  name: Syrian Observatory for Human Rights
  description: A monitor.
  evidence:
    seed: s1
    quote: "the Observatory"

- id: residents
  kind: residents
  anonymous: true
  label: two residents
  description: Residents.
  evidence:
    seed: s1
    quote: "two residents"
""",
    "places.yaml": """\
- id: coast
  name: Syria's coastal region
  kind: region
  evidence:
    seed: s1
    quote: "the coast"
""",
    "figures.yaml": """\
- id: total
  metric: killed
  group: all
  qualifier: more than
  value: 1000
  as_of:
    date: 2025-03-08
  source: sohr
  label: Total killed
  evidence:
    seed: s1
    quote: "has passed 1,000"

- id: part
  metric: killed
  group: civilians
  qualifier: exact
  value: 750
  place: coast
  period:
    start: 2025-03-06
    end: 2025-03-08
  as_of:
    date: 2025-03-08
    weekday: Saturday
  source: residents
  part_of: total
  key: true
  note: The "two days" of clashes.
  evidence:
    seed: s1
    quote: "including 750 civilians"
  since: 2
""",
}

PART = (
    "figures/part: metric=killed; group=civilians; qualifier=exact; value=750; place=coast (Syria's coastal region);"
    " period.start=2025-03-06; period.end=2025-03-08; as_of.date=2025-03-08; as_of.weekday=Saturday;"
    " source=residents (two residents); part_of=total (Total killed); key=true;"
    ' note="The \\"two days\\" of clashes."; evidence.seed=s1; evidence.quote="including 750 civilians"; since=2'
)


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports" / "r"
    folder.mkdir(parents=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # git runs the driver from the top of the work tree
    return folder


def test_a_figure_is_one_resolved_line(report: Path) -> None:
    assert render(report / "figures.yaml").splitlines() == [
        "figures/total: metric=killed; group=all; qualifier=more than; value=1000; as_of.date=2025-03-08;"
        ' source=sohr (Syrian Observatory for Human Rights); label="Total killed"; evidence.seed=s1;'
        ' evidence.quote="has passed 1,000"',
        PART,
    ]


def test_the_report_has_a_line_per_edition_exclusion_and_discrepancy(report: Path) -> None:
    assert render(report / "report.yaml").splitlines() == [
        'report/r: title="A report"; seeds=[s1]; coverage=complete',
        'report/r/editions/1: published=2025-03-08T14:00:00+00:00; headline="Flash: the toll"; summary="First."; '
        'overview="What happened."',
        'report/r/exclusions: seed=s1; quote="date 2025-03-08"; reason="The dateline."',
        'report/r/discrepancies: figures=[total (Total killed), part]; note="Both kept."',
    ]


def test_a_copy_is_resolved_against_the_working_tree(report: Path, tmp_path: Path) -> None:
    # Git's old side of a diff: a temporary copy, named like the file.
    for name in ("figures.yaml", "report.yaml"):
        for copy in (tmp_path / f"git-blob-{name[:6]}" / name, tmp_path / f"Ab12Cd_{name}"):
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(report / name, copy)
            assert render(copy) == render(report / name)
            assert "(Total killed)" in render(copy)


def test_without_a_report_folder_ids_stay_bare(report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "elsewhere" / "figures.yaml"
    copy.parent.mkdir()
    shutil.copy(report / "figures.yaml", copy)
    monkeypatch.chdir(copy.parent)
    line = render(copy).splitlines()[1]
    assert line.startswith("figures/part: ") and "place=coast;" in line and "part_of=total;" in line


def test_invalid_yaml_is_printed_as_it_is(report: Path) -> None:
    (report / "figures.yaml").write_text("- id: [\n", encoding="utf-8")
    assert render(report / "figures.yaml") == "- id: [\n"


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, HOME=str(repo))
    result = subprocess.run(
        ["git", "-c", "core.pager=cat", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_log_shows_a_semantic_diff(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE / REPORT, repo / REPORT)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.org")
    (repo / ".gitattributes").write_text("reports/**/*.yaml diff=sitrep-facts\n")
    driver = f"{shlex.quote(sys.executable)} {shlex.quote(str(ROOT / 'build.py'))} textconv"
    git(repo, "config", "diff.sitrep-facts.textconv", driver)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "report")

    figures = repo / REPORT / "figures.yaml"
    edit(figures, "  label: Total killed\n", "  label: Total dead\n")
    git(repo, "commit", "-q", "-a", "-m", "relabel")

    changed = changed_lines(git(repo, "log", "-p", "-1", "--no-color"))
    assert len(changed) == 2, changed
    assert changed[0].startswith("-figures/killed-total-1000: ") and 'label="Total killed"' in changed[0]
    assert changed[1].startswith("+figures/killed-total-1000: ") and 'label="Total dead"' in changed[1]

    # git diff passes the working-tree file for the new side and a copy for the old: both name alike.
    edit(figures, "  value: 750\n", "  value: 751\n")
    changed = changed_lines(git(repo, "diff", "--no-color"))
    assert [line[:30] for line in changed] == ["-figures/killed-civilians-750:", "+figures/killed-civilians-750:"]
    assert "part_of=killed-total-1000 (Total dead)" in changed[1]
