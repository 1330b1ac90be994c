"""Errors that say how to fix: YAML mistakes writers make, and no findings that only echo them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.facts import validate
from sitrep.facts.load import parse
from sitrep.facts.model import Report
from sitrep.facts.seeds import Seed

from .conftest import run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: a\n  text: Residents: they fled\n",
            "f.yaml:2:18: (file): invalid YAML: mapping values are not allowed in this context (a value that "
            'contains ": " must be in quotes, e.g. text: "Residents: they fled") [SR108]',
        ),
        (
            "x:\n  - a\n\t- b\n",
            "f.yaml:3:1: (file): invalid YAML: while scanning a plain scalar found a tab character that violates "
            "indentation (indent with spaces: YAML does not allow tabs there) [SR108]",
        ),
        (
            '- id: a\n  text: "Residents said\n- id: b\n',
            "f.yaml:2:9: (file): invalid YAML: while scanning a quoted scalar found unexpected end of stream (the "
            "quote that opens here is never closed: end the value with the same quote; inside '...' write '' for ', "
            'inside "..." write \\" for ") [SR108]',
        ),
        (
            "a: [1, 2\n",  # no common cause to name: the parser's words alone
            "f.yaml:2:1: (file): invalid YAML: while parsing a flow sequence did not find expected ',' or ']' [SR108]",
        ),
    ],
)
def test_yaml_mistakes_come_with_their_fix(text: str, expected: str) -> None:
    _, errors = parse(text, "f.yaml")
    assert [str(e) for e in errors] == [expected]


def test_a_file_that_failed_to_parse_causes_no_other_finding(project: Path) -> None:
    report = next((project / "reports").iterdir())
    (report / "statements.yaml").write_text("- id: a\n  text: Residents: they fled\n", encoding="utf-8")
    result = run("check", "--strict", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines  # the YAML error and the count: no coverage gaps its facts would have closed
    assert lines[0].startswith(f"reports/{report.name}/statements.yaml:2:18: (file): invalid YAML: mapping values")
    assert lines[1] == "1 error; nothing was written."


def test_calendar_words_are_not_places() -> None:
    from sitrep.facts.model import SeedMeta

    text = "Fighting in September near Arden, and again in Jan. 2024, on Monday and since Christmas in Halden.\n"
    meta = SeedMeta(id="s", title="t", published="2025-01-01", language="en", sha256="0" * 64)
    seed = Seed(meta, text, "seeds/s.txt")
    report = Report.model_construct(
        meta=type("M", (), {"seeds": ("s",), "id": "r"})(), actors=(), sources=(), places=()
    )
    found = [d.message for d in validate.coverage_findings(report, {"s": seed}, validate.Coverage())]
    assert found == [
        "possible place 'Arden' (after 'near') is cited by no fact of report 'r' and not excluded",
        "number '2024' is cited by no fact of report 'r' and not excluded",
        "possible place 'Halden' (after 'in') is cited by no fact of report 'r' and not excluded",
    ]


def test_a_verbatim_text_off_by_a_comma_gets_the_closest_passage(project: Path) -> None:
    path = next(p for p in sorted(project.glob("reports/*/statements.yaml")) if "mode: verbatim" in p.read_text())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    verbatim = [i for i, line in enumerate(lines) if line.strip() == "mode: verbatim"]
    texts = [next(j for j in range(i, len(lines)) if lines[j].startswith("  text: ")) for i in verbatim]
    at = next(j for j in texts if len(lines[j].split()) >= 4)  # a text of a few words
    text = lines[at].removeprefix("  text: ").strip().strip('"')
    words = text.split(" ")
    changed = " ".join([words[0] + ",", *words[1:]])
    lines[at] = f'  text: "{changed}"\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert (
        "text: a verbatim statement's text must be part of its evidence quote; closest passage of the quote (" in first
    )
    assert text in first.split("alike): ", 1)[1], first
