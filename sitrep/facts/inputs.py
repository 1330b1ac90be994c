"""Every input a build reads from a project, in one list, and what of it reaches an edition.

The cache keys (:mod:`sitrep.cache.keys`), the revision export of ``build.py diff``
(:mod:`sitrep.review.revisions`), the files ``serve`` watches and the check for links out of
the project (:func:`sitrep.facts.load.links_out`) all read :data:`PROJECT`, so none of them can
miss an input the others know: a new input is one more line here.

What of these inputs a published edition shows is split in two:

* :data:`FINGERPRINTED`: what an edition says (its facts, its entry, the report's words,
  the seeds it cites, the project's measures its figures use). It is in the edition's
  fingerprint (:mod:`sitrep.facts.editions`), so a change to it is refused once published;
* :data:`PRESENTATION`: how every edition is shown (templates, settings, sitrep's own code
  and built-in words). It changes all editions alike, by design, and is in the cache keys only.

Every output declares which of these it reads (``inputs`` in :mod:`sitrep.outputs`); a test
fails when one reads something in neither list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Input:
    """A file or folder of the project (``path`` relative to its root) that a build reads."""

    path: str
    folder: bool
    optional: bool  # a project may do without it (measures.yaml, releases/)
    exported: bool  # part of a revision exported by ``diff`` (everything but the built releases)
    scope: str  # which cache key holds it (see KEYED)
    what: str
    only: str = ""  # under a folder, only the files matching this pattern are read ("" every file)


# Which cache key holds an input (sitrep.cache.keys): the whole build's key holds them all.
KEYED = {
    "report": "each report's own key (its folder's files)",
    "seed": "each seed's own key (its two files), and the keys of the reports that list it",
    "every report": "the code key, which every report's and seed's key is made from",
    "settings": "the code key, through the settings' digest (mkdocs.yml also keys every page's HTML)",
    "site": "the whole build's key only",
}


PROJECT: tuple[Input, ...] = (
    Input("reports", True, False, True, "report", "each report's report.yaml, its fact files and its editions.lock"),
    Input("seeds", True, False, True, "seed", "the seed articles (seeds/<id>.txt) and their metadata (.yaml)"),
    Input("measures.yaml", False, True, True, "every report", "the project's own measures and units"),
    Input("templates", True, False, True, "every report", "the page templates, theme overrides and static assets"),
    Input(
        "locale", True, True, True, "every report", "the interface words of the site's other languages (.po catalogues)"
    ),
    Input("mkdocs.yml", False, False, True, "settings", "the site's settings: name, address, publisher, licence"),
    Input("releases", True, True, False, "site", "site releases, built once: read for their stamps", "*/.release.json"),
)

MEASURES = "measures.yaml"  # the project's measures file (sitrep.facts.measures reads it)
I18N_FOLDER = "i18n"  # reports/<id>/i18n/<language>.yaml: a report's words in other languages


def paths(exported_only: bool = False) -> list[str]:
    """The inputs' paths, in :data:`PROJECT` order."""
    return [i.path for i in PROJECT if i.exported or not exported_only]


# What outputs may read, by name: each is part of an input above. An edition's fingerprint
# covers the first group; the second changes every edition alike.
FINGERPRINTED: dict[str, str] = {
    "facts": "reports/<id>/<kind>.yaml: the facts an edition shows, as it showed them (corrections undone)",
    "report": "reports/<id>/report.yaml: the report's fields an edition shows (title, summary, example flag)",
    "edition": "reports/<id>/report.yaml: the edition's own entry, every field but draft",
    "notes": "reports/<id>/report.yaml: the discrepancy notes about figures the edition shows",
    "seeds": "seeds/<id>.yaml: what is shown of each seed the edition's facts cite, its address included",
    "measures": "measures.yaml: the project's measures the edition's figures use (label, unit, HXL hashtag)",
}
PRESENTATION: dict[str, str] = {
    "settings": "mkdocs.yml: the site's name and address, the publisher, the licence",
    "templates": "templates/: the page templates and static assets",
    "locale": "locale/<lang>/LC_MESSAGES/messages.po: the interface words in each other language of the site",
    "code": "sitrep itself: its built-in measures and words, fonts, map data, and the libraries' versions",
    "editions": "reports/<id>/report.yaml: the list of the report's other editions (their number, date, headline)",
}
READABLE = {**FINGERPRINTED, **PRESENTATION}

# The input each readable part is in (a test checks that each is in PROJECT or sitrep's code).
SOURCE: dict[str, str] = {
    "facts": "reports",
    "report": "reports",
    "edition": "reports",
    "notes": "reports",
    "editions": "reports",
    "seeds": "seeds",
    "measures": "measures.yaml",
    "settings": "mkdocs.yml",
    "templates": "templates",
    "locale": "locale",
    "code": "",  # not the project's: the package and the installed libraries
}

# report.yaml's fields that no edition shows, so the fingerprint leaves them out: every other
# field (a field added later too) is in it.
REPORT_NOT_SHOWN: dict[str, str] = {
    "id": "the report's folder and address: it cannot change without moving the report",
    "seeds": "the list of seeds read; the seeds an edition cites are fingerprinted with their metadata",
    "coverage": "the writer's to-do setting (how strict `check` is); shown nowhere",
    "exclusions": "the writer's to-do list (passages not recorded as facts, with why); shown nowhere",
    "editions": "each edition's own entry is fingerprinted for that edition (key 'edition')",
    "discrepancies": "the notes an edition shows are fingerprinted with it (key 'notes')",
}
# A seed's metadata shown by an edition (sources list, data package, JSON-LD); ``note`` is the
# editor's and shown nowhere.
SEED_NOT_SHOWN: dict[str, str] = {"note": "an editor's note about the article, shown nowhere"}
# What an edition shows of a project measure (a built-in one is sitrep's code, like its templates).
MEASURE_SHOWN = (
    "label",
    "unit",
    "unit_label",
    "whole",
    "negative",
    "additive",
    "hxl",
    "written",
    "planned_hxl",
    "rank",
)
