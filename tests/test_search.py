"""The search index (sitrep/site/search.py): what a page gives Pagefind, and the bundle it writes.

The browser tests (tests/test_browser.py) search a built site; these check the index itself,
without a site: a searchable page is one whose article is marked, Pagefind indexes the site's
page files as its own command indexes the site, the bundle's bytes depend only on the pages, and
an unchanged bundle is reused only while intact.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

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


def site(folder: Path, pages: dict[str, str] = PAGES) -> Path:
    """The pages written as a site's files (``url/index.html``)."""
    for url, html in pages.items():
        path = folder / url / "index.html" if url.endswith("/") else folder / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return folder


def records(folder: Path, pages: dict[str, str] = PAGES) -> search.Records:
    """What the site stage hands Pagefind: each searchable page's file and digest, as mkdocs orders them."""
    site(folder, pages)
    out = search.Records()
    for url, html in pages.items():
        if search.searchable(html):
            path = folder / url / "index.html" if url.endswith("/") else folder / url
            out.add(url, path, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    return tmp_path / "pages"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragments(bundle: Path) -> list[dict]:
    return [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
        for p in sorted((bundle / "fragment").iterdir())
    ]


def test_a_page_is_searchable_when_its_article_is_marked_to_the_end() -> None:
    assert search.searchable(PAGES["reports/a/"]) and search.searchable(PAGES["about/"])
    assert not search.searchable(PAGES["404.html"])  # not marked: not searchable
    assert not search.searchable(PAGES["about/"].replace(search.END, ""))  # no end mark: not trusted


def test_the_index_holds_the_articles_with_their_metadata(tmp_path: Path, pages: Path) -> None:
    written = search.write_index(tmp_path / "site", records(pages), None)
    assert (written.pages, written.reused) == (2, False)
    found = {r["url"]: r for r in fragments(tmp_path / "site" / search.FOLDER)}
    assert sorted(found) == ["/about/", "/reports/a/"]
    report = found["/reports/a/"]
    assert report["meta"] == {"edition": "2 of 2", "title": "Floods in Marrow"}  # the permalink sign left out
    assert "zebra" not in report["content"] and "okapi" not in report["content"] and "¶" not in report["content"]


def test_the_bundle_is_pagefinds_own_for_the_sites_pages(tmp_path: Path, pages: Path) -> None:
    """Pagefind is handed the site's page files: the bundle is the one its command writes for the
    whole site (the unmarked 404 page left out either way), and the folder handed to it goes again."""
    handed = records(pages)
    search.write_index(tmp_path / "ours", handed, None)
    search.run_pagefind(pages, tmp_path / "theirs")
    assert tree(tmp_path / "ours" / search.FOLDER) == tree(tmp_path / "theirs")
    assert all(page.stat().st_nlink == 1 for _url, page, _sha in handed.pages)  # the links are gone again


def test_same_pages_same_bytes_and_names_follow_content(tmp_path: Path) -> None:
    search.write_index(tmp_path / "one", records(tmp_path / "p1"), None)
    search.write_index(tmp_path / "two", records(tmp_path / "p2"), None)
    one, two = tree(tmp_path / "one" / search.FOLDER), tree(tmp_path / "two" / search.FOLDER)
    assert one == two
    changed = dict(PAGES, **{"about/": page("How to read a report", "Every number has its source, always.")})
    search.write_index(tmp_path / "three", records(tmp_path / "p3", changed), None)
    three = tree(tmp_path / "three" / search.FOLDER)
    assert {n for n in three if n.startswith("fragment/")} != {n for n in one if n.startswith("fragment/")}
    assert three["pagefind.js"] == one["pagefind.js"]  # Pagefind's own files do not change with the pages


def test_an_unchanged_bundle_is_reused_only_while_intact(tmp_path: Path, pages: Path) -> None:
    cache = tmp_path / "cache"
    first = search.write_index(tmp_path / "one", records(pages), cache)
    second = search.write_index(tmp_path / "two", records(pages), cache)
    assert (first.reused, second.reused) == (False, True)
    assert tree(tmp_path / "two" / search.FOLDER) == tree(tmp_path / "one" / search.FOLDER)
    # Edited in place through a site (the files are hard links): never reused, written again.
    entry = next(p for p in (tmp_path / "two" / search.FOLDER / "fragment").iterdir())
    entry.write_bytes(b"damaged")
    third = search.write_index(tmp_path / "three", records(pages), cache)
    assert third.reused is False
    assert tree(tmp_path / "three" / search.FOLDER) == tree(tmp_path / "one" / search.FOLDER) | {
        f"fragment/{entry.name}": tree(tmp_path / "three" / search.FOLDER)[f"fragment/{entry.name}"]
    }
    assert tree(tmp_path / "three" / search.FOLDER)[f"fragment/{entry.name}"] != b"damaged"
    # A changed page: a new bundle, and only the newest is kept.
    changed = dict(PAGES, **{"about/": page("How to read a report", "Changed words.")})
    assert search.write_index(tmp_path / "four", records(tmp_path / "p4", changed), cache).reused is False
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 1
