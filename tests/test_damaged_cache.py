"""A damaged cache is never trusted: every kind of entry in ``.cache``, damaged every way,
gives the very site a clean build gives, never a traceback.

The ways: emptied, truncated, random bytes, data of the wrong shape (plain, and sealed
with a valid digest), and edited in place with its old modification time given back.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.cache import cachefiles

from .conftest import copy_project

pytestmark = pytest.mark.slow

# Each kind of file a build keeps in .cache, by where it lies.
KINDS = {
    "reports": "reports/*/*",
    "seeds": "seeds/*/*",
    "markdown": "md/*/*.md",
    "markdown-identities": "md/index.json",
    "charts-index": "charts/index.json",
    "charts": "charts/*/*.svg",
    "html-entries": "html/*/*.json",
    "html-pages": "html/*/*.html",
    "digests": "digests.json",
    "jinja-bytecode": "jinja/*",
    "no-change-stamp": "build-stamp.json",
}


def _empty(data: bytes, rng: random.Random) -> bytes:
    return b""


def _truncated(data: bytes, rng: random.Random) -> bytes:
    return data[: len(data) // 2]


def _random(data: bytes, rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(max(16, len(data))))


def _wrong_shape(data: bytes, rng: random.Random) -> bytes:
    return json.dumps({"files": [1], "derived": 2, "payload": {"pages": 3}, "links": None, "a": [1, 2]}).encode()


def _sealed_wrong_shape(data: bytes, rng: random.Random) -> bytes:
    """A well-formed entry with a valid digest whose payload has another shape: the schema check's job."""
    try:
        kind = json.loads(data)["kind"]
    except (ValueError, KeyError, TypeError):
        kind = "sitrep-unknown"
    return cachefiles.seal(kind, {"pages": {"index.md": 1}, "files": [], "derived": 7, "links": [None]})


def _edited(data: bytes, rng: random.Random) -> bytes:
    """One byte changed, the size kept (the file's old times are given back by :func:`damage`)."""
    if not data:
        return b"x"
    at = len(data) // 2
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


WAYS = [_empty, _truncated, _random, _wrong_shape, _sealed_wrong_shape, _edited]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def damage(path: Path, way, rng: random.Random) -> None:
    st = path.stat()
    data = path.read_bytes()
    with open(path, "r+b") as f:  # in place: the same inode, as an edit through a hard link would be
        f.truncate(0)
        f.write(way(data, rng))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = copy_project(tmp_path_factory.mktemp("clean") / "p")
    pipeline.build(root, root / "site", strict=True)
    return tree(root / "site")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_damaged_cache_kind_gives_the_clean_site(kind: str, tmp_path: Path, reference: dict[str, bytes]) -> None:
    root = copy_project(tmp_path / "p")
    pipeline.build(root, root / "site", strict=True)
    rng = random.Random(kind)
    for way in WAYS:
        files = sorted((root / ".cache").glob(KINDS[kind]))
        assert files, f"no {kind} entries to damage: the test no longer matches the cache's layout"
        for path in files:
            damage(path, way, rng)
        if kind != "no-change-stamp":
            (root / ".cache/build-stamp.json").unlink(missing_ok=True)  # so the build runs and reads the caches
        pipeline.build(root, root / "site", strict=True)  # no traceback...
        got = tree(root / "site")
        differ = sorted(k for k in set(got) | set(reference) if got.get(k) != reference.get(k))
        assert differ == [], f"{kind} damaged ({way.__name__}): these site files differ from a clean build"


def test_a_crafted_pickle_in_the_report_cache_is_never_loaded(tmp_path: Path, reference: dict[str, bytes]) -> None:
    """The report cache is JSON: a pickle that would run code on loading is just a damaged entry."""
    import pickle

    root = copy_project(tmp_path / "p")
    pipeline.build(root, root / "site", strict=True)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (shutil.copyfile, (str(root / "mkdocs.yml"), str(marker)))

    for entry in (root / ".cache/reports").glob("*/*"):
        entry.write_bytes(pickle.dumps(Payload()))
    (root / ".cache/build-stamp.json").unlink()
    pipeline.build(root, root / "site", strict=True)
    assert not marker.exists()
    assert tree(root / "site") == reference
