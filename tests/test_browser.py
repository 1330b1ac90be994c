"""A real browser (Debian's chromium, headless, driven by Playwright) on the built site.

Edition links, the old-edition banner and the version selector are behaviour, not
markup: they are clicked here. With CI=true a browser that cannot start fails the
run; elsewhere the tests skip with the reason.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.facts.text import yaml_double_quoted

from .conftest import REPORT, copy_project, edit, republish, run

CHROMIUM = os.environ.get("SITREP_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@functools.cache
def _handler(directory: str):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args) -> None:
            pass

    return Quiet


def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site with one site release, served on localhost."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "p")
    result = run("release", "2025-03", cwd=project)
    assert result.returncode == 0, result.stderr
    yield from serve(project / "site")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("browser-plain") / "p")
    assert run("build", cwd=project).returncode == 0
    yield from serve(project / "site")


class Visit:
    """A page with what it logged and requested."""

    def __init__(self, browser, url: str) -> None:
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="networkidle")

    def close(self) -> None:
        self.page.close()


PAGES = ["", "reports/", f"{REPORT}/", f"{REPORT}/editions/1/", f"{REPORT}/editions/2/", "about/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_cleanly_and_stay_on_the_site(browser, plain: str, path: str) -> None:
    visit = Visit(browser, plain + path)
    try:
        assert visit.errors == []
        assert all(url.startswith(plain) for url in visit.requests), [
            u for u in visit.requests if not u.startswith(plain)
        ]
        assert not any(url.endswith("versions.json") for url in visit.requests)  # no releases: no selector
        assert visit.page.locator(".md-version").count() == 0
    finally:
        visit.close()


def test_old_edition_banner_leads_to_the_latest(browser, plain: str) -> None:
    visit = Visit(browser, plain + f"{REPORT}/editions/1/")
    try:
        banner = visit.page.locator(".admonition.warning").first
        assert "You are reading edition 1, published" in banner.inner_text()
        banner.get_by_role("link", name="Read the latest edition").click()
        visit.page.wait_for_url(plain + f"{REPORT}/")
        assert "Edition 2 of 2 (latest)" in visit.page.locator(".sitrep-edition").first.inner_text()
    finally:
        visit.close()


def test_edition_links_reach_each_edition(browser, plain: str) -> None:
    visit = Visit(browser, plain + f"{REPORT}/")
    try:
        table = visit.page.locator("h3#editions + .md-typeset__scrollwrap table, h3#editions + table").first
        table.get_by_role("link", name="1", exact=True).click()
        visit.page.wait_for_url(plain + f"{REPORT}/editions/1/")
        assert "You are reading edition 1, published" in visit.page.content()
    finally:
        visit.close()


def test_version_selector_switches_between_live_and_release(browser, released: str) -> None:
    visit = Visit(browser, released + f"{REPORT}/")
    try:
        assert visit.errors == []
        selector = visit.page.locator(".md-version")
        selector.wait_for()
        assert selector.locator(".md-version__current").inner_text().strip() == "live"
        selector.hover()
        selector.get_by_role("link", name="2025-03").click()
        visit.page.wait_for_url(released + f"2025-03/{REPORT}/")  # same page, in the release
        assert "snapshot of this site" in visit.page.locator("[data-md-component=outdated]").inner_text()
        visit.page.locator(".md-version").hover()
        visit.page.locator(".md-version").get_by_role("link", name="live").click()
        visit.page.wait_for_url(lambda url: not url.startswith(released + "2025-03/"))
        assert visit.page.locator(".md-version__current").inner_text().strip() == "live"
    finally:
        visit.close()


def test_release_pages_load_cleanly(browser, released: str) -> None:
    for path in ("2025-03/", f"2025-03/{REPORT}/editions/1/"):
        visit = Visit(browser, released + path)
        try:
            assert visit.errors == [], path
        finally:
            visit.close()


def test_chromium_is_debian_not_downloaded() -> None:
    if shutil.which("chromium") is None and os.environ.get("CI") != "true":
        pytest.skip("no chromium here")
    assert Path(CHROMIUM).exists()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site with markup and script in every kind of fact text."""
    from .test_escaping import HOSTILE

    project = copy_project(tmp_path_factory.mktemp("browser-hostile") / "p")
    report = project / REPORT
    text = " ".join(h for h in HOSTILE if "script" in h or "onerror" in h).replace('"', "'")
    edit(report / "figures.yaml", "  label: Total killed\n", f'  label: "{text}"\n')
    edit(report / "places.yaml", "  name: Latakia\n", f'  name: "{text}"\n')
    edit(
        report / "media.yaml",
        "  caption: Smoke rises from a factory hit on the outskirts of Latakia\n",
        f'  caption: "{text}"\n',
    )
    republish(project)
    # The authoring commands' channel: a new edition's headline and summary. DEL (which made mkdocs drop
    # the page's front matter into its body, links and handlers live) is refused; the rest is text.
    refused = run("edition", REPORT.split("/")[1], "--headline", "h", "--summary", "Update\x7f", cwd=project)
    assert refused.returncode == 1 and "[SR118]" in refused.stderr, refused.stderr
    started = run(
        "edition", REPORT.split("/")[1], "--headline", EDITION_HEADLINE, "--summary", EDITION_SUMMARY,
        "--published", "2025-03-10T08:00:00+00:00", cwd=project,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    # The new edition starts with the last overview (a writer's starting point), which describes it in the
    # page head (description, JSON-LD) and tops its body: the writer brings it up to date, here with the
    # same hostile text.
    yaml_path = report / "report.yaml"
    lines = yaml_path.read_text(encoding="utf-8").splitlines(keepends=True)
    copied = max(i for i, line in enumerate(lines) if line.startswith("    overview: "))
    assert lines[copied + 1] == "    draft: true\n", lines[copied:]
    lines[copied] = f"    overview: {yaml_double_quoted(EDITION_SUMMARY)}\n"
    yaml_path.write_text("".join(lines), encoding="utf-8")
    built = run("build", "--drafts", cwd=project)
    assert built.returncode == 0, built.stderr
    yield from serve(project / "site")


EDITION_SUMMARY = (
    "Update [x](javascript:alert(1)) [m](https://example.org/){: onmouseover=alert(2) } "
    "</script><script>alert(3)</script> <img src=x onerror=alert(4)> \u2028\u202eevil\u202c \ufeff\U0001f600"
)
EDITION_HEADLINE = "<script>alert(5)</script> {: onclick=alert(6) } [y](javascript:alert(7))"


def test_a_hostile_edition_summary_stays_text_in_the_browser(browser, hostile: str) -> None:
    """The edition's words (its overview) are in the front matter (description, JSON-LD) and body: text in each."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile + f"{REPORT}/editions/3/", wait_until="networkidle")
        for link in page.locator("article a").all()[:40]:  # an on* handler would fire on hover
            if link.is_visible():
                link.hover()
        assert dialogs == []
        assert (
            page.evaluate(
                """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                 .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                 .map(a => el.tagName + ' ' + a.name))"""
            )
            == []
        )
        scripts = page.evaluate(
            "() => [...document.scripts].filter(s => s.type !== 'application/ld+json').map(s => s.textContent)"
        )
        assert not [s for s in scripts if "alert(" in s]
        assert page.title().startswith("Killings on Syria")  # the front matter was read: not "Index - ..."
        article = page.inner_text("article")
        assert "description:" not in article and "jsonld" not in article  # the front matter stayed front matter
        assert "[x](javascript:alert(1))" in article  # the overview atop the body: Markdown shown as text
        assert "<script>alert(3)</script>" in article
        assert f"Edition 3: {EDITION_HEADLINE}." in article  # the headline, literally
        described = page.get_attribute('meta[name="description"]', "content") or ""
        assert "javascript:alert(1)" in described and "\U0001f600" in described
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", f"{REPORT}/", f"{REPORT}/editions/1/"])
def test_hostile_text_runs_no_script(browser, hostile: str, path: str) -> None:
    dialogs: list[str] = []
    visit = Visit(browser, hostile + path)
    try:
        visit.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        visit.page.mouse.move(300, 300)
        visit.page.wait_for_timeout(200)
        assert dialogs == [] and visit.errors == []
        assert visit.page.evaluate("document.querySelectorAll('img[src=x], a[href^=javascript]').length") == 0
        if path == f"{REPORT}/":
            assert "<script>alert(1)</script>" in visit.page.inner_text("article")
            visit.page.keyboard.press("/")  # the search shows the same text as text: its excerpt runs nothing
            search(visit.page, "alert")
            visit.page.wait_for_timeout(300)
            assert "<script>alert(1)</script>" in visit.page.locator(".pagefind-ui__results").inner_text()
            assert dialogs == [] and visit.errors == []
            assert visit.page.evaluate("document.querySelectorAll('dialog img, dialog script').length") == 0
    finally:
        visit.close()


# Issue 29's goal for what a reader's first search transfers: raw (the test server sends every file
# as it is), and so also as a web server sends it, gzip for the scripts and stylesheets (GitHub
# Pages, nginx and object stores with it on do), the index files as they are (Pagefind compresses
# them itself).
FIRST_SEARCH_BUDGET = 300_000


def transferred(urls: list[str]) -> int:
    """Bytes on the wire for ``urls`` from a server that gzips text (what Content-Encoding would give)."""
    import gzip
    import urllib.request

    total = 0
    for url in urls:
        with urllib.request.urlopen(url) as r:  # the test's own server on 127.0.0.1
            body = r.read()
        text = url.split("?")[0].rsplit(".", 1)[-1] in ("js", "css", "json")
        total += len(gzip.compress(body, compresslevel=6, mtime=0)) if text else len(body)
    return total


class Fetched:
    """What a page fetched, with the size of each response (Content-Length: the server does not compress)."""

    def __init__(self, page) -> None:
        self.sizes: list[tuple[str, int]] = []
        page.on("response", lambda r: self.sizes.append((r.url, int(r.headers.get("content-length") or 0))))

    def since(self, start: int) -> list[tuple[str, int]]:
        return self.sizes[start:]


def search(page, query: str) -> None:
    """Type a query as a reader does (keys, not a filled value) and wait for its results."""
    box = page.locator("dialog.sitrep-search input.pagefind-ui__search-input")
    box.wait_for(timeout=15_000)
    box.press_sequentially(query)
    # Each result is drawn at once as a placeholder ('. . . .' in a title marked pagefind-ui__loading)
    # and filled in when its fragment arrives (late on a busy machine): wait until every shown one is.
    page.locator(".pagefind-ui__result a.pagefind-ui__result-link").first.wait_for(timeout=15_000)
    page.wait_for_function("!document.querySelector('.pagefind-ui__results .pagefind-ui__loading')", timeout=15_000)


def test_search_finds_a_report_with_its_edition_and_date(browser, plain: str) -> None:
    """A first view fetches nothing of search; the first search fetches Pagefind's files, from the
    site itself, within the budget, and shows the report's title, edition and date."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    fetched = Fetched(page)
    try:
        page.goto(plain + f"{REPORT}/", wait_until="networkidle")
        assert not any("/pagefind/" in url for url, _ in fetched.sizes)  # nothing of search on a page view
        before = len(fetched.sizes)
        page.locator("button[data-sitrep-search]").click()  # the header's magnifier
        search(page, "Tuwaym")
        page.wait_for_load_state("networkidle")
        result = page.locator(".pagefind-ui__result").first
        title = result.locator(".pagefind-ui__result-title").first.inner_text().strip()
        assert title == "Killings on Syria's coast, March 2025"
        tags = [t.strip() for t in result.locator(".pagefind-ui__result-tag").all_inner_texts()]
        assert tags == ["Edition: 2 of 2", "Published: 2025-03-08 20:00 UTC"]
        assert "Tuwaym" in result.locator(".pagefind-ui__result-excerpt").first.inner_text()
        assert page.locator(".pagefind-ui__result").count() == 1  # old editions are not indexed
        searched = fetched.since(before)
        # Pagefind's script, worker, WebAssembly and index, and the results' stylesheet; never its
        # ready-made interface (pagefind-ui.js and .css: 134 KB of the 300 KB budget)
        assert searched and all(
            url.startswith(plain + "pagefind/") or url == plain + "assets/search.css" for url, _ in searched
        ), searched
        assert not any("pagefind-ui" in url for url, _ in searched), searched
        kinds = {url.split("?")[0].rsplit(".", 1)[-1] for url, _ in searched}
        assert {"js", "css", "pagefind", "pf_meta", "pf_index", "pf_fragment"} <= kinds, kinds
        raw = sum(size for _, size in searched)
        wire = transferred([url for url, _ in searched])
        assert 0 < wire <= raw <= FIRST_SEARCH_BUDGET, (wire, raw, searched)  # within it even uncompressed
        assert errors == []
        result.locator("a.pagefind-ui__result-link").first.click()
        page.wait_for_url(plain + f"{REPORT}/")
    finally:
        page.close()


def test_search_shortcut_key_opens_the_search(browser, plain: str) -> None:
    visit = Visit(browser, plain + "about/")
    try:
        visit.page.keyboard.press("/")
        search(visit.page, "Baniyas")
        titles = [t.strip() for t in visit.page.locator(".pagefind-ui__result-title").all_inner_texts()]
        assert "Killings on Syria's coast, March 2025" in titles
        assert visit.errors == []
    finally:
        visit.close()


def test_search_in_a_release_finds_the_release_pages(browser, released: str) -> None:
    """A release lives under its own path (as a site under a sub-path would): its search is its own."""
    visit = Visit(browser, released + f"2025-03/{REPORT}/editions/1/")
    try:
        visit.page.keyboard.press("/")
        search(visit.page, "Tuwaym")
        assert all("/2025-03/pagefind/" in u for u in visit.requests if "/pagefind/" in u)
        visit.page.locator("a.pagefind-ui__result-link").first.click()
        visit.page.wait_for_url(released + f"2025-03/{REPORT}/")
        assert visit.errors == []
    finally:
        visit.close()
