"""Editions: the state of a report at each edition, and the fingerprints that freeze it.

Fact files are edited in place. Each fact says from which edition it is shown
(``since``), from which it no longer is (``withdrawn``), and which corrections it
received (with the value shown before). :func:`state_at` rebuilds exactly what any
edition showed from that.

When an edition is published, ``build.py publish`` writes its fingerprint into
``reports/<id>/editions.lock``: one hash for the edition, plus one per fact that the
edition added or changed. The build recomputes them and refuses any change that
would alter what a published edition shows, naming the fact. Templates and
formatting never enter a fingerprint: only the canonical facts do.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from sitrep.facts.model import ADAPTERS, LIFECYCLE, SECTIONS, Edition, Report

LOCK_NAME = "editions.lock"
LOCK_HEADER = (
    "# Fingerprints of the published editions of this report, written by `build.py publish`.\n"
    "# Every build checks that the facts still give these; do not edit by hand.\n"
)


class CorrectionError(ValueError):
    """A correction that cannot be applied (unknown field, or a value the model refuses)."""


def _revert(item: Any, section: str, path: str, was: str | None) -> BaseModel:
    data = item.model_dump(mode="json", exclude_none=True)
    if item.corrections:  # their ``was: null`` (the field was absent) is required, not left out
        data["corrections"] = [c.model_dump(mode="json") for c in item.corrections]
    keys = path.split(".")
    target = data
    for k in keys[:-1]:
        if not isinstance(target.get(k), dict):
            raise CorrectionError(f"field '{path}' does not exist")
        target = target[k]
    if keys[-1] not in type(item).model_fields and len(keys) == 1:
        raise CorrectionError(f"field '{path}' does not exist")
    if was is None:
        target.pop(keys[-1], None)
    else:
        target[keys[-1]] = was
    try:
        return ADAPTERS[section].validate_python(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise CorrectionError(f"'was' for '{path}' is not valid: {first['msg']}") from None


def visible(item: Any, n: int) -> bool:
    return item.since <= n and (item.withdrawn is None or item.withdrawn > n)


def fact_at(item: Any, section: str, n: int) -> Any:  # any fact model: they all have ``corrections``
    """The fact as edition ``n`` showed it: later corrections undone, newest first."""
    for c in sorted(item.corrections, key=lambda c: -c.edition):
        if c.edition > n:
            item = _revert(item, section, c.field, c.was)
    return item


def state_at(report: Report, n: int) -> Report:
    """The report as edition ``n`` showed it."""
    parts: dict[str, tuple] = {}
    for section in SECTIONS:
        parts[section] = tuple(fact_at(item, section, n) for item in getattr(report, section) if visible(item, n))
    return report.model_copy(update=parts)


def edition(report: Report, n: int) -> Edition:
    return report.meta.editions[n - 1]


def overview_at(report: Report, n: int) -> str | None:
    """The situation as edition ``n`` tells it: the overview of the newest edition up to ``n``
    that wrote one (an edition without its own carries the last one on), else None."""
    for e in reversed(report.meta.editions[:n]):
        if e.overview:
            return e.overview
    return None


def lead_at(report: Report, n: int) -> str:
    """What describes edition ``n`` to a reader and to machines (page description, JSON-LD, data
    package): its overview, else its own headline and summary; never a later edition's words."""
    text = overview_at(report, n)
    if text:
        return text
    e = edition(report, n)
    head = e.headline.rstrip()
    return f"{head}{'' if head.endswith(('.', '!', '?')) else '.'} {e.summary}"


def published_numbers(report: Report, drafts: bool = False) -> list[int]:
    return [e.number for e in report.meta.editions if drafts or not e.draft]


# --------------------------------------------------------------------------- fingerprints


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _digest(data: Any) -> str:
    return hashlib.sha256(_canonical(data)).hexdigest()


def fact_shown(item: Any, n: int) -> dict[str, Any]:  # any fact model
    """What a fact (as edition ``n`` shows it) contributes to edition ``n``'s fingerprint.

    Defaults are left out, so a new optional field in the model does not change the
    fingerprint of every fact that was published before it existed.
    """
    data = item.model_dump(mode="json", exclude=set(LIFECYCLE), exclude_defaults=True)
    shown = [c.model_dump(mode="json") for c in item.corrections if c.edition <= n]
    if shown:
        data["corrections"] = shown
    return data


def fact_fingerprint(item: Any, n: int) -> str:  # any fact model
    """A fact's shown content at edition ``n``: its fields, and the corrections shown by then."""
    return _digest(fact_shown(item, n))[:16]


def changed_paths(before: Any, after: Any, path: tuple = ()) -> list[tuple]:
    """Where two shown facts (:func:`fact_shown`) differ: the paths of the differing values,
    as deep as both sides have the same shape (a list of another length is one change)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[tuple] = []
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                out += changed_paths(before.get(key), after.get(key), path + (key,))
        return out
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [p for i, (b, a) in enumerate(zip(before, after, strict=True)) for p in changed_paths(b, a, path + (i,))]
    return [path] if before != after else []


def fact_prints(report: Report, n: int) -> dict[str, str]:
    """``section/id`` -> fingerprint, for every fact edition ``n`` shows."""
    state = state_at(report, n)
    return {
        f"{section}/{item.id}": fact_fingerprint(item, n) for section in SECTIONS for item in getattr(state, section)
    }


def cited_seeds(state: Report) -> list[str]:
    """The seeds an edition's facts cite: what the edition lists as its source articles."""
    return sorted({item.evidence.seed for section in SECTIONS for item in getattr(state, section)})


def notes_shown(state: Report) -> list:
    """Discrepancy notes about figures this edition shows."""
    ids = {f.id for f in state.figures}
    return [d for d in state.meta.discrepancies if set(d.figures) <= ids]


ALGORITHM = 3  # the fingerprint algorithm new lock lines are written with (each line names its own)
SEED_FIELDS_SHOWN = ("id", "title", "wire", "publisher", "published", "language", "sha256")


def seeds_shown(state: Report, seed_metas: dict) -> list[dict]:
    """What an edition page shows of each seed its facts cite (see the template's sources list)."""
    return [
        seed_metas[s].model_dump(mode="json", include=set(SEED_FIELDS_SHOWN))
        for s in cited_seeds(state)
        if s in seed_metas
    ]


def edition_fingerprint(report: Report, n: int, seed_metas: dict | None = None, version: int = ALGORITHM) -> str:
    """What edition ``n`` says: its entry, the report's title, and the facts, seeds and notes it shows.

    Seeds and notes that only later editions use are not part of it, so a report can
    take a new source article or a new discrepancy note in a new edition.

    Version 1 (lines without a version, as first written) names the cited seeds; version 2
    also covers what the page shows of them (title, wire, publisher, date, language, digest);
    version 3 also the edition's ``overview`` (the situation as it reported it), which
    earlier versions did not have. A line is always checked with the version it names, so
    published locks keep verifying.
    """
    state = state_at(report, n)
    shown: dict[str, Any] = {
        "edition": edition(report, n).model_dump(mode="json", exclude={"draft", "overview"}),
        "title": report.meta.title,
        "seeds": cited_seeds(state),
        "discrepancies": [d.model_dump(mode="json") for d in notes_shown(state)],
        "facts": fact_prints(report, n),
    }
    if version >= 2:
        if seed_metas is None:
            raise ValueError("a version 2 fingerprint needs the seeds' metadata")
        shown["algorithm"] = 2
        shown["seed_meta"] = seeds_shown(state, seed_metas)
    if version >= 3:
        shown["algorithm"] = 3
        shown["overview"] = edition(report, n).overview
    if version not in (1, 2, 3):
        raise ValueError(f"unknown fingerprint version {version}")
    return "sha256:" + _digest(shown)


@dataclass
class Lock:
    """The parsed ``editions.lock``: per published edition, its hash and the facts it set."""

    editions: dict[int, str] = field(default_factory=dict)
    facts: dict[int, dict[str, str | None]] = field(default_factory=dict)  # None: the fact was removed
    lines: dict[int, int] = field(default_factory=dict)  # edition -> line number, for messages
    versions: dict[int, int] = field(default_factory=dict)  # edition -> the algorithm its line names

    def expected_facts(self, n: int) -> dict[str, str]:
        """Replay the fact lines up to edition ``n``: what edition ``n`` showed."""
        out: dict[str, str] = {}
        for k in sorted(e for e in self.facts if e <= n):
            for key, value in self.facts[k].items():
                if value is None:
                    out.pop(key, None)
                else:
                    out[key] = value
        return out


class LockError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


VERSIONS = {"v1": 1, "v2": 2, "v3": 3}


def parse_lock(text: str) -> Lock:
    """Lines: ``edition N sha256:H [vK]``, then ``fact KEY H [vK]`` / ``gone KEY [vK]`` for
    what it changed. A line without a version was written by version 1."""
    lock = Lock()
    current: int | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        version = 1
        if len(parts) > 2 and parts[-1] in VERSIONS:
            version = VERSIONS[parts.pop()]
        try:
            if parts[0] == "edition" and len(parts) == 3 and parts[2].startswith("sha256:"):
                current = int(parts[1])
                if str(current) != parts[1] or current in lock.editions:
                    raise ValueError
                lock.editions[current] = parts[2]
                lock.lines[current] = number
                lock.versions[current] = version
                lock.facts.setdefault(current, {})
            elif (
                parts[0] in ("fact", "gone") and current is not None and len(parts) == (3 if parts[0] == "fact" else 2)
            ):
                lock.facts[current][parts[1]] = parts[2] if parts[0] == "fact" else None
            else:
                raise ValueError
        except ValueError:
            raise LockError(number, f"not a lock line: {raw!r}") from None
    return lock


def edition_lines(report: Report, n: int, previous: dict[str, str], seed_metas: dict) -> list[str]:
    """The lines that publish edition ``n``: its fingerprint, and each fact it added, changed or removed."""
    now = fact_prints(report, n)
    tag = f"v{ALGORITHM}"
    out = [f"edition {n} {edition_fingerprint(report, n, seed_metas)} {tag}\n"]
    out += [f"fact {key} {now[key]} {tag}\n" for key in sorted(now) if previous.get(key) != now[key]]
    out += [f"gone {key} {tag}\n" for key in sorted(set(previous) - set(now))]
    return out


def lock_text(report: Report, numbers: list[int], seed_metas: dict, reason: str | None = None) -> str:
    """A whole new lock for the given published editions, each listing only what it changed."""
    out = [LOCK_HEADER]
    if reason is not None:
        out.append(f"# publish --force: {' '.join(reason.split())}\n")
    previous: dict[str, str] = {}
    for n in numbers:
        out += edition_lines(report, n, previous, seed_metas)
        previous = fact_prints(report, n)
    return "".join(out)


def extend_lock(existing: str, report: Report, numbers: list[int], seed_metas: dict) -> str:
    """``existing`` unchanged, byte for byte, with the lines of the editions it does not hold yet."""
    lock = parse_lock(existing)
    out = existing if existing.endswith("\n") or not existing else existing + "\n"
    if not out:
        out = LOCK_HEADER
    for n in numbers:
        if n in lock.editions:
            continue
        before = [k for k in numbers if k < n]
        previous = fact_prints(report, max(before)) if before else {}
        out += "".join(edition_lines(report, n, previous, seed_metas))
    return out


def locked_lines(text: str) -> list[str]:
    """A lock's lines that say something (no comments, no blank lines), as written."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def mismatched(text: str, report: Report, seed_metas: dict) -> list[int]:
    """The editions whose lines in ``text`` the facts no longer give."""
    lock = parse_lock(text)
    return [
        n
        for n, digest in sorted(lock.editions.items())
        if n > len(report.meta.editions) or edition_fingerprint(report, n, seed_metas, lock.versions[n]) != digest
    ]
