"""Recognise a build that would change nothing, cheaply, and skip it.

The stamp holds a digest of every input that shapes the site's bytes (facts, seeds,
templates, mkdocs.yml, releases, this package's code, the pinned libraries'
versions, SOURCE_DATE_EPOCH and the build's options) and a manifest of the site as
that build left it (each file's path, size and modification time). A build whose
inputs and site both still match is skipped; anything else, including a damaged or
missing ``site/``, builds as usual. The stamp lives in ``.cache/``, never in the site.
The digest is :func:`sitrep.cache.keys.inputs`.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from sitrep.cache import cachefiles

STAMP = Path(".cache") / "build-stamp.json"
DIGESTS = Path(".cache") / "digests.json"
DIGESTS_KIND = "sitrep-digests-2"
STAMP_KIND = "sitrep-stamp-2"
RACY_NS = 2_000_000_000  # a file changed this close to when its digest was kept is read again


class InputsChanged(Exception):
    """A file the build hashed or read changed, appeared or vanished while it ran."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(", ".join(files))
        self.files = files


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
        self.changed: set[str] = set()  # files whose bytes differ from the digest this build used
        if root is not None:
            saved = cachefiles.read_sealed(DIGESTS_KIND, root / DIGESTS)
            if isinstance(saved, dict) and set(saved) == {"files", "derived"}:
                files, derived = saved["files"], saved["derived"]
                if isinstance(files, dict) and all(_known_ok(v) for v in files.values()):
                    self.known = files
                if isinstance(derived, dict) and all(_derived_ok(k, v) for k, v in derived.items()):
                    self.derived = dict(derived)

    def derive(self, path: Path, what: str, compute):
        """``compute(data)`` of the file's bytes, remembered by their digest. ``what`` names it,
        with a version to bump whenever ``compute`` changes. The bytes given are the bytes
        hashed: a file saved meanwhile cannot pair one state's digest with another's value."""
        digest = self(path).hex()
        key = f"{what}:{digest}"
        if key not in self.derived:
            data = self.read(path)
            if hashlib.sha256(data).hexdigest() != digest:
                return compute(data)  # changed since hashed (noted by read): used, never remembered
            self.derived[key] = compute(data)
        self.used.add(key)
        return self.derived[key]

    def __call__(self, path: Path | str) -> bytes:
        key = str(path)
        if key not in self:
            read_at = time.time_ns()
            try:
                st = os.stat(key)
            except FileNotFoundError:  # listed a moment ago: removed while the build runs
                raise InputsChanged([key]) from None
            sig = _signature(st)
            old = self.known.get(key)
            # Trusted only if the file had not changed for a while when its digest was taken.
            if old is not None and old[:4] == sig and st.st_mtime_ns < old[5] - RACY_NS:
                self[key] = bytes.fromhex(old[4])
                read_at = old[5]
            else:
                try:
                    with open(key, "rb") as f:
                        self[key] = hashlib.sha256(f.read()).digest()
                except FileNotFoundError:
                    raise InputsChanged([key]) from None
            self.known[key] = [*sig, self[key].hex(), read_at]
        return self[key]

    def read(self, path: Path | str) -> bytes:
        """The bytes of a file, read once for use, hashed as read: if a digest of it was already
        taken this build (for a cache key, or the stamp) and these bytes differ, the file
        changed during the build, and the build must not keep anything keyed by it."""
        key = str(path)
        try:
            with open(key, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError:
            if key in self:  # hashed earlier in this build, gone now
                raise InputsChanged([key]) from None
            raise
        digest = hashlib.sha256(data).digest()
        if key in self:
            if self[key] != digest:
                self.changed.add(key)
        else:
            self[key] = digest
            self.known[key] = [*_signature(st), digest.hex(), time.time_ns()]
        return data

    def unchanged(self) -> bool:
        """True if no file this build hashed changed since (by its bytes as read, or its stat now)."""
        if self.changed:
            return False
        for key in list(self):
            kept = self.known.get(key)
            try:
                now = _signature(os.stat(key))
            except OSError:
                now = None
            if kept is None or now != kept[:4]:
                self.changed.add(key)
        return not self.changed

    def keep(self) -> None:
        """Best effort, after a successful build: only the files this build looked at."""
        if self.root is None:
            return
        files = {k: self.known[k] for k in sorted(self) if k in self.known}
        derived = {k: self.derived[k] for k in sorted(self.used)}
        cachefiles.write_sealed(DIGESTS_KIND, self.root / DIGESTS, {"files": files, "derived": derived})


def _signature(st: os.stat_result) -> list[int]:
    # The change time too: no one can set it, so a file edited and given back its old
    # modification time is still read again.
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _known_ok(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 6
        and cachefiles.is_int_list(value[:4], 4)
        and cachefiles.is_hex(value[4])
        and cachefiles.is_int_list(value[5:], 1)
    )


def _derived_ok(key: object, value: object) -> bool:
    return isinstance(key, str) and (value is None or cachefiles.is_str_list(value))


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


def _stamps(root: Path) -> dict:
    saved = cachefiles.read_sealed(STAMP_KIND, root / STAMP)
    if not isinstance(saved, dict):
        return {}
    ok = (
        isinstance(e, dict)
        and set(e) == {"inputs", "site"}
        and cachefiles.is_hex(e["inputs"])
        and cachefiles.is_hex(e["site"])
        for e in saved.values()
    )
    return saved if all(ok) else {}


def follows(root: Path, site_dir: Path) -> bool:
    """A build of ``site_dir`` was recorded (whatever its inputs): a build now follows it (cachefiles.checking)."""
    return str(site_dir) in _stamps(root)


def up_to_date(root: Path, site_dir: Path, digest: str) -> bool:
    entry = _stamps(root).get(str(site_dir))
    # The site is walked only when the inputs match: a build that changed something walks it once, to record it.
    return (
        entry is not None
        and entry.get("inputs") == digest
        and entry == {"inputs": digest, "site": site_manifest(site_dir)}
    )


def record(root: Path, site_dir: Path, digest: str) -> None:
    """Best effort: without a stamp the next build simply runs."""
    saved = _stamps(root)
    manifest = site_manifest(site_dir)
    if manifest is None:
        return
    saved[str(site_dir)] = {"inputs": digest, "site": manifest}
    cachefiles.write_sealed(STAMP_KIND, root / STAMP, saved)


def forget(root: Path, site_dir: Path) -> None:
    """The site is no longer what the stamp says (another build replaced it)."""
    saved = _stamps(root)
    if saved.pop(str(site_dir), None) is not None:
        cachefiles.write_sealed(STAMP_KIND, root / STAMP, saved)
