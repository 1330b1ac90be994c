"""The outputs made per report (its downloads, citations and feed): :class:`~sitrep.outputs.base.ReportOutput`
generators, run by :mod:`sitrep.outputs.render` with each report's pages.

Adding one is one new module in this package and one line in :data:`REPORT_OUTPUTS`.
"""

from __future__ import annotations

from typing import Any

from sitrep.outputs import citations, editiondata, reportfeed
from sitrep.outputs.base import ReportOutput, claim

REPORT_OUTPUTS: list[ReportOutput] = [
    editiondata.OUTPUT,  # each edition's data: CSV per kind of fact, JSON, GeoJSON, Data Package
    citations.OUTPUT,  # each edition's citation as BibTeX and CSL-JSON
    reportfeed.OUTPUT,  # the report's Atom feed of new editions
]


def per_report() -> list[ReportOutput]:
    return REPORT_OUTPUTS


def report_files(view: Any, settings: Any, scope: str) -> dict[str, dict[str, bytes]]:
    """Each ``scope`` per-report output's files for ``view``, by output name, checked against what
    each declares and against each other."""
    made: dict[str, dict[str, bytes]] = {}
    owner: dict[str, str] = {}
    for out in per_report():
        if out.scope != scope:
            continue
        files = out.generate(view, settings)
        claim(out.name, out.writes, files, owner)
        made[out.name] = files
    return made
