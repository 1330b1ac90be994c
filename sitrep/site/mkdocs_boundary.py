"""The mkdocs boundary: the one module that touches mkdocs and Material (the site stage's build).

Everything else calls :func:`mkdocs_build` (and :func:`check_versions`); no other module
imports mkdocs or Material. This module is where an upgrade is tried (``SITREP_UNTESTED_MKDOCS=1``,
then the tests) and where a move to another builder starts (docs/performance.md, "Moving to Zensical").

What it does. mkdocs' own build, page by page, reusing the pages rendered before. A page's HTML
depends on its Markdown, on what every page shares (mkdocs.yml, the theme, the build date, the
libraries, this code: :func:`sitrep.keys.html`) and on the files its links name. Each page rendered here
is kept in ``.cache/html`` under a key of the first two, with the link targets it looked up (and
whether they existed), its anchors and whether Pagefind indexes it
(:func:`sitrep.site.search.searchable`). A later build reuses the page when
the key matches and every link still resolves the same way: it is hard-linked into the new site,
not rendered and not copied. What is global is merged, not re-rendered: the search records are
the searchable pages' files and digests in mkdocs' own page order (:class:`Stats`.search, indexed
by :mod:`sitrep.site.search` after this build); the sitemap and 404 page name
pages without rendering them. This is ``build`` of mkdocs' ``commands/build.py`` with those
changes, so a page has the bytes ``mkdocs build`` gives it. Pages are rendered one at a time and
their HTML dropped once written, so memory does not grow with the number of pages.

Private APIs used (each: why; what breaks if it changes). The versions they are tested with are
:data:`TESTED` (pyproject.toml states the same bounds; tests/test_boundary.py keeps them equal), and
the page-builder contract test (tests/test_incremental.py,
``test_site_step_gives_the_bytes_of_mkdocs_build``) compares this build with ``mkdocs build`` on a
clean build and on a warm incremental rebuild (most pages reused):

- ``mkdocs.commands.build._populate_page(page, config, files)``: reads one page and converts its
  Markdown (links resolved through ``files``), so pages can be read one by one and the link
  lookups recorded. A changed signature fails every build (TypeError); a changed behaviour makes
  pages differ from ``mkdocs build`` (the contract test fails).
- ``mkdocs.commands.build._build_page(page, config, doc_files, nav, env, excluded=)``: renders one
  page through the theme and writes it, firing the page events. Same failure modes.
- ``mkdocs.commands.build._build_theme_template`` / ``_build_extra_template``: the theme's static
  templates (404.html, sitemap.xml) and extra templates, which name pages without rendering them.
  Changed: a TypeError, or a 404 page or sitemap unlike mkdocs'.
- No plugin: mkdocs.yml sets ``plugins: []`` (search is Pagefind's, not Material's plugin). A
  plugin's page events cannot be replayed for a reused page, so any plugin turns reuse off.
- ``Files.get_file_from_path``, overridden in :class:`RecordingFiles`, is how a page's links are
  looked up; recording its calls is what makes a reused page's links safe. If mkdocs resolved links
  another way, the recording would be empty and a page could be reused with a link mkdocs would
  now warn about (the test that a changed report re-renders the page linking to it would fail).
- ``Page._title_from_render``: set on a reused page in the navigation (read, not converted) to the
  title it had when rendered, which other pages' navigation shows. Changed: a reused page's title in
  the navigation differs from ``mkdocs build``'s (the contract test fails).
- ``Page.present_anchor_ids``, ``Page.links_to_anchors`` and ``Page.validate_anchor_links``: the
  anchors a page has and the ones it links to, stored with a reused page and set back on it so
  mkdocs still validates anchor links across pages. Changed: anchor links are not validated, or
  fail on reused pages.
- The order of ``mkdocs.structure.files.get_files`` (a folder's files, index first, then its
  sub-folders), reproduced by :func:`walk_order` because the pages come from memory, not a docs
  folder; it fixes the search records' and the sitemap's order. Changed: those orders differ from
  ``mkdocs build`` (the contract test fails).
- ``SOURCE_DATE_EPOCH``, which mkdocs reads for the sitemap's date (:func:`_build_date` sets it).
- Languages (:class:`Pass`): a site in several languages is built once per language, each pass
  with ``config.theme["language"]``/``["direction"]`` and ``site_url`` set to the language's, and
  ``config.extra["alternate"]`` (Material's selector and head alternates) set again before each
  page is rendered, to name that page in each language. Relied on: Material reading the theme's
  language and ``extra.alternate`` at render time, not once at load. Changed: the Arabic pages say
  ``lang="en"``, or the selector leads to the home page (tests/test_languages.py fails).
- Public but relied on closely: ``File.generated``, ``Files.add_files_from_theme``,
  ``set_exclusions``, ``get_navigation``, ``Page(None, file, config)``, the plugin events called
  in mkdocs' order (``on_config`` ... ``on_post_build``, ``on_build_error``), ``utils.CountHandler``
  (strict mode's warning count), ``utils.clean_directory``, ``config.theme.get_env`` (a jinja
  bytecode cache is attached to it), ``config.theme.static_templates``/``dirs``/``custom_dir``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import jinja2
import yaml
from babel.support import NullTranslations
from markdown.extensions.toc import slugify_unicode  # type: ignore[import-untyped]  # no type hints
from mkdocs import utils
from mkdocs.commands import build as mkbuild
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkmeta

from sitrep.cache import bytecode, cachefiles
from sitrep.errors import EnvironmentFault, templates_checked
from sitrep.outputs import messages
from sitrep.site import search as site_search
from sitrep.site import settings

log = logging.getLogger("sitrep")

# The versions this module is tested with (pyproject.toml states the same bounds; a test keeps them
# equal). It calls the private APIs listed in the docstring; a newer release may change them without notice.
TESTED = {
    "mkdocs": (">=1.6.1", "<1.7"),
    "mkdocs-material": (">=9.8.2", "<9.9"),
    "pymdown-extensions": (">=13.1", "<14"),
}
UNTESTED_OK = "SITREP_UNTESTED_MKDOCS"  # set to 1 to build anyway (to try an upgrade against the tests)


def check_versions(installed: Callable[[str], str] | None = None) -> list[str]:
    """Refuse to build with a mkdocs, Material or pymdown release outside the tested range, saying what to do.

    Returns the problems found when ``SITREP_UNTESTED_MKDOCS=1`` lets the build go on (logged as warnings).
    """
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    installed = installed or metadata.version
    problems = []
    for name, bounds in TESTED.items():
        try:
            version = installed(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed")
            continue
        if version not in SpecifierSet(",".join(bounds), prereleases=True):
            problems.append(f"{name} {version} is installed, but sitrep is tested with {name}{','.join(bounds)}")
    if problems and os.environ.get(UNTESTED_OK) != "1":
        raise EnvironmentFault(
            "; ".join(problems) + ". sitrep drives mkdocs' own page builder through private functions, which "
            "another release may change. Install the pinned versions (`make install`, or "
            "`pip install --no-deps -r requirements.lock`); to try a new release, run the tests "
            f"(`make test`) with {UNTESTED_OK}=1 and, if they pass, raise the bounds in sitrep/mkdocs_boundary.py "
            "and pyproject.toml."
        )
    for problem in problems:
        log.warning("%s (%s=1: building with an untested release)", problem, UNTESTED_OK)
    return problems


Source = bytes | Path
ENTRY_KEYS = {"links", "anchors", "anchor_links", "search", "title", "lastmod", "file"}  # a file's content, or where it is on disk


class RecordingFiles(Files):
    """mkdocs' Files, noting which paths a page's links looked up while it renders."""

    def __init__(self, files) -> None:
        super().__init__(files)
        self.looked_up: dict[str, bool] | None = None

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        if self.looked_up is not None:
            self.looked_up[PurePath(path).as_posix()] = found is not None
        return found


@dataclass
class Stats:
    rendered: list[str] = field(default_factory=list)
    reused: int = 0
    cache: PageCache | None = None  # holds this build's new entries until its commit()
    search: site_search.Records = field(default_factory=site_search.Records)  # what Pagefind indexes
    search_index: site_search.Written | None = None  # set once the site stage wrote the search bundle
    languages: dict[str, Stats] = field(default_factory=dict)  # the other languages' passes, by language


def walk_order(paths) -> list[str]:
    """The order ``mkdocs.structure.files.get_files`` gives: a folder's files (index first), then its sub-folders."""
    tree: dict = {}
    for path in paths:
        *folders, name = path.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder + "/", {})
        node[name] = None
    out: list[str] = []

    def visit(node: dict, prefix: str) -> None:
        names = sorted(
            (k for k, v in node.items() if v is None),
            key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f),
        )
        out.extend(prefix + n for n in names)
        for folder in sorted(k for k, v in node.items() if v is not None):
            visit(node[folder], prefix + folder)

    visit(tree, "")
    return out


_STORED = re.compile(r"[0-9a-f]{64}\.md")


def _digest(source: Source) -> str:
    """The sha256 of a page's Markdown. A file of the Markdown store (:class:`sitrep.cache.memo.Memo`)
    is named by it and was checked against it when reused: its name is its digest, read from no file."""
    if isinstance(source, Path) and _STORED.fullmatch(source.name):
        return source.name.removesuffix(".md")
    data = source if isinstance(source, bytes) else source.read_bytes()
    return hashlib.sha256(data).hexdigest()


PAGE_KIND = "sitrep-page"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _entry_ok(meta: object) -> bool:
    """The shape of a page's entry, checked before any of it is trusted."""
    if not isinstance(meta, dict) or set(meta) != ENTRY_KEYS | {"sha256"}:
        return False
    links, anchors, anchor_links, search = meta["links"], meta["anchors"], meta["anchor_links"], meta["search"]
    return (
        isinstance(links, dict)
        and all(isinstance(k, str) and isinstance(v, bool) for k, v in links.items())
        and cachefiles.is_str_list(anchors)
        and isinstance(anchor_links, dict)
        and all(isinstance(k, str) and cachefiles.is_str_list(v) for k, v in anchor_links.items())
        and isinstance(search, bool)
        and (meta["title"] is None or isinstance(meta["title"], str))
        and (meta["lastmod"] is None or (isinstance(meta["lastmod"], str) and _DAY.fullmatch(meta["lastmod"]) is not None))
        and cachefiles.is_int_list(meta["file"], 3)
        and cachefiles.is_hex(meta["sha256"])
    )


class PageCache:
    """Rendered pages by key: ``<key>.html`` and ``<key>.json`` (links, anchors, searchable or not).

    An entry is sealed JSON (:func:`sitrep.cachefiles.seal`) holding the sha256 of its
    page, which is checked before the page is reused. New entries are written by
    :meth:`commit`, once the build knows its inputs held still while it ran.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, dict]] = []

    def _path(self, key: str, suffix: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        meta = cachefiles.read_sealed(PAGE_KIND, self._path(key, ".json"))
        if not _entry_ok(meta):
            return None  # damaged, foreign, or written by another version: render the page again
        assert isinstance(meta, dict)
        # The page must be the very file kept with this entry, with the very bytes (see cachefiles).
        page = self._path(key, ".html")
        if not cachefiles.verified(page, meta["file"], meta["sha256"]):
            return None
        return meta

    def put(self, key: str, html: Path, meta: dict) -> None:
        """Best effort: a page that cannot be kept is rendered again next time."""
        if self.folder is None:
            return
        # The page first, then its entry naming the page's identity and digest: a page is
        # only reused with the entry written for it.
        meta["sha256"] = cachefiles.sha256_file(html)
        meta["file"] = cachefiles.adopt(html, self._path(key, ".html"))
        if meta["file"] is not None and meta["sha256"] is not None:
            self.pending.append((self._path(key, ".json"), meta))

    def commit(self) -> None:
        for path, meta in self.pending:
            cachefiles.write_sealed(PAGE_KIND, path, meta)
        self.pending.clear()

    def html(self, key: str) -> Path:
        return self._path(key, ".html")


@dataclass(frozen=True)
class Pass:
    """One language's build of the site (:func:`mkdocs_build`): which language, among which, with which words."""

    language: settings.Language
    languages: tuple[settings.Language, ...]  # every language of the site, the default first
    root_url: str  # the site's address (site_url of mkdocs.yml): the default language's pages are there
    words: NullTranslations  # the theme templates' interface words ({% trans %}, 404.html)

    def alternates(self, page_url: str | None) -> list[dict[str, str]]:
        """Material's ``extra.alternate`` for one page: each language, and this page in it.

        ``href``: this very page in the language, relative to the page: the language selector
        (templates/theme/partials/alternate.html) and the page's ``hreflang`` alternates in the head
        (templates/theme/main.html, site_meta), relative as mkdocs writes every link, so a local
        preview never names the published host; ``link``: the language's home, relative to this
        pass's site (Material's own use of the entry); ``url``: the language's home, absolute (the
        sitemap's per-page ``hreflang`` alternates, templates/theme/sitemap.xml, name each page
        absolutely). ``page_url`` None: a page served at any address (404.html) leads to each
        language's home, absolutely.

        Material's script fetches ``sitemap.xml`` beside each head alternate to map the page being
        read onto the other language's; beside a page there is none (the request finds nothing).
        The selector's links say ``target="_self"``, which Material's script leaves alone: they
        already name the page in the other language.
        """
        out = []
        if page_url == "./":  # the home page's url, as mkdocs gives it
            page_url = ""
        home = "../" * self.language.path.count("/")  # from this pass's site to the site's root
        up = "../" * (self.language.path + (page_url or "")).count("/")
        for lang in self.languages:
            url = self.root_url + lang.path
            href = url if page_url is None else (up + lang.path + page_url) or "./"
            out.append({"name": lang.name, "lang": lang.code, "link": home + lang.path, "href": href, "url": url})
        return out


def build(
    config: MkDocsConfig,
    docs: dict[str, Source],
    cache_dir: Path | None,
    shared_key: str,
    language: Pass | None = None,
    cache: PageCache | None = None,
) -> Stats:
    """Build ``docs`` (site path -> content) into ``config.site_dir``; strict: any warning aborts.

    ``language``: this is one pass of a site in several languages; ``cache``: the page cache of an
    earlier pass of the same build, so one commit keeps every language's pages.
    """
    check_versions()
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(counter)
    try:
        return _build(config, docs, cache or PageCache(cache_dir), shared_key, counter, language)
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            raise Abort(f"Aborted with a BuildError: {exc}") from None
        raise
    finally:
        mk_log.removeHandler(counter)


def _clean(site_dir: str, language: Pass | None) -> None:
    """As mkdocs empties its site folder first, but the default language's pass leaves each other
    language's folder (``ar/``) alone: that language's pass may be writing it meanwhile (sitrep.site.swap)."""
    if language is None or language.language.path:
        utils.clean_directory(site_dir)
        return
    others = {lang.path.rstrip("/") for lang in language.languages if lang.path}
    for entry in sorted(os.listdir(site_dir)) if os.path.isdir(site_dir) else []:
        path = os.path.join(site_dir, entry)
        if entry.startswith(".") or (entry in others and os.path.isdir(path)):
            continue
        if os.path.isdir(path):
            shutil.rmtree(path, True)
        else:
            os.unlink(path)


class _Folders(set):
    """Folders made so far: thousands of files share a few hundred folders."""

    def ensure(self, folder: str) -> None:
        if folder not in self:
            os.makedirs(folder, exist_ok=True)
            self.add(folder)


def _warnings(counter: utils.CountHandler) -> int:
    return sum(n for _level, n in counter.get_counts())


def _build(
    config: MkDocsConfig, docs: dict[str, Source], cache: PageCache, shared_key: str, counter, language: Pass | None
) -> Stats:
    if list(config.plugins):  # their page events cannot be replayed: render every page
        cache = PageCache(None)
    stats = Stats(cache=cache)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    _clean(config.site_dir, language)

    generated = []
    for uri in walk_order(docs):
        src = docs[uri]
        if isinstance(src, bytes):
            generated.append(File.generated(config, uri, content=src))
        else:
            generated.append(File.generated(config, uri, abs_src_path=str(src)))
    files = RecordingFiles(generated)
    env = config.theme.get_env()
    # The theme's own words ({% trans %} in templates/theme: 404.html) in the pass's language.
    env.add_extension("jinja2.ext.i18n")
    # (a method jinja2.ext.i18n adds to the environment)
    env.install_gettext_translations(  # type: ignore[attr-defined]
        language.words if language else NullTranslations(), newstyle=True
    )
    if language is not None:  # a page served at any address (404.html) links to each language's home
        config.extra["alternate"] = language.alternates(None)
    if cache.folder is not None:  # compiled theme templates, kept across builds (keyed by their source)
        env.bytecode_cache = bytecode.kept_in(cache.folder.parent / "jinja", "theme")
    files.add_files_from_theme(env, config)
    plugged = config.plugins.on_files(files, config=config)
    if not isinstance(plugged, RecordingFiles):
        raise BuildError("a plugin replaced the Files collection; sitrep cannot track page links")
    files = plugged
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)

    doc_files = files.documentation_pages()
    known = files.src_uris  # the paths links were looked up by are mkdocs' normalised src_uris
    keys: dict[str, str] = {}
    metas: dict[str, dict] = {}
    days: dict[str, str | None] = {}
    for file in doc_files:
        if file.page is None:
            Page(None, file, config)
        keys[file.src_uri] = hashlib.sha256(
            f"{shared_key}\0{file.src_uri}\0{_digest(docs[file.src_uri])}".encode()
        ).hexdigest()
        meta = cache.get(keys[file.src_uri])
        # The sitemap dates a report page by its own edition: kept with a cached page (the key covers
        # the Markdown it is read from), read from the Markdown otherwise.
        day = days[file.src_uri] = meta["lastmod"] if meta is not None else _lastmod(docs[file.src_uri])
        if day is not None and file.page is not None:
            file.page.update_date = day
        if meta is not None and all((uri in known) == existed for uri, existed in meta["links"].items()):
            metas[file.src_uri] = meta
    # A reused page that links to an anchor of another page stays valid only while that page is reused too
    # (and still has the anchor); otherwise render it again, so mkdocs validates the link.
    changed = True
    while changed:
        changed = False
        for uri, meta in list(metas.items()):
            for target, anchors in meta["anchor_links"].items():
                other = metas.get(target)
                if other is None or not set(anchors) <= set(other["anchors"]):
                    del metas[uri]
                    changed = True
                    break

    nav_pages = {p.file.src_uri for p in nav.pages}
    populated: dict[str, dict[str, bool]] = {}  # page -> the link targets it looked up
    warned: set[str] = set()  # pages that logged a warning while read: never kept
    for file in doc_files:  # as mkdocs does: the pages in the navigation are read before any is built
        if file.src_uri not in nav_pages:
            continue
        if file.src_uri in metas:  # reused: other pages' navigation needs its title, not its HTML
            _title_only(file, config, metas[file.src_uri]["title"])
            continue
        before = _warnings(counter)
        _populate(file, config, files, populated)
        if _warnings(counter) != before:
            warned.add(file.src_uri)
    env = config.plugins.on_env(env, config=config, files=files)

    made = _Folders()
    for file in files:  # as Files.copy_static_files, but a file from one of our caches is linked
        if not file.is_documentation_page() and file.inclusion.is_included():
            if isinstance(docs.get(file.src_uri), Path) and file.abs_src_path == str(docs[file.src_uri]):
                made.ensure(os.path.dirname(file.abs_dest_path))
                cachefiles.place(Path(file.abs_src_path), Path(file.abs_dest_path))  # a chart from its cache
            else:
                file.copy_file()
    for template in config.theme.static_templates:
        mkbuild._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkbuild._build_extra_template(template, files, config, nav)

    for file in doc_files:
        page = file.page
        assert page is not None
        meta = metas.get(file.src_uri)
        if meta is not None:
            made.ensure(os.path.dirname(file.abs_dest_path))
            cachefiles.place(cache.html(keys[file.src_uri]), Path(file.abs_dest_path))
            page.present_anchor_ids = set(meta["anchors"])
            if meta["search"]:
                stats.search.add(file.url, Path(file.abs_dest_path), meta["sha256"])
            stats.reused += 1
            continue
        before = _warnings(counter)
        if file.src_uri not in populated:
            _populate(file, config, files, populated)
        if language is not None:  # the language selector and hreflang alternates name this very page
            config.extra["alternate"] = language.alternates(file.url)
        mkbuild._build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
        stats.rendered.append(file.src_uri)
        found = _searchable(Path(file.abs_dest_path))
        if found is not None:
            stats.search.add(file.url, Path(file.abs_dest_path), found)
        if _warnings(counter) == before and file.src_uri not in warned and os.path.isfile(file.abs_dest_path):
            cache.put(
                keys[file.src_uri],
                Path(file.abs_dest_path),
                {
                    "links": populated[file.src_uri],
                    "anchors": sorted(a for a in page.present_anchor_ids or () if a),  # `<x id>` gives None
                    "anchor_links": {t.src_uri: sorted(a) for t, a in (page.links_to_anchors or {}).items()},
                    "search": found is not None,
                    "title": page.title,
                    "lastmod": days[file.src_uri],
                },
            )
        if file.src_uri not in nav_pages:  # nothing else reads a page outside the navigation: free it
            page.markdown = page.content = None

    for file in doc_files:
        if file.src_uri not in metas and file.page is not None:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    if counts := counter.get_counts():
        msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        raise Abort(f"Aborted with {msg} in strict mode!")
    return stats


_LASTMOD = re.compile(rb'^  lastmod: "(\d{4}-\d{2}-\d{2})"$', re.MULTILINE)


def _lastmod(src: bytes | Path) -> str | None:
    """The day a page's front matter dates it (``sitrep: lastmod:``, a report page's edition), if any."""
    if isinstance(src, Path):  # a page kept in the Markdown cache
        src = src.read_bytes()
    if not src.startswith(b"---\n"):
        return None
    end = src.find(b"\n---\n", 4)
    found = _LASTMOD.search(src, 0, end if end > 0 else 0)
    return found.group(1).decode() if found else None


def _searchable(path: Path) -> str | None:
    """The sha256 of the page just written, if Pagefind indexes it (read back once; None otherwise)."""
    try:
        data = path.read_bytes()
        return hashlib.sha256(data).hexdigest() if site_search.searchable(data.decode("utf-8")) else None
    except (OSError, UnicodeDecodeError):
        return None


def _populate(file: File, config: MkDocsConfig, files: RecordingFiles, done: dict[str, dict[str, bool]]) -> None:
    """Read a page as mkdocs does, noting in ``done`` the link targets it looked up (and whether they exist)."""
    assert file.page is not None
    looked_up: dict[str, bool] = {}
    files.looked_up = looked_up
    try:
        mkbuild._populate_page(file.page, config, files)
    finally:
        files.looked_up = None
    _front_matter_read(file.page)
    done[file.src_uri] = dict(sorted(looked_up.items()))


def _title_only(file: File, config: MkDocsConfig, title: str | None) -> None:
    """A reused page in the navigation, read (front matter and Markdown) but not converted: its
    title is the one it had when rendered, which is what the other pages' navigation shows.
    Converting it (the Markdown of the home page and of every list of reports grows with the
    number of reports) would give the same title, only slower."""
    assert file.page is not None
    file.page.read_source(config)
    file.page._title_from_render = title  # what Page.render sets from the first heading


def _front_matter_read(page: Page) -> None:
    """Fail, naming the page, when mkdocs could not read its front matter.

    mkdocs then keeps the front matter silently as the page's Markdown: its text (a summary, the
    JSON-LD) would be published as body text, where Markdown and raw HTML are live.
    """
    source = page.markdown or ""
    found = mkmeta.YAML_RE.match(source)
    if found is None or page.meta:
        return
    try:
        yaml.load(found.group(1), yaml.SafeLoader)
        reason = "it is not a mapping"
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
    raise BuildError(f"the front matter of page {page.file.src_uri} cannot be read ({reason}); nothing was published")


@contextlib.contextmanager
def _build_date(epoch: int) -> Iterator[None]:
    # mkdocs dates the sitemap from SOURCE_DATE_EPOCH, else from the clock.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


RTL_CSS = "assets/sitrep-rtl.css"


def N_(message: str) -> str:  # gettext's name for the marker `make messages` looks for (sitrep.outputs.messages)
    return message


def _language_pass(config: MkDocsConfig, root: Path, code: str | None) -> Pass | None:
    """Set ``config`` up for one language's pass; None for a site in one language (nothing changes)."""
    conf = settings.load(root)
    if len(conf.languages) < 2:
        return None
    lang = next((lg for lg in conf.languages if lg.code == code), conf.language)
    words = messages.translations(root, lang.code, conf.language.code)
    config["site_url"] = conf.site_url + lang.path
    config.theme["language"] = lang.code
    config.theme["direction"] = lang.direction
    config["extra"]["sitrep_language"] = lang.code  # in the page key (keys.html reads extra) and for templates
    if lang != conf.language:
        translated_config(config, words)
        toc = config.mdx_configs.setdefault("toc", {})
        toc["slugify"] = slugify_unicode  # headings' anchors keep their letters ("#_1" for every Arabic heading)
        toc["permalink_title"] = words.gettext(N_("Permanent link"))  # the heading's link, in the language
    if lang.direction == "rtl":  # sitrep's own layout, mirrored (templates/assets/sitrep-rtl.css)
        config.extra_css.append(RTL_CSS)
    return Pass(lang, conf.languages, conf.site_url, words)


def translated_config(config: MkDocsConfig, words: NullTranslations) -> None:
    """The site's name and its navigation's titles (mkdocs.yml) in a pass's language, through its
    catalogue (``make messages`` lists them: :func:`sitrep.outputs.messages.project`)."""
    name = config["site_name"]  # (a variable: `make messages` would take a literal here for a message)
    config["site_name"] = words.gettext(name)
    config["nav"] = _translated_nav(config["nav"], words)


def _translated_nav(items: object, words: NullTranslations) -> object:
    if isinstance(items, list):
        return [_translated_nav(item, words) for item in items]
    if isinstance(items, dict):
        return {words.gettext(title) if isinstance(title, str) else title: _translated_nav(target, words)
                for title, target in items.items()}
    return items


def _words_key(words: NullTranslations) -> str:
    """The theme's words in a language, for the page key. The catalogue's header (msgid "") is
    left out but for its plural rule and language: it holds the time the catalogue was compiled
    (POT-Creation-Date, the clock at each build), which would key every page of the language anew
    on every build, so that a pass rendered all of its pages again each time."""
    catalog = dict(getattr(words, "_catalog", {}))
    header = str(catalog.pop("", ""))
    kept = [line for line in header.splitlines() if line.startswith(("Plural-Forms:", "Language:"))]
    return hashlib.sha256(repr([kept, sorted(catalog.items(), key=repr)]).encode()).hexdigest()


def mkdocs_build(
    config_file: Path,
    docs: dict[str, bytes | Path],
    out_dir: Path,
    epoch: int,
    extra: dict | None = None,
    cache_dir: Path | None = None,
    language: str | None = None,
    cache: PageCache | None = None,
):
    """Build ``docs`` with mkdocs (strict) into ``out_dir``, reusing unchanged pages from ``cache_dir``.

    A site in several languages (mkdocs.yml ``extra.alternate``) is built once per language, each
    pass a site of its own: ``language`` (default: the first) is the one built here, with Material's
    ``theme.language`` and ``direction`` set to it and ``site_url`` to its folder (``/ar/``); the
    pages it reuses are its own (the key covers the language). ``cache``: the page cache of the
    build's first pass (its entries are committed together).

    Raise EnvironmentFault with mkdocs' reason on failure, TemplateFault for an error in a theme override.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from sitrep.cache import keys

    with _build_date(epoch):
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            # mkdocs wants a docs_dir; the pages come from memory and the caches. Beside the default
            # language's site, never inside it (another language's site is a folder of that site).
            empty = (out_dir.parent if language is None else out_dir.parent.parent) / "docs"
            empty.mkdir(exist_ok=True)
            config = load_config(str(config_file), docs_dir=str(empty), site_dir=str(out_dir), strict=True)
            if extra is not None:  # added to mkdocs.yml's extra (the publisher), not in its place
                config["extra"].update(extra)
            one_pass = _language_pass(config, config_file.parent, language)
            shared_key = keys.html(config, config_file, epoch)
            if one_pass is not None:  # the words of the theme's templates in this language
                shared_key = hashlib.sha256(f"{shared_key}\0{_words_key(one_pass.words)}".encode()).hexdigest()
            custom = Path(config.theme.custom_dir) if config.theme.custom_dir else config_file.parent / "templates"
            with templates_checked(custom, config_file.parent):  # the theme overrides are the project's templates
                return build(config, docs, cache_dir, shared_key, one_pass, cache)
        except (Abort, ConfigurationError) as exc:
            raise EnvironmentFault(f"mkdocs failed: {exc}") from None
