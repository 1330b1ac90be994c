"""A small HTML reader for tests: tables under their section, and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    section: str  # the id of the h2 or h3 above the table (the evidence's parts are h3s of "Sources and method")
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._section = ""
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: tuple[str, str, list[str]] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "h4"):
            self._heading = (tag, a.get("id") or "", [])
            if tag in ("h2", "h3"):
                self._section = a.get("id") or ""
        elif tag == "table":
            self.tables.append(Table(self._section))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("h1", "h2", "h3", "h4") and self._heading:
            htag, hid, parts = self._heading
            self.headings.append((htag, hid, "".join(parts).replace("¶", "").strip()))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if not table.header:
                table.header = self._row
            else:
                table.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading:
            self._heading[2].append(data)


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """What a reader sees, one block per line: text, image alternatives, the page title; no scripts,
    styles or icon drawings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip = 0

    def _break(self) -> None:
        line = " ".join("".join(self._line).split())
        if line:
            self.lines.append(line)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style", "svg", "template"):
            self._skip += 1
        elif tag == "title":
            self._break()
            self._line.append("[title] ")
        elif tag == "img" and not self._skip:
            self._line.append(f" [image: {a.get('alt') or ''}] ")
        elif tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "template"):
            self._skip -= 1
        elif tag == "title" or tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._line.append(data)


def visible_text(html: str) -> str:
    """A page's visible text, normalised (white space, one block per line) for golden files."""
    reader = _VisibleText()
    reader.feed(html)
    reader.close()
    reader._break()
    return "\n".join(reader.lines) + "\n"
