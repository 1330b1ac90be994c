"""Numbers in text, quote search and the closest passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.facts.seeds import numbers

from .conftest import SAMPLE, SEED


@pytest.mark.parametrize(
    "text, expected",
    [
        ("has passed 1,000, including 750 civilians", [("1,000", 1000), ("750", 750)]),
        ("nine children and four women", [("nine", 9), ("four", 4)]),
        ("twenty-five people", [("twenty-five", 25)]),
        ("two hundred and fifty", [("two hundred and fifty", 250)]),
        ("one thousand two hundred", [("one thousand two hundred", 1200)]),
        ("3 million", [("3 million", 3_000_000)]),
        ("between 700 and 1,150", [("700", 700), ("1,150", 1150)]),
        ("one of the towns; one resident", []),
        ("thousands of people", [("thousands", None)]),
        ("a 57-year-old resident", [("57", 57)]),
        ("12.5 percent", [("12.5", 12.5)]),
    ],
)
def test_numbers(text: str, expected: list) -> None:
    assert [(n.text, n.value) for n in numbers(text)] == expected


def test_quotes_match_across_white_space_and_typographic_quotes() -> None:
    from sitrep.facts.model import SeedMeta
    from sitrep.facts.seeds import Seed

    meta = SeedMeta(
        id="s", title="t", published="2025-03-08", language="en", sha256="0" * 64
    )  # the sha is not checked here
    seed = Seed(meta, (SAMPLE / SEED).read_text(encoding="utf-8"), "s.txt")
    (span,) = seed.find('blamed "individual actions"\n  for the violence')
    assert seed.text[span[0] : span[1]] == "blamed “individual actions” for the violence"
    ratio, passage = seed.closest("The government blamed individual actions")
    assert 0.7 < ratio < 1 and "individual actions" in passage


def test_a_seed_larger_than_an_input_may_be_is_refused_unread(project: Path) -> None:
    """As `seed add` refuses it: its numbers are never listed, nor its quotes searched."""
    from sitrep import pipeline
    from sitrep.errors import FactsError
    from sitrep.facts.load import MAX_BYTES

    with open(project / SEED, "ab") as f:
        f.write(b"9 " * (MAX_BYTES // 2 + 1))
    with pytest.raises(FactsError) as caught:
        pipeline.check(project)
    assert [str(d) for d in caught.value.diagnostics] == [f"{SEED}:1:1: (file): larger than {MAX_BYTES} bytes [SR105]"]
