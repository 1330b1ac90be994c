"""Files in ``.cache``: written atomically, hard-linked into sites, checked before reuse.

A cached page or chart is hard-linked into the site rather than copied, so a build
writes only what changed. The link shares the file with the site: were someone to
edit ``site/…`` in place, the cache would change too. So the cache records each
file's identity (inode, size, modification time) when it keeps it, and
:func:`intact` refuses a file whose identity changed: it is rendered or drawn again.
Files keep their real modification times, so web servers (If-Modified-Since) and
deploy tools that compare times see every change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def identity(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def write(path: Path, data: bytes) -> list[int] | None:
    """Write atomically (temporary file, then rename); the file's identity, or None if it could not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        return None
    return identity(path)


def adopt(src: Path, path: Path) -> list[int] | None:
    """Keep the file ``src`` (just written into a site) as the cached ``path``, by hard link."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        place(src, tmp)
        os.replace(tmp, path)
    except OSError:
        return None
    return identity(path)


def intact(path: Path, kept: list[int] | None) -> bool:
    return kept is not None and identity(path) == list(kept)


def place(src: Path, dest: Path) -> None:
    """Hard-link ``src`` as ``dest`` (a copy where the file system cannot link)."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
