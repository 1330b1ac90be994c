"""The site's outputs, each a registered generator, run by the orchestrator's ``outputs`` stage.

An output declares what it reads, which site paths it writes (patterns), the escaping it
applies to what it writes (its own: Markdown, HTML, XML, CSV or JSON), and the inputs of
its cache key. :func:`run` runs every output in :data:`REGISTERED`, reuses what it made
before for the same key (:class:`sitrep.cache.memo.Memo`), checks that it wrote only what it
declared and that no two outputs write one path, and merges them into the site's files.

Adding an output is one new module in this package and one line in :func:`_registered`.
Outputs made per report (its downloads, citations and feed) are :class:`ReportOutput`
generators, registered the same way in :func:`_registered_per_report`: they run with the
report's pages and are kept with them, under the report's key.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.cache import keys


@dataclass
class Context:
    """What outputs read: the project, the templates' environment, and every valid report's
    cached share of the site (its pages, charts and index entry: :class:`sitrep.cache.memo.Stored`)."""

    root: Path
    env: Any  # jinja2.Environment, with the site's settings and measures in its globals
    reports: dict[str, Any]  # report folder -> memo.Stored, in folder order
    memo: Any  # memo.Memo: the store the reports' Markdown and outputs' files are kept in
    fresh: dict[str, bytes] = field(default_factory=dict)  # pages the store could not keep this build
    read: Callable[[Path], bytes] = Path.read_bytes  # reads inputs (through the build's Digests)
    workers: int | None = None

    @property
    def settings(self):
        return self.env.globals["settings"]

    @property
    def entries(self) -> list:
        """Every report's index entry (its latest edition), in folder order."""
        return [st.rendered.entry for st in self.reports.values() if st.rendered.entry]


class Output:
    """A generator of some of the site's files (subclass it, and register the instance)."""

    name: str = ""
    version: int = 1  # bump when what it writes changes for the same inputs
    reads: str = ""  # what it reads, in words
    writes: tuple[str, ...] = ()  # site path patterns (fnmatch) of every file it may write
    escaping: tuple[Callable[..., Any], ...] = ()  # the functions that make untrusted text safe in its formats
    code: tuple[str, ...] = ()  # modules of this package that shape its bytes (part of its key)

    def key(self, ctx: Context) -> list[bytes | str] | None:
        """Its cache key's inputs besides its code and the libraries; None: made on every build
        (or kept by a cache of its own)."""
        return None

    def generate(self, ctx: Context) -> dict[str, bytes | Path]:
        """Its files, by site path: bytes, or a file in a cache (hard-linked into the site)."""
        raise NotImplementedError


def _registered() -> list[Output]:
    from sitrep.outputs import about, assets, charts, dataguide, dataindex, indexpages, reportpages, sitefeed, writing

    return [
        reportpages.OUTPUT,  # each edition's page, its downloads and the report's feed
        charts.OUTPUT,  # the charts the pages link to
        dataindex.OUTPUT,  # every report's latest key figures, as CSV and JSON
        sitefeed.OUTPUT,  # the site-wide Atom feed
        indexpages.OUTPUT,  # the home page and the list of reports
        about.OUTPUT,  # the about page
        writing.OUTPUT,  # the Writing reports page: fields and measures, from the model
        dataguide.OUTPUT,  # the Data page for analysts: the files, the current-value rule, HXL tags, examples
        assets.OUTPUT,  # the templates' static assets
    ]


REGISTERED: list[Output] = []  # filled on first use (the generators import the pipeline's modules)


class ReportOutput:
    """A generator of each report's files beside its pages (subclass it, and register the instance).

    It runs when its report is rendered (the ``analyse`` stage) and its files are kept with the
    report's pages under the report's key (:func:`sitrep.cache.keys.report`: the facts, the
    seeds they cite, the templates, the settings, this package's code and the libraries), so
    an unchanged report's files are reused without running it. ``scope`` says where they go:

    * ``"edition"``: once per edition shown, into that edition's folder
      (``reports/<id>/editions/<n>/``), and the latest edition's again into the report's
      folder, its stable address; the page lists and links them (``pagedata.Outputs``);
    * ``"report"``: once per report, from its latest edition, into the report's folder.
    """

    name: str = ""
    scope: str = "edition"
    reads: str = ""  # what it reads, in words
    writes: tuple[str, ...] = ()  # path patterns (fnmatch) in its folder of every file it may write
    escaping: tuple[Callable[..., Any], ...] = ()  # the functions that make untrusted text safe in its formats

    def generate(self, view: Any, settings: Any) -> dict[str, bytes]:
        """Its files for one report view (:class:`sitrep.outputs.render.ReportView`), by path in its folder."""
        raise NotImplementedError


def _registered_per_report() -> list[ReportOutput]:
    from sitrep.outputs import citations, editiondata, reportfeed

    return [
        editiondata.OUTPUT,  # each edition's data: CSV per kind of fact, JSON, GeoJSON, Data Package
        citations.OUTPUT,  # each edition's citation as BibTeX and CSL-JSON
        reportfeed.OUTPUT,  # the report's Atom feed of new editions
    ]


REPORT_OUTPUTS: list[ReportOutput] = []  # filled on first use, like REGISTERED


def per_report() -> list[ReportOutput]:
    if not REPORT_OUTPUTS:
        REPORT_OUTPUTS.extend(_registered_per_report())
    return REPORT_OUTPUTS


def report_files(view: Any, settings: Any, scope: str) -> dict[str, dict[str, bytes]]:
    """Each ``scope`` per-report output's files for ``view``, by output name, checked against what
    each declares and against each other."""
    made: dict[str, dict[str, bytes]] = {}
    owner: dict[str, str] = {}
    for out in per_report():
        if out.scope != scope:
            continue
        files = out.generate(view, settings)
        _claim(out.name, out.writes, files, owner)
        made[out.name] = files
    return made


def _claim(name: str, writes: tuple[str, ...], files, owner: dict[str, str]) -> None:
    for path in files:
        if not any(fnmatch.fnmatchcase(path, pattern) for pattern in writes):
            raise OutputClash(f"output {name!r} wrote {path!r}, which it does not declare")
        if path in owner:
            raise OutputClash(f"outputs {owner[path]!r} and {name!r} both write {path!r}")
        owner[path] = name


def registered() -> list[Output]:
    if not REGISTERED:
        REGISTERED.extend(_registered())
    return REGISTERED


class OutputClash(Exception):
    """An output wrote a path it did not declare, or one another output wrote: a bug, not bad input."""


def run(ctx: Context) -> dict[str, bytes | Path]:
    """Every registered output's files, merged; each reused from the cache while its key holds."""
    merged: dict[str, bytes | Path] = {}
    owner: dict[str, str] = {}
    for out in registered():
        parts = out.key(ctx)
        files: dict[str, bytes | Path] | None = None
        key = None
        if parts is not None:
            code = [keys.syntax((keys.package() / m).read_bytes()) for m in out.code]
            key = keys.output(out.name, out.version, [*code, keys.libraries(), *parts])
            files = ctx.memo.output(key)
        if files is None:
            files = out.generate(ctx)
            if key is not None:
                ctx.memo.keep_output(key, files)
        _claim(out.name, out.writes, files, owner)
        merged.update(files)
    return merged
