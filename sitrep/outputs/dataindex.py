"""The site-wide data index: every report's latest key figures as one CSV and one JSON,
with their data package (the example of a registered output, :mod:`sitrep.outputs`).

Merged from what each report's cached index entry holds (its key-figure rows, plain
strings made by :func:`entry_rows` while the report is rendered), as the search index is
fed from each page's stored fragment: an unchanged report is not rendered again
for it. Example reports (``example: true``) are left out.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from sitrep.outputs import current
from sitrep.outputs.base import Output
from sitrep.outputs.dataout import Column, Table, cell, dumps, edition_path, figure_columns, guard, licence, value_of
from sitrep.outputs.words import ENGLISH, N_, Words
from sitrep.site.settings import Settings

INDEX_CSV = "data/key-figures.csv"
INDEX_JSON = "data/key-figures.json"
INDEX_PACKAGE = "data/datapackage.json"
CURRENT_CSV = "data/current-values.csv"

REPORT_COLUMNS = [
    Column(N_("Report id"), "report", "string", "#meta+report+code", "", None),
    Column(N_("Report"), "report_title", "string", "#meta+report", "", None),
    Column(N_("Edition"), "edition", "integer", "#meta+edition", N_("the latest published edition"), None),
    Column(N_("Edition published"), "edition_published", "string", "#date+published", N_("with its UTC offset"), None),
    Column(N_("Edition URL"), "edition_url", "string", "#meta+url", N_("the edition's permanent page"), None),
]


def entry_rows(view, settings: Settings) -> str:
    """A report's rows of the data index (its key figures, and the other side of any discrepancy), as
    JSON text: plain data the report cache can keep."""
    if view.edition.draft:
        return "[]"
    meta = view.report.meta
    e = view.edition
    head = [meta.id, meta.title, e.number, e.published.isoformat(), settings.url(edition_path(meta.id, e.number))]
    columns = figure_columns(view, ())  # the columns every report shares: no measure's own (see current.py)
    rows = [head + [value_of(c, f) for c in columns] for group in view.key_figures() for f in group]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def entry_current(view) -> str:
    """A report's current values for the site-wide table (its latest published edition), as JSON text:
    the columns (they depend on the report's measures) and the rows."""
    if view.edition.draft:
        return "{}"
    t = current.current_table(view)
    columns = [[c.name, c.key, c.type, c.hxl, c.description] for c in t.columns]
    return json.dumps({"columns": columns, "rows": t.rows}, ensure_ascii=False, separators=(",", ":"))


def current_index(listed, words: Words = ENGLISH) -> Table:
    """Every listed report's current values in one table: the columns of all, a row's own filled;
    its header row in the language of ``words``."""
    base = {c.name for c in current.BASE} | {"Report id", "Edition"}  # the others: a measure's (current.heading_of)
    columns: dict[str, Column] = {}
    parts = []
    for e in listed:
        data = json.loads(e.current)
        if not data:
            continue
        cols = [
            Column(name, key, kind, tag, text, None, heading=None if name in base else current.heading_of(name))
            for name, key, kind, tag, text in data["columns"]
        ]
        for c in cols:
            known = columns.get(c.key)
            if known is None:
                columns[c.key] = c
            elif known.type != c.type and c.type == "string":  # a range in one report: text in all
                columns[c.key] = dataclasses.replace(known, type="string")
        parts.append((cols, data["rows"]))
    rows = []
    for cols, rows_ in parts:
        # Each report's row laid out in the index's columns, by positions found once per report
        # (a cell per row and index column, not a lookup table per row: thousands of rows and columns).
        at = {c.key: i for i, c in enumerate(cols)}
        where = [at.get(k) for k in columns]
        for row in rows_:
            if len(row) != len(cols):
                raise ValueError("a row of the current values does not fit its columns")
            rows.append([None if i is None else row[i] for i in where])
    return Table("current-values", current.TITLE_SITE, list(columns.values()), rows, words)


TITLE = N_("The latest key figures of every report")
PACKAGE_TITLE = N_("%(site)s: the latest key figures of every report")


def _columns() -> list[Column]:
    # The figure columns do not depend on the report; only their getters do (unused here).
    return REPORT_COLUMNS + [dataclasses.replace(c, get=None) for c in figure_columns(_Blank())]


class _Blank:
    """Enough of a report view to list the figure columns (their getters, never called here, read the rest)."""

    registry = places = in_discrepancy = None
    published = None


def site_files(entries, settings: Settings, words: Words = ENGLISH) -> dict[str, bytes]:
    """The data index, from every listed (non-example) report's index entry. In another language
    (``words``) its CSVs' human header rows and its package's words are in it; the rows, the HXL
    rows and the JSON are the same in every language (:class:`DataIndex` writes those once)."""
    listed = sorted((e for e in entries if not e.example), key=lambda e: e.id)
    columns = _columns()
    rows: list[list[Any]] = [row for e in listed for row in json.loads(e.key_figures)]
    index = Table("key-figures", TITLE, columns, rows, words)
    values = current_index(listed, words)
    title = PACKAGE_TITLE % {"site": settings.site_name}  # the JSON's: the same in every language
    package = {
        "name": "key-figures",
        "title": words.gettext(PACKAGE_TITLE) % {"site": words.gettext(settings.site_name)},
        "description": words.gettext(
            N_(
                "One row per key figure of each report's latest published edition (both values where a source "
                "gives two). Evidence quotes are third-party excerpts, not covered by the licence. A text cell "
                "starting with = + - @ ' a tab or a carriage return has one ' put before it."
            )
        ),
        "homepage": settings.url(""),
        "contributors": [{"title": settings.publisher, "path": settings.publisher_url, "role": "publisher"}],
        "resources": [
            index.resource("key-figures.csv"),
            values.resource("current-values.csv"),
            {
                "name": "key-figures-json",
                "path": "key-figures.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            },
        ],
    }
    if settings.licence_name:
        package["licenses"] = [
            {
                "name": "-".join(settings.licence_name.split()),
                "path": settings.licence_url,
                "title": settings.licence_name,
            }
        ]
    document = {
        "title": title,
        "publisher": {"name": settings.publisher, "url": settings.publisher_url},
        "licence": licence(settings),
        "reports": len(listed),
        "key_figures": index.records(),
    }
    return {
        INDEX_CSV: index.csv(),
        CURRENT_CSV: values.csv(),
        INDEX_JSON: dumps(document),
        INDEX_PACKAGE: dumps(package),
    }


class DataIndex(Output):
    name = "data-index"
    version = 2  # 2: the site-wide current values
    reads = "every listed (non-example) report's key-figure rows (its index entry), the site's settings"
    inputs = ("facts", "report", "edition", "measures", "settings")
    writes = (INDEX_CSV, INDEX_JSON, INDEX_PACKAGE, CURRENT_CSV)
    escaping = (guard, cell, dumps)  # CSV: no cell a spreadsheet runs as a formula; JSON: json.dumps
    code = (
        "outputs/dataindex.py",
        "outputs/dataout.py",
        "outputs/jsontext.py",
        "outputs/current.py",
        "facts/places.py",
    )
    translated = True  # each language's header rows and package; the JSON is the first language's, linked

    def key(self, ctx) -> list[bytes | str]:
        listed = sorted((e for e in ctx.entries if not e.example), key=lambda e: e.id)
        return [ctx.settings.key(), json.dumps([[e.id, e.key_figures, e.current] for e in listed])]

    def generate(self, ctx) -> dict[str, bytes | Path]:
        conf = ctx.settings
        if ctx.env.globals["language"].code == conf.language.code:
            return dict(site_files(ctx.entries, conf))
        files = site_files(ctx.entries, conf, ctx.env.globals["words"])
        return {path: data for path, data in files.items() if path != INDEX_JSON}  # words of none


OUTPUT = DataIndex()
