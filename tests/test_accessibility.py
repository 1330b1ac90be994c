"""axe-core (the build bundled in the axe-playwright-python package) on every page type,
at desktop width and at a 375 px phone width, with no rule disabled."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import REPORT
from .test_browser import browser, released  # noqa: F401 - fixtures

PAGES = {
    "home": "",
    "report index": "reports/",
    "report (latest edition)": f"{REPORT}/",
    "old edition": f"{REPORT}/editions/1/",
    "about": "about/",
    "writing reports": "writing/",
    "data for analysts": "data/",
    "site release": f"2025-03/{REPORT}/",
    "search results": f"{REPORT}/?q=Tuwaym",  # a ?q= link opens the search dialog with its results
}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


def _axe_source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail("axe-playwright-python (which bundles axe-core) is not installed")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_or_critical_violations(browser, released: str, kind: str, width: str) -> None:  # noqa: F811
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    try:
        page = context.new_page()
        page.goto(released + PAGES[kind], wait_until="networkidle")
        if "?q=" in PAGES[kind]:
            page.locator("dialog.sitrep-search[open] .pagefind-ui__result").first.wait_for(timeout=15_000)
        page.evaluate(_axe_source())
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{kind} at {width} width"
        assert result["testEngine"]["version"].startswith("4.")
    finally:
        context.close()
