"""Issue 26, items 1-3 in chromium: the first screen of the example reports (their fixture
copies: the Syria sample and the Kestrel earthquake) and of a fixture report whose toll rose
between editions, at 1280x800 and 375x667. The cards in severity order, the arrow and its
number, the locator map beside the key figures on a wide screen and right after them on a
phone, key-figure labels at least 14 px and no text of the first screen under 13 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPORT, copy_project, run
from .test_browser import browser, serve  # noqa: F401 - the browser fixture, shared
from .test_key_figures import MARROW, changed_project

pytestmark = pytest.mark.slow

KESTREL = "reports/kestrel-earthquake-2025-11"
WIDE, PHONE = {"width": 1280, "height": 800}, {"width": 375, "height": 667}

# What the first screen measures: each box in page coordinates, the cards' first lines, the
# labels' font size and the smallest visible text of the first screen.
MEASURE = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
    const b = e.getBoundingClientRect(); return {x: b.left, y: b.top + scrollY, w: b.width, h: b.height}; };
  const cards = [...document.querySelectorAll('.sitrep-first .sitrep-cards li')];
  const sizes = [];
  for (const el of document.querySelectorAll('.sitrep-first *')) {
    if (el.closest('.sitrep-sr, .headerlink')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (own && r.width > 1 && r.height > 1) sizes.push([size, el.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return {
    cards: box('.sitrep-first .sitrep-cards'), map: box('.sitrep-first-map'), text: box('.sitrep-first-text'),
    values: cards.map(li => li.querySelector('strong').textContent.trim()),
    labels: cards.map(li => parseFloat(getComputedStyle(li.querySelector('p + p')).fontSize)),
    smallest: sizes[0] || null,
    highlights: [...document.querySelectorAll('h2#highlights + ul > li')].map(li => li.textContent.trim()),
  };
}"""


def _site(project: Path, publish: str = "") -> Path:
    if publish:  # a changed fixture: its editions published afresh
        result = run("publish", publish, cwd=project)
        assert result.returncode == 0, result.stderr
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server over three built projects: the sample, the Kestrel example and the risen toll."""
    top = tmp_path_factory.mktemp("first-screen")
    (top / "all").mkdir()
    for name, fixture in (("sample", FIXTURES / "sample"), ("kestrel", FIXTURES / "kestrel")):
        (top / "all" / name).symlink_to(_site(copy_project(top / name, fixture)))
    risen = changed_project(top / "risen")
    (top / "all" / "risen").symlink_to(_site(risen, MARROW.removeprefix("reports/")))
    yield from serve(top / "all")


def measure(browser, url: str, viewport: dict[str, int]) -> dict:  # noqa: F811 - the fixture, passed on
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(url, wait_until="networkidle")
        return page.evaluate(MEASURE)
    finally:
        page.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "375"])
def test_the_earthquake_opens_with_its_dead(browser, sites: str, viewport: dict[str, int]) -> None:  # noqa: F811
    m = measure(browser, sites + f"kestrel/{KESTREL}/", viewport)
    assert m["values"][:3] == ["at least 214", "more than 1,100", "about 86,000"]
    assert m["values"].index("6.8") > m["values"].index("$38 million")
    assert min(m["labels"]) >= 14 and m["smallest"][0] >= 13, m["smallest"]
    assert m["highlights"][0].startswith("A magnitude 6.8 earthquake") and len(m["highlights"]) == 3


def test_the_map_stands_beside_the_key_figures_on_a_wide_screen(browser, sites: str) -> None:  # noqa: F811
    m = measure(browser, sites + f"sample/{REPORT}/", WIDE)
    cards, the_map = m["cards"], m["map"]
    assert the_map["x"] >= cards["x"] + cards["w"]  # to the right of the cards
    assert the_map["y"] < cards["y"] + cards["h"] and the_map["y"] + the_map["h"] > cards["y"]  # level with them
    assert the_map["y"] < 800  # on the first screen
    assert m["values"][0] == "more than 1,000" and min(m["labels"]) >= 14 and m["smallest"][0] >= 13, m["smallest"]


def test_the_map_follows_the_key_figures_on_a_phone(browser, sites: str) -> None:  # noqa: F811
    m = measure(browser, sites + f"sample/{REPORT}/", PHONE)
    cards, the_map = m["cards"], m["map"]
    assert abs(the_map["x"] - cards["x"]) < 1 and the_map["w"] <= 375  # one column
    assert 0 <= the_map["y"] - (cards["y"] + cards["h"]) < 60  # right after them
    assert min(m["labels"]) >= 14 and m["smallest"][0] >= 13, m["smallest"]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "375"])
def test_a_risen_toll_shows_its_arrow_and_number(browser, sites: str, viewport: dict[str, int]) -> None:  # noqa: F811
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(sites + f"risen/{MARROW}/", wait_until="networkidle")
        cards = page.locator(".sitrep-first .sitrep-cards li")
        first = cards.first
        assert first.locator("strong").inner_text() == "at least 62"
        change = first.locator(".sitrep-change-up")
        assert change.locator("[aria-hidden=true]").inner_text() == "\u25b2"
        assert change.text_content() == "\u25b2up 21 since edition 1 (was 41)"  # read out: "up 21 since ..."
        assert page.locator(".sitrep-first .sitrep-change").count() == 1  # nothing else changed: no arrow
        assert change.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 13
        highlights = page.locator("h2#highlights + ul > li").all_inner_texts()
        assert highlights[0] == "At least 62 people were killed in Marrow Valley, the governor said."
        line = page.locator(".sitrep-edition").first.inner_text()
        assert "Fri 10 Apr 2026, 09:00 local time (UTC+03:00), 06:00 UTC" in line
    finally:
        page.close()


def test_home_and_list_cards_lead_with_the_dead(browser, sites: str) -> None:  # noqa: F811
    for path in ("kestrel/", "kestrel/reports/"):
        page = browser.new_page(viewport=WIDE)
        try:
            page.goto(sites + path, wait_until="networkidle")
            first = page.locator(".sitrep-entry li").first.inner_text()
            assert first.startswith("at least 214") and "People killed" in first, (path, first)
        finally:
            page.close()
    page = browser.new_page(viewport=PHONE)
    try:  # a risen toll: its change on the home page's card too, the arrow read out as "up"
        page.goto(sites + "risen/", wait_until="networkidle")
        first = page.locator(".sitrep-entry li").first
        assert first.locator("strong").inner_text() == "at least 62"
        assert first.locator(".sitrep-change-up").text_content() == "\u25b2up 21 since edition 1 (was 41)"
        assert first.locator(".sitrep-sr").evaluate("e => e.getBoundingClientRect().width") <= 1  # heard, not seen
    finally:
        page.close()
