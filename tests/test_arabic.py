"""Arabic sources, verified like English ones (issue 28, item 3): quotes match across what Arabic
varies in without changing meaning and nothing else, numbers are read in every form the fictional
cholera article (tests/fixtures/arabic) writes them, and Arabic qualifiers, weekdays and months
are checked like the English ones."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sitrep.facts import arabic, languages, measures
from sitrep.facts.model import Figure, SeedMeta, When
from sitrep.facts.seeds import Seed, normalise, numbers
from sitrep.facts.validate import check_figure_value, check_when, stated_months

from .conftest import FIXTURES, ROOT, copy_project, edit, run

ARABIC = FIXTURES / "arabic"
SEED_FILE = ARABIC / "seeds" / "002_sindiyan-cholera-ar.txt"
FIGURES = "reports/sindiyan-cholera/figures.yaml"
PUBLISHED = dt.date(2025, 10, 23)  # a Thursday
REG = measures.builtin()


def seed(text: str | None = None) -> Seed:
    meta = SeedMeta(id="s", title="t", published=PUBLISHED, language="ar", sha256="0" * 64)
    return Seed(meta, SEED_FILE.read_text(encoding="utf-8") if text is None else text, "seeds/s.txt")


def figure(**fields: object) -> Figure:
    base = {
        "id": "f",
        "metric": "cases",
        "group": "all",
        "qualifier": "exact",
        "source": "s",
        "evidence": {"seed": "s", "quote": "..."},
    }
    return Figure.model_validate({**base, **fields})


# --------------------------------------------------------------------------- every number of the seed

# Each number the article writes, in order, as the text that writes it and its value. Not numbers:
# "نصف" (half, as "half" is not in English), "أسبوع" (a week), the ordinals of month names
# ("تشرين الأول"), "بلدتي" (the two towns of: the construct dual, written as "my town" is) and
# the adjective "المتبقيتين" that agrees with "القريتين".
SEED_NUMBERS = [
    ("٢٣٠", 230),  # headline: Arabic-Indic digits
    ("وسبع", 7),  # "and seven" (deaths), feminine form
    ("٢٣", 23),  # the dateline's day
    ("٢٠٢٥", 2025),  # and year
    ("٢٣٠", 230),
    ("سبع", 7),
    ("عشر", 10),  # "ten years"
    ("41", 41),  # Western digits
    ("الخامسة", 5),  # "دون سن الخامسة": under (the age of) five
    ("96", 96),
    ("وثلاث", 3),
    ("مركزين", 2),  # the dual: two centres
    ("60", 60),
    ("المركزين", 2),  # the two centres
    ("150", 150),
    ("لخمسة", 5),  # "for five (days)": the ة form, with a preposition
    ("12 ألف", 12_000),  # thousands in words after digits
    ("50 ألف", 50_000),
    ("45 ألف", 45_000),
    ("٣١", 31),
    ("8,500", 8_500),  # Western digits with a thousands comma
    ("2.4 مليون", 2_400_000),
    ("الثلاثة", 3),  # "the three (months)"
    ("18", 18),  # "18 في المئة": the percent words are not 100
    ("38", 38),
    ("أربع", 4),
    ("خمس", 5),
    ("السبع", 7),
    ("القريتين", 2),  # the dual: the two villages
]


def test_every_number_of_the_cholera_article_is_read_and_nothing_else() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    found = numbers(text)
    assert [(n.text, n.value) for n in found] == SEED_NUMBERS
    assert all(text[n.start : n.end] == n.text for n in found)  # positions in the article as written


@pytest.mark.parametrize(
    "text, expected",
    [
        # digits: Arabic-Indic, Eastern Arabic-Indic, the Arabic thousands and decimal separators
        ("٢٣٠ حالة", [("٢٣٠", 230)]),
        ("۲۳۰ حالة", [("۲۳۰", 230)]),
        ("٨٬٥٠٠ جرعة", [("٨٬٥٠٠", 8500)]),
        ("٢٫٤ مليون دولار", [("٢٫٤ مليون", 2_400_000)]),
        # units in both genders, with the ة ending and the prefixes Arabic writes on them
        ("ثلاث وفيات وثلاثة أطفال", [("ثلاث", 3), ("وثلاثة", 3)]),
        ("خمس قرى لخمسة أيام", [("خمس", 5), ("لخمسة", 5)]),
        ("ثماني سنوات وتسعة أشهر", [("ثماني", 8), ("وتسعة", 9)]),
        ("عشر سنوات", [("عشر", 10)]),
        # teens, tens, units before tens
        ("ثلاثة عشر شخصاً", [("ثلاثة عشر", 13)]),
        ("اثنا عشر طفلاً", [("اثنا عشر", 12)]),
        ("عشرون عاماً", [("عشرون", 20)]),
        ("خمسة وعشرون مصاباً", [("خمسة وعشرون", 25)]),
        # hundreds, both spellings, the dual of a hundred, compounds
        ("مئة شخص ومائة طفل", [("مئة", 100), ("ومائة", 100)]),
        ("مئتين من السكان", [("مئتين", 200)]),
        ("ثلاثمئة منزل", [("ثلاثمئة", 300)]),
        ("مئة وخمسون مريضاً", [("مئة وخمسون", 150)]),
        ("مائة وخمسة وعشرون", [("مائة وخمسة وعشرون", 125)]),
        # thousands and millions, in words and mixed
        ("ألف شخص", [("ألف", 1000)]),
        ("ألفين من النازحين", [("ألفين", 2000)]),
        ("ثلاثة آلاف وخمسمئة أسرة", [("ثلاثة آلاف وخمسمئة", 3500)]),
        ("عشرة آلاف", [("عشرة آلاف", 10_000)]),
        ("50 ألف جرعة", [("50 ألف", 50_000)]),
        ("12 ألفاً", [("12 ألفاً", 12_000)]),
        ("مليون دولار", [("مليون", 1_000_000)]),
        ("تسعة عشر ألفاً", [("تسعة عشر ألفاً", 19_000)]),
        ("ثلاثمئة وخمسة وعشرون ألفاً", [("ثلاثمئة وخمسة وعشرون ألفاً", 325_000)]),
        ("ألف ومئتا شخص", [("ألف ومئتا", 1200)]),
        ("١٢ ألف شخص", [("١٢ ألف", 12_000)]),
        # the dual of a noun: two of it
        ("مركزين لعلاج الكوليرا", [("مركزين", 2)]),
        ("خلال يومين", [("يومين", 2)]),
        ("القريتين المتبقيتين", [("القريتين", 2)]),
        # orders of magnitude, not numbers
        ("آلاف النازحين", [("آلاف", None)]),
        ("عشرات الآلاف", [("عشرات الآلاف", None)]),
        # not numbers: Monday, Sunday, "per cent", a lone "one", plurals in "-ين", ordinals
        ("يوم الاثنين ويوم الأحد", []),
        ("18 في المئة", [("18", 18)]),
        ("أحد السكان وواحد من الأطباء", []),
        ("المصابين والمسعفين", []),
        ("لست متأكداً", []),  # "I am not sure", not "for six"
        ("كانون الثاني وتشرين الأول", []),
        # two numbers stay two: digits never continue a number
        ("بين 700 و1,150 حالة", [("700", 700), ("1,150", 1150)]),
    ],
)
def test_arabic_number_forms(text: str, expected: list[tuple[str, float | None]]) -> None:
    assert [(n.text, n.value) for n in numbers(text)] == expected


def test_tashkeel_on_a_number_word_is_part_of_it() -> None:
    [n] = numbers("سبعُ وفياتٍ")
    assert (n.text, n.value) == ("سبعُ", 7)


# --------------------------------------------------------------------------- the quote check


def test_tashkeel_tatweel_and_arabic_punctuation_are_ignored_in_quotes() -> None:
    s = seed()
    # the seed writes "أُكّدت مخبرياً" and "مشتبهاً"; quotes without the marks, with a tatweel, with
    # ASCII digits for Arabic-Indic ones and a Latin comma for the Arabic one all find it
    for quote in (
        "أن 41 حالة أكدت مخبريا",
        "أن 41 حالـــة أُكّدت مخبرياً",
        "ارتفع إلى 230 حالة",
        "٢٣ تشرين الأول/أكتوبر ٢٠٢٥",
        "بينها سبع وفيات, في أسوأ تفش للمرض",
    ):
        assert len(s.find(quote)) == 1, quote


def test_found_quotes_map_back_to_the_article_as_written() -> None:
    s = seed()
    [(start, end)] = s.find("أن 41 حالة أكدت مخبريا")
    assert s.text[start:end] == "أن 41 حالة أُكّدت مخبرياً"  # the marks of its last word too
    [(start, end)] = s.find("ارتفع إلى 230 حالة")
    assert s.text[start:end] == "ارتفع إلى ٢٣٠ حالة"
    line, col = s.line_col(start)
    assert s.text.splitlines()[line - 1][col - 1 :].startswith("ارتفع إلى ٢٣٠")


@pytest.mark.parametrize(
    "quote",
    [
        "أن 41 حالة أكدت مخبريه",  # one letter changed (ا -> ه)
        "أن 41 حاله أكدت مخبريا",  # ta marbuta written as ha: a different letter, refused
        "أن 42 حالة أكدت مخبريا",  # one digit changed
        "ارتفع الى ٢٣٠ حالة",  # alef without its hamza
    ],
)
def test_a_quote_changed_by_one_letter_is_refused(quote: str) -> None:
    assert seed().find(quote) == []


def test_normalise_folds_only_what_varies() -> None:
    assert normalise("حالـةٌ ٪ ، ؛ ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٨٬٥٠٠ ٢٫٤") == "حالة % , ; 0123456789 0123456789 8,500 2.4"
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ"
    assert normalise(letters) == letters


# --------------------------------------------------------------------------- the value check


@pytest.mark.parametrize(
    "qualifier, value, quote",
    [
        ("more than", 150, "استقبلا أكثر من 150 مريضاً"),
        ("more than", 1000, "الحصيلة تجاوزت ألف قتيل"),
        ("about", 12000, "ما دفع نحو 12 ألف شخص"),
        ("about", 300, "حوالي ثلاثمئة شخص"),
        ("about", 40, "قرابة أربعين شخصاً"),
        ("at least", 7, "ما لا يقل عن سبع وفيات"),
        ("up to", 2000, "ما يصل إلى ألفين من النازحين"),
        ("exact", 8500, "سوى 8,500 جرعة"),
    ],
)
def test_arabic_qualifiers_are_read(qualifier: str, value: int, quote: str) -> None:
    assert check_figure_value(figure(qualifier=qualifier, value=value), quote) == []
    if qualifier != "exact":  # the same quote does not support an exact figure
        [(path, message, code)] = check_figure_value(figure(value=value), quote)
        assert (path, code) == (("qualifier",), "SR406")
        assert f"'{qualifier}'" in message


def test_percent_and_dollars_in_arabic() -> None:
    share = figure(metric="funding-coverage", value=18)
    assert check_figure_value(share, "سوى 18 في المئة", "", REG["funding-coverage"]) == []
    assert check_figure_value(share, "18 بالمائة", "", REG["funding-coverage"]) == []
    assert check_figure_value(share, "سوى ١٨٪", "", REG["funding-coverage"]) == []
    [(_, _, code)] = check_figure_value(share, "سوى 18 حالة", "", REG["funding-coverage"])
    assert code == "SR405"
    appeal = figure(metric="funding-required", value=2_400_000)
    assert check_figure_value(appeal, "توفير 2.4 مليون دولار أميركي", "", REG["funding-required"]) == []
    [(_, _, code)] = check_figure_value(appeal, "توفير 2.4 مليون جرعة", "", REG["funding-required"])
    assert code == "SR405"


def test_a_number_the_quote_does_not_state_is_refused() -> None:
    [(path, _, code)] = check_figure_value(figure(value=8), "بينها سبع وفيات")
    assert (path, code) == (("value",), "SR404")


# --------------------------------------------------------------------------- weekdays and months


@pytest.mark.parametrize(
    "stated, weekday, day",
    [
        ("يوم الخميس", "Thursday", 23),
        ("منذ يوم السبت الماضي", "Saturday", 18),
        ("يوم الاثنين", "Monday", 20),
        ("فجر الأربعاء", "Wednesday", 22),
        ("الثلاثاء", "Tuesday", 21),
    ],
)
def test_an_arabic_weekday_resolves_against_the_article_date(stated: str, weekday: str, day: int) -> None:
    assert arabic.weekdays(stated) == [weekday]
    good = When(weekday=weekday, date=dt.date(2025, 10, day), stated_as=stated)
    assert check_when(good, PUBLISHED) == []
    wrong = When(weekday="Friday", stated_as=stated)
    [(path, message, code)] = check_when(wrong, PUBLISHED)
    assert (path, code) == (("stated_as",), "SR411")
    assert f"names {weekday}" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("بحلول ٣١ تشرين الأول/أكتوبر", [(10, 31)]),
        ("فيضانات أيلول/سبتمبر", [(9, None)]),
        ("في 5 كانون الثاني", [(1, 5)]),
        ("في كانون الأول", [(12, None)]),
        ("في 3 مارس", [(3, 3)]),
        ("منذ يناير", [(1, None)]),
        ("on 23 October", [(10, 23)]),
        ("Oct. 23", [(10, 23)]),
        ("on Thursday", []),
    ],
)
def test_month_names_levantine_and_egyptian_gulf(text: str, expected: list[tuple[int, int | None]]) -> None:
    assert stated_months(text) == expected


def test_a_month_resolves_against_the_date() -> None:
    due = When(date=dt.date(2025, 10, 31), deadline=True, stated_as="بحلول ٣١ تشرين الأول/أكتوبر")
    assert check_when(due, PUBLISHED) == []
    wrong = When(date=dt.date(2025, 10, 30), deadline=True, stated_as="بحلول ٣١ تشرين الأول/أكتوبر")
    [(path, message, code)] = check_when(wrong, PUBLISHED)
    assert (path, code) == (("stated_as",), "SR411")
    assert "names 31 October, but the date is 2025-10-30" in message
    for stated in ("between 6 and 8 March", "بين 6 و8 آذار/مارس"):  # a range names its first day too
        assert check_when(When(date=dt.date(2025, 3, 6), stated_as=stated), dt.date(2025, 3, 9)) == []
    month = When(month="2025-09", stated_as="فيضانات أيلول/سبتمبر")
    assert check_when(month, PUBLISHED) == []
    [(_, message, _)] = check_when(When(month="2025-08", stated_as="فيضانات أيلول/سبتمبر"), PUBLISHED)
    assert "names September, but the month is 2025-08" in message


# --------------------------------------------------------------------------- the seed's language


@pytest.mark.parametrize("tag", ["ar", "en", "pt-BR", "zh-Hant", "es-419", "sr-Latn-RS"])
def test_language_tags_accepted(tag: str) -> None:
    assert languages.problem(tag) is None


@pytest.mark.parametrize("tag", ["xx", "ara", "AR", "ar_SY", "English", "ar-sy", ""])
def test_language_tags_refused(tag: str) -> None:
    assert languages.problem(tag) is not None


def test_seed_add_takes_arabic_and_refuses_what_is_not_a_language(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "reports").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    added = run("seed", "add", str(SEED_FILE), "--published", "2025-10-23", "--language", "ar", cwd=root)
    assert added.returncode == 0, added.stderr
    assert "language: ar\n" in (root / "seeds" / "000_sindiyan-cholera-ar.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("نص آخر\n", encoding="utf-8")
    refused = run("seed", "add", str(other), "--published", "2025-10-23", "--language", "xx", cwd=root)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "Error: --language 'xx': 'xx' is not an ISO 639-1 language code (en, ar, fr, es...)"
    ]
    assert sorted(p.name for p in (root / "seeds").iterdir()) == [
        "000_sindiyan-cholera-ar.txt",
        "000_sindiyan-cholera-ar.yaml",
    ]


# --------------------------------------------------------------------------- through `build.py check`


def test_the_arabic_fixture_report_checks_clean_and_its_mistakes_are_named(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", ARABIC)
    clean = run("check", cwd=project)
    assert clean.returncode == 0, clean.stderr
    figures = project / FIGURES
    edit(figures, "ارتفع إلى ٢٣٠ حالة منذ", "ارتفع إلى ٢٣٠ حالا منذ")  # one letter
    edit(figures, "  value: 7\n", "  value: 8\n")
    edit(figures, "stated_as: يوم الاثنين", "stated_as: يوم الثلاثاء")
    edit(figures, "  qualifier: about\n", "  qualifier: exact\n")
    checked = run("check", cwd=project)
    assert checked.returncode == 1
    lines = checked.stderr.splitlines()
    assert any(
        "figures[0].evidence.quote: quote not found in seed 002_sindiyan-cholera-ar; closest passage"
        " (97% alike): 'ارتفع إلى ٢٣٠ حالة منذ يوم السبت الماضي' [SR403]" in ln
        for ln in lines
    ), lines
    assert any(
        "figures[1].value: the evidence quote does not state 8 (in digits or words) [SR404]" in ln for ln in lines
    )
    assert any("'يوم الثلاثاء' names Tuesday, but the weekday is Monday [SR411]" in ln for ln in lines)
    assert any("the quote says 'about' 12 ألف, but the qualifier is 'exact' [SR406]" in ln for ln in lines)


def test_coverage_names_the_arabic_numbers_no_fact_cites_at_their_place_in_the_article(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", ARABIC)
    edit(project / "reports/sindiyan-cholera/report.yaml", "coverage: partial", "coverage: complete")
    checked = run("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    listed = [
        ln.split(": coverage: ")[0] + " " + ln.split("'")[1] for ln in checked.stderr.splitlines() if "SR802" in ln
    ]
    seed = "seeds/002_sindiyan-cholera-ar.txt"
    # columns count the article's own characters, vowel marks included (line 3 has none before
    # '٢٣٠'; line 9's "مشتبهاً" carries a tanwin before "وثلاث")
    assert f"{seed}:3:33 ٢٣٠" in listed  # the headline's, not quoted
    assert f"{seed}:9:60 وثلاث" in listed
    assert f"{seed}:11:43 مركزين" not in listed  # quoted by centres-2
    assert f"{seed}:5:170 ٢٣٠" not in listed  # quoted by suspected-230
    assert all(ln.split(" ")[0].startswith(seed) for ln in listed)
    line, col = 9, 60
    text = SEED_FILE.read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[col - 1 :].startswith("وثلاث")
