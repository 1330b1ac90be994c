"""A Python-Markdown extension (``mkdocs.yml``: ``sitrep.mdtables``) for tables that fit.

Each data cell gets its column's heading as ``data-label``, so on a narrow screen the
stylesheet can lay a wide table out as stacked cards, each value named, with no
JavaScript and nothing scrolling sideways. A long evidence quote shows its first words
and opens in place for the rest (kept whole on paper).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown, util  # type: ignore[import-untyped]  # Python-Markdown ships no type hints
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

# Python-Markdown's placeholders for what it stashed (STX, a name, a number, ETX): restored after
# this runs, so a cut inside one would show its insides and lose what it stands for.
_PLACEHOLDER = re.compile(f"{re.escape(util.STX)}[a-z]+:[0-9]+{re.escape(util.ETX)}")
_STASHED = re.compile(f"{re.escape(util.STX)}wzxhzdk:([0-9]+){re.escape(util.ETX)}")  # raw HTML, by its number
LONG_QUOTE = 120  # characters: a longer quote opens in place beyond its first words
SHOWN = 70  # characters of a long quote shown before it is opened


def _text(el: etree.Element) -> str:
    return "".join(el.itertext()).strip()


class LabelCells(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead")
            labels = [_text(th) for th in head.iter("th")] if head is not None else []
            table.set("class", "sitrep-table")
            for body in table.iter("tbody"):
                for row in body.iter("tr"):
                    for i, cell in enumerate(row.findall("td")):
                        if i < len(labels) and labels[i]:
                            cell.set("data-label", labels[i])
                        text = _text(cell)
                        if len(text) > LONG_QUOTE and text.startswith("“") and len(cell) == 0 and cell.text:
                            cell.set("class", "sitrep-quote")
                            _disclose(cell, self.md)


def _disclose(cell: etree.Element, md: Markdown) -> None:
    """A long quote shows its first words; the rest opens in place (``<details>``). The
    words are split, not repeated: summary and rest read as the one quote. On paper the
    rest is shown (the stylesheet opens it with ``::details-content``). A quote marked with
    its language (``<span lang dir>``, a quote in another language than the page's) is marked
    in both parts: the span is closed at the cut and opened again after it."""
    text = cell.text or ""
    cut = text.rfind(" ", 0, SHOWN)
    cut = cut if cut > 0 else SHOWN
    for held in _PLACEHOLDER.finditer(text):  # never inside what Markdown set aside (an escaped "<", "&")
        if held.start() < cut < held.end():
            cut = held.start() if held.start() > 0 else held.end()
    cell.text = None
    details = etree.SubElement(cell, "details", {"class": "sitrep-more"})
    summary = etree.SubElement(details, "summary")
    opened = _open_spans(text[:cut], md)
    summary.text = text[:cut] + "".join(md.htmlStash.store("</span>") for _ in opened)
    rest = etree.SubElement(details, "span")
    rest.text = "".join(md.htmlStash.store(tag) for tag in opened) + text[cut:]


def _open_spans(text: str, md: Markdown) -> list[str]:
    """The ``<span ...>`` tags (raw HTML Markdown set aside) still open at the end of ``text``."""
    opened: list[str] = []
    for held in _STASHED.finditer(text):
        raw = md.htmlStash.rawHtmlBlocks[int(held.group(1))]
        if isinstance(raw, str) and raw.startswith("<span"):
            opened.append(raw)
        elif raw == "</span>" and opened:
            opened.pop()
    return opened


class TablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(LabelCells(md), "sitrep_tables", 5)


def makeExtension(**kwargs) -> TablesExtension:
    return TablesExtension(**kwargs)
