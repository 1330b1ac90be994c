"""The about page."""

from __future__ import annotations

from pathlib import Path

from sitrep.outputs import filters
from sitrep.outputs.base import Output


class About(Output):
    name = "about"
    version = 1
    reads = "templates/about.md.j2 and the site's settings"
    inputs = ("templates", "settings", "locale")
    writes = ("about.md",)
    escaping = (filters.md,)
    code = ()
    translated = True

    def key(self, ctx) -> None:
        return None  # cheap: made on every build

    def generate(self, ctx) -> dict[str, bytes | Path]:
        return {"about.md": ctx.env.get_template("about.md.j2").render().encode()}


OUTPUT = About()
