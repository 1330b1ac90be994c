"""Every output in both languages (issue 28, item 6), from the cholera fixture (tests/fixtures/cholera:
an Arabic report with an English translation) rendered in English and Arabic at once, as the build
does (:func:`sitrep.outputs.render.report_pages`): the Arabic pass keeps its own downloads only where
their bytes differ (a CSV's human header row, the package's and the citation's words); the rows,
the HXL row, the JSON and the GeoJSON are the English pass's, made once. The package and CSVs are
read by frictionless and Python's csv module, the feeds by feedparser, the JSON-LD as JSON.
The built site's Arabic files (``ar/``): tests/test_dataout.py."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import frictionless
import pytest

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.outputs import render

from .conftest import FIXTURES, copy_project

CHOLERA = "sindiyan-cholera-2025-10"
DATA = f"reports/{CHOLERA}/data/"
AR = f"{render.LANGUAGE_PAGES}ar/"
EN_TITLE = "Cholera outbreak in Wadi al-Sindiyan, October 2025 (fictional example)"
AR_TITLE = "تفشي الكوليرا في وادي السنديان، تشرين الأول/أكتوبر 2025 (مثال خيالي)"
ARABIC = re.compile(r"[\u0600-\u06ff]")
TITLES = {m.title for m in measures.builtin().measures.values()}


def _render(tmp: Path, example: bool = True) -> render.ReportPages:
    project = copy_project(tmp / "p", FIXTURES / "cholera")
    checked = pipeline.check(project)
    report = checked.reports[0]
    if not example:  # an example report has no feed: the same report, listed
        report = report.model_copy(update={"meta": report.meta.model_copy(update={"example": False})})
    en = render.environment(project / "templates")
    ar = render.environment(project / "templates", language="ar")
    return render.report_pages(en, report, checked.seeds, False, (ar,))


@pytest.fixture(scope="module")
def cholera(tmp_path_factory: pytest.TempPathFactory) -> render.ReportPages:
    return _render(tmp_path_factory.mktemp("outputs"), example=False)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_arabic_pass_keeps_only_the_files_it_words_differently(cholera) -> None:
    pages = cholera.pages
    english = {p.removeprefix(DATA) for p in pages if p.startswith(DATA)}
    arabic = {p.removeprefix(AR + DATA) for p in pages if p.startswith(AR + DATA)}
    # Words of none: the same bytes in every language, made once, linked into ar/ by the site stage.
    assert {"edition.json", "places.geojson"} <= english - arabic
    assert arabic == english - {"edition.json", "places.geojson"}
    csvs = sorted(n for n in english if n.endswith(".csv"))
    assert {"figures.csv", "current.csv", "changes.csv", "places.csv"} <= set(csvs)
    for name in csvs:
        en, ar = _rows(pages[DATA + name]), _rows(pages[AR + DATA + name])
        assert ar[1:] == en[1:], name  # the HXL hashtags and every row: the same
        assert pages[AR + DATA + name].split(b"\r\n", 1)[1] == pages[DATA + name].split(b"\r\n", 1)[1]
        assert en[0] != ar[0] and len(en[0]) == len(ar[0])
        # Every header in Arabic but a measure's title (the registry's words, not sitrep's)
        assert all(ARABIC.search(h) or h in TITLES for h in ar[0]), (name, ar[0])
    figures = _rows(pages[AR + DATA + "figures.csv"])[0]
    assert figures[:3] == ["معرّف التقرير", "الإصدار", "معرّف الرقم"]
    assert "حتى تاريخ (التاريخ)" in figures and "الاقتباس الدليل" in figures


def test_the_arabic_package_is_worded_in_arabic_and_validates(cholera, tmp_path: Path) -> None:
    pages = cholera.pages
    en = json.loads(pages[DATA + "datapackage.json"])
    ar = json.loads(pages[AR + DATA + "datapackage.json"])
    # The title and lead of each page's report: the Arabic original on /ar/, the English translation on /.
    assert ar["title"] == f"{AR_TITLE}، الإصدار 1" and en["title"] == f"{EN_TITLE}, edition 1"
    assert ARABIC.search(ar["description"][:40]) and "مقتطف من طرف ثالث" in ar["description"]
    assert "third-party excerpt" in en["description"] and not ARABIC.search(en["description"])
    assert ar["keywords"][:3] == ["تقرير عن الوضع", "إنساني", "HXL"]
    titles = {r["name"]: r["title"] for r in ar["resources"]}
    assert titles["figures"] == "الأرقام: كل رقم (أو غيابه) كما ذكره مصدر واحد"
    assert titles["edition"] == "الإصدار كاملاً في مستند JSON واحد"
    figures = next(r for r in ar["resources"] if r["name"] == "figures")
    assert figures["schema"]["primaryKey"] == ["معرّف الرقم"]
    assert {"fields": ["معرّف المكان"], "reference": {"resource": "places", "fields": ["معرّف المكان"]}} in figures[
        "schema"
    ]["foreignKeys"]
    quote = next(f for f in figures["schema"]["fields"] if f["hxl"] == "#meta+quote+excerpt")
    assert quote["name"] == "الاقتباس الدليل" and "مقتطف من طرف ثالث" in quote["description"]
    assert [r["path"] for r in ar["resources"]] == [r["path"] for r in en["resources"]]
    # The Arabic folder as the site holds it: its own files, and the shared ones from the English pass.
    folder = tmp_path / "ar"
    folder.mkdir()
    for path, data in pages.items():
        if path.startswith(DATA) and not (folder / path.removeprefix(DATA)).exists():
            (folder / path.removeprefix(DATA)).write_bytes(pages.get(AR + path, data))
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sum(1 for task in report.tasks if task.type == "table") >= 8
    for resource in ar["resources"]:  # the human header row is the schema's field names
        if resource["format"] == "csv":
            header = _rows((folder / resource["path"]).read_bytes())[0]
            assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_the_download_list_and_the_citation_speak_the_pages_language(cholera) -> None:
    page = cholera.pages[f"{AR}reports/{CHOLERA}/index.md"].decode()
    for said in (
        "الإصدار كاملاً في مستند JSON واحد",
        "الأماكن بإحداثياتها، بصيغة GeoJSON (RFC 7946)",
        "كيف يُستشهد بهذا الإصدار، بصيغة BibTeX",
        "التغييرات منذ الإصدار السابق",
    ):
        assert said in page, said
    assert "the whole edition as one JSON document" not in page
    bib = cholera.pages[f"{AR}{DATA}cite.bib"].decode()
    assert f"title = {{{{{AR_TITLE}}}}}" in bib
    assert "type = {تقرير عن الوضع}" in bib and "number = {الإصدار 1}" in bib
    assert "langid = {arabic}" in bib and "language = {ar}" in bib
    assert f"url = {{https://sitrep.example.org/ar/reports/{CHOLERA}/editions/1/}}" in bib
    csl = json.loads(cholera.pages[f"{AR}{DATA}cite.csl.json"])[0]
    assert (csl["title"], csl["genre"], csl["language"]) == (AR_TITLE, "تقرير عن الوضع", "ar")
    assert csl["URL"] == f"https://sitrep.example.org/ar/reports/{CHOLERA}/editions/1/"
    english = cholera.pages[f"{DATA}cite.bib"].decode()
    assert f"title = {{{{{EN_TITLE}}}}}" in english and "type = {Situation report}" in english
    assert "langid" not in english  # the first language's citation: as before the site had two
    # The citation sentence the page shows, in Arabic.
    assert f"«{AR_TITLE}»، تقرير عن الوضع، الإصدار 1، <bdi>2025-10-23</bdi>." in page.replace("\\", "")


def test_the_jsonld_says_the_pages_language(cholera) -> None:
    def graph(path: str) -> dict:
        page = cholera.pages[path].decode()
        front = page.split("\n---\n", 1)[0]
        line = next(x for x in front.splitlines() if x.startswith("  jsonld: "))
        return {n["@type"]: n for n in json.loads(json.loads(line.removeprefix("  jsonld: ")))["@graph"]}

    ar = graph(f"{AR}reports/{CHOLERA}/editions/1/index.md")
    en = graph(f"reports/{CHOLERA}/editions/1/index.md")
    assert ar["Report"]["inLanguage"] == ar["Dataset"]["inLanguage"] == "ar"
    assert en["Report"]["inLanguage"] == "en"
    assert ar["Report"]["name"] == AR_TITLE and en["Report"]["name"] == EN_TITLE
    assert ar["Report"]["headline"].startswith(f"{AR_TITLE}، الإصدار 1: ")
    assert ar["Report"]["url"] == f"https://sitrep.example.org/ar/reports/{CHOLERA}/editions/1/"
    assert ar["Dataset"]["name"] == f"{AR_TITLE}، الإصدار 1: البيانات"
    assert ar["Dataset"]["description"].startswith("كل رقم وحدث ومكان")
    assert all("/ar/reports/" in d["contentUrl"] for d in ar["Dataset"]["distribution"])
    assert ARABIC.search(ar["Report"]["description"])


def test_each_languages_feed_is_in_its_words_with_its_own_ids(cholera) -> None:
    ar = feedparser.parse(cholera.pages[f"{AR}reports/{CHOLERA}/feed.xml"])
    en = feedparser.parse(cholera.pages[f"reports/{CHOLERA}/feed.xml"])
    for feed in (ar, en):
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10" and len(feed.entries) == 1
    assert ar.feed.title == f"{AR_TITLE}: الإصدارات الجديدة" and ar.feed.title_detail.language == "ar"
    assert en.feed.title == f"{EN_TITLE}: new editions"
    entry, english = ar.entries[0], en.entries[0]
    assert entry.title.startswith(f"{AR_TITLE}، الإصدار 1: ") and entry.title_detail.language == "ar"
    assert entry.summary.startswith("الحالات المشتبه بها") and entry.summary_detail.language == "ar"
    assert english.summary.startswith("Suspected and confirmed cases")
    # The same edition in another language is another entry (RFC 4287 4.2.6): its own id and page.
    assert english.id == f"tag:sitrep.example.org,2025:reports/{CHOLERA}/editions/1"
    assert entry.id == f"tag:sitrep.example.org,2025:ar/reports/{CHOLERA}/editions/1"
    assert entry.link == f"https://sitrep.example.org/ar/reports/{CHOLERA}/editions/1/"
    assert ar.feed.id != en.feed.id and ar.feed.links[0].href.endswith("/ar/reports/" + CHOLERA + "/feed.xml")
    # The site's feed takes each report's entries in each language from its index entry.
    entry_words = cholera.entry
    assert entry_words is not None
    arabic_rows = entry_words.in_language("ar").editions
    assert arabic_rows[0][2].startswith("تحديث عاجل")  # the headline, in Arabic
    assert entry_words.editions[0][2] != arabic_rows[0][2]  # and in English on the English site


def test_an_example_report_has_no_feed_in_any_language(tmp_path: Path) -> None:
    pages = _render(tmp_path).pages
    assert not any(p.endswith("feed.xml") for p in pages)
    assert f"{AR}{DATA}datapackage.json" in pages
