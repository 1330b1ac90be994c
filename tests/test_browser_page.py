"""A report page as the field reads it (issue 26), in chromium: sections in situation-report
order, the evidence folded on a phone and open on a desktop, everything printed but the citation
formats, no text under 13 px, the Syria page at most 20 phone screens, examples kept out of
search engines. On the two example reports (the Syria and earthquake fixtures) and on the forms
fixture's report."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest

from .conftest import FIXTURES, FORMS, REPORT, copy_project, run
from .test_browser import browser, plain, serve  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
QUAKE = "reports/kestrel-earthquake-2025-11"
FLOODS = "reports/marrow-floods-2026-04"
# The sections a report page may have, in the order a situation report gives them.
ORDER = ["Key figures", "What changed since", "Situation overview", "Impact", "Needs and response", "Timeline"]
ORDER += ["Statements", "Sources and method"]


def _site(tmp_path_factory: pytest.TempPathFactory, fixture, name: str) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp(name) / "p", fixture)
    built = run("build", cwd=project)
    assert built.returncode == 0, built.stderr
    yield from serve(project / "site")


@pytest.fixture(scope="module")
def quake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _site(tmp_path_factory, FIXTURES / "kestrel", "browser-quake")


@pytest.fixture(scope="module")
def floods(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _site(tmp_path_factory, FORMS, "browser-floods")


@pytest.fixture(params=["syria", "quake", "floods"])
def report_url(request: pytest.FixtureRequest) -> str:
    """Each report's latest edition (the Syria and earthquake reports have two editions)."""
    site, path = {"syria": ("plain", REPORT), "quake": ("quake", QUAKE), "floods": ("floods", FLOODS)}[request.param]
    return request.getfixturevalue(site) + path + "/"


def _open(browser, url: str, viewport: dict[str, int]):  # noqa: F811
    page = browser.new_page(viewport=viewport)
    page.goto(url, wait_until="networkidle")
    return page


# Every visible text node's font size below 13 px: (size, element, text).
SMALL_TEXT = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.data.trim() || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(r => r.width > 1 && r.height > 1)) continue;  // folded, clipped
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 13) out.push([size, el.tagName + "." + el.className, node.data.trim().slice(0, 40)]);
  }
  return out;
}"""


def test_sections_follow_a_situation_reports_order(browser, report_url: str) -> None:  # noqa: F811
    page = _open(browser, report_url, DESKTOP)
    try:
        found = [h.replace("\u00b6", "").strip() for h in page.locator("article h2").all_text_contents()]
        names = [
            next(o for o in ORDER if h.strip().startswith(o)) for h in found if any(h.startswith(o) for o in ORDER)
        ]
        assert names == sorted(names, key=ORDER.index), found
        assert found[-1].startswith("Sources and method"), found  # the evidence comes last
        assert {"Impact", "Sources and method"} <= set(names), found
    finally:
        page.close()


def test_the_evidence_is_folded_on_a_phone_and_open_on_a_desktop(browser, report_url: str) -> None:  # noqa: F811
    phone = _open(browser, report_url, PHONE)
    desktop = _open(browser, report_url, DESKTOP)
    try:
        method = "details.sitrep-method"
        assert phone.locator(method).evaluate("d => d.open") is False
        assert not phone.locator("#all-figures").is_visible()
        assert phone.locator(f"{method} > summary").is_visible()
        assert desktop.locator(method).evaluate("d => d.open") is True
        assert desktop.locator("#all-figures").is_visible()
        # The citation formats stay behind their own disclosure on every screen.
        assert desktop.locator("details.sitrep-cite-formats > summary").inner_text() == "Cite: BibTeX and CSL-JSON"
        assert not desktop.locator("details.sitrep-cite-formats pre").first.is_visible()
    finally:
        phone.close()
        desktop.close()


def test_a_link_into_the_evidence_opens_it_on_a_phone(browser, plain: str) -> None:  # noqa: F811
    page = _open(browser, plain + REPORT + "/#download-the-data", PHONE)
    try:
        assert page.locator("details.sitrep-method").evaluate("d => d.open") is True
        assert page.locator("#download-the-data").is_visible()
    finally:
        page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_no_visible_text_is_under_13_px(browser, report_url: str, viewport: dict[str, int]) -> None:  # noqa: F811
    page = _open(browser, report_url, viewport)
    try:
        assert page.evaluate(SMALL_TEXT) == []
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        assert page.evaluate(SMALL_TEXT) == []  # the folded evidence, the change list and the citation too
    finally:
        page.close()


def test_the_text_measure_sees_small_text(browser, plain: str) -> None:  # noqa: F811
    """The measure above would fail a page with 12 px text: it is not blind."""
    page = _open(browser, plain + REPORT + "/", PHONE)
    try:
        page.evaluate("document.querySelector('article h2').style.fontSize = '12px'")
        assert page.evaluate(SMALL_TEXT)
    finally:
        page.close()


def test_the_syria_page_is_at_most_20_phone_screens(browser, plain: str) -> None:  # noqa: F811
    page = _open(browser, plain + REPORT + "/", PHONE)
    try:
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 20 * PHONE["height"], f"{height} px: {height / PHONE['height']:.1f} screens"
    finally:
        page.close()


def test_print_holds_the_whole_change_list_and_the_evidence_not_the_citation_formats(
    browser,  # noqa: F811
    quake: str,
) -> None:
    page = _open(browser, quake + QUAKE + "/", PHONE)
    try:
        entries = page.locator("article .sitrep-changes li").all_text_contents()
        assert len(entries) > 5
        shown = page.locator("article").inner_text()
        assert all(e.strip() in shown for e in entries[:5]) and entries[5].strip() not in shown  # the rest folded
        assert "flash-appeal" not in " ".join(entries) and "new: 10 figures" not in shown  # labels, not ids or counts
        page.emulate_media(media="print")
        printed = page.locator("article").inner_text()
        assert all(e.strip() in printed for e in entries), [e for e in entries if e.strip() not in printed]
        assert "Each row is one figure as one source gave it" in printed  # the evidence, open on paper
        assert "More changes" not in printed and "The evidence: every figure" not in printed  # no bare toggles
        assert "@techreport{" not in printed and "BibTeX (" not in printed and "CSL-JSON (" not in printed
        assert "Cite this report" in printed  # the citation itself is printed
    finally:
        page.close()


def test_anchors_show_on_hover_or_focus_and_the_contents_rail_on_a_desktop_only(browser, quake: str) -> None:  # noqa: F811
    desktop = _open(browser, quake + QUAKE + "/", DESKTOP)
    phone = _open(browser, quake + QUAKE + "/", PHONE)
    try:
        anchor = desktop.locator("h2#impact .headerlink")
        assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"
        anchor.focus()
        desktop.wait_for_timeout(300)  # Material fades it in
        assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"
        rail = desktop.locator(".md-sidebar--secondary .md-nav__link")
        assert 0 < rail.count() <= 10 and rail.first.is_visible()
        assert all(
            desktop.locator(f"[id='{h}']").evaluate("e => e.tagName.toLowerCase()") == "h2"
            for h in [link.split("#", 1)[1] for link in rail.evaluate_all("ls => ls.map(l => l.getAttribute('href'))")]
        )  # sections only
        phone.locator("label.md-header__button[for=__drawer]").click()
        phone.wait_for_timeout(300)
        assert not phone.locator(".md-nav--secondary .md-nav__link").first.is_visible()
        nav = phone.locator(".md-nav--primary").inner_text()
        assert "How to read a report" in nav and "Writing reports" not in nav  # the editors' guide: from About
    finally:
        desktop.close()
        phone.close()


def test_an_example_is_kept_out_of_search_engines_and_says_so_to_machines(browser, quake: str, plain: str) -> None:  # noqa: F811
    page = _open(browser, quake + QUAKE + "/", DESKTOP)
    other = _open(browser, plain + REPORT + "/", DESKTOP)
    try:
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
        assert {n["@type"]: n.get("creativeWorkStatus") for n in data["@graph"]} == {
            "Report": "Fictional example",
            "Dataset": "Fictional example",
        }
        assert other.locator('meta[name="robots"]').count() == 0  # a real report is meant to be found
        assert "creativeWorkStatus" not in (other.locator('script[type="application/ld+json"]').text_content() or "")
    finally:
        page.close()
        other.close()


def test_lists_flag_an_example_once_under_headings_one_level_down(browser, quake: str) -> None:  # noqa: F811
    for path, level in (("reports/", "h2"), ("", "h3")):
        page = _open(browser, quake + path, DESKTOP)
        try:
            entry = page.locator(f".sitrep-entry > {level}").first
            assert entry.inner_text().count("fictional example") == 1
            levels = page.locator("article h1, article h2, article h3, article h4").evaluate_all(
                "hs => hs.map(h => +h.tagName[1])"
            )
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # axe's heading-order
        finally:
            page.close()
