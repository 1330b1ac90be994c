"""sitrep's interface words in each of the site's languages: gettext catalogues, read with Babel.

The words the templates and the charts print for the reader ("How to read a report", "As of",
"Page not found") are marked for translation: ``{% trans %}...{% endtrans %}`` and ``_("...")``
in the templates (Jinja's i18n extension), :func:`gettext` calls in the code. ``make messages``
extracts them (Babel's extractor, as ``pybabel extract`` runs it) into ``locale/messages.pot`` and merges that into
each language's catalogue, ``locale/<lang>/LC_MESSAGES/messages.po``: text, reviewed in git like
the facts. A build compiles the ``.po`` it reads in memory (no ``.mo`` file is kept anywhere), so
the words a page shows are the very text in git.

A message a listed language does not translate shows in English and is a finding (SR804): a
warning, an error under ``--strict``, naming where the message is used and its text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from sitrep.errors import Diagnostic
from sitrep.facts.model import VOCABULARY
from sitrep.outputs.filters import Raw, md

DOMAIN = "messages"
PACKAGE = Path(__file__).parent.parent
CODE = (
    "drawing/charts.py",
    "drawing/maps.py",
    "drawing/plan.py",
    "site/mkdocs_boundary.py",
    "outputs/current.py",
    "outputs/dataguide.py",
    "outputs/amounts.py",
    "outputs/changetable.py",
    "outputs/dataindex.py",
    "outputs/dataout.py",
    "outputs/digest.py",
    "outputs/feeds.py",
    "outputs/filters.py",
    "outputs/pagedata.py",
    "outputs/reference.py",
    "outputs/metadata.py",
    "outputs/render.py",
    "outputs/reportfeed.py",
    "outputs/sitefeed.py",
    "outputs/themes.py",
)  # the package's modules whose words are marked N_("...") or asked for (sitrep.outputs.words)
# In those modules: the literal of N_("..."), gettext("...") and both of ngettext("...", "...", n).
CODE_KEYWORDS = {"N_": None, "gettext": None, "ngettext": (1, 2)}
VOCABULARY_FILE = PACKAGE / "facts" / "vocabulary.yaml"
_LABEL = re.compile(r"^  [a-z0-9-]+: (.+)$")
# What `make messages` extracts from, and how.
TEMPLATE_GLOBS = ("templates/*.md.j2", "templates/theme/*.html", "templates/theme/partials/*.html")
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",  # as render.environment installs it: "%" in a message is written "%%"
}


def catalogue_path(root: Path, language: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Used:
    """A message as the project uses it: where, and its text (msgid)."""

    file: str  # relative to the project
    line: int
    msgid: str
    plural: str | None = None  # a message counted with ngettext: its plural (the language has its own forms)


def read_catalogue(root: Path, language: str, reader: Callable[[Path], bytes] = Path.read_bytes) -> Catalog | None:
    """The language's catalogue, or None when it has none."""
    path = catalogue_path(root, language)
    try:
        data = reader(path)
    except OSError:
        return None
    return read_po(io.BytesIO(data), locale=language.replace("-", "_"), domain=DOMAIN)


def translations(
    root: Path, language: str, default: str, reader: Callable[[Path], bytes] = Path.read_bytes
) -> NullTranslations:
    """The language's words, compiled in memory from its ``.po`` (the default language: the msgids themselves)."""
    catalogue = None if language == default else read_catalogue(root, language, reader)
    if catalogue is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)  # a fuzzy entry is a guess: shown in English, listed as missing
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Message(Raw):
    """A translated message: our own reviewed words, emitted as Markdown; a value put into it
    (``{% trans name=... %}``) is text, escaped like any other (:func:`sitrep.outputs.filters.md`),
    or shown as ``text`` gives it (render's: report text in another language marked as such)."""

    text: Callable[[object], object] = staticmethod(md)

    def __mod__(self, values: object) -> Message:
        if isinstance(values, dict):
            values = {k: v if isinstance(v, Raw) else self._shown(v) for k, v in values.items()}
        return type(self)(str.__mod__(self, values))

    def _shown(self, value: object) -> str:
        shown = self.text(value)
        return shown if isinstance(shown, Raw) else md(value)


def install(env, language_translations: NullTranslations, text: Callable[[object], object] = md) -> None:
    """Put the language's words into a Markdown environment (:func:`sitrep.outputs.render.environment`);
    ``text`` shows a value put into a message (default: escaped, :func:`sitrep.outputs.filters.md`)."""
    env.add_extension("jinja2.ext.i18n")

    class Words(Message):
        pass

    Words.text = staticmethod(text)

    def gettext(message: str) -> Message:
        return Words(language_translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Message:
        return Words(language_translations.ngettext(singular, plural, n))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)


# --------------------------------------------------------------------------- what is used, what is missing


def used(root: Path) -> list[Used]:
    """Every message the site shows: the project's templates', then the code's and the vocabulary's."""
    found: list[Used] = []
    for pattern in TEMPLATE_GLOBS:
        for path in sorted(root.glob(pattern)):
            found += _extract(path, path.relative_to(root).as_posix(), "jinja2", {}, JINJA_OPTIONS)
    for module in CODE:
        path = PACKAGE / module
        found += _extract(path, f"sitrep/{module}", "python", CODE_KEYWORDS, {})
    return found + project(root) + vocabulary() + measures()


def _extract(path: Path, name: str, method: str, keywords: dict, options: dict) -> list[Used]:
    with path.open("rb") as fp:
        found = extract(method, fp, keywords=keywords or DEFAULT_KEYWORDS, options=options)
        return [
            Used(name, line, msg) if isinstance(msg, str) else Used(name, line, msg[0], msg[1])
            for line, msg, _comments, _context in found
            if msg
        ]


def vocabulary() -> list[Used]:
    """The labels of sitrep/facts/vocabulary.yaml (kinds and headings), where each is written."""
    found = []
    for n, line in enumerate(VOCABULARY_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if (label := _LABEL.match(line)) is not None:
            found.append(Used("sitrep/facts/vocabulary.yaml", n, label.group(1)))
    return found


# The site's own words in the project's mkdocs.yml: its name and the navigation's titles.
_SITE_NAME = re.compile(r"^site_name: *(.+?) *$")
_NAV_TITLE = re.compile(r"^ +- ([^:#]+?): *\S+\.md *$")


def project(root: Path) -> list[Used]:
    """The site's name and its navigation's titles, as mkdocs.yml writes them (shown on every page,
    in each language: :func:`sitrep.site.mkdocs_boundary.translated_config`)."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return []
    found, in_nav = [], False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.startswith((" ", "#")) and line.strip():
            in_nav = line.startswith("nav:")
        if (name := _SITE_NAME.match(line)) is not None:
            found.append(Used("mkdocs.yml", n, name.group(1).strip("\"'")))
        elif in_nav and (title := _NAV_TITLE.match(line)) is not None:
            found.append(Used("mkdocs.yml", n, title.group(1).strip("\"'")))
    return found


MEASURES_FILE = PACKAGE / "facts" / "measures.yaml"
_MEASURE_LABEL = re.compile(r"^  [A-Za-z0-9-]+: \{label: ([^,}]+)[,}]")


def measures() -> list[Used]:
    """The labels of sitrep/facts/measures.yaml (what a figure counts, a unit's name), where each is written."""
    found = []
    for n, line in enumerate(MEASURES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if (label := _MEASURE_LABEL.match(line)) is not None:
            found.append(Used("sitrep/facts/measures.yaml", n, label.group(1).strip()))
    return found


def translated_vocabulary(words: NullTranslations) -> dict[str, dict[str, str]]:
    """:data:`sitrep.facts.model.VOCABULARY` in a language (plain text: labels are escaped where shown)."""
    return {kind: {k: words.gettext(v) for k, v in labels.items()} for kind, labels in VOCABULARY.items()}


def missing(root: Path, languages: Iterable[str], uses: list[Used], reader=Path.read_bytes) -> list[Diagnostic]:
    """A finding (SR804) for each message a listed language does not translate, where it is used."""
    found = []
    for language in languages:
        catalogue = read_catalogue(root, language, reader)
        where = catalogue_path(root, language).relative_to(root).as_posix()
        for use in uses:
            entry = catalogue.get(use.msgid) if catalogue is not None else None
            if entry is None or entry.fuzzy or not _translated(entry.string):
                found.append(
                    Diagnostic(
                        use.file,
                        use.line,
                        1,
                        f"message ({language})",
                        f"{use.msgid!r} has no translation in {where}; it shows in English. "
                        "Run `make messages`, then translate it there",
                        "SR804",
                    )
                )
    return found


def _translated(string: object) -> bool:
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


# --------------------------------------------------------------------------- make messages


def update_catalogues(root: Path, languages: Iterable[str]) -> list[Path]:
    """``make messages``: extract every message into ``locale/messages.pot`` and merge it into each
    language's ``.po`` (new messages untranslated, changed ones marked fuzzy, gone ones kept as
    obsolete ``#~`` entries). No date or tool version is written: the files change only with the words.
    """
    template = Catalog(domain=DOMAIN, fuzzy=False)
    for use in used(root):
        msgid = use.msgid if use.plural is None else (use.msgid, use.plural)
        template.add(msgid, locations=[(use.file, use.line)], flags=_flags(use.msgid))
    written = [root / "locale" / f"{DOMAIN}.pot"]
    _write(written[0], template)
    for language in languages:
        catalogue = read_catalogue(root, language) or Catalog(locale=language.replace("-", "_"), domain=DOMAIN)
        catalogue.update(template, update_header_comment=False)
        written.append(catalogue_path(root, language))
        _write(written[-1], catalogue)
    return written


def _flags(msgid: str) -> tuple[str, ...]:
    return ("python-format",) if "%(" in msgid or "%%" in msgid else ()


def _write(path: Path, catalogue: Catalog) -> None:
    buffer = io.BytesIO()
    # File names without line numbers: an edit elsewhere in a file leaves the catalogues unchanged.
    write_po(buffer, catalogue, omit_header=True, sort_output=False, include_previous=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
