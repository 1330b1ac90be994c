"""Reports and seeds already checked and rendered, reused while nothing that shapes them changed.

A build of a thousand reports in which one changed must not load, validate and
render the other 999 again. Each valid report's output (its pages' Markdown, its
charts, its index entry, its warnings, its editions' dates) is kept in
``.cache/reports`` under a key of everything that shapes it:

* the code: this package, the Markdown templates, the installed libraries' versions;
* the build's options (drafts);
* every file in the report's folder (facts and ``editions.lock``);
* both files of every seed its ``report.yaml`` lists (a fact may cite no other seed).

A seed's own validity is kept the same way, under a key of its two files and the
code. Only valid content is kept: anything with an error is checked again on every
build, so errors are always reported in full. The cache may be deleted at any time.
The keys themselves are made in :mod:`sitrep.cache.keys`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.cache import cachefiles
from sitrep.errors import Diagnostic
from sitrep.outputs.render import ReportPages

REPORT_KIND = "sitrep-report"
SEED_KIND = "sitrep-seed"
OUTPUT_KIND = "sitrep-output"
MD_INDEX_KIND = "sitrep-markdown-files"


@dataclass
class Stored:
    """What a build needs from one valid report."""

    pages: dict[str, str]  # site path -> digest of its Markdown (the bytes are in the md store)
    rendered: ReportPages  # with pages emptied: the Markdown lives in the md store
    warnings: list[Diagnostic]
    published: list[str]  # its published (non-draft) editions' times, ISO 8601


def _plain(value: object) -> object:
    """A dataclass's field value as JSON data (tuples as lists, dates as ISO strings)."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _tuples(value: object) -> object:
    """JSON data back to a dataclass's field value; only strings, flags and (nested) tuples of strings."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, str | bool):  # a flag: IndexEntry.example
        return value
    raise ValueError("not a string")


def _to_json(obj: Any) -> dict:  # a dataclass instance
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


@functools.cache
def _fields(cls: type) -> tuple[dict[str, str], frozenset[str]]:
    """A dataclass's fields and their types' names (found once: a build decodes thousands of charts)."""
    fields = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    return fields, frozenset(fields)


def _from_json(cls: type, data: object):
    """An instance of the dataclass ``cls`` from :func:`_to_json`'s data; ValueError if it does not fit."""
    fields, names = _fields(cls)
    if not isinstance(data, dict) or data.keys() != names:
        raise ValueError("wrong fields")
    values = {}
    for name, kind in fields.items():
        value = _tuples(data[name])
        if isinstance(value, bool) != (kind == "bool"):
            raise ValueError(f"{name}: a flag where none belongs, or none where one does")
        if "date" in kind and isinstance(value, str):
            value = (dt.datetime if "datetime" in kind else dt.date).fromisoformat(value)
        values[name] = value
    return cls(**values)


def encode(stored: Stored) -> dict:
    return {
        "pages": dict(stored.pages),
        "charts": {path: _to_json(chart) for path, chart in stored.rendered.charts.items()},
        "entry": None if stored.rendered.entry is None else _to_json(stored.rendered.entry),
        "warnings": [_to_json(w) for w in stored.warnings],
        "published": list(stored.published),
    }


def decode(data: object) -> Stored | None:
    """A stored report from JSON data, or None when the data has any other shape."""
    from sitrep.drawing.charts import Chart
    from sitrep.outputs.render import IndexEntry

    if not isinstance(data, dict) or set(data) != {"pages", "charts", "entry", "warnings", "published"}:
        return None
    pages, charts, entry, warnings, published = (data[k] for k in ("pages", "charts", "entry", "warnings", "published"))
    if not isinstance(pages, dict) or not all(isinstance(p, str) and cachefiles.is_hex(d) for p, d in pages.items()):
        return None
    if not isinstance(charts, dict) or not isinstance(warnings, list) or not cachefiles.is_str_list(published):
        return None
    try:
        for moment in published:
            dt.datetime.fromisoformat(moment)
        keys = ("file", "line", "col", "field", "message", "code")
        found = [
            Diagnostic(**{k: w[k] for k in keys})  # an unknown code raises ValueError: a damaged cache
            for w in warnings
            if isinstance(w, dict) and set(w) == set(keys)
        ]
        if len(found) != len(warnings) or not all(
            isinstance(d.file, str)
            and isinstance(d.field, str)
            and isinstance(d.message, str)
            and cachefiles.is_int_list([d.line, d.col], 2)
            for d in found
        ):
            return None
        rendered = ReportPages(
            {},
            {path: _from_json(Chart, c) for path, c in charts.items() if isinstance(path, str)},
            None if entry is None else _from_json(IndexEntry, entry),
        )
    except (TypeError, ValueError):
        return None
    if len(rendered.charts) != len(charts):
        return None
    return Stored(dict(pages), rendered, found, list(published))


class Memo:
    """The store under ``.cache``; every write is atomic and best effort.

    Entries are sealed JSON (:func:`sitrep.cache.cachefiles.seal`), Markdown files are named by
    their sha256 and checked against it when reused. What a build checked is kept only
    by :meth:`commit`, once the build knows that none of its inputs changed while it ran.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, bytes]] = []
        self._kept: dict[str, list[int]] | None = None  # the Markdown store's files' identities, by digest
        self._used: set[str] = set()
        self._loaded: dict[str, list[int]] = {}

    # Each Markdown file's identity when it was written or last checked, in a sealed index beside
    # the files: a build that trusts identities (cachefiles.checking) reads no unchanged file.
    def _identities(self) -> dict[str, list[int]]:
        if self._kept is None:
            saved = cachefiles.read_sealed(MD_INDEX_KIND, self.folder / "md" / "index.json")
            ok = isinstance(saved, dict) and all(
                cachefiles.is_hex(k) and cachefiles.is_int_list(v, 3) for k, v in saved.items()
            )
            self._kept = saved if ok and isinstance(saved, dict) else {}
            self._loaded = dict(self._kept)
        return self._kept

    def _markdown_ok(self, digest: str) -> bool:
        """The stored Markdown file of ``digest`` has those bytes (checked, or vouched for by its identity)."""
        path = self.markdown(digest)
        kept = self._identities().get(digest)
        if kept is None or not cachefiles.verified(path, kept, digest):
            if cachefiles.sha256_file(path) != digest:
                return False
            found = cachefiles.identity(path)
            if found is None:
                return False
            self._identities()[digest] = found
        self._used.add(digest)
        return True

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def report(self, key: str | None) -> Stored | None:
        if key is None:
            return None
        stored = decode(cachefiles.read_sealed(REPORT_KIND, self._path("reports", key)))
        if stored is None:
            return None
        if not all(self._markdown_ok(d) for d in stored.pages.values()):
            return None  # a page's Markdown is missing or not what was kept: check and render again
        return stored

    def keep_report(
        self, key: str | None, rendered: ReportPages, warnings: list[Diagnostic], published: list
    ) -> Stored:
        digests = {path: self.keep_markdown(md) for path, md in rendered.pages.items()}
        stored = Stored(digests, ReportPages({}, rendered.charts, rendered.entry), warnings, published)
        if key is not None:
            self.pending.append((self._path("reports", key), cachefiles.seal(REPORT_KIND, encode(stored))))
        return stored

    def seed_ok(self, key: str | None) -> bool:
        return key is not None and cachefiles.read_sealed(SEED_KIND, self._path("seeds", key)) == key

    def keep_seed(self, key: str | None) -> None:
        if key is not None:
            self.pending.append((self._path("seeds", key), cachefiles.seal(SEED_KIND, key)))

    def output(self, key: str) -> dict[str, Path | bytes] | None:
        """A registered output's files (:mod:`sitrep.outputs`) as made before for ``key``, or None."""
        kept = cachefiles.read_sealed(OUTPUT_KIND, self._path("outputs", key))
        if not isinstance(kept, dict) or not all(isinstance(p, str) and cachefiles.is_hex(d) for p, d in kept.items()):
            return None
        if not all(self._markdown_ok(d) for d in kept.values()):
            return None
        return {path: self.markdown(digest) for path, digest in kept.items()}

    def keep_output(self, key: str, files: dict[str, Path | bytes]) -> None:
        """Keep an output's files for ``key`` (with :meth:`commit`); only files given as bytes are kept."""
        if not all(isinstance(data, bytes) for data in files.values()):
            return
        kept = {path: self.keep_markdown(data) for path, data in files.items() if isinstance(data, bytes)}
        self.pending.append((self._path("outputs", key), cachefiles.seal(OUTPUT_KIND, kept)))

    def commit(self) -> None:
        """Keep what this build checked (call only when its inputs did not change during the build)."""
        for path, data in self.pending:
            self._write(path, data)
        self.pending.clear()
        # Only the files this build used: the index does not grow with every digest ever kept.
        kept = {d: self._identities()[d] for d in sorted(self._used) if d in self._identities()}
        if kept != self._loaded:
            cachefiles.write_sealed(MD_INDEX_KIND, self.folder / "md" / "index.json", kept)

    def markdown(self, digest: str) -> Path:
        return self.folder / "md" / digest[:2] / f"{digest}.md"

    def keep_markdown(self, md: bytes) -> str:
        """Content-addressed, so kept at once: a file is only ever reused if its bytes have its name's hash."""
        digest = hashlib.sha256(md).hexdigest()
        path = self.markdown(digest)
        if not self._markdown_ok(digest):
            found = cachefiles.write(path, md)
            if found is not None:
                self._identities()[digest] = found
                self._used.add(digest)
        return digest

    def _write(self, path: Path, data: bytes) -> None:
        cachefiles.write(path, data)
