"""Each edition's citation, as BibTeX and CSL-JSON files beside its data
(:func:`sitrep.outputs.metadata.citation`; the page shows the same text), in the page's language:
the report's title as the page gives it, the page's address, and in another language of the site
than the first, that language (BibLaTeX's ``langid``, CSL's ``language``)."""

from __future__ import annotations

import json

from sitrep.outputs import metadata
from sitrep.outputs.base import ReportOutput


class Citations(ReportOutput):
    name = "citations"
    scope = "edition"
    reads = "the report's title, the edition's number and time, and the publisher's settings"
    inputs = ("report", "edition", "settings")
    writes = ("data/cite.bib", "data/cite.csl.json")
    escaping = (metadata.bibtex_text, json.dumps)

    def generate(self, view, settings) -> dict[str, bytes]:
        cite = metadata.citation(view, settings)
        return {"data/cite.bib": cite.bibtex.encode(), "data/cite.csl.json": cite.csl.encode()}


OUTPUT = Citations()
