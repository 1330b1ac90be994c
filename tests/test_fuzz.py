"""Property-based: random and mutated fact files and seeds end in a clean result or clean errors.

The only allowed outcomes of ``check`` are success or :class:`FactsError` whose every
line reads ``file:line:col: field: message``; never another exception, never a hang.
When the facts pass, the pages must render too. ``make test`` runs a few hundred
cases; ``make fuzz`` (HYPOTHESIS_PROFILE=fuzz) runs tens of thousands.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import pipeline
from sitrep.errors import FactsError

from .conftest import FORMS, REPORT, SEED, copy_project

pytestmark = pytest.mark.slow  # hundreds of checks and renders; `make fuzz` runs thousands
settings.register_profile("default", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("fuzz", max_examples=3400, deadline=None)  # 3 tests: 10,200 cases
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

LINE = re.compile(r"^[^:\n]+:[1-9]\d*:[1-9]\d*: [^:\n]+: \S.*$")
FILES = ["report", "sources", "places", "actors", "figures", "events", "statements", "impacts", "media"]
PROJECT = Path("/nonexistent")  # the module's private project, made by _project and removed after its tests
ORIGINAL: dict[Path, bytes] = {}
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["NO", "on", "1:20", "~", "2025-02-30", "-1", "1e9", "<script>", "{{ x }}", "", "0x10", "true"]),
)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 10**9), TEXTS),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXTS, inner, max_size=3)),
    max_leaves=6,
)


@pytest.fixture(scope="module", autouse=True)
def _project():
    """One project for every case of the module (Hypothesis runs hundreds), removed afterwards."""
    global PROJECT
    with tempfile.TemporaryDirectory(prefix="sitrep-fuzz-") as tmp:
        PROJECT = copy_project(Path(tmp) / "p")
        ORIGINAL.clear()
        ORIGINAL.update({p: p.read_bytes() for p in [*(PROJECT / REPORT).iterdir(), PROJECT / SEED] if p.is_file()})
        yield
        ORIGINAL.clear()


def outcome() -> None:
    """Check (and render, when valid) the project; fail on anything but clean results."""
    try:
        pipeline.assemble(PROJECT)  # the build's own path, up to the site step
    except FactsError as exc:
        assert exc.diagnostics, "an error with no diagnostics"
        for d in exc.diagnostics:
            assert LINE.match(str(d)), str(d)


def restore() -> None:
    for path, data in ORIGINAL.items():
        path.write_bytes(data)
    for path in (PROJECT / REPORT).iterdir():
        if path not in ORIGINAL:
            path.unlink() if path.is_file() else shutil.rmtree(path)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(FILES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.binary(max_size=4)), min_size=1, max_size=4),
)
def test_byte_mutations(name: str, edits: list[tuple[float, int, bytes]]) -> None:
    """Random bytes inserted, deleted or overwritten anywhere in one fact file."""
    path = PROJECT / REPORT / f"{name}.yaml"
    data = bytearray(ORIGINAL[path])
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    path.write_bytes(bytes(data))
    try:
        outcome()
    finally:
        restore()


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(FILES), pick=st.floats(0, 1), action=st.sampled_from(["set", "delete", "rename"]), value=VALUES
)
def test_structured_mutations(name: str, pick: float, action: str, value) -> None:
    """One value replaced, one key deleted or renamed, at a random place in the tree."""
    path = PROJECT / REPORT / f"{name}.yaml"
    data = yaml.load(ORIGINAL[path], Loader=yaml.BaseLoader)  # every scalar a string, as our loader reads it
    paths = list(_paths(data))[1:]
    target = paths[int(pick * (len(paths) - 1))]
    parent = data
    for p in target[:-1]:
        parent = parent[p]
    key = target[-1]
    if action == "set":
        parent[key] = value
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[f"{key}x"] = parent.pop(key)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        outcome()
    finally:
        restore()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(where=st.floats(0, 1), insert=st.binary(min_size=1, max_size=3))
def test_seed_mutations(where: float, insert: bytes) -> None:
    path = PROJECT / SEED
    data = bytearray(ORIGINAL[path])
    at = int(where * len(data))
    data[at : at + 1] = insert
    path.write_bytes(bytes(data))
    try:
        outcome()
    finally:
        restore()


def test_the_unmutated_project_passes() -> None:
    outcome()
    pipeline.check(PROJECT, strict=True)


# --------------------------------------------------------------------------- the forms fixture: amounts and times

FORMS_PROJECT = copy_project(Path(tempfile.mkdtemp(prefix="sitrep-fuzz-forms-")) / "p", FORMS)
FORMS_REPORT = FORMS_PROJECT / "reports" / "marrow-floods-2026-04"
FORMS_ORIGINAL = {p: p.read_bytes() for p in [*FORMS_REPORT.iterdir(), FORMS_PROJECT / "measures.yaml"] if p.is_file()}
ODD = "$ | US$ | 12% | 12 per cent | minus | minus 4 | 2.3 million | -0 | 1e400 | $12% | 23:60 | 24:00 | +04:00"
ODD += " | +15:00 | UTC | GMT | 1,00 | 1,000.5 | 0.0001 | 12 furlongs | nan | 999999999999999999999999"
AMOUNTS = st.one_of(TEXTS, st.sampled_from(ODD.split(" | ")))


def forms_outcome() -> None:
    try:
        pipeline.assemble(FORMS_PROJECT)  # the build's own path, up to the site step
    except FactsError as exc:
        assert exc.diagnostics, "an error with no diagnostics"
        for d in exc.diagnostics:
            assert LINE.match(str(d)), str(d)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=min(settings().max_examples, 60))
@given(name=st.sampled_from(["figures", "events", "places", "measures"]), pick=st.floats(0, 1), value=AMOUNTS)
def test_amount_and_time_mutations(name: str, pick: float, value: str) -> None:
    """A scalar of the forms fixture (values, shares, durations, times, zones, P-codes, measures) replaced."""
    path = FORMS_PROJECT / "measures.yaml" if name == "measures" else FORMS_REPORT / f"{name}.yaml"
    data = yaml.load(FORMS_ORIGINAL[path], Loader=yaml.BaseLoader)
    scalars = [p for p in _paths(data) if p and not isinstance(_at(data, p), (dict, list))]
    target = scalars[int(pick * (len(scalars) - 1))]
    _at(data, target[:-1])[target[-1]] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        forms_outcome()
    finally:
        for p, original in FORMS_ORIGINAL.items():
            p.write_bytes(original)


def _at(data, path):
    for p in path:
        data = data[p]
    return data


def test_the_unmutated_forms_fixture_passes() -> None:
    forms_outcome()
    pipeline.check(FORMS_PROJECT, strict=True)
