"""``build.py seed add``: bring a new source article into ``seeds/``, verbatim, with its metadata.

The naming rule, documented in the README: a seed id is ``NNN_<slug>``. ``NNN`` is one
more than the highest three-digit number already used in ``seeds/`` (000 for the first),
so ids sort in the order articles arrived and never collide; ``<slug>`` is the file's
name (or ``--slug``) in lower case, with every run of other characters made one ``-``.
Existing ids are never renamed: evidence quotes cite them.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sitrep.atomic import write_bytes
from sitrep.authoring.fmt import format_text
from sitrep.errors import Diagnostic, EnvironmentFault, FactsError
from sitrep.facts import filekinds
from sitrep.facts.load import MAX_BYTES
from sitrep.facts.model import SeedMeta
from sitrep.facts.text import problem as text_problem

_NUMBERED = re.compile(r"^(\d{3,})_")
_SLUG_MAX = 60


@dataclass(frozen=True)
class Added:
    seed_id: str
    text_file: Path
    meta_file: Path
    sha256: str
    title_from_text: bool


def slug(name: str) -> str:
    """``Kestrel Earthquake (AP).txt`` -> ``kestrel-earthquake-ap``; a leading ``NNN_`` is dropped."""
    stem = _NUMBERED.sub("", name)
    text = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return text[:_SLUG_MAX].rstrip("-")


def next_number(seeds_dir: Path) -> int:
    """One more than the highest number in use: 999 is followed by 1000 (ids then sort by ``order``)."""
    used = [int(m.group(1)) for p in seeds_dir.glob("*.txt") if (m := _NUMBERED.match(p.name))]
    return max(used) + 1 if used else 0


def _read(source: Path, where: str) -> bytes:
    """The article's bytes: a regular file of at most MAX_BYTES (never a FIFO, a device or /dev/zero)."""
    try:
        with open(source, "rb", opener=_nonblocking) as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise FactsError(
                    [Diagnostic(where, 1, 1, "(file)", "a seed must be a regular file (not a pipe or device)", "SR102")]
                )
            if st.st_size > MAX_BYTES:
                raise FactsError([Diagnostic(where, 1, 1, "(file)", f"larger than {MAX_BYTES} bytes", "SR105")])
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise EnvironmentFault(f"cannot read {source}: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:  # it grew while read
        raise FactsError([Diagnostic(where, 1, 1, "(file)", f"larger than {MAX_BYTES} bytes", "SR105")])
    return raw


def _nonblocking(path: str, flags: int) -> int:
    # Opening a FIFO for reading waits for a writer: never block, so it is refused as not a regular file.
    return os.open(path, flags | os.O_NONBLOCK)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line[:300]
    return None


def add(
    root: Path,
    source: Path,
    published: str,
    title: str | None = None,
    publisher: str | None = None,
    wire: str | None = None,
    url: str | None = None,
    language: str = "en",
    slug_text: str | None = None,
) -> Added:
    """Copy ``source`` into ``seeds/`` byte for byte and write its metadata; refuse anything doubtful."""
    seeds_dir = root / filekinds.SEEDS_FOLDER
    if not seeds_dir.is_dir() or seeds_dir.is_symlink():
        raise EnvironmentFault(f"{seeds_dir} is not a folder: run from the project folder or pass --root")
    where = str(source)
    raw = _read(source, where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactsError(
            [
                Diagnostic(
                    where, 1, 1, "(file)", f"a seed must be UTF-8 text ({exc.reason} at byte {exc.start})", "SR106"
                )
            ]
        ) from None
    if not text.strip():
        raise FactsError([Diagnostic(where, 1, 1, "(file)", "the article is empty", "SR605")])
    digest = hashlib.sha256(raw).hexdigest()
    for existing in sorted(seeds_dir.glob("*.txt")):
        if (
            existing.is_file()
            and not existing.is_symlink()
            and hashlib.sha256(existing.read_bytes()).hexdigest() == digest
        ):
            raise EnvironmentFault(f"this article is already a seed: {existing.stem} (same sha256 {digest})")
    name = slug(slug_text if slug_text is not None else source.stem)
    if not name:
        raise EnvironmentFault(f"cannot make a seed id from {source.name!r}: give one with --slug WORDS")
    seed_id = f"{next_number(seeds_dir):03d}_{name}"
    title_from_text = title is None
    if title is None and (first := _first_line(text)) is not None and (why := text_problem(first)) is not None:
        line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip())
        raise FactsError(
            [Diagnostic(where, line, 1, "(title)", f"its first line, the title without --title, {why}", "SR118")]
        )
    given_text = {"title": title, "publisher": publisher, "wire": wire, "url": url, "language": language}
    refused = [f"--{k}: {why}" for k, v in given_text.items() if v is not None and (why := text_problem(v))]
    if refused:
        raise EnvironmentFault("\n".join(refused))
    given = {
        "id": seed_id,
        "title": title if title is not None else _first_line(text),
        "publisher": publisher,
        "wire": wire,
        "published": published,
        "language": language,
        "sha256": digest,
        "url": url,
    }
    meta = {k: v for k, v in given.items() if v is not None}
    try:
        SeedMeta.model_validate(meta)
    except ValidationError as exc:
        raise EnvironmentFault("\n".join(_option_errors(exc))) from None
    yaml_text, errors = format_text(
        _dump(meta), filekinds.SEED, f"{filekinds.SEEDS_FOLDER}/{filekinds.seed_meta(seeds_dir, seed_id).name}"
    )
    if yaml_text is None:  # the values above are all plain or quoted: a failure here is a bug
        raise FactsError(errors)
    text_file, meta_file = filekinds.seed_text(seeds_dir, seed_id), filekinds.seed_meta(seeds_dir, seed_id)
    if text_file.exists() or meta_file.exists():
        raise EnvironmentFault(f"{text_file.name} or {meta_file.name} already exists; nothing was written")
    # The article first: a kill in between leaves a seed without metadata, which every build names.
    write_bytes(text_file, raw)
    write_bytes(meta_file, yaml_text.encode("utf-8"))
    return Added(seed_id, text_file, meta_file, digest, title_from_text)


def _option_errors(exc: ValidationError) -> list[str]:
    """Every reason at once, each against the option that carries the value (a usage error)."""
    out = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "seed"
        reason = _EXPECTED.get(field) if err["type"] == "string_pattern_mismatch" else None
        if err["type"] == "value_error":  # the validator's own words, without pydantic's "Value error, "
            reason = str(err.get("ctx", {}).get("error", err["msg"]))
        out.append(f"--{field} {err.get('input')!r}: {reason or err['msg']}")
    return out


_EXPECTED = {
    "language": "expected a language code such as en, ar or pt-BR",
    "url": "expected an http:// or https:// address without spaces or quotes",
}


def _dump(meta: dict[str, str]) -> str:
    """A YAML mapping whose values are double-quoted (fmt then chooses the canonical style)."""
    import json

    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
