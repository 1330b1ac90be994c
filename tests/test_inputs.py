"""One list of the project's inputs (sitrep.facts.inputs), and published editions that hold still.

* Every output declares what it reads, by name from the list; a name outside it fails.
* The parts an edition's fingerprint covers are exactly those the list calls fingerprinted.
* The cache keys and the revision export of ``diff`` read every input of the list.
* Every field of report.yaml, of an edition's entry, of a seed's metadata and of a project
  measure (enumerated from the models, so a new field fails here until it is placed): once
  an edition is published, changing it is refused with an error of the lock, or the edition's
  pages, downloads, charts and index entry stay byte-identical.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.cache import keys, stamp
from sitrep.errors import FactsError
from sitrep.facts import editions, inputs, measures
from sitrep.facts.measures import MeasureSpec, UnitSpec
from sitrep.facts.model import Edition, ReportMeta, SeedMeta
from sitrep.outputs import perreport, registry, render
from sitrep.review import revisions

from .conftest import FORMS, REPORT, SAMPLE, SEED, copy_project, edit

MARROW = "reports/marrow-floods-2026-04"


# --------------------------------------------------------------------------- what outputs read


def test_every_output_declares_what_it_reads_from_the_list_of_inputs() -> None:
    every = [*registry.registered(), *perreport.per_report()]
    assert every
    for out in every:
        assert out.inputs, f"output {out.name!r} declares no inputs"
        outside = set(out.inputs) - set(inputs.READABLE)
        assert not outside, f"output {out.name!r} reads {sorted(outside)}: not in sitrep.facts.inputs"
    paths = set(inputs.paths())
    for name in inputs.READABLE:  # each readable part is in an input of the list (or sitrep's own code)
        assert inputs.SOURCE[name] in paths | {""}, name
    assert not set(inputs.FINGERPRINTED) & set(inputs.PRESENTATION)
    # each input a build reads, some output (or the check, for the facts' own files) reads
    read = {inputs.SOURCE[name] for out in every for name in out.inputs}
    assert {i.path for i in inputs.PROJECT if i.scope != "site"} <= read


PART = {"report": "report", "edition": "edition", "notes": "notes", "seed": "seeds", "measure": "measures"}


@pytest.mark.parametrize("fixture, report_id", [(SAMPLE, "syria-coast-2025-03"), (FORMS, "marrow-floods-2026-04")])
def test_the_fingerprint_covers_what_the_list_calls_fingerprinted(fixture: Path, report_id: str) -> None:
    checked = pipeline.check(fixture)
    report = next(r for r in checked.reports if r.meta.id == report_id)
    metas = {k: s.meta for k, s in checked.seeds.items()}
    registry = measures.load(fixture)[0]
    covered = {"facts"} if editions.fact_prints(report, 1) else set()
    covered |= {PART[key.split("/")[0]] for key in editions.shown_parts(report, 1, metas, registry)}
    expected = set(inputs.FINGERPRINTED) - ({"notes"} if not report.meta.discrepancies else set())
    expected -= {"measures"} if not registry.project else set()
    assert covered == expected


# --------------------------------------------------------------------------- keys and export read the list


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _touch(project: Path, item: inputs.Input) -> None:
    """Change one file of an input (made if the project lacks it)."""
    path = project / item.path
    if item.only:  # a release's stamp
        target = path / "2025-03" / ".release.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('{"created": "2025-03-09T00:00:00+00:00"}\n', encoding="utf-8")
    elif item.folder:
        path.mkdir(exist_ok=True)
        (path / "zz-new.txt").write_text("new\n", encoding="utf-8")
    else:
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + "# a comment\n", "utf-8")


@pytest.mark.parametrize("item", inputs.PROJECT, ids=lambda i: i.path)
def test_the_cache_keys_read_every_input_of_the_list(tmp_path: Path, item: inputs.Input) -> None:
    project = copy_project(tmp_path / "p", FORMS)
    options = {"drafts": False}
    before = keys.inputs(project, options, stamp.Digests())
    code_before = keys.code(project, options, stamp.Digests())
    _touch(project, item)
    assert keys.inputs(project, options, stamp.Digests()) != before  # the whole build's key
    if item.scope == "every report":  # and every report's and seed's key, through the code key
        assert keys.code(project, options, stamp.Digests()) != code_before
    assert item.scope in inputs.KEYED


def test_the_revision_export_holds_every_exported_input(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FORMS)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "one")
    dest = tmp_path / "export"
    dest.mkdir()
    revisions._export(project, "HEAD", dest)
    for item in inputs.PROJECT:
        assert (dest / item.path).exists() == item.exported, item.path
    assert (dest / "measures.yaml").read_bytes() == (project / "measures.yaml").read_bytes()
    # an optional input the revision lacks is simply not there
    _git(project, "rm", "-q", "measures.yaml")
    _git(project, "commit", "-qm", "two")
    again = tmp_path / "again"
    again.mkdir()
    revisions._export(project, "HEAD", again)
    assert not (again / "measures.yaml").exists() and (again / "reports").is_dir()


# --------------------------------------------------------------------------- every field: refused, or nothing changes


@dataclasses.dataclass(frozen=True)
class Change:
    fixture: Path
    file: str
    old: str
    new: str


SEED_META = SEED.removesuffix(".txt") + ".yaml"
FORMS_SEED = "seeds/100_marrow-floods.yaml"
SAMPLE_META = f"{REPORT}/report.yaml"
FORMS_META = f"{MARROW}/report.yaml"

# One change per field of each model an edition can show; a field of the models that is in
# neither table fails the completeness test below, so a new field is placed on purpose.
CHANGES: dict[str, Change] = {
    "report.title": Change(SAMPLE, SAMPLE_META, "title: Killings", "title: Deaths"),
    "report.coverage": Change(SAMPLE, SAMPLE_META, "coverage: complete", "coverage: partial"),
    "report.example": Change(FORMS, FORMS_META, "example: true", "example: false"),
    "report.language": Change(SAMPLE, SAMPLE_META, "coverage: complete\n", "coverage: complete\nlanguage: en-GB\n"),
    "report.exclusions": Change(SAMPLE, SAMPLE_META, "    reason: The dateline;", "    reason: The date line;"),
    "report.discrepancies": Change(SAMPLE, SAMPLE_META, "does not explain the difference", "gives no reason"),
    "edition.published": Change(SAMPLE, SAMPLE_META, "2025-03-08T14:00:00+00:00", "2025-03-08T14:30:00+00:00"),
    "edition.headline": Change(SAMPLE, SAMPLE_META, "passes 1,000, monitor says", "passes 1,000"),
    "edition.summary": Change(SAMPLE, SAMPLE_META, "electricity and water are cut", "power and water are cut"),
    "edition.overview": Change(SAMPLE, SAMPLE_META, "overview: Clashes that", "overview: Fighting that"),
    "edition.highlights": Change(
        SAMPLE,
        SAMPLE_META,
        "  - number: 2\n",
        "    highlights:\n      - text: More than 1,000 people were killed.\n        facts: [killed-total-1000]\n"
        "  - number: 2\n",
    ),
    "report.key_figures": Change(
        SAMPLE, SAMPLE_META, "coverage: complete\n", "coverage: complete\nkey_figures: [killed]\n"
    ),
    "seed.title": Change(SAMPLE, SEED_META, "passes 1,000, monitor says", "passes 1,000"),
    "seed.publisher": Change(FORMS, FORMS_SEED, "publisher: sitrep test fixtures", "publisher: Another"),
    "seed.wire": Change(SAMPLE, SEED_META, "wire: Associated Press", "wire: Reuters"),
    "seed.published": Change(SAMPLE, SEED_META, "published: 2025-03-08", "published: 2025-03-09"),
    "seed.language": Change(SAMPLE, SEED_META, "language: en", "language: en-GB"),
    "seed.url": Change(SAMPLE, SEED_META, "language: en\n", "language: en\nurl: https://example.org/a\n"),
    "seed.note": Change(SAMPLE, SEED_META, "note: The title is", "note: This title is"),
    "measure.label": Change(FORMS, "measures.yaml", "label: people treated", "label: people rescued"),
    "measure.unit": Change(FORMS, "measures.yaml", "label: people treated, unit: people", "label: x, unit: households"),
    "measure.hxl": Change(FORMS, "measures.yaml", '"#reached+treated"', '"#reached+rescued"'),
    "measure.whole": Change(FORMS, "measures.yaml", "unit: people, hxl", "unit: people, whole: false, hxl"),
    "measure.negative": Change(FORMS, "measures.yaml", "unit: people, hxl", "unit: people, negative: true, hxl"),
    "measure.additive": Change(FORMS, "measures.yaml", "unit: people, hxl", "unit: people, additive: false, hxl"),
    "measure.rank": Change(FORMS, "measures.yaml", '"#reached+treated"', '"#reached+treated", rank: 5'),
    "measure.planned_hxl": Change(
        FORMS, "measures.yaml", '"#reached+treated"', '"#reached+treated", planned_hxl: "#targeted+treated"'
    ),
    "unit.label": Change(FORMS, "measures.yaml", "doses: {label: doses,", "doses: {label: shots,"),  # unused
    "unit.whole": Change(FORMS, "measures.yaml", "{label: doses, whole: true}", "{label: doses, whole: false}"),
    "unit.negative": Change(FORMS, "measures.yaml", "whole: true}", "whole: true, negative: true}"),
    "unit.additive": Change(FORMS, "measures.yaml", "whole: true}", "whole: true, additive: false}"),
    "unit.written": Change(FORMS, "measures.yaml", "whole: true}", "whole: true, written: [shots]}"),
}
# Fields that cannot change without another error (or that only other fields show).
FIXED = {
    "report.id": "the report's folder: a different id is another report (SR303)",
    "report.seeds": "the list read; a seed a fact cites must be in it (SR304), and cited seeds are fingerprinted",
    "report.editions": "each edition's own fields are changed above",
    "edition.number": "editions are numbered 1, 2, 3 in order",
    "edition.draft": "a published edition cannot become a draft (SR709)",
    "seed.id": "the seed's file name",
    "seed.sha256": "the seed's bytes: another value is refused (SR604)",
}
MODELS = {"report": ReportMeta, "edition": Edition, "seed": SeedMeta, "measure": MeasureSpec, "unit": UnitSpec}
# Expected to be refused once published (the others: nothing shown changes).
NOT_SHOWN = {"report.coverage", "report.exclusions", "seed.note", "unit.label", "unit.whole"}
NOT_SHOWN |= {"unit.negative", "unit.additive", "unit.written"}  # the project's unit 'doses', which no figure uses


def test_every_field_an_edition_could_show_is_placed() -> None:
    fields = {f"{kind}.{name}" for kind, model in MODELS.items() for name in model.model_fields}
    assert fields == set(CHANGES) | set(FIXED)
    not_shown = {f"report.{k}" for k in inputs.REPORT_NOT_SHOWN} | {f"seed.{k}" for k in inputs.SEED_NOT_SHOWN}
    assert {"report.coverage", "report.exclusions", "seed.note"} <= not_shown


def _made(project: Path) -> dict[str, bytes]:
    """Every file the reports make (pages, downloads, feed), their charts' names and index entries."""
    checked = pipeline.check(project, locks=False)
    env = render.environment(project / "templates")
    out: dict[str, bytes] = {}
    for report in checked.reports:
        made = render.report_pages(env, report, checked.seeds, drafts=False)
        out.update(made.pages)
        out.update({path: b"" for path in made.charts})  # a chart's name is its content's digest
        out[f"{report.meta.id}/entry"] = repr(made.entry).encode()
    return out


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_published_edition_refuses_the_change_or_stays_byte_identical(tmp_path: Path, name: str) -> None:
    change = CHANGES[name]
    project = copy_project(tmp_path / "p", change.fixture)
    report_id = (SAMPLE_META if change.fixture == SAMPLE else FORMS_META).split("/")[1]
    pipeline.publish(project, report_id)  # the lock upgraded to this version's fingerprint
    before = _made(project)
    edit(project / change.file, change.old, change.new)
    try:
        pipeline.check(project)
    except FactsError as exc:
        refused = sorted({d.code for d in exc.diagnostics})
        assert all(code.startswith("SR7") for code in refused), "\n".join(map(str, exc.diagnostics))
        assert name not in NOT_SHOWN, f"{name} is shown nowhere, yet refused: {refused}"
        return
    assert name in NOT_SHOWN, f"changing {name} passes the check"
    after = _made(project)
    changed = sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
    assert not changed, f"changing {name} passes the check but rewrites {changed}"


def test_a_change_is_named_at_its_field_with_the_editions(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FORMS)
    pipeline.publish(project, "marrow-floods-2026-04")
    edit(project / "measures.yaml", "label: people treated", "label: people killed by soldiers")
    edit(project / FORMS_SEED, "language: en\n", "language: en\nurl: https://example.org/a\n")
    edit(project / FORMS_META, "overview: A fictional flood", "overview: A flood")
    with pytest.raises(FactsError) as raised:
        pipeline.check(project)
    lines = sorted(str(d) for d in raised.value.diagnostics)
    assert [line.split(": changes")[0] for line in lines] == [
        "measures.yaml:5:13: measures.treated.label",
        f"{FORMS_META}:13:5: editions[0].overview",
        f"{FORMS_SEED}:7:1: url",
    ]
    assert all("published edition 1" in line and "publish --force --reason" in line for line in lines)
    # carried by publish --force --reason: the lock is rewritten, and the check passes again
    pipeline.publish(project, "marrow-floods-2026-04", force=True, reason="the measure was mislabelled")
    pipeline.check(project)


# --------------------------------------------------------------------------- older versions hold still


class _LaterEdition(Edition):
    """An edition entry with a field added after version 3 (an edition's outlook, say)."""

    outlook: str | None = None


class _LaterSeed(SeedMeta):
    licence: str | None = None


def test_older_versions_are_computed_from_their_own_field_lists() -> None:
    """A field added to an edition's entry or a seed's metadata changes no version 1 or 2 hash
    (a committed lock keeps verifying), while version 3 covers it."""
    kestrel = FORMS.parent / "kestrel"
    checked = pipeline.check(kestrel)
    report = checked.reports[0]
    metas = {k: s.meta for k, s in checked.seeds.items()}
    lock = editions.parse_lock((kestrel / "reports" / report.meta.id / "editions.lock").read_text(encoding="utf-8"))
    assert lock.versions == {1: 2, 2: 2}
    assert all(editions.edition_fingerprint(report, n, metas, 2) == lock.editions[n] for n in (1, 2))
    later = tuple(_LaterEdition(**e.model_dump(), outlook="What comes next.") for e in report.meta.editions)
    grown = report.model_copy(update={"meta": report.meta.model_copy(update={"editions": later})})
    more = {k: _LaterSeed(**m.model_dump(), licence="CC BY 4.0") for k, m in metas.items()}
    for n in (1, 2):
        for version in (1, 2):
            assert editions.edition_fingerprint(grown, n, more, version) == editions.edition_fingerprint(
                report, n, metas, version
            )
        assert editions.edition_fingerprint(grown, n, metas) != editions.edition_fingerprint(report, n, metas)
        assert editions.edition_fingerprint(report, n, more) != editions.edition_fingerprint(report, n, metas)
        assert "edition/outlook" in editions.shown_parts(grown, n, metas, measures.builtin())


def _site(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_the_built_site_is_refused_or_byte_identical(tmp_path: Path) -> None:
    """Built and hashed before and after, through the command line: a change to what a published
    edition shows fails the build and leaves the site as it was; a change to what no edition shows
    rebuilds the same bytes for every edition."""
    from .conftest import run

    project = copy_project(tmp_path / "p", FORMS)
    assert run("publish", "marrow-floods-2026-04", cwd=project).returncode == 0
    assert run("build", cwd=project).returncode == 0
    before = _site(project / "site")
    shown = [
        (FORMS_META, "overview: A fictional flood", "overview: A flood"),
        (FORMS_META, "example: true", "example: false"),
        (FORMS_SEED, "language: en\n", "language: en\nurl: https://example.org/a\n"),
        ("measures.yaml", "label: people treated", "label: people rescued"),
    ]
    for file, old, new in shown:
        edit(project / file, old, new)
        refused = run("build", cwd=project)
        assert refused.returncode == 1 and "[SR71" in refused.stderr, (new, refused.stderr)
        assert _site(project / "site") == before, new  # the previous site intact
        edit(project / file, new, old)
    not_shown = [
        (FORMS_META, "coverage: complete", "coverage: partial"),
        (FORMS_META, "reason: The dateline;", "reason: The date line;"),
        (FORMS_SEED, "note: Written for the tests", "note: Written for these tests"),
        ("measures.yaml", "doses: {label: doses,", "doses: {label: shots,"),
    ]
    for file, old, new in not_shown:
        edit(project / file, old, new)
        built = run("build", cwd=project)
        assert built.returncode == 0, (new, built.stderr)
        after = _site(project / "site")
        # every edition's files (pages, downloads, charts, feed) as they were; the site's own
        # pages may change (the Writing reports page lists the project's units)
        edition_files = sorted(p for p in set(before) | set(after) if p.startswith("reports/marrow-floods-2026-04/"))
        assert edition_files and all(before.get(p) == after.get(p) for p in edition_files), new
