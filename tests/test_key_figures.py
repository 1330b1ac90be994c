"""Issue 26, items 1-3: key figures in severity order (a rank per measure, report.yaml's
``key_figures`` overriding it), each card's change ("▲ 21 since edition 1 (was 41)",
"earlier: 127, ..."), and the first screen's highlights, checked against the figures they name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.errors import FactsError
from sitrep.facts import keyfigures, measures
from sitrep.outputs import render
from sitrep.outputs.filters import local_and_utc

from .conftest import FIXTURES, FORMS, SAMPLE, copy_project, edit

KESTREL = FIXTURES / "kestrel"
MARROW = "reports/marrow-floods-2026-04"


def views(project: Path, drafts: bool = False) -> list[render.ReportView]:
    checked = pipeline.check(project, locks=False)
    registry = measures.load(project)[0]
    return render.report_views(checked.reports[0], checked.seeds, drafts, registry)


def key_ids(view: render.ReportView) -> list[str]:
    return [group[0].id for group in view.key_figures()]


def changed_project(dest: Path) -> Path:
    """The forms fixture (the Marrow floods) with a second edition whose toll rose: edition 1
    showed 41 killed in Marrow Valley, edition 2 shows at least 62, and leads with highlights."""
    project = copy_project(dest, FORMS)
    (project / MARROW / "editions.lock").unlink()
    figures = project / MARROW / "figures.yaml"
    killed = '  key: true\n  evidence:\n    seed: 100_marrow-floods\n    quote: "At least 62'
    edit(figures, killed, killed.replace("key: true\n", "key: true\n  since: 2\n"))
    edit(
        figures,
        "  place: puerto-alba\n  as_of:\n    date: 2026-04-09\n  source: governor\n  part_of: killed-total\n",
        "  place: marrow-valley\n  as_of:\n    date: 2026-04-09\n  source: governor\n  key: true\n  withdrawn: 2\n",
    )
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("  part_of: killed-total\n", "  part_of: killed-total\n  since: 2\n"), "utf-8")
    edit(
        project / MARROW / "report.yaml",
        "exclusions:\n",
        "  - number: 2\n    published: 2026-04-10T09:00:00+03:00\n    headline: The toll rises\n"
        "    summary: The governor's toll for the valley.\n    highlights:\n"
        "      - text: At least 62 people were killed in Marrow Valley, the governor said.\n"
        "        facts: [killed-total]\n"
        "      - text: An appeal for $1.5 million is 30% funded.\n        facts: [appeal, appeal-funded]\n"
        "      - text: Between 280 and 320 mm of rain fell in 36 hours.\n        facts: [rainfall]\n"
        "exclusions:\n",
    )
    return project


# --------------------------------------------------------------------------- the order


def test_the_rank_of_every_built_in_measure_is_documented_and_deaths_come_first() -> None:
    registry = measures.builtin()
    assert all(m.rank is not None for m in registry.measures.values())
    order = sorted(registry.measures.values(), key=lambda m: m.severity)
    ids = [m.id for m in order]
    bands = ["killed", "missing", "injured", "displaced", "in-need", "affected", "houses-destroyed", "reached"]
    bands += ["funding-required", "magnitude"]
    assert [ids.index(b) for b in bands] == sorted(ids.index(b) for b in bands)
    assert ids[0] == "killed" and registry["magnitude"].severity > registry["funding-coverage"].severity


def test_an_earthquake_opens_with_its_dead_not_its_magnitude() -> None:
    latest = views(KESTREL)[-1]
    assert key_ids(latest)[:3] == ["killed-214", "injured-1100", "in-need"]
    ids = key_ids(latest)
    assert ids.index("flash-appeal") < ids.index("magnitude") and ids[-3:] == ["magnitude", "aftershocks", "depth"]


def test_a_number_comes_before_words_and_a_total_before_its_parts() -> None:
    ids = key_ids(views(SAMPLE)[-1])
    assert ids[0] == "killed-total-1000" and ids[-1] == "killed-official-none"


def test_report_yaml_key_figures_puts_its_own_first(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", KESTREL)
    (project / "reports/kestrel-earthquake-2025-11/editions.lock").unlink()
    meta = project / "reports/kestrel-earthquake-2025-11/report.yaml"
    edit(meta, "coverage: complete\n", "coverage: complete\nkey_figures: [in-need, magnitude, injured-1100]\n")
    ids = key_ids(views(project)[-1])
    assert ids[:4] == ["in-need", "magnitude", "injured-1100", "killed-214"]


def test_key_figures_names_an_unknown_id_a_figure_not_key_and_twice(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", SAMPLE)
    meta = project / "reports/syria-coast-2025-03/report.yaml"
    edit(
        meta,
        "coverage: complete\n",
        "coverage: complete\nkey_figures: [kiled, killed-total-previous-200, killed, killed]\n",
    )
    with pytest.raises(FactsError) as raised:
        pipeline.check(project, locks=False)
    lines = sorted(str(d) for d in raised.value.diagnostics)
    assert lines == [
        "reports/syria-coast-2025-03/report.yaml:7:15: key_figures[0]: unknown measure or figure 'kiled' "
        "(did you mean 'killed'?) [SR302]",
        "reports/syria-coast-2025-03/report.yaml:7:22: key_figures[1]: the figure 'killed-total-previous-200' "
        "is not a key figure: mark it 'key: true' in its file [SR721]",
        "reports/syria-coast-2025-03/report.yaml:7:57: key_figures[3]: 'killed' is named twice [SR721]",
    ]


def test_a_project_measure_takes_its_rank_and_without_one_comes_before_hazards(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FORMS)
    registry = measures.load(project)[0]
    assert registry["treated"].rank is None and registry["treated"].severity == measures.UNRANKED
    assert registry["funding-coverage"].severity < measures.UNRANKED < registry["rainfall"].severity
    assert "rank" not in (registry.shown("treated") or {})  # a lock written before ranks keeps verifying
    edit(project / "measures.yaml", '"#reached+treated"', '"#reached+treated", rank: 5')
    ranked = measures.load(project)[0]
    assert ranked["treated"].severity == 5 and (ranked.shown("treated") or {})["rank"] == 5


# --------------------------------------------------------------------------- the change on the card


def test_a_rise_since_the_last_edition_shows_its_arrow_number_and_old_value(tmp_path: Path) -> None:
    first, second = views(changed_project(tmp_path / "p"))[:2]
    assert key_ids(second)[0] == "killed-total"
    html = second.card_change(second.key_figures()[0])
    assert html == (
        '<span class="sitrep-change sitrep-change-up"><span aria-hidden="true">\u25b2</span>'
        '<span class="sitrep-sr">up</span> 21 since edition 1 (was 41)</span>'
    )
    assert second.change_words(second.key_figures()[0]) == ("up", "21 since edition 1 (was 41)")  # the lists' cards
    assert all(not first.card_change(g) for g in first.key_figures())  # edition 1: nothing before it
    assert all(not second.card_change(g) for g in second.key_figures()[1:])  # unchanged: no arrow


def test_a_fall_reads_down() -> None:
    old = views(KESTREL)[-1].report.figures[0]
    fell = old.model_copy(update={"value": 5.0})
    moved = keyfigures.since(fell, views(KESTREL)[0].report, 1, dt.date(2025, 11, 18))
    assert moved is not None and moved.delta == 5.0 - 6.8 and moved.was.id == "magnitude"


def test_a_toll_revised_within_the_edition_shows_the_earlier_value_and_when() -> None:
    latest = views(KESTREL)[-1]
    killed = latest.key_figures()[0]
    assert (
        str(latest.card_change(killed)) == '<span class="sitrep-earlier">earlier: 127, Mon 2025-11-17, evening</span>'
    )
    syria = views(SAMPLE)[-1]
    assert "earlier: more than 200, before 2025-03-08" in syria.card_change(syria.key_figures()[0])
    assert syria.card_change(syria.key_figures()[1]) == ""  # 745 or 750: no single number


# --------------------------------------------------------------------------- the first screen


def test_an_editions_highlights_lead_its_page_and_the_overview_stands_in_without(tmp_path: Path) -> None:
    second = views(changed_project(tmp_path / "p"))[1]
    assert second.highlights() == [
        "At least 62 people were killed in Marrow Valley, the governor said.",
        "An appeal for $1.5 million is 30% funded.",
        "Between 280 and 320 mm of rain fell in 36 hours.",
    ]
    kestrel = views(KESTREL)[-1]
    assert len(kestrel.highlights()) == 3 and kestrel.highlights()[0].startswith("A magnitude 6.8 earthquake")
    assert views(KESTREL)[0].highlights() == [views(KESTREL)[0].edition.summary]  # no overview: the summary


def test_a_highlight_states_only_what_its_figures_give(tmp_path: Path) -> None:
    project = changed_project(tmp_path / "p")
    meta = project / MARROW / "report.yaml"
    edit(meta, "rain fell in 36 hours.", "rain fell in 48 hours.")
    edit(meta, "facts: [killed-total]", "facts: [killed-totl]")
    with pytest.raises(FactsError) as raised:
        pipeline.check(project, locks=False)
    lines = sorted(str(d) for d in raised.value.diagnostics)
    assert lines == [
        f"{MARROW}/report.yaml:20:17: editions[1].highlights[0].facts[0]: unknown figure 'killed-totl' "
        "(did you mean 'killed-total'?) [SR302]",
        f"{MARROW}/report.yaml:23:9: editions[1].highlights[2].text: states 48, which none of its figures "
        "(rainfall) gives: name the figure that says it, or say only what they say [SR720]",
    ]


def test_a_highlight_names_only_figures_its_edition_shows(tmp_path: Path) -> None:
    project = changed_project(tmp_path / "p")
    edit(project / MARROW / "report.yaml", "facts: [killed-total]", "facts: [killed-puerto-alba]")
    with pytest.raises(FactsError) as raised:
        pipeline.check(project, locks=False)
    assert [d.code for d in raised.value.diagnostics] == ["SR720"]
    assert "edition 2 does not show the figure 'killed-puerto-alba'" in raised.value.diagnostics[0].message


def test_the_edition_line_gives_local_time_and_utc() -> None:
    utc = dt.datetime(2025, 11, 18, 10, 0, tzinfo=dt.UTC)
    assert local_and_utc(utc) == "Tue 18 Nov 2025, 10:00 UTC"
    local = dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert local_and_utc(local) == "Fri 10 Apr 2026, 09:00 local time (UTC+03:00), 06:00 UTC"
    late = dt.datetime(2026, 4, 10, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert local_and_utc(late) == "Fri 10 Apr 2026, 01:30 local time (UTC+03:00), Thu 9 Apr, 22:30 UTC"


def test_sentences_split_at_full_stops_only() -> None:
    assert render.sentences('It rose to 1,000. The "agency" said so. 12 per cent.') == [
        "It rose to 1,000.",
        'The "agency" said so.',
        "12 per cent.",
    ]
    assert render.sentences("Between 6.8 and 7.1 magnitude.") == ["Between 6.8 and 7.1 magnitude."]
