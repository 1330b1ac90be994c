"""The site stage: Markdown pages -> a mkdocs-material site and its search index, swapped in atomically.

The pages are written into a fresh staging folder beside the published site,
mkdocs builds there with ``strict`` on (through :mod:`sitrep.mkdocs_boundary`, the one
module that touches mkdocs), and only a complete build replaces the
site, with one atomic ``renameat2(RENAME_EXCHANGE)`` where the kernel has it: at
no moment is ``site/`` missing or half-written. A failed build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sitrep import atomic, forked
from sitrep.errors import EnvironmentFault
from sitrep.site import search

log = logging.getLogger("sitrep")

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the platform cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system or kernel without it
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True


def swap_in(new: Path, target: Path) -> None:
    """Make ``new`` the content of ``target``; the old content is removed afterwards.

    Not :mod:`sitrep.atomic` on purpose: this replaces a whole folder, which needs an exchange of
    two paths (or two renames, where the kernel has no exchange), not a file's rename.
    """
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise EnvironmentFault(f"{target} exists and is not a folder; refusing to replace it")
        if _exchange(new, target):
            return  # the old site is now at ``new``, inside the staging folder, which is discarded
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old)
    else:
        new.rename(target)


# Folders a build reads from or keeps state in: the site may be none of them, nor inside one.
INPUT_FOLDERS = ("reports", "seeds", "templates", "releases", ".cache", ".git", "tests", "sitrep", "bench", ".venv")


def guard_site_dir(root: Path, site_dir: Path | str) -> Path:
    """The resolved site folder, or EnvironmentFault if replacing it could lose anything.

    A build swaps the site folder out and deletes the old one, so the folder must be one
    the build owns: never empty as a name, never the project or a folder above it, never
    an input folder or inside one, and, if it already exists, a site (empty, or with the
    ``index.html`` and ``sitemap.xml`` a build writes) rather than someone's files.
    """
    if str(site_dir).strip() == "":
        raise EnvironmentFault("--site-dir is empty (an unset variable?): name the folder the site goes to")
    root = root.resolve()
    target = Path(site_dir).resolve()  # relative to the working folder; symlinks and '..' resolved
    where = f"--site-dir {str(site_dir)!r} is {target}"
    if target == root or target in root.parents:
        raise EnvironmentFault(f"{where}, the project or a folder above it; building there would delete it")
    for name in INPUT_FOLDERS:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise EnvironmentFault(f"{where}, inside the project's {name}/ folder; choose a folder of its own")
    if target.is_dir() and not target.is_symlink():
        try:
            names = {entry.name for entry in os.scandir(target)}
        except OSError as exc:
            raise EnvironmentFault(f"{where}, which cannot be read: {exc.strerror}") from None
        if (names and not {"index.html", "sitemap.xml"} <= names) or {".git", "mkdocs.yml"} & names:
            raise EnvironmentFault(
                f"{where}, a folder that is not a built site; a build replaces the whole folder, "
                "so remove it or choose another"
            )
    elif target.exists():
        raise EnvironmentFault(f"{where}, which is not a folder; refusing to replace it")
    return target


@contextlib.contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside ``site_dir`` (same file system, so the swap is a rename).

    Builds of one site take turns (an exclusive lock on ``.<site>.lock``): two
    builds started at once cannot interleave their swaps. Holding the lock, a build
    also clears staging folders that a killed build left behind.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{site_dir.name}.staging-"
    with open(site_dir.parent / f".{site_dir.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in [*site_dir.parent.glob(prefix + "*"), *site_dir.parent.glob(f".{site_dir.name}.trash-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        old = site_dir.with_name(f".{site_dir.name}.old")  # left by a swap without renameat2
        if old.exists() and not site_dir.exists():
            old.rename(site_dir)  # killed between its two renames: put the old site back
        shutil.rmtree(old, ignore_errors=True)
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
        try:
            yield path
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        _discard(path, site_dir.parent / f".{site_dir.name}.trash-{path.name[len(prefix) :]}")


def _discard(path: Path, trash: Path) -> None:
    """Remove what a successful build leaves (the previous site) without waiting for it.

    Deleting a large site takes seconds and nothing needs to wait for it: the folder is
    renamed out of the way and removed by a detached process that inherits no open file
    (not the build lock, not the caller's pipes). One that dies first leaves a
    ``.trash-`` folder, which the next build removes.
    """
    try:
        path.rename(trash)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    if not os.environ.get("SITREP_SYNC_CLEANUP"):
        code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
        # sh starts the remover in the background and exits: the remover is nobody's child
        # to wait for, and holds no file of ours.
        spawn = '"$0" -c "$1" "$2" </dev/null >/dev/null 2>&1 &'
        try:
            done = subprocess.run(
                ["sh", "-c", spawn, sys.executable, code, str(trash)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,
                timeout=30,
                check=False,
            )
            if done.returncode == 0:
                return
        except (OSError, subprocess.SubprocessError):
            pass
    shutil.rmtree(trash, ignore_errors=True)


# The site's timestamps (the sitemap, gzip headers) hold 1970-01-01 to 2106: SOURCE_DATE_EPOCH
# must lie from 1970 to the end of the facts' last year (see sitrep.model.LAST_YEAR).
EPOCH_MAX = int(dt.datetime(2100, 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp())


def build_date(content_date: dt.datetime) -> int:
    """The build's date: SOURCE_DATE_EPOCH when set, else the newest content date (a site
    whose newest content predates 1970 is dated 1970-01-01, where timestamps start)."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        try:
            epoch = int(env.strip())
        except ValueError:
            raise EnvironmentFault(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {env!r}") from None
        if not 0 <= epoch <= EPOCH_MAX:
            raise EnvironmentFault(
                f"SOURCE_DATE_EPOCH must lie from 0 (1970-01-01) to {EPOCH_MAX} (2100-12-31), got {env!r}"
            )
        return epoch
    return min(EPOCH_MAX, max(0, int(dt.datetime.combine(content_date, dt.time(), tzinfo=dt.UTC).timestamp())))


def publish(
    config_file: Path,
    files: dict[str, bytes | Path],
    site_dir: Path,
    epoch: int,
    extra: dict | None = None,
    finish: Callable[[Path], None] | None = None,
    cache_dir: Path | None = None,
    before_swap: Callable[[object], bool] | None = None,
    after_swap: Callable[[object], None] | None = None,
    translated: dict[str, dict[str, bytes | Path]] | None = None,
    workers: int | None = None,
):
    """Build the pages with mkdocs and swap the result in as ``site_dir``.

    ``translated``: the files of each other language of the site (mkdocs.yml ``extra.alternate``),
    by language; each is built by a pass of its own into its folder (``ar/``), after the default
    language's, with its own search bundle, and the whole is swapped in at once.

    ``finish`` adds to the built site before the swap (the releases, for one).
    ``before_swap`` and ``after_swap`` run under the build lock: the first may refuse
    the swap (False) or abort the build (an exception), the second records what was
    swapped in, before any other build can replace it.
    """
    from sitrep.site import mkdocs_boundary  # imports mkdocs: only a build that publishes pays for it

    with staging(site_dir) as stage:
        out = stage / "site"
        # The search bundle is the site stage's too; its cache sits beside the pages' (.cache/pagefind,
        # a folder per language: each keeps its newest bundle). Pagefind indexes one language while
        # the next one's pages are built.
        search_cache = cache_dir and cache_dir.parent / search.FOLDER
        indexing: list[tuple[object, search.Indexing]] = []
        # With a core to spare, each other language's pass runs in a process forked from the build
        # (sitrep.forked) while the default language's runs here; its new page-cache entries come
        # back with its result and are committed with this pass's.
        others = sorted((translated or {}).items())
        parallel = forked.workers(workers) > 1
        running: dict[str, forked.Running] = {}
        try:
            if parallel:
                for code, docs in others:
                    running[code] = forked.Running(
                        mkdocs_boundary.mkdocs_build, config_file, docs, out / code, epoch, extra, cache_dir, code
                    )
            stats = mkdocs_boundary.mkdocs_build(config_file, files, out, epoch, extra, cache_dir)
            indexing.append((stats, search.start_index(out, stats.search, search_cache)))
            for code, docs in others:
                if code in running:
                    one = running.pop(code).result()
                    stats.cache.pending += one.cache.pending
                    one.cache = stats.cache
                else:
                    one = mkdocs_boundary.mkdocs_build(
                        config_file, docs, out / code, epoch, extra, cache_dir, language=code, cache=stats.cache
                    )
                indexing.append((one, search.start_index(out / code, one.search, search_cache and search_cache / code)))
                stats.languages[code] = one
            while indexing:
                built, job = indexing[0]
                built.search_index = job.finish()  # type: ignore[attr-defined]
                indexing.pop(0)
        finally:
            for other in running.values():
                other.cancel()
            for _built, job in indexing:
                job.cancel()
        if finish:
            finish(out)
        if before_swap is None:
            stats.cache.commit()
        if before_swap is None or before_swap(stats):
            swap_in(out, site_dir)
            if after_swap is not None:
                after_swap(stats)
    return stats


# Generations: each build takes a number before it reads any input, and the number of the
# build whose site is live is kept beside the site. At its swap (under the build lock) a
# build whose number is lower than the live one's started from older inputs: it must not
# replace the site a newer build made.
def _generation_file(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.generation"


def _read_generation(site_dir: Path) -> dict[str, int]:
    try:
        data = json.loads(_generation_file(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {"next": 0, "published": 0}
    ok = isinstance(data, dict) and all(
        isinstance(data.get(k), int) and not isinstance(data.get(k), bool) and data[k] >= 0
        for k in ("next", "published")
    )
    return {"next": data["next"], "published": data["published"]} if ok else {"next": 0, "published": 0}


def _write_generation(site_dir: Path, data: dict[str, int]) -> None:
    atomic.write_bytes(_generation_file(site_dir), json.dumps(data, sort_keys=True).encode("utf-8"))


@contextlib.contextmanager
def _generation_lock(site_dir: Path) -> Iterator[None]:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(site_dir.parent / f".{site_dir.name}.generation.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def next_generation(site_dir: Path) -> int:
    """A number greater than any build of this site took before (call before reading inputs)."""
    with _generation_lock(site_dir):
        data = _read_generation(site_dir)
        data["next"] = max(data["next"], data["published"]) + 1
        _write_generation(site_dir, data)
        return data["next"]


def published_generation(site_dir: Path) -> int:
    """The number of the build whose site is live (0 if unknown); read under the build lock."""
    return _read_generation(site_dir)["published"] if site_dir.exists() else 0


def set_published_generation(site_dir: Path, generation: int) -> None:
    with _generation_lock(site_dir):
        data = _read_generation(site_dir)
        data["published"] = generation
        data["next"] = max(data["next"], generation)
        _write_generation(site_dir, data)
