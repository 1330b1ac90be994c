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
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
from dataclasses import dataclass
from pathlib import Path

from . import cachefiles, stamp
from .errors import Diagnostic
from .render import ReportPages
from .stamp import Digests

FORMAT = 1  # bump when what is stored changes shape


@dataclass
class Stored:
    """What a build needs from one valid report."""

    pages: dict[str, str]  # site path -> digest of its Markdown (the bytes are in the md store)
    rendered: ReportPages  # with pages emptied: the Markdown lives in the md store
    warnings: list[Diagnostic]
    published: list[str]  # its published (non-draft) editions' times, ISO 8601


def _hash_files(h, folder: Path, files: list[Path], digests: Digests) -> None:
    for path in files:
        h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        h.update(digests(path))


def code_key(root: Path, options: dict, digests: Digests) -> str:
    h = hashlib.sha256(f"{FORMAT}\0".encode())
    package = stamp.package()
    _hash_files(h, package, sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml")), digests)
    measures = root / "measures.yaml"  # the project's own measures shape every report's checks and pages
    if measures.is_file():
        _hash_files(h, root, [measures], digests)
    templates = root / "templates"
    files = sorted(p for p in templates.rglob("*") if p.is_file()) if templates.is_dir() else []
    _hash_files(h, templates, files, digests)
    h.update(stamp.libraries().encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def listed_seeds(report_yaml: Path) -> list[str] | None:
    """Every seed a report.yaml names (its ``seeds`` and its exclusions' seeds, which may be
    any seed), read quickly; None when it cannot be read (the full check will say why)."""
    from .load import parse

    try:
        doc, errors = parse(report_yaml.read_text(encoding="utf-8"), report_yaml.name)
    except (OSError, ValueError):
        return None
    data = doc.data if doc is not None and not errors else None
    seeds = data.get("seeds") if isinstance(data, dict) else None
    exclusions = data.get("exclusions", []) if isinstance(data, dict) else []
    if not isinstance(seeds, list) or not isinstance(exclusions, list):
        return None
    named = seeds + [e.get("seed") if isinstance(e, dict) else None for e in exclusions]
    if not all(isinstance(s, str) and "/" not in s for s in named):
        return None
    return sorted(set(named))


def seed_key(code: str, root: Path, seed_id: str, digests: Digests) -> str | None:
    h = hashlib.sha256(f"{code}\0seed\0{seed_id}\0".encode())
    folder = os.path.join(root, "seeds")
    for suffix in (".txt", ".yaml"):
        path = os.path.join(folder, seed_id + suffix)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None  # a link or a folder: the full check reports it
        except OSError:
            return None
        h.update(digests(path))
    return h.hexdigest()


def report_key(code: str, root: Path, folder: str, seed_keys: dict[str, str | None], digests: Digests) -> str | None:
    path = root / "reports" / folder
    try:
        if path.is_symlink():
            return None
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return None
    if any(e.is_symlink() or not e.is_file(follow_symlinks=False) for e in entries):
        return None  # the full check has something to say about it
    if "report.yaml" not in {e.name for e in entries}:
        return None
    seeds = digests.derive(path / "report.yaml", "seeds-2", listed_seeds)
    if seeds is None or any(seed_keys.get(s) is None for s in seeds):
        return None
    h = hashlib.sha256(f"{code}\0report\0{folder}\0".encode())
    for e in entries:
        h.update(f"{e.name}\0".encode())
        h.update(digests(e.path))
    for s in seeds:
        h.update(f"{s}\0{seed_keys[s]}\0".encode())
    return h.hexdigest()


class Memo:
    """The store under ``.cache``; every write is atomic and best effort."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def report(self, key: str | None) -> Stored | None:
        if key is None:
            return None
        try:
            with open(self._path("reports", key), "rb") as f:
                stored = pickle.load(f)  # our own cache, written below; never shared
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not isinstance(stored, Stored) or not all(self.markdown(d).is_file() for d in stored.pages.values()):
            return None
        return stored

    def keep_report(
        self, key: str | None, rendered: ReportPages, warnings: list[Diagnostic], published: list
    ) -> Stored:
        digests = {path: self.keep_markdown(md) for path, md in rendered.pages.items()}
        stored = Stored(digests, ReportPages({}, rendered.charts, rendered.entry), warnings, published)
        if key is not None:
            self._write(self._path("reports", key), pickle.dumps(stored, protocol=5))
        return stored

    def seed_ok(self, key: str | None) -> bool:
        return key is not None and self._path("seeds", key).is_file()

    def keep_seed(self, key: str | None) -> None:
        if key is not None:
            self._write(self._path("seeds", key), b"")

    def markdown(self, digest: str) -> Path:
        return self.folder / "md" / digest[:2] / f"{digest}.md"

    def keep_markdown(self, md: bytes) -> str:
        digest = hashlib.sha256(md).hexdigest()
        path = self.markdown(digest)
        if not path.is_file():
            self._write(path, md)
        return digest

    def _write(self, path: Path, data: bytes) -> None:
        cachefiles.write(path, data)
