"""Every kind of bad input, with the exact message a user sees (table-driven).

Each case copies the real seed report, applies one edit, runs ``build.py`` in its
own process and compares every error line. The run must exit 1, print no
traceback, and say that nothing was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import edit, run


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # a path in the project; "...!new" creates that file with ``new``
    old: str
    new: str
    expected: list[str]
    args: tuple[str, ...] = field(default=("check",))


CASES = [
    Case(
        "unknown key (typo)",
        "reports/syria-coast-2025-03/figures.yaml",
        "  source: sohr\n  breakdown_complete: true",
        "  sorce: sohr\n  breakdown_complete: true",
        [
            "reports/syria-coast-2025-03/figures.yaml:2:3: figures[0].source: required key is missing [SR202]",
            "reports/syria-coast-2025-03/figures.yaml:13:3: figures[0].sorce: unknown key 'sorce' (did you mean 'source'?) [SR201]",
        ],
    ),
    Case(
        "duplicate key",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: 1000\n  value: 1001\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:7:3: figures[0].value: duplicate key (first defined on line 6) [SR114]"
        ],
    ),
    Case(
        "NO stays a string",
        "reports/syria-coast-2025-03/figures.yaml",
        "- id: killed-total-1000\n  metric: killed",
        "- id: killed-total-1000\n  metric: NO",
        [
            "reports/syria-coast-2025-03/figures.yaml:3:3: figures[0].metric: unknown measure 'NO'; a project adds its own in measures.yaml [SR501]"
        ],
    ),
    Case(
        "YAML 1.1 boolean",
        "reports/syria-coast-2025-03/figures.yaml",
        "  breakdown_complete: true",
        "  breakdown_complete: yes",
        [
            "reports/syria-coast-2025-03/figures.yaml:14:3: figures[0].breakdown_complete: expected true or false, got 'yes' [SR205]"
        ],
    ),
    Case(
        "impossible date",
        "reports/syria-coast-2025-03/figures.yaml",
        "  as_of:\n    date: 2025-03-08\n  source: ali-sheha",
        "  as_of:\n    date: 2025-02-30\n  source: ali-sheha",
        [
            "reports/syria-coast-2025-03/figures.yaml:140:5: figures[7].as_of.date: Input should be a valid date or datetime, day value is outside expected range (got '2025-02-30') [SR204]"
        ],
    ),
    Case(
        "invalid YAML",
        "reports/syria-coast-2025-03/places.yaml",
        "- id: latakia\n",
        "- id: [latakia\n",
        [
            "reports/syria-coast-2025-03/places.yaml:27:7: (file): invalid YAML: while parsing a flow sequence did not find expected ',' or ']' [SR108]"
        ],
    ),
    Case(
        "YAML tag",
        "reports/syria-coast-2025-03/places.yaml",
        "- id: latakia\n",
        "- id: !!python/object:os.system latakia\n",
        [
            "reports/syria-coast-2025-03/places.yaml:26:7: places[2].id: YAML tags are not allowed (found 'tag:yaml.org,2002:python/object:os.system') [SR112]"
        ],
    ),
    Case(
        "unknown id",
        "reports/syria-coast-2025-03/figures.yaml",
        "  source: sohr\n  breakdown_complete: true",
        "  source: sohrr\n  breakdown_complete: true",
        [
            "reports/syria-coast-2025-03/figures.yaml:13:3: figures[0].source: unknown source 'sohrr' (did you mean 'sohr'?) [SR302]"
        ],
    ),
    Case(
        "duplicate id",
        "reports/syria-coast-2025-03/figures.yaml",
        "- id: killed-civilians-745",
        "- id: killed-civilians-750",
        [
            "reports/syria-coast-2025-03/figures.yaml:42:3: figures[2].id: duplicate id 'killed-civilians-750' (first used on line 22) [SR301]",
            "reports/syria-coast-2025-03/report.yaml:24:9: discrepancies[0].figures[1]: unknown figure 'killed-civilians-745' (did you mean 'killed-civilians-750'?) [SR302]",
        ],
    ),
    Case(
        "quote not in seed",
        "reports/syria-coast-2025-03/figures.yaml",
        "in addition to 745 civilians, mostly killed in massacres",
        "in addition to 745 civilians, mostly killed in the massacres",
        [
            "reports/syria-coast-2025-03/figures.yaml:60:5: figures[2].evidence.quote: quote not found in seed 000_35c3038285085a70; closest passage (96% alike): 'in addition to 745 civilians, mostly killed in massacres,' [SR403]"
        ],
    ),
    Case(
        "value not in quote",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 745\n",
        "  value: 746\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:46:3: figures[2].value: the evidence quote does not state 746 (in digits or words) [SR404]"
        ],
    ),
    Case(
        "qualifier contradicts quote",
        "reports/syria-coast-2025-03/figures.yaml",
        "  qualifier: at least\n  value: 20",
        "  qualifier: exact\n  value: 20",
        [
            "reports/syria-coast-2025-03/figures.yaml:136:3: figures[7].qualifier: the quote says 'at least' 20, but the qualifier is 'exact' [SR406]"
        ],
    ),
    Case(
        "qualifier missing from quote",
        "reports/syria-coast-2025-03/figures.yaml",
        "  qualifier: more than\n  value: 1000",
        "  qualifier: about\n  value: 1000",
        [
            "reports/syria-coast-2025-03/figures.yaml:5:3: figures[0].qualifier: qualifier 'about' is not what the quote says ('more than': '1,000') [SR406]"
        ],
    ),
    Case(
        "unquantified with a number",
        "reports/syria-coast-2025-03/figures.yaml",
        "  qualifier: unquantified\n  words: thousands of people",
        "  qualifier: unquantified\n  value: 3000\n  words: thousands of people",
        [
            "reports/syria-coast-2025-03/figures.yaml:216:3: figures[12]: an unquantified figure has no value, low or high: keep it as words [SR205]"
        ],
    ),
    Case(
        "words not in quote",
        "reports/syria-coast-2025-03/figures.yaml",
        "  words: thousands of people",
        "  words: three thousand people",
        [
            "reports/syria-coast-2025-03/figures.yaml:220:3: figures[12].words: the evidence quote does not contain the words 'three thousand people' [SR407]"
        ],
    ),
    Case(
        "parts exceed total",
        "reports/syria-coast-2025-03/figures.yaml",
        "  qualifier: more than\n  value: 1000",
        "  qualifier: exact\n  value: 1000",
        [
            "reports/syria-coast-2025-03/figures.yaml:5:3: figures[0].qualifier: the quote says 'more than' 1,000, but the qualifier is 'exact' [SR406]",
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: the parts add up to at least 1,018, more than the total allows (1,000) [SR505]",
        ],
    ),
    Case(
        "weekday resolved wrongly",
        "reports/syria-coast-2025-03/events.yaml",
        "    date: 2025-03-06\n    weekday: Thursday\n    stated_as: on Thursday",
        "    date: 2025-03-05\n    weekday: Thursday\n    stated_as: on Thursday",
        [
            "reports/syria-coast-2025-03/events.yaml:19:5: events[1].when.date: 'Thursday' in an article published on Saturday 2025-03-08 is 2025-03-06, not 2025-03-05 [SR414]"
        ],
    ),
    Case(
        "date after the seed",
        "reports/syria-coast-2025-03/figures.yaml",
        "  as_of:\n    date: 2025-03-08\n  source: ali-sheha",
        "  as_of:\n    date: 2025-03-09\n  source: ali-sheha",
        [
            "reports/syria-coast-2025-03/figures.yaml:140:5: figures[7].as_of.date: 2025-03-09 is after the seed was published (2025-03-08) [SR415]"
        ],
    ),
    Case(
        "verbatim statement not verbatim",
        "reports/syria-coast-2025-03/statements.yaml",
        "  text: individual actions",
        "  text: isolated actions",
        [
            "reports/syria-coast-2025-03/statements.yaml:18:3: statements[1].text: a verbatim statement's text must be part of its evidence quote [SR409]"
        ],
    ),
    Case(
        "protected source with a name",
        "reports/syria-coast-2025-03/sources.yaml",
        "  label: Two residents of the coastal region\n",
        "  label: Two residents of the coastal region\n  name: Jane Doe\n",
        [
            "reports/syria-coast-2025-03/sources.yaml:71:3: sources[7].name: an anonymous source has no name (its identity is not recorded); use 'label' for who they are [SR203]"
        ],
    ),
    Case(
        "seed edited",
        "seeds/000_35c3038285085a70.txt",
        "No official figures have been released.",
        "No official figures have been released!",
        [
            "reports/syria-coast-2025-03/figures.yaml:130:5: figures[6].evidence.quote: quote not found in seed 000_35c3038285085a70; closest passage (97% alike): 'No official figures have been released!' [SR403]",
            "seeds/000_35c3038285085a70.yaml:7:1: sha256: the seed text has changed (its sha256 is c3ac797a2ff85d8c558aec6c94d63024e83aafbc4cf810ad7d31d887b64e4e38); evidence must not move: restore the seed [SR604]",
        ],
    ),
    Case(
        "coverage gap (strict)",
        "reports/syria-coast-2025-03/report.yaml",
        'exclusions:\n  - seed: 000_35c3038285085a70\n    quote: "date 2025-03-08"\n',
        'exclusions:\n  - seed: 000_35c3038285085a70\n    quote: "date 2025"\n',
        [
            "seeds/000_35c3038285085a70.txt:1:12: coverage: number '03' is cited by no fact of report 'syria-coast-2025-03' and not excluded [SR802]",
            "seeds/000_35c3038285085a70.txt:1:15: coverage: number '08' is cited by no fact of report 'syria-coast-2025-03' and not excluded [SR802]",
        ],
        args=("check", "--strict"),
    ),
    Case(
        "unacknowledged discrepancy (strict)",
        "reports/syria-coast-2025-03/report.yaml",
        "      - killed-civilians-750\n      - killed-civilians-745\n",
        "      - killed-civilians-750\n      - killed-security-forces-125\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:26:3: figures[1].value: discrepancy with no editor's note in report.yaml discrepancies: killed-civilians-745, killed-civilians-750 [SR801]",
            "reports/syria-coast-2025-03/report.yaml:8:5: editions[0]: published edition 1 no longer matches its fingerprint: its headline, summary, overview or date, or the report's title, or the seeds (their title, wire, publisher, date, language or text) or discrepancy notes of its facts changed [SR710]",
            "reports/syria-coast-2025-03/report.yaml:12:5: editions[1]: published edition 2 no longer matches its fingerprint: its headline, summary, overview or date, or the report's title, or the seeds (their title, wire, publisher, date, language or text) or discrepancy notes of its facts changed [SR710]",
        ],
        args=("check", "--strict"),
    ),
    Case(
        "unknown fact file",
        "reports/syria-coast-2025-03/figuers.yaml!new",
        "",
        "[]\n",
        [
            "reports/syria-coast-2025-03/figuers.yaml:1:1: (file): unknown fact file (known: report.yaml, sources.yaml, places.yaml, actors.yaml, figures.yaml, events.yaml, statements.yaml, impacts.yaml, media.yaml) [SR115]"
        ],
    ),
    # Measures, values and times (issue 16).
    Case(
        "unknown measure",
        "reports/syria-coast-2025-03/figures.yaml",
        "- id: killed-total-1000\n  metric: killed",
        "- id: killed-total-1000\n  metric: kiled",
        [
            "reports/syria-coast-2025-03/figures.yaml:3:3: figures[0].metric: unknown measure 'kiled' (nearest: killed); a project adds its own in measures.yaml [SR501]",
        ],
    ),
    Case(
        "decimal count",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: 1000.5\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: 'killed' is counted in people: a whole number is required (got 1,000.5) [SR502]",
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: the evidence quote does not state 1,000.5 (in digits or words) [SR404]",
        ],
    ),
    Case(
        "currency without amount",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: $\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: '$' is a unit without an amount: give the number [SR205]",
        ],
    ),
    Case(
        "unknown unit",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: 1000 furlongs\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: unknown unit 'furlongs': write the number alone (or with $, %, per cent or million); the unit comes from the measure (got '1000 furlongs') [SR205]",
        ],
    ),
    Case(
        "money for people",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: $1000\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: written as USD ('$1000'), but 'killed' is measured in people [SR504]",
        ],
    ),
    Case(
        "percent not in quote",
        "reports/syria-coast-2025-03/figures.yaml",
        "- id: killed-total-1000\n  metric: killed",
        "- id: killed-total-1000\n  metric: funding-coverage",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: parts count killed, the total counts funding-coverage [SR505]",
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: the evidence quote states '1,000' but not as a percentage (12%, 12 per cent) [SR405]",
        ],
    ),
    Case(
        "time without zone",
        "reports/syria-coast-2025-03/events.yaml",
        "    date: 2025-03-06\n    weekday: Thursday\n    stated_as: on Thursday",
        '    date: 2025-03-06\n    weekday: Thursday\n    time: "14:00"\n    stated_as: on Thursday',
        [
            "reports/syria-coast-2025-03/events.yaml:18:3: events[1].when: a time of day needs its zone ('zone: UTC' or an offset such as '+04:00') [SR205]",
        ],
    ),
    Case(
        "project unit unknown",
        "measures.yaml!new",
        "",
        "measures:\n  treated: {label: people treated, unit: peple}\n",
        [
            "measures.yaml:2:36: measures.treated.unit: unknown unit 'peple' (nearest: people, percent) [SR510]",
        ],
    ),
    Case(
        "project redefines",
        "measures.yaml!new",
        "",
        "measures:\n  killed: {label: deaths, unit: people}\n",
        [
            "measures.yaml:2:3: measures.killed: measure 'killed' is built in; choose another id [SR509]",
        ],
    ),
    Case(
        "negative count",
        "reports/syria-coast-2025-03/figures.yaml",
        "  value: 1000\n",
        "  value: minus 1000\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: 'killed' (people) cannot be below zero [SR503]",
            "reports/syria-coast-2025-03/figures.yaml:6:3: figures[0].value: the evidence quote does not state −1,000 (in digits or words) [SR404]",
        ],
    ),
    # A "before" date may be the day after the article (time zones), never later: not ten years, not two days.
    Case(
        "before date ten years after the seed",
        "reports/syria-coast-2025-03/figures.yaml",
        "    before: 2025-03-08\n",
        "    before: 2035-03-05\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:107:5: figures[5].as_of.before: 2035-03-05 is after the seed was published (2025-03-08) [SR415]"
        ],
    ),
    Case(
        "before date two days after the seed",
        "reports/syria-coast-2025-03/figures.yaml",
        "    before: 2025-03-08\n",
        "    before: 2025-03-10\n",
        [
            "reports/syria-coast-2025-03/figures.yaml:107:5: figures[5].as_of.before: 2025-03-10 is after the seed was published (2025-03-08) [SR415]"
        ],
    ),
    Case(
        "protected source without a reason",
        "reports/syria-coast-2025-03/sources.yaml",
        '  reason: They asked that their names not be made public "out of fear of being killed by gunmen".\n',
        "",
        [
            "reports/syria-coast-2025-03/sources.yaml:65:3: sources[7]: a protected source needs a reason (why it is not named) [SR205]"
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_exactly(project: Path, case: Case) -> None:
    if case.file.endswith("!new"):
        (project / case.file.removesuffix("!new")).write_text(case.new, encoding="utf-8")
    else:
        edit(project / case.file, case.old, case.new)
    result = run(*case.args, cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    n = len(case.expected)
    assert lines[-1] == f"{n} error{'s' if n != 1 else ''}; nothing was written."
    assert lines[:-1] == case.expected


def test_all_errors_at_once(project: Path) -> None:
    """Errors in several files are reported together, sorted by file and line."""
    report = project / "reports/syria-coast-2025-03"
    edit(report / "figures.yaml", "  value: 745\n", "  value: 746\n")
    edit(report / "places.yaml", "- id: latakia\n  name: Latakia\n", "- id: latakia\n  nmae: Latakia\n")
    edit(report / "events.yaml", "  source: sohr\n", "  source: nobody\n")
    result = run("check", cwd=project)
    assert result.returncode == 1
    errors = result.stderr.splitlines()[:-1]
    assert errors == sorted(errors, key=lambda e: (e.split(":")[0], int(e.split(":")[1])))
    expected = [
        "events.yaml:43:3: events[2].source: unknown source 'nobody'",
        "figures.yaml:46:3: figures[2].value: the evidence quote does not state 746 (in digits or words)",
        "places.yaml:26:3: places[2].name: required key is missing",
        "places.yaml:27:3: places[2].nmae: unknown key 'nmae' (did you mean 'name'?)",
    ]
    for line in expected:
        assert any(e.startswith("reports/syria-coast-2025-03/" + line) for e in errors), line


@pytest.mark.slow
def test_build_with_bad_facts_keeps_the_previous_site(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    edit(project / "reports/syria-coast-2025-03/figures.yaml", "  value: 745\n", "  value: 746\n")
    result = run("build", cwd=project)
    assert result.returncode == 1
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in project.iterdir() if ".staging-" in p.name] == []
