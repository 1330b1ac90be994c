"""Recognise a build that would change nothing, cheaply, and skip it.

The stamp holds a digest of every input that shapes the site's bytes (facts, seeds,
templates, mkdocs.yml, releases, this package's code, the pinned libraries'
versions, SOURCE_DATE_EPOCH and the build's options) and a manifest of the site as
that build left it (each file's path, size and modification time). A build whose
inputs and site both still match is skipped; anything else, including a damaged or
missing ``site/``, builds as usual. The stamp lives in ``.cache/``, never in the site.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from importlib import metadata
from pathlib import Path

STAMP = Path(".cache") / "build-stamp.json"
PACKAGE = Path(__file__).resolve().parent


def package() -> Path:
    """This package's folder (a function, so tests can stand in new code)."""
    return PACKAGE


DIGESTS = Path(".cache") / "digests.json"
RACY_NS = 2_000_000_000  # a file changed this close to when its digest was kept is read again


def _files(folder: Path) -> list[tuple[str, str]]:
    """(path, path relative to ``folder``) of every regular file and folder (ending in "/")
    under it, in a stable order.

    Plain strings and ``os.scandir``: for the 20,000 files of a large project, pathlib's
    objects cost more than reading the directory does.
    """
    out: list[tuple[str, str]] = []

    def walk(path: str, rel: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir():
                out.append((entry.path, f"{rel}{entry.name}/"))  # an empty report folder is an input too
                walk(entry.path, f"{rel}{entry.name}/")
            elif entry.is_file():
                out.append((entry.path, rel + entry.name))

    walk(str(folder), "")
    return out


class Digests(dict):
    """sha256 of files, each read once per build (the stamp and the caches' keys share them).

    Like git's index, digests are kept across builds with each file's size, inode and
    modification time: a file whose stat is unchanged is not read again. A file
    modified within two seconds of its digest being taken is always read again (its
    time alone cannot tell an edit in the same instant).
    """

    def __init__(self, root: Path | None = None) -> None:
        super().__init__()
        self.root = root
        self.known: dict[str, list] = {}
        self.derived: dict[str, object] = {}  # "<what>:<digest>" -> a value computed from those bytes
        self.used: set[str] = set()
        if root is not None:
            try:
                saved = json.loads((root / DIGESTS).read_text(encoding="utf-8"))
                self.known = saved["files"]
                self.derived = dict(saved["derived"])
            except (OSError, ValueError, KeyError, TypeError):
                pass

    def derive(self, path: Path, what: str, compute):
        """``compute(path)``, remembered by the file's digest. It must depend on the bytes only;
        ``what`` names it, with a version to bump whenever ``compute`` changes."""
        key = f"{what}:{self(path).hex()}"
        if key not in self.derived:
            self.derived[key] = compute(path)
        self.used.add(key)
        return self.derived[key]

    def __call__(self, path: Path | str) -> bytes:
        key = str(path)
        if key not in self:
            read_at = time.time_ns()
            st = os.stat(key)
            sig = [st.st_size, st.st_ino, st.st_mtime_ns]
            old = self.known.get(key)
            # Trusted only if the file had not changed for a while when its digest was taken.
            if old is not None and old[:3] == sig and len(old) == 5 and st.st_mtime_ns < old[4] - RACY_NS:
                self[key] = bytes.fromhex(old[3])
                read_at = old[4]
            else:
                with open(key, "rb") as f:
                    self[key] = hashlib.sha256(f.read()).digest()
            self.known[key] = [*sig, self[key].hex(), read_at]
        return self[key]

    def keep(self) -> None:
        """Best effort, after a successful build: only the files this build looked at."""
        if self.root is None:
            return
        files = {k: self.known[k] for k in sorted(self) if k in self.known}
        path = self.root / DIGESTS
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            derived = {k: self.derived[k] for k in sorted(self.used)}
            data = {"files": files, "derived": derived}
            tmp.write_text(json.dumps(data), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass


def inputs_digest(root: Path, options: dict, digests: Digests | None = None) -> str:
    digests = Digests() if digests is None else digests
    h = hashlib.sha256()
    for part in (
        root / "reports",
        root / "seeds",
        root / "templates",
        root / "mkdocs.yml",
        root / "measures.yaml",
        package(),
    ):
        if not part.exists() and part.name == "measures.yaml":
            continue  # optional: a project's own measures
        files = [(str(part), "")] if part.is_file() else _files(part)
        for path, rel in files:
            if path.endswith(".pyc") or rel.endswith("__pycache__/"):
                continue
            h.update(f"{part.name}/{rel}\0".encode())
            if not rel.endswith("/"):
                h.update(digests(path))
    releases = root / "releases"
    for stamp in sorted(releases.glob("*/.release.json")) if releases.is_dir() else []:
        h.update(f"{stamp.parent.name}\0".encode() + stamp.read_bytes())
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")}
    h.update(json.dumps([libraries(), env, options], sort_keys=True).encode())
    return h.hexdigest()


@functools.cache
def libraries() -> str:
    """Every installed distribution and its version: any of them may shape the bytes.
    (Read once per process: a build asks three times, and scanning them takes 0.1 s.)"""
    pairs = sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()})
    return json.dumps(pairs)


def site_manifest(site_dir: Path) -> str | None:
    if not site_dir.is_dir():
        return None
    h = hashlib.sha256()

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{rel}{entry.name}/")
            else:
                st = entry.stat()
                h.update(f"{rel}{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())

    walk(str(site_dir), "")
    return h.hexdigest()


def up_to_date(root: Path, site_dir: Path, digest: str) -> bool:
    try:
        saved = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    entry = saved.get(str(site_dir)) if isinstance(saved, dict) else None
    return entry == {"inputs": digest, "site": site_manifest(site_dir)} and entry["site"] is not None


def record(root: Path, site_dir: Path, digest: str) -> None:
    """Best effort: without a stamp the next build simply runs."""
    path = root / STAMP
    try:
        saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not isinstance(saved, dict):
            saved = {}
        saved[str(site_dir)] = {"inputs": digest, "site": site_manifest(site_dir)}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(saved, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except (OSError, ValueError):
        pass
