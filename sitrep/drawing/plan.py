"""A chart described before it is drawn: its words, its data as rows, and the *plan* (plain
data) that :mod:`sitrep.drawing.charts` or :mod:`sitrep.drawing.maps` draws it from. Its key
(:func:`sitrep.cache.keys.chart`) names its file, so a page links to it before it exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from sitrep.cache import keys


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str  # the text alternative: what the chart shows, in one or two sentences
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: str  # which drawing function
    plan: str  # JSON: all the drawing needs
    source: str = ""  # the source line printed under the chart
    format: str = "svg"  # or "png": the same chart as a bitmap, for social previews (og:image)
    note: str = ""  # a sentence printed under the chart: what it leaves out, as the locator map's unplaced places

    @property
    def key(self) -> str:
        return keys.chart(self)

    @property
    def filename(self) -> str:
        """Content-addressed: a changed chart gets a new name, an unchanged one keeps it."""
        return f"{self.id}-{self.key[:12]}.{self.format}"

    def as_png(self) -> Chart:
        return replace(self, format="png")


def _plan(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
