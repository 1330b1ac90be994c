"""The registry of diagnostic codes: every kind of problem sitrep reports has one.

A code (``SR`` and three digits) names a kind of problem, whatever the message's details:
it is what a CI rule, an editor's search or a support answer refers to. The hundreds say
the stage that finds it: 1 files and YAML, 2 fields (the schema), 3 ids and references,
4 evidence (quotes, values, dates), 5 measures and sums, 6 seeds, 7 editions and the
lock, 8 findings (warnings that ``--strict`` turns into errors).

Codes never change once assigned: a code whose problem no longer exists is retired (its
line stays, marked retired), never reused; a new kind of problem takes a new number.
The manual's table of codes (docs/errors.md) lists each of them (a test keeps the two in step), and every
code has a bad input in ``tests/test_codes.py`` that produces exactly it.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    name: str  # short, kebab-case
    meaning: str  # one line: what is wrong
    example: str  # a message as printed (the part after ``field:``)


CODES: dict[str, Code] = {
    # 1 -- files and YAML (loading)
    "SR101": Code("missing-folder", "reports/ or seeds/ is missing", "missing: expected a folder here"),
    "SR102": Code(
        "not-a-regular-file",
        "an input is a link, a folder or another special file where a regular file belongs",
        "a seed must be a regular file, not a link or folder",
    ),
    "SR103": Code(
        "link-out-of-project",
        "a link among the inputs leads out of the project, or to nothing",
        "a link out of the project (or to nothing): inputs are read only from inside it",
    ),
    "SR104": Code("unreadable", "the operating system refused to read the file", "cannot read: Permission denied"),
    "SR105": Code("too-large", "the file is larger than an input may be", "larger than 5000000 bytes"),
    "SR106": Code("not-utf8", "the file is not UTF-8 text", "not valid UTF-8"),
    "SR107": Code("nul-character", "the file contains a NUL character", "contains a NUL character"),
    "SR108": Code(
        "invalid-yaml",
        "the YAML cannot be parsed",
        "invalid YAML: while parsing a flow sequence did not find expected ',' or ']'",
    ),
    "SR109": Code("too-deep", "the YAML nests deeper than sitrep reads", "nested deeper than 40 levels"),
    "SR110": Code(
        "too-many-entries",
        "a list or mapping has more entries than sitrep reads",
        "more than 10,000 entries (10,001); split it",
    ),
    "SR111": Code(
        "yaml-anchor",
        "YAML anchors and aliases are refused",
        "anchors and aliases are not allowed; write the value out",
    ),
    "SR112": Code(
        "yaml-tag", "explicit YAML tags are refused", "YAML tags are not allowed (found 'tag:yaml.org,2002:str')"
    ),
    "SR113": Code("key-not-a-string", "a mapping key is not a plain string", "keys must be plain strings"),
    "SR114": Code("duplicate-key", "a key is written twice in one mapping", "duplicate key (first defined on line 3)"),
    "SR115": Code(
        "unknown-fact-file",
        "a report folder holds a YAML file sitrep does not know",
        "unknown fact file (known: report.yaml, sources.yaml, places.yaml, actors.yaml, ...",
    ),
    "SR116": Code(
        "missing-report-file", "a report folder has no report.yaml", "missing: every report folder needs one"
    ),
    "SR117": Code(
        "fmt-unsafe",
        "fmt refused to rewrite a file because the result would differ in data or comments (a bug in fmt)",
        "fmt would change the data here; left as it was (a bug in fmt)",
    ),
    "SR118": Code(
        "not-text",
        "a string holds a control character, a lone surrogate or a Unicode noncharacter",
        "contains U+007F (a control character) at character 6: text may not hold control characters ...",
    ),
    "SR119": Code(
        "translation-file-name",
        "a translation file (reports/<id>/i18n/<lang>.yaml) is not named by a language code other than the report's",
        "the file's name must be a language code: ...",
    ),
    # 2 -- fields (the schema)
    "SR201": Code("unknown-key", "a key the schema does not have (often a typo)", "unknown key 'colour'"),
    "SR202": Code("missing-key", "a required key is missing", "required key is missing"),
    "SR203": Code(
        "anonymous-source-named",
        "an anonymous source is given a name",
        "an anonymous source has no name (its identity is not recorded); use 'label' for who they are",
    ),
    "SR204": Code(
        "invalid-value",
        "a value has the wrong type or form for its field",
        "Input should be a valid date or datetime, month value is outside expected range of 1-12 ...",
    ),
    "SR205": Code(
        "rule-broken",
        "a value breaks a rule of its fact (checked across its fields)",
        "'zone' and 'local' are for a time of day: give 'time' too",
    ),
    "SR206": Code(
        "wrong-shape", "a file or entry is not the mapping or list it must be", "each entry must be a mapping"
    ),
    "SR207": Code(
        "moved-key",
        "a key that has moved: the report-level summary now lives with an edition",
        "the report's summary now belongs to its latest edition: move it there as 'overview' (editions[1].overview)",
    ),
    "SR208": Code(
        "not-translatable",
        "a translation gives a section or field that is not translated, or a field the original does not have",
        "not a translatable field here (translatable: label, words, note)",
    ),
    "SR209": Code(
        "empty-translation",
        "a translated text is empty or longer than the facts' longest text",
        "expected the translated text (a non-empty string)",
    ),
    # 3 -- ids and references
    "SR301": Code("duplicate-id", "two facts of a section share an id", "duplicate id 'sohr' (first used on line 2)"),
    "SR302": Code("unknown-reference", "a fact refers to an id that does not exist", "unknown source 'nobody'"),
    "SR303": Code(
        "report-id-mismatch",
        "report.yaml's id is not its folder's name",
        "id 'syria-coast' does not match the folder name 'syria-coast-2025-03'",
    ),
    "SR304": Code("seed-not-found", "report.yaml lists a seed that is not in seeds/", "seed '999_x' is not in seeds/"),
    "SR305": Code(
        "pcode-mismatch",
        "a P-code does not fit its country's ISO code or its parent's P-code",
        "'SY07' does not start with LBN's code (LB or LBN)",
    ),
    "SR306": Code(
        "translation-unknown-id",
        "a translation names a fact or an edition the report does not have",
        "the report has no figure 'killed-total-typo'",
    ),
    # 4 -- evidence: quotes, values, dates
    "SR401": Code(
        "unknown-seed", "the evidence names a seed that does not exist", "seed '999_nowhere' is not a known seed"
    ),
    "SR402": Code(
        "seed-not-listed",
        "the evidence names a seed the report does not list",
        "seed '100_marrow-floods' is not listed in report.yaml's seeds",
    ),
    "SR403": Code(
        "quote-not-found",
        "an evidence (or exclusion) quote is not in its seed",
        "quote not found in seed 000_35c3038285085a70; closest passage (97% alike): 'The ...",
    ),
    "SR404": Code(
        "value-not-stated",
        "the quote does not state the figure's number",
        "the evidence quote does not state 746 (in digits or words)",
    ),
    "SR405": Code(
        "unit-not-stated",
        "the quote states the number, but not in the measure's unit (percent, money)",
        "the evidence quote states 'Three' but not as a percentage (12%, 12 per cent)",
    ),
    "SR406": Code(
        "qualifier-mismatch",
        "the qualifier (exact, at least, about...) is not what the quote says",
        "qualifier 'at least' is not what the quote says (an exact number: '745')",
    ),
    "SR407": Code(
        "words-not-quoted",
        "an unquantified figure's words are not in its quote",
        "the evidence quote does not contain the words 'three thousand people'",
    ),
    "SR408": Code(
        "duration-not-stated",
        "the quote does not state the fact's duration",
        "the evidence quote does not state in 48 hours",
    ),
    "SR409": Code(
        "verbatim-not-quoted",
        "a verbatim statement's text is not part of its quote",
        "a verbatim statement's text must be part of its evidence quote",
    ),
    "SR410": Code(
        "stated-as-not-in-seed",
        "'stated_as' (how the seed dates it) is not in the seed",
        "'on Thursday night' is not in seed 000_35c3038285085a70: quote how it dates this",
    ),
    "SR411": Code(
        "stated-weekday-mismatch",
        "'stated_as' names another weekday (or month) than the fact's",
        "'4:15 p.m. local time (1315 GMT Wednesday)' names Wednesday, but the weekday is Tuesday",
    ),
    "SR412": Code(
        "stated-time-mismatch",
        "'stated_as' says another time of day than the fact's",
        "'4:15 p.m. local time (1315 GMT Wednesday)' says 16:15, but the time is 14:15 or 17:15 ...",
    ),
    "SR413": Code(
        "local-offset-redundant",
        "the local offset repeats the zone",
        "the local offset is the zone itself: leave 'local' out",
    ),
    "SR414": Code(
        "weekday-date-mismatch",
        "a weekday and a date that name different days",
        "'Thursday' in an article published on Saturday 2025-03-08 is 2025-03-06, not 2025-03-05",
    ),
    "SR415": Code(
        "after-publication",
        "a date, 'before' or month later than the seed's publication",
        "2025-03-09 is after the seed was published (2025-03-08)",
    ),
    # 5 -- measures and sums
    "SR501": Code(
        "unknown-measure",
        "a figure's metric is not a known measure",
        "unknown measure 'kiled' (nearest: killed); a project adds its own in measures.yaml",
    ),
    "SR502": Code(
        "not-whole",
        "a counted measure's value is not a whole number",
        "'killed' is counted in people: a whole number is required (got 2.5)",
    ),
    "SR503": Code(
        "below-zero", "a measure that cannot be negative is", "'rainfall' (millimetres) cannot be below zero"
    ),
    "SR504": Code(
        "unit-mismatch",
        "the value is written in another unit than its measure's",
        "written as USD ('$1000'), but 'killed' is measured in people",
    ),
    "SR505": Code(
        "breakdown-inconsistent",
        "a total and its parts do not add up, or count different measures",
        "the parts are complete but add up to at most 875, less than the total (more than 1,000)",
    ),
    "SR506": Code("part-of-itself", "a figure is a part of itself", "a figure cannot be a part of itself"),
    "SR507": Code("duplicate-unit", "measures.yaml defines a unit twice", "unit 'people' is already defined"),
    "SR508": Code(
        "bad-measure-id",
        "a measure id in measures.yaml is not lower-case letters, digits and '-'",
        "measure id 'Beds': lower-case letters, digits and '-'",
    ),
    "SR509": Code(
        "builtin-measure-redefined",
        "measures.yaml redefines a built-in measure",
        "measure 'killed' is built in; choose another id",
    ),
    "SR510": Code(
        "unknown-unit", "a measure names a unit that does not exist", "unknown unit 'peple' (nearest: people, percent)"
    ),
    "SR511": Code(
        "hxl-tag",
        "a measure's HXL hashtag is not a core one, or counts people for a measure that does not",
        "'#affected' counts people, but beds are measured in facilities: use #indicator+<measure>+num",
    ),
    # 6 -- seeds
    "SR601": Code(
        "seed-without-metadata",
        "a seed has no metadata file beside it",
        "no metadata file 999_extra.yaml beside the seed",
    ),
    "SR602": Code("metadata-without-seed", "a metadata file has no seed", "metadata for a missing seed 999_extra.txt"),
    "SR603": Code(
        "seed-id-mismatch",
        "a seed's metadata id is not its file's name",
        "id '100_marrow-floods' does not match the file name '999_extra'",
    ),
    "SR604": Code(
        "seed-changed",
        "the seed's text no longer has its recorded sha256",
        "the seed text has changed (its sha256 is ...",
    ),
    "SR605": Code("seed-empty", "an article given to `seed add` is empty", "the article is empty"),
    # 7 -- editions and the lock
    "SR701": Code(
        "no-such-edition",
        "'since' or a correction names an edition the report does not have",
        "edition 5 does not exist (the report has 2)",
    ),
    "SR702": Code(
        "bad-correction", "a correction cannot be undone (unknown field, invalid 'was')", "field 'valeu' does not exist"
    ),
    "SR703": Code(
        "correction-changes-nothing",
        "a correction's 'was' is what the fact says now",
        "'was' is what the fact says now: nothing is corrected",
    ),
    "SR704": Code(
        "reference-not-shown",
        "an edition shows a fact whose reference that edition does not show",
        "edition 3 shows this figure, which refers to the source 'extra-source', shown only from ...",
    ),
    "SR705": Code(
        "cites-later-seed",
        "an edition cites a seed published after it",
        "edition 3 (2025-03-10) cannot cite seed 100_marrow-floods, published later (2026-04-09)",
    ),
    "SR706": Code(
        "old-state-unsupported",
        "a fact as an earlier edition showed it (before a correction) is not supported by its quote",
        "as edition 3 showed it: the evidence quote does not state 900 (in digits or words)",
    ),
    "SR707": Code(
        "bad-lock-line", "editions.lock has a line that is not a lock line", "not a lock line: 'not a lock line'"
    ),
    "SR708": Code(
        "edition-not-published",
        "an edition is not a draft but was never published",
        "edition 3 is not a draft but was never published: run `python build.py publish ...",
    ),
    "SR709": Code(
        "published-made-draft",
        "a published edition is marked draft",
        "edition 2 was published; it cannot become a draft",
    ),
    "SR710": Code(
        "edition-changed",
        "a published edition's own entry, the title, its seeds or notes changed",
        "published edition 1 no longer matches its fingerprint: its headline, summary, overview or date, or ...",
    ),
    "SR711": Code(
        "wrong-was",
        "a correction's 'was' is not what the published editions showed",
        "published editions 1 and 2 showed 'label' otherwise: this correction's 'was' must be ...",
    ),
    "SR712": Code(
        "published-fact-changed",
        "an edit changes what a published edition shows",
        "changes what published editions 1 and 2 show: record the fix as a correction carried by a ...",
    ),
    "SR713": Code(
        "fact-added-to-published",
        "a new fact would appear in a published edition",
        "would appear in published editions 1 and 2: give it the 'since' of the edition that adds it",
    ),
    "SR714": Code(
        "published-fact-removed",
        "a fact a published edition showed was deleted",
        "published edition 2 showed impacts/alawites-fired: withdraw it from a later edition",
    ),
    "SR715": Code(
        "published-edition-removed",
        "a published edition was deleted from report.yaml",
        "edition 3 was published but is gone from report.yaml",
    ),
    "SR716": Code(
        "published-words-changed",
        "a field of report.yaml that a published edition shows changed (example flag, title, an edition's entry)",
        "changes what published edition 2 shows (its overview): a published edition keeps its entry; ...",
    ),
    "SR717": Code(
        "published-seed-changed",
        "the metadata of a seed that a published edition cites changed (title, address, publisher, ...)",
        "changes what published editions 1 and 2 of report 'syria-coast-2025-03' show (the seed's address): ...",
    ),
    "SR718": Code(
        "published-measure-changed",
        "a project measure that a published edition's figures use changed (label, unit, HXL hashtag)",
        "changes what published edition 1 of report 'marrow-floods-2026-04' shows (the measure's label): ...",
    ),
    "SR719": Code(
        "edition-words-unsupported",
        "an edition's headline, summary or overview states a number or quotes words none of its facts gives",
        "edition 3 shows this headline, but none of its facts gives 5,000: say only what edition 3 published, ...",
    ),
    "SR720": Code(
        "highlight-unsupported",
        "an edition's highlight states a number its named figures do not give, or names a figure it does not show",
        "states 1,001, which none of its figures (killed-total-1000) gives: name the figure that says it, ...",
    ),
    "SR721": Code(
        "key-figures-order",
        "report.yaml's key_figures names a figure not marked key: true, or one id twice",
        "'killed' is named twice",
    ),
    "SR722": Code(
        "published-translation-changed",
        "a translation published with an edition was changed or removed",
        "this translation was published with edition 2: it changes with a correction of its fact's field ...",
    ),
    # 8 -- findings (warnings; errors under --strict)
    "SR801": Code(
        "unnoted-discrepancy",
        "figures of one measure disagree and report.yaml has no editor's note on it",
        "discrepancy with no editor's note in report.yaml discrepancies: killed-total-again, ...",
    ),
    "SR802": Code(
        "uncited-passage",
        "a number, place or photo credit of a seed no fact cites and no exclusion covers",
        "number '03' is cited by no fact of report 'syria-coast-2025-03' and not excluded",
    ),
    "SR803": Code(
        "untranslated",
        "a text of the report has no translation in a language the report has a translation file for",
        "not translated into 'ar' yet: ...",
    ),
    "SR804": Code(
        "missing-message",
        "an interface word of a template, chart or the vocabulary has no translation in a language the site lists",
        "'All reports' has no translation in locale/ar/LC_MESSAGES/messages.po; it shows in English. ...",
    ),
}

WARNINGS = frozenset({"SR801", "SR802", "SR803", "SR804"})  # findings: printed as warnings, errors under --strict


def schema_code(kind: str) -> str:
    """The code of a schema error from its pydantic error type."""
    if kind == "extra_forbidden":
        return "SR201"
    if kind == "missing":
        return "SR202"
    if kind in ("value_error", "assertion_error"):  # a model validator's own rule
        return "SR205"
    return "SR204"


def markdown_table() -> str:
    """The manual's table of codes, in docs/errors.md (``python -m sitrep.codes`` prints it)."""
    rows = ["| Code | Name | Meaning | Example message |", "| --- | --- | --- | --- |"]
    for code, c in CODES.items():
        example = c.example.replace("|", "\\|")
        shown = f"`` {example} ``" if "`" in example else f"`{example}`"
        rows.append(f"| `{code}` | {c.name} | {c.meaning} | {shown} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
