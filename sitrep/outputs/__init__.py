"""The site's outputs, each a registered generator, run by the orchestrator's ``outputs`` stage.

An output declares what it reads, which site paths it writes (patterns), the escaping it
applies to what it writes (its own: Markdown, HTML, XML, CSV or JSON), and the inputs of
its cache key. :func:`run` runs every output in :data:`REGISTERED`, reuses what it made
before for the same key (:class:`sitrep.cache.memo.Memo`), checks that it wrote only what it
declared and that no two outputs write one path, and merges them into the site's files.

Adding an output is one new module in this package and one line in :data:`REGISTERED`.
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
    from sitrep.outputs import about, assets, charts, dataindex, indexpages, reportpages, sitefeed, writing

    return [
        reportpages.OUTPUT,  # each edition's page, its downloads and the report's feed
        charts.OUTPUT,  # the charts the pages link to
        dataindex.OUTPUT,  # every report's latest key figures, as CSV and JSON
        sitefeed.OUTPUT,  # the site-wide Atom feed
        indexpages.OUTPUT,  # the home page and the list of reports
        about.OUTPUT,  # the about page
        writing.OUTPUT,  # the Writing reports page: fields and measures, from the model
        assets.OUTPUT,  # the templates' static assets
    ]


REGISTERED: list[Output] = []  # filled on first use (the generators import the pipeline's modules)


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
        for path in files:
            if not any(fnmatch.fnmatchcase(path, pattern) for pattern in out.writes):
                raise OutputClash(f"output {out.name!r} wrote {path!r}, which it does not declare")
            if path in owner:
                raise OutputClash(f"outputs {owner[path]!r} and {out.name!r} both write {path!r}")
            owner[path] = out.name
        merged.update(files)
    return merged
