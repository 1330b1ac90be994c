"""Untrusted text is text: fact strings holding markup show literally on the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitrep.outputs.filters import md

from .conftest import REPORT, copy_project, edit, republish, run
from .htmltext import read_page

HOSTILE = [
    "<script>alert(1)</script>",
    "| ** [x](y) __u__ `c` \\ ![i](j)",
    "{{ 7*7 }} {% if x %}{# c #}",
    "# not a heading",
    "- not a list",
    "1. not a numbered list",
    "&lt;b&gt; &amp; <b>bold</b> <!-- c -->",
    "{: .injected } *emphasis* $x$ <https://example.org> :smile:",
    "\u202eevil\u202c right-to-left, zero\u200bwidth \u2066isolate\u2069",
    '<img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_filter_round_trips_through_markdown(text: str) -> None:
    import markdown

    extensions = ["tables", "attr_list", "md_in_html", "admonition"]
    reader = read_page(markdown.markdown(md(text), extensions=extensions))
    assert "".join(reader.text).strip() == text
    assert [t for t, _ in reader.tags if t != "p"] == []
    # In a table cell too, where "|" would end the cell: one row of two cells, each whole.
    table = read_page(markdown.markdown(f"| a | b |\n| --- | --- |\n| {md(text)} | end |\n", extensions=extensions))
    assert [t.rows for t in table.tables] == [[[" ".join(text.split()), "end"]]]


@pytest.mark.slow
def hostile_lines() -> list[str]:
    """The hostile strings packed into as few lines as short text fields (300 characters) allow."""
    lines, line = [], ""
    for h in HOSTILE:
        if line and len(line) + 1 + len(h) > 300:
            lines.append(line)
            line = ""
        line = f"{line} {h}".strip()
    return [*lines, line]


@pytest.mark.slow
@pytest.mark.parametrize("hostile", hostile_lines())
def test_hostile_fact_text_renders_literally(tmp_path: Path, hostile: str) -> None:
    project = copy_project(tmp_path / "p")
    report = project / REPORT
    places = {
        (report / "report.yaml", "title: Killings on Syria's coast, March 2025"): "title",
        (report / "figures.yaml", "  label: Total killed\n"): "label",
        (report / "places.yaml", "  name: Latakia\n"): "name",
        (report / "sources.yaml", "  description: Chief of the Syrian Observatory for Human Rights.\n"): "description",
        (report / "media.yaml", "  caption: Smoke rises from a factory hit on the outskirts of Latakia\n"): "caption",
    }
    for (path, old), key in places.items():
        edit(path, old, f"{'  ' if old.startswith('  ') else ''}{key}: {json.dumps(hostile)}\n")
    republish(project)
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / REPORT / "index.html").read_text(encoding="utf-8")
    page = read_page(html)
    text = ["".join(t.split()) for t in page.text]
    squeezed = "".join(hostile.split())
    assert any(squeezed in t for t in text), "hostile text was altered or interpreted"
    # Each place on its own, whole: the label, the place's name and the caption each fill one table cell
    # (a "|" left unescaped splits the cell), and no table has a row longer than its header.
    for section in ("all-figures", "places", "photo-captions"):
        tables = [t for t in page.tables if t.section == section]
        assert tables, f"no table in section {section}"
        cells = ["".join(c.split()) for t in tables for row in t.rows for c in row]
        assert squeezed in cells, f"the hostile text is not one whole cell of the {section} table"
    for table in page.tables:
        assert all(len(row) == len(table.header) for row in table.rows), f"a row of {table.section} was split"
    description = [t for t in text if squeezed in t and t.startswith("Official.")]
    assert description, "the source's description was altered or interpreted"
    # The text shown escaped as HTML, and in the JSON-LD as JSON with < and > escaped, is no attribute.
    inert = html.replace("onerror=alert(2)&gt;", "").replace("onerror=alert(2)\\u003e", "")
    assert "<script>alert" not in html and "onerror=" not in inert
    assert not any(tag == "a" and a.get("href") in ("y", "https://example.org") for tag, a in page.tags)
    assert not any(tag == "a" and (a.get("href") or "").startswith("javascript:") for tag, a in page.tags)
    assert not any(tag == "img" and a.get("src") == "x" for tag, a in page.tags)
    assert not any("injected" in (a.get("class") or "") for _, a in page.tags)
    title = next(t for tag, _, t in page.headings if tag == "h1")
    assert "".join(title.split()) == squeezed


@pytest.mark.parametrize("unit", ["a&b<c>", "<", "&&", "x" * 7 + "<"])
def test_a_long_quote_without_spaces_is_never_cut_inside_what_markdown_set_aside(unit: str) -> None:
    """A table cell's long quote opens in place after its first words; with no space to cut at, the cut
    fell inside Markdown's placeholder for an escaped '<' or '&', which then showed as 'wzxhzdk:5'."""
    import markdown

    for repeat in range(20, 60):
        quote = unit * repeat
        src = f"| Quote |\n| --- |\n| “{md(quote)}” |\n"
        html = markdown.markdown(src, extensions=["tables", "sitrep.site.mdtables"])
        assert "<details" in html
        assert "\x02" not in html and "\x03" not in html and "wzxhzdk" not in html and "klzzwxh" not in html
        assert "".join(read_page(html).text).replace("\n", "") == f"Quote“{quote}”"  # the whole quote, once


def test_a_long_quote_marked_with_its_language_stays_marked_on_both_sides_of_the_cut() -> None:
    """On an Arabic page an English quote is ``<span lang="en" dir="ltr">``: cut in two for its
    first words, each part is marked (the span closed at the cut and opened again), never a
    span left open across the summary's end."""
    import markdown

    quote = "at least 20 of his neighbours and colleagues in one neighbourhood of Baniyas were killed, some in shops"
    src = f'| الدليل |\n| --- |\n| “<span lang="en" dir="ltr">{md(quote)}</span>” |\n'
    html = markdown.markdown(src, extensions=["tables", "sitrep.site.mdtables"])
    summary = re.search(r"<summary>(.*?)</summary>", html)
    rest = re.search(r"</summary><span>(.*?)</span></details>", html)
    assert summary is not None and rest is not None
    for part in (summary.group(1), rest.group(1)):
        assert part.count("<span") == part.count("</span>") == 1
        assert re.search(r'<span lang="en" dir="ltr">[^<]+</span>', part)
    assert "".join(read_page(html).text).replace("\n", "") == f"الدليل“{quote}”"
