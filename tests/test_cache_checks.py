"""How much a build checks a cached file before reusing it (sitrep/cache/cachefiles.py, "How much is checked").

A build without a stamp of the previous build of its site checks every reused file's bytes;
one that follows a recorded build trusts a file whose identity (inode, size, modification
time) is the one recorded, and checks the bytes of any other. Whole builds: tests/test_damaged_cache.py
(no stamp: an edit in place that keeps size and time is caught) and tests/test_incremental.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitrep.cache import cachefiles, memo


def edit_in_place(path: Path, data: bytes) -> None:
    """New bytes of the same size, the old times given back: the identity stays."""
    st = path.stat()
    assert len(data) == st.st_size
    with open(path, "r+b") as f:
        f.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_file_is_verified_by_its_bytes_unless_the_build_trusts_identities(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    kept = cachefiles.write(path, b"<p>kept</p>")
    digest = cachefiles.sha256_file(path)
    assert cachefiles.content_checked()  # the default: every byte checked
    assert cachefiles.verified(path, kept, digest)
    edit_in_place(path, b"<p>KEPT</p>")
    assert cachefiles.identity(path) == kept
    assert not cachefiles.verified(path, kept, digest)
    with cachefiles.checking(content=False):
        assert cachefiles.verified(path, kept, digest)  # same identity: trusted
        path.write_bytes(b"<p>other size</p>")
        assert not cachefiles.verified(path, kept, digest)  # another identity: never
    assert cachefiles.content_checked()


def test_stored_markdown_is_rehashed_when_its_identity_changed(tmp_path: Path) -> None:
    store = memo.Memo(tmp_path / "cache")
    digest = store.keep_markdown(b"# Page\n")
    store.keep_output("k" * 64, {"index.md": b"# Page\n"})
    store.commit()  # the files' identities are kept with them
    path = store.markdown(digest)
    with cachefiles.checking(content=False):
        assert memo.Memo(tmp_path / "cache").output("k" * 64) == {"index.md": path}
        path.write_bytes(b"# Other page\n")  # another size: hashed again, and refused
        assert memo.Memo(tmp_path / "cache").output("k" * 64) is None
    path.write_bytes(b"# Page\n")
    fresh = memo.Memo(tmp_path / "cache")
    with cachefiles.checking(content=False):
        assert fresh.output("k" * 64) == {"index.md": path}  # hashed: right again, its new identity noted
    fresh.commit()
    edit_in_place(path, b"# Pagf\n")
    with cachefiles.checking(content=False):  # an edit that keeps the identity: only the bytes tell...
        assert memo.Memo(tmp_path / "cache").output("k" * 64) == {"index.md": path}
    assert memo.Memo(tmp_path / "cache").output("k" * 64) is None  # ...which a build without a stamp checks


def test_a_language_pass_keys_its_pages_by_its_words_not_by_when_they_were_compiled() -> None:
    """The catalogue's header holds the time it was compiled: a page key that took it in made
    every page of the language new on every build (each one rendered again)."""
    from babel.support import Translations

    from sitrep.site import mkdocs_boundary

    def words(compiled: str, plural: str = "nplurals=2; plural=(n != 1);", text: str = "بحث") -> Translations:
        out = Translations()
        header = f"POT-Creation-Date: {compiled}\nLanguage: ar\nPlural-Forms: {plural}\n"
        out._catalog = {"": header, "Search": text}
        return out

    key = mkdocs_boundary._words_key
    assert key(words("2026-12-07 03:27+0000")) == key(words("2026-12-07 03:28+0000"))
    assert key(words("2026-12-07 03:27+0000")) != key(words("2026-12-07 03:27+0000", text="ابحث"))
    assert key(words("x")) != key(words("x", plural="nplurals=6; plural=(n==0 ? 0 : 5);"))
