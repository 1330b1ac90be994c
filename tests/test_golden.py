"""The generated Markdown of the seed report, and the visible text of each type of built page,
match the committed golden copies (``make golden`` regenerates them on purpose)."""

from __future__ import annotations

from .golden import ROOT, committed, differences, html_texts, markdown_pages


def test_generated_markdown_matches_golden() -> None:
    diff = differences(committed("md"), markdown_pages(ROOT))
    assert diff == "", "generated Markdown differs from tests/golden (run `make golden` if intended):\n" + diff


def test_visible_text_of_each_page_type_matches_golden() -> None:
    diff = differences(committed("html"), html_texts(ROOT))
    assert diff == "", "page text differs from tests/golden/html (run `make golden` if intended):\n" + diff
