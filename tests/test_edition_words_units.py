"""Issue 25, fast units: what an edition's own words may state (SR719), the overview an edition
shows, the lock version that covers it, corrections told backwards, labels for ids and plurals."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep import pipeline
from sitrep.authoring import newreport
from sitrep.facts import edition_text, editions
from sitrep.facts.model import Correction, SeedMeta
from sitrep.outputs import digest
from sitrep.outputs.filters import plural
from sitrep.review import changes

from .conftest import FIXTURES, SAMPLE


@pytest.fixture(scope="module")
def quake():
    checked = pipeline.check(FIXTURES / "kestrel")
    return checked.reports[0], {k: s.meta for k, s in checked.seeds.items()}


@pytest.fixture(scope="module")
def syria():
    checked = pipeline.check(SAMPLE)
    return checked.reports[0], {k: s.meta for k, s in checked.seeds.items()}


def _unsupported(report, metas, n: int, text: str) -> list[str]:
    return [u.what for u in edition_text.unsupported(text, edition_text.known(report, n, metas))]


def test_an_edition_may_state_the_numbers_its_own_facts_give(quake) -> None:
    report, metas = quake
    overview = editions.edition(report, 2).overview
    assert overview and _unsupported(report, metas, 2, overview) == []
    # Edition 1 did not publish the homes, the people in need or the appeal: the same words are refused there.
    assert _unsupported(report, metas, 1, overview) == ["1,200", "1,500", "86,000", "38 million"]


def test_numbers_are_read_as_written(quake) -> None:
    report, metas = quake
    assert _unsupported(report, metas, 2, "An appeal for $38 million, 12 per cent received; 1100 injured.") == []
    assert _unsupported(report, metas, 2, "39 million; 1,101 injured; 6.9 magnitude") == ["39 million", "1,101", "6.9"]
    assert _unsupported(report, metas, 2, "two days, dozens, a few hundred") == []  # words are not checked
    assert _unsupported(report, metas, 1, "Tuesday 18 November 2025, 10:00") == []  # dates its facts carry


def test_a_quotation_must_be_found_in_its_facts(syria) -> None:
    report, metas = syria
    assert _unsupported(report, metas, 2, 'The government blamed "individual actions".') == []
    assert _unsupported(report, metas, 1, 'The government blamed "individual actions".') == [
        "\u201cindividual actions\u201d"
    ]
    assert _unsupported(report, metas, 1, "The toll \u201chas passed 1,000\u201d, the monitor says.") == []


def test_the_article_title_may_be_quoted_but_its_numbers_do_not_count(quake) -> None:
    report, metas = quake
    title = next(iter(metas.values())).title
    assert "38 million" in title
    assert _unsupported(report, metas, 1, f"\u201c{title}\u201d") == []
    assert _unsupported(report, metas, 1, "The UN appeals for $38 million.") == ["38 million"]


def test_an_edition_without_an_overview_carries_the_last_one_on_or_leads_with_its_own_words(syria) -> None:
    report, _ = syria
    assert editions.overview_at(report, 1) is None
    assert editions.lead_at(report, 1) == (
        "Flash update: death toll from clashes on Syria's coast passes 1,000, monitor says. "
        + editions.edition(report, 1).summary
    )
    third = editions.edition(report, 2).model_copy(update={"number": 3, "overview": None})
    longer = report.model_copy(
        update={"meta": report.meta.model_copy(update={"editions": (*report.meta.editions, third)})}
    )
    assert editions.overview_at(longer, 3) == editions.edition(report, 2).overview
    words = list(edition_text.shown_words(longer, 3))
    assert [(owner, name) for owner, name, _ in words] == [(3, "headline"), (3, "summary"), (2, "overview")]


def test_lock_version_3_covers_the_overview_and_earlier_versions_do_not(syria) -> None:
    report, metas = syria
    edited = report.model_copy(
        update={
            "meta": report.meta.model_copy(
                update={
                    "editions": (
                        report.meta.editions[0].model_copy(update={"overview": "Other words."}),
                        *report.meta.editions[1:],
                    )
                }
            )
        }
    )
    for version in (1, 2):
        assert editions.edition_fingerprint(report, 1, metas, version) == editions.edition_fingerprint(
            edited, 1, metas, version
        )
    assert editions.edition_fingerprint(report, 1, metas, 3) != editions.edition_fingerprint(edited, 1, metas, 3)
    # the committed lock (versions 1 and 2) still verifies after the summary moved into an overview
    assert editions.mismatched((SAMPLE / "reports/syria-coast-2025-03/editions.lock").read_text(), report, metas) == []


def test_a_later_correction_is_told_to_the_editions_before_it_with_names_not_ids(syria) -> None:
    report, _ = syria
    figures = list(report.figures)
    i = next(k for k, f in enumerate(figures) if f.id == "killed-total-1000")
    old_source = figures[i].source
    other = next(s for s in report.sources if s.id != old_source)
    fix = Correction(edition=3, field="source", was=old_source, note="The agency, not the monitor.")
    figures[i] = figures[i].model_copy(update={"source": other.id, "corrections": (fix,)})
    third = report.meta.editions[1].model_copy(
        update={"number": 3, "published": dt.datetime(2025, 3, 9, 9, tzinfo=dt.UTC), "overview": None}
    )
    full = report.model_copy(
        update={
            "figures": tuple(figures),
            "meta": report.meta.model_copy(update={"editions": (*report.meta.editions, third)}),
        }
    )
    later = digest.later_corrections(full, 1, [1, 2, 3])
    assert [(c.edition, c.field) for c in later] == [(3, "source")]
    text = later[0].text()
    assert text.startswith("Corrected in edition 3 (2025-03-09 09:00 UTC): Total killed: the source shown here, ")
    assert f"is now {other.name}" in text and old_source not in text and other.id not in text
    assert digest.later_corrections(full, 1, [1, 2]) == []  # a correcting edition this build does not publish
    assert digest.later_corrections(full, 3, [1, 2, 3]) == []
    notes = digest.feed_notes(full)
    assert set(notes) == {1, 2} and notes[1][1] == dt.datetime(2025, 3, 9, 9, tzinfo=dt.UTC)
    # and the correcting edition's own notice names the old source, not its id
    (notice,) = digest.corrections(editions.state_at(full, 3), 3)
    assert (notice.field, notice.was) == ("source", "Syrian Observatory for Human Rights")


def test_changes_name_measures_groups_and_references_in_words(quake) -> None:
    report, _ = quake
    found = changes.compare(editions.state_at(report, 1), editions.state_at(report, 2), lifecycle=False)
    text = "\n".join(c.text() for c in found)
    assert "Flash appeal (United Nations humanitarian office): $38 million" in text
    assert "funding-required" not in text and " / " not in text
    names = changes.Names(report)
    assert names.field("figures", "source", "disaster-agency") == "National disaster agency"
    assert names.field("figures", "group", "security-forces") == "security forces"
    assert names.field("events", "actors", ["kestrel-government"]) == ["Government of Kestrel"]


def test_plurals_for_0_1_and_many() -> None:
    assert [plural(n, "change") for n in (0, 1, 2, 1000)] == ["0 changes", "1 change", "2 changes", "1,000 changes"]
    assert plural(1, "party", "parties") == "1 party" and plural(3, "party", "parties") == "3 parties"


def test_a_seed_without_publisher_puts_no_file_path_in_a_description() -> None:
    meta = SeedMeta.model_validate(
        {"id": "004_flood", "title": "Floods", "published": "2026-04-09", "language": "en", "sha256": "0" * 64}
    )
    text = newreport._sources(meta, "Floods hit the valley.\n")
    description = next(line for line in text.splitlines() if '"description"' in line or "description" in line)
    data_lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert "seeds/" not in "\n".join(data_lines)
    assert any(line.startswith("# seeds/004_flood.yaml names no publisher") for line in text.splitlines())
    assert description
