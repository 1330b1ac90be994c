"""``check --format json|github``: the same findings a writer reads, for CI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitrep.errors import Diagnostic
from sitrep.review.findings import as_github, as_json

from .conftest import run

_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<message>.*) \[(?P<code>SR\d{3})\]$"
)


def _break(project: Path) -> None:
    folder = sorted(p for p in (project / "reports").iterdir() if p.is_dir())[0]
    (folder / "sources.yaml").write_text("- id: a\n  kind: nonsense\n  sorce: x\n", encoding="utf-8")
    (folder / "statements.yaml").write_text("- id: b\n  text: Residents: they fled\n", encoding="utf-8")


def test_json_and_github_carry_exactly_the_text_findings(project: Path) -> None:
    _break(project)
    text = run("check", cwd=project)
    assert text.returncode == 1
    expected = [_LINE.match(line).groupdict() for line in text.stderr.splitlines()[:-1]]
    assert len(expected) >= 3

    as_doc = run("check", "--format", "json", cwd=project)
    assert as_doc.returncode == 1 and as_doc.stderr == ""
    doc = json.loads(as_doc.stdout)
    assert doc["ok"] is False
    got = [{k: str(f[k]) for k in ("file", "line", "col", "field", "message", "code")} for f in doc["findings"]]
    assert got == expected
    assert {f["severity"] for f in doc["findings"]} == {"error"}

    gh = run("check", "--format", "github", cwd=project)
    assert gh.returncode == 1 and gh.stderr == ""
    lines = gh.stdout.splitlines()
    assert len(lines) == len(expected)
    for line, e in zip(lines, expected, strict=True):
        title = f"{e['code']} {e['field']}".replace(":", "%3A").replace(",", "%2C")
        assert line.startswith(f"::error file={e['file']},line={e['line']},col={e['col']},title={title}::")
        assert line.endswith("::" + e["message"].replace("%", "%25"))


def test_a_clean_project_is_ok_in_every_format(project: Path) -> None:
    doc = json.loads(run("check", "--format", "json", cwd=project).stdout)
    assert doc["ok"] is True and doc["reports_checked"] >= 1
    assert all(f["severity"] == "warning" for f in doc["findings"])
    gh = run("check", "--format", "github", cwd=project)
    assert gh.returncode == 0
    assert all(line.startswith("::warning ") for line in gh.stdout.splitlines())


def test_annotations_escape_what_would_end_or_split_them() -> None:
    d = Diagnostic("reports/a,b:c.yaml", 3, 4, "figures[0].value", "100% sure:\nreally, yes", "SR404")
    w = Diagnostic("seeds/s.txt", 1, 2, "coverage", "number '5' is cited by no fact", "SR802")
    assert as_github([d], [w]) == (
        "::error file=reports/a%2Cb%3Ac.yaml,line=3,col=4,title=SR404 figures[0].value::100%25 sure: really, yes\n"
        "::warning file=seeds/s.txt,line=1,col=2,title=SR802 coverage::number '5' is cited by no fact\n"
    )
    doc = json.loads(as_json([], [w], 2))
    assert doc == {
        "ok": True,
        "reports_checked": 2,
        "findings": [
            {
                "file": "seeds/s.txt",
                "line": 1,
                "col": 2,
                "field": "coverage",
                "message": "number '5' is cited by no fact",
                "code": "SR802",
                "severity": "warning",
            }
        ],
    }
