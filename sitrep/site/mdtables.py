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
                            _disclose(cell, self.md.htmlStash.rawHtmlBlocks)


_OPENING = re.compile(r"^<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*(?<!/)>$")
_CLOSING = re.compile(r"^</([a-zA-Z][a-zA-Z0-9]*)\s*>$")


def _disclose(cell: etree.Element, stash: list | tuple = ()) -> None:
    """A long quote shows its first words; the rest opens in place (``<details>``). The
    words are split, not repeated: summary and rest read as the one quote. On paper the
    rest is shown (the stylesheet opens it with ``::details-content``). An inline tag the
    cut falls inside (a quote in another language than the page's, in ``<span lang dir>``)
    is closed at the end of the summary and opened again for the rest, so each half is
    well formed and keeps its language."""
    text = cell.text or ""
    cut = text.rfind(" ", 0, SHOWN)
    cut = cut if cut > 0 else SHOWN
    for held in _PLACEHOLDER.finditer(text):  # never inside what Markdown set aside (an escaped "<", "&")
        if held.start() < cut < held.end():
            cut = held.start() if held.start() > 0 else held.end()
    opened, closer = _open_at(text, cut, stash)
    cell.text = None
    details = etree.SubElement(cell, "details", {"class": "sitrep-more"})
    summary = etree.SubElement(details, "summary")
    summary.text = text[:cut] + closer
    rest = etree.SubElement(details, "span")
    rest.text = opened + text[cut:]


def _open_at(text: str, cut: int, stash: list | tuple) -> tuple[str, str]:
    """The placeholders of the raw inline tags still open at ``cut`` (to open them again after it),
    and those that close them (to close them before it), each in the order it must be written."""
    held = []  # (placeholder, opening tag name or None, closing tag name or None), in the text's order
    for m in _PLACEHOLDER.finditer(text):
        number = int(m.group(0)[1:-1].split(":")[1])
        html = str(stash[number]) if number < len(stash) else ""
        opens, closes = _OPENING.match(html), _CLOSING.match(html)
        held.append((m.start(), m.group(0), opens.group(1) if opens else None, closes.group(1) if closes else None))
    stack: list[tuple[str, str]] = []
    for start, placeholder, opening, closing in held:
        if start >= cut:
            break
        if opening:
            stack.append((opening, placeholder))
        elif closing and stack and stack[-1][0] == closing:
            stack.pop()
    closers = []
    for name, _placeholder in reversed(stack):  # each open tag's own closing placeholder, after the cut
        depth = 0
        for start, placeholder, opening, closing in held:
            if start < cut:
                continue
            if opening == name:
                depth += 1
            elif closing == name:
                if depth == 0:
                    closers.append(placeholder)
                    break
                depth -= 1
        else:
            return "", ""  # no closing tag found: leave the text as it was
    return "".join(p for _name, p in stack), "".join(closers)


class TablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(LabelCells(md), "sitrep_tables", 5)


def makeExtension(**kwargs) -> TablesExtension:
    return TablesExtension(**kwargs)
