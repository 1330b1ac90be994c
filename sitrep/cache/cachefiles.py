"""Files in ``.cache``: written atomically, hard-linked into sites, checked before reuse.

A cached page or chart is hard-linked into the site rather than copied, so a build
writes only what changed. The link shares the file with the site: were someone to
edit ``site/…`` in place, the cache would change too. So the cache records each
file's identity (inode, size, modification time) when it keeps it, and
:func:`intact` refuses a file whose identity changed: it is rendered or drawn again.
Files keep their real modification times, so web servers (If-Modified-Since) and
deploy tools that compare times see every change.

How much is checked (:func:`checking`). An edit in place that keeps the file's size and gives
back its modification time leaves its identity as it was; only its bytes tell. So a build that
cannot vouch for the cache also checks each reused file's sha256 (:func:`content_checked`):
the first build of a site, and any build without a stamp of the previous build of the same
site (``.cache/build-stamp.json``: removing it asks for the full check). A build that follows
a recorded build of the same site trusts a file whose identity is the one recorded when it was
kept or last checked: what it reuses is what the live site already holds (the same inodes,
hard-linked), so hashing every cached file again on every publish (which grows with the number
of reports) would only re-prove the last build. An edit through ``site/`` that changes the
size or the modification time is still noticed on every build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from sitrep import atomic


def identity(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def write(path: Path, data: bytes) -> list[int] | None:
    """Write atomically (:mod:`sitrep.atomic`); the file's identity, or None if it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, data, durable=False)
    except OSError:
        return None
    return identity(path)


def adopt(src: Path, path: Path) -> list[int] | None:
    """Keep the file ``src`` (just written into a site) as the cached ``path``, by hard link."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Not sitrep.atomic on purpose: the cached file must be the site's very file (a hard
        # link, checked by its identity later), so it is linked under a temporary name and
        # renamed over the entry, which is atomic as atomic.write_bytes' rename is.
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        place(src, tmp)
        os.replace(tmp, path)
    except OSError:
        return None
    return identity(path)


def intact(path: Path, kept: list[int] | None) -> bool:
    return kept is not None and identity(path) == list(kept)


_CONTENT_CHECKED = [True]  # the build under way checks reused files' bytes too (see the module's docstring)


@contextlib.contextmanager
def checking(content: bool) -> Iterator[None]:
    """Within: reused files are checked by their sha256 too (``content``), or by their identity alone."""
    saved = _CONTENT_CHECKED[0]
    _CONTENT_CHECKED[0] = content
    try:
        yield
    finally:
        _CONTENT_CHECKED[0] = saved


def content_checked() -> bool:
    return _CONTENT_CHECKED[0]


def verified(path: Path, kept: list[int] | None, sha256: str | None) -> bool:
    """``path`` is the file kept (its identity) with these bytes (checked when :func:`content_checked`)."""
    if not intact(path, kept):
        return False
    return not content_checked() or (sha256 is not None and sha256_file(path) == sha256)


def place(src: Path, dest: Path) -> None:
    """Hard-link ``src`` as ``dest`` (a copy where the file system cannot link)."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


# Every structured entry in ``.cache`` is sealed: plain JSON data (never pickle) in an
# envelope naming its kind and format version, with the sha256 of the payload. An entry
# that is damaged, truncated, foreign, from another version or edited in place (whatever
# its modification time) fails :func:`unseal` and is ignored: the build makes it again.
SEAL_VERSION = 1


def _payload_digest(kind: str, payload: object) -> str:
    # Key order is kept, not sorted: some payloads' order matters (search entries), and
    # json.loads gives it back as written, so the digest is the same on reading.
    text = json.dumps([kind, SEAL_VERSION, payload], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def seal(kind: str, payload: object) -> bytes:
    """``payload`` (JSON data) as the bytes of a self-verifying cache entry of ``kind``."""
    envelope = {"kind": kind, "version": SEAL_VERSION, "sha256": _payload_digest(kind, payload), "payload": payload}
    return json.dumps(envelope, separators=(",", ":")).encode()


def unseal(kind: str, data: bytes | None) -> object | None:
    """The payload of a sealed entry of ``kind``, or None if it is anything else."""
    if not data:
        return None
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(envelope, dict) or set(envelope) != {"kind", "version", "sha256", "payload"}:
        return None
    if envelope["kind"] != kind or envelope["version"] != SEAL_VERSION:
        return None
    try:
        if envelope["sha256"] != _payload_digest(kind, envelope["payload"]):
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    return envelope["payload"]


def read_sealed(kind: str, path: Path) -> object | None:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_ENTRY)
    except OSError:
        return None
    return unseal(kind, data)


def write_sealed(kind: str, path: Path, payload: object) -> list[int] | None:
    return write(path, seal(kind, payload))


MAX_ENTRY = 256 * 1024 * 1024  # a larger entry is not ours


def sha256_file(path: Path) -> str | None:
    """The sha256 of a file's bytes, or None if it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


# Shapes, for checking what a sealed payload holds before trusting it.
def is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def is_int_list(value: object, n: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == n
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def is_hex(value: object, n: int = 64) -> bool:
    return isinstance(value, str) and len(value) == n and all(c in "0123456789abcdef" for c in value)
