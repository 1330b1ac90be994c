"""Rules that must not slip: each test here kills a one-line mutation that the rest of the suite let live
(issue 15): ``withdrawn`` ignored, "about" widened, a report's cache key blind to its seeds, anchors of
reused pages never re-checked; and the fixtures use every field the model has."""

from __future__ import annotations

import hashlib
import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from sitrep import pipeline
from sitrep.errors import EnvironmentFault, FactsError
from sitrep.facts import analysis, editions, model
from sitrep.outputs import render
from sitrep.site import mkdocs_boundary

from .complete import WITHDRAWN, complete_project
from .conftest import FIXTURES, FORMS, REPORT, SEED, copy_project


@pytest.fixture
def complete(tmp_path: Path) -> Path:
    return complete_project(tmp_path / "complete")


def _models(annotation: object, found: set[type[BaseModel]]) -> None:
    for arg in typing.get_args(annotation):
        _models(arg, found)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
        if not annotation.__module__.startswith("sitrep."):
            return  # a model a test derives (tests/test_inputs.py) is not a field the fixtures owe
        found.add(annotation)
        for sub in annotation.__subclasses__():
            _models(sub, found)
        for f in annotation.model_fields.values():
            _models(f.annotation, found)


def _keys(data: object, out: set[str]) -> None:
    if isinstance(data, dict):
        for k, v in data.items():
            out.add(str(k))
            _keys(v, out)
    elif isinstance(data, list):
        for v in data:
            _keys(v, out)


def test_the_fixtures_use_every_field_the_model_has(complete: Path) -> None:
    found: set[type[BaseModel]] = set()
    for kind in (model.ReportMeta, model.SeedMeta, *model.SECTIONS.values()):
        _models(kind, found)
    fields = {(m.__name__, f.alias or name) for m in found for name, f in m.model_fields.items()}
    used: set[str] = set()
    # The complete project, the forms fixture written for every value and time form (issue 16), and the
    # writer fixture for what a writer could not say before (issue 25: as of the article, durations in words).
    forms = [*FORMS.glob("reports/*/*.yaml"), *FORMS.glob("seeds/*.yaml")]
    forms += [*(FIXTURES / "writer").glob("reports/*/*.yaml"), *(FIXTURES / "writer").glob("seeds/*.yaml")]
    for path in [*complete.glob("reports/*/*.yaml"), *complete.glob("seeds/*.yaml"), *forms]:
        _keys(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader), used)
    assert sorted(f"{m}.{name}" for m, name in fields if name not in used) == []


def test_the_complete_fixture_is_valid(complete: Path) -> None:
    checked = pipeline.check(complete, strict=True)
    assert [e.number for e in checked.reports[0].meta.editions] == [1, 2, 3]


def test_a_withdrawn_fact_leaves_the_edition_that_withdraws_it(complete: Path) -> None:
    checked = pipeline.check(complete, strict=True)
    report = checked.reports[0]
    for name, fact_id in WITHDRAWN.items():
        section = name.removesuffix(".yaml")
        shown = {n: {f.id for f in getattr(editions.state_at(report, n), section)} for n in (2, 3)}
        assert fact_id in shown[2] and fact_id not in shown[3], (section, fact_id)
    pages = render.report_pages(render.environment(complete / "templates"), report, checked.seeds, drafts=True).pages
    statement = "The government said it was responding to attacks from remnants of Assad's forces."
    assert statement in pages[f"{REPORT}/editions/2/index.md"].decode()
    third = pages[f"{REPORT}/editions/3/index.md"].decode()
    # The full change list names what the edition withdrew, in full; nothing else shows it.
    changes = re.search(r'<div class="sitrep-changes" markdown>.*?</div>', third, re.S)
    assert changes and "- Withdrawn: Syrian government: " + statement in changes.group(0)
    assert statement not in third.replace(changes.group(0), "")


def test_about_means_ten_percent_either_way() -> None:
    report = pipeline.check(copy_project_once()).reports[0]
    total = next(f for f in report.figures if f.id == "killed-total-1000")
    about = total.model_copy(update={"qualifier": model.Qualifier.about, "value": 1000})
    assert analysis.bounds(about) == pytest.approx((900, 1100))

    # The parts add up to 1,018 at least: more than "about 900" allows, not more than "about 950".
    def problem(value: int) -> str | None:
        figures = tuple(
            f.model_copy(update={"qualifier": model.Qualifier.about, "value": value}) if f is total else f
            for f in report.figures
        )
        breakdown = next(
            b for b in analysis.breakdowns(report.model_copy(update={"figures": figures})) if b.total.id == total.id
        )
        return breakdown.problem

    assert problem(900) == "the parts add up to at least 1,018, more than the total allows (about 900)"
    assert problem(950) is None


_PROJECT: list[Path] = []


def copy_project_once() -> Path:
    return _PROJECT[0]


@pytest.fixture(autouse=True, scope="module")
def _seed_project(tmp_path_factory: pytest.TempPathFactory) -> None:
    _PROJECT.append(copy_project(tmp_path_factory.mktemp("rules") / "p"))


def test_a_changed_seed_invalidates_the_reports_that_cite_it(tmp_path: Path) -> None:
    """The report cache is keyed by its seeds: a quote that left the seed is an error, even with every cache warm."""
    project = copy_project(tmp_path / "p")
    pipeline.assemble(project, strict=True).memo.commit()  # every report cached, as a build keeps them
    assert pipeline.assemble(project, strict=True).checked == []  # (so the next assemble reads the cache)
    seed = project / SEED
    text = seed.read_text(encoding="utf-8").replace("has passed 1,000,", "has passed 1,100,")
    seed.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    meta = seed.with_suffix(".yaml")
    meta.write_text(
        "\n".join(f"sha256: {digest}" if ln.startswith("sha256:") else ln for ln in meta.read_text().splitlines())
        + "\n"
    )
    with pytest.raises(FactsError, match=r"figures\[0\]"):
        pipeline.assemble(project, strict=True)


def _docs() -> dict[str, bytes | Path]:
    """Five pages (those mkdocs.yml's navigation names); the home page links to an anchor of another."""
    return {
        "index.md": b"# Home\n\nSee [the section](reports/index.md#the-section).\n",
        "reports/index.md": b"# Reports\n\n## The section\n\nText.\n",
        "about.md": b"# About\n",
        "writing.md": b"# Writing reports\n",
        "data.md": b"# Data for analysts\n",
    }


def test_a_reused_page_is_checked_again_when_an_anchor_it_links_to_goes(project: Path, tmp_path: Path) -> None:
    """A page kept from the cache whose link names an anchor of a page that changed is validated again."""
    docs = _docs()
    cache = tmp_path / "html"
    mkdocs_boundary.mkdocs_build(project / "mkdocs.yml", docs, tmp_path / "one", 0, cache_dir=cache).cache.commit()
    docs["reports/index.md"] = b"# Reports\n\n## A renamed section\n\nText.\n"
    with pytest.raises(EnvironmentFault, match="Aborted with 1 warnings in strict mode"):
        mkdocs_boundary.mkdocs_build(project / "mkdocs.yml", docs, tmp_path / "two", 0, cache_dir=cache)


def test_a_page_linking_to_an_anchor_is_rendered_with_its_target(project: Path, tmp_path: Path) -> None:
    docs = _docs()
    cache = tmp_path / "html"
    mkdocs_boundary.mkdocs_build(project / "mkdocs.yml", docs, tmp_path / "one", 0, cache_dir=cache).cache.commit()
    docs["reports/index.md"] = b"# Reports\n\n## The section\n\nOther text.\n"
    stats = mkdocs_boundary.mkdocs_build(project / "mkdocs.yml", docs, tmp_path / "two", 0, cache_dir=cache)
    # The linking page is rendered again with its target (so mkdocs validates the link), the others are reused.
    assert sorted(stats.rendered) == ["index.md", "reports/index.md"] and stats.reused == 3


def _corrected(figure, field: str, was: str | None):
    return figure.model_copy(update={"corrections": (model.Correction(edition=3, field=field, was=was, note="n"),)})


def test_a_correction_is_undone_for_the_editions_before_it(complete: Path) -> None:
    report = pipeline.check(complete, strict=True).reports[0]

    def total(n: int):
        return next(f for f in editions.state_at(report, n).figures if f.id == "killed-total-1000")

    assert (total(2).label, total(3).label) == ("Total killed", "Total dead")  # the fixture's correction
    figure = total(3)
    nested = _corrected(figure, "as_of.date", "2025-03-07")
    assert str(editions.fact_at(nested, "figures", 2).as_of.date) == "2025-03-07"
    assert str(editions.fact_at(nested, "figures", 3).as_of.date) == "2025-03-08"
    added = _corrected(figure, "breakdown_complete", None)  # a field set by the correction: absent before it
    assert figure.breakdown_complete is True
    assert editions.fact_at(added, "figures", 2).breakdown_complete is False
    assert editions.fact_at(added, "figures", 3).breakdown_complete is True


@pytest.mark.parametrize(
    ("field", "was", "message"),
    [
        ("labl", "x", "field 'labl' does not exist"),
        ("as_of.dat.x", "x", "field 'as_of.dat.x' does not exist"),
        ("value", "many", "'was' for 'value' is not valid: "),
    ],
)
def test_a_correction_that_cannot_be_undone_is_an_error(complete: Path, field: str, was: str, message: str) -> None:
    report = pipeline.check(complete, strict=True).reports[0]
    figure = next(f for f in report.figures if f.id == "killed-total-1000")
    with pytest.raises(editions.CorrectionError, match=message.replace(".", r"\.")):
        editions.fact_at(_corrected(figure, field, was), "figures", 2)


# The wording of values (sitrep.outputs.filters): what a reader sees for each kind of value.


def test_values_are_worded_as_the_source_gave_them(complete: Path) -> None:
    import datetime as dt

    from sitrep.outputs import filters

    report = pipeline.check(complete, strict=True).reports[0]
    ranged = next(f for f in report.figures if f.id == "killed-civilians-range")
    assert filters.value(ranged) == filters.value_short(ranged) == "745 to 750"
    unquantified = next(f for f in report.figures if f.qualifier is model.Qualifier.unquantified)
    assert filters.value_short(unquantified) == "no number"
    assert filters.value(unquantified).startswith("no number: “")
    assert (filters.num(None), filters.num(1234567)) == ("", "1,234,567")
    untitled = ranged.model_copy(update={"label": None, "group": "security-forces"})
    assert filters.figure_title(untitled) == "People killed, security forces"  # the measure's label
    assert filters.html_attribute("a \"quoted\" <b> & 'x'\n") == "a &quot;quoted&quot; &lt;b&gt; &amp; &#x27;x&#x27; "
    cairo = dt.timezone(dt.timedelta(hours=2))
    assert filters.datetime(dt.datetime(2025, 3, 8, 14, 5, tzinfo=dt.UTC)) == "2025-03-08 14:05 UTC"
    assert filters.datetime(dt.datetime(2025, 3, 8, 14, 5, tzinfo=cairo)) == "2025-03-08 14:05 UTC+02:00"


def test_dates_are_worded_no_more_precisely_than_the_source() -> None:
    import datetime as dt

    from sitrep.facts import analysis
    from sitrep.outputs import filters

    saturday = dt.date(2025, 3, 8)
    thursday = model.When(weekday="Thursday")
    assert filters.when(None) == ""
    assert filters.when(thursday) == "Thursday"  # no article date to resolve it against
    assert filters.when(thursday, saturday) == "Thu 2025-03-06"
    assert analysis.resolved_date(thursday, saturday) == dt.date(2025, 3, 6)
    assert filters.when(model.When(date=saturday), saturday) == "Sat 2025-03-08"
    assert filters.when(model.When(before=saturday)) == "before 2025-03-08"


# Plans are kept apart from results (README, "Writing a report"): never in a history or a
# discrepancy with what was achieved, and not among the achieved figures a page shows.


def test_a_plan_is_kept_apart_from_what_was_achieved(tmp_path: Path) -> None:
    import datetime as dt

    from sitrep.facts import measures

    project = copy_project(tmp_path / "forms", FORMS)
    checked = pipeline.check(project, strict=True)
    report = checked.reports[0]
    plan = next(f for f in report.figures if f.id == "water-planned")
    # What was achieved of the same plan: the same measure, source, date and duration, another value.
    done = plan.model_copy(update={"id": "water-within-a-week", "planned": False, "value": 45000})
    both = report.model_copy(update={"figures": (*report.figures, done)})
    assert [d.ids for d in analysis.discrepancies(both) if plan.id in d.ids] == []
    series = [s for s in analysis.history(both, dt.date(2026, 4, 9)) if s.metric == plan.metric]
    assert [sorted(f.id for f in s.figures) for s in series] == [["water", "water-within-a-week"]]
    views = render.report_views(both, checked.seeds, False, measures.load(project)[0])
    assert plan.id not in {f.id for f in views[0].achieved()} and done.id in {f.id for f in views[0].achieved()}
    assert [f.id for f in views[0].planned()] == ["households-planned", "water-planned"]


def test_source_date_epoch_overrides_the_content_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """README: the site is dated by its content (the newest published edition), or by
    SOURCE_DATE_EPOCH when set."""
    import datetime as dt

    from sitrep.site import swap

    newest = dt.datetime(2025, 3, 8, 20, 0, tzinfo=dt.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert swap.build_date(newest) == int(dt.datetime(2025, 3, 8, tzinfo=dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert swap.build_date(newest) == 1767225600
