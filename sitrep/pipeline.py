"""The orchestrator: load, validate, model, charts, render, site, in that order.

As in mkdocs' ``commands/build.py``, everything is gathered and validated first;
files are written only at the end, into a staging folder that replaces the
published site only when the whole build succeeded.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, editions, load, releases, validate
from .errors import Diagnostic, EnvironmentFault, FactsError
from .load import load_tree
from .model import Report
from .seeds import Seed

log = logging.getLogger("sitrep")
CHART_CACHE = Path(".cache") / "charts"  # under the project; safe to delete at any time


@dataclass
class Checked:
    """Valid, typed content, plus the findings that only ``--strict`` makes fatal."""

    seeds: dict[str, Seed]
    reports: list[Report]
    warnings: list[Diagnostic] = field(default_factory=list)


def check(root: Path, strict: bool = False, publishing: bool = False, locks: bool = True) -> Checked:
    """Load and validate everything under ``root``; raise :class:`FactsError` listing every problem."""
    tree, errors = load_tree(root)
    seeds: dict[str, Seed] = {}
    for seed_id, raw in tree.seeds.items():
        meta, errs = validate.parse_seed_meta(raw.meta)
        errors += errs
        if meta is None:
            continue
        errors += validate.check_seed(meta, seed_id, raw.raw, raw.meta)
        try:
            seeds[seed_id] = Seed(meta, raw.raw.decode("utf-8"), raw.file)
        except UnicodeDecodeError as exc:
            errors.append(load.byte_error(raw.file, raw.raw, exc.start, "a seed must be UTF-8 text"))

    reports: list[Report] = []
    warnings: list[Diagnostic] = []
    unreadable = frozenset(tree.unreadable | (set(tree.seeds) - set(seeds)))
    published = {k: s.meta.published for k, s in seeds.items()}
    for folder, docs in sorted(tree.reports.items()):
        errors_before = len(errors)
        parsed, errs = validate.parse_report(docs)
        errors += errs
        errors += validate.check_ids(parsed)
        coverage = validate.Coverage()
        errors += validate.check_evidence(parsed, seeds, coverage, unreadable)
        if parsed.report is not None:
            parsed.report = analysis.resolve_dates(parsed.report, published)
        errors += validate.check_consistency(parsed)
        files_ok = not any(doc.broken for doc in docs.values())
        if files_ok and len(errors) == errors_before:  # editions are judged on valid facts only: no cascades
            lock_file = f"reports/{folder}/editions.lock"
            lock = tree.locks.get(folder) if locks else None  # without locks: judge the facts only
            errors += validate.check_editions(parsed, seeds, lock, lock_file, publishing or not locks)
        report = parsed.report
        if report is None:
            continue
        if report.meta.id != folder:
            errors.append(
                docs["report"].diag(("id",), f"id '{report.meta.id}' does not match the folder name '{folder}'")
            )
        for seed_id in report.meta.seeds:
            if seed_id not in tree.seeds and seed_id not in tree.unreadable:
                i = report.meta.seeds.index(seed_id)
                errors.append(docs["report"].diag(("seeds", i), f"seed '{seed_id}' is not in seeds/"))
        warnings += validate.discrepancy_findings(parsed)
        if report.meta.coverage == "complete":
            warnings += validate.coverage_findings(report, seeds, coverage)
        reports.append(report)

    if strict:
        errors += warnings
    if errors:
        raise FactsError(errors)
    return Checked(seeds, reports, sorted(warnings))


def pages(root: Path, checked: Checked, drafts: bool = False, store=None) -> dict[str, bytes]:
    """Stages 4 and 5: Markdown for every edition of every report and the index pages, then
    the charts they link to (from the cache, or drawn on every core)."""
    from . import charts, render

    store = store or charts.ChartStore(root / CHART_CACHE)
    env = render.environment(root / "templates")
    files: dict[str, bytes] = {}
    latest = []
    wanted: dict[str, charts.Chart] = {}  # site path -> chart
    for report in checked.reports:
        folder = f"reports/{report.meta.id}"
        for view in render.report_views(report, checked.seeds, drafts):
            page = f"{folder}/index.md" if view.stable else f"{folder}/editions/{view.number}/index.md"
            files[page] = render.render_report(env, view).encode()
            wanted.update({f"{folder}/charts/{c.filename}": c for c in view.charts.values()})
            if view.stable:
                latest.append(view)
    svgs = store.svgs(list(wanted.values()))
    files.update({path: svgs[chart.filename] for path, chart in sorted(wanted.items())})
    files["index.md"] = render.render_index(env, "index.md.j2", latest, base="reports/").encode()
    files["reports/index.md"] = render.render_index(env, "reports-index.md.j2", latest, base="").encode()
    files["about.md"] = env.get_template("about.md.j2").render().encode()
    for asset in sorted((root / "templates" / "assets").rglob("*")):
        if asset.is_file():
            files[f"assets/{asset.relative_to(root / 'templates' / 'assets').as_posix()}"] = asset.read_bytes()
    return files


def content_date(checked: Checked) -> dt.datetime:
    """The newest moment the content speaks of: the newest published edition, else the newest seed."""
    moments = [e.published for r in checked.reports for e in r.meta.editions if not e.draft]
    if moments:
        return max(moments)
    dates = [s.meta.published for s in checked.seeds.values()]
    return dt.datetime.combine(max(dates) if dates else dt.date(1970, 1, 1), dt.time(), tzinfo=dt.UTC)


def build(root: Path, site_dir: Path, strict: bool = False, drafts: bool = False) -> Checked | None:
    """Check everything, then write the site; the previous site stays if anything fails.

    Returns None when nothing that shapes the site changed since the last build and the
    site is as that build left it (see :mod:`sitrep.stamp`): then nothing is done.
    """
    from . import site, stamp

    digest = stamp.inputs_digest(root, {"strict": strict, "drafts": drafts, "site": str(site_dir)})
    if stamp.up_to_date(root, site_dir, digest):
        return None
    checked = check(root, strict=strict)
    files = pages(root, checked, drafts)
    found = releases.releases(root)
    site.publish(
        root / "mkdocs.yml",
        files,
        site_dir,
        site.build_date(content_date(checked)),
        extra=releases.mkdocs_extra(found),
        finish=lambda out: releases.link_into(out, found, releases.LIVE),
    )
    stamp.record(root, site_dir, digest)
    return checked


def release(root: Path, name: str) -> Path:
    """Build the whole site once into releases/NAME, to be kept as it is."""
    from . import site

    releases.check_name(name)
    target = root / releases.RELEASES_DIR / name
    if target.exists():
        raise EnvironmentFault(f"release {name!r} exists; a release is never rebuilt (choose a new name)")
    checked = check(root, strict=True)
    files = pages(root, checked)
    epoch = site.build_date(content_date(checked))
    created = dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()
    extra = releases.mkdocs_extra([releases.Release(name, target, created)])
    site.publish(
        root / "mkdocs.yml", files, target, epoch, extra=extra, finish=lambda out: releases.stamp(out, created)
    )
    return target


def publish(root: Path, report_id: str) -> list[int]:
    """Fingerprint every non-draft edition of a report into its editions.lock.

    Editions already published must still match (``check`` refuses otherwise), so
    their lines come out unchanged; newly published ones are added.
    """
    checked = check(root, publishing=True)
    report = next((r for r in checked.reports if r.meta.id == report_id), None)
    if report is None:
        raise EnvironmentFault(f"no report '{report_id}' under reports/")
    numbers = editions.published_numbers(report)
    path = root / "reports" / report_id / editions.LOCK_NAME
    tmp = path.with_suffix(".lock.tmp")
    tmp.write_text(editions.lock_text(report, numbers), encoding="utf-8")
    tmp.replace(path)
    return numbers
