"""Fast unit tests of the rule-holding functions that mutmut could not see tested (issue 15, item 7).

The end-to-end tests of where a lock error is placed need a git project, so they are slow and
mutmut never runs them; other rules (schema messages, lock lines, durations) were asserted only
through ``build.py`` in a subprocess, which mutmut does not map to the code it runs. Here each
function gets small hand-made inputs: what git's HEAD held is a callable returning a parsed
document (as ``pipeline.committed_facts`` does), so no repository is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitrep import pipeline
from sitrep.cache import keys
from sitrep.cache.stamp import Digests
from sitrep.errors import Diagnostic
from sitrep.facts import editions, load, model, validate
from sitrep.facts.seeds import Seed
from sitrep.outputs import filters

from .conftest import REPORT, SAMPLE

# Two figures; the second ("total", the one edited below) starts at line 13.
FIGURES = """\
- id: other
  metric: killed
  group: all
  qualifier: exact
  value: 5
  as_of:
    date: 2025-03-08
  source: monitor
  evidence:
    seed: 000_unit
    quote: "five people were killed"

- id: total
  metric: killed
  group: all
  qualifier: exact
  value: 10
  as_of:
    date: 2025-03-08
  source: monitor
  label: Total killed
  evidence:
    seed: 000_unit
    quote: "ten people were killed"
"""
TOTAL_LINE = 13


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def parse(text: str, name: str = "figures") -> load.Document:
    doc, errors = load.parse(text, f"{REPORT}/{name}.yaml", "" if name == "report" else name)
    assert errors == []
    return doc


def located(doc: load.Document, index: int = 1, section: str = "figures") -> validate.Located:
    return validate.Located(section, index, model.ADAPTERS[section].validate_python(doc.data[index]), doc)


def head(**docs: load.Document) -> validate.Committed:
    """What git's HEAD holds: the named fact files, nothing else."""
    return docs.get


def printed(doc: load.Document, n: int, index: int = 1) -> str:
    """The fingerprint edition ``n`` recorded for a fact of ``doc`` (as ``publish`` writes it)."""
    item = model.ADAPTERS["figures"].validate_python(doc.data[index])
    return editions.fact_fingerprint(editions.fact_at(item, "figures", n), n)


def lock(*facts: tuple[int, str]) -> editions.Lock:
    """A lock whose editions each record one fingerprint for figures/total."""
    text = "".join(f"edition {n} sha256:{'0' * 64}\nfact figures/total {fp}\n" for n, fp in facts)
    return editions.parse_lock(text)


# --------------------------------------------------------------------------- _committed_fact / _committed_place


def test_the_committed_fact_is_found_by_section_and_id_with_its_index() -> None:
    doc = parse("- just a string\n" + FIGURES)  # an entry that is not a mapping is skipped
    found = validate._committed_fact(head(figures=doc), "figures", "total")
    assert found is not None
    item, where, index = found
    assert (where, index) == (doc, 2)
    assert isinstance(item, model.Figure) and (item.id, item.value, item.label) == ("total", 10, "Total killed")


def test_no_committed_fact_without_git_or_file_or_list_or_id() -> None:
    doc = parse(FIGURES)
    assert validate._committed_fact(None, "figures", "total") is None  # no git
    assert validate._committed_fact(head(), "figures", "total") is None  # the file is not at HEAD
    assert validate._committed_fact(head(events=doc), "figures", "total") is None  # another file's facts
    assert validate._committed_fact(head(figures=doc), "figures", "absent") is None
    mapping = parse("id: total\nmetric: killed\n")
    assert validate._committed_fact(head(figures=mapping), "figures", "total") is None


def test_a_committed_fact_that_is_not_valid_is_not_used() -> None:
    """The first entry with the id decides: an invalid one is not replaced by a later valid one."""
    broken = edited(FIGURES, "- id: other\n", "- id: total\n").replace("  value: 5\n", "  value: many\n")
    assert validate._committed_fact(head(figures=parse(broken)), "figures", "total") is None


def test_a_committed_fact_is_placed_where_head_had_it() -> None:
    doc = parse(FIGURES)
    assert validate._committed_place(head(figures=doc), "figures", "total") == (TOTAL_LINE, 3)
    assert validate._committed_place(head(figures=doc), "figures", "other") == (1, 3)
    assert validate._committed_place(head(figures=doc), "figures", "absent") == (1, 1)
    assert validate._committed_place(None, "figures", "total") == (1, 1)


# --------------------------------------------------------------------------- _published_change


def _change(now_text: str, shown_in: list[int] | None = None, facts: Any = None) -> tuple:
    before = parse(FIGURES)
    facts = facts if facts is not None else [(1, printed(before, 1))]
    return validate._published_change(located(parse(now_text)), shown_in or [1], lock(*facts), head(figures=before))


def test_the_field_an_edit_changed_is_named_from_head() -> None:
    assert _change(edited(FIGURES, "  label: Total killed\n", "  label: Total dead\n")) == ("label",)


def test_a_nested_field_is_named_to_its_leaf() -> None:
    now = edited(FIGURES, '"ten people were killed"', '"ten people were killed, he said"')
    assert _change(now) == ("evidence", "quote")


def test_of_several_changed_fields_the_first_written_is_named() -> None:
    """value (line 17) before label (line 21): by place in the file, not by name."""
    now = edited(FIGURES, "  value: 10\n", "  value: 12\n").replace("Total killed", "Total dead")
    assert _change(now) == ("value",)
    moved = edited(edited(now, "  label: Total dead\n", ""), "  value: 12\n", "  label: Total dead\n  value: 12\n")
    assert _change(moved) == ("label",)


def test_a_removed_or_added_field_is_named() -> None:
    assert _change(edited(FIGURES, "  label: Total killed\n", "")) == ("label",)
    assert _change(edited(FIGURES, "  label: Total killed\n", "  label: Total killed\n  key: true\n")) == ("key",)


def test_nothing_changed_names_the_whole_fact() -> None:
    assert _change(FIGURES) == ()


def test_a_fact_not_at_head_is_named_whole() -> None:
    now = edited(FIGURES, "- id: total\n", "- id: total-new\n")
    before = parse(FIGURES)
    change = validate._published_change(located(parse(now)), [1], lock((1, printed(before, 1))), head(figures=before))
    assert change == ()
    assert validate._published_change(located(parse(now)), [1], lock((1, printed(before, 1))), None) == ()


def test_head_that_is_not_what_was_published_names_the_whole_fact() -> None:
    """The lock's hash is not HEAD's fact: HEAD already holds an edit, so no field is guessed."""
    now = edited(FIGURES, "  label: Total killed\n", "  label: Total dead\n")
    assert _change(now, facts=[(1, "0" * 16)]) == ()


def test_the_first_edition_shown_in_is_compared() -> None:
    before = parse(FIGURES)
    now = edited(FIGURES, "  label: Total killed\n", "  label: Total dead\n")
    facts = [(1, printed(before, 1)), (2, "0" * 16)]  # edition 2 recorded another state
    assert _change(now, [1, 2], facts) == ("label",)
    assert _change(now, [2], facts) == ()


CORRECTED = """\
- id: other
  metric: killed
  group: all
  qualifier: exact
  value: 5
  as_of:
    date: 2025-03-08
  source: monitor
  evidence:
    seed: 000_unit
    quote: "five people were killed"

- id: total
  corrections:
    - edition: 2
      field: label
      was: Total killed
      note: Plainer word.
  label: Total dead
  metric: killed
  group: all
  qualifier: exact
  value: 10
  as_of:
    date: 2025-03-08
  source: monitor
  evidence:
    seed: 000_unit
    quote: "ten people were killed"
"""


def test_a_published_change_compares_the_facts_as_that_edition_showed_them() -> None:
    """Edition 1 showed the label before its correction, on both sides: only the value is named,
    though the (corrected) label and the corrections are written above it."""
    before = parse(CORRECTED)
    now = parse(edited(CORRECTED, "  value: 10\n", "  value: 12\n"))
    facts = [(1, printed(before, 1)), (2, printed(before, 2))]
    assert validate._published_change(located(now), [1, 2], lock(*facts), head(figures=before)) == ("value",)
    assert validate._published_change(located(now), [2], lock(*facts), head(figures=before)) == ("value",)
    assert printed(before, 1) != printed(before, 2)  # the correction is part of edition 2's print


def test_a_committed_correction_that_cannot_be_undone_names_the_whole_fact() -> None:
    before = parse(edited(CORRECTED, "      field: label\n", "      field: nothing\n"))
    now = parse(edited(CORRECTED, "  value: 10\n", "  value: 12\n"))
    assert validate._published_change(located(now), [1], lock((1, "0" * 16)), head(figures=before)) == ()
    # and the fact now, when its own correction cannot be undone
    bad_now = parse(edited(CORRECTED, "      field: label\n", "      field: nothing\n"))
    assert validate._published_change(located(bad_now), [1], lock((1, "0" * 16)), head(figures=parse(CORRECTED))) == ()


# --------------------------------------------------------------------------- _edition_change

SAMPLE_META = (SAMPLE / REPORT / "report.yaml").read_text(encoding="utf-8")
HEADLINE_2 = "Full report: killings on Syria's coast"


def _where(now_text: str, head_text: str | None = SAMPLE_META, i: int = 1) -> tuple:
    parsed, errors = validate.parse_report({"report": parse(now_text, "report")})
    assert errors == []
    committed = head(report=parse(head_text, "report")) if head_text is not None else None
    return validate._edition_change(parsed, i, committed)


def test_an_edition_change_names_the_entry_field_that_differs_from_head() -> None:
    now = edited(SAMPLE_META, HEADLINE_2, "Full report: the killings")
    assert _where(now) == ("editions", 1, "headline")
    assert _where(edited(now, "published: 2025-03-08T20:00", "published: 2025-03-08T21:00")) == (
        "editions",
        1,
        "published",
    )
    summary = edited(SAMPLE_META, "Adds the residents' accounts", "Adds accounts")
    assert _where(summary) == ("editions", 1, "summary")
    assert _where(summary, i=0) == ("editions", 0)  # edition 1's entry is as at HEAD


def test_an_edition_change_names_the_title_then_a_new_note() -> None:
    title = edited(SAMPLE_META, "title: Killings on", "title: Deaths on")
    assert _where(title) == ("title",)
    note = "  - figures:\n      - killed-total-1000\n      - killed-civilians-750\n    note: Another note.\n"
    assert _where(SAMPLE_META + note) == ("discrepancies", 1)
    assert _where(edited(title, "\ndiscrepancies:\n", "\ndiscrepancies:\n" + note)) == ("title",)
    assert _where(SAMPLE_META, SAMPLE_META + note) == ("editions", 1)  # a note removed: not named


def test_an_edition_unchanged_at_head_or_new_is_named_as_its_entry() -> None:
    assert _where(SAMPLE_META) == ("editions", 1)
    # an edition HEAD did not have: its fields are not compared, the title still is
    third = "  - number: 3\n    published: 2025-03-09T09:00:00+00:00\n    headline: Third\n    summary: More.\n"
    now = edited(SAMPLE_META, "\nexclusions:", "\n" + third.rstrip("\n") + "\nexclusions:")
    assert _where(now, i=2) == ("editions", 2)
    assert _where(edited(now, "title: Killings on", "title: Deaths on"), i=2) == ("title",)


def test_an_edition_change_without_a_usable_head_names_the_entry() -> None:
    now = edited(SAMPLE_META, HEADLINE_2, "Full report: the killings")
    assert _where(now, None) == ("editions", 1)
    assert _where(now, "- a list\n") == ("editions", 1)
    assert _where(now, edited(SAMPLE_META, "coverage: complete\n", "coverage: complete\nbogus: 1\n")) == ("editions", 1)
    parsed, _ = validate.parse_report({"report": parse("- a list\n", "report")})
    assert parsed.report is None
    assert validate._edition_change(parsed, 1, head(report=parse(SAMPLE_META, "report"))) == ("editions", 1)


# --------------------------------------------------------------------------- _check_old_state

SEED_TEXT = (
    "date 2025-03-08\n\nThe toll has passed 1,000 people, the monitor said. "
    "Donors gave $38 million for the response, the agency said.\n"
)


def _seed() -> Seed:
    meta, errors = validate.parse_seed_meta(parse((SAMPLE / "seeds/000_35c3038285085a70.yaml").read_text(), "seed"))
    assert errors == [] and meta is not None
    return Seed(meta=meta, text=SEED_TEXT, file="seeds/000_35c3038285085a70.txt")


OLD_FIGURE = """\
- id: total
  metric: {metric}
  group: all
  qualifier: {qualifier}
  value: {value}
  as_of:
    date: 2025-03-08
  source: monitor
  evidence:
    seed: 000_35c3038285085a70
    quote: "{quote}"
  corrections:
    - edition: 2
      field: value
      was: "{value}"
      note: Revised.
"""


def _old_state(quote: str, value: str = "1000", qualifier: str = "more than", metric: str = "killed") -> list:
    doc = parse("- id: first\n  name: First\n  kind: city\n" + OLD_FIGURE.format(**locals()), "figures")
    loc = validate.Located("figures", 1, None, doc)
    item = model.ADAPTERS["figures"].validate_python(doc.data[1])
    return list(validate._check_old_state(loc, item, _seed(), 2))


def at_corrections(message: str) -> Diagnostic:
    return Diagnostic(f"{REPORT}/figures.yaml", 15, 3, "figures[1].corrections", message, "SR706")


def test_an_old_state_that_its_quote_supports_is_accepted() -> None:
    assert _old_state("The toll has passed 1,000 people") == []
    assert _old_state("1,000 people") == []  # "passed" is read from the seed just before the quote


def test_an_old_state_whose_quote_is_not_in_the_seed_is_refused() -> None:
    assert _old_state("The toll has passed 2,000 people") == [
        at_corrections(
            "as edition 2 showed it: quote not found in seed 000_35c3038285085a70; closest passage (97% alike): "
            "'The toll has passed 1,000 people'"
        ),
        at_corrections("as edition 2 showed it: the evidence quote does not state 1,000 (in digits or words)"),
    ]


def test_an_old_state_is_checked_against_its_value_qualifier_and_unit() -> None:
    assert _old_state("The toll has passed 1,000 people", value="900") == [
        at_corrections("as edition 2 showed it: the evidence quote does not state 900 (in digits or words)")
    ]
    assert _old_state("1,000 people", qualifier="exact") == [
        at_corrections("as edition 2 showed it: the quote says 'more than' 1,000, but the qualifier is 'exact'")
    ]
    assert _old_state(
        "38 million for the response", value="38000000", qualifier="exact", metric="funding-received"
    ) == [
        at_corrections(
            "as edition 2 showed it: the evidence quote states '38 million' but not as money "
            "($38 million, 38 million dollars)"
        )
    ]


def test_an_old_state_of_a_fact_that_is_not_a_figure_is_checked_for_its_quote_only() -> None:
    doc = parse(
        "- id: first\n  name: First\n  kind: city\n"
        + OLD_FIGURE.format(metric="x", qualifier="x", value="1", quote="q")
    )
    loc = validate.Located("figures", 1, None, doc)
    place = model.Place.model_validate(
        {"id": "p", "name": "P", "kind": "city", "evidence": {"seed": "000_35c3038285085a70", "quote": "1,000 people"}}
    )
    assert list(validate._check_old_state(loc, place, _seed(), 3)) == []
    missing = place.model_copy(update={"evidence": place.evidence.model_copy(update={"quote": "nothing like it"})})
    assert list(validate._check_old_state(loc, missing, _seed(), 3)) == [
        at_corrections("as edition 3 showed it: quote not found in seed 000_35c3038285085a70")
    ]


# --------------------------------------------------------------------------- _real_path and _editions


def test_a_schema_error_is_placed_on_the_document() -> None:
    data = {"a": [{"b": 1}, {"c": 2}], "x": {}}
    assert validate._real_path(data, ("a", 1, "c")) == ("a", 1, "c")
    assert validate._real_path(data, ("a", 0, "c")) == ("a", 0, "c")  # a missing key: named at its parent
    assert validate._real_path(data, ("a", 0, "tag", "b")) == ("a", 0, "b")  # a union tag is dropped
    assert validate._real_path(data, ("a", 2, "b")) == ("a", "b")  # no such entry
    assert validate._real_path(data, ("a", -1)) == ("a",)
    assert validate._real_path(data, ("a", 5)) == ("a",)  # a missing entry is not named
    assert validate._real_path(data, ("x", "named-source")) == ("x",)  # the tag of a source's kind
    assert validate._real_path(data, ("x", "source")) == ("x", "source")
    assert validate._real_path([[0]], (0, 0)) == (0, 0)
    assert validate._real_path([[0]], ("0",)) == ("0",)


def test_editions_are_listed_in_words() -> None:
    assert validate._editions([2]) == "edition 2"
    assert validate._editions([1, 2]) == "editions 1 and 2"
    assert validate._editions([1, 2, 4]) == "editions 1, 2 and 4"


# --------------------------------------------------------------------------- what an edit changed, in depth


def test_a_changed_entry_of_a_list_is_named_by_its_index() -> None:
    before = {"aliases": ["the coast", "the region"], "coordinates": {"lat": 1.0, "lon": 2.0}}
    after = {"aliases": ["the coast", "the area"], "coordinates": {"lat": 1.0, "lon": 2.0}}
    assert editions.changed_paths(before, after) == [("aliases", 1)]
    assert editions.changed_paths([{"a": 1}, {"a": 2}], [{"a": 1}, {"a": 3}]) == [(1, "a")]


def test_a_list_of_another_length_or_a_value_of_another_shape_is_one_change() -> None:
    assert editions.changed_paths({"aliases": ["a"]}, {"aliases": ["a", "b"]}) == [("aliases",)]
    assert editions.changed_paths({"period": {"start": "x", "end": "y"}}, {}) == [("period",)]
    assert editions.changed_paths({}, {"period": {"start": "x"}}) == [("period",)]
    assert editions.changed_paths({"v": ["a"]}, {"v": "a"}) == [("v",)]
    assert editions.changed_paths("a", ["a"]) == [()]


def test_equal_facts_have_no_changed_path() -> None:
    assert editions.changed_paths({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) == []
    assert editions.changed_paths([1, 2], [1, 2]) == []
    assert editions.changed_paths("a", "a") == []


def test_a_lock_line_that_cannot_be_read_is_named_by_its_number() -> None:
    with pytest.raises(editions.LockError) as raised:
        editions.parse_lock("# header\nedition 1 sha256:ab\nfact figures/x 12\nnot a lock line\n")
    assert (raised.value.line, str(raised.value)) == (4, "not a lock line: 'not a lock line'")


# --------------------------------------------------------------------------- did you mean


def test_an_unknown_reference_suggests_the_closest_id() -> None:
    assert (
        validate._unknown("sohrr", "sources", {"sohr", "unrelated"}) == "unknown source 'sohrr' (did you mean 'sohr'?)"
    )
    assert validate._unknown("zzz", "places", {"sohr"}) == "unknown place 'zzz'"
    assert validate._unknown("sohrr", "sources", set()) == "unknown source 'sohrr'"


class _NotOurs(validate.BaseModel):
    """A model of another package: its fields are no key of a fact file."""

    zz_foreign_field: int = 0


def test_the_suggested_keys_are_every_field_of_sitreps_models_and_no_others() -> None:
    names = validate._field_names()
    # fields of models several subclasses deep (Figure < Fact < Strict < BaseModel), nested models too
    assert {"breakdown_complete", "withdrawn", "quote", "was", "sha256", "editions", "precision"} <= names
    assert "zz_foreign_field" not in names
    assert all(isinstance(n, str) for n in names)


def test_a_gone_fact_is_no_longer_expected_by_later_editions() -> None:
    lock = editions.parse_lock(
        "edition 1 sha256:a\nfact figures/x 11\nfact figures/y 12\n"
        "edition 2 sha256:b\ngone figures/x\ngone figures/never-there\nfact figures/y 22\n"
    )
    assert lock.expected_facts(1) == {"figures/x": "11", "figures/y": "12"}
    assert lock.expected_facts(2) == {"figures/y": "22"}


def test_a_lock_lists_per_edition_only_the_facts_it_added_changed_or_removed() -> None:
    """The fixture's lock was written by ``publish``: its fact lines are what a new lock repeats."""
    report = pipeline.check(SAMPLE).reports[0]
    metas = {s.meta.id: s.meta for s in pipeline.check(SAMPLE).seeds.values()}
    fact_lines = [line.removesuffix(" v3") for line in editions.locked_lines(editions.lock_text(report, [1, 2], metas))]
    sample = (SAMPLE / REPORT / "editions.lock").read_text(encoding="utf-8")
    assert [line for line in fact_lines if line.startswith(("fact ", "gone "))] == [
        line for line in editions.locked_lines(sample) if not line.startswith("edition ")
    ]


def test_a_forced_lock_records_its_reason_on_one_line() -> None:
    report = pipeline.check(SAMPLE).reports[0]
    text = editions.lock_text(report, [], {}, reason="Plainer  label,\n agreed")
    assert text == editions.LOCK_HEADER + "# publish --force: Plainer label, agreed\n"


# --------------------------------------------------------------------------- schema errors


def test_a_schema_error_is_placed_at_its_field_in_the_file() -> None:
    text = edited(FIGURES, "  value: 10\n", "  value: many\n").replace(
        "    date: 2025-03-08\n  source: monitor\n  label", "    date: someday\n  source: monitor\n  label"
    )
    doc = parse(text)
    with pytest.raises(validate.ValidationError) as raised:
        model.ADAPTERS["figures"].validate_python(doc.data[1])
    errors = validate.schema_errors(doc, raised.value, (1,))
    doc.broken.add((1, "value"))  # the loader already reported the value: not again
    unreported = validate.schema_errors(doc, raised.value, (1,))
    file = f"{REPORT}/figures.yaml"
    date = Diagnostic(
        file,
        19,
        5,
        "figures[1].as_of.date",
        "Input should be a valid date or datetime, input is too short (got 'someday')",
        "SR204",
    )
    value = "expected a number, such as 1100, 6.8, -4, 2.3 million, $38 million or 12% (got 'many')"
    assert errors == [Diagnostic(file, 17, 3, "figures[1].value", value, "SR205"), date]
    assert unreported == [date]


def _err(kind: str, loc: tuple, msg: str = "", **more: Any) -> dict[str, Any]:
    return {"type": kind, "loc": loc, "msg": msg, **more}


def test_an_unknown_key_is_named_with_the_closest_known_one() -> None:
    assert validate._message(_err("extra_forbidden", (0, "qualifer"))) == (
        "unknown key 'qualifer' (did you mean 'qualifier'?)",
        "SR201",
    )
    # a known key in the wrong place is not suggested as itself
    assert validate._message(_err("extra_forbidden", (0, "value"))) == ("unknown key 'value'", "SR201")
    # a suggestion must be close (75% alike): "label" is only 71% like "abcdlabel"
    assert validate._message(_err("extra_forbidden", (0, "abcdlabel"))) == ("unknown key 'abcdlabel'", "SR201")
    assert validate._message(_err("extra_forbidden", (0, 'a"b\nc'))) == ("unknown key 'a\\\"b\\nc'", "SR201")


def test_an_anonymous_source_with_a_name_has_its_own_message() -> None:
    assert validate._message(_err("extra_forbidden", (0, "anonymous-source", "name"))) == (
        "an anonymous source has no name (its identity is not recorded); use 'label' for who they are",
        "SR203",
    )
    assert validate._message(_err("extra_forbidden", (0, "named-source", "name"))) == ("unknown key 'name'", "SR201")
    assert validate._message(_err("extra_forbidden", (0, "anonymous-source", "label")))[1] == "SR201"


def test_a_schema_message_drops_pydantics_prefix_and_shows_a_short_input() -> None:
    assert validate._message(_err("missing", (0, "metric"), "Field required")) == ("required key is missing", "SR202")
    assert validate._message(_err("value_error", ("v",), "Value error, too big", input="x" * 60)) == (
        f"too big (got '{'x' * 60}')",
        "SR205",
    )
    assert validate._message(_err("assertion_error", ("v",), "Assertion failed, too big", input="x" * 61)) == (
        "too big",
        "SR205",
    )
    assert validate._message(_err("int_type", ("v",), "not a number (got 'abc')", input="abc")) == (
        "not a number (got 'abc')",
        "SR204",
    )
    assert validate._message(_err("int_type", ("v",), "not a number", input=5)) == ("not a number", "SR204")
    assert validate._message(_err("int_type", ("v",), "not a number")) == ("not a number", "SR204")


# --------------------------------------------------------------------------- references, durations and clock times


def _with_places(*places: dict[str, Any]) -> model.Report:
    meta = model.ReportMeta.model_validate(parse(SAMPLE_META, "report").data)
    evidence = {"seed": "000_35c3038285085a70", "quote": "1,000 people"}
    return model.Report(
        meta=meta,
        places=tuple(model.Place.model_validate({"kind": "city", "evidence": evidence, **p}) for p in places),
    )


def test_a_reference_an_edition_does_not_show_says_why() -> None:
    report = _with_places({"id": "a", "name": "A", "since": 3}, {"id": "b", "name": "B", "withdrawn": 2})
    shows = "edition 2 shows this figure, which refers to the place"
    assert validate._not_shown(2, "figures", "places", "b", report) == f"{shows} 'b', withdrawn from edition 2"
    assert validate._not_shown(2, "figures", "places", "a", report) == (
        f"{shows} 'a', shown only from edition 3 (give 'a' an earlier 'since')"
    )
    assert validate._not_shown(2, "figures", "places", "c", report) == f"{shows} 'c', but there is no such place"


def test_a_duration_is_found_in_the_quote_in_any_case() -> None:
    assert validate._states_duration("rain fell in 36 Hours", 36, "hours")
    assert validate._states_duration("within A Week", 1, "weeks")
    assert not validate._states_duration("in 3 days", 2, "days")
    assert not validate._states_duration("within a week", 2, "weeks")


def test_clock_times_are_read_on_a_24_hour_clock() -> None:
    assert validate._clock_times("12:30 a.m., 12 p.m., 3 p.m., 2342 GMT") == ["00:30", "12:00", "15:00", "23:42"]


def test_a_duration_and_a_zone_are_written_out() -> None:
    assert filters.duration(None) == ""
    assert filters.duration(model.Duration(amount=1, unit="hours")) == "in an hour"
    assert filters.duration(model.Duration(amount=1, unit="days", relation="within")) == "within a day"
    assert filters.duration(model.Duration(amount=36, unit="hours", relation="over")) == "over 36 hours"
    assert filters._zone("+00:00") == "UTC"
    assert filters._zone("+04:00") == "UTC+04:00"


# --------------------------------------------------------------------------- publishing over an existing lock


def _sample() -> tuple[model.Report, dict]:
    checked = pipeline.check(SAMPLE)
    return checked.reports[0], {s.meta.id: s.meta for s in checked.seeds.values()}


def test_publishing_appends_the_new_editions_and_keeps_the_lock_byte_for_byte() -> None:
    report, metas = _sample()
    first, both = editions.lock_text(report, [1], metas), editions.lock_text(report, [1, 2], metas)
    assert editions.extend_lock(first, report, [1, 2], metas) == both
    assert editions.extend_lock(both, report, [1, 2], metas) == both
    # a hand-written lock keeps its bytes, and gains the line break it lacked
    assert editions.extend_lock("# mine\n\n" + first.rstrip("\n"), report, [1, 2], metas) == "# mine\n\n" + both
    assert editions.extend_lock("", report, [1, 2], metas) == both
    # edition 2 lists what it changed since edition 1, even when edition 1 was published by hand
    # (with version 1, so edition 1 is then upgraded, after the new edition)
    upgraded = editions.extend_lock("edition 1 sha256:x\n", report, [1, 2], metas)
    assert upgraded.startswith(
        "edition 1 sha256:x\n" + both[both.index("edition 2 ") :] + "# upgraded to fingerprint v3"
    )


def test_an_older_lock_is_upgraded_once_after_its_lines_and_keeps_verifying() -> None:
    """A lock of version 2 lines gains, once, a version 3 line per edition (with the parts it
    shows), after a comment saying so; every line of both versions verifies."""
    report, metas = _sample()
    v3 = editions.lock_text(report, [1, 2], metas)
    v2 = "".join(
        f"edition {n} {editions.edition_fingerprint(report, n, metas, 2)} v2\n"
        + "".join(
            line
            for line in editions.edition_lines(report, n, editions.fact_prints(report, n - 1) if n > 1 else {}, metas)
            if line.startswith(("fact ", "gone "))
        ).replace(" v3\n", " v2\n")
        for n in (1, 2)
    )
    once = editions.extend_lock(v2, report, [1, 2], metas)
    assert once.startswith(v2 + "# upgraded to fingerprint v3 by `build.py publish` (editions 1, 2): it also covers")
    assert editions.extend_lock(once, report, [1, 2], metas) == once  # once
    lock = editions.parse_lock(once)
    assert {n: sorted(lock.prints[n]) for n in (1, 2)} == {1: [2, 3], 2: [2, 3]}
    assert lock.versions == {1: 2, 2: 2} and lock.expected_facts(2) == editions.parse_lock(v3).expected_facts(2)
    assert lock.expected_shown(2) == editions.parse_lock(v3).expected_shown(2)
    assert editions.mismatched(once, report, metas) == []
    # an upgrade line carries no fact lines, and an older version never follows a newer one
    for bad in (
        once + "fact figures/x 12 v3\n",
        v3 + f"edition 1 {editions.edition_fingerprint(report, 1, metas, 2)} v2\n",
    ):
        with pytest.raises(editions.LockError):
            editions.parse_lock(bad)


def test_the_locked_lines_are_those_that_say_something() -> None:
    assert editions.locked_lines("# c\n\n  edition 1 sha256:a  \n   # indented comment\nfact x 1\n") == [
        "edition 1 sha256:a",
        "fact x 1",
    ]


def test_a_lock_line_the_facts_no_longer_give_is_found() -> None:
    report, metas = _sample()
    both = editions.lock_text(report, [1, 2], metas)
    assert editions.mismatched(both, report, metas) == []
    first = editions.edition_fingerprint(report, 1, metas)
    assert editions.mismatched(both.replace(first, "sha256:" + "0" * 64), report, metas) == [1]
    assert editions.mismatched(both + f"edition 3 {first} v3\n", report, metas) == [3]
    # each line is checked with the algorithm it names: edition 1 as version 1 still verifies
    v1 = editions.edition_fingerprint(report, 1, metas, 1)
    assert editions.mismatched(both.replace(f"{first} v3", v1), report, metas) == []


# --------------------------------------------------------------------------- escaping, corrections, the report key


def test_a_code_span_shows_any_backticks_literally() -> None:
    assert filters.code_span("x") == "`x`"
    assert filters.code_span("a`b") == "``a`b``"
    assert filters.code_span("`a") == "`` `a ``"
    assert filters.code_span("a`") == "`` a` ``"
    assert filters.code_span("a ``b`") == "``` a ``b` ```"


def test_a_correction_to_an_absent_field_that_was_absent_changes_nothing() -> None:
    item = model.ADAPTERS["figures"].validate_python(
        {
            **parse(FIGURES).data[1],
            "corrections": [{"edition": 2, "field": "note", "was": None, "note": "No note then."}],
        }
    )
    assert editions.fact_at(item, "figures", 1) == item  # not a crash: SR703 says nothing is corrected
    noted = item.model_copy(update={"note": "Added."})
    assert editions.fact_at(noted, "figures", 1).note is None


def _report_key(tmp_path: Path, seed_keys: dict[str, str | None], extra: str | None = None) -> str | None:
    folder = tmp_path / "reports" / "r"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text("seeds:\n  - s1\n", encoding="utf-8")
    if extra is not None:
        (folder / extra).mkdir()
    return keys.report("code", tmp_path, "r", seed_keys, Digests())


def test_a_report_has_a_cache_key_only_when_its_folder_and_seeds_are_plain(tmp_path: Path) -> None:
    key = _report_key(tmp_path, {"s1": "k1"})
    assert key is not None and len(key) == 64
    assert _report_key(tmp_path, {"s1": "k2"}) != key  # its seeds' keys are part of it
    assert _report_key(tmp_path, {"s1": None}) is None  # a seed that cannot be keyed
    assert _report_key(tmp_path, {}) is None  # a seed that does not exist
    assert _report_key(tmp_path, {"s1": "k1"}, extra="sub") is None  # a folder inside: the full check says why


def test_the_timeline_places_months_before_dates_weekdays_parts_of_the_day_and_times() -> None:
    """analysis.sort_key: what orders events and a history whose dates are given in every form."""
    import datetime as dt

    from sitrep.facts import analysis

    published = dt.date(2025, 3, 8)  # a Saturday

    def key(**when: Any) -> tuple:
        return analysis.sort_key(model.When.model_validate(when), published)

    assert key(month="2025-02") == (dt.date(2025, 2, 1), -1, "")  # a month: at its first day
    assert key(before="2025-03-06") == (dt.date(2025, 3, 6), -2, "")  # "before": last before that day
    assert key(weekday="Thursday") == (dt.date(2025, 3, 6), -1, "")  # resolved against the seed's date
    assert key(weekday="Thursday", before="2025-03-08") == key(weekday="Thursday")  # a resolved day comes first
    parts = ["early morning", "morning", "afternoon", "evening", "night"]
    assert [key(date="2025-03-06", part_of_day=p)[1] for p in parts] == [270, 540, 900, 1170, 1350]  # their middles
    assert key(date="2025-03-06") < key(date="2025-03-06", part_of_day="early morning")  # the day before its parts
    assert key(date="2025-03-06", time="23:42", zone="+02:00") == (
        dt.date(2025, 3, 6),
        1422,
        "2025-03-06T21:42:00+00:00",
    )
    assert key(date="2025-03-06", time="09:00", zone="UTC") < key(date="2025-03-06", time="10:00", zone="UTC")
    assert key(date="2025-03-06", time="08:00", zone="UTC") < key(date="2025-03-06", part_of_day="morning")


def test_a_history_is_each_series_of_two_or_more_figures_in_date_order() -> None:
    """analysis.history: a series needs two figures (two are enough), a lone figure before it
    does not end the search, and series come in (measure, group, place) order."""
    import datetime as dt

    from sitrep.facts import analysis

    report = pipeline.check(SAMPLE).reports[0]
    base = next(f for f in report.figures if f.part_of is None and not f.planned and f.value is not None)

    def fig(fact_id: str, metric: str, place: str | None, day: int) -> model.Figure:
        when = model.When(date=dt.date(2025, 3, day))
        update = {"id": fact_id, "metric": metric, "place": place, "as_of": when, "since": None}
        return base.model_copy(update={**update, "group": None, "part_of": None, "planned": False})

    figures = (
        fig("lone", "injured", None, 6),  # one figure: no history, and the search goes on
        fig("killed-later", "killed", None, 8),
        fig("killed-earlier", "killed", None, 6),
        fig("displaced-b", "displaced", "tuwaym", 7),
        fig("displaced-a", "displaced", "tuwaym", 6),
        fig("killed-tuwaym-b", "killed", "tuwaym", 7),
        fig("killed-tuwaym-a", "killed", "tuwaym", 6),
    )
    series = analysis.history(report.model_copy(update={"figures": figures}), dt.date(2025, 3, 8))
    assert [(s.metric, s.place, [f.id for f in s.figures]) for s in series] == [
        ("displaced", "tuwaym", ["displaced-a", "displaced-b"]),
        ("killed", None, ["killed-earlier", "killed-later"]),  # no place: before any place
        ("killed", "tuwaym", ["killed-tuwaym-a", "killed-tuwaym-b"]),
    ]


def test_a_moment_is_worded_as_precisely_as_the_source_in_local_time_and_utc() -> None:
    """filters.when: a time with its zone is shown in UTC; with a local offset, in local time first,
    saying when the offset was derived rather than stated."""
    import datetime as dt

    from sitrep.outputs import filters

    def w(**when: Any) -> str:
        return filters.when(model.When.model_validate(when), dt.date(2025, 3, 8))

    assert w(date="2025-03-06", time="23:42", zone="UTC") == "Thu 2025-03-06 23:42 UTC"
    local = {"offset": "+04:00"}
    assert w(date="2025-03-06", time="20:00", zone="UTC", local=local) == (
        "Fri 2025-03-07 00:00 local time (UTC+04:00), Thu 2025-03-06 20:00 UTC"
    )
    derived = {"offset": "+04:00", "derived": True}
    assert w(date="2025-03-06", time="20:00", zone="UTC", local=derived) == (
        "Fri 2025-03-07 00:00 local time (UTC+04:00, offset derived), Thu 2025-03-06 20:00 UTC"
    )


def test_coverage_is_whether_one_quoted_span_holds_the_whole_passage() -> None:
    """The bisection over sorted spans answers as the walk over every span did (it grew as numbers x quotes)."""
    import random

    rng = random.Random(30)
    for _ in range(300):
        coverage = validate.Coverage()
        spans = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 100) for _ in range(rng.randint(0, 8)))]
        coverage.spans["s"].extend(spans[: len(spans) // 2])
        coverage.covered("s", 0, 0)  # an index made before the rest arrive is not kept
        coverage.spans["s"].extend(spans[len(spans) // 2 :])
        for _ in range(40):
            start = rng.randint(0, 130)
            end = start + rng.randint(0, 12)
            assert coverage.covered("s", start, end) == any(s <= start and end <= e for s, e in spans)
    assert not validate.Coverage().covered("unquoted", 0, 1)


def test_a_reports_translations_are_part_of_its_cache_key(tmp_path: Path) -> None:
    key = _report_key(tmp_path, {"s1": "k1"}, extra="i18n")  # an empty i18n/ folder: keyed, as no file
    assert key is not None and key == _report_key(tmp_path / "other", {"s1": "k1"})
    (tmp_path / "reports" / "r" / "i18n" / "ar.yaml").write_text("report:\n  title: x\n", encoding="utf-8")
    with_ar = keys.report("code", tmp_path, "r", {"s1": "k1"}, Digests())
    assert with_ar is not None and with_ar != key
    (tmp_path / "reports" / "r" / "i18n" / "ar.yaml").write_text("report:\n  title: y\n", encoding="utf-8")
    assert keys.report("code", tmp_path, "r", {"s1": "k1"}, Digests()) not in (key, with_ar)
    (tmp_path / "reports" / "r" / "i18n" / "sub").mkdir()
    assert keys.report("code", tmp_path, "r", {"s1": "k1"}, Digests()) is None  # the full check says why
