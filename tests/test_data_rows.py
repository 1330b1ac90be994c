"""Every row says where it belongs (issue 27): report id and edition number in every per-edition
CSV, and each edition's changes.csv: the page's "What changed" as data, one row per field, with
a correction's field, old and new value and reason in columns of their own."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import frictionless
import hxl
import pytest
from hxl.input import InputOptions
from pydantic import ValidationError

from sitrep import pipeline
from sitrep.errors import FactsError
from sitrep.facts import measures
from sitrep.facts.model import Place
from sitrep.outputs import metadata, render
from sitrep.site import settings

from .conftest import FORMS, REPORT, SAMPLE, copy_project, edit, republish, run
from .downloads import edition_downloads, project_downloads

SYRIA = "syria-coast-2025-03"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    return edition_downloads(tmp_path_factory.mktemp("rows"), SAMPLE)


def _rows(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[2:]]


def test_every_row_of_every_edition_file_names_its_report_and_edition(folders) -> None:
    for (report, number), folder in folders.items():
        tables = sorted(folder.glob("*.csv"))
        assert len(tables) >= 11
        for path in tables:
            head = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[:2]
            assert head[0][:2] == ["Report id", "Edition"] and head[1][:2] == ["#meta+id+report", "#meta+edition"]
            assert {(r["Report id"], r["Edition"]) for r in _rows(path)} <= {(report, str(number))}, path


def test_changes_list_what_the_edition_added(folders) -> None:
    assert _rows(folders[(SYRIA, 1)] / "changes.csv") == []  # nothing before the first edition
    rows = _rows(folders[(SYRIA, 2)] / "changes.csv")
    added = {(r["Section"], r["Fact id"]) for r in rows if r["Kind"] == "added"}
    assert ("figures", "killed-total-previous-200") in added and ("places", "baniyas") in added
    baniyas = next(r for r in rows if r["Fact id"] == "killed-neighbours-five")
    assert baniyas["Now"] == "5" and baniyas["Was"] == ""


def test_a_correction_is_a_row_with_its_field_values_and_reason(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    edit(
        project / REPORT / "report.yaml",
        "exclusions:",
        "  - number: 3\n    published: 2025-03-09T10:00:00+00:00\n    headline: A correction\n"
        "    summary: Describes Latakia.\nexclusions:",
    )
    edit(
        project / REPORT / "places.yaml",
        "  kind: city\n  within: syria-coast\n  coordinates:\n    lat: 35.5317",
        "  kind: city\n  within: syria-coast\n  description: =The main port\n"
        "  corrections:\n    - edition: 3\n      field: description\n      was: null\n"
        "      note: The description was missing.\n  coordinates:\n    lat: 35.5317",
    )
    published = run("publish", SYRIA, cwd=project)
    assert published.returncode == 0, published.stderr
    folders = project_downloads(tmp_path / "out", project)
    rows = _rows(folders[(SYRIA, 3)] / "changes.csv")
    (row,) = [r for r in rows if r["Fact id"] == "latakia"]
    assert (row["Kind"], row["Section"], row["Field"]) == ("corrected", "places", "description")
    assert (row["Was"], row["Now"], row["Why"]) == ("", "'=The main port", "The description was missing.")
    places = _rows(folders[(SYRIA, 3)] / "places.csv")
    latakia = next(p for p in places if p["Place id"] == "latakia")
    assert latakia["Last corrected in edition"] == "3"
    assert (
        next(p for p in _rows(folders[(SYRIA, 2)] / "places.csv") if p["Place id"] == "latakia")[
            "Last corrected in edition"
        ]
        == ""
    )


# --------------------------------------------------------------------------- places that join


def test_every_syria_place_joins_on_its_country(folders) -> None:
    places = _rows(folders[(SYRIA, 2)] / "places.csv")
    assert {p["Place id"]: p["Country"] for p in places if p["Country"] != "SYR"} == {"lebanon": "LBN"}
    figures = _rows(folders[(SYRIA, 2)] / "figures.csv")
    assert {f["Country"] for f in figures} == {"SYR", "LBN"}  # Tuwaym's burial too, through its hierarchy


def test_a_town_carries_its_first_level_subdivision(tmp_path: Path) -> None:
    folders = edition_downloads(tmp_path, FORMS)
    figures = _rows(folders[("marrow-floods-2026-04", 1)] / "figures.csv")
    linn = next(f for f in figures if f["Place id"] == "linn")  # a town without a P-code of its own
    assert (linn["Admin 1 P-code"], linn["Admin 1"], linn["Country"]) == ("MR01", "Marrow Valley", "")


def test_country_codes_are_iso_3166_alpha_3() -> None:
    base = {"id": "x", "name": "X", "kind": "country", "evidence": {"seed": "s", "quote": "a quote"}}
    assert Place.model_validate(base | {"country": "SYR"}).country == "SYR"
    for bad in ("SYX", "SY", "syr"):
        with pytest.raises(ValidationError):
            Place.model_validate(base | {"country": bad})


@pytest.mark.parametrize(
    "valley,town,problem",
    [
        ("SY01", "SY0102", None),  # the country's alpha-2, then the subdivision's digits: fits
        ("SYR01", "SYR0102", None),  # alpha-3 prefixes are accepted too
        ("MR01", "MR0102", "'MR01' does not start with SYR's code (SY or SYR)"),
        ("SY01", "SY0202", "a subdivision's P-code extends its parent's"),
        ("SY", "SY0102", "'SY' at admin level 1: a subdivision's P-code continues after the country's code"),
    ],
)
def test_pcodes_are_checked_against_their_country_and_parent(tmp_path: Path, valley, town, problem) -> None:
    project = copy_project(tmp_path / "p", FORMS)
    places = project / "reports/marrow-floods-2026-04/places.yaml"
    edit(places, "  pcode: MR01\n", f"  country: SYR\n  pcode: {valley}\n")  # a test hierarchy, not real P-codes
    edit(places, "  pcode: MR0102\n", f"  pcode: {town}\n")
    if problem is None:
        pipeline.check(project, locks=False)
        return
    with pytest.raises(FactsError) as caught:
        pipeline.check(project, locks=False)
    assert problem in str(caught.value) and "[SR305]" in str(caught.value)


# --------------------------------------------------------------------------- keys


def test_packages_declare_keys_and_frictionless_checks_them(folders, tmp_path: Path) -> None:
    package = json.loads((folders[(SYRIA, 2)] / "datapackage.json").read_text())
    schemas = {r["name"]: r["schema"] for r in package["resources"] if "schema" in r}
    assert schemas["figures"]["primaryKey"] == ["Figure id"]
    targets = {(k["fields"][0], k["reference"]["resource"]) for k in schemas["figures"]["foreignKeys"]}
    assert {("Place id", "places"), ("Source id", "sources"), ("Part of", "")} <= targets
    assert {k["fields"][0] for k in schemas["current"]["foreignKeys"]} == {"Place id"}
    for folder in folders.values():
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    broken = tmp_path / "broken"
    shutil.copytree(folders[(SYRIA, 2)], broken)
    figures = broken / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",baniyas,", ",nowhere,", 1), encoding="utf-8")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert {e[0] for e in report.flatten(["type"])} == {"foreign-key"}


# --------------------------------------------------------------------------- sitemap


@pytest.mark.slow
def test_the_sitemap_dates_each_report_page_by_its_own_edition(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    edit(
        project / REPORT / "report.yaml",
        "exclusions:",
        "  - number: 3\n    published: 2025-03-10T23:30:00-02:00\n    headline: Later\n"
        "    summary: Nothing new.\nexclusions:",
    )
    assert run("publish", SYRIA, cwd=project).returncode == 0
    built = run("build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    sitemap = ET.fromstring((project / "site/sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {
        u.findtext("s:loc", namespaces=ns).removeprefix("https://sitrep.example.org/"): u.findtext(
            "s:lastmod", namespaces=ns
        )
        for u in sitemap.findall("s:url", ns)
    }
    assert dates[f"{REPORT}/editions/1/"] == dates[f"{REPORT}/editions/2/"] == "2025-03-08"
    assert dates[f"{REPORT}/editions/3/"] == dates[f"{REPORT}/"] == "2025-03-11"  # its UTC day
    assert len({dates[p] for p in ("", "about/", "data/", "reports/")}) == 1  # other pages: the build's date


# --------------------------------------------------------------------------- hostile text

HOSTILE = '=HYPERLINK("http://evil.invalid","x") </script>'


def test_hostile_place_names_stay_data_in_the_new_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    edit(
        project / REPORT / "places.yaml",
        "- id: baniyas\n  name: Baniyas\n",
        f"- id: baniyas\n  name: {json.dumps(HOSTILE)}\n",
    )
    republish(project)
    folder = project_downloads(tmp_path / "out", project, strict=False)[(SYRIA, 2)]
    for name in ("current.csv", "changes.csv", "figures.csv"):
        cells = [c for row in csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))) for c in row]
        assert any(c.startswith("'" + HOSTILE) for c in cells), name
        assert not any(c.startswith("=") for c in cells), name
    data = hxl.data(io.BytesIO((folder / "current.csv").read_bytes()), InputOptions(allow_local=True)).cache()
    assert "'" + HOSTILE in data.get_value_set("#loc+name")  # libhxl reads the guarded text, as text
    document = json.loads((folder / "edition.json").read_text(encoding="utf-8"))
    assert HOSTILE in {r["place"] for r in document["current"]}  # the JSON holds it as it is


# --------------------------------------------------------------------------- coverage


def test_package_and_dataset_say_where_and_when(folders) -> None:
    package = json.loads((folders[(SYRIA, 2)] / "datapackage.json").read_text())
    assert package["spatial"] == [{"code": "LBN", "name": "Lebanon"}, {"code": "SYR", "name": "Syrian Arab Republic"}]
    assert package["temporal"] == {"start": "2025-03-06", "end": "2025-03-08"}  # Thursday's clashes to the article
    assert "people killed" in package["keywords"] and "HXL" in package["keywords"]
    project = folders[(SYRIA, 2)].parent.parent / "project"
    checked = pipeline.check(project, strict=True)
    view = next(
        v for v in render.report_views(checked.reports[0], checked.seeds, False, measures.builtin()) if v.stable
    )
    graph = metadata.jsonld(view, settings.load(project), ["figures.csv"], None)
    dataset = next(n for n in graph["@graph"] if n["@type"] == "Dataset")
    assert dataset["temporalCoverage"] == "2025-03-06/2025-03-08"
    assert [c["identifier"] for c in dataset["spatialCoverage"]] == ["LBN", "SYR"]
    assert dataset["keywords"] == package["keywords"]
