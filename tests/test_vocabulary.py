"""No page, template or chart names a casualty measure or a war's vocabulary by itself:
such words reach the site only through the measures registry, the vocabulary file or a
report's own data (issue 16). Comments and docstrings may use them; strings may not."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sitrep.facts import measures
from sitrep.facts.model import VOCABULARY, ActorKind, PlaceKind, SourceKind, StatementKind

from . import manual
from .conftest import ROOT

BANNED = re.compile(
    r"kill|\bdead\b|death|casualt|injur|wound|fatalit|militan|civilian|massacre|\bwars?\b|conflict|attack|"
    r"fighter|\barmed\b|\bpart(?:y|ies)\b|monitor|claim|gunm[ae]n|insurgen|combat|hostil|loyalist|violen",
    re.IGNORECASE,
)
# What renders pages and charts: every string constant of these modules (docstrings aside).
PAGE_CODE = [
    "outputs/render.py",
    "outputs/filters.py",
    "drawing/charts.py",
    "drawing/plan.py",
    "drawing/style.py",
    "pipeline.py",
    "site/swap.py",
    "site/mkdocs_boundary.py",
]


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("name", PAGE_CODE)
def test_page_code_names_no_casualty_or_conflict_word(name: str) -> None:
    found = [(line, s) for line, s in _strings(ROOT / "sitrep" / name) if BANNED.search(s)]
    assert found == [], f"sitrep/{name}: {found}"


def _template_text(path: Path) -> str:
    return re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)  # comments aside


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and p.suffix in (".j2", ".html", ".xml", ".js", ".css")
    ),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_templates_name_no_casualty_or_conflict_word(path: Path) -> None:
    hits = [m.group() for m in BANNED.finditer(_template_text(path))]
    assert hits == [], f"{path.relative_to(ROOT)}: {hits}"


def test_the_grep_finds_what_it_looks_for() -> None:
    assert BANNED.search("Casualty breakdown") and BANNED.search("## Parties") and BANNED.search("people killed")
    assert not BANNED.search("People in need") and not BANNED.search("Breakdown of homes destroyed")


def test_every_kind_has_its_words() -> None:
    for enum, vocabulary in (
        (SourceKind, "source-kinds"),
        (ActorKind, "actor-kinds"),
        (StatementKind, "statement-kinds"),
        (PlaceKind, "place-kinds"),
    ):
        assert {k.value for k in enum} == set(VOCABULARY[vocabulary])
    # neutral kinds that fit any crisis exist beside the old ones
    assert {"agency", "humanitarian-organisation", "official", "monitor", "media", "witness", "resident"} <= set(
        VOCABULARY["source-kinds"]
    )
    assert {"government", "armed-group", "army", "utility"} <= set(VOCABULARY["actor-kinds"])
    assert {"announcement", "claim", "assessment", "testimony", "appeal"} <= set(VOCABULARY["statement-kinds"])


def test_the_registry_holds_the_common_humanitarian_measures() -> None:
    reg = measures.builtin()
    wanted = [
        "killed",
        "injured",
        "missing",
        "detained",
        "buried",
        "displaced",
        "sheltering",
        "affected",
        "in-need",
        "targeted",
        "reached",
        "houses-damaged",
        "houses-destroyed",
        "buildings-damaged",
        "buildings-destroyed",
        "facilities-not-functioning",
        "cases",
        "disease-deaths",
        "funding-required",
        "funding-received",
        "food-delivered",
        "rainfall",
        "magnitude",
        "depth",
        "distance",
        "temperature",
        "aftershocks",
    ]
    assert set(wanted) <= set(reg.measures)
    units = {m.unit for m in reg.measures.values()}
    assert {
        "people",
        "households",
        "buildings",
        "USD",
        "percent",
        "tonnes",
        "mm",
        "km",
        "celsius",
        "events",
        "none",
    } <= units
    assert reg["killed"].hxl == "#affected+killed" and reg["in-need"].hxl == "#inneed"
    assert reg["aftershocks"].hxl == "#indicator+aftershocks+num"  # no core tag: the default
    assert reg["temperature"].negative and not reg["killed"].negative
    assert reg["magnitude"].whole is False and reg["killed"].whole
    assert not reg["temperature"].additive and reg["killed"].additive


def test_the_manual_lists_every_built_in_measure_as_the_registry_defines_it() -> None:
    text = manual.text()
    rows = {
        m.group(1): (m.group(2), m.group(3), m.group(4))
        for m in re.finditer(r"^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \| `([^`]+)` \|$", text, re.MULTILINE)
    }
    assert rows == {k: (m.label, m.unit, m.hxl) for k, m in measures.builtin().measures.items()}
