"""The Data page for analysts (issue 27): it says what each file holds, the current-value rule and
the hashtags, and its pandas and libhxl examples run, verbatim, against real downloads (served
from a folder in place of the site: no network) and give the expected table."""

from __future__ import annotations

import contextlib
import datetime as dt
import email.message
import io
import urllib.request
import urllib.response
from pathlib import Path

import pytest
import requests

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.outputs import current, dataguide, dataindex, render
from sitrep.site import settings

from .conftest import ROOT, SAMPLE, copy_project

SYRIA = "syria-coast-2025-03"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's data/ folder as a build writes it, from the Syria fixture."""
    tmp = tmp_path_factory.mktemp("guide")
    project = copy_project(tmp / "p", SAMPLE)
    checked = pipeline.check(project, strict=True)
    views = render.report_views(checked.reports[0], checked.seeds, False, measures.builtin())
    stable = next(v for v in views if v.stable)
    entry = render.IndexEntry(SYRIA, "t", "s", dt.date(2025, 3, 8), current=dataindex.entry_current(stable))
    for path, data in dataindex.site_files([entry], settings.load(ROOT)).items():
        (tmp / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "site" / path).write_bytes(data)
    return tmp / "site"


def _serve(monkeypatch: pytest.MonkeyPatch, site: Path) -> str:
    """Answer requests for the site's address from ``site`` (pandas opens URLs with urllib, libhxl with requests)."""
    base = settings.load(ROOT).url("")

    def local(url: str) -> bytes:
        assert url.startswith(base), url
        return (site / url[len(base) :]).read_bytes()

    def urlopen(request, *args, **kwargs):
        url = request.full_url if isinstance(request, urllib.request.Request) else request
        return urllib.response.addinfourl(io.BytesIO(local(url)), email.message.Message(), url, 200)

    def get(url, *args, **kwargs):
        response = requests.Response()
        response.status_code, response._content, response.url = 200, local(url), url
        response.headers["content-type"] = "text/csv"
        return response

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.setattr(requests, "get", get)
    return base


def _run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<the Data page's example>", "exec"), {})
    return out.getvalue()


def test_the_pandas_example_gives_the_current_toll(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pandas, _ = dataguide.examples(_serve(monkeypatch, site))
    assert len([line for line in pandas.splitlines() if line]) == 5
    lines = [line.split() for line in _run(pandas).splitlines()]
    assert lines[0][:2] == ["Report", "id"]
    text = _run(pandas)
    assert "Syria's coastal region" in text and "745 to 750" in text
    all_row = next(line for line in text.splitlines() if " all " in line)
    assert "1000" in all_row and "more than" in all_row and "200" not in all_row


def test_the_libhxl_example_finds_the_killed_by_hashtag(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, libhxl = dataguide.examples(_serve(monkeypatch, site))
    assert len([line for line in libhxl.splitlines() if line]) == 5
    printed = _run(libhxl).splitlines()
    assert "Syria's coastal region all 1000" in printed
    assert "Syria's coastal region civilians 745 to 750" in printed
    assert "Baniyas neighbours 5" in printed


def test_the_page_says_what_the_files_hold_the_rule_and_the_tags() -> None:
    env = render.environment(ROOT / "templates")
    page = dataguide.render_guide(env)
    page_text = " ".join(page.split())
    for clause in current.RULE:
        assert clause in page_text, clause
    pandas, libhxl = dataguide.examples(settings.load(ROOT).url(""))
    assert pandas.rstrip("\n") in page and libhxl.rstrip("\n") in page
    for needle in ("`current.csv`", "`changes.csv`", "`#affected+killed`", "`#targeted`", "`#date+reported`"):
        assert needle in page, needle
