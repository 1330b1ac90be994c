"""The report page's own sentences on the Arabic site (issue 28): the downloads, licence and
citation paragraphs, the sizes of files, the breakdowns, the figure history, the charts' words,
the corrections and the change list come from the catalogue in the page's language; a report's
own words inside them stay marked with their language; the English pages keep their words.
Built from the project's fixtures: the cholera report (Arabic, translated into English) and the
sample's Syria report (English, partly translated into Arabic)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.drawing import charts
from sitrep.facts import editions, measures
from sitrep.outputs import digest, messages, pagedata, render
from sitrep.outputs.words import ENGLISH

from .conftest import FIXTURES, ROOT, copy_project
from .test_charts import _texts

CHOLERA = "sindiyan-cholera-2025-10"
SYRIA = "syria-coast-2025-03"
ARABIC = messages.translations(ROOT, "ar", "en")


def _pages(tmp_path: Path, fixture: str) -> dict[str, str]:
    project = copy_project(tmp_path / "p", FIXTURES / fixture)
    checked = pipeline.check(project)
    en = render.environment(project / "templates")
    ar = render.environment(project / "templates", language="ar")
    out = render.report_pages(en, checked.reports[0], checked.seeds, False, (ar,))
    return {k: v.decode() for k, v in out.pages.items() if k.endswith(".md")}


@pytest.fixture(scope="module")
def cholera(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _pages(tmp_path_factory.mktemp("cholera"), "cholera")


@pytest.fixture(scope="module")
def syria(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _pages(tmp_path_factory.mktemp("sample"), "sample")


def _ar(report: str) -> str:
    return f"{render.LANGUAGE_PAGES}ar/reports/{report}/index.md"


def _en(report: str) -> str:
    return f"reports/{report}/index.md"


# The English sentences of the template and of the code that words a page, which an Arabic page must not show.
ENGLISH_SENTENCES = (
    "Every fact of this edition, as data",
    "These addresses are permanent",
    " bytes",
    " kB",
    "are published by",
    "Evidence quotes, verbatim statements",
    "put before it, so that no spreadsheet",
    "for Zotero, Pandoc and other reference managers",
    "New editions:",
    "situation report, edition",
    "The parts add up to",
    ": the parts",
    "reported values over time",
    "Source: ",
    "as reported by",
    "(the source gives both)",
    "Chart of the reported",
    "Bar chart of the",
)


def _ours(page: str) -> str:
    """A page's Markdown without the report's own words marked as another language's (a translation
    may leave them in the original: that is the report's text, not the page's)."""
    return re.sub(r'<span lang="(?!ar")[^"]*" dir="[a-z]*">[^<]*</span>', "", page)


def test_the_arabic_page_words_its_downloads_licence_and_citation(cholera: dict[str, str]) -> None:
    arabic, english = cholera[_ar(CHOLERA)], cholera[_en(CHOLERA)]
    assert "كل وقائع هذا الإصدار بياناتٍ: ملف <bdi>CSV</bdi> لكل نوع من الوقائع" in arabic
    assert "هذه العناوين دائمة: تحمل دائمًا الإصدار 1؛" in arabic
    assert re.search(r"\| \[actors\.csv\]\(data/actors\.csv\) \| .* \| [\d,]+ بايت \|", arabic)
    assert re.search(r"\| [\d,]+ ك\.بايت \|", arabic)  # a file of 10 kB or more
    assert "منشورة من قِبل <bdi>Sitrep Desk</bdi> بموجب الترخيص [<bdi>CC BY 4.0</bdi>]" in arabic
    assert "حتى لا يشغّلها أي برنامج جداول بيانات على أنها صيغة." in arabic
    # The citation as the Arabic page words it, its names and address isolated, the address this page's.
    assert (
        "<bdi>Sitrep Desk</bdi>. «تفشي الكوليرا في وادي السنديان، تشرين الأول/أكتوبر 2025 (مثال خيالي)»، "
        "تقرير عن الوضع، الإصدار 1، <bdi>2025-10-23</bdi>. <bdi>تقارير الوضع</bdi>. "
        f"<bdi>https://sitrep.example.org/ar/reports/{CHOLERA}/editions/1/</bdi>"
    ) in arabic
    assert "لبرنامجَي <bdi>Zotero</bdi> و<bdi>Pandoc</bdi>" in arabic
    assert "نُشر في 2025-10-23 (العربية)." in arabic  # the article's language named, not its code
    assert [s for s in ENGLISH_SENTENCES if s in _ours(arabic)] == []
    # The English page keeps its words (its golden copies hold the whole of them).
    for said in ("Every fact of this edition, as data", " bytes |", "for Zotero, Pandoc", "situation report, edition"):
        assert said in english


def test_the_figure_history_and_its_charts_speak_arabic(cholera: dict[str, str]) -> None:
    arabic = cholera[_ar(CHOLERA)]
    assert re.search(r"^#### .+، الإجمالي، وادي السنديان$", arabic, re.M)  # measure, group, place
    assert "المصدر: مديرية الصحة في محافظة الريم، نقلًا عن خدمة أخبار الريم، 2025-10-23." in arabic
    assert ": القيم المُبلَّغ عنها عبر الزمن." in arabic  # the caption
    assert "تدلّ المثلثات المتجهة إلى الأعلى" in arabic  # the text alternative
    assert re.search(r"\(CSV، [0-9,]+ بايت\)", arabic)


def test_breakdowns_on_the_arabic_page_of_an_english_report(syria: dict[str, str]) -> None:
    arabic, english = syria[_ar(SYRIA)], syria[_en(SYRIA)]
    assert "### التوزيع التفصيلي: الأجزاء\n" in arabic  # two measures broken down: "Breakdowns"
    assert "| الفئة | القيمة | المصدر | حتى تاريخ |" in arabic
    assert "مجموع الأجزاء من 1,018 إلى 1,023؛ والمجموع الكلي" in arabic
    assert "(يذكر المصدر القيمتين)" in arabic
    assert "بحسب الفئة (" in arabic  # the chart's caption
    assert "| المدنيون |" in arabic and "| civilians |" in english  # a group the catalogue names
    assert [s for s in ENGLISH_SENTENCES if s in _ours(arabic)] == []
    assert "### Breakdowns: the parts\n" in english
    assert "The parts add up to 1,018 to 1,023; the total is more than 1,000." in english


def test_the_change_list_marks_the_reports_own_words(syria: dict[str, str]) -> None:
    arabic, english = syria[_ar(SYRIA)], syria[_en(SYRIA)]
    changes = arabic.split('<div class="sitrep-changes" markdown>', 1)[1].split("</div>", 1)[0]
    lines = [line for line in changes.splitlines() if line.startswith("- ")]
    assert lines and all(line.startswith(("- جديد:", "- حدث جديد:", "- تصريح جديد:")) for line in lines[:5])
    # A source's name as the English report gives it: marked English, set apart from the Arabic around it.
    assert '<span lang="en" dir="ltr">Syrian Observatory for Human Rights</span>' in changes
    assert "، حتى " in changes and ", as of" not in changes
    assert '<span lang="en"' not in english.split('<div class="sitrep-changes" markdown>', 1)[1].split("</div>")[0]


def test_places_and_actors_in_the_arabic_page(syria: dict[str, str]) -> None:
    arabic = syria[_ar(SYRIA)]
    # Coordinates isolated (a right-to-left line would swap the pair), their precision in Arabic,
    # their source in the report's own words, marked English.
    assert '<bdi>35\\.5317, 35.7901</bdi> (مركز البلدة؛ <span lang="en" dir="ltr">editor, from a gazetteer' in arabic
    assert "(settlement;" not in arabic
    # An actor's other names, each marked as the report's English, joined with the Arabic semicolon.
    en = '<span lang="en" dir="ltr">'
    alawites = f"{en}Alawites</span>؛ {en}Assad’s minority Alawite sect</span>"
    assert alawites in arabic


def test_a_correction_told_in_arabic() -> None:
    later = digest.Later(3, "2025-03-09 09:00 UTC", "figures", "f", "Total killed", "value", "200", "210", "")
    assert later.text() == (
        "Corrected in edition 3 (2025-03-09 09:00 UTC): Total killed: the value shown here, 200, is now 210."
    )
    assert later.text(ARABIC) == (
        "صُحّح في الإصدار 3 (2025-03-09 09:00 UTC): Total killed: ما يعرضه هذا الإصدار في خانة «القيمة»، 200، "
        "صار الآن 210."
    )
    empty = digest.Later(2, "x", "events", "e", "a fact", "when", digest.EMPTY, "Sat", "")
    assert "«الوقت»، فارغة، صار الآن Sat." in empty.text(ARABIC)


def test_sizes_of_files_in_the_page_language() -> None:
    out = pagedata.Outputs({"a.csv": b"x" * 706, "b.json": b"x" * 12_345}, None, None, "", None, "")  # type: ignore[arg-type]
    assert (out.size("a.csv"), out.size("b.json")) == ("706 bytes", "12 kB")
    assert (out.size("a.csv", ARABIC), out.size("b.json", ARABIC)) == ("706 بايت", "12 ك.بايت")


# --------------------------------------------------------------------------- charts


def _history(words) -> dict[str, charts.Chart]:
    project = FIXTURES / "cholera"
    checked = pipeline.check(copy_project(Path(_tmp()) / "c", project))
    report = checked.reports[0]
    state = editions.state_at(report, 1)
    return render.make_charts(state, report.meta.editions[0].published.date(), measures.builtin(), "", words)


def _tmp() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="sitrep-ar-chart-")


def test_an_arabic_chart_draws_its_words_inside_the_figure() -> None:
    """The history chart of the Arabic page: its title, legend and axis words in Arabic, drawn shaped
    (matplotlib's libraqm) and inside the figure; the English chart's plan keeps its words (and so
    its file name and bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    arabic, english = _history(ARABIC)["history-0"], _history(ENGLISH)["history-0"]
    assert "القيم المُبلَّغ عنها عبر الزمن" in arabic.title and "reported values over time" in english.title
    assert '"legend"' in arabic.plan and '"legend"' not in english.plan
    assert arabic.source.startswith("المصدر: ")
    for chart in (arabic, charts._plan and dict(_history(ARABIC))["history-0-narrow"]):
        _count, outside, overlapping = _texts(chart)
        assert outside == [] and overlapping == []
    fig = charts.figure(arabic)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    legend = next(t for t in fig.findobj(Text) if t.get_text() == "قيمة محدّدة")  # "stated exactly"
    box, frame = legend.get_window_extent(renderer), fig.bbox
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    assert charts.draw(arabic) != charts.draw(english)


# --------------------------------------------------------------------------- the built page

# Latin words an Arabic report page may show outside an element marked with another language.
# Kept small and explicit; each line says why.
ALLOWED = (
    r"Sitrep Desk|Situation reports|Natural Earth",  # the publisher's and the site's names (mkdocs.yml), a map source
    r"CC BY 4\.0",  # the licence's name
    r"CSV|JSON|GeoJSON|HXL|BibTeX|CSL-JSON|Frictionless|Atom|Zotero|Pandoc|UTC",  # formats, standards, programs
    r"[\w.-]+\.(?:csv|json|geojson|bib|xml)",  # file names
    r"[\w.+-]+@[\w.-]+",  # e-mail addresses
    r"https?://\S+",  # addresses
    # Left to the value formatter (the other Arabic helper): money and dates as values give them,
    # "Thu 23 Oct 2025", "$2.4 million", and the measures' titles ("Suspected cases").
    r"\$[\d.,]+ (?:million|billion)",
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}",
    r"Suspected cases|Deaths from disease",
)


class _Unmarked(HTMLParser):
    """The text of a page's <article> that no element marks as in another language than Arabic."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "col", "wbr", "path", "use"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.depth = 0  # inside <article>
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag in self.VOID:
            return
        a = dict(attrs)
        # The downloads' descriptions are the third Arabic helper's (sitrep.outputs.dataout.describe).
        skip = tag in ("script", "style", "svg", "code", "pre") or a.get("data-label") == "محتواه"
        self.stack.append((tag, a.get("lang"), skip))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.depth or any(skip for _t, _l, skip in self.stack):
            return
        marked = [lang for _t, lang, _s in self.stack if lang]
        if marked and marked[-1] != "ar":
            return
        self.found.append(data)


@pytest.mark.slow
def test_the_built_arabic_report_page_has_no_english_sentence_left(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FIXTURES / "cholera")
    pipeline.build(project, tmp_path / "site", strict=True)
    reader = _Unmarked()
    reader.feed((tmp_path / "site" / "ar" / "reports" / CHOLERA / "index.html").read_text(encoding="utf-8"))
    text = " ".join(reader.found)
    assert "وادي السنديان" in text  # the article was read
    for allowed in ALLOWED:
        text = re.sub(allowed, " ", text)
    assert re.findall(r"[A-Za-z]{3,}(?:[ ,.'-]+[A-Za-z]{2,})*", text) == []


def test_a_correction_notice_on_the_arabic_page(tmp_path: Path) -> None:
    """A draft edition correcting a label: its notice in Arabic, the report's own words in it marked English."""
    from .test_editions import add_draft_correction

    project = copy_project(tmp_path / "p", FIXTURES / "sample")
    add_draft_correction(project)
    checked = pipeline.check(project)
    en = render.environment(project / "templates")
    ar = render.environment(project / "templates", language="ar")
    out = render.report_pages(en, checked.reports[0], checked.seeds, True, (ar,))
    page = f"{render.LANGUAGE_PAGES}ar/reports/{SYRIA}/editions/3/index.md"
    arabic = out.pages[page].decode()
    en_ = '<span lang="en" dir="ltr">'
    assert f"كانت خانة «التسمية» {en_}Total killed</span>. {en_}Plainer word.</span>" in arabic
    english = out.pages[f"reports/{SYRIA}/editions/3/index.md"].decode()
    assert "the label was Total killed. Plainer word." in english
