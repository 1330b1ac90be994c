"""The report page as a reader sees it, measured in Debian's chromium at 1280x800 and 375x667.

What lies in the first screen, that nothing is wider than the viewport, that tables do
not scroll sideways and no ancestor clips them, that chart text is legible on a phone,
and what the printed PDF holds. Measured with bounding boxes, not read from markup.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from .conftest import FIXTURES, REPORT, copy_project, run
from .test_browser import Visit, browser, serve  # noqa: F401 - fixture

pytestmark = pytest.mark.slow
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 667)}
# The example reports the browser checks (each one's stable address): the Syria report of the
# sample fixture and the fictional earthquake report (fixture "kestrel"), built into one site.
REPORTS = [f"{REPORT}/", "reports/kestrel-earthquake-2025-11/"]
# Each one's latest edition, as its edition line and printed footer give it.
LATEST = {REPORTS[0]: (2, "2025-03-08 20:00 UTC"), REPORTS[1]: (2, "2025-11-18 18:00 UTC")}
# The edition line dates it as a flash update does, in local time and UTC (issue 26).
EDITION_LINE = {REPORTS[0]: "Sat 8 Mar 2025, 20:00 UTC", REPORTS[1]: "Tue 18 Nov 2025, 18:00 UTC"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("report-page") / "p")
    for part in ("reports", "seeds"):
        shutil.copytree(FIXTURES / "kestrel" / part, project / part, dirs_exist_ok=True)
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    yield from serve(project / "site")


@pytest.fixture(params=list(VIEWPORTS))
def page_at(request, browser):  # noqa: F811
    w, h = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    page.viewport = (w, h)
    yield page
    context.close()


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def _inside(box: dict, w: int, h: int) -> bool:
    return (
        box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= w + 0.5 and box["y"] + box["height"] <= h + 0.5
    )


@pytest.mark.parametrize("path", REPORTS)
def test_first_screen_holds_title_edition_summary_and_two_key_figures(page_at, site: str, path: str) -> None:
    page = page_at
    w, h = page.viewport
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site + path, wait_until="networkidle")
    # Fonts, charts, map and scripts all come from the site itself: no request to any other host.
    assert requests and [u for u in requests if not u.startswith((site, "data:"))] == []
    # Like a flash update (issue 26): the highlights, then the key figures, whose first two
    # numbers are on the first screen even on a phone (their labels may follow below).
    wanted = {
        "title": "article h1",
        "edition line": ".sitrep-edition",
        "first highlight": "h2#highlights + ul > li:first-child",
        "key figure 1": ".sitrep-cards li:nth-child(1) strong",
        "key figure 2": ".sitrep-cards li:nth-child(2) strong",
    }
    outside = {name: _box(page, sel) for name, sel in wanted.items() if not _inside(_box(page, sel), w, h)}
    assert outside == {}, f"not in the first {w}x{h} screen"
    edition = page.locator(".sitrep-edition").inner_text()
    number = LATEST[path][0]
    assert f"Edition {number} of {number}" in edition and EDITION_LINE[path] in edition


@pytest.mark.parametrize("path", REPORTS)
def test_report_page_is_a_publication_not_a_manual(page_at, site: str, path: str) -> None:
    page = page_at
    page.goto(site + path, wait_until="networkidle")
    nav = page.locator(".md-sidebar--primary")  # no left navigation (on a phone: the closed drawer)
    assert not nav.is_visible() or nav.bounding_box()["x"] + nav.bounding_box()["width"] <= 0
    toc = page.locator(".md-sidebar--secondary .md-nav__link")
    if page.viewport[0] >= 1220:  # Material shows the table of contents beside the text from 76.25em
        assert 3 <= toc.count() <= 17  # the first screen's Highlights and Key figures among them
        assert page.locator(".md-sidebar--secondary nav nav nav").count() == 0  # sections only
    footer = page.locator(".md-footer").inner_text()
    assert "Published by Sitrep Desk" in footer and "CC BY 4.0" in footer
    assert "Material for MkDocs" not in page.content()
    assert "Sitrep Desk" in page.locator(".md-header").inner_text() or page.viewport[0] < 600
    report_error = page.locator(".sitrep-report-error a[href^='mailto:corrections@']")
    assert report_error.count() == 1
    assert page.locator(".md-footer a[href^='mailto:corrections@']").count() == 1


# Every element of the article that would hide or scroll part of its content sideways:
# the page wider than the viewport, a table in a scrolling box, an ancestor with
# overflow hidden cutting a column off. Each is named by its tag, classes and text.
OVERFLOW = """() => {
  const out = [];
  const name = el => el.tagName.toLowerCase()
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
    + ' "' + (el.innerText || '').slice(0, 40) + '"';
  const page = document.documentElement.scrollWidth;
  if (page > window.innerWidth) out.push('page: ' + page + ' px wide');
  for (const el of document.querySelectorAll('article *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none') continue;
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
      out.push(name(el) + ': ' + style.overflowX + ', ' + el.scrollWidth + ' > ' + el.clientWidth);
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1) && !el.closest('.md-sidebar'))
      out.push(name(el) + ': from ' + Math.round(box.left) + ' to ' + Math.round(box.right));
  }
  return out;
}"""


@pytest.mark.parametrize("path", REPORTS)
def test_nothing_is_wider_than_the_screen_or_cut_off(page_at, site: str, path: str) -> None:
    page = page_at
    page.goto(site + path, wait_until="networkidle")
    assert page.locator("article table").count() >= 5
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # closed ones too
    assert page.evaluate(OVERFLOW) == []


def test_wide_tables_become_cards_on_a_phone(browser, site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        page.goto(site + REPORTS[0], wait_until="networkidle")
        page.locator("details.sitrep-method > summary").click()  # the evidence is folded on a phone
        evidence = page.locator("h3#all-figures ~ table td[data-label='Evidence']").first
        assert evidence.evaluate("el => getComputedStyle(el, '::before').content") == '"Evidence"'
        box = evidence.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        # A long quote shows its first words and opens in place, inside the screen.
        long = page.locator("td.sitrep-quote details").first
        assert long.evaluate("d => !d.open")
        long.locator("summary").click()
        assert long.evaluate("d => d.open") and long.locator("span").is_visible()
        box = long.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    finally:
        context.close()


# Each chart as the browser shows it: its SVG (the narrow or wide drawing, whichever the
# <picture> chose) laid out at the image's width, and the height of every text group
# (matplotlib draws text as paths, one <g id="text_N"> per text).
CHART_TEXT = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('figure.sitrep-chart img')) {
    const width = img.getBoundingClientRect().width;
    const svgText = await (await fetch(img.currentSrc)).text();
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;left:0;top:0;width:' + width + 'px';
    box.innerHTML = svgText.slice(svgText.indexOf('<svg'));
    document.body.appendChild(box);
    const svg = box.querySelector('svg');
    svg.style.width = width + 'px';
    svg.style.height = 'auto';
    const heights = [...svg.querySelectorAll('g[id^="text_"]')].map(g => g.getBoundingClientRect().height);
    out.push({src: img.currentSrc.split('/').pop(), width, count: heights.length, smallest: Math.min(...heights)});
    box.remove();
  }
  return out;
}"""


@pytest.mark.parametrize("path", REPORTS)
def test_chart_text_is_at_least_11_px_on_a_phone(browser, site: str, path: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        page.goto(site + path, wait_until="networkidle")
        charts = page.evaluate(CHART_TEXT)
        assert charts, "the report has charts"
        for chart in charts:
            assert "-narrow-" in chart["src"]  # the phone gets the narrow drawing
            assert chart["count"] >= 3, chart
            assert chart["smallest"] >= 11, chart
    finally:
        context.close()


def test_every_chart_has_a_source_line_and_desktop_gets_the_wide_drawing(browser, site: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(site + REPORTS[0], wait_until="networkidle")
        figures = page.locator("figure.sitrep-chart")
        assert figures.count() >= 2
        for i in range(figures.count()):
            figure = figures.nth(i)
            beside = figure.evaluate("f => f.closest('.sitrep-first-map') !== null")
            # The first screen's map stands in a side column: there the narrow drawing is the one that fits.
            assert ("-narrow-" in figure.locator("img").evaluate("img => img.currentSrc")) == beside
            assert figure.locator("figcaption .sitrep-chart-source").inner_text().startswith("Source: ")
            caption = figure.locator("figcaption").inner_text()
            if "charts/map-" in figure.locator("img").get_attribute("src"):  # the locator map
                assert "Natural Earth" in caption
            else:
                assert "as reported by Associated Press, 2025-03-08" in caption
        assert page.locator(".sitrep-first-map figure.sitrep-chart img[src*='charts/map-']").count() == 1
    finally:
        context.close()


def _pdf_pages(page) -> list[str]:
    import io

    from pypdf import PdfReader

    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=True)
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize("path", REPORTS)
def test_printed_report_is_whole(browser, site: str, path: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(site + path, wait_until="networkidle")
        cards = [_flat(t) for t in page.locator(".sitrep-cards li").all_inner_texts()]
        quotes = [
            _flat(t).strip("“”")
            for t in page.locator("h3#all-figures ~ table td[data-label='Evidence']").all_inner_texts()
        ]
        headings = page.locator("h3#all-figures ~ table").first.locator("th").all_inner_texts()
        # A long quote's rest, closed on screen: on paper it is printed.
        rests = [_flat(t).strip("“”")[-40:] for t in page.locator("td.sitrep-quote details > span").all_text_contents()]
        assert rests or path != REPORTS[0]  # the Syria report has long quotes; the earthquake's are short
        pages = _pdf_pages(page)
        text = " ".join(pages)
        # Every column of the figures table, down to the evidence quotes.
        assert {"Figure", "Value", "Qualifier", "Place", "As of", "Source", "Evidence"} <= set(headings)
        for heading in headings:
            assert heading in text
        missing = [q for q in quotes if q[:60] not in text] + [r for r in rests if r not in text]
        assert quotes and missing == []
        # The edition's permanent address and its date at the foot of every page.
        number, published = LATEST[path]
        foot = f"https://sitrep.example.org/{path}editions/{number}/ · edition {number}, published {published}"
        assert [i for i, p in enumerate(pages, 1) if foot not in p] == []
        # No key-figure card split across two pages: each one whole on some page.
        bare = ["".join(p.split()) for p in pages]  # line breaks inside a card are no split
        split = [c for c in cards if not any("".join(c.split()) in p for p in bare)]
        assert cards and split == []
        # No navigation, search or table of contents; the full change list left out.
        assert "Table of contents" not in text and "Type to start searching" not in text
        assert "changes, by kind of fact" not in text and "Added: " not in text
        assert "Since edition 1:" in text  # the sentence that stands for it stays
    finally:
        context.close()
