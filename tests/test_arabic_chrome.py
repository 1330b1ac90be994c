"""The Arabic site's chrome in Arabic (issue 28): the site's name, the navigation, the header and the
footer, the edition line, the key figures and the lists' entries, in the catalogue's words and the
language's values and dates; a report not translated into Arabic keeps its title, marked as English.

Built from the project's own fixtures: the Kestrel earthquake (English, not translated into Arabic)
and the Sindiyan cholera outbreak (Arabic, with an English edition)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import FIXTURES, copy_project, edit, run

QUAKE = "reports/kestrel-earthquake-2025-11"
CHOLERA = "reports/sindiyan-cholera-2025-10"

# Latin text an Arabic page may show: names (the publisher, addresses, formats), and the UTC offset
# of a local time ("UTC+03:00"), a notation, not a word.
ALLOWED = re.compile(
    r"Sitrep Desk|[\w.+-]+@[\w.-]+|https?://\S+|\b(?:CSV|JSON|HXL|Atom|GeoJSON|BibTeX|CSL-JSON)\b"
    r"|UTC[+\u2212-]\d\d:\d\d|\(UTC\)"
)
NEEDS_ISOLATING = re.compile(r"[\s@/]")  # a name of several words, an address: one word needs nothing
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "col", "wbr", "path", "use", "area", "base"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("chrome") / "p", FIXTURES / "kestrel")
    for part in ("reports", "seeds"):
        for path in sorted((FIXTURES / "cholera" / part).iterdir()):
            (shutil.copytree if path.is_dir() else shutil.copy2)(path, project / part / path.name)
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


Element = tuple[str, dict[str, str | None]]


class Runs(HTMLParser):
    """The page's visible text runs, each with the elements it is in (outermost first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[Element] = []
        self.runs: list[tuple[str, tuple[Element, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(t in ("script", "style", "svg", "code", "pre") for t, _ in self.stack):
            self.runs.append((" ".join(data.split()), tuple(self.stack)))


def _in_other_language(stack: tuple[Element, ...]) -> bool:
    langs = [a["lang"] for _t, a in stack if a.get("lang")]
    return bool(langs) and langs[-1] != "ar"


def english(path: Path, where: Callable[[tuple[Element, ...]], bool] = lambda _stack: True) -> list[str]:
    """Text runs (in the part ``where`` picks) with an English word that is neither in an element marked
    as another language nor a name; a run that is all a name must be isolated (bdi or dir)."""
    reader = Runs()
    reader.feed(path.read_text(encoding="utf-8"))
    found = []
    for text, stack in reader.runs:
        if not where(stack) or _in_other_language(stack):
            continue
        rest = ALLOWED.sub("", text)
        if LATIN_WORD.search(rest):
            found.append(text)
        elif not rest.strip(" .,:;()·،") and NEEDS_ISOLATING.search(text.strip()):
            isolated = any(t == "bdi" or (a.get("dir") and t not in ("html", "body")) for t, a in stack)
            if not isolated and stack[-1][0] != "title":
                found.append(f"not isolated: {text}")
    return found


def _classes(attrs: dict[str, str | None]) -> set[str]:
    return set((attrs.get("class") or "").split())


def chrome(stack: tuple[Element, ...]) -> bool:
    """The page's frame and the report's head: the header, the navigation, the footer, the edition
    line and the key figures (the report's own sections are worded elsewhere; the <title>, text
    only, holds an untranslated report's title as it is: checked on its own)."""
    for tag, attrs in stack:
        classes = _classes(attrs)
        if tag in ("header", "footer") or {"md-nav--primary", "md-tabs"} & classes:
            return True
        if {"sitrep-edition", "sitrep-cards", "sitrep-entry", "sitrep-entry-meta"} & classes:
            return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize("page", ["ar/index.html", "ar/reports/index.html", "ar/about/index.html"])
def test_the_arabic_home_list_and_about_pages_have_no_english_words(site: Path, page: str) -> None:
    assert english(site / page) == []


@pytest.mark.slow
@pytest.mark.parametrize("report", [QUAKE, CHOLERA])
def test_an_arabic_report_page_has_its_chrome_in_arabic(site: Path, report: str) -> None:
    assert english(site / "ar" / report / "index.html", chrome) == []


@pytest.mark.slow
def test_the_site_name_navigation_values_and_dates_are_arabic(site: Path) -> None:
    home = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert "<title>تقارير الوضع</title>" in home
    for title in ("الرئيسية", "التقارير", "كيف تقرأ التقرير", "البيانات"):
        assert re.search(rf'<span class="md-ellipsis">\s*{title}\s*</span>', home), title
    # The home page's cards: the values in Arabic words, for a report translated or not.
    assert "<strong>ما لا يقل عن 214</strong>" in home
    assert "<strong>أكثر من 1,100</strong>" in home
    assert "نُشر في 2025-11-18 18:00 بالتوقيت العالمي" in home
    quake = (site / "ar" / QUAKE / "index.html").read_text(encoding="utf-8")
    title = "Earthquake in the Kestrel highlands, November 2025 (fictional example)"
    assert f"<title>{title} - تقارير الوضع</title>" in quake  # text only: the title cannot be marked there
    for value in ("38 مليون دولار أمريكي", "من 1,200 إلى 1,500", "12%"):  # key figures
        assert f"<strong>{value}</strong>" in quake, value
    for value in ("140 طن", "2 من أصل 5", "\u22124 °م", "نحو 86,000", "أكثر من 1,100"):
        assert value in quake, value
    assert "نُشر في الثلاثاء 18 تشرين الثاني/نوفمبر 2025، الساعة 18:00 بالتوقيت العالمي" in quake
    # The header names the untranslated report in its own language.
    assert re.search(
        r'<span class="md-ellipsis">\s*<span lang="en" dir="ltr">Earthquake in the Kestrel highlands', quake
    )
    listing = (site / "ar" / "reports" / "index.html").read_text(encoding="utf-8")
    marked = f'<span lang="en" dir="ltr">{title}</span>'
    assert listing.count(marked) == 3  # the heading, and the table of contents (twice: wide and narrow screens)
    assert "(مثال خيالي) (مثال خيالي)" not in listing  # an Arabic title saying so is not flagged again


@pytest.mark.slow
def test_english_pages_keep_their_words(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Situation reports</title>" in home
    assert "<strong>at least 214</strong>" in home
    quake = (site / QUAKE / "index.html").read_text(encoding="utf-8")
    assert "published Tue 18 Nov 2025, 18:00 UTC" in quake
    assert "sitrep_foreign" not in quake and 'dir="auto"' not in quake.split("<article")[0]


@pytest.mark.slow
def test_arabic_indic_digits_reach_every_value_and_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FIXTURES / "kestrel")
    edit(project / "mkdocs.yml", "    ar: latn\n", "    ar: arab\n")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    quake = (project / "site" / "ar" / QUAKE / "index.html").read_text(encoding="utf-8")
    for value in ("ما لا يقل عن ٢١٤", "٣٨ مليون دولار أمريكي", "من ١٬٢٠٠ إلى ١٬٥٠٠", "١٢٪", "٢ من أصل ٥", "١٤٠ طن"):
        assert value in quake, value
    assert "نُشر في الثلاثاء ١٨ تشرين الثاني/نوفمبر ٢٠٢٥، الساعة ١٨:٠٠ بالتوقيت العالمي" in quake
    home = (project / "site" / "ar" / "index.html").read_text(encoding="utf-8")
    assert "<strong>أكثر من ١٬١٠٠</strong>" in home and "نُشر في ٢٠٢٥-١١-١٨ ١٨:٠٠ بالتوقيت العالمي" in home
    english = (project / "site" / QUAKE / "index.html").read_text(encoding="utf-8")
    assert "at least 214" in english and not re.search("[\u0660-\u0669]", english)  # English: Western digits
