"""Translated reports (issue 28, item 2): ``reports/<id>/i18n/<language>.yaml`` checked against the
facts with every error at its place, formatted canonically by ``fmt``, locked with the edition it is
published with; the Arabic cholera example (tests/fixtures/cholera, a copy of the example report,
kept identical to it) passes ``check --strict`` with each Arabic number form a structured figure.
"""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.authoring import fmt
from sitrep.errors import FactsError
from sitrep.facts import editions, measures, translations, validate
from sitrep.facts.model import Report
from sitrep.outputs.localize import Foreign, localize
from sitrep.review import textconv

from .conftest import FIXTURES, REPORT, ROOT, copy_project, edit, run

CHOLERA = FIXTURES / "cholera"
CHOLERA_ID = "sindiyan-cholera-2025-10"
AR = f"{REPORT}/i18n/ar.yaml"
LOCK = f"{REPORT}/editions.lock"

# A partial Arabic translation of the Syria fixture, with a comment and keys out of order.
SYRIA_AR = """\
# The editor's Arabic translation.
figures:
  killed-total-1000:
    note: "تحسب «يوما الاشتباكات» من الخميس"
    label: إجمالي القتلى
report:
  title: القتل على الساحل السوري، آذار/مارس 2025
editions:
  "1":
    headline: "تحديث عاجل: حصيلة القتلى تتجاوز 1,000"
places:
  latakia: {name: اللاذقية}
"""


def _write(project: Path, text: str, name: str = "ar.yaml") -> Path:
    path = project / REPORT / "i18n" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _errors(project: Path, strict: bool = False) -> list[str]:
    try:
        pipeline.check(project, strict=strict)
    except FactsError as exc:
        return [str(d) for d in exc.diagnostics]
    return []


def _report(project: Path, report_id: str = "syria-coast-2025-03") -> Report:
    return next(r for r in pipeline.check(project).reports if r.meta.id == report_id)


# --------------------------------------------------------------------------- validation


def test_unknown_sections_ids_and_fields_are_named_at_their_place(project: Path) -> None:
    _write(
        project,
        "report:\n"
        "  title: عنوان\n"
        "  summary: ملخص\n"  # 3: not translatable on the report
        "figures:\n"
        "  killed-total-typo:\n"  # 5: no such figure
        "    label: x\n"
        "  killed-civilians-750:\n"
        "    metric: killed\n"  # 8: not a text field
        "  killed-security-forces-125:\n"
        "    note: x\n"  # 10: the figure has no note
        "editions:\n"
        '  "7":\n'  # 12: no such edition
        "    headline: x\n"
        "weather:\n"  # 14: no such section
        "  sunny: true\n"
        "places:\n"
        "  latakia:\n"
        '    name: ""\n',  # 18: empty
    )
    assert _errors(project) == [
        f"{AR}:3:3: report.summary: not a translatable field here (translatable: title) [SR208]",
        f"{AR}:5:3: figures.killed-total-typo: the report has no figure 'killed-total-typo' [SR306]",
        f"{AR}:8:5: figures.killed-civilians-750.metric: not a translatable field here "
        "(translatable: label, words, note) [SR208]",
        f"{AR}:10:5: figures.killed-security-forces-125.note: the original has no note to translate [SR208]",
        f'{AR}:12:3: editions["7"]: the report has no edition 7 (it has 1, 2) [SR306]',
        f"{AR}:14:1: weather: unknown section (expected one of: report, editions, sources, places, actors, "
        "figures, events, statements, impacts, media, discrepancies) [SR208]",
        f"{AR}:18:5: places.latakia.name: expected the translated text (a non-empty string) [SR209]",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xx.yaml", "the file's name must be a language code: 'xx' is not an ISO 639-1 language code"),
        ("en.yaml", "the report is written in 'en': a translation is into another language"),
        ("ar.yml", "a translation file is named <language>.yaml (en.yaml, ar.yaml)"),
    ],
)
def test_a_translation_file_is_named_by_another_language(project: Path, name: str, message: str) -> None:
    _write(project, "report:\n  title: x\n", name)
    (error,) = _errors(project)
    assert error.startswith(f"{REPORT}/i18n/{name}:1:1: (file): {message}") and error.endswith("[SR119]")


def test_a_missing_translation_is_listed_by_check_and_refused_by_strict(project: Path) -> None:
    _write(project, SYRIA_AR)
    checked = pipeline.check(project)
    (finding,) = [str(w) for w in checked.warnings]
    assert finding.startswith(f"{AR}:1:1: (file): not translated into 'ar' yet: 147 text(s), editions/1/summary, ")
    assert finding.endswith("[SR803]")
    assert [e for e in _errors(project, strict=True) if "[SR803]" in e] == [finding]


# --------------------------------------------------------------------------- the page model's words


def test_words_are_the_reports_own_or_a_translation_and_never_a_fallback(project: Path) -> None:
    _write(project, SYRIA_AR)
    report = _report(project)
    assert translations.languages_of(report) == ["en", "ar"]
    own = translations.words(report, "en", "places", "latakia", "name")
    assert own == translations.Words("Latakia", "en", translated=False)
    assert translations.words(report, "ar", "places", "latakia", "name") == translations.Words(
        "اللاذقية", "ar", translated=True
    )
    assert translations.words(report, "ar", "report", "", "title") is not None
    assert translations.words(report, "ar", "editions", "1", "headline") is not None
    # Not translated: nothing (no English sentence on an Arabic page), an error under --strict.
    assert translations.words(report, "ar", "places", "baniyas", "name") is None
    with pytest.raises(translations.MissingTranslation, match="no 'ar' translation of places/baniyas/name"):
        translations.words(report, "ar", "places", "baniyas", "name", strict=True)
    assert translations.words(report, "fr", "places", "latakia", "name") is None
    # A field the fact does not have is nothing in every language, even under --strict.
    assert translations.words(report, "ar", "places", "latakia", "description", strict=True) is None


# --------------------------------------------------------------------------- fmt


def test_fmt_writes_one_canonical_layout_and_keeps_the_data_and_comments(project: Path) -> None:
    path = _write(project, SYRIA_AR)
    outcome = fmt.run(project, [path], check=False)
    assert outcome.formatted == [AR] and not outcome.problems
    text = path.read_text(encoding="utf-8")
    assert text == (
        "# The editor's Arabic translation.\n"
        "report:\n"
        "  title: القتل على الساحل السوري، آذار/مارس 2025\n"
        "editions:\n"
        '  "1":\n'
        '    headline: "تحديث عاجل: حصيلة القتلى تتجاوز 1,000"\n'
        "places:\n"
        "  latakia:\n"
        "    name: اللاذقية\n"
        "figures:\n"
        "  killed-total-1000:\n"
        "    label: إجمالي القتلى\n"
        "    note: تحسب «يوما الاشتباكات» من الخميس\n"
    )
    assert fmt.run(project, [path], check=True).problems == []  # canonical: a second run changes nothing
    assert fmt.run(project, [], check=True).problems == []  # and `fmt` without paths finds the file
    _write(project, text.replace("report:\n", "# moved\nreport:\n").replace('"1"', "'1'"))
    assert fmt.run(project, [path], check=True).problems == [f"{AR}: not canonical (run: python build.py fmt)"]


# --------------------------------------------------------------------------- the lock


def test_a_published_translation_changes_only_with_force_and_a_new_one_comes_with_a_new_edition(
    project: Path,
) -> None:
    first = (project / LOCK).read_text(encoding="utf-8")
    path = _write(project, SYRIA_AR)
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0
    text = (project / LOCK).read_text(encoding="utf-8")
    added = text[len(first) :]
    assert text.startswith(first)  # the editions' lines are kept byte for byte: they never cover translations
    assert added.startswith("# upgraded to fingerprint v3")  # (the fixture's lock predates v3)
    lines = [line for line in added.splitlines() if line.startswith("text ")]
    assert [line.rsplit(" ", 1)[0] for line in lines] == [
        "text ar 2 report/title",
        "text ar 2 editions/1/headline",
        "text ar 2 places/latakia/name",
        "text ar 2 figures/killed-total-1000/label",
        "text ar 2 figures/killed-total-1000/note",
    ]
    assert "# the translation into ar published with edition 2\n" in added
    assert _errors(project) == []
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0  # once
    assert (project / LOCK).read_text(encoding="utf-8") == text

    # A published translation changed, or removed: refused at its place, by check and by publish.
    edit(path, "{name: اللاذقية}", "{name: مدينة اللاذقية}")
    assert _errors(project) == [
        f"{AR}:12:13: places.latakia.name: this translation was published with edition 2: it changes with a "
        'correction of its fact\'s field in a new edition, or with `publish --force --reason "..."` '
        "(changed: places/latakia/name) [SR722]"
    ]
    refused = run("publish", "syria-coast-2025-03", cwd=project)
    assert refused.returncode == 1 and "[SR722]" in refused.stderr
    edit(path, "{name: مدينة اللاذقية}", "{name: اللاذقية}")
    path.unlink()
    gone = _errors(project)
    assert len(gone) == 5 and all(re.match(rf"{LOCK}:\d+:1: .*: ar: this .* edition 2: .*\[SR722\]", e) for e in gone)
    _write(project, SYRIA_AR)

    # A new translation of a fact shown since a new edition is published with that edition.
    meta = project / REPORT / "report.yaml"
    edit(
        meta,
        "exclusions:\n",
        "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n    headline: Third\n    summary: Later.\n"
        "exclusions:\n",
    )
    edit(path, "places:\n", '  "3":\n    headline: الثالث\n    summary: لاحقاً.\nplaces:\n')
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0
    now = (project / LOCK).read_text(encoding="utf-8")
    assert now.startswith(text)
    assert [line.rsplit(" ", 1)[0] for line in now[len(text) :].splitlines() if line.startswith("text ")] == [
        "text ar 3 editions/3/headline",
        "text ar 3 editions/3/summary",
    ]
    assert _errors(project) == []

    # publish --force --reason rewrites the lock: the changed translation is then what was published.
    edit(path, "{name: اللاذقية}", "{name: مدينة اللاذقية}")
    forced = run("publish", "syria-coast-2025-03", "--force", "--reason", "a better name", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert _errors(project) == []


def test_translation_lines_never_change_an_editions_fingerprint(project: Path) -> None:
    """Every version of the fingerprint covers the report's own words only: a translation added to
    a published report leaves its lock verifying as it was."""
    before = _report(project)
    _write(project, SYRIA_AR)
    after = _report(project)
    assert after.translations and not before.translations
    metas = {k: s.meta for k, s in pipeline.check(project).seeds.items()}
    for n in (1, 2):
        for version in (1, 2, 3):
            assert editions.edition_fingerprint(before, n, metas, version) == editions.edition_fingerprint(
                after, n, metas, version
            )


# --------------------------------------------------------------------------- the Arabic example


def test_the_fixture_is_the_example_report_as_committed() -> None:
    """The fixture is the repository's example, file for file (so the tests below check the example)."""
    for folder in ("reports/" + CHOLERA_ID, f"reports/{CHOLERA_ID}/i18n", "seeds"):
        names = sorted(p.name for p in (CHOLERA / folder).iterdir() if p.is_file())
        if folder == "seeds":
            names = [n for n in names if n.startswith("002_")]
        assert names, folder
        _match, mismatch, errors = filecmp.cmpfiles(ROOT / folder, CHOLERA / folder, names, shallow=False)
        assert not mismatch and not errors, (folder, mismatch, errors)


def test_the_cholera_example_passes_check_strict_with_its_english_edition(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", CHOLERA)
    checked = pipeline.check(project, strict=True)
    (report,) = checked.reports
    assert report.meta.example and report.meta.language == "ar" and report.meta.coverage == "complete"
    assert translations.languages_of(report) == ["ar", "en"]
    assert translations.missing(report, report.translations[0]) == []
    lock = editions.parse_lock((project / "reports" / CHOLERA_ID / "editions.lock").read_text(encoding="utf-8"))
    assert set(lock.texts["en"]) == set(translations.originals(report))  # the English edition is published


# Each form in which the article writes a number, the figure that records it, and its value in its unit.
NUMBER_FORMS = [
    ("٢٣٠", "suspected-230", "cases-suspected", 230),  # Arabic-Indic digits
    ("سبع", "deaths-7", "disease-deaths", 7),  # a number word (feminine)
    ("41", "confirmed-41", "cases-confirmed", 41),  # Western digits
    ("وثلاث", "deaths-3", "disease-deaths", 3),  # a number word with the conjunction
    ("مركزين", "treatment-centres", "treatment-centres", 2),  # the dual
    ("60", "beds", "treatment-beds", 60),
    ("150", "patients-150", "patients-admitted", 150),
    ("لخمسة", "iv-fluids-days", "supplies-days", 5),  # the ة form, with a preposition
    ("12 ألف", "untreated-wells-12000", "affected", 12_000),  # thousands in words
    ("50 ألف", "doses-received", "doses-received", 50_000),
    ("45 ألف", "vaccination-planned", "people-vaccinated", 45_000),
    ("8,500", "doses-given", "doses-given", 8_500),  # a thousands comma
    ("2.4 مليون دولار", "appeal", "funding-required", 2_400_000),  # millions in words, in US dollars
    ("18 في المئة", "appeal-funded", "funding-coverage", 18),  # per cent in words
    ("الثلاثة", "appeal", "funding-required", 2_400_000),  # the appeal's duration: over three months
    ("خمس", "villages-with-cases", "villages-with-cases", 5),
]


def test_each_arabic_number_form_is_a_structured_figure_in_its_unit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", CHOLERA)
    (report,) = pipeline.check(project, strict=True).reports
    figures = {f.id: f for f in report.figures}
    for form, figure_id, metric, value in NUMBER_FORMS:
        f = figures[figure_id]
        assert form in f.evidence.quote, (form, f.evidence.quote)
        assert (f.metric, f.value) == (metric, value), figure_id
    units = {f.metric: measures.load(project)[0][f.metric].unit for f in report.figures}
    assert units["funding-required"] == "USD" and units["funding-coverage"] == "percent"
    assert units["treatment-beds"] == "beds" and units["doses-given"] == "vaccine-doses"
    assert figures["villages-with-cases"].of == 7  # "خمس من القرى السبع": five of the seven
    appeal = figures["appeal"].duration  # "خلال الأشهر الثلاثة المقبلة": over the next three months
    assert appeal is not None and (appeal.amount, appeal.unit, appeal.relation) == (3, "months", "over")


@pytest.mark.parametrize(
    ("quote", "amount", "unit", "relation", "states"),
    [
        ("توفير 2.4 مليون دولار خلال الأشهر الثلاثة المقبلة", 3, "months", "over", True),  # unit before
        ("خلال ثلاثة أشهر", 3, "months", "within", True),  # unit after
        ("في غضون يومين فقط", 2, "days", "within", True),  # the dual is its own number
        ("يكفي لخمسة أيام فقط", 5, "days", "for", True),  # "for" may go unsaid
        ("يكفي لخمسة أيام فقط", 5, "days", "within", False),  # but "within" may not
        ("خلال الأشهر الثلاثة المقبلة", 2, "months", "over", False),  # another amount
        ("خلال الأشهر الثلاثة المقبلة", 3, "weeks", "over", False),  # another unit
        ("وقال خلال المؤتمر إن ثلاثة أشهر مرت", 3, "months", "over", False),  # the relation is elsewhere
    ],
)
def test_arabic_durations_are_read_with_their_unit_and_relation(
    quote: str, amount: int, unit: str, relation: str, states: bool
) -> None:
    assert validate._states_duration(quote, amount, unit, relation) is states


def test_a_changed_arabic_quote_is_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", CHOLERA)
    edit(project / "reports" / CHOLERA_ID / "figures.yaml", "بسعة إجمالية تبلغ 60 سريراً", "بسعة كلية تبلغ 60 سريراً")
    (error,) = _errors(project)
    assert "figures.yaml" in error and "[SR40" in error


def test_git_diffs_a_translation_file_one_text_per_line(project: Path) -> None:
    path = _write(project, SYRIA_AR)
    assert textconv.render(path).splitlines() == [
        'figures/killed-total-1000/note: "تحسب «يوما الاشتباكات» من الخميس"',
        'figures/killed-total-1000/label: "إجمالي القتلى"',
        'report/title: "القتل على الساحل السوري، آذار/مارس 2025"',
        'editions/1/headline: "تحديث عاجل: حصيلة القتلى تتجاوز 1,000"',
        'places/latakia/name: "اللاذقية"',
    ]


def test_a_report_started_from_an_arabic_seed_is_written_in_arabic(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", CHOLERA)
    made = run(
        "new",
        "cholera-draft",
        "--seed",
        "002_sindiyan-cholera-ar",
        "--published",
        "2025-10-24T09:00+00:00",
        cwd=project,
    )
    assert made.returncode == 0, made.stderr
    assert "\nlanguage: ar\n" in (project / "reports" / "cholera-draft" / "report.yaml").read_text(encoding="utf-8")
    report = next(r for r in pipeline.check(project).reports if r.meta.id == "cholera-draft")
    assert report.meta.language == "ar"


def test_a_correction_of_a_field_lets_its_published_translation_follow_in_the_correcting_edition(
    project: Path,
) -> None:
    path = _write(project, SYRIA_AR)
    assert run("publish", "syria-coast-2025-03", cwd=project).returncode == 0
    published = (project / LOCK).read_text(encoding="utf-8")
    edit(
        project / REPORT / "report.yaml",
        "exclusions:\n",
        "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n    headline: Third\n    summary: A correction.\n"
        "exclusions:\n",
    )
    edit(
        project / REPORT / "figures.yaml",
        '  label: Total killed\n  note: The "two days',
        "  label: Total dead\n  corrections:\n    - edition: 3\n      field: label\n      was: Total killed\n"
        '      note: Reworded.\n  note: The "two days',
    )
    edit(path, "    label: إجمالي القتلى\n", "    label: إجمالي الموتى\n")
    assert [e for e in _errors(project) if "[SR708]" not in e] == []  # the correction lets the translation change
    result = run("publish", "syria-coast-2025-03", cwd=project)
    assert result.returncode == 0, result.stderr
    now = (project / LOCK).read_text(encoding="utf-8")
    assert now.startswith(published)
    assert [line.rsplit(" ", 1)[0] for line in now[len(published) :].splitlines() if line.startswith("text ")] == [
        "text ar 3 figures/killed-total-1000/label"
    ]
    lock = editions.parse_lock(now)
    assert lock.texts["ar"]["figures/killed-total-1000/label"][0] == 3
    assert _errors(project) == []
    edit(path, "    label: إجمالي الموتى\n", "    label: مجموع الموتى\n")  # locked again: changes are refused
    assert [e.rsplit(" ", 1)[1] for e in _errors(project)] == ["[SR722]"]


def test_a_discrepancy_note_and_a_sources_reason_are_translated_and_checked(tmp_path: Path) -> None:
    """The editor's note on two figures that disagree is keyed by the two figures' ids; an unknown
    pair is named at its place, with the pairs the report has."""
    project = copy_project(tmp_path / "p")
    path = project / AR
    path.parent.mkdir()
    path.write_text(
        "discrepancies:\n"
        "  killed-civilians-750+killed-civilians-745:\n"
        "    note: يذكر المرصد القيمتين كلتيهما.\n"
        "  killed-civilians-750+killed-total-1000:\n"
        "    note: لا.\n",
        encoding="utf-8",
    )
    assert (
        f'{AR}:4:3: discrepancies["killed-civilians-750+killed-total-1000"]: the report has no discrepancy between '
        "killed-civilians-750 and killed-total-1000 (it has: killed-civilians-750+killed-civilians-745) [SR306]"
    ) in _errors(project)
    path.write_text(
        "discrepancies:\n  killed-civilians-750+killed-civilians-745:\n    note: يذكر المرصد القيمتين كلتيهما.\n",
        encoding="utf-8",
    )
    shown = localize(_report(project), "ar")
    assert shown.meta.discrepancies[0].note == "يذكر المرصد القيمتين كلتيهما."
    (resident,) = [s for s in shown.sources if getattr(s, "reason", None)]
    assert isinstance(resident.reason, Foreign) and resident.reason.language == "en"  # not translated: marked
    (actor,) = [a for a in shown.actors if a.aliases][:1]
    assert all(isinstance(a, Foreign) for a in actor.aliases)  # the article's names: marked, never translated


def test_an_editions_highlights_are_translated_in_order_and_say_only_what_the_original_says(tmp_path: Path) -> None:
    """A translated highlight is one sentence of a list in the original's order; it may state no
    number its highlight's figures do not give (in Western or Arabic-Indic digits), like the original."""
    project = copy_project(tmp_path / "p")
    edit(
        project / REPORT / "report.yaml",
        "  - number: 2\n",
        "    highlights:\n      - text: More than 1,000 people were killed.\n        facts: [killed-total-1000]\n"
        "  - number: 2\n",
    )
    path = project / AR
    path.parent.mkdir()
    path.write_text(
        'editions:\n  "1":\n    highlights:\n      - قُتل أكثر من ١٬٢٠٠ شخص.\n', encoding="utf-8"
    )  # 1,200: not what its figure gives
    assert _errors(project) == [
        f'{AR}:4:9: editions["1"].highlights[0]: states 1,200, which none of its highlight\'s figures '
        "(killed-total-1000) gives: a translation says what the original says [SR720]"
    ]
    path.write_text('editions:\n  "1":\n    highlights:\n      - a\n      - b\n', encoding="utf-8")
    assert _errors(project) == [
        f'{AR}:3:5: editions["1"].highlights: expected a list of one translated sentence per highlight '
        "of the original (1), in its order [SR209]"
    ]
    path.write_text('editions:\n  "1":\n    highlights:\n      - قُتل أكثر من ١٬٠٠٠ شخص.\n', encoding="utf-8")
    assert _errors(project) == []
    shown = localize(_report(project), "ar")
    assert shown.meta.editions[0].highlights[0].text == "قُتل أكثر من ١٬٠٠٠ شخص."
    assert translations.highlight_key(1, 1) in translations.originals(_report(project))
