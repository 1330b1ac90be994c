"""What a report page offers besides its text (issue 18, data out): the edition's downloads
(:mod:`sitrep.outputs.dataout`), its citation and JSON-LD (:mod:`sitrep.outputs.metadata`), its feed
(:mod:`sitrep.outputs.feeds`) and the key chart as PNG for social previews. ``render`` asks for
them once per edition and hands them to the page template as ``out``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.drawing.charts import Chart
from sitrep.outputs import dataindex, dataout, digest, feeds, metadata
from sitrep.outputs.filters import Raw
from sitrep.outputs.words import ENGLISH, Words
from sitrep.site.settings import Settings


@dataclass
class Outputs:
    """What a report page links to besides itself: its downloads, feed, preview image and citation."""

    files: dict[str, bytes]  # the edition's downloads, by name (in the page's data/ folder)
    preview: Chart | None  # the key chart as PNG, for social previews
    feed: str | None  # the report's feed, a site path (none for an example report)
    jsonld: str
    cite: metadata.Citation
    base: str  # the page's folder, a site path: the downloads are in its data/ folder
    words: Words = ENGLISH  # the page's language's

    def titles(self) -> list[tuple[str, str]]:
        """(file name, what it holds) of each download, in the order the page lists them, in the page's words."""
        return [(name, dataout.describe(name, self.words)) for name in self.files]

    def fenced(self, text: str, lang: str) -> str:
        return Raw(metadata.fenced(text, lang))

    def size(self, name: str, words: Words = ENGLISH) -> str:
        """A download's size in the page's language: "706 bytes", "12 kB"."""
        n = len(self.files[name])
        if n < 10_000:
            return words.gettext("%(n)s bytes") % {"n": f"{n:,}"}
        return words.gettext("%(n)s kB") % {"n": f"{n / 1000:,.0f}"}


def outputs(view, conf: Settings, made: dict[str, dict[str, bytes]]) -> Outputs:
    """The downloads and metadata of one page: ``made`` holds the files of the edition's
    per-report outputs (:func:`sitrep.outputs.perreport.report_files`), by output name."""
    cite = metadata.citation(view, conf)
    data = {}
    for files in made.values():  # every edition-scope output writes into the edition's data/ folder
        data.update({path.removeprefix("data/"): content for path, content in files.items()})
    dataset = [p.removeprefix("data/") for p in made.get("edition-data", {})]  # the Dataset's files, in JSON-LD
    key_chart = next(iter(view.charts.values()), None)
    preview = key_chart.as_png() if key_chart else None
    # Each language's charts are its own files, under its own folder (the page's preview too).
    where = next((lang.path for lang in conf.languages if lang.code == view.language), "")
    folder = f"{where}reports/{view.report.meta.id}/charts/"
    image = conf.url(folder + preview.filename) if preview else None
    feed = None if view.report.meta.example else feeds.report_feed_path(view.report.meta.id)
    ld = metadata.script_json(metadata.jsonld(view, conf, dataset, image))
    base = f"reports/{view.report.meta.id}/" + ("" if view.stable else f"editions/{view.number}/")
    return Outputs(data, preview, feed, ld, cite, base, view.words)


def index_data(view, conf: Settings) -> tuple[str, str]:
    """A report's share of the site's data index (key figures, current values), as plain data its
    cache entry keeps."""
    return dataindex.entry_rows(view, conf), dataindex.entry_current(view)


def feed_items(view) -> tuple[tuple[str, ...], ...]:
    """A report's published editions as the site's feed lists them, in the words of the page ``view``
    (its language's: the report's translation where it has one, the corrections told in its words)."""
    full = view.full
    notes = digest.feed_notes(full, view.registry, view.words)
    return tuple(i.cached() for i in feeds.report_items(full, notes))
