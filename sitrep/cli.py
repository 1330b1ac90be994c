"""The command line: ``python build.py [build|check|serve|new|seed|edition|publish|release|diff|fmt|textconv|schema]``.

Exit codes: 0 ok, 1 the facts (or templates) have errors, 2 usage or environment
error, 3 internal error (a bug). This module alone turns the core's exceptions
(:mod:`sitrep.errors`) into messages and exit codes; ``--debug`` shows the
traceback of an internal error. Commands import their stage modules when they run,
so ``--help`` and ``check`` never pay for matplotlib or mkdocs.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from sitrep import errors, projectlock
from sitrep.errors import Diagnostic, EnvironmentFault, FactsError, SitrepError, TemplateFault
from sitrep.facts import text

log = logging.getLogger("sitrep")


def _logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    for name in ("sitrep", "mkdocs"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (holding mkdocs.yml, reports/, seeds/, templates/).",
)
site_option = click.option(
    "--site-dir",
    type=str,  # not click.Path: it turns "" (an unset variable) into ".", the working folder
    default=None,
    help="Where the site goes (default: ROOT/site). Never the project, a folder above it, or an input folder.",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Fail on findings too: seed coverage gaps, unacknowledged discrepancies."
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")


def _all_errors(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    errors.SHOWN = None if value else 200


all_errors_option = click.option(
    "--all-errors",
    is_flag=True,
    expose_value=False,
    callback=_all_errors,
    help="Print every error (by default the first 200, then how many more).",
)


def _root(root: Path) -> Path:
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise EnvironmentFault(f"{root} has no mkdocs.yml: run from the project folder or pass --root")
    return root


def _site_dir(root: Path, site_dir: str | None) -> Path:
    from sitrep.site.swap import guard_site_dir

    return guard_site_dir(root, root / "site" if site_dir is None else site_dir)


def writes(command: Callable[..., None]) -> Callable[..., None]:
    """A command that writes into the project: it runs holding the project's lock (one at a time)."""

    @functools.wraps(command)
    def locked(*args, **kwargs) -> None:
        if kwargs.get("check_only") or kwargs.get("kind"):  # --check, or one schema printed: nothing written
            return command(*args, **kwargs)
        with projectlock.held(_root(kwargs.get("root", Path(".")))):
            return command(*args, **kwargs)

    return locked


def plural(n: int, word: str) -> str:
    # The wording of counts is the outputs' (sitrep.outputs.filters), imported when a message needs it:
    # with the fact model behind it, it costs more than a build that changes nothing.
    from sitrep.outputs import filters

    return filters.plural(n, word)


class _SchemaKinds(click.Choice):
    """`schema`'s KIND: report, seed and every section of the fact model, read from the model when
    click first asks (the model is not imported by commands that do not need it)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from sitrep.facts.model import SECTIONS

        return ("report", "seed", *SECTIONS)

    @choices.setter
    def choices(self, _value) -> None:
        pass  # click.Choice sets its choices when made: these are the model's, read when asked


def _warn(checked) -> None:
    for w in checked.warnings:
        click.echo(f"{w} (warning)", err=True)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
# Read by main() before click parses anything, so it works in any position; declared here for --help.
@click.option("--debug", is_flag=True, help="On an internal error, show the traceback (for a bug report).")
@click.pass_context
def cli(ctx: click.Context, debug: bool = False) -> None:
    """Build a situation-report site from YAML facts and verbatim seed articles.

    Without a command, runs `build`.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


def _publishing_notice(root: Path, for_publication: bool, drafts: bool) -> str | None:
    """Placeholder settings are a notice, shown after a build (never an error, even with --strict:
    a fresh clone builds), except in the build for publication, which refuses them, and drafts."""
    from sitrep.site import settings

    found = settings.load(root).placeholders()
    if for_publication:
        if drafts:
            _refuse("drafts are never published: drop --drafts")
        if found:
            _refuse("; ".join(found) + " (mkdocs.yml): set the site's real address and the publisher's own domain")
    return f"notice: {'; '.join(found)} (mkdocs.yml); `build --publish` refuses it." if found else None


def _refuse(why: str) -> None:
    raise EnvironmentFault(f"build --publish: {why}")


@cli.command()
@root_option
@site_option
@strict_option
@verbose_option
@all_errors_option
@click.option("--drafts", is_flag=True, help="Show draft editions too (to preview a change for review).")
@click.option(
    "--publish",
    "for_publication",
    is_flag=True,
    help="The build for publication: strict, and refused with drafts or placeholder settings (site_url).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes the build keeps busy, at most (default: one per core); the site is the same whatever the number.",
)
@writes
def build(
    root: Path = Path("."),
    site_dir: str | None = None,
    strict: bool = False,
    verbose: bool = False,
    drafts: bool = False,
    for_publication: bool = False,
    jobs: int | None = None,
) -> None:
    """Validate the facts and build the site (into ROOT/site by default)."""
    from sitrep.cache import fresh

    _logging(verbose)
    root = _root(root)
    site_path = _site_dir(root, site_dir)
    notice = _publishing_notice(root, for_publication, drafts)
    strict = strict or for_publication
    started = time.perf_counter()
    # A build that would change nothing is recognised before the pipeline (and the fact model,
    # mkdocs and the rest behind it) is even imported: on a large site, importing them would
    # cost more than the check.
    built = None
    if not fresh.current(root, site_path, strict=strict, drafts=drafts):
        from sitrep import pipeline

        built = pipeline.build(root, site_path, strict=strict, drafts=drafts, workers=jobs)
    if built is None:
        click.echo(f"Nothing changed since the last build; {site_path} is up to date.", err=True)
    elif built.superseded:
        _warn(built)
        click.echo(
            f"A build started after this one replaced {site_path} first; it is left as that build made it.", err=True
        )
    else:
        _warn(built)
        pages = built.html.reused + len(built.html.rendered)
        click.echo(
            f"Built {site_path} in {time.perf_counter() - started:.1f} s: {plural(len(built.checked), 'report')} "
            f"checked and rendered, {len(built.html.rendered)} of {plural(pages, 'page')} rendered, "
            f"{built.html.reused} reused unchanged"
            + "".join(
                f"; /{code}/: {len(one.rendered)} rendered, {one.reused} reused"
                for code, one in sorted(built.html.languages.items())
            ),
            err=True,
        )
        unbuilt = [] if drafts else _draft_only(root, site_path)
        if unbuilt:
            click.echo(
                f"note: {', '.join(unbuilt)}: no published edition yet, so not in the site "
                "(a draft is previewed with `build --drafts`)",
                err=True,
            )
    if notice:
        click.echo(notice, err=True)


def _draft_only(root: Path, site_path: Path) -> list[str]:
    """Reports the site has no page for: every edition of theirs is still a draft."""
    reports = root / "reports"
    if not reports.is_dir():
        return []
    ids = sorted(p.parent.name for p in reports.glob("*/report.yaml") if not p.parent.name.startswith((".", "_")))
    return [r for r in ids if not (site_path / "reports" / r / "index.html").is_file()]


@cli.command()
@root_option
@strict_option
@all_errors_option
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="How to print findings: text, a JSON document, or GitHub workflow annotations (for CI).",
)
def check(root: Path = Path("."), strict: bool = False, fmt_: str = "text") -> None:
    """Validate the facts only; list seed passages no fact cites."""
    from sitrep import pipeline
    from sitrep.review import findings

    _logging(False)
    if fmt_ == "text":
        checked = pipeline.check(_root(root), strict=strict)
        _warn(checked)
        n = len(checked.reports)
        click.echo(f"{plural(n, 'report')} checked: no errors, {plural(len(checked.warnings), 'finding')}.", err=True)
        return
    try:
        checked = pipeline.check(_root(root), strict=strict)
    except FactsError as exc:  # the same findings, on stdout for the machine that asked
        click.echo(
            findings.as_json(exc.diagnostics, [], None) if fmt_ == "json" else findings.as_github(exc.diagnostics, []),
            nl=False,
        )
        raise SystemExit(1) from None  # the facts have errors
    if fmt_ == "json":
        click.echo(findings.as_json([], checked.warnings, len(checked.reports)), nl=False)
    else:
        click.echo(findings.as_github([], checked.warnings), nl=False)


def scan(watched: list[Path]) -> tuple:
    """Every watched file's path and (size, modification time), for noticing changes.

    Files come and go while an editor saves (temporary files, renames): one that vanishes
    between the listing and its stat is simply not there, never an error.
    """
    out = []
    for top in watched:
        for folder, dirs, files in os.walk(top) if top.is_dir() else [(str(top.parent), [], [top.name])]:
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out.append((path, st.st_size, st.st_mtime_ns))
    return tuple(out)


@cli.command()
@root_option
@site_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(root: Path = Path("."), site_dir: str | None = None, port: int = 8000) -> None:
    """Build, serve the site on localhost, and rebuild when facts, seeds or templates change."""
    from sitrep import pipeline
    from sitrep.facts import inputs

    _logging(False)
    root = _root(root)
    site_path = _site_dir(root, site_dir)

    def rebuild() -> None:
        try:
            with projectlock.held(root):  # not while another command writes (nor across two rebuilds)
                pipeline.build(root, site_path)
            click.echo("Rebuilt; reload the page.", err=True)
        except Exception as exc:  # keep serving the last good site; the preview must outlive any one build
            report(exc)
            click.echo("Rebuild failed; still serving the last good site.", err=True)

    rebuild()
    watched = [root / path for path in inputs.paths(exported_only=True)]  # every input but the releases

    def watch() -> None:
        last = scan(watched)
        while True:
            time.sleep(1)
            try:
                now = scan(watched)
                if now != last:
                    last = now
                    rebuild()
            except Exception as exc:  # a watcher that dies leaves a stale preview
                log.exception("watching for changes failed: %s", exc)
                click.echo("Watching for changes failed once; still watching.", err=True)

    threading.Thread(target=watch, daemon=True).start()
    # The handler resolves the folder by name on every request, so it follows the swap.
    import http.server  # serve only: a build does not pay for it

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)", err=True)
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()


@cli.group()
def seed() -> None:
    """Manage seed articles (the verbatim sources every fact quotes)."""


@seed.command("add")
@root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", required=True, help="The article's publication date, YYYY-MM-DD.")
@click.option("--title", help="The article's headline (default: its first line).")
@click.option("--publisher", help="Who published it (a newspaper, an agency).")
@click.option("--wire", help="The wire service it came through, if any.")
@click.option("--url", help="Where it was published (http or https).")
@click.option("--language", default="en", show_default=True, help="Its language (BCP 47: en, ar, pt-BR).")
@click.option("--slug", "slug_text", help="Words for the id (default: the file's name).")
@writes
def seed_add(
    root: Path = Path("."),
    file: Path = Path(),
    published: str = "",
    title: str | None = None,
    publisher: str | None = None,
    wire: str | None = None,
    url: str | None = None,
    language: str = "en",
    slug_text: str | None = None,
) -> None:
    """Copy FILE into seeds/ verbatim as NNN_<slug>.txt, with its metadata and sha256."""
    from sitrep.authoring import seedadd

    added = seedadd.add(_root(root), file, published, title, publisher, wire, url, language, slug_text)
    click.echo(
        f"Added seeds/{added.text_file.name} and seeds/{added.meta_file.name} (sha256 {added.sha256}).", err=True
    )
    if added.title_from_text:
        click.echo(f"Its title was taken from its first line: check it in seeds/{added.meta_file.name}.", err=True)
    click.echo(f"Cite it in evidence as `seed: {added.seed_id}`.", err=True)


@cli.command()
@root_option
@click.argument("report")
@click.option("--seed", "seed_id", required=True, help="The id of the seed article the report starts from.")
@click.option(
    "--published", help="Its first edition's date and time with UTC offset (default: now, to the minute, in UTC)."
)
@writes
def new(root: Path = Path("."), report: str = "", seed_id: str = "", published: str | None = None) -> None:
    """Start a report from a seed: reports/REPORT/ with a draft first edition and commented examples."""
    from sitrep.authoring import newreport

    created = newreport.create(_root(root), report, seed_id, published)
    click.echo(
        f"Started reports/{report}/ from seed {seed_id}: {', '.join(created.files)}; edition 1 is a draft "
        f"dated {created.published.isoformat()}. `build.py check` lists what of the seed no fact cites yet; "
        f"preview with `build --drafts`.",
        err=True,
    )


@cli.command()
@root_option
@click.argument("report")
@click.option("--headline", prompt=True, help="The new edition's headline.")
@click.option("--summary", prompt=True, help="What the new edition adds or changes, in a sentence or two.")
@click.option("--published", help="Its date and time with UTC offset (default: now, to the minute, in UTC).")
@writes
def edition(
    root: Path = Path("."), report: str = "", headline: str = "", summary: str = "", published: str | None = None
) -> None:
    """Start REPORT's next edition, as a draft (shown with `build --drafts` until published)."""
    from sitrep.authoring import newedition

    started = newedition.start(_root(root), report, headline, summary, published)
    click.echo(
        f"{report}: edition {started.number} started as a draft, dated {started.published.isoformat()}. "
        f"Give the facts it adds `since: {started.number}`, preview with `build --drafts`, "
        f"then remove `draft: true` and run `publish {report}`.",
        err=True,
    )


@cli.command()
@root_option
@click.argument("report")
@click.argument("edition", type=int, required=False)
@click.option("--force", is_flag=True, help="Rewrite lines committed at HEAD (published editions change).")
@click.option("--reason", default=None, help="With --force: why; recorded in editions.lock.")
@click.option("--undo", is_flag=True, help="Take back the newest publication, EDITION, before it is committed.")
@writes
def publish(
    root: Path = Path("."),
    report: str = "",
    edition: int | None = None,
    force: bool = False,
    reason: str | None = None,
    undo: bool = False,
) -> None:
    """Publish a report's non-draft editions: freeze their facts in editions.lock.

    With --undo REPORT EDITION: remove EDITION's fingerprints and make it a draft again,
    while it is the newest edition and its lines are not committed at HEAD.
    """
    from sitrep import pipeline

    _logging(False)
    if undo:
        from sitrep.authoring import unpublish

        if edition is None or force or reason is not None:
            raise click.UsageError("publish --undo takes REPORT EDITION, and neither --force nor --reason")
        root = _root(root)
        unpublish.undo(root, report, edition, pipeline.committed_lock(root, report))
        click.echo(
            f"{report}: edition {edition} is a draft again and no longer published; edit its facts, then "
            f"remove `draft: true` and run `publish {report}`.",
            err=True,
        )
        return
    if edition is not None:
        raise click.UsageError(f"publish takes REPORT only (EDITION goes with --undo), got {edition}")
    numbers = pipeline.publish(_root(root), report, force=force, reason=reason)
    which = f"edition {numbers[0]}" if len(numbers) == 1 else "editions " + ", ".join(map(str, numbers))
    click.echo(f"{report}: {which} published; commit editions.lock.", err=True)


@cli.command()
@root_option
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file is not canonical.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@writes
def fmt(root: Path = Path("."), check_only: bool = False, paths: tuple[Path, ...] = ()) -> None:
    """Put fact files into their one canonical layout, keeping comments."""
    from sitrep.authoring import fmt as formatter

    _logging(False)
    outcome = formatter.run(_root(root), list(paths), check=check_only)
    for name in outcome.formatted:
        click.echo(f"formatted {name}")
    if outcome.problems:
        _lines(outcome.problems)
        raise SystemExit(1)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def textconv(path: Path) -> None:
    """Print a fact file as one resolved fact per line (git's textconv for fact files)."""
    from sitrep.review import textconv as conv

    click.echo(conv.render(path), nl=False)


@cli.command()
@root_option
@click.argument("old", default="HEAD")
@click.argument("new", default="worktree")
@click.option("--format", "fmt_", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--report", "report_id", default=None, metavar="ID", help="Only this report (its folder's name).")
def diff(
    root: Path = Path("."), old: str = "HEAD", new: str = "worktree", fmt_: str = "text", report_id: str | None = None
) -> None:
    """What changed in the facts between OLD and NEW, in words per fact.

    OLD and NEW are git revisions, `worktree`, or `edition:N`. Exit 0 no change,
    1 changes, 2 error (like diff(1)).
    """
    from sitrep.review import revisions

    _logging(False)
    result = revisions.diff(_root(root), old, new, report_id)
    out = revisions.format_markdown(result, old, new) if fmt_ == "markdown" else revisions.format_text(result)
    click.echo(out, nl=False)
    raise SystemExit(1 if result else 0)


@cli.command()
@root_option
@click.argument("name")
@writes
def release(root: Path = Path("."), name: str = "") -> None:
    """Cut a site release: a snapshot of the whole site in releases/NAME, then rebuild the live site.

    Releases appear in the version selector; they are built once and never rebuilt.
    """
    from sitrep import pipeline

    _logging(False)
    root = _root(root)
    target = pipeline.release(root, name)
    pipeline.build(root, (root / "site").resolve())
    click.echo(
        f"Release {name} is in {target}; the live site in site/ now offers it in the version selector.", err=True
    )


@cli.command()
@root_option
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if schemas/ is not current.")
@click.argument("kind", type=_SchemaKinds(), required=False)
@writes
def schema(root: Path = Path("."), check_only: bool = False, kind: str | None = None) -> None:
    """Write the JSON Schemas of the fact files into schemas/ (for editors' YAML tooling).

    With KIND, print that one schema instead. Every field has a description and examples,
    from the model; the fact files name their schema in their first line (see `fmt`).
    """
    from sitrep.authoring import schemas

    if kind is not None:
        if check_only:
            raise click.UsageError("schema --check takes no KIND")
        click.echo(schemas.text(kind), nl=False)
        return
    root = _root(root)
    if check_only:
        stale = schemas.stale(root)
        if stale:
            _lines([f"{name}: not current (run: python build.py schema)" for name in stale])
            raise SystemExit(1)
        return
    for name in schemas.write(root):
        click.echo(f"wrote {name}")


def _lines(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


def _version() -> str:
    """sitrep's version: the installed distribution's, else this checkout's pyproject.toml."""
    import importlib.metadata
    import tomllib

    try:
        return importlib.metadata.version("sitrep")
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


DEBUG = False  # --debug: an internal error shows its traceback


def report(exc: BaseException) -> int:
    """Print what went wrong for a reader, and return the exit code it means."""
    if isinstance(exc, FactsError):
        _lines(errors.format_diagnostics(exc.diagnostics, errors.SHOWN).splitlines())
        return 1
    if isinstance(exc, TemplateFault):
        _lines([str(exc), "1 error in a template; nothing was written."])
        return 1
    if isinstance(exc, EnvironmentFault | SitrepError):
        _lines([f"Error: {exc}"])
        return 2
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.ClickException):  # usage errors
        exc.show()
        return 2
    if isinstance(exc, click.Abort | KeyboardInterrupt):
        return 2
    if isinstance(exc, OSError):
        _lines([f"error: {exc}"])
        return 2
    # Last resort: a bug. Say so plainly; the traceback is for whoever fixes it (--debug).
    if DEBUG:
        traceback.print_exception(exc, file=sys.stderr)
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" (at {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    _lines(
        [
            f"internal error: {type(exc).__name__}: {exc}{at}",
            f"This is a bug in sitrep {_version()} (Python {sys.version.split()[0]}), not in your facts.",
            "Please report it with the command you ran and this message"
            + ("." if DEBUG else "; run it again with --debug to add the traceback."),
        ]
    )
    return 3


def refuse_non_text(args: list[str]) -> None:
    """Every argument is text: a control character, a noncharacter or bytes that are not UTF-8 (which
    Python hands over as lone surrogates) are refused, all at once, before any command reads them."""
    found = []
    for i, arg in enumerate(args):
        why = text.problem(arg)
        if why is None:
            continue
        option, _, _ = arg.partition("=") if arg.startswith("--") else ("", "", "")
        if not option and i > 0 and args[i - 1].startswith("-"):
            option = args[i - 1]
        found.append(Diagnostic("(command line)", 1, i + 1, option or f"argument {i + 1}", why, "SR118"))
    if found:
        raise FactsError(found)


def main(argv: list[str] | None = None) -> None:
    global DEBUG
    args = list(sys.argv[1:] if argv is None else argv)
    end = args.index("--") if "--" in args else len(args)
    DEBUG = "--debug" in args[:end]  # accepted anywhere before "--", for any command
    if DEBUG:
        args.remove("--debug")
    try:
        refuse_non_text(args)
        cli.main(args, standalone_mode=False, prog_name="build.py")
    except SystemExit:
        raise
    except BaseException as exc:
        raise SystemExit(report(exc)) from None
