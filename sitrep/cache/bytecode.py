"""Compiled Jinja templates kept across builds (``.cache/jinja``), so a build compiles only the
templates that changed: the theme's (mkdocs' pass) and the pages' (sitrep.outputs.render).

Each file holds the sha256 of its bytecode, then the bytecode. Bytecode is loaded with marshal,
which trusts its input (damaged bytes can crash the interpreter): a file whose digest does not
match, or that is not ours, is ignored and the template compiled again. Best effort, as every
cache here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import jinja2.bccache

from sitrep.cache import cachefiles


class Bytecode(jinja2.BytecodeCache):
    """``salt`` names the environment: Jinja keys bytecode by template and source only, but its
    options (``trim_blocks``, ...) shape the code, so environments set up differently keep theirs apart."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = f"{salt}\0{jinja2.__version__}"

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        name = hashlib.sha256(f"{self.salt}\0{bucket.key}".encode()).hexdigest()
        return self.folder / f"{name}.bc"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        digest, newline, body = data.partition(b"\n")
        if newline and digest == hashlib.sha256(body).hexdigest().encode():
            bucket.bytecode_from_string(body)  # jinja checks its own magic and the source's checksum too

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = bucket.bytecode_to_string()
        cachefiles.write(self._path(bucket), hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def kept_in(folder: Path | None, salt: str) -> jinja2.BytecodeCache | None:
    """The bytecode cache in ``folder``, or None (no folder, or it cannot be made: compile every time)."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Bytecode(folder, salt)
