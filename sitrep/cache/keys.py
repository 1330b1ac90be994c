"""Every cache key of a build, declared in one place and built from the real inputs.

A key is a digest of everything that shapes some output's bytes; reuse is safe only
while it holds all of them. The inputs, by kind:

* the project's inputs, each listed once in :data:`sitrep.facts.inputs.PROJECT` (the list the
  revision export of ``build.py diff`` reads too): the fact files, seeds, ``measures.yaml``,
  ``templates/``, ``mkdocs.yml`` and the releases' stamps (file bytes, through
  :class:`sitrep.cache.stamp.Digests`, so each file is read once a build);
* code: this package (its bytes; for charts, the drawing modules' syntax tree, so a
  comment or docstring renames no chart);
* libraries: the installed distributions that can change output bytes, by their
  versions (:data:`SITE_DISTRIBUTIONS`, :data:`CHART_DISTRIBUTIONS`), and Python's.

The keys, and what reuses by them:

==================  ==========================================  ==============================
key                 made from                                   keys
==================  ==========================================  ==============================
:func:`inputs`      every input above, the build's options      the whole build (sitrep.cache.stamp)
:func:`code`        code, templates, measures, libraries,        base of report and seed keys
                    options (drafts, settings)
:func:`seed`        code key, a seed's two files                a seed's validity (sitrep.cache.memo)
:func:`report`      code key, a report folder's files, the       a report's pages (sitrep.cache.memo)
                    seeds it lists
:func:`chart`       chart environment, the chart's plan          a chart's file name and bytes
:func:`html`        mkdocs.yml, theme, code, libraries, date     every page's HTML (sitrep.site.mkdocs_boundary)
:func:`output`      a registered output's declared inputs        its files (sitrep.outputs)
==================  ==========================================  ==============================
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import platform
import stat
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sitrep.drawing.style import STYLE
from sitrep.facts import inputs as project_inputs

if TYPE_CHECKING:
    from sitrep.cache.stamp import Digests

FORMAT = 2  # bump when what the report cache stores changes shape
PACKAGE = Path(__file__).resolve().parent.parent  # sitrep/, not this cache/ package

# The installed distributions whose versions can change output bytes.
CHART_DISTRIBUTIONS = (
    "matplotlib",
    "numpy",
    "fonttools",
    "pillow",
    "kiwisolver",
    "contourpy",
    "pyparsing",
    "cycler",
    "python-dateutil",
)
SITE_DISTRIBUTIONS = (  # Markdown, HTML, data files, feeds: read, validated, rendered, built
    "mkdocs",
    "mkdocs-material",
    "mkdocs-material-extensions",
    "mkdocs-get-deps",
    "pymdown-extensions",
    "markdown",
    "pygments",
    "babel",
    "backrefs",
    "paginate",
    "mergedeep",
    "jinja2",
    "markupsafe",
    "pyyaml",
    "pyyaml-env-tag",
    "ruamel.yaml",
    "pydantic",
    "pydantic-core",
    "tzdata",
    "pagefind",
    "pagefind-bin",  # the binary that writes the search index (sitrep/site/search.py)
)
# The modules that draw charts: a chart's name follows their syntax, not their comments.
DRAWING_MODULES = ("drawing/charts.py", "drawing/maps.py", "drawing/plan.py", "drawing/style.py")


def package() -> Path:
    """This package's folder (a function, so tests can stand in new code)."""
    return PACKAGE


def versions(names: tuple[str, ...]) -> list[list[str]]:
    """[name, version] of each distribution (version "" when not installed), and Python's."""
    return json.loads(_versions(names, tuple(sys.path), metadata.version))


@functools.cache
def _versions(names: tuple[str, ...], path: tuple[str, ...], reader) -> str:
    # Read once per process, search path and reader: a distribution put first on the path
    # (or a stand-in reader) is read again.
    pairs = []
    for name in names:
        try:
            pairs.append([name, reader(name)])
        except metadata.PackageNotFoundError:
            pairs.append([name, ""])
    pairs.append(["python", platform.python_version()])
    return json.dumps(pairs)


def libraries() -> str:
    """Every output-shaping distribution and its version, as JSON text."""
    return json.dumps(versions(SITE_DISTRIBUTIONS + CHART_DISTRIBUTIONS))


def syntax(source: bytes) -> str:
    """A module's syntax tree without docstrings: what it does, not how it is commented."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False)


def chart_environment() -> str:
    """Everything besides a chart's plan that shapes its bytes: the drawing modules' syntax,
    the fonts, the map data, the drawing style and the chart libraries' versions."""
    return _chart_environment(str(package()), _style(id(STYLE)), libraries_of_charts())


@functools.cache
def _style(_identity: int) -> str:
    # Keyed by the dictionary's identity: asked for every chart of a build (thousands), made once.
    return json.dumps(STYLE, sort_keys=True)


def libraries_of_charts() -> str:
    return _libraries_of_charts(tuple(sys.path), metadata.version)


@functools.cache
def _libraries_of_charts(path: tuple[str, ...], reader) -> str:
    # Once per search path and reader, as :func:`_versions`: asked for every chart of a build.
    return json.dumps(json.loads(_versions(CHART_DISTRIBUTIONS, path, reader)))


@functools.cache
def _chart_environment(folder: str, style: str, libs: str) -> str:
    here = Path(folder)
    h = hashlib.sha256(b"sitrep-chart-environment-1\0")
    for name in DRAWING_MODULES:
        h.update(f"{name}\0{syntax((here / name).read_bytes())}\0".encode())
    for path in sorted((here / "drawing" / "fonts").glob("*.ttf")) + sorted(
        (here / "drawing" / "geodata").glob("*.json")
    ):
        h.update(f"{path.relative_to(here).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps([style, libs]).encode())
    return h.hexdigest()


class _Chart(Protocol):
    """What a key reads of :class:`sitrep.drawing.plan.Chart` (which asks for its key here: not imported)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def plan(self) -> str: ...
    @property
    def format(self) -> str: ...


def chart(c: _Chart) -> str:
    """A chart's key: its file name and its cache entry."""
    fmt = "" if c.format == "svg" else f"\n{c.format}"
    return hashlib.sha256(f"{chart_environment()}\n{c.id}\n{c.kind}\n{c.plan}{fmt}".encode()).hexdigest()


def _hash_files(h, folder: Path, files: list[Path], digests: Digests) -> None:
    for path in files:
        h.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        h.update(digests(path))


def code(root: Path, options: dict, digests: Digests) -> str:
    """What every report and seed is checked and rendered with: the code, the project's inputs
    that shape every report (:data:`sitrep.facts.inputs.PROJECT`: its measures, its templates),
    the libraries and the build's options (the settings among them)."""
    h = hashlib.sha256(f"{FORMAT}\0".encode())
    pkg = package()
    _hash_files(h, pkg, sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".yaml")), digests)
    for item in project_inputs.PROJECT:
        if item.scope != "every report":
            continue
        path = root / item.path
        if item.folder:
            files = sorted(p for p in path.rglob(item.only or "*") if p.is_file()) if path.is_dir() else []
            _hash_files(h, path, files, digests)
        elif path.is_file():
            _hash_files(h, root, [path], digests)
    h.update(libraries().encode())
    h.update(json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def listed_seeds(report_yaml: bytes | Path) -> list[str] | None:
    """Every seed a report.yaml names (its ``seeds`` and its exclusions' seeds, which may be
    any seed), read quickly from its bytes; None when it cannot be read (the full check will say why)."""
    from sitrep.facts.load import parse

    try:
        data_bytes = report_yaml.read_bytes() if isinstance(report_yaml, Path) else report_yaml
        doc, errors = parse(data_bytes.decode("utf-8"), "report.yaml")
    except (OSError, ValueError):
        return None
    data = doc.data if doc is not None and not errors else None
    seeds = data.get("seeds") if isinstance(data, dict) else None
    exclusions = data.get("exclusions", []) if isinstance(data, dict) else []
    if not isinstance(seeds, list) or not isinstance(exclusions, list):
        return None
    named = seeds + [e.get("seed") if isinstance(e, dict) else None for e in exclusions]
    if not all(isinstance(s, str) and "/" not in s for s in named):
        return None
    return sorted(set(named))


def seed(code_key: str, root: Path, seed_id: str, digests: Digests) -> str | None:
    h = hashlib.sha256(f"{code_key}\0seed\0{seed_id}\0".encode())
    folder = os.path.join(root, "seeds")
    for suffix in (".txt", ".yaml"):
        path = os.path.join(folder, seed_id + suffix)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None  # a link or a folder: the full check reports it
        except OSError:
            return None
        h.update(digests(path))
    return h.hexdigest()


def report(code_key: str, root: Path, folder: str, seed_keys: dict[str, str | None], digests: Digests) -> str | None:
    path = root / "reports" / folder
    try:
        if path.is_symlink():
            return None
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return None
    i18n = [e for e in entries if e.name == project_inputs.I18N_FOLDER and e.is_dir(follow_symlinks=False)]
    entries = [e for e in entries if e not in i18n]
    if i18n:  # the translation files, keyed as the folder's own files ("i18n/ar.yaml")
        try:
            with os.scandir(i18n[0].path) as it:
                entries += sorted(it, key=lambda e: e.name)
        except OSError:
            return None
    if any(e.is_symlink() or not e.is_file(follow_symlinks=False) for e in entries):
        return None  # the full check has something to say about it
    if "report.yaml" not in {e.name for e in entries}:
        return None
    seeds = digests.derive(path / "report.yaml", "seeds-3", listed_seeds)
    if seeds is None or any(seed_keys.get(s) is None for s in seeds):
        return None
    h = hashlib.sha256(f"{code_key}\0report\0{folder}\0".encode())
    for e in entries:
        name = e.path[len(str(path)) + 1 :]  # relative to the folder: "figures.yaml", "i18n/ar.yaml"
        h.update(f"{name}\0".encode())
        h.update(digests(e.path))
    for s in seeds:
        h.update(f"{s}\0{seed_keys[s]}\0".encode())
    return h.hexdigest()


def _files(folder: Path) -> list[tuple[str, str]]:
    """(path, path relative to ``folder``) of every regular file and folder (ending in "/")
    under it, in a stable order.

    Plain strings and ``os.scandir``: for the 20,000 files of a large project, pathlib's
    objects cost more than reading the directory does.
    """
    out: list[tuple[str, str]] = []

    def walk(path: str, rel: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir():
                out.append((entry.path, f"{rel}{entry.name}/"))  # an empty report folder is an input too
                walk(entry.path, f"{rel}{entry.name}/")
            elif entry.is_file():
                out.append((entry.path, rel + entry.name))

    walk(str(folder), "")
    return out


def inputs(root: Path, options: dict, digests: Digests | None = None) -> str:
    """The whole build's key: a build whose key and site both match the last one's is skipped."""
    from sitrep.cache.stamp import Digests

    digests = Digests() if digests is None else digests
    h = hashlib.sha256()
    for item in project_inputs.PROJECT:  # every input, whatever key also holds it
        part = root / item.path
        if item.only:
            for found in sorted(part.glob(item.only)) if part.is_dir() else []:
                h.update(f"{item.path}/{found.relative_to(part).as_posix()}\0".encode() + found.read_bytes())
            continue
        if not part.exists() and item.optional:
            continue
        _hash_tree(h, part, digests)
    _hash_tree(h, package(), digests)
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")}
    h.update(json.dumps([libraries(), env, options], sort_keys=True).encode())
    return h.hexdigest()


def _hash_tree(h, part: Path, digests: Digests) -> None:
    files = [(str(part), "")] if part.is_file() else _files(part)
    for path, rel in files:
        if path.endswith(".pyc") or rel.endswith("__pycache__/"):
            continue
        h.update(f"{part.name}/{rel}\0".encode())
        if not rel.endswith("/"):
            h.update(digests(path))


def html(config, config_file: Path, epoch: int) -> str:
    """What every page's HTML depends on besides its own Markdown (see :mod:`sitrep.site.mkdocs_boundary`)."""
    h = hashlib.sha256(b"sitrep-html\0")
    h.update(config_file.read_bytes())
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    for path in sorted(custom.rglob("*")) if custom and custom.is_dir() else []:
        if path.is_file() and custom is not None:
            h.update(f"{path.relative_to(custom).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for path in sorted(package().rglob("*.py")):
        h.update(hashlib.sha256(path.read_bytes()).digest())
    # The build date changes with every new edition; pages depend on it only if a theme
    # template reads it (mkdocs' sitemap does, and is rendered on every build anyway).
    dated = epoch if _theme_reads_the_date(config) else None
    h.update(json.dumps([dict(config.extra), dated, config.site_url], sort_keys=True, default=str).encode())
    h.update(libraries().encode())
    return h.hexdigest()


def _theme_reads_the_date(config) -> bool:
    for folder in config.theme.dirs:
        for path in Path(folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "build_date" in text or "update_date" in text:
                return True
    return False


def output(name: str, version: int, parts: list[bytes | str]) -> str:
    """A registered output's key (:mod:`sitrep.outputs`): its name and version and the inputs it declares."""
    h = hashlib.sha256(f"sitrep-output\0{name}\0{version}\0".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(f"{len(data)}\0".encode() + data)
    return h.hexdigest()
