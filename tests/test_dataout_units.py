"""The small rules data out rests on, one at a time: the CSV formula guard and how to undo
it, cells of each type, JSON for a script element, code fences, BibTeX text, the settings
and the Atom writer (the end-to-end proofs are in test_dataout.py)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import EnvironmentFault
from sitrep.outputs import feeds
from sitrep.outputs.dataout import GUARDED, cell, guard, unguard
from sitrep.outputs.metadata import bibtex_text, fenced, script_json
from sitrep.outputs.words import ENGLISH
from sitrep.site import settings

from .conftest import ROOT


@given(st.text())
def test_the_guard_is_undone_exactly_and_leaves_no_formula(text: str) -> None:
    guarded = guard(text)
    assert unguard(guarded) == text
    assert not guarded.startswith(GUARDED[:-1])  # never =, +, -, @, tab or CR first


@pytest.mark.parametrize(
    "text,expected",
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("'quoted'", "''quoted'"),
        ("plain = text", "plain = text"),
    ],
)
def test_text_cells_are_guarded(text: str, expected: str) -> None:
    assert cell(text, "string") == expected


@pytest.mark.parametrize(
    "value,kind,expected",
    [(-4, "number", "-4"), (2.5, "number", "2.5"), (1e-7, "number", "0.0000001"), (38_000_000, "integer", "38000000")]
    + [
        (True, "boolean", "true"),
        (False, "boolean", "false"),
        (None, "number", ""),
        ("2025-03-08", "date", "2025-03-08"),
    ],
)
def test_typed_cells_stay_their_type(value, kind: str, expected: str) -> None:
    assert cell(value, kind) == expected


@given(st.recursive(st.text() | st.integers() | st.booleans(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
def test_json_for_a_script_element_cannot_end_it(data) -> None:
    text = script_json(data)
    assert not {"<", ">", "&"} & set(text)
    assert json.loads(text) == data


def test_fences_outlast_any_backticks_inside() -> None:
    block = fenced("a ``` b ```` c", "json")
    assert block.startswith("`````json\n") and block.endswith("\n`````")
    assert fenced("plain", "bibtex") == "```bibtex\nplain\n```"


def test_bibtex_text_escapes_its_specials() -> None:
    assert bibtex_text("A & B {x} 50% $1 #2 a_b ~ ^ \\") == (
        r"A \& B \{x\} 50\% \$1 \#2 a\_b \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def _mkdocs(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_settings_are_placeholders() -> None:
    conf = settings.load(ROOT)
    assert conf.site_url == "https://sitrep.example.org/" and conf.licence_name == "CC BY 4.0"
    assert [p.split(" ")[0] for p in conf.placeholders()] == ["site_url", "extra.publisher.tag_authority"]


def test_settings_read_mkdocs_tags_and_refuse_a_bad_tag_authority(tmp_path: Path) -> None:
    conf = settings.load(
        _mkdocs(
            tmp_path,
            "site_url: https://reports.ngo.test\nmarkdown_extensions:\n"
            "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "extra:\n  publisher:\n    name: NGO\n    tag_authority: ngo.test,2025-01\n",
        )
    )
    assert conf.site_url == "https://reports.ngo.test/" and conf.publisher == "NGO" and conf.placeholders() == []
    with pytest.raises(EnvironmentFault, match="tag_authority"):
        settings.load(_mkdocs(tmp_path, "site_url: https://a.test/\nextra:\n  publisher:\n    tag_authority: ngo\n"))


def _item(n: int, headline: str = "Headline") -> feeds.FeedItem:
    when = dt.datetime(2025, 3, 8, 14, tzinfo=dt.timezone(dt.timedelta(hours=2))) + dt.timedelta(hours=n)
    return feeds.FeedItem("r", 'Report <b> & "title"', n, when, headline, "Summary ]]> <script>")


def test_atom_escapes_text_and_dates_entries_in_utc() -> None:
    conf = settings.load(ROOT)
    data = feeds.atom([_item(1), _item(2, "Bad \x0b char")], conf, "reports/r/feed.xml", "T")
    ET.fromstring(data)
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert [e.published for e in parsed.entries] == ["2025-03-08T14:00:00Z", "2025-03-08T13:00:00Z"]
    assert parsed.entries[0].title == 'Report <b> & "title", edition 2: Bad \ufffd char'
    assert parsed.entries[1].summary == "Summary ]]> <script>"
    assert parsed.feed.id == "tag:sitrep.example.org,2025:reports/r/feed.xml"


def test_an_empty_feed_is_dated_from_the_epoch_not_the_clock() -> None:
    parsed = feedparser.parse(feeds.atom([], settings.load(ROOT), "feed.xml", "T"))
    assert parsed.feed.updated == "1970-01-01T00:00:00Z" and parsed.entries == []


def _entry(report_id: str, example: bool):
    from sitrep.outputs import render

    return render.IndexEntry(
        report_id,
        f"Report {report_id}",
        "A summary.",
        dt.date(2025, 3, 8),
        example=example,
        editions=(("1", "2025-03-08T20:00:00+00:00", "First", "The first edition."),),
    )


def test_example_reports_are_left_out_of_the_key_figures_index_and_the_site_feed() -> None:
    """README: reports marked `example: true` keep their downloads but are left out of the feeds
    and the key-figures index."""
    from types import SimpleNamespace

    from sitrep.outputs import dataindex, sitefeed

    conf = settings.load(ROOT)
    entries = [_entry("real-report", False), _entry("invented-report", True)]
    index = json.loads(dataindex.site_files(entries, conf)[dataindex.INDEX_JSON])
    assert index["reports"] == 1
    env = SimpleNamespace(globals={"language": conf.language, "words": ENGLISH})  # the first language's pass
    ctx = SimpleNamespace(entries=entries, settings=conf, env=env)
    feed = sitefeed.SiteFeed().generate(ctx)[feeds.SITE_FEED]
    assert b"real-report" in feed and b"invented-report" not in feed
