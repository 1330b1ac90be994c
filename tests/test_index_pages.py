"""Index pages that inform and stay bounded: the newest 20 on the home page, the rest paged."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from sitrep.outputs import render

from .conftest import ROOT


def _entries(n: int) -> list[render.IndexEntry]:
    start = dt.date(2025, 1, 1)
    return [
        render.IndexEntry(
            f"report-{i:03d}",
            f"Report {i}",
            "A summary.",
            start + dt.timedelta(days=i),
            edition="2",
            published="2025-03-08 20:00 UTC",
            cards=(("more than 1,000", "Total killed", "", ""),),
        )
        for i in range(n)
    ]


def _links(md: bytes) -> list[str]:
    return re.findall(r"\]\(([^)]+)\)", md.decode())


def test_home_shows_the_newest_20_with_key_figures_date_and_edition() -> None:
    pages = render.index_pages(render.environment(ROOT / "templates"), _entries(120))
    home = pages["index.md"].decode()
    listed = re.findall(r"### \[Report (\d+)\]", home)
    assert listed == [str(i) for i in range(119, 99, -1)]
    assert "**more than 1,000** Total killed" in home and "Edition 2 · published 2025-03-08 20:00 UTC" in home


def test_reports_list_is_paged_and_every_page_links_the_others() -> None:
    pages = render.index_pages(render.environment(ROOT / "templates"), _entries(120))
    assert sorted(p for p in pages if p.startswith("reports/")) == [
        "reports/_pages/2/index.md",
        "reports/_pages/3/index.md",
        "reports/index.md",
    ]
    first, last = pages["reports/index.md"].decode(), pages["reports/_pages/3/index.md"].decode()
    assert first.count("\n## [Report") == render.PAGE_SIZE and last.count("\n## [Report") == 20  # h2: under the h1
    assert "_pages/2/index.md" in _links(pages["reports/index.md"])
    assert "../../index.md" in _links(pages["reports/_pages/3/index.md"])
    assert "../../report-000/index.md" in _links(pages["reports/_pages/3/index.md"])  # the oldest, last


def test_a_small_site_has_one_page_and_no_pager() -> None:
    pages = render.index_pages(render.environment(ROOT / "templates"), _entries(3))
    assert [p for p in pages if p.startswith("reports/")] == ["reports/index.md"]
    assert "Pages:" not in pages["reports/index.md"].decode()


def test_every_link_of_every_list_page_reaches_a_site_file() -> None:
    """From reports/_pages/N/ as from reports/: the reports, the other pages, the site's data and feed.
    (A link written for the first page only broke the strict build of every site of over 50 reports.)"""
    pages = render.index_pages(render.environment(ROOT / "templates"), _entries(120))
    site = {*pages, "about.md", "feed.xml", "data/key-figures.csv", "data/key-figures.json", "data/datapackage.json"}
    site |= {f"reports/report-{i:03d}/index.md" for i in range(120)}
    for path, md in pages.items():
        folder = posixpath.dirname(path)
        unresolved = [link for link in _links(md) if posixpath.normpath(posixpath.join(folder, link)) not in site]
        assert unresolved == [], path
