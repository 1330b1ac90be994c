"""Data out (issue 18), proven by the clients that will read it: frictionless validates every
data package and CSV (with no network), Python's csv module reads the CSVs back into the
JSON's values, feedparser reads the feeds, the JSON-LD parses with its types and
properties, the GeoJSON is RFC 7946 against the places file, and hostile text stays data
in CSV, JSON, XML and HTML. The project is the Syria sample plus the fictional forms
report (``example: true``), so example reports are seen being left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import frictionless
import pytest
import yaml

from sitrep.outputs.dataout import GUARDED, unguard

from .conftest import FORMS, REPORT, copy_project, edit, republish, run
from .htmltext import read_page

pytestmark = pytest.mark.slow
SITE_URL = "https://sitrep.example.org/"
SYRIA = "reports/syria-coast-2025-03"
MARROW = "reports/marrow-floods-2026-04"
HOSTILE = '=HYPERLINK("http://evil.invalid","x") </script><!-- & ]]> \'q\''


def _project(tmp: Path) -> Path:
    project = copy_project(tmp)
    for part in ("reports", "seeds"):
        for src in (FORMS / part).iterdir():
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part / src.name)
    shutil.copy2(FORMS / "measures.yaml", project / "measures.yaml")
    return project


def _build(project: Path, *args: str) -> Path:
    result = run("build", "--strict", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(_project(tmp_path_factory.mktemp("data") / "p"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Formula triggers and markup in a title, a label, a description, an event and a place."""
    project = _project(tmp_path_factory.mktemp("hostile") / "p")
    r = project / REPORT
    edit(r / "report.yaml", "title: Killings on Syria's coast, March 2025", f"title: {json.dumps(HOSTILE)}")
    first = 'label: Total killed\n  note: The "two days'
    edit(r / "figures.yaml", first, f'label: {json.dumps(HOSTILE)}\n  note: The "two days')
    edit(
        r / "sources.yaml",
        'description: Britain-based war monitoring group; the article also calls it "the Observatory" and "the group".',
        'description: "@SUM(1+1) </script>"',
    )
    edit(r / "events.yaml", "what: Insurgents took authority", "what: +cmd|' /C calc'!A0 Insurgents took authority")
    edit(r / "places.yaml", "description: One of the towns worst hit", "description: -2+3 One of the towns worst hit")
    republish(project)
    return _build(project)


def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("a client tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _packages(site: Path) -> list[Path]:
    return sorted(site.rglob("datapackage.json"))


# --------------------------------------------------------------------------- downloads


def test_both_reports_offer_every_download_per_edition(site: Path) -> None:
    kinds = ("figures", "events", "places", "sources", "actors", "statements", "impacts", "media")
    wanted = {f"{k}.csv" for k in kinds} | {"edition.json", "places.geojson", "datapackage.json"}
    for report, editions in ((SYRIA, (1, 2)), (MARROW, (1,))):
        folders = [site / report / "data"] + [site / report / "editions" / str(n) / "data" for n in editions]
        for folder in folders:
            assert wanted <= {p.name for p in folder.iterdir()}, folder
        latest = max(editions)
        for name in wanted:  # the latest's files are its permanent edition's, byte for byte
            assert (site / report / "data" / name).read_bytes() == (
                site / report / "editions" / str(latest) / "data" / name
            ).read_bytes()


def test_every_package_and_csv_validates_with_frictionless_offline(site: Path, monkeypatch) -> None:
    _no_network(monkeypatch)
    every = _packages(site)
    packages = [p for p in every if p.relative_to(site).parts[0] != "ar"]
    assert len(packages) == 6  # two editions and the latest of Syria, one and the latest of Marrow, the index
    # The Arabic site (ar/) has a package beside each English one, worded in Arabic (test_arabic_downloads_...).
    arabic = [p for p in every if p not in packages]
    assert sorted(p.relative_to(site / "ar") for p in arabic) == sorted(p.relative_to(site) for p in packages)
    tables = 0
    for path in every:
        report = frictionless.validate(str(path))
        assert report.valid, (path, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        tables += sum(1 for task in report.tasks if task.type == "table")
    assert tables > 80
    descriptor = json.loads((site / SYRIA / "data/datapackage.json").read_text())
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    assert figures["dialect"]["commentRows"] == [2]
    types = {f["name"]: f["type"] for f in figures["schema"]["fields"]}
    assert types["Value"] == "number" and types["As of (date)"] == "date" and types["Planned"] == "boolean"
    # Every file a package names is there.
    for path in packages:
        for resource in json.loads(path.read_text())["resources"]:
            assert (path.parent / resource["path"]).is_file()


ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_arabic_downloads_differ_from_the_english_only_in_their_words(site: Path) -> None:
    """On /ar/ a CSV's human header row is in Arabic, its HXL row and data rows the English file's;
    the JSON and GeoJSON (no words of sitrep's) are the English files themselves, linked."""
    folders = sorted(p.parent for p in _packages(site) if p.relative_to(site).parts[0] != "ar")
    csvs = 0
    for folder in folders:
        ar = site / "ar" / folder.relative_to(site)
        assert sorted(p.name for p in ar.iterdir()) == sorted(p.name for p in folder.iterdir())
        for path in sorted(folder.iterdir()):
            mine, theirs = (ar / path.name).read_bytes(), path.read_bytes()
            if path.suffix == ".csv":
                csvs += 1
                head, rest = mine.split(b"\r\n", 1)
                assert rest == theirs.split(b"\r\n", 1)[1], path  # the HXL row and every data row
                assert head != theirs.split(b"\r\n", 1)[0] and ARABIC.search(head.decode()), path
            elif path.name in ("edition.json", "places.geojson", "key-figures.json"):
                assert mine == theirs, path
            else:  # the package and the citations: in Arabic
                assert mine != theirs and ARABIC.search(mine.decode()), path
        if "reports" in folder.parts:  # kept by the report cache: one file, in both folders
            assert (ar / "edition.json").samefile(folder / "edition.json")
    assert csvs > 40
    package = json.loads((site / "ar" / SYRIA / "data/datapackage.json").read_text())
    assert package["title"].endswith("، الإصدار 2")
    assert {"code": "SYR", "name": "سوريا"} in package["spatial"]  # CLDR's name; English: ISO 3166's
    english = json.loads((site / SYRIA / "data/datapackage.json").read_text())
    assert {"code": "SYR", "name": "Syrian Arab Republic"} in english["spatial"]
    assert {r["name"]: r["title"] for r in package["resources"]}["sources"] == "المصادر"
    index = json.loads((site / "ar/data/datapackage.json").read_text())
    assert index["title"] == "تقارير الوضع: أحدث الأرقام الرئيسية لكل تقرير"
    page = (site / "ar" / SYRIA / "index.html").read_text(encoding="utf-8")
    assert "الإصدار كاملاً في مستند JSON واحد" in page and "the whole edition as one JSON document" not in page


def _typed(cell: str, kind: str):
    if cell == "":
        return None
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return int(cell) if cell.lstrip("-").isdigit() else float(cell)
    if kind == "boolean":
        return {"true": True, "false": False}[cell]
    return unguard(cell)


def _read_back(folder: Path) -> dict[str, list[dict]]:
    package = json.loads((folder / "datapackage.json").read_text())
    out = {}
    for resource in package["resources"]:
        if resource.get("format") != "csv":
            continue
        with open(folder / resource["path"], encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        fields = resource["schema"]["fields"]
        assert rows[0] == [fl["name"] for fl in fields]
        assert rows[1] == [fl["hxl"] for fl in fields] and all(t.startswith("#") for t in rows[1])
        out[resource["name"]] = [[_typed(c, fl["type"]) for c, fl in zip(row, fields, strict=True)] for row in rows[2:]]
    return out


def test_csvs_read_back_into_the_values_of_the_json(site: Path, hostile: Path) -> None:
    for s in (site, hostile):
        for folder in sorted(p.parent for p in _packages(s) if p.parent.name == "data" and "reports" in p.parts):
            document = json.loads((folder / "edition.json").read_text())
            back = _read_back(folder)
            for kind in ("figures", "events", "places", "sources", "actors", "statements", "impacts", "media"):
                assert back[kind] == [list(r.values()) for r in document[kind]], (folder, kind)


def test_values_keep_everything_the_page_says(site: Path) -> None:
    document = json.loads((site / SYRIA / "data/edition.json").read_text())
    by_id = {f["id"]: f for f in document["figures"]}
    total = by_id["killed-total-1000"]
    assert (total["qualifier"], total["value"], total["unit"], total["source"]) == (
        "more than",
        1000,
        "people",
        "Syrian Observatory for Human Rights",
    )
    assert total["as_of_date"] == "2025-03-08" and total["as_of_precision"] == "day"
    assert total["measure_hxl"] == "#affected+killed"
    assert total["evidence_quote"] and total["evidence_seed"] == "000_35c3038285085a70"
    assert any(f["qualifier"] == "unquantified" and f["words"] for f in document["figures"])
    assert any(f["as_of_before"] for f in document["figures"])  # "before 2025-03-08"
    assert any(f["discrepancy"] for f in document["figures"])
    marrow = json.loads((site / MARROW / "data/edition.json").read_text())
    assert any(f["qualifier"] == "range" and f["low"] is not None and f["high"] is not None for f in marrow["figures"])


def test_no_seed_text_and_quotes_marked_as_excerpts(site: Path) -> None:
    seed = (site.parent / "seeds/000_35c3038285085a70.txt").read_text(encoding="utf-8")
    quoted = " ".join(path.read_text(encoding="utf-8") for path in (site.parent / REPORT).glob("*.yaml"))
    # Every passage of the article that no fact quotes whole: none of them may be in a download.
    paragraphs = [p.strip() for p in seed.splitlines() if len(p.strip()) > 120 and p.strip() not in quoted]
    assert len(paragraphs) > 5
    for path in (site / SYRIA).rglob("data/*"):
        text = path.read_text(encoding="utf-8")
        assert not any(p in text for p in paragraphs), path
    document = json.loads((site / SYRIA / "data/edition.json").read_text())
    assert "third-party excerpt" in document["excerpts"]
    package = json.loads((site / SYRIA / "data/datapackage.json").read_text())
    quote = next(
        f
        for r in package["resources"]
        if r["name"] == "figures"
        for f in r["schema"]["fields"]
        if f["name"] == "Evidence quote"
    )
    assert "third-party excerpt" in quote["description"]


def test_geojson_is_rfc7946_in_lon_lat_order(site: Path) -> None:
    places = yaml.safe_load((site.parent / REPORT / "places.yaml").read_text(encoding="utf-8"))
    want = {p["id"]: p.get("coordinates") for p in places}
    data = json.loads((site / SYRIA / "data/places.geojson").read_text())
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946 4: WGS 84, no crs member
    assert {f["id"] for f in data["features"]} == set(want)
    located = 0
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        c = want[feature["id"]]
        if c is None:
            assert feature["geometry"] is None
            continue
        located += 1
        assert feature["geometry"] == {"type": "Point", "coordinates": [c["lon"], c["lat"]]}
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert located >= 5


def test_site_data_index_lists_latest_key_figures_and_no_example(site: Path) -> None:
    rows = list(csv.reader(io.StringIO((site / "data/key-figures.csv").read_text(encoding="utf-8"))))
    header, tags, body = rows[0], rows[1], rows[2:]
    assert tags[0].startswith("#")
    reports = {r[header.index("Report id")] for r in body}
    assert reports == {"syria-coast-2025-03"}  # the fictional Marrow report is an example: left out
    assert {r[header.index("Edition")] for r in body} == {"2"}
    ids = {r[header.index("Figure id")] for r in body}
    assert "killed-total-1000" in ids
    document = json.loads((site / "data/key-figures.json").read_text())
    assert [r["id"] for r in document["key_figures"]] == [r[header.index("Figure id")] for r in body]
    assert _read_back(site / "data")["key-figures"] == [list(r.values()) for r in document["key_figures"]]


# --------------------------------------------------------------------------- feeds


def test_feeds_parse_with_feedparser(site: Path) -> None:
    report = yaml.safe_load((site.parent / REPORT / "report.yaml").read_text(encoding="utf-8"))
    editions = [e for e in report["editions"] if not e.get("draft")]
    for path in (site / "feed.xml", site / SYRIA / "feed.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        assert len(feed.entries) == len(editions)
        for entry, edition in zip(feed.entries, sorted(editions, key=lambda e: e["number"], reverse=True), strict=True):
            n = edition["number"]
            assert entry.id == f"tag:sitrep.example.org,2025:{SYRIA}/editions/{n}"
            assert entry.link == f"{SITE_URL}{SYRIA}/editions/{n}/"
            assert entry.published == _utc(edition["published"])
            assert entry.summary == edition["summary"]
            assert edition["headline"] in entry.title
        assert feed.feed.updated == _utc(max(e["published"] for e in editions))
    assert not (site / MARROW / "feed.xml").exists()  # an example report has no feed, and is not in the site's


def test_arabic_feeds_parse_with_feedparser(site: Path) -> None:
    """/ar/'s feeds: in Arabic (xml:lang="ar"), their own ids and pages; the Syria report has no Arabic
    translation, so its summaries are its English words, marked as English."""
    report = yaml.safe_load((site.parent / REPORT / "report.yaml").read_text(encoding="utf-8"))
    editions = sorted((e for e in report["editions"] if not e.get("draft")), key=lambda e: e["number"], reverse=True)
    for path, title in (
        (site / "ar/feed.xml", "تقارير الوضع"),  # the site's name in Arabic (the catalogue)
        (site / "ar" / SYRIA / "feed.xml", report["title"]),
    ):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10" and len(feed.entries) == len(editions)
        assert feed.feed.title == f"{title}: الإصدارات الجديدة" and feed.feed.title_detail.language == "ar"
        english = feedparser.parse((site / path.relative_to(site / "ar")).read_bytes())
        assert {e.id for e in feed.entries}.isdisjoint(e.id for e in english.entries)
        for entry, edition in zip(feed.entries, editions, strict=True):
            n = edition["number"]
            assert entry.id == f"tag:sitrep.example.org,2025:ar/{SYRIA}/editions/{n}"
            assert entry.link == f"{SITE_URL}ar/{SYRIA}/editions/{n}/"
            assert entry.title == f"{report['title']}، الإصدار {n}: {edition['headline']}"
            assert entry.title_detail.language == "ar"
            assert entry.summary == edition["summary"] and entry.summary_detail.language == "en"
            assert entry.published == _utc(edition["published"])
    assert not (site / "ar" / MARROW / "feed.xml").exists()


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_feed_ids_do_not_depend_on_site_url(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    first = feedparser.parse((_build(project) / "feed.xml").read_bytes())
    edit(project / "mkdocs.yml", "site_url: https://sitrep.example.org/", "site_url: https://moved.example.net/sub/")
    moved = feedparser.parse((_build(project) / "feed.xml").read_bytes())
    assert [e.id for e in first.entries] == [e.id for e in moved.entries]
    assert moved.entries[0].link.startswith("https://moved.example.net/sub/reports/")


def test_every_page_has_alternate_links(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = read_page(path.read_text(encoding="utf-8"))
        alternates = [a for tag, a in page.tags if tag == "link" and "alternate" in (a.get("rel") or "").split()]
        assert any(a.get("type") == "application/atom+xml" and a["href"].endswith("feed.xml") for a in alternates), path
    page = read_page((site / SYRIA / "index.html").read_text(encoding="utf-8"))
    feeds = {a["href"] for tag, a in page.tags if tag == "link" and a.get("type") == "application/atom+xml"}
    assert feeds == {"feed.xml", "../../feed.xml"}  # the report's and the site's
    example = read_page((site / MARROW / "index.html").read_text(encoding="utf-8"))
    assert {a["href"] for tag, a in example.tags if tag == "link" and a.get("type") == "application/atom+xml"} == {
        "../../feed.xml"
    }


def test_feed_and_metadata_links_resolve(site: Path) -> None:
    """What the link check cannot see: absolute links in feeds, JSON-LD and OpenGraph tags."""
    urls: list[str] = []
    for path in (site / "feed.xml", site / SYRIA / "feed.xml", site / "ar/feed.xml", site / "ar" / SYRIA / "feed.xml"):
        urls += [e.link for e in feedparser.parse(path.read_bytes()).entries]
    for path in [*site.glob("reports/*/**/index.html"), *site.glob("ar/reports/*/**/index.html")]:
        page = read_page(path.read_text(encoding="utf-8"))
        graph = _jsonld(path)
        if graph:
            urls += [d["contentUrl"] for node in graph["@graph"] for d in node.get("distribution", [])]
            urls += [node["url"] for node in graph["@graph"]]
        urls += [a["content"] for tag, a in page.tags if tag == "meta" and a.get("property") in ("og:image", "og:url")]
    assert len(urls) > 50
    for url in urls:
        assert url.startswith(SITE_URL)
        rel = url[len(SITE_URL) :]
        target = site / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)
        assert target.is_file(), url


# --------------------------------------------------------------------------- metadata


def _jsonld(path: Path) -> dict | None:
    text = path.read_text(encoding="utf-8")
    start = text.find('<script type="application/ld+json">')
    if start < 0:
        return None
    body = text[start + len('<script type="application/ld+json">') : text.index("</script>", start)]
    return json.loads(body)


def test_jsonld_report_and_dataset(site: Path) -> None:
    graph = _jsonld(site / SYRIA / "editions/1/index.html")
    assert graph is not None and graph["@context"] == "https://schema.org"
    nodes = {n["@type"]: n for n in graph["@graph"]}
    report, dataset = nodes["Report"], nodes["Dataset"]
    for key in ("name", "datePublished", "dateModified", "publisher", "isBasedOn", "license", "url", "description"):
        assert report[key], key
    assert report["url"] == f"{SITE_URL}{SYRIA}/editions/1/"
    assert report["datePublished"] == "2025-03-08T14:00:00+00:00"
    assert report["isBasedOn"][0]["@type"] == "NewsArticle"
    assert report["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["license"] == report["license"]
    formats = {d["encodingFormat"] for d in dataset["distribution"]}
    assert {"text/csv", "application/json", "application/geo+json"} <= formats
    assert all(d["@type"] == "DataDownload" for d in dataset["distribution"])
    latest = {n["@type"]: n for n in _jsonld(site / SYRIA / "index.html")["@graph"]}["Report"]
    assert latest["dateModified"] == "2025-03-08T20:00:00+00:00" and latest["url"].endswith("/editions/2/")
    assert report["inLanguage"] == dataset["inLanguage"] == "en"
    # The Arabic page's: in its language, at its address, with its downloads.
    arabic = {n["@type"]: n for n in _jsonld(site / "ar" / SYRIA / "editions/1/index.html")["@graph"]}
    assert arabic["Report"]["inLanguage"] == arabic["Dataset"]["inLanguage"] == "ar"
    assert arabic["Report"]["url"] == f"{SITE_URL}ar/{SYRIA}/editions/1/"
    assert arabic["Report"]["headline"].startswith(f"{report['name']}، الإصدار 1: ")
    assert arabic["Dataset"]["name"] == f"{report['name']}، الإصدار 1: البيانات"
    assert all(d["contentUrl"].startswith(f"{SITE_URL}ar/") for d in arabic["Dataset"]["distribution"])
    assert {"@type": "Country", "name": "سوريا", "identifier": "SYR"} in arabic["Dataset"]["spatialCoverage"]


def test_social_preview_is_the_key_chart_as_png(site: Path, tmp_path: Path) -> None:
    page = read_page((site / SYRIA / "index.html").read_text(encoding="utf-8"))
    meta = {a.get("property") or a.get("name"): a.get("content") for tag, a in page.tags if tag == "meta"}
    assert meta["og:title"] == "Killings on Syria's coast, March 2025"
    assert meta["og:description"] == meta["description"]
    assert meta["twitter:card"] == "summary_large_image"
    png = site / meta["og:image"][len(SITE_URL) :]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"Software" not in png.read_bytes() and b"tIME" not in png.read_bytes()  # no version, no date


def test_licence_and_citation_on_every_report_page(site: Path) -> None:
    for path in site.glob("reports/syria-coast-2025-03/**/index.html"):
        text = path.read_text(encoding="utf-8")
        assert 'id="licence"' in text and 'id="cite-this-report"' in text
        assert "https://creativecommons.org/licenses/by/4.0/" in text
    bib = (site / SYRIA / "editions/1/data/cite.bib").read_text()
    assert bib.startswith("@techreport{syria-coast-2025-03-edition-1,") and "month = mar" in bib
    assert f"url = {{{SITE_URL}{SYRIA}/editions/1/}}" in bib
    csl = json.loads((site / SYRIA / "editions/1/data/cite.csl.json").read_text())
    assert csl[0]["issued"] == {"date-parts": [[2025, 3, 8]]} and csl[0]["URL"].endswith("/editions/1/")
    assert "langid" not in bib and "language" not in csl[0]
    # /ar/'s: in Arabic, saying so, citing the Arabic page.
    bib = (site / "ar" / SYRIA / "editions/1/data/cite.bib").read_text()
    assert "type = {تقرير عن الوضع}" in bib and "number = {الإصدار 1}" in bib and "langid = {arabic}" in bib
    assert f"url = {{{SITE_URL}ar/{SYRIA}/editions/1/}}" in bib
    csl = json.loads((site / "ar" / SYRIA / "editions/1/data/cite.csl.json").read_text())
    assert (csl[0]["genre"], csl[0]["language"], csl[0]["URL"]) == (
        "تقرير عن الوضع",
        "ar",
        f"{SITE_URL}ar/{SYRIA}/editions/1/",
    )


def test_placeholder_site_url_is_a_notice_and_publish_refuses_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0 and "notice: site_url is the placeholder" in result.stderr
    refused = run("build", "--publish", cwd=project)
    assert refused.returncode == 2 and "site_url is the placeholder" in refused.stderr
    edit(project / "mkdocs.yml", "site_url: https://sitrep.example.org/", "site_url: https://reports.ngo.test/")
    edit(project / "mkdocs.yml", "tag_authority: sitrep.example.org,2025", "tag_authority: ngo.test,2025")
    drafts = run("build", "--publish", "--drafts", cwd=project)
    assert drafts.returncode == 2 and "drafts" in drafts.stderr
    published = run("build", "--publish", cwd=project)
    assert published.returncode == 0, published.stderr
    assert "notice" not in published.stderr
    assert b"https://reports.ngo.test/reports/" in (project / "site/feed.xml").read_bytes()


# --------------------------------------------------------------------------- hostile text


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(hostile: Path) -> None:
    cells = []
    for path in (hostile / SYRIA / "data").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        package = json.loads((hostile / SYRIA / "data/datapackage.json").read_text())
        fields = next(r for r in package["resources"] if r["path"] == path.name)["schema"]["fields"]
        for row in rows[2:]:
            for cell, field in zip(row, fields, strict=True):
                if field["type"] == "string":
                    assert not cell.startswith(GUARDED[:-1]), (path.name, cell)  # never a formula trigger first
                    cells.append(cell)
    assert "'" + HOSTILE in cells and "'@SUM(1+1) </script>" in cells
    assert any(c.startswith("'+cmd|") for c in cells) and any(c.startswith("'-2+3") for c in cells)
    marrow = list(csv.reader(io.StringIO((hostile / MARROW / "data/figures.csv").read_text(encoding="utf-8"))))
    values = [r[marrow[0].index("Value")] for r in marrow[2:]]
    assert "-2.5" in values  # a negative number in a numeric column stays a number


def test_json_xml_and_html_escaping_hold(hostile: Path) -> None:
    document = json.loads((hostile / SYRIA / "data/edition.json").read_text())
    assert document["title"] == HOSTILE
    assert next(f for f in document["figures"] if f["id"] == "killed-total-1000")["label"] == HOSTILE
    for path in (hostile / "feed.xml", hostile / SYRIA / "feed.xml"):
        ET.fromstring(path.read_bytes())  # well-formed
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo and all(e.title.startswith(HOSTILE + ", edition") for e in feed.entries)
    html = (hostile / SYRIA / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<!--" not in body and "</" not in body[1:]
    graph = _jsonld(hostile / SYRIA / "index.html")
    assert {n["@type"]: n for n in graph["@graph"]}["Report"]["name"] == HOSTILE
    page = read_page(html)
    og = {a.get("property"): a.get("content") for tag, a in page.tags if tag == "meta"}
    assert og["og:title"] == HOSTILE
    bib = (hostile / SYRIA / "data/cite.bib").read_text()
    assert r"\&" in bib and "</script>" in bib  # BibTeX escapes its own specials only
