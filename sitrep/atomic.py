"""Writing a file whole or not at all: the one way sitrep replaces a file.

Every file sitrep writes in place of another goes through :func:`write_bytes`: the
project's fact files (``fmt``, ``new-edition``, ``unpublish``, ``seed add``), the
editions locks, the site's generation counter and the entries of ``.cache``. The
exceptions are on purpose, each saying why where it is: the caches' hard links
(:func:`sitrep.cache.cachefiles.adopt`, a link, not a copy, is the point), the site's
folder swap (:func:`sitrep.site.swap.swap_in`, a whole folder), and files written into
a staging folder that is itself swapped in whole (mkdocs' output, the releases).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` through a temporary file beside it, renamed over it.

    A reader (or a build started meanwhile) sees the old file or the new one, never
    half of one; an existing file keeps its permissions. ``durable=False`` skips the
    fsync: for the caches, whose files are many and are made again if lost in a crash.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
