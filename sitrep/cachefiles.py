"""Files in ``.cache``: written atomically, hard-linked into sites, checked before reuse.

A cached page or chart is hard-linked into the site rather than copied, so a build
writes only what changed. The link shares the file with the site: were someone to
edit ``site/…`` in place, the cache would change too. So each cached file gets a
modification time derived from its key; an edit in place gives it the clock's time
instead, and :func:`intact` then refuses it (it is rendered or drawn again). The
derived time also differs between versions of a file, so deploy tools that compare
size and time (rsync) still see every change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_EPOCH = 946_684_800  # 2000-01-01: derived times fall between 2000 and 2008


def _mtime_ns(key: str) -> int:
    return (_EPOCH + int(key[:7], 16)) * 1_000_000_000


def write(path: Path, data: bytes, key: str | None = None) -> bool:
    """Write atomically (temporary file, then rename); best effort: False if it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if key is not None:
            os.utime(tmp, ns=(_mtime_ns(key), _mtime_ns(key)))
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def adopt(src: Path, path: Path, key: str) -> bool:
    """Keep the file ``src`` (just written into a site) as the cached ``path``, by hard link."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        place(src, tmp)
        os.utime(tmp, ns=(_mtime_ns(key), _mtime_ns(key)))
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def intact(path: Path, key: str) -> bool:
    try:
        return path.stat().st_mtime_ns == _mtime_ns(key)
    except OSError:
        return False


def place(src: Path, dest: Path) -> None:
    """Hard-link ``src`` as ``dest`` (a copy where the file system cannot link)."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
