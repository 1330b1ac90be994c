"""The report page as a reader sees it, measured in Debian's chromium at 1280x800 and 375x667.

What lies in the first screen, that nothing is wider than the viewport, that tables do
not scroll sideways and no ancestor clips them, that chart text is legible on a phone,
and what the printed PDF holds. Measured with bounding boxes, not read from markup.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .conftest import REPORT, copy_project, run
from .test_browser import Visit, browser, serve  # noqa: F401 - fixture

pytestmark = pytest.mark.slow
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 667)}
# The example reports the browser checks (each one's stable address).
REPORTS = [f"{REPORT}/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("report-page") / "p")
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
    page.goto(site + path, wait_until="networkidle")
    wanted = {
        "title": "article h1",
        "edition line": ".sitrep-edition",
        "situation summary": ".sitrep-summary",
        "key figure 1": ".sitrep-cards li:nth-child(1)",
        "key figure 2": ".sitrep-cards li:nth-child(2)",
    }
    outside = {name: _box(page, sel) for name, sel in wanted.items() if not _inside(_box(page, sel), w, h)}
    assert outside == {}, f"not in the first {w}x{h} screen"
    edition = page.locator(".sitrep-edition").inner_text()
    assert "Edition 2 of 2" in edition and "2025-03-08 20:00 UTC" in edition


@pytest.mark.parametrize("path", REPORTS)
def test_report_page_is_a_publication_not_a_manual(page_at, site: str, path: str) -> None:
    page = page_at
    page.goto(site + path, wait_until="networkidle")
    nav = page.locator(".md-sidebar--primary")  # no left navigation (on a phone: the closed drawer)
    assert not nav.is_visible() or nav.bounding_box()["x"] + nav.bounding_box()["width"] <= 0
    toc = page.locator(".md-sidebar--secondary .md-nav__link")
    if page.viewport[0] >= 1220:  # Material shows the table of contents beside the text from 76.25em
        assert 3 <= toc.count() <= 16
        assert page.locator(".md-sidebar--secondary nav nav nav").count() == 0  # sections only
    footer = page.locator(".md-footer").inner_text()
    assert "Published by Sitrep Desk" in footer and "CC BY 4.0" in footer
    assert "Material for MkDocs" not in page.content()
    assert "Sitrep Desk" in page.locator(".md-header").inner_text() or page.viewport[0] < 600
    report_error = page.locator(".sitrep-report-error a[href^='mailto:corrections@']")
    assert report_error.count() == 1
    assert page.locator(".md-footer a[href^='mailto:corrections@']").count() == 1
