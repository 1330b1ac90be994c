"""The manual: README.md (the newcomer's walk-through) and the pages of docs/ (everything else).

The tests that check what the manual says read it here, as one text, so a paragraph moved
between README.md and docs/ keeps its test; a test about one page reads that page.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def pages() -> list[Path]:
    """README.md first, then docs/*.md in name order."""
    return [README, *sorted(DOCS.glob("*.md"))]


def text() -> str:
    """The whole manual, page after page."""
    return "\n".join(path.read_text(encoding="utf-8") for path in pages())


def page(name: str) -> str:
    """One page: ``README.md`` or a page of docs/ by its file name (``errors.md``)."""
    path = README if name == "README.md" else DOCS / name
    return path.read_text(encoding="utf-8")
