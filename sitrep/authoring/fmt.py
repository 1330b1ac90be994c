"""``python build.py fmt``: one canonical layout for fact files, comments kept.

The layout, so that a diff shows what changed and nothing else:

* keys in the model's order (:func:`sitrep.facts.model.canonical_order` for a file's items,
  field order for nested models); unknown keys stay, after the known ones, in their
  original order, for the validator to report;
* block style, two-space indentation, list items indented under their key, one blank
  line between the items of a list file and none elsewhere, one final newline;
* every string on one line, never folded or wrapped: one changed quote is one
  changed line;
* plain scalars where every YAML reader agrees they are the string we mean; double
  quotes where a YAML 1.1 or 1.2 reader would see something else (``NO``, ``on``,
  ``1:20``, ``0x10``, ``~``, ``12`` in a text field), unless the field's own type says
  so (a date in a date field, a number in a number field, ``true`` in a flag);
  evidence quotes are always double-quoted.

The file is read with ruamel.yaml's round-trip parser, which gives every node its
start and end; comments are whatever ``#`` text lies outside all scalars, and each
one stays with the key or item it stands before (or ends the line of). The layout is
written by :func:`emit` below rather than by ruamel's emitter, which cannot move a
key together with the comments about it or normalise blank lines. Before anything
is written, the result is read back with the strict loader and must give exactly
the same data, and keep every comment.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import AwareDatetime, BaseModel, Discriminator, NaiveDatetime, Tag
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import implicit_resolvers

from sitrep.atomic import write_bytes
from sitrep.authoring.schemas import MODELINE, modeline
from sitrep.errors import Diagnostic, EnvironmentFault
from sitrep.facts import filekinds, model, translations
from sitrep.facts.load import MAX_BYTES, parse

HINT = "run: python build.py fmt"

# --------------------------------------------------------------------------- the schema, as far as layout needs it


@dataclass(frozen=True)
class Scalar:
    """A scalar field. ``kind``: text, token (an id, enum or pattern), date, datetime, int, float, bool,
    or quote (always double-quoted)."""

    kind: str


@dataclass(frozen=True)
class ListOf:
    item: Shape


@dataclass(eq=False)
class ModelShape:
    model: type[BaseModel]
    order: tuple[str, ...]
    fields: dict[str, Shape]


@dataclass(eq=False)
class Choice:
    """A discriminated union of models (a source is named or anonymous)."""

    pick: Callable[[dict[str, Any]], ModelShape | None]


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys are ids (a translation file's facts, by id): kept in the file's order."""

    item: Shape


Shape = Scalar | ListOf | ModelShape | Choice | MapOf

TEXT = Scalar("text")
# Seed passages: always double-quoted, so that a quote reads as a quote.
QUOTED = {(model.Evidence, "quote"), (model.Exclusion, "quote")}


@functools.cache
def model_shape(cls: type[BaseModel], top: bool = False) -> ModelShape:
    """A model's keys in file order: ``canonical_order`` for a file's items, field order when nested."""
    order = tuple(model.canonical_order(cls) if top else cls.model_fields)
    fields: dict[str, Shape] = {}
    for name, info in cls.model_fields.items():
        if (cls, name) in QUOTED:
            fields[name] = Scalar("quote")
        else:
            fields[name] = shape_of(info.annotation, tuple(info.metadata))
    return ModelShape(cls, order, fields)


def shape_of(tp: Any, metadata: tuple = (), top: bool = False) -> Shape:
    """The shape of a type annotation (``Annotated``, optional, tuples, models, enums, dates, ...)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner, *more = typing.get_args(tp)
        return shape_of(inner, (*metadata, *more), top)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        discriminator = next((m for m in metadata if isinstance(m, Discriminator)), None)
        if discriminator is not None and callable(discriminator.discriminator):
            return _choice(options, discriminator.discriminator, top)
        shapes = [shape_of(a, metadata, top) for a in options]
        if all(s == shapes[0] for s in shapes):
            return shapes[0]
        if set(shapes) == {Scalar("int"), Scalar("float")}:
            return Scalar("float")  # an amount: "1000" and "6.8" are written as numbers
        if all(isinstance(s, Scalar) for s in shapes):
            return Scalar("token") if all(s == Scalar("token") for s in shapes) else TEXT
        return next((s for s in shapes if not isinstance(s, Scalar)), TEXT)
    if origin is tuple:
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return ListOf(shape_of(args[0]) if args else TEXT)
    if origin is typing.Literal:
        return Scalar("token")
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return model_shape(tp, top)
        if tp is bool:
            return Scalar("bool")
        if issubclass(tp, enum.Enum):
            return Scalar("token")
        if tp is int:
            return Scalar("int")
        if tp is float:
            return Scalar("float")
        if tp in (AwareDatetime, NaiveDatetime) or issubclass(tp, dt.datetime):
            return Scalar("datetime")
        if issubclass(tp, dt.date):
            return Scalar("date")
        if issubclass(tp, str) and any(getattr(m, "pattern", None) for m in metadata):
            return Scalar("token")
    return TEXT


def _choice(options: list[Any], discriminator: Callable[[Any], Any], top: bool) -> Choice:
    by_tag: dict[str, ModelShape] = {}
    for option in options:
        if typing.get_origin(option) is typing.Annotated:
            inner, *more = typing.get_args(option)
            tag = next((m.tag for m in more if isinstance(m, Tag)), None)
            shape = shape_of(inner, top=top)
            if tag is not None and isinstance(shape, ModelShape):
                by_tag[tag] = shape

    def pick(mapping: dict[str, Any]) -> ModelShape | None:
        try:
            return by_tag.get(discriminator(mapping))
        except Exception:  # a discriminator may not expect what a broken file holds
            return None

    return Choice(pick)


def file_shape(kind: str) -> Shape | None:
    """The shape of a fact file: ``report``, a section name (``figures``) or ``seed``."""
    if kind == "report":
        return model_shape(model.ReportMeta, top=True)
    if kind == "seed":
        return model_shape(model.SeedMeta, top=True)
    if kind in model.SECTIONS:
        return ListOf(shape_of(model.SECTIONS[kind], top=True))
    if kind == filekinds.TRANSLATION:
        return translation_shape()
    return None


@functools.cache
def translation_shape() -> ModelShape:
    """``i18n/<language>.yaml``: sections in the facts' order, ids as written, fields in the order
    :mod:`sitrep.facts.translations` lists them, every text one line."""

    def texts(names: tuple[str, ...]) -> ModelShape:
        return ModelShape(BaseModel, names, dict.fromkeys(names, TEXT))

    fields: dict[str, Shape] = {"report": texts(translations.REPORT_FIELDS)}
    edition = texts(translations.EDITION_FIELDS)
    edition.order = (*edition.order, translations.HIGHLIGHTS)
    edition.fields[translations.HIGHLIGHTS] = ListOf(TEXT)
    fields["editions"] = MapOf(edition)
    fields.update({s: MapOf(texts(names)) for s, names in translations.FACT_FIELDS.items()})
    fields["discrepancies"] = MapOf(texts(translations.DISCREPANCY_FIELDS))
    return ModelShape(BaseModel, translations.SECTION_ORDER, fields)


def resolve_model(shape: Shape | None, keys: list[str]) -> ModelShape | None:
    if isinstance(shape, Choice):
        return shape.pick(dict.fromkeys(keys))
    return shape if isinstance(shape, ModelShape) else None


def ordered_keys(keys: list[str], shape: Shape | None) -> list[str]:
    """``keys`` in the model's order; unknown keys after the known ones, as they were."""
    m = resolve_model(shape, keys)
    if m is None:
        return list(keys)
    present = set(keys)
    return [k for k in m.order if k in present] + [k for k in keys if k not in m.fields]


def field_shape(shape: Shape | None, keys: list[str], key: str) -> Shape | None:
    if isinstance(shape, MapOf):
        return shape.item
    m = resolve_model(shape, keys)
    return m.fields.get(key) if m is not None else None


# --------------------------------------------------------------------------- scalars: plain or double-quoted

# Everything some YAML reader (1.1 or 1.2) would not read as a string: booleans
# (yes, NO, on, y), numbers (0x10, 1:20, 1e3, .5, 0o7, 1_000), null, timestamps, merge.
_LOOKALIKE = [regexp for _versions, _tag, regexp, _first in implicit_resolvers]
_NUMBERISH = re.compile(r"[-+]?[0-9][0-9_,]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9].*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([Tt]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[-+]\d{2}:\d{2})?)?", re.ASCII)
_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`~=<")


def _printable(ch: str) -> bool:
    """Characters YAML allows unescaped (less the line breaks YAML 1.1 knows besides \\n)."""
    o = ord(ch)
    return (
        ch in "\t\n\r"
        or 0x20 <= o <= 0x7E
        or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029))
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or 0x10000 <= o <= 0x10FFFF
    )


def looks_typed(s: str) -> bool:
    """Would a YAML 1.1 or 1.2 reader, or a reviewer, take this plain scalar for a non-string?"""
    return bool(_NUMBERISH.fullmatch(s)) or any(r.fullmatch(s) for r in _LOOKALIKE)


def plain_safe(s: str) -> bool:
    """Can ``s`` be written as a one-line plain scalar (in block context) and read back as ``s``?"""
    return (
        s != ""
        and s == s.strip(" ")
        and s[0] not in _INDICATORS
        and not s.startswith("...")
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
        and all(ch == " " or ch.isprintable() for ch in s)
    )


def double_quoted(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif not _printable(ch):
            o = ord(ch)
            out.append(f"\\x{o:02X}" if o < 0x100 else f"\\u{o:04X}" if o < 0x10000 else f"\\U{o:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar_text(value: str | None, shape: Shape | None) -> str:
    """How one scalar is written, decided by its field's type."""
    if value is None:
        return "null"
    kind = shape.kind if isinstance(shape, Scalar) else "text"
    if kind == "quote" or not plain_safe(value):
        return double_quoted(value)
    typed_ok = (
        (kind == "date" and _DATE.fullmatch(value))
        or (kind == "datetime" and _DATETIME.fullmatch(value))
        or (kind == "int" and _INT.fullmatch(value))
        or (kind == "float" and _FLOAT.fullmatch(value))
        or (kind == "bool" and value in ("true", "false"))
    )
    if typed_ok or not looks_typed(value):
        return value
    return double_quoted(value)


# --------------------------------------------------------------------------- the document: nodes, entries, comments


@dataclass(eq=False)
class Value:
    """A scalar (``kind == "scalar"``), or a mapping or sequence of entries."""

    kind: str  # "scalar", "map", "seq"
    scalar: str | None = None
    entries: list[Entry] = field(default_factory=list)


@dataclass(eq=False)
class Entry:
    """A key with its value, or a sequence item; with the comments that belong to it."""

    key: str | None
    value: Value
    line: int
    indent: int  # the key's column, or the dash's
    parent: Entry | None
    before: list[str] = field(default_factory=list)
    eol: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


class FormatError(Exception):
    def __init__(self, line: int, col: int, message: str, code: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.code = line, col, message, code


def _build(node: Any, data: Any, parent: Entry | None, entries: list[Entry], spans: list[Any]) -> Value:
    """The entries of ruamel's node tree, with the values the strict loader read (``data``) at each place."""
    m = node.start_mark
    if isinstance(node, ScalarNode) and (data is None or isinstance(data, str)):
        spans.append(node)
        return Value("scalar", data)
    if isinstance(node, MappingNode) and isinstance(data, dict) and len(node.value) == len(data):
        value = Value("map")
        for (key_node, value_node), (key, item) in zip(node.value, data.items(), strict=True):
            spans.append(key_node)
            entry = Entry(key, Value("scalar"), key_node.start_mark.line, key_node.start_mark.column, parent)
            entries.append(entry)
            value.entries.append(entry)
            entry.value = _build(value_node, item, entry, entries, spans)
        return value
    if isinstance(node, SequenceNode) and isinstance(data, list) and len(node.value) == len(data):
        value = Value("seq")
        for item_node, item in zip(node.value, data, strict=True):
            dash = item_node.start_mark.column if node.flow_style else m.column
            entry = Entry(None, Value("scalar"), item_node.start_mark.line, dash, parent)
            entries.append(entry)
            value.entries.append(entry)
            entry.value = _build(item_node, item, entry, entries, spans)
        return value
    raise FormatError(m.line + 1, m.column + 1, "ruamel.yaml and the strict loader read this differently", "SR117")


def _comments(lines: list[str], spans: list[Any]) -> Iterator[tuple[int, int, str, bool]]:
    """Every comment as (line, column, text, is the line's only content), found outside all scalars."""
    covered: dict[int, list[tuple[int, int]]] = {}
    for node in spans:
        (l1, c1), (l2, c2) = (node.start_mark.line, node.start_mark.column), (node.end_mark.line, node.end_mark.column)
        if node.style in ("|", ">"):  # the header line may end with a comment: cover the indicator only
            header = re.match(r"[|>][-+0-9]*", lines[l1][c1:])
            covered.setdefault(l1, []).append((c1, c1 + (header.end() if header else 1)))
            l1, c1 = l1 + 1, 0
            if l1 > l2:
                continue
        if l1 == l2:
            covered.setdefault(l1, []).append((c1, c2))
            continue
        covered.setdefault(l1, []).append((c1, 1 << 30))
        for n in range(l1 + 1, l2):
            covered.setdefault(n, []).append((0, 1 << 30))
        covered.setdefault(l2, []).append((0, c2))
    for n, text in enumerate(lines):
        start = 0
        while (at := text.find("#", start)) >= 0:
            start = at + 1
            if at and text[at - 1] not in " \t":
                continue
            if any(a <= at < b for a, b in covered.get(n, ())):
                continue
            yield n, at, text[at:].rstrip(), text[:at].strip() == ""
            break


def _attach(comments: list[tuple[int, int, str, bool]], entries: list[Entry]) -> list[str]:
    """Give each comment to the entry it belongs to; return those that belong to no entry."""
    lines = [e.line for e in entries]
    loose: list[str] = []
    for line, col, text, alone in comments:
        if not alone:
            at = bisect.bisect_right(lines, line) - 1
            if at >= 0:
                entries[at].eol.append(text)
                continue
        at = bisect.bisect_left(lines, line + 1)
        after_it = entries[at] if at < len(entries) else None
        before_it = entries[at - 1] if at > 0 else None
        if before_it is None:  # the file's header: it stays on top, whichever key comes first
            loose.append(text)
            continue
        if after_it is not None and col <= after_it.indent:
            after_it.before.append(text)
            continue
        # Indented deeper than what follows: it closes the block above (a commented-out key, say).
        owner = before_it
        while owner.parent is not None and owner.indent > col:
            owner = owner.parent
        if after_it is not None and owner.indent <= after_it.indent:
            after_it.before.append(text)
        else:
            owner.after.append(text)
    return loose


# --------------------------------------------------------------------------- writing


def _key_text(key: str) -> str:
    return key if plain_safe(key) and not looks_typed(key) else double_quoted(key)


def _inline(value: Value, shape: Shape | None) -> str | None:
    """The value written on its key's (or dash's) line, or None for a block below it."""
    if value.kind == "scalar":
        return scalar_text(value.scalar, shape)
    if not value.entries:
        return "[]" if value.kind == "seq" else "{}"
    return None


def _ordered(value: Value, shape: Shape | None) -> tuple[list[Entry], list[str]]:
    keys = [e.key for e in value.entries if e.key is not None]
    if value.kind != "map":
        return value.entries, keys
    by_key = {e.key: e for e in value.entries}
    return [by_key[k] for k in ordered_keys(keys, shape)], keys


def _eol(entry: Entry) -> str:
    return f"  {entry.eol[0]}" if entry.eol else ""


def emit(value: Value, shape: Shape | None, indent: int, out: list[str], spaced: bool = False) -> None:
    """Write a mapping or sequence in block style at ``indent``; ``spaced``: a blank line between items."""
    pad = " " * indent
    entries, keys = _ordered(value, shape)
    item_shape = shape.item if isinstance(shape, ListOf) else None
    for n, entry in enumerate(entries):
        child_shape = field_shape(shape, keys, entry.key or "") if value.kind == "map" else item_shape
        if spaced and n:
            out.append("")
        entry.after[:0] = entry.eol[1:]
        del entry.eol[1:]
        inline = _inline(entry.value, child_shape)
        if value.kind == "seq" and inline is None:
            # The item's first key shares the dash's line: comments before it go before the dash.
            first = _ordered(entry.value, child_shape)[0][0]
            entry.before += first.before + entry.eol
            first.before, entry.eol = [], []
        out.extend(pad + c for c in entry.before)
        head = f"{pad}{_key_text(entry.key or '')}:" if value.kind == "map" else f"{pad}-"
        if inline is not None:
            out.append(f"{head} {inline}{_eol(entry)}")
        elif value.kind == "map":
            out.append(head + _eol(entry))
            emit(entry.value, child_shape, indent + 2, out)
        else:
            block: list[str] = []
            emit(entry.value, child_shape, indent + 2, block)
            out.append(f"{head} {block[0][indent + 2 :]}")
            out.extend(block[1:])
        out.extend(pad + c for c in entry.after)


def _yaml_error(exc: YAMLError) -> FormatError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = " ".join(filter(None, [exc.context, exc.problem])) if isinstance(exc, MarkedYAMLError) else str(exc)
    return FormatError(
        mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, f"invalid YAML: {problem}", "SR108"
    )


def _layout(text: str, data: Any, shape: Shape | None) -> tuple[str, list[str]]:
    """The canonical text, and the comments found (to check that none was lost)."""
    try:
        root = YAML(typ="rt", pure=True).compose(text)
    except YAMLError as exc:
        raise _yaml_error(exc) from None
    lines = text.splitlines()
    entries: list[Entry] = []
    spans: list[Any] = []
    value = _build(root, data, None, entries, spans) if root is not None else None
    comments = list(_comments(lines, spans))
    loose = _attach(comments, entries)
    out: list[str] = list(loose)
    if value is not None:
        inline = _inline(value, shape)
        if inline is not None:
            out.append(inline)
        else:
            emit(value, shape, 0, out, spaced=value.kind == "seq")
    return ("\n".join(out) + "\n" if out else ""), [c[2] for c in comments]


def format_text(text: str, kind: str | None, name: str = "<text>") -> tuple[str | None, list[Diagnostic]]:
    """Canonical text for a fact file of ``kind`` (:func:`sitrep.facts.filekinds.kind`), or why it cannot be."""
    text = text.removeprefix("\ufeff")
    before, errors = parse(text, name)
    if errors:
        return None, errors
    try:
        result, comments = _layout(text, before.data, file_shape(kind) if kind else None)
        after, errors = parse(result, name)
        _, kept = _layout(result, after.data, None) if not errors else ("", [])
    except FormatError as exc:
        return None, [Diagnostic(name, exc.line, exc.col, "(file)", exc.message, exc.code)]
    except RecursionError:
        return None, [Diagnostic(name, 1, 1, "(file)", "invalid YAML: nested too deeply", "SR109")]
    if errors or after.data != before.data:
        return None, [
            Diagnostic(name, 1, 1, "(file)", "fmt would change the data here; left as it was (a bug in fmt)", "SR117")
        ]
    if kind is not None and kind != filekinds.TRANSLATION:  # a translation has no JSON Schema
        result = with_modeline(result, kind)
        comments = [c for c in comments if not c.startswith(MODELINE)]
        kept = [c for c in kept if not c.startswith(MODELINE)]
    if Counter(kept) != Counter(comments):
        return None, [
            Diagnostic(name, 1, 1, "(file)", "fmt would lose a comment here; left as it was (a bug in fmt)", "SR117")
        ]
    return result, []


def with_modeline(text: str, kind: str) -> str:
    """``text`` whose first line names its schema (:func:`sitrep.authoring.schemas.modeline`), once.

    A modeline among the header comments (stale, or below another comment) is replaced by
    the one on the first line; the rest of the header stays as it was.
    """
    lines = text.split("\n")
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    kept = [line for line in lines[:header] if not line.startswith(MODELINE)]
    return "\n".join([modeline(kind), *kept, *lines[header:]]) if text else modeline(kind) + "\n"


# --------------------------------------------------------------------------- files


def fact_files(root: Path) -> list[Path]:
    """Every fact file of the project: reports/<id>/*.yaml (known names) and seeds/*.yaml."""
    reports = sorted(p for p in (root / "reports").glob("*/*.yaml") if filekinds.report_kind(p))
    reports += sorted(p for p in (root / "reports").glob(f"*/{filekinds.I18N_FOLDER}/*.yaml") if p.is_file())
    return reports + sorted(p for p in (root / filekinds.SEEDS_FOLDER).glob("*.yaml") if filekinds.kind(p))


def _targets(root: Path, paths: list[Path]) -> tuple[list[Path], list[str]]:
    if not paths:
        return fact_files(root), []
    files, problems = [], []
    for given in paths:
        path = given if given.is_absolute() else Path.cwd() / given
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.yaml") if filekinds.kind(p) and p.is_file())
        elif not path.exists():
            problems.append(f"{given}:1:1: (file): cannot read: no such file")
        elif filekinds.kind(path) is None:
            problems.append(
                f"{given}:1:1: (file): not a fact file (reports/<id>/<{'|'.join(filekinds.REPORT_KINDS)}>.yaml,"
                " reports/<id>/i18n/<language>.yaml or seeds/<id>.yaml)"
            )
        else:
            files.append(path)
    return files, problems


def _leaves(root: Path, path: Path) -> bool:
    """A file named inside the project whose real place is outside it (through a linked folder)."""
    inside = path.absolute().is_relative_to(root.absolute())
    return inside and not path.resolve().is_relative_to(root.resolve())


@dataclass
class Outcome:
    """What a ``fmt`` run did: the files it rewrote and the problems it found (the CLI reports both)."""

    formatted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each, ``file:line:col: field: message`` or a hint


def _problem(name: str, message: str, code: str) -> str:
    return str(Diagnostic(name, 1, 1, "(file)", message, code))


def run(root: Path, paths: list[Path], check: bool) -> Outcome:
    """Format ``paths`` (default: every fact file under ``root``); with ``check``, only report.

    A file that is not canonical (with ``check``) or cannot be formatted is a problem; the
    others are still formatted. Prints nothing: the caller reports the outcome.
    """
    files, problems = _targets(root, paths)
    if problems:  # a path that names no fact file is a usage error: nothing formatted
        raise EnvironmentFault("\n".join(problems))
    out = Outcome()
    for path in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        if path.is_symlink():  # replacing it would turn the link into a file
            out.problems.append(_problem(name, "a symbolic link; format the file it points to", "SR102"))
            continue
        if path.parent.is_symlink() or _leaves(root, path):  # as the loader: never write through a linked folder
            out.problems.append(
                _problem(name, "in a folder that is a link; fact files are formatted in place", "SR102")
            )
            continue
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_BYTES:
                raise ValueError(f"file is larger than {MAX_BYTES} bytes")
            text = raw.decode("utf-8")
        except OSError as exc:
            out.problems.append(_problem(name, f"cannot read: {exc.strerror}", "SR104"))
            continue
        except UnicodeDecodeError:
            out.problems.append(_problem(name, "not valid UTF-8", "SR106"))
            continue
        except ValueError as exc:
            out.problems.append(_problem(name, str(exc), "SR105"))
            continue
        result, errors = format_text(text, filekinds.kind(path), name)
        if result is None:
            out.problems.extend(str(error) for error in errors)
            continue
        if result.encode("utf-8") == raw:
            continue
        if check:
            out.problems.append(f"{name}: not canonical ({HINT})")
        else:
            write_bytes(path, result.encode("utf-8"))
            out.formatted.append(name)
    return out
