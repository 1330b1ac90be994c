"""Issue 25, items 1, 2 and 4: an edition shows only what was known then, a superseded
edition says what a later one corrected, and readers see labels, never ids.

One site is built for the whole module (a full build is slow): the three fixture reports
(the Syria sample, the Kestrel earthquake, the Marrow floods) in one project, with a third
edition of the Syria report that corrects the label of a figure editions 1 and 2 showed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sitrep import pipeline
from sitrep.drawing import maps
from sitrep.facts import editions, measures
from sitrep.facts.model import SECTIONS, Report

from .conftest import FIXTURES, FORMS, REPORT, copy_project, edit, run
from .htmltext import visible_text

SYRIA = "syria-coast-2025-03"
MARROW = "marrow-floods-2026-04"  # with a draft second edition: "Edition 2 (draft)", never "Edition 2 of 1"
KESTREL = "kestrel-earthquake-2025-11"
ATOM = "{http://www.w3.org/2005/Atom}"
THIRD = """  - number: 3
    published: 2025-03-09T09:00:00+00:00
    headline: "Correction: the label of the total"
    summary: Corrects the label of the total toll.
"""
CORRECTION = (
    "  corrections:\n    - edition: 3\n      field: label\n      was: Total killed\n"
    "      note: The monitor counts the dead, not only those killed in the clashes."
)


def _combined(dest: Path) -> Path:
    """The sample project, with the Kestrel and Marrow reports and their seeds (and Marrow's measures)."""
    project = copy_project(dest)
    for fixture in (FIXTURES / "kestrel", FORMS):
        for part in ("reports", "seeds"):
            for src in (fixture / part).iterdir():
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part / src.name)
    shutil.copy2(FORMS / "measures.yaml", project / "measures.yaml")
    return project


def _correct_in_third_edition(project: Path) -> None:
    folder = project / REPORT
    meta = (folder / "report.yaml").read_text(encoding="utf-8")
    (folder / "report.yaml").write_text(meta.replace("\nexclusions:", "\n" + THIRD.rstrip("\n") + "\nexclusions:", 1))
    edit(folder / "figures.yaml", "  label: Total killed\n", "  label: Total dead\n")
    text = (folder / "figures.yaml").read_text(encoding="utf-8")
    start = text.index("- id: killed-total-1000\n")
    end = text.find("\n\n", start)
    (folder / "figures.yaml").write_text(text[:end] + "\n" + CORRECTION + text[end:], encoding="utf-8")
    published = run("publish", SYRIA, cwd=project)
    assert published.returncode == 0, published.stderr
    assert published.stderr.strip() == f"{SYRIA}: editions 1, 2, 3 published; commit editions.lock."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _combined(tmp_path_factory.mktemp("words") / "p")
    _correct_in_third_edition(project)
    started = run(
        "edition", MARROW, "--headline", "Update", "--summary", "Nothing new yet.",
        "--published", "2026-04-10T10:00:00+00:00", cwd=project,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    result = run("build", "--strict", "--drafts", cwd=project)  # drafts too: a draft's page is read as well
    assert result.returncode == 0, result.stderr
    assert "1 report(s)" not in result.stderr and "3 reports checked and rendered" in result.stderr
    return project


@pytest.fixture(scope="module")
def reports(project: Path) -> dict[str, Report]:
    return {r.meta.id: r for r in pipeline.check(project).reports}


# --------------------------------------------------------------------------- what an edition may say


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


TEXTS = ("name", "label", "words", "what", "text", "subject", "description", "caption", "note", "reason")


def _first_in_2(report: Report, project: Path) -> list[str]:
    """Text edition 2 published first: its own words, and the quotes, values and texts of the facts it
    added; less anything edition 1 also says (its facts, words, articles and the report's title)."""
    from sitrep.outputs.filters import value

    registry = measures.load(project)[0]
    second = editions.edition(report, 2)
    later = [second.headline, second.summary, *([second.overview] if second.overview else [])]
    for section in SECTIONS:
        for item in getattr(editions.state_at(report, 2), section):
            if item.since == 2:
                later += [getattr(item, name) or "" for name in TEXTS if hasattr(item, name)]
                later.append(item.evidence.quote)
                if section == "figures":
                    later.append(value(item, registry))
    first = editions.edition(report, 1)
    known = [report.meta.title, first.headline, first.summary, first.overview or ""]
    for section in SECTIONS:
        for item in getattr(editions.state_at(report, 1), section):
            known += _strings(item.model_dump(mode="json"))
    seeds = pipeline.check(project).seeds
    known += [s for seed in report.meta.seeds for s in _strings(seeds[seed].meta.model_dump(mode="json"))]
    # The locator map names the neighbouring countries and seas from its base map on every edition:
    # geography, not something an edition published.
    for extract in maps.EXTRACTS:
        data = json.loads(extract.read_text(encoding="utf-8"))
        known += [c["name"] for key in ("countries", "seas") for c in data.get(key, [])]
    blob = _norm(" | ".join(known))
    # Short strings ("37", "Vell") say nothing about a leak; what edition 1 also says is not one.
    return sorted({s for s in later if len(s) >= 6 and _norm(s) not in blob})


def _edition_material(site: Path, report_id: str, n: int) -> dict[str, str]:
    """Everything edition ``n`` publishes: its page (head included), the charts it shows, its downloads, and
    its entry in the report's feed; by where it was found."""
    folder = site / "reports" / report_id / "editions" / str(n)
    page = (folder / "index.html").read_text(encoding="utf-8")
    out = {"page": html.unescape(page)}
    for ld in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        out["json-ld"] = " | ".join(_strings(json.loads(ld)))
    for src in sorted(set(re.findall(r'src="\.\./\.\./charts/([^"]+\.svg)"', page))):
        out[f"chart {src}"] = html.unescape((site / "reports" / report_id / "charts" / src).read_text(encoding="utf-8"))
    for data in sorted((folder / "data").iterdir()):
        text = data.read_text(encoding="utf-8")
        out[f"data/{data.name}"] = " | ".join(_strings(json.loads(text))) if data.suffix == ".json" else text
    feed = site / "reports" / report_id / "feed.xml"
    if feed.exists():
        for entry in ET.parse(feed).getroot().iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link")
            assert link is not None
            if link.get("href", "").endswith(f"/editions/{n}/"):
                out["feed entry"] = " | ".join(e.text or "" for e in entry)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("report_id", [SYRIA, KESTREL])
def test_edition_1_says_nothing_first_published_in_edition_2(
    project: Path, reports: dict[str, Report], report_id: str
) -> None:
    later = _first_in_2(reports[report_id], project)
    assert len(later) > 10  # the check has something to find
    material = _edition_material(project / "site", report_id, 1)
    assert {"page", "json-ld", "data/datapackage.json", "data/edition.json"} <= set(material)
    leaks = [(where, s) for where, text in material.items() for s in later if _norm(s) in _norm(text)]
    assert leaks == [], leaks
    # ... and edition 2 does say them: the check would see a leak
    second = _edition_material(project / "site", report_id, 2)
    assert all(any(_norm(s) in _norm(t) for t in second.values()) for s in later if len(s) < 200)


@pytest.mark.slow
def test_the_reproduced_leaks_are_gone(project: Path) -> None:
    """As reported: the earthquake's edition 1 showed 86,000 and the 38 million appeal (edition 2's),
    the Syria edition 1 the government's "individual actions" (edition 2's statement)."""
    quake = visible_text((project / "site/reports" / KESTREL / "editions/1/index.html").read_text(encoding="utf-8"))
    syria = visible_text((project / "site/reports" / SYRIA / "editions/1/index.html").read_text(encoding="utf-8"))
    assert "86,000" not in quake and "38 million US dollars" not in quake
    assert "individual actions" not in syria
    latest = visible_text((project / "site/reports" / KESTREL / "index.html").read_text(encoding="utf-8"))
    assert "an estimated 86,000 people need assistance" in latest  # the latest edition's overview


# --------------------------------------------------------------------------- corrections travel backwards


@pytest.mark.slow
@pytest.mark.parametrize("n", [1, 2])
def test_a_corrected_edition_says_so_at_its_top_beside_the_figure_in_the_feed_and_its_data(
    project: Path, n: int
) -> None:
    site = project / "site" / "reports" / SYRIA
    page = (site / f"editions/{n}/index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    notice = (
        "Corrected in edition 3 (2025-03-09 09:00 UTC): Total killed: the label shown here, \u201cTotal killed\u201d, "
        "is now \u201cTotal dead\u201d. The monitor counts the dead, not only those killed in the clashes."
    )
    top = text.index("Corrected since this edition was published")
    assert top < text.index("Key figures\u00b6") and notice in text
    assert 'href="../3/"' in page  # linked to the correcting edition
    row = next(line for line in text.splitlines() if line.startswith("more than 1,000 (corrected in edition 3"))
    assert "label now \u201cTotal dead\u201d" in row  # beside the figure, in the table of all figures
    card = next(line for line in text.splitlines() if line.startswith("Total killed \u00b7"))
    assert "corrected in edition 3: label now \u201cTotal dead\u201d" in card  # and on its key figure card

    package = json.loads((site / f"editions/{n}/data/datapackage.json").read_text(encoding="utf-8"))
    assert notice in package["description"]
    later = json.loads((site / f"editions/{n}/data/edition.json").read_text(encoding="utf-8"))["corrected_later"]
    assert [(c["edition"], c["field"], c["shown"], c["now"]) for c in later] == [
        (3, "label", "\u201cTotal killed\u201d", "\u201cTotal dead\u201d")
    ]
    entries = {
        e.find(f"{ATOM}link").get("href", "").rsplit("/", 2)[-2]: e  # type: ignore[union-attr]
        for e in ET.parse(site / "feed.xml").getroot().iter(f"{ATOM}entry")
    }
    entry = entries[str(n)]
    assert notice in (entry.findtext(f"{ATOM}summary") or "")
    assert entry.findtext(f"{ATOM}updated") == "2025-03-09T09:00:00Z"  # updated when corrected


@pytest.mark.slow
def test_the_correcting_edition_itself_carries_no_later_correction(project: Path) -> None:
    site = project / "site" / "reports" / SYRIA
    latest = visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert "Corrected since this edition was published" not in latest
    assert "Correction in edition 3, published 2025-03-09 09:00 UTC" in latest
    assert json.loads((site / "editions/3/data/edition.json").read_text(encoding="utf-8"))["corrected_later"] == []
    feed = ET.parse(site / "feed.xml").getroot()
    third = next(e for e in feed.iter(f"{ATOM}entry") if (e.findtext(f"{ATOM}title") or "").endswith("the total"))
    assert "Corrected in" not in (third.findtext(f"{ATOM}summary") or "")


# --------------------------------------------------------------------------- labels, never ids


def _without_code_blocks(page: str) -> str:
    """A page without its code blocks (the BibTeX and CSL-JSON to copy, for reference managers)."""
    return re.sub(r"<pre\b.*?</pre>", "", page, flags=re.S)


def _ids(reports: dict[str, Report], project: Path) -> set[str]:
    """Every id a reader must not see: the reports', seeds', facts' and the measures' and groups' slugs.
    Ids that are plain words ("depth") are words a page may well use; a slug has a hyphen, digit or '_'."""
    out: set[str] = set()
    for r in reports.values():
        out.add(r.meta.id)
        out.update(r.meta.seeds)
        for section in SECTIONS:
            for item in getattr(r, section):
                out.add(item.id)
                out.update(getattr(item, name) for name in ("metric", "group") if hasattr(item, name))
    return {i for i in out if re.search(r"[-_0-9]", i)}


NOUNS = (
    "changes|editions|corrections|figures|sources|source articles|reports|events|places|statements|impacts"
    "|parties|photo captions|pages|findings|errors"
)


@pytest.mark.slow
def test_readers_see_labels_never_ids_paths_or_wrong_plurals(project: Path, reports: dict[str, Report]) -> None:
    ids = _ids(reports, project)
    assert {"funding-required", SYRIA, "killed-total-1000"} <= ids  # the grep looks for them
    alternatives = "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
    pattern = re.compile(r"(?<![\w/.-])(" + alternatives + r")(?![\w-])")
    wrong: list[tuple[str, str]] = []
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        where = str(path.relative_to(project / "site"))
        if re.sub(r"^[a-z]{2}/", "", where).startswith(("writing/", "data/")):  # in any language (ar/data/)
            continue  # "Writing reports" and "Data" document the fact files' and downloads' keys: ids are their subject
        text = visible_text(_without_code_blocks(path.read_text(encoding="utf-8")))
        text = re.sub(r"https?://\S+", "", text)  # an address names a page, it is not a label
        wrong += [(where, m[0]) for m in pattern.finditer(text)]
        wrong += [(where, m[0]) for m in re.finditer(r"\breports/|\bseeds/|\.ya?ml\b|editions\.lock", text)]
        wrong += [(where, m[0]) for m in re.finditer(rf"\b(?:All )?1 (?:{NOUNS})\b", text)]
        wrong += [(where, m[0]) for m in re.finditer(r"\beditions 1 published\b", text)]
        wrong += [(where, m[0]) for m in re.finditer(r"\bEdition (\d+) of (\d+)\b", text) if int(m[1]) > int(m[2])]
        wrong += [(where, m[0]) for m in re.finditer(r"\(fictional example\)\s*\(fictional example\)", text)]
    assert wrong == []


@pytest.mark.slow
def test_a_draft_after_the_latest_published_edition_is_not_counted_as_one_of_them(project: Path) -> None:
    text = visible_text((project / "site/reports" / MARROW / "editions/2/index.html").read_text(encoding="utf-8"))
    assert "Edition 2 (draft): the latest published is edition 1 \u00b7 dated " in text
    stable = visible_text((project / "site/reports" / MARROW / "index.html").read_text(encoding="utf-8"))
    assert "Edition 1 of 1 (latest)" in stable


@pytest.mark.slow
def test_the_example_flag_is_printed_once(project: Path) -> None:
    for page in ("index.html", "reports/index.html"):
        text = visible_text((project / "site" / page).read_text(encoding="utf-8"))
        quake = next(line for line in text.splitlines() if line.startswith("Earthquake in the Kestrel"))
        floods = next(line for line in text.splitlines() if line.startswith("Floods in Marrow Valley"))
        assert quake.count("fictional example") == 1  # its title says so already
        assert floods.rstrip("\u00b6").endswith("(fictional example)")  # its title does not: the list says it


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_reviewers_diff_names_reports_facts_and_references_in_words(
    project: Path, reports: dict[str, Report], fmt: str
) -> None:
    result = run("diff", "--format", fmt, "edition:1", "edition:2", cwd=project)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Earthquake in the Kestrel highlands" in out and "Flash appeal (United Nations humanitarian office)" in out
    ids = _ids(reports, project)
    found = [i for i in ids if re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w-])", out)]
    assert found == []
