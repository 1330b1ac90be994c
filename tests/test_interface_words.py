"""sitrep's own words in the page's language (issue 28, item 1): the home page, the list of
reports, the theme's words, and the words Python code puts on a page (what changed, the cards'
changes, the sections' theme headings), through the catalogue (:mod:`sitrep.outputs.words`).
English stays as it was: the golden files hold its bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.facts.model import Duration, Period, Qualifier, Report, When
from sitrep.outputs import digest, filters, messages, render, themes
from sitrep.outputs.words import ENGLISH
from sitrep.review.changes import Change

from .conftest import FIXTURES, REPORT, ROOT, copy_project, run
from .test_key_figures import changed_project, views

ARABIC = messages.translations(ROOT, "ar", "en")


@pytest.fixture(scope="module")
def quake() -> Report:
    return pipeline.check(FIXTURES / "kestrel").reports[0]


def test_what_changed_is_worded_in_arabic_with_the_arrow_pointing_the_reading_way(quake: Report) -> None:
    killed = next(f for f in quake.figures if f.id == "killed-214")
    revised = [Change("revised", "figures", killed.id, "People killed (National disaster agency)", ("127 -> 214",))]
    english = digest.items(revised, {killed.id: killed}, {})
    arabic = digest.items(revised, {killed.id: killed}, {}, words=ARABIC)
    assert english == ["People killed: 127 \u2192 214, National disaster agency, as of Tue 2025-11-18"]
    assert arabic == [
        "People killed: 127 \u2190 214، National disaster agency، حتى الثلاثاء 18 تشرين الثاني/نوفمبر 2025"
    ]
    others = [
        Change("added", "sources", "s1", "Agency"),
        Change("added", "sources", "s2", "Monitor"),
        Change("added", "events", "e1", "Clashes erupted."),
        Change("removed", "media", "m1", "Smoke rises"),
        Change("corrected", "events", "e2", "A road closed", ("when: a -> b",)),
    ]
    lines = digest.items(others, {}, {}, words=ARABIC)
    assert lines == [
        "صُحّح: A road closed: تغيّر التاريخ",
        "حدث جديد: Clashes erupted.",
        "مصادر جديدة: Agency؛ Monitor",
        "سُحب: Smoke rises",
    ]
    assert digest.sentence(lines, words=ARABIC) == (
        "صُحّح: A road closed: تغيّر التاريخ؛ حدث جديد: Clashes erupted.، والمزيد أدناه"
    )
    assert digest.sentence([], words=ARABIC) == "لا تغيير في الوقائع"
    assert [g.heading for g in digest.groups(others, ARABIC)] == [
        "المصادر (2)",
        "الأحداث (2)",
        "تعليقات الصور (1)",
    ]
    assert [g.heading for g in digest.groups(others)] == ["Sources (2)", "Events (2)", "Photo captions (1)"]


def test_values_dates_and_durations_are_worded_in_the_language(quake: Report) -> None:
    killed = next(f for f in quake.figures if f.id == "killed-214")
    more = killed.model_copy(update={"qualifier": Qualifier.more_than, "value": 1000})
    assert filters.value(more) == "more than 1,000"
    assert filters.value(more, words=ARABIC) == "أكثر من 1,000"
    assert filters.value_short(more.model_copy(update={"qualifier": Qualifier.at_least}), words=ARABIC) == (
        "ما لا يقل عن 1,000"
    )
    assert filters.when(killed.as_of, None) == "Tue 2025-11-18"
    assert filters.when(killed.as_of, None, ARABIC) == "الثلاثاء 18 تشرين الثاني/نوفمبر 2025"
    evening = When(date=dt.date(2025, 11, 18), part_of_day="evening", approximate=True)
    assert filters.when(evening) == "about Tue 2025-11-18, evening"
    assert filters.when(evening, words=ARABIC) == "نحو الثلاثاء 18 تشرين الثاني/نوفمبر 2025، مساءً"
    # Arabic counts in six forms: one, two (the dual), three to ten, eleven to ninety-nine, a hundred...
    spans = [Duration(amount=n, unit="days", relation="within") for n in (1, 2, 5, 36, 100)]
    assert [filters.duration(d) for d in spans] == [
        "within a day",
        "within 2 days",
        "within 5 days",
        "within 36 days",
        "within 100 days",
    ]
    assert [filters.duration(d, ARABIC) for d in spans] == [
        "خلال يوم واحد",
        "خلال يومين",
        "خلال 5 أيام",
        "خلال 36 يومًا",
        "خلال 100 يوم",
    ]
    reports = [ARABIC.ngettext("%(n)s report.", "%(n)s reports.", n) % {"n": n} for n in (2, 11, 100)]
    assert reports == ["تقريران.", "11 تقريرًا.", "100 تقرير."]  # Babel's order: [4] is 100-102, [5] 11-99


def test_the_sections_theme_headings_are_translated(quake: Report) -> None:
    english = [h for h, _ in themes.grouped(list(quake.figures), themes.IMPACT)]
    arabic = [h for h, _ in themes.grouped(list(quake.figures), themes.IMPACT, ARABIC)]
    assert "Casualties" in english and "الضحايا" in arabic
    assert len(arabic) == len(english) and not set(arabic) & set(english)


def test_a_cards_change_reads_in_arabic_and_the_list_words_it_per_language(tmp_path: Path) -> None:
    second = views(changed_project(tmp_path / "p"))[1]
    group = second.key_figures()[0]
    assert second.change_words(group) == ("up", "21 since edition 1 (was 41)")
    arabic = dataclasses.replace(second, words=ARABIC)
    assert arabic.change_words(group) == ("up", "21 منذ الإصدار 1 (كان 41)")
    assert '<span class="sitrep-sr">ارتفاع</span> 21 منذ الإصدار 1 (كان 41)</span>' in arabic.card_change(group)
    entry = render.IndexEntry(
        "r",
        "Floods",
        "A summary.",
        dt.date(2026, 4, 10),
        cards=(("62", "Killed", "up", "21 since edition 1 (was 41)"),),
        moves=(second.change_parts(group)[1:],),
    )
    assert entry.card_change(0) == (
        ' <span class="sitrep-change-up"><span aria-hidden="true">\u25b2</span>'
        '<span class="sitrep-sr">up</span> 21 since edition 1 (was 41)</span>'
    )
    assert "ارتفاع</span> 21 منذ الإصدار 1 (كان 41)" in entry.card_change(0, ARABIC)
    home = render.index_pages(render.environment(ROOT / "templates", language="ar"), [entry])["index.md"].decode()
    assert "ارتفاع</span> 21 منذ الإصدار 1 (كان 41)" in home
    assert ENGLISH.gettext("up") == "up"


def test_the_arabic_home_page_and_list_are_in_arabic() -> None:
    entry = render.IndexEntry(
        "r", "Floods", "A summary.", dt.date(2026, 4, 10), example=True, edition="2", published="2026-04-10 09:00 UTC"
    )
    env = render.environment(ROOT / "templates", language="ar")
    pages = render.index_pages(env, [entry])
    home, listed = pages["index.md"].decode(), pages["reports/index.md"].decode()
    # The untranslated title, listed for the theme's table of contents (partials/sitrep-marked.html).
    foreign = '---\nsitrep_foreign:\n  - ["Floods", "en", "ltr"]\n---\n\n'
    assert home.startswith(foreign + "# تقارير الوضع\n\nيذكر كل رقم في هذا الموقع مصدره")
    assert listed.startswith(foreign)
    for words in ("## أحدث التقارير", "[جميع التقارير](reports/index.md)", "## البيانات", "[موجز Atom](feed.xml)"):
        assert words in home
    for page in (home, listed):
        assert "(مثال خيالي)" in page and "الإصدار 2 · نُشر في 2026-04-10 09:00 UTC" in page
    empty = render.index_pages(env, [])["index.md"].decode()
    assert "لا توجد تقارير بعد." in empty
    english = render.index_pages(render.environment(ROOT / "templates"), [])["index.md"].decode()
    assert english.startswith("# Situation reports\n") and "No reports yet." in english


@pytest.mark.slow
def test_the_arabic_pages_theme_words_are_arabic(tmp_path: Path) -> None:
    """The footer, the report's "found an error" aside, the print line, the search dialog, the data and
    writing pages."""
    project = copy_project(tmp_path / "p")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    home = (site / "ar" / "index.html").read_text(encoding="utf-8")
    for words in ("تنشره ", "للتواصل: ", "هل وجدت خطأً؟", 'aria-label="إغلاق البحث"', ': الإصدارات الجديدة"'):
        assert words in home
    report = (site / "ar" / REPORT / "index.html").read_text(encoding="utf-8")
    for words in ("هل وجدت خطأً في هذا التقرير؟", 'راسلنا على <a href="mailto:', "الإصدار 2، نُشر في"):
        assert words in report
    data = (site / "ar" / "data" / "index.html").read_text(encoding="utf-8")
    for words in (">البيانات للمحللين<", "القيمة الحالية", "وسوم HXL", "<th>الوسم</th>"):
        assert words in data
    writing = (site / "ar" / "writing" / "index.html").read_text(encoding="utf-8")
    for words in (">كتابة التقارير<", "<th>الملف</th>", "(مطلوب)", "مثال:", "<th>الوحدة</th>"):
        assert words in writing
    english = (site / REPORT / "index.html").read_text(encoding="utf-8")
    assert 'Found an error in this report?</strong>\n        Write to <a href="mailto:' in english


ENGLISH_HEADINGS = (
    "Highlights",
    "Key figures",
    "What changed since edition",
    "Situation overview",
    "Needs and response",
    "Timeline",
    "Statements",
    "Sources and method",
    "Discrepancies",
    "All figures",
    "Figure history",
    "Places",
    "Sources",
    "Editions",
    "Download the data",
    "Licence",
    "Cite this report",
    "Source articles",
)


def test_the_arabic_report_pages_headings_are_arabic(tmp_path: Path) -> None:
    """The report page's own words (templates/report.md.j2) in the Arabic pass of the cholera
    fixture: its headings, table headers and "as of" in Arabic, none left in English; the
    anchors other pages link to stay the English ones."""
    project = copy_project(tmp_path / "p", FIXTURES / "cholera")
    checked = pipeline.check(project)
    en = render.environment(project / "templates")
    ar = render.environment(project / "templates", language="ar")
    page = "reports/sindiyan-cholera-2025-10/index.md"
    out = render.report_pages(en, checked.reports[0], checked.seeds, False, (ar,))
    english, arabic = out.pages[page].decode(), out.pages[f"{render.LANGUAGE_PAGES}ar/{page}"].decode()
    headings = [line.split(" ", 1)[1] for line in arabic.splitlines() if line.startswith("#")]
    for heading in ("أبرز النقاط", "الأرقام الرئيسية", "المصادر والمنهجية", "المصادر", "الإصدارات"):
        assert heading in headings
    assert "الاستشهاد بهذا التقرير { #cite-this-report }" in headings
    assert "تنزيل البيانات { #download-the-data }" in headings
    left = [h for h in headings if any(h.startswith(word) for word in ENGLISH_HEADINGS)]
    assert left == []
    assert "| متى | أين | مَن | ما الذي حدث | المصدر |" in arabic
    assert "حتى " in arabic and "as of " not in arabic
    assert "**مثال خيالي:**" in arabic and "من مقال مصدر واحد" in arabic  # the notice; one of the six plural forms
    assert "| 230 | دقيق |" in arabic and "| أكثر من 150 | أكثر من |" in arabic  # the qualifier column
    assert "- **تقييم**:" in arabic and "- **Assessment**:" in english  # a statement's kind, from the vocabulary
    assert "\n## Highlights\n" in english and "\n## Key figures\n" in english and "{ #" not in english


def test_a_period_is_worded_in_the_language() -> None:
    span = Period(start=dt.date(2025, 3, 6), end=dt.date(2025, 3, 8))
    assert filters.period(span) == "2025-03-06 to 2025-03-08"
    assert filters.period(span, ARABIC) == "من 6 آذار/مارس 2025 إلى 8 آذار/مارس 2025"
    one = Period(start=dt.date(2025, 3, 8), end=dt.date(2025, 3, 8))
    assert (filters.period(one), filters.period(one, ARABIC)) == ("2025-03-08", "8 آذار/مارس 2025")
