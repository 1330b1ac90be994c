"""``build.py new REPORT --seed ID``: start a report from one seed article.

The skeleton is a report folder that ``check`` accepts as it is:

* ``report.yaml`` with the seed, ``coverage: complete`` (so ``check`` lists every number,
  place and photo credit of the seed that no fact cites yet: the writer's to-do list, and
  ``check --strict`` fails until it is done) and a first edition that is a draft;
* ``sources.yaml`` with the seed's publisher (or wire) as a source, quoted from the seed;
* one file per other kind of fact, empty (``[]``), whose comments show a complete
  example built from the model's own field examples (:func:`sitrep.facts.model.doc`), every
  field in the canonical order, optional ones marked.

Every file is in ``fmt``'s canonical layout with its schema modeline. The folder is
written whole or not at all: into a hidden folder beside it, then renamed into place.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sitrep.atomic import write_bytes
from sitrep.authoring.fmt import format_text
from sitrep.authoring.newedition import DRAFT_NOTE, _when
from sitrep.errors import EnvironmentFault
from sitrep.facts import model
from sitrep.facts.load import parse
from sitrep.facts.text import stretches
from sitrep.facts.validate import parse_seed_meta

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_SEED_ID = re.compile(r"^[0-9a-z_-]{1,80}$")
_QUOTE_MAX = 200


@dataclass(frozen=True)
class Created:
    folder: Path
    files: tuple[str, ...]
    published: dt.datetime


def create(root: Path, report_id: str, seed_id: str, published: str | None = None) -> Created:
    """Write ``reports/<report_id>/`` for ``seed_id``; refuse (nothing written) anything doubtful."""
    if not _ID.fullmatch(report_id):
        raise EnvironmentFault(
            f"bad report id {report_id!r}: lower-case letters, digits and '-', starting with a letter or digit "
            "(at most 80 characters), e.g. kestrel-earthquake-2025-11"
        )
    reports = root / "reports"
    if reports.is_symlink() or (reports.exists() and not reports.is_dir()):
        raise EnvironmentFault("reports/ is not a folder")
    folder = reports / report_id
    if folder.exists() or folder.is_symlink():
        raise EnvironmentFault(f"reports/{report_id} already exists: choose another id, or edit it")
    meta, text = _seed(root, seed_id)
    when = _when(published, dt.datetime.combine(meta.published, dt.time(), dt.UTC))
    files = {"report.yaml": _report(report_id, meta, when), "sources.yaml": _sources(meta, text)}
    for section in model.SECTIONS:
        if section != "sources":
            files[f"{section}.yaml"] = _example_file(section, seed_id, _publisher_id(meta))
    out: dict[str, bytes] = {}
    for name, raw in files.items():
        canonical, errors = format_text(raw, name.removesuffix(".yaml"), f"reports/{report_id}/{name}")
        if canonical is None:  # what we generate is always well-formed: this is a bug
            raise RuntimeError("; ".join(str(e) for e in errors))
        out[name] = canonical.encode("utf-8")
    reports.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{report_id}.", suffix=".new", dir=reports))
    try:
        for name in sorted(out):
            write_bytes(staging / name, out[name])
        os.chmod(staging, 0o777 & ~_umask())
        os.rename(staging, folder)  # whole or not at all; fails if the folder appeared meanwhile (not empty)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Created(folder, tuple(sorted(out)), when)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _seed(root: Path, seed_id: str) -> tuple[model.SeedMeta, str]:
    seeds = root / "seeds"
    known = (
        sorted(p.stem for p in seeds.glob("*.yaml") if (seeds / f"{p.stem}.txt").is_file()) if seeds.is_dir() else []
    )
    if not _SEED_ID.fullmatch(seed_id) or seed_id not in known:
        hint = difflib.get_close_matches(seed_id, known, n=1, cutoff=0.5)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise EnvironmentFault(
            f"unknown seed '{seed_id}'{suggestion}: add the article with `build.py seed add FILE --published DATE`"
        )
    meta_path, text_path = seeds / f"{seed_id}.yaml", seeds / f"{seed_id}.txt"
    if meta_path.is_symlink() or text_path.is_symlink():
        raise EnvironmentFault(f"seeds/{seed_id} is a link; a seed must be a file")
    try:
        doc, errors = parse(meta_path.read_text(encoding="utf-8"), f"seeds/{seed_id}.yaml")
        text = text_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EnvironmentFault(f"cannot read seed '{seed_id}': {exc}") from None
    meta, more = parse_seed_meta(doc) if not errors else (None, errors)
    if meta is None:
        raise EnvironmentFault(f"{more[0]} (run `build.py check` and fix the seed first)")
    return meta, text


# --------------------------------------------------------------------------- the live files


DRAFT_HEADLINE = "Draft: this edition's headline, stating only what its facts say"


def _report(report_id: str, meta: model.SeedMeta, when: dt.datetime) -> str:
    data = {
        "id": report_id,
        "title": meta.title,
        "seeds": [meta.id],
        "coverage": "complete",
        # The report is written in its seed's language (English, the default, is left unsaid).
        **({"language": meta.language} if meta.language != "en" else {}),
        "editions": [
            {
                "number": 1,
                "published": when.isoformat(),
                # The article's title, unless it states a number: an edition's words may state only
                # what its facts say (SR719), and a new report has no facts yet.
                "headline": meta.title if not re.search(r"\d", meta.title) else DRAFT_HEADLINE,
                "summary": "First edition: what this edition reports, in a sentence or two.",
                "overview": "Draft: what happened, where and to whom, in two or three sentences.",
                "draft": True,
            }
        ],
    }
    head = [
        f"The report, built from the seed {meta.id}. Each field is described on the site's",
        '"Writing reports" page and, in an editor with the YAML extension, as you type.',
        "coverage: complete makes `build.py check` list every number, place and photo credit",
        "of the seed that no fact cites yet: the to-do list (`check --strict` fails on it).",
        DRAFT_NOTE,
    ]
    tail = "".join(_commented(f, model.ReportMeta, meta.id) for f in ("example", "exclusions", "discrepancies"))
    tail = tail.replace('# example: "true"\n', "# example: true\n")  # the schema's example is text; YAML wants the flag
    return _comment_lines(head) + json.dumps(data, ensure_ascii=False) + "\n" + tail


def _commented(field: str, owner: type[BaseModel], seed_id: str) -> str:
    info = owner.model_fields[field]
    value = _seeded(info.examples[0] if info.examples else [], seed_id)
    body, errors = format_text(json.dumps({field: value}, ensure_ascii=False), None)
    assert body is not None, errors
    return _comment_lines([f"Optional. {info.description}", *body.splitlines()])


def _publisher_id(meta: model.SeedMeta) -> str:
    """The id of the report's first source, the seed's publisher (or wire, or the article itself)."""
    return _slug(meta.publisher or meta.wire or "The article") or "publisher"


def _sources(meta: model.SeedMeta, text: str) -> str:
    name = meta.publisher or meta.wire
    unnamed: list[str] = []
    if name:
        kind = "media" if meta.publisher else "wire"
        description = f"Published the article ({meta.title}, {meta.published.isoformat()})."
    else:
        name, kind = "The article", "media"
        # Said to the editor, in a comment: a file path never goes into a description readers see.
        unnamed = [f"seeds/{meta.id}.yaml names no publisher: name it here (and there) once you know it."]
        description = f"The article's own reporting ({meta.title}, {meta.published.isoformat()})."
    source = {
        "id": _publisher_id(meta),
        "kind": kind,
        "name": name,
        "description": description,
        "evidence": {"seed": meta.id, "quote": _quote(text, name)},
    }
    head = [
        *unnamed,
        "Sources: who gives each fact. The seed's publisher is the first; a named person or",
        "organisation quoted in the article is another. An example of a source who is not named:",
        *_example_lines(model.AnonymousSource, meta.id),
    ]
    return _comment_lines(head) + json.dumps([source], ensure_ascii=False) + "\n"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80].rstrip("-")


def _quote(text: str, name: str) -> str:
    """A passage of the seed for the publisher: its name where the article gives it, else its first line
    (one without digits if there is one, so that no number is ticked off the to-do list by it)."""
    if len(name) >= 3 and name in text:
        return name
    # A quote is text: where a line holds a control character, its longest stretch without one.
    pieces = (max(stretches(line), key=len) for line in text.splitlines())
    lines = [" ".join(piece.split()) for piece in pieces if piece.strip()] or [name]
    line = next((line for line in lines if not re.search(r"\d", line)), lines[0])
    if len(line) > _QUOTE_MAX:
        line = line[:_QUOTE_MAX].rsplit(" ", 1)[0]
    return line


# --------------------------------------------------------------------------- the commented examples


def _example_file(section: str, seed_id: str, source_id: str) -> str:
    cls = _model_of(section)
    head = [
        f"{section.capitalize()}: {_first_sentence(cls.__doc__)}",
        'Each field is described on the site\'s "Writing reports" page and in your editor.',
        "An example with every field (optional ones marked), to copy below and edit:",
        *_example_lines(cls, seed_id, source_id),
    ]
    return _comment_lines(head) + "[]\n"


def _model_of(section: str) -> type[BaseModel]:
    target: Any = model.SECTIONS[section]
    if isinstance(target, type) and issubclass(target, BaseModel):
        return target
    return model.NamedSource


def _first_sentence(text: str | None) -> str:
    """A model's docstring's first paragraph, to follow a colon: "a place the article names: ..."."""
    first = (text or "").strip().split("\n\n")[0].replace("\n", " ")
    return first[:1].lower() + first[1:]


def _example_lines(cls: type[BaseModel], seed_id: str, source_id: str | None = None) -> list[str]:
    """One item of ``cls`` from its fields' first examples, in canonical layout; optional fields marked."""
    item = {}
    for name in model.canonical_order(cls):
        info = cls.model_fields[name]
        if info.examples:
            item[name] = _seeded(info.examples[0], seed_id)
    if source_id and isinstance(item.get("source"), str):  # cite a source the report has: the publisher
        item["source"] = source_id
    if "corrections" in item and "value" not in cls.model_fields:  # a correction names a field this kind has
        field = next(f for f in ("text", "description", "caption", "what", "name") if f in cls.model_fields)
        item["corrections"] = [{**c, "field": field, "was": "An earlier wording."} for c in item["corrections"]]
    kind = next(
        k for k, v in model.SECTIONS.items() if v is cls or (k == "sources" and cls.__name__.endswith("Source"))
    )
    body, errors = format_text(json.dumps([item], ensure_ascii=False), kind)
    assert body is not None, errors
    lines = [line for line in body.splitlines() if not line.startswith("#")]
    optional = {n for n, info in cls.model_fields.items() if not info.is_required()}
    out = []
    for line in lines:
        key = re.match(r"^(?:- |  )([a-z_]+):", line)
        marked = key is not None and key.group(1) in optional and line[:2] in ("- ", "  ") and line[2] != " "
        out.append(f"{line}  # optional" if marked else line)
    return ["", *out]


def _seeded(value: Any, seed_id: str) -> Any:
    """An example with its seed made the report's own."""
    if isinstance(value, dict):
        return {k: seed_id if k == "seed" else _seeded(v, seed_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_seeded(v, seed_id) for v in value]
    return value


def _comment_lines(lines: list[str]) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)
