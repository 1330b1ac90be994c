"""The orchestrator: one build is the named stages load, validate, analyse, outputs, site.

* load: list the project and make every cache key (:mod:`sitrep.cache.keys`), finding the
  reports and seeds the caches already hold;
* validate: check what changed, in batches, collecting every error before aborting once;
* analyse: each changed valid report's editions, rendered to pages (kept by the report cache);
* outputs: every registered output (:mod:`sitrep.outputs`) run, reused or merged;
* site: mkdocs builds the pages into a staging folder that replaces the published site.

As in mkdocs' ``commands/build.py``, everything is gathered and validated first; files are
written only at the end, and only a complete build replaces the site. Every caller (the
CLI, the tests, the golden files, the benchmark) builds through :func:`assemble` (load to
outputs) and :func:`build` or :func:`release` (site). Each stage's time is logged (``-v``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep import atomic, forked
from sitrep.errors import Diagnostic, EnvironmentFault, FactsError, templates_checked
from sitrep.facts import analysis, editions, load, measures, translations, validate
from sitrep.facts.load import load_tree
from sitrep.facts.model import Report
from sitrep.facts.seeds import Seed
from sitrep.outputs import messages
from sitrep.site import releases, settings

log = logging.getLogger("sitrep")
MEMO_CACHE = Path(".cache")  # reports/, seeds/, md/: see sitrep.cache.memo
HTML_CACHE = Path(".cache") / "html"  # see sitrep.site.mkdocs_boundary
BATCH = 64  # reports checked and rendered together by a build (memory holds one batch)


class Stages:
    """Each named stage's time in a build, summed over its batches; logged at INFO (``-v``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def log(self, *names: str) -> None:
        for name in names:
            if name in self.seconds:
                log.info("stage %s: %.2f s", name, self.seconds[name])


@dataclass
class Checked:
    """Valid, typed content, plus the findings that only ``--strict`` makes fatal."""

    seeds: dict[str, Seed]
    reports: list[Report]
    warnings: list[Diagnostic] = field(default_factory=list)
    warnings_of: dict[str, list[Diagnostic]] = field(default_factory=dict)  # by report folder


def check(
    root: Path,
    strict: bool = False,
    publishing: bool = False,
    locks: bool = True,
    only: set[str] | None = None,
    seeds_read: set[str] | None = None,
    reader: load.Reader | None = None,
) -> Checked:
    """Load and validate everything under ``root``; raise :class:`FactsError` listing every problem.

    ``only`` and ``seeds_read`` limit the report folders and seeds read (see :func:`assemble`).
    """
    tree, errors = load_tree(root, only, seeds_read, reader) if reader else load_tree(root, only, seeds_read)
    registry, registry_errors = measures.load(root)
    errors += registry_errors
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
            errors.append(load.byte_error(raw.file, raw.raw, exc.start, "a seed must be UTF-8 text", "SR106"))

    reports: list[Report] = []
    warnings: list[Diagnostic] = []
    warnings_of: dict[str, list[Diagnostic]] = {}
    unreadable = frozenset(tree.unreadable | (set(tree.seeds) - set(seeds)))
    shared = validate.Shared({k: raw.meta for k, raw in tree.seeds.items()}, lambda: measures.document(root))
    published = {k: s.meta.published for k, s in seeds.items()}
    for folder, docs in sorted(tree.reports.items()):
        errors_before = len(errors)
        parsed, errs = validate.parse_report(docs)
        parsed.registry = registry
        errors += errs
        errors += validate.check_measures(parsed)
        errors += validate.check_ids(parsed)
        errors += validate.check_places(parsed)
        coverage = validate.Coverage()
        errors += validate.check_evidence(parsed, seeds, coverage, unreadable)
        if parsed.report is not None:
            parsed.report = analysis.resolve_dates(parsed.report, published)
        errors += validate.check_consistency(parsed)
        files_ok = not any(doc.broken for doc in docs.values())
        if files_ok and len(errors) == errors_before:  # editions are judged on valid facts only: no cascades
            lock_file = f"reports/{folder}/editions.lock"
            lock = tree.locks.get(folder) if locks else None  # without locks: judge the facts only
            committed = committed_facts(root, folder)
            errors += validate.check_editions(
                parsed, seeds, lock, lock_file, publishing or not locks, committed, shared
            )
        report = parsed.report
        if report is None:
            continue
        if files_ok and len(errors) == errors_before:  # translations are judged against valid facts only
            report, errs = validate.check_translations(
                report,
                tree.translations.get(folder, {}),
                tree.locks.get(folder) if locks else None,
                f"reports/{folder}/editions.lock",
            )
            errors += errs
        if report.meta.id != folder:
            errors.append(
                docs["report"].diag(
                    ("id",), f"id '{report.meta.id}' does not match the folder name '{folder}'", "SR303"
                )
            )
        for seed_id in report.meta.seeds:
            if seed_id not in tree.listed and seed_id not in tree.unreadable:
                i = report.meta.seeds.index(seed_id)
                errors.append(docs["report"].diag(("seeds", i), f"seed '{seed_id}' is not in seeds/", "SR304"))
        found = list(validate.discrepancy_findings(parsed))
        found += translations.missing_findings(report, tree.translations.get(folder, {}))
        if report.meta.coverage == "complete" and files_ok:  # a file that failed to load cites nothing
            found += validate.coverage_findings(report, seeds, coverage)
        warnings += found
        warnings_of[folder] = found
        reports.append(report)
    if only is None:  # the whole project: its interface words too (a build checks them once, in assemble)
        try:
            conf = settings.load(root)
        except EnvironmentFault:  # no mkdocs.yml, or one the build will refuse: no languages to check
            conf = None
        warnings += missing_messages(root, conf) if conf is not None else []

    if strict:
        errors += warnings
    if errors:
        raise FactsError(errors)
    return Checked(seeds, reports, sorted(warnings), warnings_of)


@dataclass
class Assembled:
    """Everything the site step needs: each site path's content (bytes, or a file in the cache)."""

    docs: dict[str, bytes | Path]
    date: dt.datetime
    warnings: list[Diagnostic]
    checked: list[str]  # report folders checked and rendered by this build (the others came from the cache)
    html: Any = None  # the site step's mkdocs_boundary.Stats, once built
    memo: Any = None  # the memo.Memo holding what this build checked, kept by its commit()
    superseded: bool = False  # a build from newer inputs had already replaced the site: this one was dropped
    unlisted: list[str] = field(default_factory=list)  # example reports: kept out of the sitemap
    # The files of each other language of the site (mkdocs.yml extra.alternate), by language: the
    # default language's, with the pages of the outputs whose words are translated made again in it.
    translated: dict[str, dict[str, bytes | Path]] = field(default_factory=dict)


def mkdocs_extra(base: dict | None, unlisted: list[str]) -> dict | None:
    """mkdocs' ``extra``: the release selector's, and the report folders the sitemap leaves out
    (reports marked ``example: true``; templates/theme/sitemap.xml reads the list)."""
    if not unlisted:
        return base
    return {**(base or {}), "sitrep_unlisted": [f"reports/{r}/" for r in sorted(unlisted)]}


def assemble(
    root: Path, strict: bool = False, drafts: bool = False, workers: int | None = None, digests=None
) -> Assembled:
    """Stages load, validate, analyse and outputs, reusing every report, seed and output
    that has not changed (:mod:`sitrep.cache.memo`): the site's files and its date.

    The result is the same as checking and rendering everything: only valid content is
    cached, its key covers all it was made from, and what changed is checked in full
    (so every error is still reported, all at once).
    """
    from sitrep.cache import keys, memo, stamp
    from sitrep.outputs import registry, render

    stages = Stages()
    digests = stamp.Digests() if digests is None else digests
    memo_store = memo.Memo(root / MEMO_CACHE)
    with stages("load"):
        conf = settings.load(root)  # shapes every report's downloads and metadata: part of the key
        code = keys.code(root, {"drafts": drafts, "settings": conf.key()}, digests)
        folders, seed_ids = _listing(root)
        seed_keys = {s: keys.seed(code, root, s, digests) for s in seed_ids}
        stored: dict[str, memo.Stored] = {}
        report_keys: dict[str, str | None] = {}
        for folder in folders:
            report_keys[folder] = keys.report(code, root, folder, seed_keys, digests)
            hit = memo_store.report(report_keys[folder])
            if hit is not None:
                stored[folder] = hit
        todo = {f for f in folders if f not in stored}
        unchecked = {s for s, k in seed_keys.items() if not memo_store.seed_ok(k)}
        # What is wrong with the project as a whole (a seed without its metadata, a missing
        # folder) is found by listing it, on every build, whatever the caches hold.
        # (Each batch's check lists the project too; with nothing to check, it is listed here.)
        errors: list[Diagnostic] = load.links_out(root)  # no input is read through a link out of the project
        errors += load.settings_errors(root)  # a key mkdocs.yml repeats: YAML would keep one silently
        errors += [] if todo or unchecked else load_tree(root, set(), set())[1]
        compiled = root / MEMO_CACHE / "jinja"  # the templates compiled by an earlier build
        env = render.environment(root / "templates", reader=digests.read, compiled=compiled)
        # A report's pages are rendered in every language of the site at once (render.report_pages).
        others = tuple(
            render.environment(root / "templates", reader=digests.read, language=lang.code, compiled=compiled)
            for lang in conf.languages[1:]
        )
    fresh: dict[str, bytes] = {}
    valid_seeds: set[str] = set()
    if todo or unchecked or errors:
        ordered = sorted(todo)
        # In batches, so memory holds one batch's facts and seeds, not the whole corpus's; a
        # seed no changed report cites is checked with the first batch.
        for start in range(0, max(1, len(ordered)), BATCH):
            batch = set(ordered[start : start + BATCH])
            with stages("validate"):
                needed = _seeds_needed(root, batch, set(unchecked) if start == 0 else set(), digests)
                try:  # strict as asked: a batch that fails reports its warnings with its errors
                    checked = check(root, strict=strict, only=batch, seeds_read=needed, reader=digests.read)
                except FactsError as exc:
                    errors += exc.diagnostics
                    continue
            valid_seeds |= set(checked.seeds)
            with stages("analyse"):
                rendered = render_reports(root, env, others, checked, drafts, workers, digests)
                for report, out in zip(checked.reports, rendered, strict=True):
                    folder = report.meta.id
                    dates = [e.published.isoformat() for e in report.meta.editions if not e.draft]
                    found = checked.warnings_of.get(folder, [])
                    stored[folder] = memo_store.keep_report(report_keys.get(folder), out, found, dates)
                    for path, md in out.pages.items():
                        if not memo_store.markdown(stored[folder].pages[path]).is_file():
                            fresh[path] = md  # the store could not keep it: hold it for this build
        if errors:
            stages.log("load", "validate", "analyse")
            cached_warnings = [w for st in stored.values() for w in st.warnings] if strict else []
            raise FactsError(errors + cached_warnings)
    warnings = sorted(w for folder in folders if folder in stored for w in stored[folder].warnings)
    warnings += missing_messages(root, conf)
    if strict and warnings:
        raise FactsError(warnings)

    with stages("outputs"):
        ctx = registry.Context(
            root, env, {f: stored[f] for f in folders}, memo_store, fresh, read=digests.read, workers=workers
        )
        with templates_checked(root / "templates", root):
            owners: dict[str, str] = {}
            docs = registry.run(ctx, owners=owners)
            translated = {}
            for lang, other_env in zip(conf.languages[1:], others, strict=True):
                other = dataclasses.replace(ctx, env=other_env)
                translated[lang.code] = {**registry.shared(docs, owners), **registry.run(other, translated=True)}
        for s in sorted(valid_seeds):
            memo_store.keep_seed(seed_keys.get(s))
        moments = [m for st in stored.values() for m in st.published]
        date = max(dt.datetime.fromisoformat(m) for m in moments) if moments else _newest_seed(root, seed_ids)
    stages.log("load", "validate", "analyse", "outputs")
    unlisted = [e.id for e in ctx.entries if e.example]
    return Assembled(docs, date, warnings, sorted(todo), memo=memo_store, unlisted=unlisted, translated=translated)


PARALLEL_FROM = 4  # reports in a batch from which a forked process renders every other one


def render_reports(
    root: Path, env, others: tuple, checked: Checked, drafts: bool, workers: int | None, digests
) -> list:
    """Each checked report's pages (:func:`sitrep.outputs.render.report_pages`), in order.

    On a machine with several cores, processes forked from the build render their share of a
    batch (every n-th report) while the build renders its own: the pages are the same bytes
    (tests/test_incremental.py). A template error is raised as the one process would have.
    """
    reports = checked.reports
    n = min(forked.workers(workers), len(reports))
    if n < 2 or len(reports) < PARALLEL_FROM:
        return _render_share(root, env, others, reports, checked.seeds, drafts, digests)[0]
    running = [
        forked.Running(_render_share, root, env, others, reports[i::n], checked.seeds, drafts, digests)
        for i in range(1, n)
    ]
    try:
        shares = [_render_share(root, env, others, reports[0::n], checked.seeds, drafts, digests)]
        shares += [job.result() for job in running]
    except BaseException:
        for job in running:
            job.cancel()
        raise
    out: list = [None] * len(reports)
    for i, (share, changed) in enumerate(shares):
        out[i::n] = share
        digests.changed |= changed  # a file a forked process found changed since the build hashed it
    return out


def _render_share(root: Path, env, others: tuple, reports: list[Report], seeds, drafts: bool, digests):
    from sitrep.outputs import render

    with templates_checked(root / "templates", root):
        pages = [render.report_pages(env, report, seeds, drafts, others) for report in reports]
    return pages, set(digests.changed)


def missing_messages(root: Path, conf: settings.Settings) -> list[Diagnostic]:
    """The interface words a language of the site does not translate (SR804, a finding)."""
    others = [lang.code for lang in conf.languages[1:]]
    if not others:
        return []
    return messages.missing(root, others, messages.used(root))


def _seeds_needed(root: Path, batch: set[str], needed: set[str], digests) -> set[str] | None:
    """The seeds a batch's reports list (with ``needed``), or None when one cannot be read: read them all."""
    from sitrep.cache import keys

    for folder in sorted(batch):
        report_yaml = root / "reports" / folder / "report.yaml"
        regular = report_yaml.is_file() and not report_yaml.is_symlink()
        listed = digests.derive(report_yaml, "seeds-3", keys.listed_seeds) if regular else None
        if listed is None:
            return None
        needed |= set(listed)
    return needed


def _listing(root: Path) -> tuple[list[str], list[str]]:
    reports, seeds = root / "reports", root / "seeds"
    folders = sorted(p.name for p in reports.iterdir() if p.is_dir()) if reports.is_dir() else []
    ids = sorted(p.stem for p in seeds.glob("*.txt")) if seeds.is_dir() else []
    return folders, ids


def _newest_seed(root: Path, seed_ids: list[str]) -> dt.datetime:
    """Without a published edition, the site's date is its newest seed's."""
    tree, _errors = load_tree(root, set(), set(seed_ids))
    dates = []
    for raw in tree.seeds.values():
        meta, errs = validate.parse_seed_meta(raw.meta)
        if meta is not None and not errs:
            dates.append(meta.published)
    return dt.datetime.combine(max(dates) if dates else dt.date(1970, 1, 1), dt.time(), tzinfo=dt.UTC)


ATTEMPTS = 3  # builds whose inputs changed while they ran are started again, this many times in all


def build(
    root: Path, site_dir: Path, strict: bool = False, drafts: bool = False, workers: int | None = None
) -> Assembled | None:
    """Check everything, then write the site; the previous site stays if anything fails.

    Returns None when nothing that shapes the site changed since the last build and the
    site is as that build left it (see :mod:`sitrep.cache.stamp`): then nothing is done.
    Otherwise only what changed is checked, rendered and turned into HTML; the rest
    comes from the caches under ``.cache`` (:mod:`sitrep.cache.memo`, :mod:`sitrep.site.mkdocs_boundary`).

    Nothing is cached, and the site is not replaced, if a file the build read changed
    while it ran: it starts again (a file saved mid-build must not pair one state's
    content with the other's key). And a build never replaces a site made by a build
    that started after it (see :func:`sitrep.swap.next_generation`).
    """
    from sitrep.cache import stamp
    from sitrep.site import swap

    site_dir = swap.guard_site_dir(root, site_dir)
    changed: list[str] = []
    for _attempt in range(ATTEMPTS):
        try:
            return _build_once(root, site_dir, strict, drafts, workers)
        except stamp.InputsChanged as exc:
            changed = exc.files
            log.info("files changed during the build (%s): building again", ", ".join(changed[:3]))
    names = ", ".join(_relative(root, f) for f in changed[:5])
    raise EnvironmentFault(
        f"files kept changing during the build ({names}); the previous site was left as it was: build again"
    )


def _relative(root: Path, file: str) -> str:
    path = Path(file)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else file


def _build_once(root: Path, site_dir: Path, strict: bool, drafts: bool, workers: int | None) -> Assembled | None:
    from sitrep.cache import cachefiles, fresh, stamp
    from sitrep.site import swap

    generation = swap.next_generation(site_dir)  # taken before any input is read
    digests, digest, current = fresh.check(root, site_dir, strict, drafts)
    if current:
        return None
    # A build that follows a recorded build of this site trusts cached files by their identity;
    # any other checks their bytes too (sitrep.cache.cachefiles, "How much is checked").
    with cachefiles.checking(content=not stamp.follows(root, site_dir)):
        return _assemble_and_publish(root, site_dir, strict, drafts, workers, digests, digest, generation)


def _assemble_and_publish(
    root: Path, site_dir: Path, strict: bool, drafts: bool, workers: int | None, digests, digest: str, generation: int
) -> Assembled:
    from sitrep.cache import stamp
    from sitrep.site import swap

    assembled = assemble(root, strict=strict, drafts=drafts, workers=workers, digests=digests)
    found = releases.releases(root)

    def before_swap(stats) -> bool:
        """Under the build lock: swap only a site made from inputs that held still, and newer than the live one."""
        if not digests.unchanged():
            raise stamp.InputsChanged(sorted(digests.changed))
        assembled.memo.commit()  # valid for their keys, whichever build wins
        stats.cache.commit()
        if swap.published_generation(site_dir) > generation:
            assembled.superseded = True
            log.info("a build started after this one has already replaced the site; keeping it")
            return False
        return True

    def after_swap(_stats) -> None:
        swap.set_published_generation(site_dir, generation)
        stamp.record(root, site_dir, digest)  # still under the lock: the stamp describes this very site
        digests.keep()

    stages = Stages()
    with stages("site"):
        assembled.html = swap.publish(
            root / "mkdocs.yml",
            assembled.docs,
            site_dir,
            swap.build_date(assembled.date),
            extra=mkdocs_extra(releases.mkdocs_extra(found), assembled.unlisted),
            finish=lambda out: releases.link_into(out, found, releases.LIVE),
            cache_dir=root / HTML_CACHE,
            before_swap=before_swap,
            after_swap=after_swap,
            translated=assembled.translated,
            workers=workers,
        )
    stages.log("site")
    return assembled


def release(root: Path, name: str) -> Path:
    """Build the whole site once into releases/NAME, to be kept as it is."""
    from sitrep.site import swap

    releases.check_name(name)
    target = root / releases.RELEASES_DIR / name
    if target.exists():
        raise EnvironmentFault(f"release {name!r} exists; a release is never rebuilt (choose a new name)")
    from sitrep.cache import stamp

    digests = stamp.Digests()
    assembled = assemble(root, strict=True, digests=digests)  # from the caches, as the live site's build
    epoch = swap.build_date(assembled.date)
    created = dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()
    extra = mkdocs_extra(releases.mkdocs_extra([releases.Release(name, target, created)]), assembled.unlisted)
    stages = Stages()
    with stages("site"):
        swap.publish(
            root / "mkdocs.yml",
            assembled.docs,
            target,
            epoch,
            extra=extra,
            finish=lambda out: releases.stamp(out, created),
            cache_dir=root / HTML_CACHE,
            before_swap=lambda stats: _commit_release(assembled, stats, digests.unchanged()),
            translated=assembled.translated,
        )
    stages.log("site")
    return target


def _commit_release(assembled: Assembled, stats, unchanged: bool) -> bool:
    if not unchanged:
        raise EnvironmentFault("files changed while the release was built; nothing was written: release again")
    assembled.memo.commit()
    stats.cache.commit()
    return True


def publish(root: Path, report_id: str, force: bool = False, reason: str | None = None) -> list[int]:
    """Fingerprint every non-draft edition of a report into its editions.lock.

    Editions already published must still match (``check`` refuses otherwise), and their
    lines are kept byte for byte; newly published editions' lines are added. One rule for
    every change to a line committed at git's HEAD (the lock deleted, edited, or facts
    changed under it): only ``force`` with a ``reason`` rewrites the lock, and the reason
    is recorded in it.
    """
    if force and not (reason and reason.strip()):
        raise EnvironmentFault('publish --force needs --reason "...": why published editions change')
    if reason is not None and not force:
        raise EnvironmentFault("--reason goes with --force")
    checked = check(root, publishing=True, locks=not force)
    report = next((r for r in checked.reports if r.meta.id == report_id), None)
    if report is None:
        raise EnvironmentFault(f"no report '{report_id}' under reports/")
    numbers = editions.published_numbers(report)
    path = root / "reports" / report_id / editions.LOCK_NAME
    committed = committed_lock(root, report_id)
    metas = {k: s.meta for k, s in checked.seeds.items()}
    registry = measures.load(root)[0]  # valid: the check above passed
    if force:
        text = editions.lock_text(report, numbers, metas, reason=reason, registry=registry)
        text += editions.translation_lines(editions.parse_lock(text), report, numbers[-1]) if numbers else ""
    else:
        try:
            existing = path.read_text(encoding="utf-8") if path.is_file() else (committed or "")
        except (OSError, UnicodeDecodeError) as exc:
            raise EnvironmentFault(f"cannot read {path.relative_to(root)}: {exc}") from None
        text = editions.extend_lock(existing, report, numbers, metas, registry)
        # The translations not locked yet, with the newest published edition (which shows them).
        text += editions.translation_lines(editions.parse_lock(text), report, numbers[-1]) if numbers else ""
        stale = editions.mismatched(text, report, metas, registry)  # lines kept from HEAD that the facts no longer give
        if stale:
            raise EnvironmentFault(
                f"{path.relative_to(root)}: published edition {stale[0]} (committed at HEAD) no longer matches the "
                'facts; fix them, or change published editions with `publish --force --reason "..."`'
            )
        if committed is not None:
            kept, now = editions.locked_lines(committed), editions.locked_lines(text)
            if now[: len(kept)] != kept:
                lost = next((line for i, line in enumerate(kept) if i >= len(now) or now[i] != line), kept[0])
                raise EnvironmentFault(
                    f"{path.relative_to(root)}: publishing would change a line committed at HEAD ({lost!r}); "
                    'published editions change only with `publish --force --reason "..."`'
                )
    atomic.write_bytes(path, text.encode("utf-8"))
    return numbers


def committed_lock(root: Path, report_id: str) -> str | None:
    """The report's editions.lock as committed at HEAD, or None (no git, no repository, not committed)."""
    return committed_file(root, f"reports/{report_id}/{editions.LOCK_NAME}")


def committed_facts(root: Path, folder: str) -> validate.Committed:
    """The report's fact files as committed at HEAD, each read (by git) once and only when asked:
    the lock check asks only to place an error at the field an edit changed."""
    cache: dict[str, load.Document | None] = {}

    def read(name: str) -> load.Document | None:
        if name not in cache:
            file = f"reports/{folder}/{name}.yaml"
            text = committed_file(root, file)
            doc, errors = load.parse(text, file, "" if name == "report" else name) if text is not None else (None, [])
            cache[name] = None if errors else doc
        return cache[name]

    return read


def committed_file(root: Path, path: str) -> str | None:
    """A file under ``root`` as committed at HEAD, or None (no git, no repository, not committed)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "show", f"HEAD:./{path}"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None
