"""Every diagnostic code has a bad input that produces exactly it (table-driven).

The table is keyed by code and the test enumerates the registry (``sitrep.codes``), so
a code added without a case here fails, as does a case whose input produces any other
code as well. Each case copies a fixture project (``tests/fixtures``), applies its edits
and runs the checks in-process; ``tests/test_errors.py`` holds the full text of many of
these messages as a user sees them.

Besides: every place in the package that makes a Diagnostic passes a registered code
(read from the source, so a branch no test reaches is covered too), and README's table
of codes lists exactly the registry.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep import codes, pipeline
from sitrep.authoring import fmt, seedadd
from sitrep.errors import Diagnostic, FactsError

from . import manual
from .conftest import FORMS, REPORT, ROOT, SAMPLE, SEED, copy_project, edit

MARROW = "reports/marrow-floods-2026-04"
SEED_META = SEED.removesuffix(".txt") + ".yaml"
QUAKE = "seeds/100_marrow-floods"  # the forms fixture's article, copied into the sample where a case needs it

DRAFTS_3_4 = (
    "exclusions:\n",
    "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n    headline: Third\n    summary: Draft.\n"
    "    draft: true\n"
    "  - number: 4\n    published: 2025-03-11T12:00:00+00:00\n    headline: Fourth\n    summary: Draft.\n"
    "    draft: true\nexclusions:\n",
)


def _i18n(text: str, lock_line: str = "") -> Callable[[Path], None]:
    """A translation file for the Syria report (its name, then its text), and a line appended to its lock."""

    def setup(project: Path) -> None:
        folder = project / REPORT / "i18n"
        folder.mkdir()
        name, _, body = text.partition("\n")
        (folder / name).write_text(body, encoding="utf-8")
        if lock_line:
            lock = project / REPORT / "editions.lock"
            lock.write_text(lock.read_text(encoding="utf-8") + lock_line, encoding="utf-8")

    return setup


@dataclass(frozen=True)
class Bad:
    """A minimal bad input: edits to a copy of a fixture project, then a check (or fmt, or seed add)."""

    edits: tuple[tuple[str, str, str], ...] = ()  # (path, old, new); a path ending "!new" is written with new
    fixture: Path | None = None  # default: the sample (the Syria report)
    setup: Callable[[Path], None] | None = None
    reader: Callable[[Path], bytes] | None = None
    run: str = "check"  # "check", "fmt" (of the edited file, fmt's own checks), "seed-add"


def _symlink_out(project: Path) -> None:
    (project / "templates" / "passwd.md").symlink_to("/etc/passwd")


def _seed_folder(project: Path) -> None:
    (project / "seeds" / "999_folder.txt").mkdir()


def _no_seeds(project: Path) -> None:
    shutil.rmtree(project / "seeds")


def _empty_report_folder(project: Path) -> None:
    (project / "reports" / "empty").mkdir()


def _quake_seed(project: Path, stem: str = "100_marrow-floods", text: bool = True, meta: bool = True) -> None:
    for suffix, wanted in ((".txt", text), (".yaml", meta)):
        if wanted:
            shutil.copy2(FORMS / "seeds" / f"100_marrow-floods{suffix}", project / "seeds" / f"{stem}{suffix}")


def _unreadable(path: Path) -> bytes:
    if path.name == "places.yaml":
        raise PermissionError(13, "Permission denied")
    return path.read_bytes()


def _wide_places(project: Path) -> None:
    places = project / REPORT / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + "#" * 5_000_000 + "\n", encoding="utf-8")


def _delete_last_impact(project: Path) -> None:
    impacts = project / REPORT / "impacts.yaml"
    text = impacts.read_text(encoding="utf-8")
    impacts.write_text(text[: text.index("\n- id: alawites-fired\n") + 1], encoding="utf-8")


def _upgraded(report: str) -> Callable[[Path], None]:
    """Publish again with this version: the lock gains its fingerprint v3 lines (what a project's lock does once)."""
    return lambda project: pipeline.publish(project, report) and None


def _bytes(path: str, data: bytes) -> Callable[[Path], None]:
    return lambda project: (project / path).write_bytes(data)


EXTRA_SOURCE = (
    "- id: extra-source\n  kind: monitor\n  name: Another monitor\n  description: A monitor.\n  evidence:\n"
    "    seed: 000_35c3038285085a70\n"
    '    quote: "a war monitoring group said"\n'
)
NEW_FIGURE = (
    "\n- id: killed-total-again\n  metric: killed\n  group: all\n  qualifier: more than\n  value: 1000\n"
    "  place: syria-coast\n  period:\n    start: 2025-03-06\n    end: 2025-03-08\n"
    "  as_of:\n    date: 2025-03-08\n  source: sohr\n  evidence:\n"
    '    seed: 000_35c3038285085a70\n    quote: "revenge killings that followed has passed 1,000"\n'
)
FIGURES = f"{REPORT}/figures.yaml"
SOURCES = f"{REPORT}/sources.yaml"
EVENTS = f"{REPORT}/events.yaml"
META = f"{REPORT}/report.yaml"
LOCK = f"{REPORT}/editions.lock"
PLACES = f"{REPORT}/places.yaml"
FIRST_AS_OF = "  as_of:\n    date: 2025-03-08\n  source: sohr\n  breakdown_complete: true\n"
RIVER_WHEN = (
    '  when:\n    weekday: Wednesday\n    time: "13:15"\n    zone: UTC\n    local:\n      offset: +03:00\n'
    "      derived: true\n    stated_as: 4:15 p.m. local time (1315 GMT Wednesday)\n"
)

CASES: dict[str, Bad] = {
    # 1 -- files and YAML
    "SR101": Bad(setup=_no_seeds),
    "SR102": Bad(setup=_seed_folder),
    "SR103": Bad(setup=_symlink_out),
    "SR104": Bad(reader=_unreadable),
    "SR105": Bad(setup=_wide_places),
    "SR106": Bad(setup=_bytes(PLACES, b"- id: x\n  name: \xff\n")),
    "SR107": Bad(setup=_bytes(PLACES, b"- id: x\n  name: a\x00b\n")),
    "SR108": Bad(edits=((f"{PLACES}!new", "", "a: [1, 2\n"),)),
    "SR109": Bad(edits=(("measures.yaml!new", "", "units:\n  x:" + " [" * 50 + "]" * 50 + "\n"),)),
    "SR110": Bad(edits=((f"{EVENTS}!new", "", "- {}\n" * 10_001),)),
    "SR111": Bad(edits=((PLACES, "- id: syria\n  name: Syria\n", "- id: syria\n  name: &n Syria\n"),)),
    "SR112": Bad(edits=((PLACES, "- id: syria\n  name: Syria\n", "- id: syria\n  name: !!str Syria\n"),)),
    "SR113": Bad(edits=((PLACES, "- id: syria\n  name: Syria\n", "- id: syria\n  name: Syria\n  [a]: b\n"),)),
    "SR114": Bad(edits=((PLACES, "- id: syria\n  name: Syria\n", "- id: syria\n  name: Syria\n  name: Syria\n"),)),
    "SR115": Bad(edits=((f"{REPORT}/figuers.yaml!new", "", "[]\n"),)),
    "SR116": Bad(setup=_empty_report_folder),
    "SR117": Bad(run="fmt"),
    "SR118": Bad(edits=((PLACES, "- id: syria\n  name: Syria\n", '- id: syria\n  name: "Syria\\x7f"\n'),)),
    "SR119": Bad(setup=_i18n("xx.yaml\nreport:\n  title: x\n")),
    # 2 -- fields
    "SR201": Bad(edits=((SOURCES, "  kind: monitor\n", "  kind: monitor\n  colour: red\n"),)),
    "SR202": Bad(edits=((FIGURES, "  source: sohr\n  breakdown_complete: true", "  breakdown_complete: true"),)),
    "SR203": Bad(
        edits=(
            (
                SOURCES,
                "  label: Two residents of the coastal region\n",
                "  label: Two residents of the coastal region\n  name: Jane Doe\n",
            ),
        )
    ),
    "SR204": Bad(edits=((FIGURES, FIRST_AS_OF, FIRST_AS_OF.replace("2025-03-08", "2025-13-08")),)),
    "SR205": Bad(edits=((FIGURES, FIRST_AS_OF, FIRST_AS_OF.replace("03-08\n", "03-08\n    zone: UTC\n")),)),
    "SR206": Bad(edits=((PLACES, "- id: syria\n", "- just a line\n\n- id: syria\n"),)),
    "SR207": Bad(edits=((META, "coverage: complete\n", "summary: What happened.\ncoverage: complete\n"),)),
    "SR208": Bad(setup=_i18n("ar.yaml\nfigures:\n  killed-total-1000:\n    metric: killed\n")),
    "SR209": Bad(setup=_i18n('ar.yaml\nreport:\n  title: ""\n')),
    # 3 -- ids and references
    "SR301": Bad(edits=((f"{SOURCES}!append", "", EXTRA_SOURCE.replace("extra-source", "sohr")),)),
    "SR302": Bad(edits=((EVENTS, "  source: sohr\n", "  source: nobody\n"),)),
    "SR303": Bad(edits=((META, "id: syria-coast-2025-03\n", "id: syria-coast\n"),)),
    "SR304": Bad(
        edits=((META, "seeds:\n  - 000_35c3038285085a70\n", "seeds:\n  - 000_35c3038285085a70\n  - 999_x\n"),)
    ),
    "SR305": Bad(
        edits=(
            (
                PLACES,
                "- id: lebanon\n  name: Lebanon\n  kind: country\n  country: LBN\n",
                "- id: lebanon\n  name: Lebanon\n  kind: country\n  country: LBN\n  pcode: SY07\n  admin_level: 1\n",
            ),
        )
    ),
    "SR306": Bad(setup=_i18n("ar.yaml\nfigures:\n  killed-total-typo:\n    label: x\n")),
    # 4 -- evidence
    "SR401": Bad(
        edits=(
            (
                SOURCES,
                '    seed: 000_35c3038285085a70\n    quote: "The Britain-based',
                '    seed: 999_nowhere\n    quote: "The Britain-based',
            ),
        )
    ),
    "SR402": Bad(
        setup=_quake_seed,
        edits=(
            (
                SOURCES,
                '    seed: 000_35c3038285085a70\n    quote: "The Britain-based Syrian Observatory'
                ' for Human Rights said"',
                '    seed: 100_marrow-floods\n    quote: "the provincial governor said"',
            ),
        ),
    ),
    "SR403": Bad(edits=((SOURCES, 'quote: "The Britain-based Syrian', 'quote: "The British-based Syrian'),)),
    "SR404": Bad(edits=((FIGURES, "  value: 745\n", "  value: 746\n"),)),
    "SR405": Bad(
        fixture=FORMS,
        edits=(
            (f"{MARROW}/figures.yaml", "  value: 30%\n", "  value: 3\n"),
            (
                f"{MARROW}/figures.yaml",
                'quote: "of which 30% had been funded"',
                'quote: "Three of the valley\'s eight schools were used as shelters"',
            ),
        ),
    ),
    "SR406": Bad(edits=((FIGURES, "  qualifier: exact\n  value: 745\n", "  qualifier: at least\n  value: 745\n"),)),
    "SR407": Bad(edits=((FIGURES, "  words: thousands of people", "  words: three thousand people"),)),
    "SR408": Bad(fixture=FORMS, edits=((f"{MARROW}/figures.yaml", "    amount: 36\n", "    amount: 48\n"),)),
    "SR409": Bad(edits=((f"{REPORT}/statements.yaml", "  text: individual actions", "  text: isolated actions"),)),
    "SR410": Bad(edits=((EVENTS, "    stated_as: on Thursday\n", "    stated_as: on Thursday night\n"),)),
    "SR411": Bad(
        fixture=FORMS, edits=((f"{MARROW}/events.yaml", "    weekday: Wednesday\n", "    weekday: Tuesday\n"),)
    ),
    "SR412": Bad(fixture=FORMS, edits=((f"{MARROW}/events.yaml", '    time: "13:15"\n', '    time: "14:15"\n'),)),
    "SR413": Bad(
        fixture=FORMS,
        edits=(
            (
                f"{MARROW}/events.yaml",
                RIVER_WHEN,
                '  when:\n    weekday: Wednesday\n    time: "16:15"\n    zone: +03:00\n    local:\n'
                "      offset: +03:00\n",
            ),
        ),
    ),
    "SR414": Bad(
        edits=(
            (
                EVENTS,
                "    date: 2025-03-06\n    weekday: Thursday\n    stated_as: on Thursday\n",
                "    date: 2025-03-05\n    weekday: Thursday\n    stated_as: on Thursday\n",
            ),
        )
    ),
    "SR415": Bad(edits=((FIGURES, FIRST_AS_OF, FIRST_AS_OF.replace("2025-03-08", "2025-03-09")),)),
    # 5 -- measures and sums
    "SR501": Bad(
        edits=((FIGURES, "- id: killed-total-1000\n  metric: killed", "- id: killed-total-1000\n  metric: kiled"),)
    ),
    "SR502": Bad(
        fixture=FORMS, edits=((f"{MARROW}/figures.yaml", "  metric: medicine-delivered\n", "  metric: killed\n"),)
    ),
    "SR503": Bad(fixture=FORMS, edits=((f"{MARROW}/figures.yaml", "  metric: temperature\n", "  metric: rainfall\n"),)),
    "SR504": Bad(edits=((FIGURES, "  value: 1000\n", "  value: $1000\n"),)),
    "SR505": Bad(  # without the militants the complete breakdown is short of the total
        edits=(
            (
                FIGURES,
                "  source: sohr\n  part_of: killed-total-1000\n  key: true\n  label: Militants",
                "  source: sohr\n  key: true\n  label: Militants",
            ),
        )
    ),
    "SR506": Bad(
        edits=(
            (
                FIGURES,
                "  part_of: killed-total-1000\n  key: true\n  label: Civilians killed\n  note: The same",
                "  part_of: killed-civilians-750\n  key: true\n  label: Civilians killed\n  note: The same",
            ),
        )
    ),
    "SR507": Bad(edits=(("measures.yaml!new", "", "units:\n  people: {label: people}\n"),)),
    "SR508": Bad(edits=(("measures.yaml!new", "", "measures:\n  Beds: {label: beds, unit: people}\n"),)),
    "SR509": Bad(edits=(("measures.yaml!new", "", "measures:\n  killed: {label: deaths, unit: people}\n"),)),
    "SR510": Bad(edits=(("measures.yaml!new", "", "measures:\n  treated: {label: people treated, unit: peple}\n"),)),
    "SR511": Bad(
        edits=(("measures.yaml!new", "", "measures:\n  beds: {label: beds, unit: facilities, hxl: '#affected'}\n"),)
    ),
    # 6 -- seeds
    "SR601": Bad(setup=lambda p: _quake_seed(p, "999_extra", meta=False)),
    "SR602": Bad(setup=lambda p: _quake_seed(p, "999_extra", text=False)),
    "SR603": Bad(setup=lambda p: _quake_seed(p, "999_extra")),
    "SR604": Bad(setup=lambda p: (p / SEED).write_bytes((p / SEED).read_bytes() + b"\nAn added line.\n")),
    "SR605": Bad(run="seed-add"),
    # 7 -- editions and the lock
    "SR701": Bad(edits=((f"{SOURCES}!append", "", EXTRA_SOURCE + "  since: 5\n"),)),
    "SR702": Bad(
        edits=(
            (
                FIGURES,
                "  label: Total killed\n",
                "  label: Total killed\n  corrections:\n    - edition: 2\n      field: valeu\n      was: '999'\n"
                "      note: A typo.\n",
            ),
        )
    ),
    "SR703": Bad(
        edits=(
            (META, *DRAFTS_3_4),
            (
                FIGURES,
                "  label: Total killed\n",
                "  label: Total killed\n  corrections:\n    - edition: 3\n      field: label\n"
                "      was: Total killed\n      note: Nothing.\n",
            ),
        )
    ),
    "SR704": Bad(
        edits=(
            (META, *DRAFTS_3_4),
            (f"{SOURCES}!append", "", EXTRA_SOURCE + "  since: 4\n"),
            (f"{FIGURES}!append", "", NEW_FIGURE.replace("source: sohr", "source: extra-source") + "  since: 3\n"),
        )
    ),
    "SR705": Bad(
        setup=_quake_seed,
        edits=(
            (META, *DRAFTS_3_4),
            (META, "seeds:\n  - 000_35c3038285085a70\n", "seeds:\n  - 000_35c3038285085a70\n  - 100_marrow-floods\n"),
            (
                f"{SOURCES}!append",
                "",
                "- id: governor\n  kind: official\n  name: The governor\n  description: The governor.\n"
                "  evidence:\n    seed: 100_marrow-floods\n"
                '    quote: "the provincial governor said"\n  since: 3\n',
            ),
        ),
    ),
    "SR706": Bad(
        edits=(
            (META, *DRAFTS_3_4),
            (
                f"{FIGURES}!append",
                "",
                NEW_FIGURE + "  since: 3\n  corrections:\n    - edition: 4\n      field: value\n      was: '900'\n"
                "      note: It said 900.\n",
            ),
        )
    ),
    "SR707": Bad(edits=((f"{LOCK}!append", "", "not a lock line\n"),)),
    "SR708": Bad(
        edits=(
            (
                META,
                "exclusions:\n",
                "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n"
                "    headline: Third\n    summary: Not published yet.\nexclusions:\n",
            ),
        )
    ),
    "SR709": Bad(edits=((META, "exclusions:\n", "    draft: true\nexclusions:\n"),)),
    "SR710": Bad(edits=((META, '    headline: "Flash update: death toll', '    headline: "Flash update: toll'),)),
    "SR711": Bad(
        edits=(
            (
                FIGURES,
                "  label: Total killed\n",
                "  label: Total killed\n  corrections:\n    - edition: 2\n      field: label\n"
                "      was: Total dead\n      note: Renamed.\n",
            ),
        )
    ),
    "SR712": Bad(edits=((FIGURES, "  label: Total killed\n", "  label: Total dead\n"),)),
    "SR713": Bad(edits=((f"{SOURCES}!append", "", EXTRA_SOURCE),)),
    "SR714": Bad(setup=_delete_last_impact),
    "SR715": Bad(edits=((f"{LOCK}!append", "", "edition 3 sha256:" + "0" * 64 + "\n"),)),
    "SR716": Bad(setup=_upgraded("syria-coast-2025-03"), edits=((META, "overview: Clashes", "overview: Fighting"),)),
    "SR717": Bad(
        setup=_upgraded("syria-coast-2025-03"), edits=((f"{SEED_META}!append", "", "url: https://example.org/a\n"),)
    ),
    "SR718": Bad(
        fixture=FORMS,
        setup=_upgraded("marrow-floods-2026-04"),
        edits=(("measures.yaml", "label: people treated", "label: people rescued"),),
    ),
    "SR719": Bad(
        edits=(
            (
                META,
                "exclusions:\n",
                "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n"
                "    headline: Toll passes 5,000\n    summary: Draft.\n    draft: true\nexclusions:\n",
            ),
        )
    ),
    "SR720": Bad(
        edits=(
            (
                META,
                "exclusions:\n",
                "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n    headline: Third\n    summary: Draft.\n"
                "    highlights:\n      - text: More than 1,001 people were killed.\n"
                "        facts: [killed-total-1000]\n"
                "    draft: true\nexclusions:\n",
            ),
        )
    ),
    "SR721": Bad(edits=((META, "coverage: complete\n", "coverage: complete\nkey_figures: [killed, killed]\n"),)),
    "SR722": Bad(setup=_i18n("ar.yaml\nreport:\n  title: x\n", "text ar 2 report/title 0000000000000000\n")),
    # 8 -- findings
    "SR801": Bad(
        edits=(
            (META, *DRAFTS_3_4),
            (
                f"{FIGURES}!append",
                "",
                NEW_FIGURE.replace("more than\n  value: 1000", "exact\n  value: 750").replace(
                    "revenge killings that followed has passed 1,000", "including 750 civilians"
                )
                + "  since: 3\n",
            ),
        )
    ),
    "SR802": Bad(
        edits=(
            (
                META,
                'exclusions:\n  - seed: 000_35c3038285085a70\n    quote: "date 2025-03-08"\n',
                'exclusions:\n  - seed: 000_35c3038285085a70\n    quote: "date 2025"\n',
            ),
        )
    ),
    "SR803": Bad(setup=_i18n("ar.yaml\nreport:\n  title: x\n")),
    "SR804": Bad(edits=(("locale/ar/LC_MESSAGES/messages.po", 'msgstr "جميع التقارير"', 'msgstr ""'),)),
}


def _apply(project: Path, bad: Bad) -> None:
    if bad.setup:
        bad.setup(project)
    for path, old, new in bad.edits:
        if path.endswith("!new"):
            (project / path.removesuffix("!new")).write_text(new, encoding="utf-8")
        elif path.endswith("!append"):
            target = project / path.removesuffix("!append")
            target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + new, encoding="utf-8")
        elif old:
            edit(project / path, old, new)


def findings(project: Path, bad: Bad, strict: bool, monkeypatch: pytest.MonkeyPatch) -> list[Diagnostic]:
    """What the run reports: the errors (with the warnings, when ``strict``)."""
    if bad.run == "fmt":  # fmt's own guard: a layout that would change the data is refused, never written
        monkeypatch.setattr(fmt, "_layout", lambda text, data, shape: ("- changed: true\n", []))
        return fmt.format_text((project / PLACES).read_text(encoding="utf-8"), "places", PLACES)[1]
    try:
        if bad.run == "seed-add":
            empty = project / "empty.txt"
            empty.write_text("\n", encoding="utf-8")
            seedadd.add(project, empty, published="2025-03-09")
        elif bad.reader is not None:
            pipeline.check(project, strict=strict, reader=bad.reader)
        else:
            pipeline.check(project, strict=strict)
    except FactsError as exc:
        return exc.diagnostics
    return []


@pytest.mark.parametrize("code", sorted(codes.CODES))
def test_each_code_has_a_bad_input_that_gives_exactly_it(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = CASES.get(code)
    assert bad is not None, f"{code} ({codes.CODES[code].name}) has no bad-input case in tests/test_codes.py"
    project = copy_project(tmp_path / "project", bad.fixture or SAMPLE)
    _apply(project, bad)
    found = findings(project, bad, strict=code in codes.WARNINGS, monkeypatch=monkeypatch)
    assert found, f"{code}: the bad input gave no finding"
    assert {d.code for d in found} == {code}, "\n".join(map(str, found))
    example = codes.CODES[code].example  # README shows it: a message this case really gives ("..." cut short)
    pattern = ".*".join(re.escape(part) for part in example.split(" ..."))
    assert any(re.match(pattern, " ".join(d.message.split())) for d in found), (example, found[0].message)


def test_every_case_names_a_registered_code() -> None:
    assert sorted(set(CASES) - set(codes.CODES)) == []


# Codes never change once assigned: each code keeps its number and name for good. A new code
# is added here too; a code is never removed from this list (a retired one stays registered).
ASSIGNED = {
    "SR101": "missing-folder",
    "SR102": "not-a-regular-file",
    "SR103": "link-out-of-project",
    "SR104": "unreadable",
    "SR105": "too-large",
    "SR106": "not-utf8",
    "SR107": "nul-character",
    "SR108": "invalid-yaml",
    "SR109": "too-deep",
    "SR110": "too-many-entries",
    "SR111": "yaml-anchor",
    "SR112": "yaml-tag",
    "SR113": "key-not-a-string",
    "SR114": "duplicate-key",
    "SR115": "unknown-fact-file",
    "SR116": "missing-report-file",
    "SR117": "fmt-unsafe",
    "SR118": "not-text",
    "SR119": "translation-file-name",
    "SR201": "unknown-key",
    "SR202": "missing-key",
    "SR203": "anonymous-source-named",
    "SR204": "invalid-value",
    "SR205": "rule-broken",
    "SR206": "wrong-shape",
    "SR207": "moved-key",
    "SR208": "not-translatable",
    "SR209": "empty-translation",
    "SR301": "duplicate-id",
    "SR302": "unknown-reference",
    "SR303": "report-id-mismatch",
    "SR304": "seed-not-found",
    "SR305": "pcode-mismatch",
    "SR306": "translation-unknown-id",
    "SR401": "unknown-seed",
    "SR402": "seed-not-listed",
    "SR403": "quote-not-found",
    "SR404": "value-not-stated",
    "SR405": "unit-not-stated",
    "SR406": "qualifier-mismatch",
    "SR407": "words-not-quoted",
    "SR408": "duration-not-stated",
    "SR409": "verbatim-not-quoted",
    "SR410": "stated-as-not-in-seed",
    "SR411": "stated-weekday-mismatch",
    "SR412": "stated-time-mismatch",
    "SR413": "local-offset-redundant",
    "SR414": "weekday-date-mismatch",
    "SR415": "after-publication",
    "SR501": "unknown-measure",
    "SR502": "not-whole",
    "SR503": "below-zero",
    "SR504": "unit-mismatch",
    "SR505": "breakdown-inconsistent",
    "SR506": "part-of-itself",
    "SR507": "duplicate-unit",
    "SR508": "bad-measure-id",
    "SR509": "builtin-measure-redefined",
    "SR510": "unknown-unit",
    "SR511": "hxl-tag",
    "SR601": "seed-without-metadata",
    "SR602": "metadata-without-seed",
    "SR603": "seed-id-mismatch",
    "SR604": "seed-changed",
    "SR605": "seed-empty",
    "SR701": "no-such-edition",
    "SR702": "bad-correction",
    "SR703": "correction-changes-nothing",
    "SR704": "reference-not-shown",
    "SR705": "cites-later-seed",
    "SR706": "old-state-unsupported",
    "SR707": "bad-lock-line",
    "SR708": "edition-not-published",
    "SR709": "published-made-draft",
    "SR710": "edition-changed",
    "SR711": "wrong-was",
    "SR712": "published-fact-changed",
    "SR713": "fact-added-to-published",
    "SR714": "published-fact-removed",
    "SR715": "published-edition-removed",
    "SR716": "published-words-changed",
    "SR717": "published-seed-changed",
    "SR718": "published-measure-changed",
    "SR719": "edition-words-unsupported",
    "SR720": "highlight-unsupported",
    "SR721": "key-figures-order",
    "SR722": "published-translation-changed",
    "SR801": "unnoted-discrepancy",
    "SR802": "uncited-passage",
    "SR803": "untranslated",
    "SR804": "missing-message",
}


def test_assigned_codes_never_change() -> None:
    now = {code: c.name for code, c in codes.CODES.items()}
    assert {k: now.get(k) for k in ASSIGNED} == ASSIGNED, "an assigned code was renumbered, renamed or removed"
    assert sorted(set(now) - set(ASSIGNED)) == [], "a new code: add it to ASSIGNED (and never change it after)"


# --------------------------------------------------------------------------- every construction site


def _calls(tree: ast.AST) -> list[tuple[ast.Call, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            out.append((node, name))
    return out


_CODE_LITERAL = re.compile(r"^SR\d{3}$")


# mutmut rewrites every function of the package it mutates into trampolines: the calls this
# test reads are not in that copy's source, so it checks the real source only.
@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ, reason="reads the package's source; mutmut's copy is rewritten")
def test_every_diagnostic_in_the_package_is_made_with_a_registered_code() -> None:
    """Read from the source: each ``Diagnostic(...)`` has its sixth argument (or ``code=``), and
    each code written as a literal anywhere in the package is registered. Passing a code on
    (``code`` from a helper's caller) is allowed; the helper's callers are checked the same way."""
    literals: set[str] = set()
    unregistered: list[str] = []
    missing: list[str] = []
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _CODE_LITERAL.match(node.value):
                literals.add(node.value)
                if node.value not in codes.CODES:
                    unregistered.append(f"{path.name}:{node.lineno}: {node.value}")
        for call, name in _calls(tree):
            where = f"{path.name}:{call.lineno}"
            has_code = any(k.arg == "code" for k in call.keywords) or any(
                isinstance(k.value, ast.Dict) or k.arg is None for k in call.keywords
            )
            if name == "Diagnostic" and len(call.args) < 6 and not has_code:
                missing.append(f"{where}: Diagnostic(...) without a code")
            if (
                name == "diag"
                and len(call.args) < 3
                and not has_code
                and not any(isinstance(a, ast.Starred) for a in call.args)
            ):
                missing.append(f"{where}: .diag(...) without a code")
            if (name == "error" and path.name == "load.py" and len(call.args) < 4) or (
                name == "byte_error" and len(call.args) < 5
            ):
                missing.append(f"{where}: {name}(...) without a code")
    assert unregistered == [] and missing == []
    assert sorted(set(codes.CODES) - literals) == [], "registered codes no code path gives"


def test_a_diagnostic_cannot_be_made_without_a_registered_code() -> None:
    with pytest.raises(TypeError):
        Diagnostic("f.yaml", 1, 1, "x", "message")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="SR999"):
        Diagnostic("f.yaml", 1, 1, "x", "message", "SR999")


# --------------------------------------------------------------------------- the manual


def _readme_rows() -> dict[str, str]:
    text = manual.page("errors.md")  # the manual's table of codes
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `(SR\d{3})` \|.*$", text, re.MULTILINE)}


def test_the_manual_lists_every_code_and_no_other() -> None:
    rows = _readme_rows()
    assert sorted(set(codes.CODES) - set(rows)) == [], "codes without a row in docs/errors.md (python -m sitrep.codes)"
    assert sorted(set(rows) - set(codes.CODES)) == [], "rows of docs/errors.md naming no registered code"


def test_the_manuals_table_is_the_registry() -> None:
    """The table is generated (``python -m sitrep.codes``): meanings and examples as registered."""
    assert codes.markdown_table() in manual.page("errors.md")
