"""Work a build shares with processes forked from it, on a machine with more than one core.

A build's heavy stages are pure Python (rendering reports, mkdocs converting Markdown), so a
second core only helps in a second process. Forked, a process starts with everything the build
has already read and imported; it hands its result back pickled, and any error it met is raised
in the build as if the build had met it (the sitrep errors keep their text and diagnostics).

Two guarantees hold for every process started here:

* it never outlives its build: once the build is gone (``kill -9``, the out-of-memory killer)
  it exits within half a second, so nothing keeps the build's lock or output open;
* it never dies silently: if it is killed, the build stops with :data:`STOPPED` (exit 2,
  nothing written, the previous site left as it was), not an internal error.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from sitrep.errors import EnvironmentFault, SitrepError

STOPPED = (
    "a process of the build stopped abruptly (killed, or the machine ran out of memory); "
    "nothing was written and the previous site was left as it was: build again"
)


def workers(asked: int | None) -> int:
    """How many processes a stage may keep busy: ``asked`` (``--workers``), else every core."""
    return asked or os.cpu_count() or 1


def leave_with(build: int) -> None:
    """In a forked process: exit once the build that forked it is gone. Such a process holds
    the build's lock and output open, so without this it would linger after the build was
    killed, and whatever waits for the build's output would wait for it too."""

    def watch() -> None:
        while os.getppid() == build:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class RemoteTraceback(Exception):
    """Where an unexpected error happened in a forked process (its traceback, as text)."""


class Running:
    """``fn(*args)`` running in a process forked from this one; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context("fork")  # the child starts with what the build holds
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, os.getpid(), fn, args))
        self._process.start()
        send.close()  # the child's end: reading sees its end of file when the child is gone

    def result(self) -> Any:
        """What ``fn`` returned, or what it raised, raised here; :data:`STOPPED` if the process died."""
        try:
            ok, value, where = self._receive.recv()
        except (EOFError, OSError):
            self._process.join()
            raise EnvironmentFault(STOPPED) from None
        finally:
            self._receive.close()
        self._process.join()
        if ok:
            return value
        if where:  # an unexpected error: keep where it happened for the report of the bug
            raise value from RemoteTraceback(where)
        raise value

    def cancel(self) -> None:
        """Stop the process (the build failed meanwhile); its result is not wanted."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


def _run(send: Connection, build: int, fn: Callable[..., Any], args: tuple) -> None:
    leave_with(build)
    try:
        out = (True, fn(*args), "")
    except BaseException as exc:  # handed to the build, which raises it
        out = (False, exc, "" if isinstance(exc, SitrepError) else traceback.format_exc())
    try:
        send.send(out)
    except Exception as exc:  # the result or the error could not be pickled: a bug, said as one
        send.send((False, RuntimeError(f"a forked process's result could not be handed back: {exc!r}"), ""))
    finally:
        send.close()
