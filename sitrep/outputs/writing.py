"""The "Writing reports" page: every fact file's fields and the measures (:mod:`sitrep.outputs.reference`)."""

from __future__ import annotations

from pathlib import Path

from sitrep.outputs import filters, render
from sitrep.outputs.base import Output


class Writing(Output):
    name = "writing"
    version = 1
    reads = "templates/writing.md.j2, the model's schemas and the measures registry"
    inputs = ("templates", "measures", "code", "locale")
    writes = ("writing.md",)
    escaping = (filters.md,)
    code = ()
    translated = True

    def key(self, ctx) -> None:
        return None  # cheap: made on every build

    def generate(self, ctx) -> dict[str, bytes | Path]:
        return {"writing.md": render.render_writing(ctx.env).encode()}


OUTPUT = Writing()
