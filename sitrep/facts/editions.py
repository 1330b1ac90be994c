"""Editions: the state of a report at each edition, and the fingerprints that freeze it.

Fact files are edited in place. Each fact says from which edition it is shown
(``since``), from which it no longer is (``withdrawn``), and which corrections it
received (with the value shown before). :func:`state_at` rebuilds exactly what any
edition showed from that.

When an edition is published, ``build.py publish`` writes its fingerprint into
``reports/<id>/editions.lock``: one hash for the edition, plus one per fact, and one per
other part it shows (:func:`shown_parts`: report.yaml's fields, its entry, the seeds'
metadata, the project's measures; the list is :mod:`sitrep.facts.inputs`), that the
edition added or changed. The build recomputes them and refuses any change that would
alter what a published edition shows, naming the fact or field. Templates, settings and
formatting never enter a fingerprint: only what the edition says does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from sitrep.facts import inputs, measures, translations
from sitrep.facts.filekinds import seed_order
from sitrep.facts.measures import Registry
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
    return sorted({item.evidence.seed for section in SECTIONS for item in getattr(state, section)}, key=seed_order)


def notes_shown(state: Report) -> list:
    """Discrepancy notes about figures this edition shows."""
    ids = {f.id for f in state.figures}
    return [d for d in state.meta.discrepancies if set(d.figures) <= ids]


ALGORITHM = 3  # the fingerprint algorithm new lock lines are written with (each line names its own)
# What versions 1 and 2 cover, as explicit lists: a field added to the model later (an edition's
# entry, a seed's metadata) must not change a hash they wrote.
EDITION_FIELDS_V1 = ("number", "published", "headline", "summary")
SEED_FIELDS_SHOWN = ("id", "title", "wire", "publisher", "published", "language", "sha256")


def seeds_shown(state: Report, seed_metas: dict) -> list[dict]:
    """What a version 2 fingerprint covers of each seed an edition's facts cite."""
    return [
        seed_metas[s].model_dump(mode="json", include=set(SEED_FIELDS_SHOWN))
        for s in cited_seeds(state)
        if s in seed_metas
    ]


def shown_parts(report: Report, n: int, seed_metas: dict, registry: Registry) -> dict[str, Any]:
    """Everything edition ``n`` shows besides its facts, by key (version 3 of the fingerprint):

    * ``report/FIELD``: every field of report.yaml but those no edition shows
      (:data:`sitrep.facts.inputs.REPORT_NOT_SHOWN`), a field added to the model later included;
    * ``edition/FIELD``: every field of the edition's own entry but ``draft``;
    * ``notes``: the discrepancy notes about figures it shows;
    * ``seed/ID/FIELD``: each field shown of each seed its facts cite (all but the editor's note);
    * ``measure/ID/FIELD``: what it shows of each project measure its figures use.

    Fields at their default are left out, so a new optional field changes no published hash.
    """
    state = state_at(report, n)
    out: dict[str, Any] = {}
    meta = report.meta.model_dump(mode="json", exclude=set(inputs.REPORT_NOT_SHOWN), exclude_defaults=True)
    out.update({f"report/{k}": v for k, v in meta.items()})
    entry = edition(report, n).model_dump(mode="json", exclude={"draft"}, exclude_defaults=True)
    out.update({f"edition/{k}": v for k, v in entry.items()})
    notes = [d.model_dump(mode="json") for d in notes_shown(state)]
    if notes:
        out["notes"] = notes
    for s in cited_seeds(state):
        if s in seed_metas:
            shown = seed_metas[s].model_dump(mode="json", exclude=set(inputs.SEED_NOT_SHOWN), exclude_defaults=True)
            out.update({f"seed/{s}/{k}": v for k, v in shown.items()})
    for m in sorted({f.metric for f in state.figures}):
        measure = registry.shown(m)
        out.update({f"measure/{m}/{k}": v for k, v in (measure or {}).items()})
    return out


def shown_prints(report: Report, n: int, seed_metas: dict, registry: Registry) -> dict[str, str]:
    """Key -> fingerprint of each part of :func:`shown_parts`: one lock line each, so an error
    can name the field that changed without any earlier copy of the files."""
    return {k: _digest(v)[:16] for k, v in shown_parts(report, n, seed_metas, registry).items()}


def edition_fingerprint(
    report: Report,
    n: int,
    seed_metas: dict | None = None,
    version: int = ALGORITHM,
    registry: Registry | None = None,
) -> str:
    """What edition ``n`` says: its entry, the report's words, and the facts, seeds, notes and
    measures it shows.

    Seeds and notes that only later editions use are not part of it, so a report can
    take a new source article or a new discrepancy note in a new edition.

    Version 1 (lines without a version, as first written) covers the edition's entry
    (number, date, headline, summary), the title, the facts, the notes and the cited seeds'
    ids; version 2 also what the page shows of those seeds (title, wire, publisher, date,
    language, digest); version 3 everything an edition shows (:func:`shown_parts`): the
    report's summary and example flag, every field of the entry, the seeds' addresses and the
    project's measures. A line is always checked with the version it names, so published
    locks keep verifying.
    """
    if version == 3:
        if seed_metas is None:
            raise ValueError("a version 3 fingerprint needs the seeds' metadata")
        parts = shown_prints(report, n, seed_metas, registry or measures.builtin())
        return "sha256:" + _digest({"algorithm": 3, "facts": fact_prints(report, n), "shown": parts})
    state = state_at(report, n)
    shown: dict[str, Any] = {
        "edition": edition(report, n).model_dump(mode="json", include=set(EDITION_FIELDS_V1)),
        "title": report.meta.title,
        "seeds": cited_seeds(state),
        "discrepancies": [d.model_dump(mode="json") for d in notes_shown(state)],
        "facts": fact_prints(report, n),
    }
    if version == 2:
        if seed_metas is None:
            raise ValueError("a version 2 fingerprint needs the seeds' metadata")
        shown["algorithm"] = 2
        shown["seed_meta"] = seeds_shown(state, seed_metas)
    elif version != 1:
        raise ValueError(f"unknown fingerprint version {version}")
    return "sha256:" + _digest(shown)


@dataclass
class Lock:
    """The parsed ``editions.lock``: per published edition, its hashes and the facts and parts it set."""

    editions: dict[int, str] = field(default_factory=dict)  # the edition's first line's hash
    facts: dict[int, dict[str, str | None]] = field(default_factory=dict)  # None: the fact was removed
    lines: dict[int, int] = field(default_factory=dict)  # edition -> its first line's number, for messages
    versions: dict[int, int] = field(default_factory=dict)  # edition -> the algorithm its first line names
    prints: dict[int, dict[int, str]] = field(default_factory=dict)  # edition -> version -> hash, every line
    shown: dict[int, dict[str, str | None]] = field(default_factory=dict)  # version 3's parts; None: gone
    # Published translations: language -> key -> (the edition it was published with, its hash, its line).
    texts: dict[str, dict[str, tuple[int, str, int]]] = field(default_factory=dict)

    def expected_facts(self, n: int) -> dict[str, str]:
        """Replay the fact lines up to edition ``n``: what edition ``n`` showed."""
        return _replay(self.facts, n)

    def expected_shown(self, n: int) -> dict[str, str]:
        """Replay the ``shown`` lines up to edition ``n``: the parts edition ``n`` showed."""
        return _replay(self.shown, n)


def _replay(lines: dict[int, dict[str, str | None]], n: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for k in sorted(e for e in lines if e <= n):
        for key, value in lines[k].items():
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
    """Lines: ``edition N sha256:H [vK]``, then ``fact KEY H [vK]`` / ``gone KEY [vK]`` for the
    facts it changed and ``shown KEY H v3`` / ``hidden KEY v3`` for the other parts it changed.
    A line without a version was written by version 1.

    An edition may have one more ``edition`` line of a newer version, after its first: the
    lock's upgrade (:func:`extend_lock`), followed by its ``shown`` lines only (the facts are
    the first line's).
    """
    lock = Lock()
    current: int | None = None
    upgrade = False  # under an upgrade line: no fact lines
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if parts[0] == "text":  # a published translation: ``text LANG N KEY HASH`` (see translation_lines)
            try:
                lang, n, key, digest = parts[1:]
                held = lock.texts.get(lang, {}).get(key)
                # A text is locked once, or again by a later edition that corrects its field.
                if str(int(n)) != n or int(n) not in lock.editions or (held is not None and held[0] >= int(n)):
                    raise ValueError
            except ValueError:
                raise LockError(number, f"not a lock line: {raw!r}") from None
            lock.texts.setdefault(lang, {})[key] = (int(n), digest, number)
            continue
        version = 1
        if len(parts) > 2 and parts[-1] in VERSIONS:
            version = VERSIONS[parts.pop()]
        try:
            if parts[0] == "edition" and len(parts) == 3 and parts[2].startswith("sha256:"):
                current = int(parts[1])
                if str(current) != parts[1] or version in lock.prints.get(current, {}):
                    raise ValueError
                upgrade = current in lock.editions
                if upgrade and version < max(lock.prints[current]):
                    raise ValueError  # an upgrade is to a newer version
                if not upgrade:
                    lock.editions[current] = parts[2]
                    lock.lines[current] = number
                    lock.versions[current] = version
                    lock.facts.setdefault(current, {})
                lock.prints.setdefault(current, {})[version] = parts[2]
            elif (
                parts[0] in ("fact", "gone")
                and current is not None
                and not upgrade
                and len(parts) == (3 if parts[0] == "fact" else 2)
            ):
                lock.facts[current][parts[1]] = parts[2] if parts[0] == "fact" else None
            elif (
                parts[0] in ("shown", "hidden")
                and current is not None
                and version >= 3
                and len(parts) == (3 if parts[0] == "shown" else 2)
            ):
                lock.shown.setdefault(current, {})[parts[1]] = parts[2] if parts[0] == "shown" else None
            else:
                raise ValueError
        except ValueError:
            raise LockError(number, f"not a lock line: {raw!r}") from None
    return lock


def edition_lines(
    report: Report,
    n: int,
    previous: dict[str, str],
    seed_metas: dict,
    registry: Registry | None = None,
    previous_shown: dict[str, str] | None = None,
    facts: bool = True,
) -> list[str]:
    """The lines that publish edition ``n``: its fingerprint, each fact it added, changed or
    removed (``facts``: not in an upgrade), and each other part it shows that it added,
    changed or removed since the edition before it (``previous``, ``previous_shown``)."""
    registry = registry or measures.builtin()
    tag = f"v{ALGORITHM}"
    out = [f"edition {n} {edition_fingerprint(report, n, seed_metas, registry=registry)} {tag}\n"]
    if facts:
        now = fact_prints(report, n)
        out += [f"fact {key} {now[key]} {tag}\n" for key in sorted(now) if previous.get(key) != now[key]]
        out += [f"gone {key} {tag}\n" for key in sorted(set(previous) - set(now))]
    before, parts = previous_shown or {}, shown_prints(report, n, seed_metas, registry)
    out += [f"shown {key} {parts[key]} {tag}\n" for key in sorted(parts) if before.get(key) != parts[key]]
    out += [f"hidden {key} {tag}\n" for key in sorted(set(before) - set(parts))]
    return out


def lock_text(
    report: Report, numbers: list[int], seed_metas: dict, reason: str | None = None, registry: Registry | None = None
) -> str:
    """A whole new lock for the given published editions, each listing only what it changed."""
    out = [LOCK_HEADER]
    if reason is not None:
        out.append(f"# publish --force: {' '.join(reason.split())}\n")
    previous: dict[str, str] = {}
    shown: dict[str, str] = {}
    for n in numbers:
        out += edition_lines(report, n, previous, seed_metas, registry, shown)
        previous = fact_prints(report, n)
        shown = shown_prints(report, n, seed_metas, registry or measures.builtin())
    return "".join(out)


def extend_lock(
    existing: str, report: Report, numbers: list[int], seed_metas: dict, registry: Registry | None = None
) -> str:
    """``existing`` unchanged, byte for byte, with the lines of the editions it does not hold yet.

    Editions it holds only with an older algorithm are upgraded once, after the new ones (so
    ``publish --undo`` of a new edition takes back the whole run): a comment saying so, and a
    line of the current algorithm for each, with its ``shown`` lines. They vouch for what the
    editions show now, which their older lines have just verified as far as those reach.
    """
    registry = registry or measures.builtin()
    lock = parse_lock(existing)
    out = existing if existing.endswith("\n") or not existing else existing + "\n"
    if not out:
        out = LOCK_HEADER
    before: dict[int, tuple[dict[str, str], dict[str, str]]] = {}  # n -> the facts and parts of the edition before
    previous: dict[str, str] = {}
    shown: dict[str, str] = {}
    for n in numbers:
        before[n] = (previous, shown)
        previous = fact_prints(report, n)
        shown = shown_prints(report, n, seed_metas, registry)
    for n in numbers:
        if n not in lock.editions:
            out += "".join(edition_lines(report, n, before[n][0], seed_metas, registry, before[n][1]))
    old = [n for n in numbers if n in lock.editions and ALGORITHM not in lock.prints[n]]
    if old:
        out += (
            f"# upgraded to fingerprint v{ALGORITHM} by `build.py publish` ({_numbers(old)}): it also covers "
            "the report's example flag, every field of an edition's entry (its overview too), the seeds' addresses "
            "and the project's measures\n"
        )
    for n in old:
        out += "".join(edition_lines(report, n, before[n][0], seed_metas, registry, before[n][1], facts=False))
    return out


def _numbers(numbers: list[int]) -> str:
    return f"edition {numbers[0]}" if len(numbers) == 1 else "editions " + ", ".join(map(str, numbers))


def locked_lines(text: str) -> list[str]:
    """A lock's lines that say something (no comments, no blank lines), as written."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def matches(lock: Lock, report: Report, n: int, seed_metas: dict, registry: Registry | None = None) -> bool:
    """Whether every line of edition ``n`` in ``lock`` (each checked with its own algorithm) still holds."""
    return n <= len(report.meta.editions) and all(
        edition_fingerprint(report, n, seed_metas, version, registry) == digest
        for version, digest in sorted(lock.prints.get(n, {}).items())
    )


def mismatched(text: str, report: Report, seed_metas: dict, registry: Registry | None = None) -> list[int]:
    """The editions whose lines in ``text`` the facts no longer give."""
    lock = parse_lock(text)
    return [n for n in sorted(lock.editions) if not matches(lock, report, n, seed_metas, registry)]


# --------------------------------------------------------------------------- translations
#
# A translation is locked apart from the editions' fingerprints, one line per text:
# ``text LANG N KEY HASH``, the text's hash as published with edition N. The editions' own lines
# (every version) never cover translations, so a translation added to a report whose editions
# are published leaves their lines verifying as before, and is itself locked by the next
# ``publish``. A locked text changes only with ``publish --force --reason``, which rewrites the lock.


def text_print(language: str, key: str, text: str) -> str:
    return _digest({"language": language, "key": key, "text": text})[:16]


def translatable_at(report: Report, n: int) -> set[str]:
    """The keys of the texts edition ``n`` shows: the title, its own entry and earlier ones, its facts."""
    state = state_at(report, n)
    keys = set(translations.originals(state))
    return {k for k in keys if not k.startswith("editions/") or int(k.split("/")[1]) <= n}


def corrected_after(report: Report, key: str, n: int) -> int | None:
    """The newest edition after ``n`` whose correction changes the fact field ``key`` names: its
    translation may then change too, and is locked again with that edition. None if there is none."""
    section, _, rest = key.partition("/")
    item, _, name = rest.partition("/")
    if section not in SECTIONS or not name:
        return None
    fact = next((f for f in getattr(report, section) if f.id == item), None)
    later = [c.edition for c in (fact.corrections if fact is not None else ()) if c.field == name and c.edition > n]
    return max(later) if later else None


def translation_lines(lock: Lock, report: Report, n: int) -> str:
    """The lines that publish, with edition ``n``, each translated text it shows that ``lock`` does not
    hold yet, or holds as it was before a correction edition ``n`` shows (a comment before each
    language's lines says which); "" when there is none."""
    shown = translatable_at(report, n)
    out = []
    for t in sorted(report.translations, key=lambda t: t.language):
        held = lock.texts.get(t.language, {})
        keys = [
            k
            for k in translations.originals(report)
            if k in t.texts and k in shown and _to_lock(report, t.language, k, t.texts[k], held.get(k), n)
        ]
        if keys:
            out.append(f"# the translation into {t.language} published with edition {n}\n")
            out += [f"text {t.language} {n} {k} {text_print(t.language, k, t.texts[k])}\n" for k in keys]
    return "".join(out)


def _to_lock(report: Report, language: str, key: str, text: str, held: tuple[int, str, int] | None, n: int) -> bool:
    """Whether edition ``n`` locks this text: never locked yet, or changed after a correction ``n`` shows."""
    if held is None:
        return True
    corrected = corrected_after(report, key, held[0])
    return corrected is not None and corrected <= n and text_print(language, key, text) != held[1]


def translation_changes(lock: Lock, report: Report) -> list[tuple[str, str, int, bool]]:
    """Published translations the files no longer give: (language, key, edition, removed)."""
    now = {t.language: t for t in report.translations}
    out = []
    for lang in sorted(lock.texts):
        for key, (n, digest, _line) in sorted(lock.texts[lang].items(), key=lambda kv: kv[1][2]):
            text = now[lang].texts.get(key) if lang in now else None
            if text is None:
                out.append((lang, key, n, True))
            elif text_print(lang, key, text) != digest and corrected_after(report, key, n) is None:
                out.append((lang, key, n, False))  # (a correction of its field since lets it follow)
    return out
