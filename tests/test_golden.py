"""The generated Markdown of the fixture projects, and the visible text of each type of built page,
match the committed golden copies (``make golden`` regenerates them on purpose)."""

from __future__ import annotations

from .golden import committed, differences, fixture_html, fixture_pages


def test_generated_markdown_matches_golden() -> None:
    diff = differences(committed("md"), fixture_pages())
    assert diff == "", "generated Markdown differs from tests/golden (run `make golden` if intended):\n" + diff


def test_visible_text_of_each_page_type_matches_golden() -> None:
    diff = differences(committed("html"), fixture_html())
    assert diff == "", "page text differs from tests/golden/html (run `make golden` if intended):\n" + diff
