"""The templates' static assets (stylesheets, scripts, images), copied as they are."""

from __future__ import annotations

from pathlib import Path

from sitrep.outputs.base import Output


class Assets(Output):
    name = "assets"
    version = 1
    reads = "every file under templates/assets/"
    inputs = ("templates",)
    writes = ("assets/*",)
    escaping = ()  # the project's own files, not fact text
    code = ()

    def key(self, ctx) -> None:
        return None  # copied on every build

    def generate(self, ctx) -> dict[str, bytes | Path]:
        folder = ctx.root / "templates" / "assets"
        return {
            f"assets/{asset.relative_to(folder).as_posix()}": ctx.read(asset)
            for asset in sorted(folder.rglob("*"))
            if asset.is_file()
        }


OUTPUT = Assets()
