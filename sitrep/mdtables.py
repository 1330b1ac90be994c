"""A Python-Markdown extension (``mkdocs.yml``: ``sitrep.mdtables``) for tables that fit.

Each data cell gets its column's heading as ``data-label``, so on a narrow screen the
stylesheet can lay a wide table out as stacked cards, each value named, with no
JavaScript and nothing scrolling sideways. Cells holding a long quotation get a class,
so they can be given room (and kept whole on paper).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LONG_QUOTE = 120  # characters: a quote longer than this gets the evidence style


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
                        if len(text) > LONG_QUOTE and text.startswith("“"):
                            cell.set("class", "sitrep-quote")


class TablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(LabelCells(md), "sitrep_tables", 5)


def makeExtension(**kwargs) -> TablesExtension:
    return TablesExtension(**kwargs)
