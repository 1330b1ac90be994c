"""A report's pages in the page's language (issue 28): the English pass of the Arabic cholera report
(tests/fixtures/cholera) shows its English translation and the Arabic pass its Arabic original;
evidence quotes stay in their seed's language and say so (``lang``, ``dir``); a translated statement
is shown as a translation with the speaker's own words beside it; a report with no translation into
the page's language shows its original words marked with their language, under a note; the lists
show each report's title in the page's language. In chromium: the cholera report's / and /ar/ pages.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.cache import memo
from sitrep.facts import measures
from sitrep.facts.model import AnonymousSource, Report, display_name
from sitrep.facts.seeds import Seed
from sitrep.outputs import messages, render
from sitrep.outputs.localize import Foreign, Translated, localize
from sitrep.review.changes import Names, compare

from .conftest import FIXTURES, ROOT, SAMPLE, copy_project, run
from .test_browser import browser, serve  # noqa: F401 - fixtures

CHOLERA = "sindiyan-cholera-2025-10"
PAGE = f"reports/{CHOLERA}/index.md"
EN_TITLE = "Cholera outbreak in Wadi al-Sindiyan, October 2025 (fictional example)"
AR_TITLE = "تفشي الكوليرا في وادي السنديان، تشرين الأول/أكتوبر 2025 (مثال خيالي)"
QUOTE = "ارتفع إلى ٢٣٠ حالة منذ يوم السبت الماضي"
SAID_AR = "لم نكن نعرف أن مياه البئر ملوّثة. كنا نشرب منها منذ الفيضان"
SAID_EN = "We did not know the well water was contaminated."


def _checked(tmp_path: Path, fixture: str) -> tuple[Path, Report, dict[str, Seed]]:
    project = copy_project(tmp_path / "p", FIXTURES / fixture)
    checked = pipeline.check(project)
    return project, checked.reports[0], checked.seeds


@pytest.fixture(scope="module")
def cholera(tmp_path_factory: pytest.TempPathFactory) -> tuple[render.ReportPages, str, str]:
    project, report, seeds = _checked(tmp_path_factory.mktemp("cholera"), "cholera")
    en = render.environment(project / "templates")
    ar = render.environment(project / "templates", language="ar")
    out = render.report_pages(en, report, seeds, False, (ar,))
    return out, out.pages[PAGE].decode(), out.pages[f"{render.LANGUAGE_PAGES}ar/{PAGE}"].decode()


def test_the_english_pass_of_an_arabic_report_shows_its_english_translation(cholera) -> None:
    _out, english, _arabic = cholera
    assert f"# {render.md(EN_TITLE)}\n" in english
    assert "Flash update: 230 suspected cholera cases" in english
    assert "Al-Rim Governorate health directorate" in english  # a source's name
    assert "| Suspected cholera cases | 230 |" in english  # a figure's label
    assert AR_TITLE not in english
    # No Arabic outside what is marked as Arabic (quotes, originals), the front matter and the charts' data.
    body = english.split("\n---\n", 1)[1]
    unmarked = re.sub(r'<span lang="ar" dir="rtl">[^<]*</span>', "", body)
    unmarked = re.sub(r"<figure.*?</figure>", "", unmarked, flags=re.S)  # chart alt: in English too, see below
    unmarked = re.sub(r"### Source articles.*", "", unmarked, flags=re.S)  # the article's title: marked
    assert re.findall(r"[\u0600-\u06ff]+", unmarked) == []


def test_the_arabic_pass_shows_the_arabic_original_unmarked(cholera) -> None:
    _out, _english, arabic = cholera
    assert f"# {render.md(AR_TITLE)}\n" in arabic
    assert QUOTE in arabic and '<span lang="ar"' not in arabic  # all Arabic: nothing to mark
    assert f"“{render.md(SAID_AR)}”" in arabic  # the speaker's words, in quotation marks
    assert EN_TITLE not in arabic and SAID_EN not in arabic


def test_quotes_keep_their_seeds_language_and_say_so(cholera) -> None:
    _out, english, _arabic = cholera
    assert f'“<span lang="ar" dir="rtl">{render.md(QUOTE)}</span>”' in english


def test_a_translated_statement_is_shown_as_a_translation_never_as_the_speakers_words(cholera) -> None:
    _out, english, _arabic = cholera
    line = next(x for x in english.splitlines() if SAID_EN in x)
    assert f"“{SAID_EN}" not in line  # not in quotation marks: these are not the speaker's words
    assert "a translation; in the speaker's words" in line
    assert f'“<span lang="ar" dir="rtl">{render.md(SAID_AR)}</span>”' in line


def test_the_charts_speak_the_pages_language(cholera) -> None:
    out, english, arabic = cholera
    en_charts = set(re.findall(r'src="(charts/[^"]+)"', english))
    ar_charts = set(re.findall(r'src="(charts/[^"]+)"', arabic))
    assert en_charts and ar_charts and en_charts.isdisjoint(ar_charts)
    assert {f"reports/{CHOLERA}/{c}" for c in en_charts} <= set(out.charts)
    assert {f"{render.LANGUAGE_PAGES}ar/reports/{CHOLERA}/{c}" for c in ar_charts} <= set(out.charts)  # its own
    alt = re.search(r'<img src="charts/[^"]+" alt="([^"]*)"', english)
    assert alt is not None and "Al-Rim Governorate health directorate" in alt.group(1)


def test_the_lists_show_each_title_in_the_pages_language(cholera) -> None:
    out, _english, _arabic = cholera
    entry = out.entry
    assert entry is not None and entry.title == EN_TITLE and entry.language == "en"
    assert entry.in_language("en") is entry
    assert entry.in_language("ar").title == AR_TITLE
    assert [what for _v, what, _d, _c in entry.cards] == [
        "Cholera deaths",
        "Cases confirmed by laboratory tests",
        "Suspected cholera cases",
    ]
    assert next(what for _v, what, _d, _c in entry.in_language("ar").cards) == "الوفيات بالكوليرا"
    french = entry.in_language("fr")  # no French: the English, marked as English
    assert isinstance(french.title, Foreign) and french.title.language == "en"
    assert all(isinstance(what, Foreign) for _v, what, _d, _c in french.cards)
    # The report cache keeps the entry as JSON: its words in each language come back the same.
    back = memo._from_json(render.IndexEntry, json.loads(json.dumps(memo._to_json(entry))))
    assert back == entry and back.in_language("ar") == entry.in_language("ar")


def test_a_report_with_no_translation_shows_its_original_marked_under_a_note(tmp_path: Path) -> None:
    project, report, seeds = _checked(tmp_path, "sample")  # the Syria report: English, no i18n/ar.yaml
    ar = render.environment(project / "templates", language="ar")
    page = render.report_pages(ar, report, seeds, False).pages[f"reports/{report.meta.id}/index.md"].decode()
    assert "لم يُترجم هذا التقرير إلى العربية" in page
    assert f'# <span lang="en" dir="ltr">{render.md(report.meta.title)}</span>' in page
    place = report.places[0].name
    assert f'<span lang="en" dir="ltr">{render.md(place)}</span>' in page


def test_text_in_another_language_stays_text() -> None:
    env = render.environment(ROOT / "templates", language="ar")
    shown = env.from_string("{{ t }}").render(t=Foreign("<script>alert(1)</script> *x*", "en"))
    assert shown.startswith('<span lang="en" dir="ltr">') and "<script>" not in shown
    assert "&lt;script&gt;" in shown and r"\*x\*" in shown
    # The same language as the page's: no mark; a language of the same direction: isolated only.
    assert "<span" not in render.environment(ROOT / "templates").from_string("{{ t }}").render(t=Foreign("x", "en"))
    same_way = render.environment(ROOT / "templates").from_string("{{ t }}").render(t=Foreign("x", "fr"))
    assert same_way == '<span lang="fr" dir="auto">x</span>'


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def cholera_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("cholera-site") / "p", FIXTURES / "cholera")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    site = tmp_path_factory.mktemp("served") / "site"
    shutil.copytree(project / "site", site)
    yield from serve(site)


def _h1(page) -> str:
    return page.locator("article h1").first.inner_text().strip().removesuffix("¶").strip()


@pytest.mark.slow
def test_each_language_of_the_site_shows_the_report_in_its_own_words(browser, cholera_site: str) -> None:  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(cholera_site + f"reports/{CHOLERA}/", wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert _h1(page) == EN_TITLE
        quote = page.locator("td span[lang='ar']", has_text=QUOTE).first
        assert quote.get_attribute("dir") == "rtl"
        assert quote.evaluate("e => getComputedStyle(e).direction") == "rtl"
        page.goto(cholera_site + f"ar/reports/{CHOLERA}/", wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert _h1(page) == AR_TITLE
        assert page.locator("article [lang='en']").count() == 0  # the report's words are all Arabic here
        page.goto(cholera_site + "ar/", wait_until="networkidle")
        assert AR_TITLE in page.inner_text("article")
        page.goto(cholera_site, wait_until="networkidle")
        assert EN_TITLE in page.inner_text("article") and AR_TITLE not in page.inner_text("article")
    finally:
        page.close()


def test_published_pages_show_only_the_translation_as_published(tmp_path: Path) -> None:
    project, report, seeds = _checked(tmp_path, "cholera")
    english = report.translations[0]
    assert english.published["report/title"] == 1  # editions.lock: "text en 1 report/title ..."
    assert set(english.published) == set(english.texts)
    en = render.environment(project / "templates")
    # The same translation, never published: the published edition keeps the Arabic, marked, under a note.
    unpublished = report.model_copy(update={"translations": (english.model_copy(update={"published": {}}),)})
    page = render.report_pages(en, unpublished, seeds, False).pages[PAGE].decode()
    assert f'# <span lang="ar" dir="rtl">{render.md(AR_TITLE)}</span>' in page
    assert "This report has not been translated into this language" in page
    assert EN_TITLE not in page


def test_a_draft_edition_previews_its_translation(tmp_path: Path) -> None:
    project, report, seeds = _checked(tmp_path, "cholera")
    english = report.translations[0].model_copy(update={"published": {}})
    meta = report.meta.model_copy(update={"editions": (report.meta.editions[0].model_copy(update={"draft": True}),)})
    draft = report.model_copy(update={"meta": meta, "translations": (english,)})
    en = render.environment(project / "templates")
    page = render.report_pages(en, draft, seeds, True).pages[PAGE].decode()
    assert f"# {render.md(EN_TITLE)}" in page


def test_marked_texts_survive_pickling_to_the_chart_workers() -> None:
    said = Translated("We did not know.", "لم نكن نعرف.", "ar")
    back = pickle.loads(pickle.dumps([Foreign("Latakia", "en"), said]))
    assert back[0] == "Latakia" and back[0].language == "en"
    assert back[1] == "We did not know." and back[1].original.language == "ar"


def test_what_changed_names_each_fact_in_the_pages_language(tmp_path: Path) -> None:
    """Changes are found between the editions as written (Arabic here) and named as the page
    names each fact: a new figure and source of the English page in the English translation."""
    _project, report, _seeds = _checked(tmp_path, "cholera")
    figure = report.figures[0]
    old = report.model_copy(update={"figures": report.figures[1:], "sources": ()})
    changes = compare(old, report, lifecycle=False, full=True)
    shown = render._named_as_shown(changes, localize(old, "en"), localize(report, "en"), measures.builtin())
    titles = {(c.section, c.id): c.title for c in shown}
    assert titles[("figures", figure.id)].startswith("Suspected cholera cases")
    assert "(Al-Rim Governorate health directorate)" in titles[("figures", figure.id)]
    assert titles[("sources", "health-directorate")] == "Al-Rim Governorate health directorate"
    assert [(c.kind, c.section, c.id) for c in shown] == [(c.kind, c.section, c.id) for c in changes]


def test_an_anonymous_source_is_marked_in_the_pages_language() -> None:
    report = pipeline.check(SAMPLE).reports[0]
    (resident, *_) = [s for s in report.sources if isinstance(s, AnonymousSource)]
    arabic = render.anonymous(messages.translations(ROOT, "ar", "en"))
    assert display_name(resident) == f"{resident.label} (anonymous)"
    assert display_name(resident, arabic) == f"{resident.label} (مجهول الهوية)"
    assert Names(report, anonymous=arabic).sources[resident.id] == f"{resident.label} (مجهول الهوية)"
