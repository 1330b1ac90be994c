"""End to end: build the real seed site with ``mkdocs build --strict`` and read its pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .conftest import REPORT, SAMPLE, copy_project, run
from .htmltext import Table, read_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("e2e") / "project")
    result = run("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def page(site: Path):
    return read_page((site / "reports/syria-coast-2025-03/index.html").read_text(encoding="utf-8"))


def _table(page, section: str) -> Table:
    tables = [t for t in page.tables if t.section == section]
    assert tables, f"no table under #{section}"
    return tables[0]


def _facts(name: str) -> list[dict]:
    return yaml.safe_load((SAMPLE / REPORT / f"{name}.yaml").read_text(encoding="utf-8"))


def test_figure_table_has_one_row_per_figure(page) -> None:
    table = _table(page, "all-figures")
    assert table.header == ["Figure", "Value", "Qualifier", "Place", "Period", "As of", "Source", "Evidence"]
    assert len(table.rows) == len(_facts("figures"))


@pytest.mark.parametrize(
    "label, value, qualifier, as_of, source",
    [
        ("Total killed", "more than 1,000", "more than", "Sat 2025-03-08", "Syrian Observatory for Human Rights"),
        (
            "Civilians killed",
            "750 (see discrepancies)",
            "exact",
            "Sat 2025-03-08",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Civilians killed",
            "745 (see discrepancies)",
            "exact",
            "Sat 2025-03-08",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Government security force members killed",
            "125",
            "exact",
            "Sat 2025-03-08",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Militants affiliated with Assad killed",
            "148",
            "exact",
            "Sat 2025-03-08",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Total killed, earlier figure",
            "more than 200",
            "more than",
            "before 2025-03-08",
            "Syrian Observatory for Human Rights",
        ),
        (
            "Official death toll",
            "No official figures have been released",
            "unquantified",
            "Sat 2025-03-08",
            "Associated Press",
        ),
        (
            "Neighbours and colleagues killed in one neighbourhood of Baniyas",
            "at least 20",
            "at least",
            "Sat 2025-03-08",
            "Ali Sheha",
        ),
        (
            "Children among those buried in Tuwaym",
            "9",
            "exact",
            "Sat 2025-03-08",
            "Residents (Tuwaym burial) (anonymous)",
        ),
        (
            "People who fled to nearby mountains",
            "thousands of people",
            "unquantified",
            "Sat 2025-03-08",
            "Two residents of the coastal region (anonymous)",
        ),
        (
            "People fleeing to Lebanon",
            "He did not have exact numbers",
            "unquantified",
            "Sat 2025-03-08",
            "Haidar Nasser",
        ),
    ],
)
def test_figure_row(page, label: str, value: str, qualifier: str, as_of: str, source: str) -> None:
    rows = [r for r in _table(page, "all-figures").rows if r[0] == label and r[1] == value]
    assert len(rows) == 1, f"no single row {label!r} with value {value!r}"
    row = rows[0]
    assert (row[2], row[5], row[6]) == (qualifier, as_of, source)


def test_every_place_is_listed(page) -> None:
    names = [r[0] for r in _table(page, "places").rows]
    assert names == [p["name"] for p in _facts("places")]


def test_every_source_has_a_section_and_protected_ones_no_name(page) -> None:
    headings = {text for tag, _, text in page.headings if tag == "h4"}  # under "Sources and method"
    for s in _facts("sources"):
        expected = s["name"] if "name" in s else f"{s['label']} (anonymous)"
        assert expected in headings
    text = " ".join(page.text)
    assert "identity protected" in text
    assert "out of fear of being killed by gunmen" in text


def test_key_figures_and_discrepancy_show_both_values(page) -> None:
    text = " ".join(" ".join(page.text).split())
    assert "745 or 750 (the source gives both)" in text
    discrepancy = text[text.index("A source gives different values") :]
    assert "745" in discrepancy[:400] and "750" in discrepancy[:400]


def test_charts_have_text_alternatives_and_data_tables(site: Path, page) -> None:
    images = {a["src"]: a["alt"] for tag, a in page.tags if tag == "img" and (a.get("src") or "").startswith("charts/")}
    breakdown = next(src for src in images if "breakdown-killed-total-1000" in src)
    assert "civilians: 745 or 750" in images[breakdown]
    history = next(src for src in images if "history-killed-all" in src)
    assert "before 2025-03-08: more than 200" in images[history]
    for src in images:
        svg = (site / "reports/syria-coast-2025-03" / src).read_bytes()
        assert svg.startswith(b"<?xml") and b"<dc:date>" not in svg
    rows = [r for t in page.tables if t.section == "breakdowns-the-parts" for r in t.rows]
    assert ["civilians", "745 (the source gives both)", "Syrian Observatory for Human Rights", "Sat 2025-03-08"] in rows
    history_rows = [r for t in page.tables if t.section == "figure-history" for r in t.rows]
    assert history_rows[:2] == [
        ["before 2025-03-08", "more than 200", "Syrian Observatory for Human Rights", "edition 2"],
        ["Sat 2025-03-08", "more than 1,000", "Syrian Observatory for Human Rights", "edition 1"],
    ]


def test_timeline_resolves_weekdays(page) -> None:
    rows = _table(page, "timeline").rows
    assert rows[0][0] == "about 2024-12 (“three months after insurgents took authority”)"
    assert any(r[0] == "Thu 2025-03-06 (“on Thursday”)" for r in rows)
    assert any(r[0].startswith("Sat 2025-03-08, early morning") for r in rows)
    assert [r[0][4:14] for r in rows[1:]] == sorted(r[0][4:14] for r in rows[1:])


def test_home_and_index_list_the_report(site: Path) -> None:
    for page in ("index.html", "reports/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "Killings on Syria&#39;s coast, March 2025" in html or "Killings on Syria's coast, March 2025" in html
        assert re.search(r'href="(\.\./|\./)?(reports/)?syria-coast-2025-03/"', html), page


def test_navigation_does_not_list_reports(site: Path) -> None:
    html = (site / "about/index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "syria-coast-2025-03" not in nav


def test_no_request_leaves_the_site(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, path


def test_sitemap_is_dated_by_content(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2025-03-08"}
