"""The search index (sitrep/site/search.py): what a page gives Pagefind, and the bundle it writes.

The browser tests (tests/test_browser.py) search a built site; these check the index itself,
without a site: the fragment kept in the page cache indexes exactly as the whole page would,
the bundle's bytes depend only on the pages, and an unchanged bundle is reused only while intact.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from sitrep.site import search


def page(title: str, words: str, marked: bool = True, meta: str = "") -> str:
    body = search.START if marked else '<article class="md-content__inner md-typeset">'
    return (
        '<!doctype html>\n<html lang="en" class="no-js">\n<head><title>Ignored</title></head>\n<body>\n'
        '<header><nav>Sitrep Desk navigation zebra</nav></header>\n<div class="md-content">'
        f'{body}<h1 id="t">{title}<a class="headerlink" href="#t">&para;</a></h1>\n<p>{words}</p>\n'
        f"{meta}{search.END if marked else ''}</article></div>\n<footer>Footer okapi</footer>\n</body>\n</html>\n"
    )


PAGES = {
    "reports/a/": page(
        "Floods in Marrow",
        "Rivers rose in Marrow and Tuwaym.",
        meta='<span hidden data-pagefind-meta="edition:2 of 2"></span>',
    ),
    "about/": page("How to read a report", "Every number has its source."),
    "404.html": page("Not found", "Nothing here zebra.", marked=False),
}


def records(pages: dict[str, str] = PAGES) -> search.Records:
    out = search.Records()
    for url, html in pages.items():
        out.add(url, search.fragment(html))
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragments(bundle: Path) -> list[dict]:
    return [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in sorted((bundle / "fragment").iterdir())
    ]


def test_a_fragment_is_the_marked_article_in_its_language() -> None:
    text = search.fragment(PAGES["reports/a/"])
    assert text is not None and text.startswith('<html lang="en"><body>' + search.START)
    assert "Tuwaym" in text and "navigation" not in text and "Footer" not in text and "Ignored" not in text
    assert search.fragment(PAGES["404.html"]) is None  # not marked: not searchable
    assert search.fragment(PAGES["about/"].replace(search.END, "")) is None  # no end mark: not trusted


def test_the_index_holds_the_articles_with_their_metadata(tmp_path: Path) -> None:
    written = search.write_index(tmp_path / "site", records(), None)
    assert (written.pages, written.reused) == (2, False)
    found = {r["url"]: r for r in fragments(tmp_path / "site" / search.FOLDER)}
    assert sorted(found) == ["/about/", "/reports/a/"]
    report = found["/reports/a/"]
    assert report["meta"] == {"edition": "2 of 2", "title": "Floods in Marrow"}  # the permalink sign left out
    assert "zebra" not in report["content"] and "okapi" not in report["content"] and "¶" not in report["content"]


def test_fragments_index_as_the_whole_pages_do(tmp_path: Path) -> None:
    """The page cache keeps fragments, not pages: Pagefind must index them to the same bytes."""
    whole = tmp_path / "whole"
    for url, html in PAGES.items():
        if search.START in html:
            (whole / url).mkdir(parents=True)
            (whole / url / "index.html").write_text(html, encoding="utf-8")
    search.write_index(tmp_path / "ours", records(), None)
    search.run_pagefind(whole, tmp_path / "theirs")
    assert tree(tmp_path / "ours" / search.FOLDER) == tree(tmp_path / "theirs")


def test_same_pages_same_bytes_and_names_follow_content(tmp_path: Path) -> None:
    search.write_index(tmp_path / "one", records(), None)
    search.write_index(tmp_path / "two", records(), None)
    one, two = tree(tmp_path / "one" / search.FOLDER), tree(tmp_path / "two" / search.FOLDER)
    assert one == two
    changed = dict(PAGES, **{"about/": page("How to read a report", "Every number has its source, always.")})
    search.write_index(tmp_path / "three", records(changed), None)
    three = tree(tmp_path / "three" / search.FOLDER)
    assert {n for n in three if n.startswith("fragment/")} != {n for n in one if n.startswith("fragment/")}
    assert three["pagefind.js"] == one["pagefind.js"]  # Pagefind's own files do not change with the pages


def test_an_unchanged_bundle_is_reused_only_while_intact(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = search.write_index(tmp_path / "one", records(), cache)
    second = search.write_index(tmp_path / "two", records(), cache)
    assert (first.reused, second.reused) == (False, True)
    assert tree(tmp_path / "two" / search.FOLDER) == tree(tmp_path / "one" / search.FOLDER)
    # Edited in place through a site (the files are hard links): never reused, written again.
    entry = next(p for p in (tmp_path / "two" / search.FOLDER / "fragment").iterdir())
    entry.write_bytes(b"damaged")
    third = search.write_index(tmp_path / "three", records(), cache)
    assert third.reused is False
    assert tree(tmp_path / "three" / search.FOLDER) == tree(tmp_path / "one" / search.FOLDER) | {
        f"fragment/{entry.name}": tree(tmp_path / "three" / search.FOLDER)[f"fragment/{entry.name}"]
    }
    assert tree(tmp_path / "three" / search.FOLDER)[f"fragment/{entry.name}"] != b"damaged"
    # A changed page: a new bundle, and only the newest is kept.
    changed = dict(PAGES, **{"about/": page("How to read a report", "Changed words.")})
    assert search.write_index(tmp_path / "four", records(changed), cache).reused is False
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 1
