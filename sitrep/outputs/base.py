"""What every output is: the :class:`Context` it reads, the :class:`Output` and :class:`ReportOutput`
generators it subclasses, and the check that it writes only what it declares (:func:`claim`).

A module of its own so that the outputs import it, and the registries (:mod:`sitrep.outputs.registry`,
:mod:`sitrep.outputs.perreport`) import the outputs: no module imports one that imports it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
    inputs: tuple[str, ...] = ()  # what it reads, by name (sitrep.facts.inputs.READABLE; a test holds it to that)
    writes: tuple[str, ...] = ()  # site path patterns (fnmatch) of every file it may write
    escaping: tuple[Callable[..., Any], ...] = ()  # the functions that make untrusted text safe in its formats
    code: tuple[str, ...] = ()  # modules of this package that shape its bytes (part of its key)
    translated: bool = False  # its words are the interface's: made again for each other language of the site
    shared: bool = True  # another language's pass starts from its files; False: each pass has only its own

    def key(self, ctx: Context) -> list[bytes | str] | None:
        """Its cache key's inputs besides its code and the libraries; None: made on every build
        (or kept by a cache of its own)."""
        return None

    def generate(self, ctx: Context) -> dict[str, bytes | Path]:
        """Its files, by site path: bytes, or a file in a cache (hard-linked into the site)."""
        raise NotImplementedError


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
    inputs: tuple[str, ...] = ()  # what it reads, by name (sitrep.facts.inputs.READABLE; a test holds it to that)
    writes: tuple[str, ...] = ()  # path patterns (fnmatch) in its folder of every file it may write
    escaping: tuple[Callable[..., Any], ...] = ()  # the functions that make untrusted text safe in its formats

    def generate(self, view: Any, settings: Any) -> dict[str, bytes]:
        """Its files for one report view (:class:`sitrep.outputs.render.ReportView`), by path in its folder."""
        raise NotImplementedError


class OutputClash(Exception):
    """An output wrote a path it did not declare, or one another output wrote: a bug, not bad input."""


def claim(name: str, writes: tuple[str, ...], files, owner: dict[str, str]) -> None:
    for path in files:
        if not any(fnmatch.fnmatchcase(path, pattern) for pattern in writes):
            raise OutputClash(f"output {name!r} wrote {path!r}, which it does not declare")
        if path in owner:
            raise OutputClash(f"outputs {owner[path]!r} and {name!r} both write {path!r}")
        owner[path] = name
