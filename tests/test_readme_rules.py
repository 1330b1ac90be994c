"""One killed mutation per rule the README states (issue 15).

Each row of ``RULES`` quotes the manual's sentence that states a rule (checked to be in
README.md or docs/, so the table cannot drift from it), names a one-line mutation of the package
that breaks exactly that rule, and the test that must fail under it. Each case copies the
project (what git lists), applies the mutation to the copy and runs that one test there
in its own pytest process: it must fail with exit code 1 (tests failed), not 2 to 5
(a collection or usage error says nothing about the rule). The killing tests themselves
must pass on the unmutated copy (``test_the_killing_tests_pass_unmutated``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import manual
from .screenshots import working_tree  # the project as git sees it, without .venv or caches

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Rule:
    name: str
    readme: str  # the README's words (white space aside)
    file: str  # a module under sitrep/
    old: str  # occurs exactly once in it
    new: str
    test: str  # the pytest node id that must fail under the mutation


CODES = "tests/test_codes.py::test_each_code_has_a_bad_input_that_gives_exactly_it"

RULES = [
    # What it does: load and validate
    Rule(
        "plain values stay strings",
        "plain values stay strings (`NO` is not `false`)",
        "sitrep/facts/load.py",
        '{"yaml_implicit_resolvers": {}}',
        '{"yaml_implicit_resolvers": dict(base.yaml_implicit_resolvers)}',
        "tests/test_load.py::test_plain_scalars_stay_strings[NO]",
    ),
    Rule(
        "duplicate keys are errors",
        "duplicate keys, anchors and tags are errors",
        "sitrep/facts/load.py",
        "                if key in first:\n",
        "                if False:\n",
        "tests/test_load.py::test_duplicate_key",
    ),
    Rule(
        "a key mkdocs.yml repeats is an error",
        "a key that `mkdocs.yml` repeats is an error too",
        "sitrep/facts/load.py",
        "                if earlier is not key_node:\n",
        "                if False:\n",
        "tests/test_housekeeping.py::test_a_key_mkdocs_yml_repeats_is_an_error_in_check_and_build",
    ),
    Rule(
        "anchors are errors",
        "duplicate keys, anchors and tags are errors",
        "sitrep/facts/load.py",
        "and event.anchor is not None:",
        "and False:",
        f"{CODES}[SR111]",
    ),
    Rule(
        "tags are errors",
        "the loader refuses alias bombs, anchors (used or not), deep nesting, tags (`!!str` included)",
        "sitrep/facts/load.py",
        "isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and tag is not None:",
        "isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and False:",
        f"{CODES}[SR112]",
    ),
    Rule(
        "lists of more than 10,000 entries are refused",
        "lists or mappings of more than 10,000 entries",
        "sitrep/facts/load.py",
        "MAX_ENTRIES = 10_000",
        "MAX_ENTRIES = 100_000",
        f"{CODES}[SR110]",
    ),
    Rule(
        "unknown keys are errors",
        "unknown keys, unknown ids, quotes that are not in the seed",
        "sitrep/facts/model.py",
        'extra="forbid"',
        'extra="ignore"',
        f"{CODES}[SR201]",
    ),
    Rule(
        "unknown ids are errors",
        "unknown keys, unknown ids, quotes that are not in the seed",
        "sitrep/facts/validate.py",
        "if ref is not None and ref not in parsed.known_ids[target] and target not in parsed.unknowable:",
        "if False:",
        f"{CODES}[SR302]",
    ),
    Rule(
        "a quote must be in its seed",
        "a passage that must occur in the seed (white space and typographic quotes aside)",
        "sitrep/facts/validate.py",
        "        spans = seed.find(ev.quote)\n",
        "        spans = seed.find(ev.quote) or [(0, 0)]\n",
        f"{CODES}[SR403]",
    ),
    Rule(
        "typographic quotes aside",
        "a passage that must occur in the seed (white space and typographic quotes aside)",
        "sitrep/facts/seeds.py",
        '"\\u201c": \'"\', ',
        "",
        "tests/test_seeds.py::test_quotes_match_across_white_space_and_typographic_quotes",
    ),
    Rule(
        "a figure's quote states its number",
        "figures whose quote does not state their number or qualifier",
        "sitrep/facts/validate.py",
        "        if not hits:\n",
        "        if False:\n",
        f"{CODES}[SR404]",
    ),
    Rule(
        "numbers in words",
        'A figure\'s quote states its number** in digits or words ("nine children" supports 9)',
        "sitrep/facts/seeds.py",
        '"nine": 9,',
        '"nine": 90,',
        "tests/test_seeds.py::test_numbers[nine children and four women-expected1]",
    ),
    Rule(
        "the qualifier matches the words before the number",
        'its qualifier matches the words before it ("at least 20" is `at least`',
        "sitrep/facts/validate.py",
        "        elif q not in cues:\n",
        "        elif False:\n",
        f"{CODES}[SR406]",
    ),
    Rule(
        '"has passed" is more than',
        '"has passed 1,000" is `more than`',
        "sitrep/facts/validate.py",
        '("more than", "over", "passed", "exceeded",',
        '("more than", "over", "exceeded",',
        "tests/test_forms.py::test_the_qualifier_is_read_from_the_words_before_the_number"
        "[the toll has passed 1,000-more than]",
    ),
    Rule(
        "an unquantified figure's words are in its quote",
        "is recorded as `qualifier: unquantified` with its `words`, and never turned into a number",
        "sitrep/facts/validate.py",
        'if normalise(f.words or "").lower() not in norm.lower():',
        "if False:",
        f"{CODES}[SR407]",
    ),
    Rule(
        "weekdays resolve against the article's date",
        "`weekday: Thursday` is resolved against the seed's publication date",
        "sitrep/facts/analysis.py",
        "    back = (published.weekday() - WEEKDAYS.index(weekday)) % 7\n",
        "    back = (published.weekday() - WEEKDAYS.index(weekday)) % 7 + 7\n",
        "tests/test_rules.py::test_dates_are_worded_no_more_precisely_than_the_source",
    ),
    Rule(
        "a weekday resolved wrongly is an error",
        "weekdays resolved wrongly against the article's date",
        "sitrep/facts/validate.py",
        "if when.weekday and when.date and when.date != resolved:",
        "if False:",
        f"{CODES}[SR414]",
    ),
    Rule(
        "no date after the article",
        "dates after the article, parts that exceed their total",
        "sitrep/facts/validate.py",
        "if when.date and when.date > published and not when.deadline:",
        "if when.date and when.date > published + dt.timedelta(days=1) and not when.deadline:",
        f"{CODES}[SR415]",
    ),
    Rule(
        "a deadline is resolved forward",
        '"by Saturday afternoon" (resolved forward, to the next Saturday)',
        "sitrep/facts/analysis.py",
        "    if forward:\n",
        "    if False:\n",
        "tests/test_forms.py::test_a_deadline_looks_ahead",
    ),
    Rule(
        "a plan is in no history",
        "puts a figure under *Planned*, never in a total, a history or a discrepancy with what was achieved",
        "sitrep/facts/analysis.py",
        "if f.part_of is None and not f.planned:",
        "if f.part_of is None:",
        "tests/test_rules.py::test_a_plan_is_kept_apart_from_what_was_achieved",
    ),
    Rule(
        "a plan is in no discrepancy with a result",
        "puts a figure under *Planned*, never in a total, a history or a discrepancy with what was achieved",
        "sitrep/facts/analysis.py",
        "f.part_of, f.planned, f.duration)",
        "f.part_of, f.duration)",
        "tests/test_rules.py::test_a_plan_is_kept_apart_from_what_was_achieved",
    ),
    Rule(
        "a plan is not among the achieved figures",
        "puts a figure under *Planned*, never in a total, a history or a discrepancy with what was achieved",
        "sitrep/outputs/render.py",
        "return [f for f in self.report.figures if not f.planned]",
        "return list(self.report.figures)",
        "tests/test_rules.py::test_a_plan_is_kept_apart_from_what_was_achieved",
    ),
    Rule(
        "a time of day needs its zone",
        'A time of day needs its zone: `time: "23:42"`, `zone: UTC`',
        "sitrep/facts/model.py",
        "            if self.zone is None:\n",
        "            if False:\n",
        "tests/test_forms.py::test_bad_times_are_refused[fields0-needs its zone]",
    ),
    Rule(
        "parts may not exceed their total",
        "dates after the article, parts that exceed their total",
        "sitrep/facts/analysis.py",
        "    if low > t_high:\n",
        "    if False:\n",
        "tests/test_rules.py::test_about_means_ten_percent_either_way",
    ),
    Rule(
        "about means ten percent either way",
        "`about` stands for 10 % either way",
        "sitrep/facts/analysis.py",
        "        return (min(v * 0.9, v * 1.1), max(v * 0.9, v * 1.1))\n",
        "        return (min(v * 0.5, v * 1.5), max(v * 0.5, v * 1.5))\n",
        "tests/test_rules.py::test_about_means_ten_percent_either_way",
    ),
    Rule(
        "complete parts must reach their total",
        "Parts of an additive measure must fit their total.",
        "sitrep/facts/analysis.py",
        "    if total.breakdown_complete and high < t_low:\n",
        "    if False:\n",
        f"{CODES}[SR505]",
    ),
    Rule(
        "a discrepancy needs an editor's note",
        "`report.yaml` carries an editor's note about them",
        "sitrep/facts/validate.py",
        "        if d.note is None:\n",
        "        if False:\n",
        f"{CODES}[SR801]",
    ),
    Rule(
        "a verbatim statement is part of its quote",
        "a verbatim statement's text is not part of its quote",
        "sitrep/facts/validate.py",
        "and normalise(item.text) not in normalise(ev.quote)",
        "and False",
        f"{CODES}[SR409]",
    ),
    Rule(
        "how the seed dates a fact is in the seed",
        "'stated_as' (how the seed dates it) is not in the seed",
        "sitrep/facts/validate.py",
        "if when.stated_as and seed is not None and not seed.find(when.stated_as):",
        "if False:",
        f"{CODES}[SR410]",
    ),
    Rule(
        "a figure is no part of itself",
        "a figure is a part of itself",
        "sitrep/facts/validate.py",
        "        if f.part_of == f.id:\n",
        "        if False:\n",
        f"{CODES}[SR506]",
    ),
    # Measures
    Rule(
        "a percentage is written as one",
        '"12 per cent", "12 percent" or "12%" for a percentage',
        "sitrep/facts/validate.py",
        "return bool(_PERCENT_AFTER.match(norm[n.end :]))",
        "return True",
        f"{CODES}[SR405]",
    ),
    Rule(
        "money is written with its currency",
        '"$38 million", "US$1.5 million" or "38 million dollars" for money',
        "sitrep/facts/validate.py",
        "return bool(_CURRENCY_BEFORE.search(norm[: n.start]) or _CURRENCY_AFTER.match(norm[n.end :]))",
        "return True",
        "tests/test_forms.py::test_a_percentage_or_money_must_be_written_as_one",
    ),
    Rule(
        "a count is whole",
        "A count (people, buildings, events) must be whole",
        "sitrep/facts/validate.py",
        "if measure.whole and not is_whole(v):",
        "if False:",
        f"{CODES}[SR502]",
    ),
    Rule(
        "only some measures go below zero",
        "only a measure that allows it (temperature) may go below zero",
        "sitrep/facts/validate.py",
        "if v < 0 and not measure.negative:",
        "if False:",
        f"{CODES}[SR503]",
    ),
    Rule(
        "a duration is checked in the quote",
        '`duration: {amount: 36, unit: hours}` ("in 36 hours")',
        "sitrep/facts/validate.py",
        "not _states_duration(norm, f.duration.amount, f.duration.unit, f.duration.relation):",
        "False:",
        f"{CODES}[SR408]",
    ),
    Rule(
        "an unknown measure is an error naming the nearest",
        "An unknown measure is an error naming the nearest ones.",
        "sitrep/facts/measures.py",
        "        if hint:\n",
        "        if False:\n",
        f"{CODES}[SR501]",
    ),
    Rule(
        "a built-in measure cannot be redefined",
        "a built-in id cannot be redefined, and an unknown unit is an error naming the nearest",
        "sitrep/facts/measures.py",
        "        if mid in measures:\n",
        "        if False:\n",
        f"{CODES}[SR509]",
    ),
    # Rules the build enforces
    Rule(
        "seeds do not move",
        "the build refuses a seed that no longer matches",
        "sitrep/facts/validate.py",
        "    if digest != seed_meta.sha256:\n",
        "    if False:\n",
        f"{CODES}[SR604]",
    ),
    Rule(
        "an anonymous source has no name",
        "an anonymous source has a `label` and a `reason`, and the model has no field for a name",
        "sitrep/facts/validate.py",
        'if key == "name" and "anonymous-source" in err["loc"]:',
        "if False:",
        f"{CODES}[SR203]",
    ),
    # Editions and releases
    Rule(
        "a published edition cannot change",
        "the build refuses any change that would alter what a published edition shows",
        "sitrep/facts/validate.py",
        "if editions.matches(lock, report, n, seed_metas, parsed.registry):",
        "if True:",
        f"{CODES}[SR712]",
    ),
    Rule(
        "a correction's was must be the old value",
        "A `was` that is not what edition 1 showed is an error at `corrections[0].was`.",
        "sitrep/facts/editions.py",
        "        if c.edition > n:\n",
        "        if c.edition > n + 1:\n",
        f"{CODES}[SR711]",
    ),
    Rule(
        "no edition cites a later seed",
        "No edition may cite a seed published after it.",
        "sitrep/facts/validate.py",
        "if seed and seed.meta.published > e.published.date():",
        "if False:",
        f"{CODES}[SR705]",
    ),
    Rule(
        "an edition shows what its facts refer to",
        "an edition shows a fact whose reference that edition does not show",
        "sitrep/facts/validate.py",
        "if ref is None or ref in shown[target] or target in parsed.unknowable:",
        "if True:",
        f"{CODES}[SR704]",
    ),
    Rule(
        "a published edition cannot become a draft",
        "`SR709` | published-made-draft | a published edition is marked draft",
        "sitrep/facts/validate.py",
        "        if e.draft:\n            yield",
        "        if False:\n            yield",
        f"{CODES}[SR709]",
    ),
    # Hostile input
    Rule(
        "dates lie in 1900 to 2100",
        "Dates lie in the years 1900 to 2100",
        "sitrep/facts/model.py",
        "FIRST_YEAR, LAST_YEAR = 1900, 2100",
        "FIRST_YEAR, LAST_YEAR = 1, 9999",
        "tests/test_limits.py::test_a_fact_date_outside_the_range_is_a_clear_error",
    ),
    Rule(
        "SOURCE_DATE_EPOCH lies in 1970 to 2100",
        "`SOURCE_DATE_EPOCH` from 0 (1970) to the end of 2100; anything else is an error",
        "sitrep/site/swap.py",
        "        if not 0 <= epoch <= EPOCH_MAX:\n",
        "        if False:\n",
        "tests/test_limits.py::test_source_date_epoch_outside_the_range_is_a_clear_error[-1]",
    ),
    Rule(
        "a linked editions.lock is refused",
        "a seed, its metadata, a fact file or an `editions.lock` that is a link is refused",
        "sitrep/facts/load.py",
        "        if lock.is_symlink():\n",
        "        if False:\n",
        "tests/test_hostile_paths.py::test_a_linked_editions_lock_is_refused",
    ),
    Rule(
        "untrusted text: HTML is escaped",
        "every fact string is escaped for Markdown and HTML",
        "sitrep/outputs/filters.py",
        '_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}',
        '_HTML = {"&": "&amp;"}',
        "tests/test_escaping.py::test_md_filter_round_trips_through_markdown[<script>alert(1)</script>]",
    ),
    Rule(
        "untrusted text: Markdown at the start of a line is escaped",
        "inside a line and at its start (admonitions, setext headings, fences, definitions, tabs)",
        "sitrep/outputs/filters.py",
        '_LEADING = re.compile(r"^(#|[+\\-!]|\\d+(?=\\.))")',
        '_LEADING = re.compile(r"^([+\\-!]|\\d+(?=\\.))")',
        "tests/test_escaping.py::test_md_filter_round_trips_through_markdown[# not a heading]",
    ),
    # Data out
    Rule(
        "CSV text cells are guarded against injection",
        "A CSV text cell starting with `=`, `+`, `-`, `@`, `'`, a tab or a carriage return gets one leading `'`",
        "sitrep/outputs/dataout.py",
        'GUARDED = ("=", "+", "-", "@", "\\t", "\\r", "\'")',
        'GUARDED = ("+", "-", "@", "\\t", "\\r", "\'")',
        "tests/test_dataout_units.py::test_text_cells_are_guarded[=SUM(A1:A2)-'=SUM(A1:A2)]",
    ),
    Rule(
        "numeric columns are numbers",
        "numeric columns are written as numbers (`-4`)",
        "sitrep/outputs/dataout.py",
        '    if kind in ("integer", "number"):\n',
        "    if False:\n",
        "tests/test_dataout_units.py::test_typed_cells_stay_their_type[-4-number--4]",
    ),
    Rule(
        "example reports are not in the key-figures index",
        "are left out of the feeds and the key-figures index",
        "sitrep/outputs/dataindex.py",
        "    listed = sorted((e for e in entries if not e.example), key=lambda e: e.id)\n",
        "    listed = sorted(entries, key=lambda e: e.id)\n",
        "tests/test_dataout_units.py::test_example_reports_are_left_out_of_the_key_figures_index_and_the_site_feed",
    ),
    Rule(
        "example reports are not in the site feed",
        "are left out of the feeds and the key-figures index",
        "sitrep/outputs/sitefeed.py",
        "        settings = ctx.settings\n        listed = sorted((e for e in ctx.entries if not e.example), key=",
        "        settings = ctx.settings\n        listed = sorted((e for e in ctx.entries), key=",
        "tests/test_dataout_units.py::test_example_reports_are_left_out_of_the_key_figures_index_and_the_site_feed",
    ),
    # Reproducibility
    Rule(
        "SOURCE_DATE_EPOCH overrides the date",
        "the site is dated by its content (the publication time of the newest published edition), or by "
        "`SOURCE_DATE_EPOCH` when set",
        "sitrep/site/swap.py",
        "    if env:\n",
        "    if False:\n",
        "tests/test_rules.py::test_source_date_epoch_overrides_the_content_date",
    ),
    # Commands
    Rule(
        "the build for publication refuses drafts",
        "`build --publish`, the build for publication, refuses them, and refuses `--drafts`",
        "sitrep/cli.py",
        "        if drafts:\n            _refuse(",
        "        if False:\n            _refuse(",
        "tests/test_cli.py::test_the_build_for_publication_refuses_drafts_and_placeholders",
    ),
    Rule(
        "the build for publication refuses placeholder settings",
        "`build --publish`, the build for publication, refuses them, and refuses `--drafts`",
        "sitrep/cli.py",
        "        if found:\n            _refuse(",
        "        if False:\n            _refuse(",
        "tests/test_cli.py::test_the_build_for_publication_refuses_drafts_and_placeholders",
    ),
    # Errors
    Rule(
        "facts errors exit 1",
        "Every error is reported at once, as `file:line:col: field: message`, with exit code 1",
        "sitrep/cli.py",
        "        _lines(errors.format_diagnostics(exc.diagnostics, errors.SHOWN).splitlines())\n        return 1\n",
        "        _lines(errors.format_diagnostics(exc.diagnostics, errors.SHOWN).splitlines())\n        return 2\n",
        "tests/test_cli.py::test_missing_folders_are_facts_errors",
    ),
    Rule(
        "the first 200 errors are printed",
        "`build` and `check` print the first 200 errors, then how many more",
        "sitrep/cli.py",
        "errors.SHOWN = None if value else 200",
        "errors.SHOWN = None if value else 2000",
        "tests/test_limits.py::test_error_output_is_capped_unless_all_errors_is_asked",
    ),
    # Writing a report
    Rule(
        "a seed id is one more than the highest",
        "where `NNN` is one more than the highest number in `seeds/`",
        "sitrep/authoring/seedadd.py",
        "return max(used) + 1 if used else 0",
        "return len(used) if used else 0",
        "tests/test_seed_add.py::test_the_naming_rule",
    ),
    Rule(
        "arabic vowel marks and tatweel aside",
        "vowel marks (tashkeel, U+064B to U+0652, and the superscript alef U+0670), the tatweel (U+0640)",
        "sitrep/facts/arabic.py",
        '_DROPPED = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\\u0670\\u0640"',
        '_DROPPED = "\\u0670"',
        "tests/test_arabic.py::test_tashkeel_tatweel_and_arabic_punctuation_are_ignored_in_quotes",
    ),
    Rule(
        "the arabic dual is two",
        "the dual of a noun a report counts",
        "sitrep/facts/arabic.py",
        '_LEXICON |= {w: ("dual", 2) for w in _DUALS}',
        "_LEXICON |= {}",
        "tests/test_arabic.py::test_every_number_of_the_cholera_article_is_read_and_nothing_else",
    ),
    Rule(
        "arabic qualifiers",
        '"نحو", "حوالي" or "قرابة" `about`',
        "sitrep/facts/validate.py",
        '*("نحو", "حوالي",',
        '*("حوالي",',
        "tests/test_arabic.py::test_arabic_qualifiers_are_read",
    ),
    Rule(
        "arabic weekdays",
        'Weekdays ("يوم الخميس", "الخميس")',
        "sitrep/facts/arabic.py",
        '"Thursday": ("الخميس",),',
        '"Thursday": (),',
        "tests/test_arabic.py::test_an_arabic_weekday_resolves_against_the_article_date",
    ),
]


def _words(text: str) -> str:
    return " ".join(text.split())


README = _words(manual.text())  # README.md and docs/: the manual


def test_every_rule_quotes_the_readme_and_has_a_unique_name() -> None:
    assert [r.readme for r in RULES if _words(r.readme) not in README] == []
    assert len({r.name for r in RULES}) == len(RULES)


def _pytest(copy: Path, *node_ids: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST_") and k not in ("MUTANT_UNDER_TEST", "SOURCE_DATE_EPOCH")
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *node_ids],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_killing_tests_pass_unmutated(tmp_path: Path) -> None:
    copy = working_tree(tmp_path / "project")
    result = _pytest(copy, *sorted({r.test for r in RULES}))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_the_rule_has_a_test_that_kills_its_mutation(rule: Rule, tmp_path: Path) -> None:
    copy = working_tree(tmp_path / "project")
    target = copy / rule.file
    text = target.read_text(encoding="utf-8")
    assert text.count(rule.old) == 1, f"{rule.old!r} occurs {text.count(rule.old)} times in {rule.file}"
    target.write_text(text.replace(rule.old, rule.new), encoding="utf-8")
    result = _pytest(copy, rule.test)
    # 1: the test ran and failed. 2 to 5 (interrupted, internal, usage, nothing collected) kill nothing.
    assert result.returncode == 1, f"exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    assert re.search(r"\b1 failed\b", result.stdout), result.stdout[-3000:]
