"""Each edition's data (issue 18, data out): a CSV per kind of fact and per chart, the whole
edition as JSON, its places as GeoJSON and a Data Package describing them, in the edition's
``data/`` folder (:func:`sitrep.outputs.dataout.edition_files`). The view is the facts as written,
with the page's words (``view.words``): a CSV's human header row and the package's descriptions
are in the page's language, the rows the same in every language (issue 28)."""

from __future__ import annotations

from sitrep.outputs import changetable, current, dataout
from sitrep.outputs.base import ReportOutput
from sitrep.site.settings import Settings


def files(view, settings: Settings) -> dict[str, bytes]:
    """The edition's downloads by file name: the tables of its facts, its current values, ..."""
    extra = {"current": current.current_table(view), "changes": changetable.change_table(view)}
    return dataout.edition_files(view, settings, extra)


class EditionData(ReportOutput):
    name = "edition-data"
    scope = "edition"
    reads = "the edition's facts, the seeds they cite, the measures and the publisher's settings"
    inputs = ("facts", "report", "edition", "notes", "seeds", "measures", "settings")
    writes = ("data/*.csv", "data/edition.json", "data/places.geojson", "data/datapackage.json")
    escaping = (dataout.guard, dataout.dumps)  # CSV cells guarded against formulas; JSON written by one encoder

    def generate(self, view, settings) -> dict[str, bytes]:
        return {f"data/{name}": data for name, data in files(view, settings).items()}


OUTPUT = EditionData()
