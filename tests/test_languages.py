"""The site in two languages: English at the root, Arabic at /ar/ (mkdocs.yml ``extra.alternate``).

Each language is a pass of sitrep's own page builder with Material's language support
(``theme.language``, ``direction``); the interface words come from gettext catalogues
(``locale/<lang>/LC_MESSAGES/messages.po``, Babel). Checked here: the settings, the catalogues
(in step with the templates, a missing message named where it is used), the English site's bytes
unchanged but for the language selector and the alternates, hreflang in the head and the sitemap,
and, in chromium, the Arabic pages at a phone's and a desktop's width.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.errors import EnvironmentFault, FactsError
from sitrep.outputs import messages, render
from sitrep.pipeline import check
from sitrep.site import settings

from .conftest import REPORT, ROOT, copy_project, edit, run
from .test_accessibility import _axe_source
from .test_browser import browser, serve  # noqa: F401 - fixtures

LANGUAGES_BLOCK = re.compile(r"  # The site's languages.*?(?=  generator: false)", re.DOTALL)


def _one_language(project: Path) -> None:
    """mkdocs.yml as it was before the site had languages: no extra.alternate, no extra.digits."""
    path = project / "mkdocs.yml"
    text, n = LANGUAGES_BLOCK.subn("", path.read_text(encoding="utf-8"))
    assert n == 1, "mkdocs.yml's languages block moved: update LANGUAGES_BLOCK"
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- settings


def test_mkdocs_yml_lists_english_then_arabic() -> None:
    conf = settings.load(ROOT)
    assert [(lg.code, lg.path, lg.direction, lg.digits) for lg in conf.languages] == [
        ("en", "", "ltr", "latn"),
        ("ar", "ar/", "rtl", "latn"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("      link: /ar/\n", "      link: /arabic/\n", "its link must be '/ar/'"),
        ("      lang: ar\n", "      lang: xx\n", "'xx' is not an ISO 639-1 language code"),
        ("    ar: latn\n", "    ar: hindi\n", "extra.digits.ar must be one of latn, arab"),
    ],
)
def test_a_wrong_language_setting_is_named(tmp_path: Path, old: str, new: str, says: str) -> None:
    project = copy_project(tmp_path / "p")
    edit(project / "mkdocs.yml", old, new)
    with pytest.raises(EnvironmentFault, match=re.escape(says)):
        settings.load(project)


def test_numbers_and_dates_follow_the_language_and_its_digits(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    env = render.environment(project / "templates", language="ar")
    number, day = env.filters["number"], env.filters["day"]
    assert number(12345) == "<bdi>12,345</bdi>"  # isolated: a right-to-left page never reads it "345,12"
    assert render.environment(project / "templates").filters["number"](12345) == "12,345"  # English: as it was
    edit(project / "mkdocs.yml", "    ar: latn\n", "    ar: arab\n")
    env = render.environment(project / "templates", language="ar")
    assert env.filters["number"](12345) == "<bdi>١٢٬٣٤٥</bdi>"
    assert env.filters["day"](dt.date(2025, 3, 8)) == "٨ مارس ٢٠٢٥"
    assert day(dt.date(2025, 3, 8)) == "8 مارس 2025"


# --------------------------------------------------------------------------- the catalogues


def test_the_catalogues_are_in_step_with_the_templates(tmp_path: Path) -> None:
    """`make messages` was run: extracting again changes neither the template nor a catalogue."""
    project = copy_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in sorted((project / "locale").rglob("*.po*"))}
    written = messages.update_catalogues(project, ["ar"])
    assert sorted(written) == sorted(before)
    assert {p: p.read_bytes() for p in written} == before, "run `make messages` and translate what it adds"


def test_every_message_has_its_arabic_words() -> None:
    assert messages.missing(ROOT, ["ar"], messages.used(ROOT)) == []


def test_the_arabic_about_page_is_in_arabic_and_the_english_one_unchanged() -> None:
    english = render.environment(ROOT / "templates").get_template("about.md.j2").render()
    arabic = render.environment(ROOT / "templates", language="ar").get_template("about.md.j2").render()
    assert english.startswith("# How to read a report\n\n**Every number is sourced.**")
    assert arabic.startswith("# كيف تقرأ التقرير\n\n**لكل رقم مصدره.**")
    assert "(إعلان، ادعاء، تقييم، شهادة، نداء)" in arabic  # the vocabulary, translated, joined by an Arabic comma
    assert "*12%*" in arabic  # "%%" in a message is one "%" on the page


def test_a_missing_message_is_an_error_under_strict_naming_where_and_what(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    about = project / "templates" / "about.md.j2"
    lines = about.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "{% trans %}A sentence no catalogue has.{% endtrans +%}\n\n")
    about.write_text("".join(lines), encoding="utf-8")
    check(project)  # a finding, not an error, without --strict
    with pytest.raises(FactsError) as caught:
        check(project, strict=True)
    assert [str(d) for d in caught.value.diagnostics] == [
        "templates/about.md.j2:4:1: message (ar): 'A sentence no catalogue has.' has no translation in "
        "locale/ar/LC_MESSAGES/messages.po; it shows in English. Run `make messages`, then translate it there [SR804]"
    ]
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 1
    assert "templates/about.md.j2:4:1: message (ar): 'A sentence no catalogue has.'" in result.stderr
    assert not (project / "site").exists()


def test_a_fuzzy_translation_counts_as_missing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    edit(project / "locale/ar/LC_MESSAGES/messages.po", 'msgid "All reports"', '#, fuzzy\nmsgid "All reports"')
    found = messages.missing(project, ["ar"], messages.used(project))
    assert [(d.file, d.code) for d in found] == [
        ("templates/index.md.j2", "SR804"),
        ("templates/reports-index.md.j2", "SR804"),
    ]


# --------------------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample project built with one language (as before) and with English and Arabic."""
    base = tmp_path_factory.mktemp("languages")
    one = copy_project(base / "one")
    _one_language(one)
    two = copy_project(base / "two")
    for project in (one, two):
        result = run("build", "--strict", cwd=project)
        assert result.returncode == 0, result.stderr
    return one / "site", two / "site"


# What the languages add to an English page: Material's selector in the header, its hreflang
# alternates in the head; to the sitemap, each page's alternates.
SELECTOR = re.compile(
    r'<div class="md-header__option">\s*<div class="md-select">.*?</ul>\s*</div>\s*</div>\s*</div>\n?', re.S
)
ALTERNATE = re.compile(r'\s*<link rel="alternate ?" href="[^"]*" hreflang="[^"]*">')
BLANK_LINES = re.compile(r"\s*\n\s*")
SITEMAP_ALTERNATE = re.compile(r'\s*<xhtml:link rel="alternate" hreflang="[^"]*" href="[^"]*"/>')


def _without_languages(path: Path, data: bytes) -> bytes:
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
        path = path.with_suffix("")
    if path.suffix == ".html":
        text = ALTERNATE.sub("", SELECTOR.sub("", data.decode("utf-8"), count=1))
        # and the blank lines Jinja leaves where their blocks were (whitespace between tags, not text)
        return BLANK_LINES.sub("\n", text).encode("utf-8")
    if path.name == "sitemap.xml":
        text = data.decode("utf-8").replace(' xmlns:xhtml="http://www.w3.org/1999/xhtml"', "")
        return SITEMAP_ALTERNATE.sub("", text).encode("utf-8")
    return data


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_english_site_is_unchanged_but_for_the_selector_and_alternates(sites: tuple[Path, Path]) -> None:
    one, two = sites
    before = _files(one)
    after = {k: v for k, v in _files(two).items() if not k.startswith("ar/")}
    # The Arabic pages' charts (their words in Arabic) are files of their own under ar/: none here.
    assert sorted(after) == sorted(before)
    changed = [k for k in before if before[k].read_bytes() != after[k].read_bytes()]
    assert changed, "the languages must show on the English pages"
    assert [k for k in changed if not (k.endswith(".html") or k.startswith("sitemap.xml"))] == []
    differ = [
        k
        for k in changed
        if _without_languages(before[k], before[k].read_bytes()) != _without_languages(after[k], after[k].read_bytes())
    ]
    assert differ == []


@pytest.mark.slow
def test_every_page_names_itself_in_each_language_in_its_head_and_the_sitemap(sites: tuple[Path, Path]) -> None:
    _one, site = sites
    # The head names this very page in each language, relative (as mkdocs writes links: a preview
    # stays local); the sitemap names each page in each language, absolutely.
    heads = {
        f"{REPORT}/index.html": (f"../../{REPORT}/", f"../../ar/{REPORT}/"),
        f"ar/{REPORT}/index.html": (f"../../../{REPORT}/", f"../../../ar/{REPORT}/"),
        "index.html": ("./", "ar/"),
        "ar/index.html": ("../", "../ar/"),
        "about/index.html": ("../about/", "../ar/about/"),
        "ar/about/index.html": ("../../about/", "../../ar/about/"),
        "ar/reports/index.html": ("../../reports/", "../../ar/reports/"),
        # served at any address: each language's home, absolutely
        "ar/404.html": ("https://sitrep.example.org/", "https://sitrep.example.org/ar/"),
    }
    for page, (en, ar) in heads.items():
        text = (site / page).read_text(encoding="utf-8")
        # "alternate " (one token): Material's script fetches a sitemap beside every rel="alternate" exactly
        assert re.findall(r'<link rel="alternate ?" href="([^"]*)" hreflang="([^"]*)">', text) == [
            (en, "en"),
            (ar, "ar"),
        ], page
    english = (site / f"{REPORT}/index.html").read_text(encoding="utf-8")
    assert f'<a href="../../ar/{REPORT}/" hreflang="ar" lang="ar" class="md-select__link" target="_self">' in english
    arabic = (site / "ar" / f"{REPORT}/index.html").read_text(encoding="utf-8")
    assert f'<a href="../../../{REPORT}/" hreflang="en" lang="en" class="md-select__link" target="_self">' in arabic
    assert '<html lang="ar"' in arabic and '<body dir="rtl"' in arabic
    for sitemap, loc in ((site / "sitemap.xml", ""), (site / "ar" / "sitemap.xml", "ar/")):
        text = sitemap.read_text(encoding="utf-8")
        entry = re.search(rf"<url>\s*<loc>https://sitrep.example.org/{loc}about/</loc>.*?</url>", text, re.S)
        assert entry is not None
        assert '<xhtml:link rel="alternate" hreflang="en" href="https://sitrep.example.org/about/"/>' in entry.group()
        assert (
            '<xhtml:link rel="alternate" hreflang="ar" href="https://sitrep.example.org/ar/about/"/>' in entry.group()
        )
        home = re.search(rf"<url>\s*<loc>https://sitrep.example.org/{loc}</loc>.*?</url>", text, re.S)
        assert home is not None
        assert '<xhtml:link rel="alternate" hreflang="en" href="https://sitrep.example.org/"/>' in home.group()
        assert '<xhtml:link rel="alternate" hreflang="ar" href="https://sitrep.example.org/ar/"/>' in home.group()
        assert "/./" not in text
    assert "<h1>الصفحة غير موجودة</h1>" in (site / "ar" / "404.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_each_language_reuses_its_own_unchanged_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run("build", cwd=project).returncode == 0
    edit(project / "templates" / "about.md.j2", "{% trans %}How to read a report{% endtrans +%}", "How to read it")
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"1 of 8 pages rendered, 7 reused unchanged; /ar/: 1 rendered, 7 reused", result.stderr)


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def bilingual(sites: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(sites[1], site)
    yield from serve(site)


AR_PAGES = ["ar/", "ar/about/", "ar/reports/", f"ar/{REPORT}/"]


@pytest.mark.slow
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", AR_PAGES)
def test_arabic_pages_in_chromium(browser, bilingual: str, path: str, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(bilingual + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("document.body.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        too_wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => { const r = e.getBoundingClientRect();"
            " return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)"
            " && getComputedStyle(e).position !== 'fixed'"
            " && !e.closest('.md-sidebar, .md-nav, .md-select__inner, .md-search, dialog, [hidden]') })"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, too_wide
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'ع')")
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Noto Sans Arabic' && f.status === 'loaded')"
        )
        page.evaluate(_axe_source())
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == []
    finally:
        context.close()


@pytest.mark.slow
def test_the_language_selector_reaches_the_same_page_in_the_other_language(browser, bilingual: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        fetched: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(bilingual + f"{REPORT}/", wait_until="networkidle")
        # The head names this page in each language; nothing is fetched beside it (Material's script
        # would look for a sitemap beside each rel="alternate" link), and nothing fails.
        assert [u for u in fetched if u.endswith("sitemap.xml") and u != bilingual + "sitemap.xml"] == []
        assert errors == []
        page.locator(".md-select").first.hover()
        page.locator('a.md-select__link[hreflang="ar"]').click()
        page.wait_for_url(bilingual + f"ar/{REPORT}/", timeout=15_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "ar"
        page.locator(".md-select").first.hover()
        page.locator('a.md-select__link[hreflang="en"]').click()
        page.wait_for_url(bilingual + f"{REPORT}/", timeout=15_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert errors == []
    finally:
        context.close()


@pytest.mark.slow
def test_english_pages_never_fetch_the_arabic_font(browser, bilingual: str) -> None:  # noqa: F811
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    try:
        page.goto(bilingual + "about/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        assert [u for u in fetched if "noto-sans-latin" in u], "the English font is loaded"
        # unicode-range: no Arabic letter on the page but the selector's "العربية", in the reader's own font
        assert [u for u in fetched if "noto-sans-arabic" in u] == []
        page.goto(bilingual + "ar/about/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        assert [u for u in fetched if "noto-sans-arabic-arabic-400" in u]
    finally:
        page.close()


# --------------------------------------------------------------------------- charts


def _arabic_plan(label: str) -> dict:
    return {
        "names": [label, "مراكز العلاج"],
        "bars": [{"low": 230.0, "high": None, "text": "230"}, {"low": 41.0, "high": None, "text": "41"}],
        "xlabel": "عدد الحالات",
        "title": "الكوليرا في السنديان",
        "total": None,
        "narrow": False,
    }


def _arabic_chart(label: str):
    from sitrep.drawing import charts

    return charts.Chart("breakdown-ar", "t", "a", (), (), "breakdown", charts._plan(_arabic_plan(label)))


def test_an_arabic_chart_label_is_shaped_inside_the_figure_and_stable() -> None:
    """matplotlib shapes Arabic itself (libraqm), in Noto Sans Arabic: joined letters, right to left."""
    from sitrep.drawing import charts

    from .test_charts import _texts

    word = "حالات مشتبه بها"
    shaped = charts.draw(_arabic_chart(word))
    assert shaped == charts.draw(_arabic_chart(word))  # byte-stable
    reversed_letters = charts.draw(_arabic_chart(word[::-1]))  # what a second reversal (python-bidi) would give
    isolated = charts.draw(_arabic_chart("\u200c".join(word)))  # the same letters, each in its isolated form
    assert shaped != reversed_letters and shaped != isolated
    _count, outside, overlapping = _texts(_arabic_chart(word))
    assert outside == [] and overlapping == []
    # The label's drawing (its glyph paths) is Noto Sans Arabic's: no glyph fell back to a box.
    from matplotlib.font_manager import FontProperties, findfont

    assert findfont(FontProperties(family="Noto Sans Arabic")).endswith("NotoSansArabic-arabic-400.ttf")


def test_a_value_put_into_a_message_is_text_and_the_message_is_markdown() -> None:
    env = render.environment(ROOT / "templates", language="ar")
    page = env.from_string("{% trans name=x %}**All** reports: {{ name }}{% endtrans %}").render(
        x="<script>*x*</script>"
    )
    assert page == "**All** reports: &lt;script&gt;\\*x\\*&lt;/script&gt;"  # no Arabic for this one: English, escaped


@pytest.mark.slow
def test_each_language_has_its_own_charts_and_only_those(sites: tuple[Path, Path]) -> None:
    """A chart speaks its page's language (the map's words, its neighbours' names): each language's
    report folder holds exactly the charts its own pages link to, and its preview image is there."""
    _one, site = sites
    for lang in ("", "ar/"):
        folder = site / lang / REPORT
        linked = set()
        for page in [folder / "index.html", *sorted(folder.glob("editions/*/index.html"))]:
            html = page.read_text(encoding="utf-8")
            linked |= set(re.findall(r"charts/([\w.-]+\.(?:svg|png))", html))
            image = re.search(r'<meta property="og:image" content="https://sitrep\.example\.org/([^"]+)"', html)
            assert image is not None and (site / image.group(1)).is_file()
            assert image.group(1).startswith(f"{lang}{REPORT}/charts/")
        kept = {p.name for p in (folder / "charts").iterdir()}
        assert kept == linked
    english = {p.name for p in (site / REPORT / "charts").iterdir() if p.name.startswith("map-")}
    arabic = {p.name for p in (site / "ar" / REPORT / "charts").iterdir() if p.name.startswith("map-")}
    assert english and arabic and not english & arabic  # the map is drawn in each language
