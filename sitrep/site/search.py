"""The site's search: a Pagefind index written into ``site/pagefind/`` (the one module that runs Pagefind).

Pagefind splits the index into chunks by word and one fragment per page, so a reader's first
search fetches a few small files, not a file of every page's text. It runs on this machine: the
``pagefind`` binary ships inside the ``pagefind-bin`` wheel (pinned in requirements.lock, with
the ``pagefind`` package, ``pagefind[bin]``); nothing is downloaded at build time and the browser
fetches only the site's own files. The binary runs as Pagefind's own command on a folder of
the site's pages, not through ``PagefindIndex`` (:func:`run_pagefind` says why).

What is indexed. A page opts in: the theme (templates/theme/main.html) marks the article of a
page meant to be found with ``data-pagefind-body`` and ends it with :data:`END`; the report's
edition and date ride along as ``data-pagefind-meta``. Pages kept out of search (old editions,
``search: exclude`` in their front matter) and the 404 page carry no mark. Navigation, header
and footer are outside the article, so they are never indexed.

Incremental, honestly. Pagefind has no way to update a written index (neither its command nor
its Python and Node APIs): every build hands it every indexed page and it writes the whole bundle
again. What a build avoids is copying or re-reading pages to do it: Pagefind is given the very
page files of the new site, hard-linked into a folder of their own (:func:`start_index`), the
unchanged ones being the page cache's files (:mod:`sitrep.site.mkdocs_boundary`), so nothing is
extracted, stored twice or written again; whether a page is searchable is noted when it is
rendered (:func:`searchable`) and kept with it. Pagefind reads only each page's marked article,
so it indexes a whole page exactly as it would the article alone (tests/test_search.py). It still
tokenises every searchable page on every build that changed one, in its own process, while the
site stage builds the next language's pages. When no searchable page changed, the bundle of the
previous build is reused from ``.cache/pagefind`` (a folder per language; keyed by every page's
address and sha256, the Pagefind version and this module's settings) and hard-linked into the
site, as pages are.

Why not a bundle per group of reports, merged in the browser (Pagefind's ``mergeIndex``), so a
changed report re-indexes only its group: a search fetches, from every merged bundle, its entry,
its metadata and the index chunk of each word, and Pagefind's chunks are about 10 to 30 KB
whatever the bundle's size (5 chunks for 14 pages, 34 for 105, largest 21 and 29 KB; see
docs/performance.md). Groups small enough to re-index quickly at 1,000 reports (tens of them)
would make a first search fetch several hundred KB of chunks; groups few enough for the 300 KB
budget would each hold hundreds of pages, re-indexed on every change.

The bundle's file names are derived from their content (Pagefind hashes them), and the same
pages give the same bytes, whatever order Pagefind reads them in (tests/test_search.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sitrep.cache import cachefiles
from sitrep.errors import EnvironmentFault

log = logging.getLogger("sitrep")

FOLDER = "pagefind"  # the bundle's folder in the site (a release's snapshot has its own)
START = '<article class="md-content__inner md-typeset" data-pagefind-body>'
END = "<!--/search-->"  # written by the theme just before the marked article ends
# Not words of the page: the permalink anchors mkdocs' toc extension appends to headings ("¶"),
# and the edition's address and date printed atop a report on paper (shown under each result already).
CONFIG = {"exclude_selectors": [".headerlink", ".sitrep-print-only"]}
BUNDLE_KIND = "sitrep-pagefind"
_LANG = re.compile(r'<html\s+lang="([^"<>]*)"')


def searchable(html: str) -> bool:
    """Whether Pagefind indexes this page: its article is marked, and the mark's end is there
    (a page kept out of search, or the 404 page, has no mark)."""
    start = html.find(START)
    return start >= 0 and html.find(END, start) >= 0


@dataclass
class Records:
    """The indexed pages of one build, in mkdocs' page order: (URL path from the site's root, the
    page's file, the sha256 of its bytes)."""

    pages: list[tuple[str, Path, str]] = field(default_factory=list)

    def add(self, url: str, page: Path, sha256: str) -> None:
        self.pages.append(("/" + url, page, sha256))

    def key(self) -> str:
        digest = hashlib.sha256()
        digest.update(json.dumps([_version(), CONFIG, Path(__file__).read_bytes().hex()]).encode())
        for url, _page, sha256 in self.pages:
            digest.update(f"\0{url}\0{sha256}".encode())
        return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:
        return ""


@dataclass
class Written:
    pages: int = 0
    reused: bool = False  # the previous bundle, unchanged, linked from the cache


class Indexing:
    """A bundle being written (:func:`start_index`): Pagefind runs in its own process meanwhile; :meth:`finish` waits.

    So the site stage goes on with the next language's pages while Pagefind indexes this one's
    (two processes, on a machine with two cores or more).
    """

    def __init__(self, out: Path, key: str, cache_dir: Path | None, pages: int) -> None:
        self.out, self.key, self.cache_dir, self.pages = out, key, cache_dir, pages
        self.reused = False
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._process: subprocess.Popen | None = None

    def cancel(self) -> None:
        """Stop Pagefind (the build failed meanwhile) and remove its pages."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        if self._tmp is not None:
            self._tmp.cleanup()

    def finish(self) -> Written:
        if self.reused:
            return Written(self.pages, reused=True)
        try:
            if self._process is not None:
                _wait(self._process)
        except (OSError, RuntimeError) as exc:  # Pagefind failed
            raise _fault(exc) from None
        finally:
            if self._tmp is not None:
                self._tmp.cleanup()
        if self.cache_dir is not None:
            _keep(self.cache_dir, self.key, self.out)
        return Written(self.pages)


def _fault(exc: Exception) -> EnvironmentFault:
    return EnvironmentFault(
        f"the search index could not be written (Pagefind: {exc}); reinstall the pinned pagefind and "
        "pagefind-bin (`pip install --no-deps -r requirements.lock`)"
    )


def start_index(site: Path, records: Records, cache_dir: Path | None) -> Indexing:
    """Start writing the search bundle of ``records`` into ``site/pagefind`` (reused from ``cache_dir`` when unchanged)."""
    out = site / FOLDER
    job = Indexing(out, records.key(), cache_dir, len(records.pages))
    if cache_dir is not None and _reuse(cache_dir, job.key, out):
        job.reused = True
        return job
    site.mkdir(parents=True, exist_ok=True)
    # The pages, hard-linked into a folder of their own beside the site (in the staging folder):
    # Pagefind walks a folder, and the site's holds every other file too.
    job._tmp = tempfile.TemporaryDirectory(prefix=".search-", dir=out.parent.parent)
    try:
        for url, page, _sha256 in records.pages:
            path = Path(job._tmp.name, url.lstrip("/"))
            path = path / "index.html" if url.endswith("/") else path
            path.parent.mkdir(parents=True, exist_ok=True)
            cachefiles.place(page, path)
        job._process = _launch(Path(job._tmp.name), out)
    except (OSError, RuntimeError, ImportError) as exc:  # the binary missing
        job._tmp.cleanup()
        raise _fault(exc) from None
    return job


def write_index(site: Path, records: Records, cache_dir: Path | None) -> Written:
    """Write the search bundle of ``records`` into ``site/pagefind`` (reused from ``cache_dir`` when unchanged)."""
    return start_index(site, records, cache_dir).finish()


def run_pagefind(pages: Path, out: Path) -> None:
    """Index the HTML pages in ``pages`` into the bundle ``out`` with the pinned Pagefind binary.

    The binary of the pagefind-bin wheel, run as Pagefind's own command (``--site``), not through
    the pagefind package's ``PagefindIndex``: with 1.5.2, its ``write_files`` replies before the
    files are written, so closing the service then can leave them short (an empty
    ``pagefind-entry.json`` in 3 of 6 tries here), and its service reads each reply after a 0.1 s
    sleep (0.1 s a page, added page by page). The command returns once every file is written. It
    runs in the pages' folder with no PAGEFIND_ variable, so no configuration file or setting of
    the machine's changes the index.
    """
    _wait(_launch(pages, out))


def _launch(pages: Path, out: Path) -> subprocess.Popen:
    import pagefind_bin  # type: ignore[import-untyped]  # the wheel holding the binary (it has no type hints)

    command = [str(pagefind_bin.get_executable()), "--site", ".", "--output-path", str(out.resolve()), "--silent"]
    command += ["--exclude-selectors", ",".join(CONFIG["exclude_selectors"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    return subprocess.Popen(
        command, cwd=pages, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait(process: subprocess.Popen) -> None:
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError((stderr or stdout).strip()[-2000:] or f"exit status {process.returncode}")


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _reuse(cache_dir: Path, key: str, out: Path) -> bool:
    """Link the cached bundle of ``key`` into ``out``, every file checked first; False if there is none intact."""
    entry = cachefiles.read_sealed(BUNDLE_KIND, cache_dir / f"{key}.json")
    folder = cache_dir / key
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        return False
    files = entry["files"]
    for name, kept in files.items():
        if not (isinstance(name, str) and isinstance(kept, dict) and set(kept) == {"file", "sha256"}):
            return False
        if not cachefiles.verified(folder / name, kept["file"], kept["sha256"]):
            return False
    try:
        if sorted(files) != _files(folder):
            return False
        for name in sorted(files):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            cachefiles.place(folder / name, out / name)
    except OSError:  # pruned by another build (a release's) meanwhile: write the bundle instead
        shutil.rmtree(out, ignore_errors=True)
        return False
    return True


def _keep(cache_dir: Path, key: str, out: Path) -> None:
    """Best effort: the bundle linked into the cache under ``key``, and its sealed list of files."""
    folder = cache_dir / key
    shutil.rmtree(folder, ignore_errors=True)  # what a failed keep of the same key left
    files = {}
    for name in _files(out):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        kept = cachefiles.adopt(out / name, folder / name)
        if kept is None:
            return
        files[name] = {"file": kept, "sha256": cachefiles.sha256_file(out / name)}
    cachefiles.write_sealed(BUNDLE_KIND, cache_dir / f"{key}.json", {"files": files})
    _prune(cache_dir, key)


def _prune(cache_dir: Path, keep: str) -> None:
    """Only the newest bundle is worth keeping: any other key is a past build's."""
    for path in cache_dir.iterdir():
        name = path.name.removesuffix(".json")
        if name != keep and re.fullmatch(r"[0-9a-f]{64}", name):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
