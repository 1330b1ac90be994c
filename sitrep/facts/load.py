"""The load stage: read YAML strictly and remember where every value stands.

PyYAML composes a node tree (with line and column marks); we build plain Python
values from it ourselves so that:

* every plain scalar stays a string (``NO`` is not ``false``, ``1:20`` is not a
  number); pydantic converts to dates and numbers only where the schema asks;
* duplicate keys, anchors/aliases (billion laughs) and explicit tags
  (``!!python/object``) are errors with a position, never surprises;
* each value's path maps to its ``(line, col)``, so schema errors point into
  the file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import Diagnostic
from sitrep.facts import filekinds, inputs
from sitrep.facts.text import problem as text_problem

MAX_DEPTH = 40
MAX_BYTES = 5_000_000
# A structural limit, not a timeout: a list or mapping of more entries than any report
# needs (100,000 "- {}" would otherwise be checked entry by entry) is refused at once.
MAX_ENTRIES = 10_000

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


def _strings_only(base: type) -> type:
    """A loader class that resolves plain scalars to strings, except the spellings of null."""
    loader: Any = type(f"Strict{base.__name__}", (base,), {"yaml_implicit_resolvers": {}})
    loader.add_implicit_resolver(NULL, yaml.resolver.Resolver.yaml_implicit_resolvers["~"][0][1], ["~", "n", "N", ""])
    return loader


# The C parser (libyaml) is several times faster; the pure-Python one is the fallback
# where libyaml is missing. Both give the same node tree, marks and errors here (the
# tests run the hostile inputs through both).
PURE_LOADER = _strings_only(yaml.SafeLoader)
C_LOADER = _strings_only(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else PURE_LOADER

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML file: its data and where each value (by path) was written."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    prefix: str = ""  # how field paths in this file start: "figures" in figures.yaml
    broken: set[Path_] = field(default_factory=set)  # where loading failed: no further errors there

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that was written."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def diag(self, path: Path_, message: str, code: str) -> Diagnostic:
        line, col = self.where(path)
        return Diagnostic(self.file, line, col, dotted(path, self.prefix), message, code)


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def dotted(path: Path_, prefix: str = "") -> str:
    """``figures[3].as_of.date``; odd keys quoted (``["a b"]``) so a message stays one parseable line."""
    out = prefix
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += "[" + json.dumps(part).replace(":", "\\u003a") + "]"
    return out or "(file)"


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.errors: list[Diagnostic] = []
        self.seen: set[int] = set()

    def error(self, node: yaml.Node, path: Path_, message: str, code: str) -> None:
        m = node.start_mark
        self.doc.broken.add(path)
        self.errors.append(
            Diagnostic(self.doc.file, m.line + 1, m.column + 1, dotted(path, self.doc.prefix), message, code)
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:  # an alias: report it where it is used, not at its anchor
            line, col = self.doc.where(path)
            self.doc.broken.add(path)
            self.errors.append(
                Diagnostic(
                    self.doc.file,
                    line,
                    col,
                    dotted(path, self.doc.prefix),
                    "anchors and aliases are not allowed; write the value out",
                    "SR111",
                )
            )
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            self.error(node, path, f"nested deeper than {MAX_DEPTH} levels", "SR109")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag == NULL:
                return None
            if node.tag != STR:
                self.error(node, path, f"YAML tags are not allowed (found {node.tag!r})", "SR112")
                return None
            # The reader refuses such characters written raw; a double-quoted escape ("\x7f") gets past it.
            if (why := text_problem(node.value)) is not None:
                self.error(node, path, why, "SR118")
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and len(node.value) > MAX_ENTRIES:
            self.error(node, path, f"more than {MAX_ENTRIES:,} entries ({len(node.value):,}); split it", "SR110")
            return None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ:
                self.error(node, path, f"YAML tags are not allowed (found {node.tag!r})", "SR112")
                return None
            out = []
            for i, item in enumerate(node.value):
                self._mark(item, path + (i,))
                out.append(self.build(item, path + (i,)))
            return out
        if isinstance(node, yaml.MappingNode):
            if node.tag != MAP:
                self.error(node, path, f"YAML tags are not allowed (found {node.tag!r})", "SR112")
                return None
            result: dict[str, Any] = {}
            first: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR:
                    self.error(key_node, path, "keys must be plain strings", "SR113")
                    continue
                key = key_node.value
                if key in first:
                    line = first[key].start_mark.line + 1
                    self.error(key_node, path + (key,), f"duplicate key (first defined on line {line})", "SR114")
                    continue
                first[key] = key_node
                self._mark(key_node, path + (key,))
                result[key] = self.build(value_node, path + (key,))
            return result
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def _mark(self, node: yaml.Node, path: Path_) -> None:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)


def parse(text: str, file: str, prefix: str = "", loader: type | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse YAML text strictly. Returns the document and any errors found."""
    doc = Document(file, None, prefix=prefix)
    doc.positions[()] = (1, 1)
    try:
        node = yaml.compose(text, Loader=loader or C_LOADER)
    except yaml.MarkedYAMLError as exc:
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        unclosed = "quoted scalar" in (exc.context or "") and "end of stream" in (exc.problem or "")
        # An unclosed quote is reported where the stream ends; the writer needs where it opened.
        mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.broken.add(())
        return doc, [Diagnostic(file, line, col, "(file)", f"invalid YAML: {problem}{_hint(exc, unclosed)}", "SR108")]
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (control characters)
        doc.broken.add(())
        at = exc.position
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return doc, [
            Diagnostic(file, line, col, "(file)", f"invalid YAML: character U+{ord(char):04X} is not allowed", "SR108")
        ]
    except yaml.YAMLError as exc:  # anything else the parser refuses
        doc.broken.add(())
        return doc, [Diagnostic(file, 1, 1, "(file)", f"invalid YAML: {exc}", "SR108")]
    except RecursionError:  # the pure-Python parser recurses per level and has no mark to give
        doc.broken.add(())
        line, col = _too_deep(text)
        return doc, [
            Diagnostic(file, line, col, "(file)", f"invalid YAML: nested deeper than {MAX_DEPTH} levels", "SR109")
        ]
    if node is None:
        return doc, []
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    seen = {(d.line, d.col) for d in builder.errors}  # each place reported once (the builder names its field)
    more = [d for d in _anchors_and_tags(text, file, loader or C_LOADER) if (d.line, d.col) not in seen]
    if more:
        doc.broken.add(())
    return doc, builder.errors + more


def _anchors_and_tags(text: str, file: str, loader: type) -> list[Diagnostic]:
    """Anchors and explicit tags, even where the node tree cannot show them.

    An anchor no alias uses, or ``!!str`` on a string, composes to the very node its
    plain spelling gives; the parser's events still carry them.
    """
    if "&" not in text and "!" not in text:  # neither can be written without these
        return []
    found = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.AliasEvent) and event.anchor is not None:
            m: Any = event.start_mark  # always set on the events the parser gives
            found.append(
                Diagnostic(
                    file,
                    m.line + 1,
                    m.column + 1,
                    "(file)",
                    "anchors and aliases are not allowed; write the value out",
                    "SR111",
                )
            )
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and tag is not None:
            m = event.start_mark
            found.append(
                Diagnostic(
                    file, m.line + 1, m.column + 1, "(file)", f"YAML tags are not allowed (found {tag!r})", "SR112"
                )
            )
    return found


def _hint(exc: yaml.MarkedYAMLError, unclosed: bool) -> str:
    """How to fix the YAML mistakes writers make most, in their own terms."""
    problem = exc.problem or ""
    if "mapping values are not allowed" in problem:
        return ' (a value that contains ": " must be in quotes, e.g. text: "Residents: they fled")'
    if "tab" in problem or "'\\t'" in problem:
        return " (indent with spaces: YAML does not allow tabs there)"
    if unclosed:
        return (
            " (the quote that opens here is never closed: end the value with the same quote;"
            " inside '...' write '' for ', inside \"...\" write \\\" for \")"
        )
    return ""


def _too_deep(text: str) -> tuple[int, int]:
    """Where flow brackets first nest deeper than MAX_DEPTH (1:1 if it is block nesting)."""
    depth = 0
    for at, c in enumerate(text):
        depth += c in "[{"
        depth -= c in "]}"
        if depth > MAX_DEPTH:
            return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    return 1, 1


def byte_error(name: str, raw: bytes, at: int, message: str, code: str) -> Diagnostic:
    """An error at byte offset ``at``, placed by line and column."""
    line = raw[:at].count(b"\n") + 1
    col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    return Diagnostic(name, line, col, "(file)", message, code)


Reader = Callable[[Path], bytes]


def _read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def read(path: Path, root: Path, prefix: str = "", reader: Reader = _read_bytes) -> tuple[Document, list[Diagnostic]]:
    """Read and parse one YAML file; its name in messages is relative to ``root``.

    ``reader`` gives a file's bytes: a build passes one that hashes exactly the bytes it
    hands out (:meth:`sitrep.cache.stamp.Digests.read`), so its caches' keys are those bytes'."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        raw = reader(path)
    except OSError as exc:
        return Document(name, None, broken={()}), [
            Diagnostic(name, 1, 1, "(file)", f"cannot read: {exc.strerror}", "SR104")
        ]
    if len(raw) > MAX_BYTES:
        return Document(name, None, broken={()}), [
            Diagnostic(name, 1, 1, "(file)", f"larger than {MAX_BYTES} bytes", "SR105")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Document(name, None, broken={()}), [byte_error(name, raw, exc.start, "not valid UTF-8", "SR106")]
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        return Document(name, None, broken={()}), [
            Diagnostic(name, line, col, "(file)", "contains a NUL character", "SR107")
        ]
    return parse(text.removeprefix("\ufeff"), name, prefix)


# --------------------------------------------------------------------------- the project tree


@dataclass
class RawSeed:
    id: str
    file: str  # the text's path, relative to the project
    raw: bytes
    meta: Document


@dataclass
class Tree:
    """Everything read from disk, before any validation."""

    seeds: dict[str, RawSeed] = field(default_factory=dict)
    reports: dict[str, dict[str, Document]] = field(default_factory=dict)
    locks: dict[str, str | None] = field(default_factory=dict)  # report folder -> editions.lock text
    translations: dict[str, dict[str, Document]] = field(default_factory=dict)  # folder -> language -> i18n file
    unreadable: set[str] = field(default_factory=set)  # seed ids whose files exist but failed to load
    listed: set[str] = field(default_factory=set)  # every seed id with its two files, read or not


def load_tree(
    root: Path, reports: set[str] | None = None, seeds: set[str] | None = None, reader: Reader = _read_bytes
) -> tuple[Tree, list[Diagnostic]]:
    """Read the project. ``reports`` and ``seeds``, when given, limit what is read (an
    incremental build reads only what changed); every seed is still listed, and the
    folders' structure is still checked."""
    tree, errors = Tree(), []
    seeds_dir, reports_dir = root / filekinds.SEEDS_FOLDER, root / "reports"
    for folder in (seeds_dir, reports_dir):
        if not folder.is_dir():
            errors.append(Diagnostic(folder.name, 1, 1, "(folder)", "missing: expected a folder here", "SR101"))
    if errors:
        return tree, errors
    if reports is None:  # a whole check; an incremental build asks once per build (pipeline.assemble)
        errors += links_out(root)
        errors += settings_errors(root)
    for txt in sorted(seeds_dir.glob(f"*{filekinds.SEED_TEXT_SUFFIX}")):
        rel = txt.relative_to(root).as_posix()
        meta_path = filekinds.seed_meta(seeds_dir, txt.stem)
        if txt.is_symlink() or not txt.is_file():  # a link could pull in any file on the machine
            errors.append(
                Diagnostic(rel, 1, 1, "(file)", "a seed must be a regular file, not a link or folder", "SR102")
            )
            tree.unreadable.add(txt.stem)
            continue
        if meta_path.is_symlink():  # as the seed itself: its keys would show in messages
            tree.unreadable.add(txt.stem)
            errors.append(
                Diagnostic(
                    meta_path.relative_to(root).as_posix(),
                    1,
                    1,
                    "(file)",
                    "must be a regular file, not a link",
                    "SR102",
                )
            )
            continue
        if not meta_path.is_file():
            tree.unreadable.add(txt.stem)
            errors.append(
                Diagnostic(rel, 1, 1, "(file)", f"no metadata file {meta_path.name} beside the seed", "SR601")
            )
            continue
        tree.listed.add(txt.stem)
        if seeds is not None and txt.stem not in seeds:
            continue
        doc, errs = read(meta_path, root, reader=reader)
        errors += errs
        try:
            if txt.stat().st_size > MAX_BYTES:  # as `seed add` refuses it: never read, nor searched, whole
                errors.append(Diagnostic(rel, 1, 1, "(file)", f"larger than {MAX_BYTES} bytes", "SR105"))
                tree.unreadable.add(txt.stem)
                continue
            raw = reader(txt)
        except OSError as exc:
            errors.append(Diagnostic(rel, 1, 1, "(file)", f"cannot read: {exc.strerror}", "SR104"))
            tree.unreadable.add(txt.stem)
            continue
        tree.seeds[txt.stem] = RawSeed(txt.stem, rel, raw, doc)
    for meta_path in sorted(seeds_dir.glob(f"*{filekinds.SUFFIX}")):
        if not filekinds.seed_text(seeds_dir, meta_path.stem).exists():
            tree.unreadable.add(meta_path.stem)
            rel = meta_path.relative_to(root).as_posix()
            errors.append(Diagnostic(rel, 1, 1, "(file)", f"metadata for a missing seed {meta_path.stem}.txt", "SR602"))
    for folder in sorted(p for p in reports_dir.iterdir() if p.is_dir()):
        if reports is not None and folder.name not in reports:
            continue
        docs: dict[str, Document] = {}
        rel = folder.relative_to(root).as_posix()
        if folder.is_symlink():
            errors.append(Diagnostic(rel, 1, 1, "(folder)", "a report folder must not be a link", "SR102"))
            continue
        if not (folder / filekinds.REPORT_FILE).is_file():
            errors.append(
                Diagnostic(
                    f"{rel}/{filekinds.REPORT_FILE}", 1, 1, "(file)", "missing: every report folder needs one", "SR116"
                )
            )
            continue
        for path in sorted(folder.iterdir()):
            if filekinds.looks_like_yaml(path) and (path.is_symlink() or not path.is_file()):
                errors.append(
                    Diagnostic(path.relative_to(root).as_posix(), 1, 1, "(file)", "must be a regular file", "SR102")
                )
                continue
            if filekinds.looks_like_yaml(path):
                kind = filekinds.report_kind(path)
                if kind is None:
                    known = filekinds.known_report_files()
                    errors.append(
                        Diagnostic(
                            path.relative_to(root).as_posix(),
                            1,
                            1,
                            "(file)",
                            f"unknown fact file (known: {known})",
                            "SR115",
                        )
                    )
                    continue
                doc, errs = read(path, root, prefix="" if kind == filekinds.REPORT else kind, reader=reader)
                errors += errs
                docs[kind] = doc
        tree.reports[folder.name] = docs
        tree.translations[folder.name], errs = _translations(folder, root, reader)
        errors += errs
        lock = folder / "editions.lock"
        tree.locks[folder.name] = None
        lock_name = lock.relative_to(root).as_posix()
        if lock.is_symlink():
            errors.append(Diagnostic(lock_name, 1, 1, "(file)", "must be a regular file, not a link", "SR102"))
        elif lock.is_file():
            try:
                lock_bytes = reader(lock)
                tree.locks[folder.name] = lock_bytes.decode("utf-8")
            except OSError as exc:
                errors.append(Diagnostic(lock_name, 1, 1, "(file)", f"cannot read: {exc.strerror}", "SR104"))
            except UnicodeDecodeError as exc:
                errors.append(byte_error(lock_name, lock_bytes, exc.start, "not valid UTF-8", "SR106"))
    return tree, errors


def _translations(folder: Path, root: Path, reader: Reader) -> tuple[dict[str, Document], list[Diagnostic]]:
    """A report's translation files, ``i18n/<language>.yaml``, by language (checked against the
    report by :func:`sitrep.facts.translations.parse`)."""
    found: dict[str, Document] = {}
    errors: list[Diagnostic] = []
    sub = folder / filekinds.I18N_FOLDER
    if not sub.exists() and not sub.is_symlink():
        return found, errors
    rel = sub.relative_to(root).as_posix()
    if sub.is_symlink() or not sub.is_dir():
        return found, [Diagnostic(rel, 1, 1, "(folder)", "must be a folder of translation files, not a link", "SR102")]
    for path in sorted(sub.iterdir()):
        name = path.relative_to(root).as_posix()
        if path.is_symlink() or not path.is_file():
            errors.append(Diagnostic(name, 1, 1, "(file)", "must be a regular file", "SR102"))
        elif path.suffix != filekinds.SUFFIX:
            errors.append(
                Diagnostic(
                    name, 1, 1, "(file)", "a translation file is named <language>.yaml (en.yaml, ar.yaml)", "SR119"
                )
            )
        else:
            doc, errs = read(path, root, reader=reader)
            errors += errs
            found[path.stem] = doc
    return found, errors


# Every input of the project (sitrep.facts.inputs) but measures.yaml, which its loader refuses
# as a link whatever it points at (sitrep.facts.measures.load), as load_tree does the facts.
INPUTS = tuple(p for p in inputs.paths() if p != inputs.MEASURES)


def duplicate_keys(text: str, file: str) -> list[Diagnostic]:
    """Each key a mapping repeats, in a YAML file read with a loader other than :func:`parse`'s
    (``mkdocs.yml``, which holds mkdocs' own tags): YAML keeps the last silently, so an edit to
    the first would do nothing. Composing builds the node tree without constructing a value,
    so the tags need no meaning here. A file that does not parse is left to its reader."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    found: list[Diagnostic] = []
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its node was walked where it was anchored
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, path + (i,)) for i, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                earlier = first.setdefault(key, key_node)
                if earlier is not key_node:
                    m, line = key_node.start_mark, earlier.start_mark.line + 1
                    found.append(
                        Diagnostic(
                            file,
                            m.line + 1,
                            m.column + 1,
                            dotted(path + (key,)),
                            f"duplicate key (first defined on line {line}): YAML would keep this one silently",
                            "SR114",
                        )
                    )
                stack.append((value_node, path + (key,)))
    return sorted(found)


def settings_errors(root: Path) -> list[Diagnostic]:
    """What is wrong in ``mkdocs.yml`` as YAML (a repeated key); a link out of the project is not read."""
    path = root / "mkdocs.yml"
    if path.is_symlink() and not (path.resolve().is_relative_to(root.resolve()) and path.resolve().exists()):
        return []  # links_out reports it
    try:
        return duplicate_keys(path.read_text(encoding="utf-8"), path.name)
    except (OSError, UnicodeDecodeError):
        return []  # a missing or unreadable mkdocs.yml is the settings' and the site step's to report


def links_out(root: Path) -> list[Diagnostic]:
    """Every link among the inputs that leads out of the project, or nowhere.

    No input is read through one: a link under ``templates/assets/`` to a system file
    would publish that file, a linked ``editions.lock`` or metadata file would show an
    outside file's content in messages. Links that stay inside the project are allowed.
    """
    real_root = root.resolve()
    found: list[Diagnostic] = []
    for name in INPUTS:
        top = root / name
        links = [top] if top.is_symlink() else []
        # Links among the facts and seeds are refused whatever they point at (see load_tree);
        # here: the input folders themselves, the templates and assets, mkdocs.yml.
        if name in ("templates", "releases") and top.is_dir() and not top.is_symlink():
            for folder, dirs, files in os.walk(top):  # links to folders are listed, never entered
                links += [Path(folder, n) for n in sorted(dirs + files) if Path(folder, n).is_symlink()]
        for link in links:
            target = link.resolve()
            if not target.is_relative_to(real_root) or not target.exists():
                found.append(
                    Diagnostic(
                        link.relative_to(root).as_posix(),
                        1,
                        1,
                        "(file)",
                        "a link out of the project (or to nothing): inputs are read only from inside it",
                        "SR103",
                    )
                )
    return found
