"""Benchmark the real pipeline on synthetic corpora of growing size.

    python -m bench.run --reports 10 100 1000 [--repeat 3] [--out FILE] [--seed 1] [--keep DIR]

For each size: generate a corpus (:mod:`bench.corpus`) once, then per repeat copy it
and run five builds of it, each in a fresh process (so imports, caches and peak memory
are those of one ``build.py build``):

* ``cold``: no caches. ``pipeline.build(root, site, strict=True)``, the orchestrator the
  CLI runs, with each stage timed through wrappers around the functions it calls:
  ``check`` (load and validate), charts (described, then drawn on every core),
  rendering (Jinja), the rest of assembling (cache keys, edition states, the caches'
  I/O), and the site step (mkdocs' page builder) and the swap. The built site is
  measured: bytes, HTML pages, and what a first view of a report page transfers (its
  HTML and the CSS, JS and images it references), raw and gzipped; what a reader's first
  search fetches (Pagefind's files, fetched only when the reader opens the search) is
  measured apart, as an upper bound (:func:`first_search`), and the index step (Pagefind
  indexing every searchable page, in its own process while the next language's pages are
  built: what the build spends starting it and waiting for it) is timed on its own;
* ``charts-warm``: only the chart cache kept: every report is checked and rendered and
  every page built again (the pipeline's cost over mkdocs when charts are cached);
* ``warm``: every cache kept and nothing changed, the no-change stamp removed: a full
  rebuild that finds everything in its caches;
* ``one-changed``: :func:`bench.corpus.modify_one` (a new edition with a new figure in
  one report), then the incremental publish;
* ``nothing``: no change at all, recognised by the stamp;

and, in fresh processes, a plain ``mkdocs build`` of the same generated Markdown, one per
language of the site (sitrep builds each language's pages too; their times are summed), so the
pipeline's cost over mkdocs shows as ratios. As a peer column, ``zensical build``
(by Material's authors; it reads ``mkdocs.yml``) of the default language's Markdown, when ``--zensical``
names its executable (``make zensical`` installs it into ``.venv-zensical``, a venv of its
own: it is not a project dependency): cold (``--clean``), then again with its cache, both
``--strict``. A theme override of sitrep's that Zensical cannot render is left out (and
named in the results) rather than failing the column; an error is recorded, never a time.

Each run also records a profile: finer stages (:func:`_fine_stages`: the cache reads and their
verification, each registered output, the page keys and dates, the Markdown converted, the files
linked into the staging site, Pagefind, the stamp), the whole process's CPU time (the build with Pagefind and the chart
workers, less sensitive than wall time to a shared machine) and the load average at its start.

Peak memory is ``ru_maxrss`` of the build process, and the whole process tree's (the
build, its chart workers, anything it starts) sampled every 250 ms from /proc: PSS, where
a page that forked workers share counts once, and RSS, where it counts in each. The
table shows medians over the repeats; ``--out`` writes the same, with every run, as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- instrumentation (worker side)


class Stopwatch:
    """Accumulates time per stage by wrapping module functions; counts calls too."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list[Callable[[], None]] = []
        self.captured: dict[str, object] = {}

    def wrap(self, module: object, name: str, key: str, capture: bool = False) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - start
                self.calls[key] += 1
            if capture:
                self.captured[key] = result
            return result

        setattr(module, name, timed)
        self._undo.append(lambda: setattr(module, name, original))

    def restore(self) -> None:
        while self._undo:
            self._undo.pop()()


def _rss() -> dict:
    """Peak resident memory in MB (Linux reports KB): this process, and its largest child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"own": own, "child": child}


class TreeMemory:
    """Samples the whole process tree's memory every 250 ms: the build and its descendants.

    Sums each process's PSS (proportional set size: a page shared by forked chart
    workers counts once, split between them), so the peak is what the tree really held,
    and RSS (shared pages counted in every process: an upper bound). Linux only.
    """

    def __init__(self) -> None:
        self.pss = self.rss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            for task in Path(f"/proc/{p}/task").glob("*/children"):
                with contextlib.suppress(OSError, ValueError):
                    todo += [int(c) for c in task.read_text().split()]
        return out

    def _sample(self) -> None:
        pss = rss = 0
        for pid in self._tree(os.getpid()):
            try:
                text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        self.pss, self.rss = max(self.pss, pss / 1024), max(self.rss, rss / 1024)

    def _run(self) -> None:
        while not self._stop.wait(0.25):  # reading smaps costs: sampling more often slows the build
            self._sample()


_DRAWN = [0]


def _drawn_total() -> int:
    """Charts drawn (not found in the cache) by ChartStores in this process so far."""
    from sitrep.drawing import charts

    if not getattr(charts.ChartStore, "_bench_counted", False):
        real = charts.ChartStore._draw_iter

        def counted(self, todo):
            _DRAWN[0] += len(todo)
            return real(self, todo)

        charts.ChartStore._draw_iter = counted
        charts.ChartStore._bench_counted = True
    return _DRAWN[0]


# The finer stages of a build, for the profile in the results (each run's "stages"): where the time
# of an incremental build goes. Wrapped around the functions the pipeline calls; a stage that
# did not run is absent.
def _fine_stages(watch: Stopwatch) -> None:
    from sitrep import forked
    from sitrep.cache import cachefiles, keys, memo, stamp
    from sitrep.outputs import registry
    from sitrep.site import mkdocs_boundary, search

    watch.wrap(keys, "inputs", "load: inputs digest (the no-change stamp)")
    watch.wrap(stamp, "up_to_date", "load: stamp check (site manifest)")
    watch.wrap(keys, "code", "load: code key")
    watch.wrap(keys, "report", "load: report keys")
    watch.wrap(memo.Memo, "report", "load: cached reports read and verified")
    for out in registry.registered():
        watch.wrap(out, "generate", f"outputs: {out.name}")
    watch.wrap(mkdocs_boundary, "_populate", "site: Markdown converted (pages rendered, navigation)")
    watch.wrap(mkdocs_boundary, "_title_only", "site: navigation titles of reused pages")
    watch.wrap(mkdocs_boundary.mkbuild, "_build_page", "site: pages rendered through the theme")
    watch.wrap(mkdocs_boundary.mkbuild, "_build_theme_template", "site: sitemap and 404")
    watch.wrap(mkdocs_boundary.PageCache, "get", "site: page cache entries read and verified")
    watch.wrap(mkdocs_boundary, "_digest", "site: page keys (each page's Markdown digest)")
    watch.wrap(mkdocs_boundary, "_lastmod", "site: pages' dates for the sitemap")
    watch.wrap(cachefiles, "place", "site: files linked into the staging site")
    watch.wrap(search, "start_index", "site: searchable pages linked for Pagefind, Pagefind started")
    watch.wrap(search.Indexing, "finish", "site: Pagefind waited for (after the pages), its bundle kept")
    watch.wrap(stamp, "record", "site: stamp recorded (site manifest)")
    # With two cores or more, a share of the reports is rendered and each other language's pages are
    # built in processes forked from the build (sitrep.forked): the stages above count the build's
    # own process only; this is the time it then waited for the others.
    watch.wrap(forked.Running, "result", "forked: waited for a forked process's result")


def _instrumented_build(root: Path, site_dir: Path) -> dict:
    from sitrep import pipeline
    from sitrep.drawing import charts
    from sitrep.outputs import render
    from sitrep.site import mkdocs_boundary, search, swap

    watch = Stopwatch()
    _fine_stages(watch)
    watch.wrap(pipeline, "check", "check")
    watch.wrap(pipeline, "assemble", "assemble", capture=True)
    watch.wrap(render, "make_charts", "charts")  # describing the charts
    watch.wrap(charts.ChartStore, "files", "charts")  # drawing them (or finding them in the cache)
    drawn_before = _drawn_total()
    watch.wrap(render, "render_report", "render")
    watch.wrap(render, "render_index", "render")
    watch.wrap(swap, "publish", "site")
    watch.wrap(mkdocs_boundary, "mkdocs_build", "mkdocs")
    watch.wrap(swap, "swap_in", "swap")
    # Pagefind: every searchable page, or its cached bundle. It runs in its own process while the next
    # language's pages are built: its start and the wait for it are what the build spends on it.
    watch.wrap(search, "start_index", "search_index")
    watch.wrap(search.Indexing, "finish", "search_index")
    start = time.perf_counter()
    try:
        with TreeMemory() as memory:
            built = pipeline.build(root, site_dir, strict=True)
    finally:
        watch.restore()
    s = watch.seconds
    return {
        "build": time.perf_counter() - start,
        "check": s["check"],
        "charts": s["charts"],
        "charts_drawn": _drawn_total() - drawn_before,
        "render": s["render"],
        # load/validate/render bookkeeping: cache keys, edition states, what changed, the caches' I/O
        "assemble_other": s["assemble"] - s["check"] - s["charts"] - s["render"],
        "site": s["site"],
        "mkdocs": s["mkdocs"],
        "swap": s["swap"],
        "search_index": s["search_index"],
        "search_pages": built.html.search_index.pages if built.html.search_index else 0,
        "search_index_reused": bool(built.html.search_index and built.html.search_index.reused),
        "reports_checked": len(built.checked),
        "pages_rendered": len(built.html.rendered),
        "pages_reused": built.html.reused,
        "tree_pss_mb": memory.pss,
        "tree_rss_mb": memory.rss,
        "stages": {k: v for k, v in sorted(s.items()) if ":" in k},
        # Each language's Markdown, for plain mkdocs: the default language's, then the others' ("ar").
        "_docs": {"": watch.captured["assemble"].docs, **watch.captured["assemble"].translated},
    }


def worker_build(root: Path, site_dir: Path, mode: str, docs_dir: Path | None) -> dict:
    """One build in this fresh process, after preparing ``mode``:

    cold          no caches at all
    charts-warm   only the chart cache kept: every report checked, every page rendered again
    warm          every cache kept, nothing changed (the no-change stamp removed): a full rebuild
    one-changed   bench.corpus.modify_one on the first report (a new edition with a new figure)
    nothing       nothing changed: the stamp recognises it
    """
    cache = root / ".cache"
    if mode == "cold":
        shutil.rmtree(cache, ignore_errors=True)
    elif mode == "charts-warm":
        for part in cache.iterdir() if cache.is_dir() else []:
            if part.name != "charts":
                shutil.rmtree(part) if part.is_dir() else part.unlink()
    elif mode == "warm":
        (cache / "build-stamp.json").unlink(missing_ok=True)
    elif mode == "one-changed":
        from bench import corpus

        corpus.modify_one(root, 0)
    if mode == "nothing":
        # As `build.py build` runs it: the stamp is read before the pipeline, the fact model and
        # mkdocs are imported (sitrep.cache.fresh), so this process imports only what the command does.
        start = time.perf_counter()
        from sitrep import cli
        from sitrep.cache import fresh

        imports = time.perf_counter() - start
        start = time.perf_counter()
        cli.main(["build", "--root", str(root), "--site-dir", str(site_dir), "--strict"])
        took = time.perf_counter() - start
        assert fresh.current(root, site_dir, True, False), "the stamp should have recognised it"
        return {"imports": imports, "build": took, "rss": _rss(), "stages": {}}
    start = time.perf_counter()
    import mkdocs.commands.build  # noqa: F401

    import sitrep.outputs.render
    import sitrep.pipeline
    import sitrep.site.swap  # noqa: F401
    from sitrep import cli

    cli._logging(verbose=False)  # exactly what `build.py build` logs
    imports = time.perf_counter() - start
    out = _instrumented_build(root, site_dir)
    docs = out.pop("_docs")
    out.update(imports=imports, rss=_rss())
    if mode == "cold":
        out["output"] = measure_site(site_dir)
    if docs_dir is not None:
        for code, files in sorted(docs.items()):
            folder = language_docs(docs_dir, code)
            for rel, src in sorted(files.items()):
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(src if isinstance(src, bytes) else src.read_bytes())
    return out


def language_docs(docs_dir: Path, code: str) -> Path:
    """Where a language's generated Markdown goes: ``docs_dir`` for the default language, ``docs_dir-ar`` beside it."""
    return docs_dir if not code else docs_dir.with_name(f"{docs_dir.name}-{code}")


def plain_mkdocs(config: Path, docs_dir: Path, site_dir: Path) -> dict:
    """Plain ``mkdocs build`` of every language's Markdown (sitrep's site stage builds each language
    too), one fresh process each: their times and peaks, and the sum, under ``mkdocs``."""
    folders = [docs_dir] + sorted(docs_dir.parent.glob(f"{docs_dir.name}-*"))
    runs = [_worker(["mkdocs", str(config), str(f), str(site_dir / f.name)]) for f in folders]
    return {
        "mkdocs": sum(r["mkdocs"] for r in runs),
        "languages": {
            f.name.removeprefix(docs_dir.name).lstrip("-") or "default": r for f, r in zip(folders, runs, strict=True)
        },
        "rss": {"own": max(r["rss"]["own"] for r in runs), "child": max(r["rss"]["child"] for r in runs)},
    }


def worker_mkdocs(config: Path, docs_dir: Path, site_dir: Path) -> dict:
    """A plain ``mkdocs build`` of already generated Markdown."""
    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from sitrep import cli

    cli._logging(verbose=False)
    imports = time.perf_counter() - start
    start = time.perf_counter()
    build(load_config(str(config), docs_dir=str(docs_dir), site_dir=str(site_dir)))
    return {"imports": imports, "mkdocs": time.perf_counter() - start, "rss": _rss()}


def _link_or_copy(src: str, dest: str) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


ZENSICAL_MISSING = "not run: no zensical executable (make zensical, then make bench)"


def run_zensical(exe: Path | None, config: Path, docs_dir: Path, workdir: Path) -> dict:
    """``zensical build --strict`` of the generated Markdown: cold (``--clean``), then warm (its cache kept).

    Zensical reads mkdocs.yml; the copy written here points it at the generated Markdown, the
    output folder and a copy of sitrep's theme overrides. An override it fails on (its error
    names the template) is dropped from the copy and the build tried again; what was dropped is
    part of the result. sitrep's Markdown extension (sitrep.site.mdtables) is importable through
    PYTHONPATH.
    """
    import yaml

    if exe is None or not exe.is_file():
        return {"error": ZENSICAL_MISSING}
    exe = exe.absolute()  # it runs in its own folder
    work = workdir / "zensical"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    theme = work / "theme"
    shutil.copytree(config.parent / data["theme"]["custom_dir"], theme)
    # Zensical wants docs_dir inside the folder of its config ("docs_dir must be within project root"):
    # the Markdown is linked there, outside the timing.
    shutil.copytree(docs_dir, work / "docs", copy_function=_link_or_copy)
    data.update(docs_dir="docs", site_dir="site")
    data["theme"]["custom_dir"] = str(theme)
    cfg = work / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    out: dict = {"version": version, "dropped_overrides": []}

    def build(*flags: str) -> float | None:
        while True:
            start = time.perf_counter()
            done = subprocess.run(
                [str(exe), "build", "-f", str(cfg), "--strict", *flags],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            took = time.perf_counter() - start
            if done.returncode == 0:
                return took
            said = (done.stderr or done.stdout).strip().splitlines()
            reason = said[-1] if said else f"exit {done.returncode}"
            # The innermost template named ("error in partials/header.html (in base.html:150): ...
            # (in partials/search.html:7)") that is one of sitrep's overrides.
            named = [t for t in re.findall(r"\(in ([^:()]+):\d+\)", reason) if (theme / t).is_file()]
            if named:
                (theme / named[-1]).unlink()
                out["dropped_overrides"].append(f"{named[-1]} ({reason})")
                continue
            out["error"] = reason
            return None

    cold = build("--clean")
    if cold is not None:
        warm = build()
        out.update(cold=cold, warm=warm)
        site = work / "site"
        out["html_pages"] = sum(1 for _ in site.rglob("*.html"))
    shutil.rmtree(work, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- output size and first view


class _Refs(HTMLParser):
    """The resources a page makes the browser fetch: stylesheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("href") and (a.get("rel") or "") in ("stylesheet", "icon", "shortcut icon"):
            self.refs.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.refs.append(a["src"])


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure_site(site_dir: Path) -> dict:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    html_bytes = sum(p.stat().st_size for p in html)
    reports = sorted(p for p in (site_dir / "reports").iterdir() if p.is_dir() and not p.name.startswith("_"))
    page = reports[0] / "index.html"  # the first report's address (its latest edition)
    text = page.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    refs = list(parser.refs)
    parts: dict[str, list[Path]] = defaultdict(list)
    # <source srcset> of a <picture> (the narrow charts a phone fetches instead) is left out:
    # a view fetches one drawing of each chart, and the <img> stands for it.
    for ref in dict.fromkeys(refs):
        if re.match(r"^(https?:)?//|^data:", ref):
            continue
        target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
        if target.is_file():
            kind = {".css": "css", ".js": "js"}.get(target.suffix, "images")
            parts[kind].append(target)
            if target.suffix == ".css":  # what a stylesheet fetches: the self-hosted fonts
                for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", target.read_text(encoding="utf-8")):
                    font = (target.parent / url.split("#")[0].split("?")[0]).resolve()
                    if font.is_file() and font.suffix in (".woff2", ".woff", ".ttf"):
                        parts["fonts"].append(font)
    view = {"html": page.stat().st_size}
    view_gz = {"html": _gz(page.read_bytes())}
    for kind, paths in sorted(parts.items()):
        view[kind] = sum(p.stat().st_size for p in paths)
        view_gz[kind] = sum(_gz(p.read_bytes()) for p in paths)
    return {
        "site_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": len(html),
        "html_bytes_per_page": html_bytes / len(html) if html else 0,
        "report_page_bytes": page.stat().st_size,
        "home_page_bytes": (site_dir / "index.html").stat().st_size,  # lists every report
        "reports_index_bytes": (site_dir / "reports" / "index.html").stat().st_size,
        "first_view": view,
        "first_view_bytes": sum(view.values()),
        "first_view_gzip": view_gz,
        "first_view_gzip_bytes": sum(view_gz.values()),
        "search_index_bytes": sum(p.stat().st_size for p in (site_dir / "pagefind").rglob("*") if p.is_file()),
        "first_search": first_search(site_dir / "pagefind"),
    }


# What the site's search (templates/assets/search.js, over Pagefind's JavaScript API) fetches when the
# reader opens the search and types a word: its stylesheet (assets/search.css), Pagefind's script,
# worker and WebAssembly for the page's language, the entry and the language's metadata, then the
# index chunk holding the word and the fragments of the first results drawn (five, each with its
# sub-results). Pagefind's ready-made interface (pagefind-ui.js and .css) is written into the bundle
# but never fetched. The browser test (tests/test_browser.py) measures a real first search; this
# bounds it from above without a browser: the largest chunk and the five largest fragments.
SEARCH_FIXED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
SEARCH_STYLES = "../assets/search.css"  # relative to the bundle
RESULTS_SHOWN = 5


def first_search(bundle: Path) -> dict:
    """Bytes of a reader's first one-word search, at most: raw, and on the wire (text gzipped)."""
    if not (bundle / "pagefind-entry.json").is_file():
        return {"bytes": 0, "wire_bytes": 0, "files": 0}
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    language, info = sorted(entry["languages"].items(), key=lambda kv: -kv[1]["page_count"])[0]
    files = [bundle / name for name in SEARCH_FIXED] + [(bundle / SEARCH_STYLES).resolve()]
    files += [bundle / f"pagefind.{info['hash']}.pf_meta", bundle / f"wasm.{info['wasm'] or 'unknown'}.pagefind"]
    chunks = sorted((bundle / "index").glob(f"{language}_*.pf_index"), key=lambda p: p.stat().st_size)
    fragments = sorted((bundle / "fragment").glob(f"{language}_*.pf_fragment"), key=lambda p: p.stat().st_size)
    files += chunks[-1:] + fragments[-RESULTS_SHOWN:]
    raw = sum(p.stat().st_size for p in files)
    wire = sum(_gz(p.read_bytes()) if p.suffix in (".js", ".css", ".json") else p.stat().st_size for p in files)
    return {
        "bytes": raw,
        "wire_bytes": wire,  # as a server that gzips text sends it (Pagefind's index files are compressed already)
        "files": len(files),
        "largest_chunk_bytes": chunks[-1].stat().st_size if chunks else 0,
        "chunks": len(chunks),
        "pages": info["page_count"],
    }


# --------------------------------------------------------------------------- driver


def _worker(args: list[str]) -> dict:
    """Run this module as a worker in a fresh interpreter; return what it printed (JSON, last line)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--worker", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # CPU seconds of the whole process and what it waited for (Pagefind, chart workers): less
    # sensitive than wall time to other work on a shared machine.
    out["process_cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out


MODES = ("cold", "charts-warm", "warm", "one-changed", "nothing")


def bench_size(
    reports: int, repeat: int, seed: int, workdir: Path, log: Callable[[str], None], zensical: Path | None = None
) -> dict:
    from bench import corpus

    base = workdir / f"corpus-{reports}"
    start = time.perf_counter()
    corpus.generate(base, reports, seed)
    generated = time.perf_counter() - start
    log(f"  generated {reports} reports in {generated:.1f} s")
    docs = workdir / f"docs-{reports}"
    runs = []
    for r in range(repeat):
        root = workdir / f"run-{reports}-{r}"
        shutil.copytree(base, root)
        run: dict = {"loadavg_at_start": os.getloadavg()}
        for mode in MODES:
            start = time.perf_counter()
            wants_docs = str(docs) if mode == "cold" and r == 0 else "-"
            run[mode] = _worker(["build", str(root), str(root / "site"), mode, wants_docs])
            run[mode]["process_wall"] = time.perf_counter() - start
        run["plain"] = plain_mkdocs(root / "mkdocs.yml", docs, workdir / f"plain-{reports}-{r}")
        run["zensical"] = run_zensical(zensical, root / "mkdocs.yml", docs, workdir)
        z = run["zensical"]
        log(
            f"  zensical {z.get('version', '')}: "
            + (f"cold {z['cold']:.1f} s, warm {z['warm']:.1f} s" if "cold" in z and z["warm"] is not None else "")
            + (f" error: {z['error']}" if "error" in z else "")
            + (f"; overrides left out: {'; '.join(z['dropped_overrides'])}" if z.get("dropped_overrides") else "")
        )
        runs.append(run)
        c = run["cold"]
        log(
            f"  run {r + 1}/{repeat}: cold {c['build']:.1f} s (check {c['check']:.1f}, charts {c['charts']:.1f} "
            f"for {c['charts_drawn']}, render {c['render']:.1f}, mkdocs {c['mkdocs']:.1f}); "
            f"charts-warm {run['charts-warm']['build']:.1f} s; warm {run['warm']['build']:.1f} s; "
            f"one changed {run['one-changed']['build']:.2f} s; nothing {run['nothing']['build']:.2f} s; "
            f"plain mkdocs {run['plain']['mkdocs']:.1f} s; peak {c['rss']['own']:.0f} MB "
            f"(largest chart worker {c['rss']['child']:.0f} MB)"
        )
        shutil.rmtree(root)
        shutil.rmtree(workdir / f"plain-{reports}-{r}", ignore_errors=True)
    for folder in [docs, *docs.parent.glob(f"{docs.name}-*")]:
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(base, ignore_errors=True)
    return {
        "reports": reports,
        "generate_s": generated,
        "loadavg_at_end": os.getloadavg(),  # other work on the machine skews the timings
        "runs": runs,
        "median": summarise(reports, runs),
    }


def _med_or_none(values: list) -> float | None:
    return None if any(v is None for v in values) else statistics.median(values)


def _stage_medians(results: list[dict]) -> dict[str, float]:
    names = sorted({name for r in results for name in r.get("stages", {})})
    return {name: statistics.median(r.get("stages", {}).get(name, 0.0) for r in results) for name in names}


def summarise(reports: int, runs: list[dict]) -> dict:
    def med(get: Callable[[dict], float]) -> float:
        return statistics.median(get(run) for run in runs)

    cold = lambda key: med(lambda run: run["cold"][key])  # noqa: E731
    out = {
        "imports_s": med(lambda run: run["cold"]["imports"]),
        "check_s": cold("check"),
        "charts_s": cold("charts"),
        "charts_drawn": cold("charts_drawn"),
        "render_s": cold("render"),
        "assemble_other_s": cold("assemble_other"),
        "mkdocs_s": cold("mkdocs"),
        "swap_s": cold("swap"),
        "search_index_s": cold("search_index"),
        "search_pages": cold("search_pages"),
        "one_changed_search_index_s": med(lambda run: run["one-changed"]["search_index"]),
        "warm_search_index_s": med(lambda run: run["warm"]["search_index"]),
        "site_s": cold("site"),
        "build_s": cold("build"),
        "charts_warm_s": med(lambda run: run["charts-warm"]["build"]),
        "warm_s": med(lambda run: run["warm"]["build"]),
        "one_changed_s": med(lambda run: run["one-changed"]["build"]),
        "one_changed_process_s": med(lambda run: run["one-changed"]["process_wall"]),
        "one_changed_process_cpu_s": med(lambda run: run["one-changed"]["process_cpu"]),
        "one_changed_imports_s": med(lambda run: run["one-changed"]["imports"]),
        "nothing_process_s": med(lambda run: run["nothing"]["process_wall"]),
        "nothing_process_cpu_s": med(lambda run: run["nothing"]["process_cpu"]),
        "loadavg_at_start": [med(lambda run, i=i: run["loadavg_at_start"][i]) for i in range(3)],
        # The profile: each finer stage's median seconds, per mode (see _fine_stages).
        "stages": {mode: _stage_medians([run[mode] for run in runs]) for mode in MODES},
        "one_changed_pages_rendered": med(lambda run: run["one-changed"]["pages_rendered"]),
        "nothing_s": med(lambda run: run["nothing"]["build"]),
        "peak_rss_mb": med(lambda run: max(run[m]["rss"]["own"] for m in MODES)),
        # The whole process tree, sampled: PSS (what it really held) and RSS (shared pages
        # counted in each process: an upper bound).
        "peak_tree_pss_mb": med(lambda run: max(run[m].get("tree_pss_mb", 0) for m in MODES)),
        "peak_tree_rss_mb": med(lambda run: max(run[m].get("tree_rss_mb", 0) for m in MODES)),
        "plain_mkdocs_s": med(lambda run: run["plain"]["mkdocs"]),
        # None when Zensical did not build (its error is in each run's "zensical"): never a made-up time.
        "zensical_s": _med_or_none([run["zensical"].get("cold") for run in runs]),
        "zensical_warm_s": _med_or_none([run["zensical"].get("warm") for run in runs]),
        "peak_rss_plain_mkdocs_mb": med(lambda run: run["plain"]["rss"]["own"]),
    }
    out["ratio_cold_to_plain"] = out["build_s"] / out["plain_mkdocs_s"]
    out["ratio_charts_warm_to_plain"] = out["charts_warm_s"] / out["plain_mkdocs_s"]
    out["ratio_warm_to_plain"] = out["warm_s"] / out["plain_mkdocs_s"]
    out["ms_per_chart_drawn"] = 1000 * out["charts_s"] / out["charts_drawn"] if out["charts_drawn"] else None
    out["per_report_ms"] = 1000 * out["build_s"] / reports
    out["output"] = runs[0]["cold"]["output"]
    return out


COLUMNS = (
    ("reports", "reports", "{:d}"),
    ("check", "check_s", "{:.1f}"),
    ("charts", "charts_s", "{:.1f}"),
    ("ms/chart", "ms_per_chart_drawn", "{:.1f}"),
    ("render", "render_s", "{:.1f}"),
    ("mkdocs", "mkdocs_s", "{:.1f}"),
    ("index", "search_index_s", "{:.2f}"),
    ("(1 changed)", "one_changed_search_index_s", "{:.2f}"),
    ("cold", "build_s", "{:.1f}"),
    ("plain mk", "plain_mkdocs_s", "{:.1f}"),
    ("cold/plain", "ratio_cold_to_plain", "{:.2f}"),
    ("zensical", "zensical_s", "{:.1f}"),
    ("(warm)", "zensical_warm_s", "{:.1f}"),
    ("charts-warm", "charts_warm_s", "{:.1f}"),
    ("/plain", "ratio_charts_warm_to_plain", "{:.2f}"),
    ("warm", "warm_s", "{:.2f}"),
    ("/plain", "ratio_warm_to_plain", "{:.2f}"),
    ("1 changed", "one_changed_s", "{:.2f}"),
    ("(process)", "one_changed_process_s", "{:.2f}"),
    ("nothing", "nothing_s", "{:.2f}"),
    ("(process)", "nothing_process_s", "{:.2f}"),
    ("ms/report", "per_report_ms", "{:.0f}"),
    ("peak MB", "peak_rss_mb", "{:.0f}"),
    ("tree PSS", "peak_tree_pss_mb", "{:.0f}"),
    ("tree RSS", "peak_tree_rss_mb", "{:.0f}"),
)


def table(results: list[dict]) -> str:
    rows = [
        [name for name, _, _ in COLUMNS]
        + ["site MB", "pages", "KB/page", "1st view KB", "(gzip)", "index KB", "1st search KB", "(wire)"]
    ]
    for res in results:
        m = dict(res["median"], reports=res["reports"])
        o = m["output"]
        rows.append(
            [fmt.format(m[key]) if m.get(key) is not None else "-" for _, key, fmt in COLUMNS]
            + [
                f"{o['site_bytes'] / 1e6:.1f}",
                f"{o['html_pages']:d}",
                f"{o['html_bytes_per_page'] / 1e3:.1f}",
                f"{o['first_view_bytes'] / 1e3:.0f}",
                f"{o['first_view_gzip_bytes'] / 1e3:.0f}",
                f"{o['search_index_bytes'] / 1e3:.0f}",
                f"{o['first_search']['bytes'] / 1e3:.0f}",
                f"{o['first_search']['wire_bytes'] / 1e3:.0f}",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def scaling(results: list[dict]) -> dict | None:
    if len(results) < 2:
        return None
    ordered = sorted(results, key=lambda r: r["reports"])
    small, large = ordered[-2], ordered[-1]
    out = {"from": small["reports"], "to": large["reports"]}
    for key in ("build_s", "check_s", "charts_s", "render_s", "mkdocs_s", "plain_mkdocs_s"):
        a, b = small["median"][key] / small["reports"], large["median"][key] / large["reports"]
        out[key.removesuffix("_s")] = b / a if a else None
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        kind, *rest = argv[1:]
        if kind == "build":
            root, site_dir, mode, docs = rest
            result = worker_build(Path(root), Path(site_dir), mode, None if docs == "-" else Path(docs))
        else:
            result = worker_mkdocs(*(Path(p) for p in rest))
        print(json.dumps(result))
        return 0

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[10, 100], help="corpus sizes (default: 10 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the table shows medians (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--out", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--zensical", type=Path, help="a zensical executable, for the Zensical column (make zensical)")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.reports) or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in args.reports:
            log(f"{n} reports:")
            results.append(bench_size(n, args.repeat, args.seed, workdir, log, args.zensical))
            if args.out:  # written after each size, so a long run leaves its finished sizes behind
                _write(args, results)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"median of {args.repeat} run(s); seconds unless stated. cold: no caches; charts-warm: chart cache only "
        "(every report and page again); warm: all caches, nothing changed; 1 changed: one report's new edition; "
        "nothing: recognised by the stamp. zensical: `zensical build --strict --clean` of the same Markdown "
        "((warm): again, its cache kept; -: it did not build, see the JSON). "
        "peak MB: the build process (ru_maxrss); tree PSS/RSS: the whole "
        "process tree sampled every 250 ms (PSS counts shared pages once; RSS in every process). "
        "1st view: a report page's HTML, CSS, JS and images. index: Pagefind indexing every searchable page "
        "(cold; (1 changed): after one report changed). index KB: the whole search bundle, never fetched whole; "
        "1st search KB: at most what a reader's first one-word search fetches, raw and (wire) with text gzipped"
    )
    print(table(results))
    s = scaling(results)
    if s:
        print(
            f"per-report cost at {s['to']} reports / at {s['from']}: build {s['build']:.2f}x "
            f"(check {s['check']:.2f}x, charts {s['charts']:.2f}x, render {s['render']:.2f}x, "
            f"mkdocs {s['mkdocs']:.2f}x, plain mkdocs {s['plain_mkdocs']:.2f}x); "
            "1.00x is linear"
        )
    for res in results:
        v = res["median"]["output"]["first_view"]
        g = res["median"]["output"]["first_view_gzip"]
        print(
            f"first view at {res['reports']} reports, bytes (gzip): "
            + ", ".join(f"{k} {v[k] / 1e3:.0f} KB ({g[k] / 1e3:.0f})" for k in v)
        )
    for res in results:
        m = res["median"]
        print(
            f"profile at {res['reports']} reports, one report changed ({m['one_changed_process_s']:.2f} s whole "
            f"process, {m['one_changed_process_cpu_s']:.2f} s CPU, imports {m['one_changed_imports_s']:.2f} s; "
            f"load average {m['loadavg_at_start'][0]:.1f} at the start): "
            + ", ".join(f"{k} {v:.2f}" for k, v in sorted(m["stages"]["one-changed"].items(), key=lambda kv: -kv[1]))
        )
    if args.out:
        _write(args, results)
    return 0


def _write(args: argparse.Namespace, results: list[dict]) -> None:
    data = {
        "command": "python -m bench.run " + " ".join(sys.argv[1:]),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "git": _git(),
        "repeat": args.repeat,
        "seed": args.seed,
        "sizes": results,
        "scaling": scaling(results),
    }
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _git() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"head": git("rev-parse", "HEAD"), "changed_files": git("status", "--porcelain").splitlines()}


if __name__ == "__main__":
    raise SystemExit(main())
