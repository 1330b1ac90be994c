"""The coverage to-do (``check`` on a ``coverage: complete`` report): what of the seed no fact cites.

Reproduced on a flood article taken through ``seed add`` and ``new`` as the README says: the
publisher's own source (its quote, the article's first line) ticked the places of the headline off;
"Costa Verde", "Rio Seco" and "São Tomé" were never proposed; a place fact quoting "Rio Seco"
ticked off every later mention of the town, with the facts around them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.facts import validate
from sitrep.facts.model import Report, SeedMeta
from sitrep.facts.seeds import Seed

from .conftest import run
from .test_new_report import bare  # noqa: F401  (a fixture)

FLOOD = """Floods in Costa Verde leave thousands homeless

Rio Seco burst its banks on Friday, flooding the lower town of San Martín.
The river rose 4.5 metres in Rio Seco overnight, the mayor of Rio Seco said.
Aid flights from São Tomé landed at the airport near Ciudad del Este.
Rio Seco's hospital was evacuated.
"""


@pytest.fixture
def flood(bare: Path) -> Path:  # noqa: F811
    article = bare / "flood.txt"
    article.write_text(FLOOD, encoding="utf-8")
    added = run("seed", "add", str(article), "--slug", "flood", "--published", "2026-03-09", "--publisher",
                "Costa Verde Herald", cwd=bare)  # fmt: skip
    assert added.returncode == 0, added.stderr
    article.unlink()
    created = run("new", "flood", "--seed", "002_flood", "--published", "2026-03-09T12:00:00+00:00", cwd=bare)
    assert created.returncode == 0, created.stderr
    return bare


def _todo(root: Path) -> list[str]:
    result = run("check", cwd=root)
    assert result.returncode == 0, result.stderr
    return [
        re.sub(r" is cited by no fact of report 'flood' and not excluded \[SR802\] \(warning\)$", "", line)
        for line in result.stderr.splitlines()
        if ": coverage: " in line
    ]


def test_places_are_proposed_with_why_and_the_publisher_covers_none(flood: Path) -> None:
    # the publisher's source quotes the article's first line (its name is not in the text)
    sources = (flood / "reports/flood/sources.yaml").read_text(encoding="utf-8")
    assert 'quote: "Floods in Costa Verde leave thousands homeless"' in sources
    todo = _todo(flood)
    seed = "seeds/002_flood.txt"
    assert todo == [
        f"{seed}:1:11: coverage: possible place 'Costa Verde' (after 'in')",
        f"{seed}:1:29: coverage: number 'thousands'",
        f"{seed}:3:1: coverage: possible place 'Rio Seco' (a capitalised phrase)",
        f"{seed}:3:64: coverage: possible place 'San Martín' (after 'of')",
        f"{seed}:4:16: coverage: number '4.5'",
        f"{seed}:4:30: coverage: possible place 'Rio Seco' (after 'in')",
        f"{seed}:4:63: coverage: possible place 'Rio Seco' (after 'of')",
        f"{seed}:5:18: coverage: possible place 'São Tomé' (after 'from')",
        f"{seed}:5:54: coverage: possible place 'Ciudad del Este' (after 'near')",
        f"{seed}:6:1: coverage: possible place 'Rio Seco' (a capitalised phrase)",
    ]


def test_a_place_is_covered_only_where_a_facts_own_quote_names_it(flood: Path) -> None:
    places = flood / "reports/flood/places.yaml"
    text = places.read_text(encoding="utf-8").replace("\n[]\n", "\n")
    places.write_text(
        text
        + "- id: rio-seco\n  name: Rio Seco\n  kind: town\n"
        + "  evidence:\n    seed: 002_flood\n    quote: Rio Seco\n",
        encoding="utf-8",
    )
    todo = _todo(flood)
    named = [line for line in todo if "Rio Seco" in line]
    # the short quote names the first mention; each later one waits for a fact of its own
    assert [line.split(": coverage: ")[1] for line in named] == ["place 'Rio Seco' (in places.yaml)"] * 3
    assert [line.split(":")[1] for line in named] == ["4", "4", "6"]


def test_an_exclusion_covers_every_passage_it_matches() -> None:
    meta = SeedMeta(id="s", title="t", published="2026-03-09", language="en", sha256="0" * 64)
    seed = Seed(meta, "Rio Seco flooded. Later Rio Seco dried.\n", "seeds/s.txt")
    report = Report.model_construct(
        meta=type("M", (), {"seeds": ("s",), "id": "r"})(), actors=(), sources=(), places=()
    )
    coverage = validate.Coverage()
    coverage.spans["s"] += seed.find("Rio Seco")
    coverage.named["s"] += seed.find("Rio Seco")  # what check_evidence records for an exclusion
    assert list(validate.coverage_findings(report, {"s": seed}, coverage)) == []
    fact_only = validate.Coverage()
    fact_only.spans["s"] += seed.find("Rio Seco")
    fact_only.named["s"].append(seed.find("Rio Seco")[0])  # ... and for a fact
    assert [d.col for d in validate.coverage_findings(report, {"s": seed}, fact_only)] == [25]


@pytest.mark.parametrize(
    ("text", "known", "not_places", "expected"),
    [
        ("Floods hit Costa Verde on Friday.", set(), set(), [("Costa Verde", "a capitalised phrase")]),
        ("flights to São Tomé resumed", set(), set(), [("São Tomé", "after 'to'")]),
        ("in Ciudad del Este.", set(), set(), [("Ciudad del Este", "after 'in'")]),
        ("Rio Seco's mayor", set(), set(), [("Rio Seco", "a capitalised phrase")]),
        ("In Puerto Alba, on Monday", set(), set(), [("Puerto Alba", "after 'in'")]),
        ("The Red Cross said", set(), set(), [("Red Cross", "a capitalised phrase")]),
        ("The Red Cross said", set(), {"Red", "Cross"}, []),  # an actor or a source
        ("the Costa Verde Herald reported", set(), {"Herald"}, [("Costa Verde Herald", "a capitalised phrase")]),
        (
            "Marrow Valley, then Marrow",
            {"Marrow Valley", "Marrow"},
            set(),
            [("Marrow Valley", "in places.yaml"), ("Marrow", "in places.yaml")],
        ),
        (
            "in Marrow\nValley, and Al\u2019Bayda",
            {"Marrow Valley", "Al'Bayda"},
            set(),
            [("Marrow Valley", "in places.yaml"), ("Al'Bayda", "in places.yaml")],
        ),
        ("1315 GMT Wednesday, since Christmas in Halden", set(), set(), [("Halden", "after 'in'")]),
    ],
)
def test_place_names(text: str, known: set[str], not_places: set[str], expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.reason) for p in validate.place_names(text, known, not_places)] == expected
