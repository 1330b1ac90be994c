"""Values and dates in the reader's language (issue 28, item 4): one formatter for every value a page
shows (:mod:`sitrep.outputs.amounts`, worded by :func:`sitrep.outputs.filters.value`), and the
publication time with the language's day and month names. English stays as it was: the messages
are its words, and the golden files hold its bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.facts.measures import builtin
from sitrep.facts.model import Duration, Figure, Qualifier, Report
from sitrep.outputs import amounts, filters, messages
from sitrep.outputs.words import ENGLISH, digits, with_digits

from .conftest import FIXTURES, ROOT

ARABIC = messages.translations(ROOT, "ar", "en")
ARABIC_INDIC = with_digits(messages.translations(ROOT, "ar", "en"), "arab")
MEASURES = builtin()


@pytest.fixture(scope="module")
def killed() -> Figure:
    quake: Report = pipeline.check(FIXTURES / "kestrel").reports[0]
    return next(f for f in quake.figures if f.id == "killed-214")


def _figure(base: Figure, **changes: object) -> Figure:
    return base.model_copy(update={"of": None, "low": None, "high": None, "duration": None, **changes})


@pytest.mark.parametrize(
    ("qualifier", "english", "arabic"),
    [
        (Qualifier.exact, "214", "214"),
        (Qualifier.at_least, "at least 214", "ما لا يقل عن 214"),
        (Qualifier.more_than, "more than 214", "أكثر من 214"),
        (Qualifier.about, "about 214", "نحو 214"),
        (Qualifier.up_to, "up to 214", "ما يصل إلى 214"),
    ],
)
def test_every_qualifier_in_arabic(killed: Figure, qualifier: Qualifier, english: str, arabic: str) -> None:
    f = _figure(killed, qualifier=qualifier, value=214)
    assert filters.value(f, MEASURES) == english
    assert filters.value(f, MEASURES, ARABIC) == arabic


def test_a_range_a_share_a_plan_and_no_number_in_arabic(killed: Figure) -> None:
    ranged = _figure(killed, qualifier=Qualifier.range, value=None, low=1200, high=1500)
    assert filters.value(ranged, MEASURES) == "1,200 to 1,500"
    assert filters.value(ranged, MEASURES, ARABIC) == "من 1,200 إلى 1,500"
    assert filters.value(ranged, MEASURES, ARABIC_INDIC) == "من ١٬٢٠٠ إلى ١٬٥٠٠"
    share = _figure(killed, qualifier=Qualifier.exact, value=2, of=5, metric="facilities-not-functioning")
    assert filters.value(share, MEASURES) == "2 of 5"
    assert filters.value(share, MEASURES, ARABIC) == "2 من أصل 5"
    assert filters.value(share, MEASURES, ARABIC_INDIC) == "٢ من أصل ٥"
    planned = _figure(
        killed, qualifier=Qualifier.exact, value=25000, planned=True, duration=Duration(amount=1, unit="weeks")
    )
    assert filters.value(planned, MEASURES) == "planned: 25,000 in a week"
    assert filters.value(planned, MEASURES, ARABIC_INDIC).startswith("مخطط: ٢٥٬٠٠٠ ")
    words = _figure(killed, qualifier=Qualifier.unquantified, value=None, words="dozens")
    assert filters.value_short(words, MEASURES, ARABIC) == ARABIC.gettext("no number")


@pytest.mark.parametrize(
    ("measure", "x", "english", "arabic", "arabic_indic"),
    [
        ("funding-required", 38_000_000, "$38 million", "38 مليون دولار أمريكي", "٣٨ مليون دولار أمريكي"),
        ("funding-required", 2_400_000, "$2.4 million", "2.4 مليون دولار أمريكي", "٢٫٤ مليون دولار أمريكي"),
        ("funding-required", 3_000_000_000, "$3 billion", "3 مليارات دولار أمريكي", "٣ مليارات دولار أمريكي"),
        ("funding-required", 12500.5, "$12,500.50", "12,500.50 دولار أمريكي", "١٢٬٥٠٠٫٥٠ دولار أمريكي"),
        ("funding-coverage", 12, "12%", "12%", "١٢٪"),
        ("food-delivered", 140, "140 tonnes", "140 طن", "١٤٠ طن"),
        ("water-delivered", 8500, "8,500 litres", "8,500 لتر", "٨٬٥٠٠ لتر"),
        ("rainfall", 280, "280 mm", "280 ملم", "٢٨٠ ملم"),
        ("depth", 10, "10 km", "10 كم", "١٠ كم"),
        ("temperature", -4, "\u22124 °C", "\u22124 °م", "\u2212٤ °م"),
        ("magnitude", 6.8, "6.8", "6.8", "٦٫٨"),
        ("affected", 86_000, "86,000", "86,000", "٨٦٬٠٠٠"),
        ("affected", 12_000_000, "12 million", "12 مليون", "١٢ مليون"),
    ],
)
def test_money_units_and_digits(measure: str, x: float, english: str, arabic: str, arabic_indic: str) -> None:
    m = MEASURES[measure]
    assert amounts.amount(x, m) == english
    assert amounts.amount(x, m, ARABIC) == arabic
    assert amounts.amount(x, m, ARABIC_INDIC) == arabic_indic


def test_a_range_in_a_unit_names_the_unit_once() -> None:
    assert amounts.amount_range(280, 320, MEASURES["rainfall"]) == "280 to 320 mm"
    assert amounts.amount_range(280, 320, MEASURES["rainfall"], ARABIC) == "من 280 إلى 320 ملم"
    assert amounts.amount_range(10, 15, MEASURES["funding-coverage"], ARABIC_INDIC) == "من ١٠ إلى ١٥٪"
    money = amounts.amount_range(1_000_000, 2_000_000, MEASURES["funding-required"], ARABIC)
    assert money == "من 1 مليون دولار أمريكي إلى 2 مليون دولار أمريكي"


def test_the_digits_setting_rides_with_the_words() -> None:
    assert digits(ENGLISH) == "latn"
    assert digits(ARABIC) == "latn"  # Western digits by default
    assert digits(ARABIC_INDIC) == "arab"
    assert amounts.number(1234.5, ARABIC_INDIC) == "١٬٢٣٤٫٥"
    assert amounts.in_digits("18:00", ARABIC_INDIC) == "١٨:٠٠"


def test_measure_labels_are_translated(killed: Figure) -> None:
    assert filters.figure_title(_figure(killed, label=None, group="all"), MEASURES) == "People killed"
    assert filters.figure_title(_figure(killed, label=None, group="all"), MEASURES, ARABIC) == "القتلى"
    assert filters.measure_title(MEASURES["cases-suspected"], ARABIC) == "الحالات المشتبه بها"
    assert filters.group_label("all", ARABIC) == "الإجمالي"
    assert filters.group_label("all") == "all" and filters.group_label("armed-forces", ARABIC) == "armed forces"
    used = {u.msgid for u in messages.measures()}
    assert {m.label for m in MEASURES.measures.values()} <= used
    assert {u.label for u in MEASURES.units.values()} <= used


UTC = dt.UTC
PLUS_3 = dt.timezone(dt.timedelta(hours=3))


def test_the_publication_time_with_arabic_day_and_month_names() -> None:
    # Levantine and international month names together, as OCHA's Arabic sitreps for the region write them.
    at = dt.datetime(2025, 10, 23, 18, 0, tzinfo=UTC)
    assert filters.local_and_utc(at) == "Thu 23 Oct 2025, 18:00 UTC"
    assert filters.local_and_utc(at, ARABIC) == "الخميس 23 تشرين الأول/أكتوبر 2025، الساعة 18:00 بالتوقيت العالمي"
    assert filters.local_and_utc(at, ARABIC_INDIC) == (
        "الخميس ٢٣ تشرين الأول/أكتوبر ٢٠٢٥، الساعة ١٨:٠٠ بالتوقيت العالمي"
    )
    local = dt.datetime(2025, 11, 18, 13, 0, tzinfo=PLUS_3)
    assert filters.local_and_utc(local) == "Tue 18 Nov 2025, 13:00 local time (UTC+03:00), 10:00 UTC"
    assert filters.local_and_utc(local, ARABIC) == (
        "الثلاثاء 18 تشرين الثاني/نوفمبر 2025، الساعة 13:00 بالتوقيت المحلي (UTC+03:00)، "
        "أي الساعة 10:00 بالتوقيت العالمي"
    )
    night = dt.datetime(2025, 11, 18, 1, 0, tzinfo=PLUS_3)
    assert filters.local_and_utc(night) == "Tue 18 Nov 2025, 01:00 local time (UTC+03:00), Mon 17 Nov, 22:00 UTC"
    utc_day = "أي الاثنين 17 تشرين الثاني/نوفمبر، الساعة 22:00 بالتوقيت العالمي"
    assert filters.local_and_utc(night, ARABIC).endswith(utc_day)
    assert filters.datetime(at) == "2025-10-23 18:00 UTC"
    assert filters.datetime(at, ARABIC) == "2025-10-23 18:00 بالتوقيت العالمي"
    assert filters.datetime(local, ARABIC_INDIC) == "٢٠٢٥-١١-١٨ ١٣:٠٠ UTC+03:00"


def test_a_figure_date_follows_the_digits(killed: Figure) -> None:
    assert filters.when(killed.as_of, words=ARABIC) == "الثلاثاء 18 تشرين الثاني/نوفمبر 2025"
    assert filters.when(killed.as_of, words=ARABIC_INDIC) == "الثلاثاء ١٨ تشرين الثاني/نوفمبر ٢٠٢٥"
    assert filters.when(killed.as_of) == "Tue 2025-11-18"


def test_every_month_and_weekday_has_its_arabic_name() -> None:
    months = [ARABIC.gettext(m) for m in filters.SHORT_MONTHS]
    assert months[0] == "كانون الثاني/يناير" and months[9] == "تشرين الأول/أكتوبر"
    assert all("/" in m for m in months) and len(set(months)) == 12
    days = [ARABIC.gettext(d) for d in filters.SHORT_DAYS]
    assert days == ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]


@pytest.mark.parametrize("x", [0, 7, 1100, 12500.5, 2_300_000, 38_000_000, 3_000_000_000, 1234.5678, -4, 6.8])
def test_in_english_the_values_are_the_charts_words(x: float) -> None:
    """The charts word values with sitrep.facts.measures (English only); a page, in any language, with
    sitrep.outputs.amounts: in English both give the same words."""
    for m in MEASURES.measures.values():
        if x < 0 and not m.negative:
            continue
        assert amounts.amount(x, m) == measures.amount(x, m), m.id
        assert amounts.amount_range(x, x + 10, m) == measures.amount_range(x, x + 10, m), m.id
