"""One command that writes at a time, per project.

``edition``, ``fmt``, ``seed add``, ``publish``, ``build``... each read a file, decide, and
write it back: two run at once and one's change is lost (two ``edition`` runs append to
the same report.yaml; two ``seed add`` runs pick the same number). Every command that
writes holds this lock, an advisory ``flock`` on the project folder itself: no lock file is
written (a refused command leaves the project as it was), and the operating system releases
it when the process ends, however it ends: a killed command never leaves it behind.

A second command waits a moment (the first is often about to finish), then stops with a
clear error rather than waiting for ever behind a long build or a forgotten ``serve``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from sitrep.errors import EnvironmentFault

WAIT_SECONDS = 3.0
_POLL = 0.1


@contextlib.contextmanager
def held(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's lock while the block runs; EnvironmentFault if another command keeps it."""
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise EnvironmentFault(f"cannot open the project folder {root} to lock it: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise EnvironmentFault(f"cannot lock the project folder {root}: {exc.strerror}") from None
                if time.monotonic() >= deadline:
                    raise EnvironmentFault(
                        "another sitrep command is running in this project: run this one again when it has finished"
                    ) from None
                time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # releases the lock
