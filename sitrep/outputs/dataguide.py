"""The "Data" page for analysts (issue 27): what each download holds, the current-value rule,
the HXL hashtags the files use, and two short examples, one with pandas and one with libhxl,
that the tests run against real downloads (tests/test_dataguide.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.support import NullTranslations

from sitrep.facts.measures import Registry, hxl_core
from sitrep.outputs import current, dataindex, dataout, filters, metadata
from sitrep.outputs.base import Output
from sitrep.outputs.words import ENGLISH, N_, Words
from sitrep.site.settings import Settings

PAGE = "data.md"

# The examples, as the page shows them ({site} is the site's address): five lines of code each.
PANDAS = """\
import pandas as pd

values = pd.read_csv("{site}data/current-values.csv", skiprows=[1])  # row 2: HXL hashtags
killed = values.dropna(subset=["People killed"])  # rows with a current toll
table = killed[["Report id", "Place", "Group", "People killed", "People killed: qualifier"]]
print(table.to_string(index=False))
"""
LIBHXL = """\
import hxl

values = hxl.data("{site}data/current-values.csv")
for row in values:
    if row.get("#affected+killed"):
        print(row.get("#loc+name"), row.get("#group+code"), row.get("#affected+killed"))
"""

# The hashtags of the columns every file shares, and what they hold.
COLUMN_TAGS = (
    ("#meta+id+report", N_("the report's id (every per-edition file)")),
    ("#meta+edition", N_("the edition's number (every per-edition file)")),
    ("#meta+id+<kind>", N_("a fact's id: #meta+id+figure, +place, +source, +event ... (joins the files)")),
    ("#date+reported", N_("the ISO 8601 day a figure is as of; the only #date of that moment")),
    ("#meta+reported+text", N_("the same moment as the page words it; +month, +before, +time, +zone, +precision")),
    ("#country+code", N_("ISO 3166-1 alpha-3, through the place's hierarchy")),
    ("#adm1+code, #adm1+name", N_("the first-level subdivision's P-code and name")),
    ("#loc+name, #loc+code", N_("the place's name and its own P-code")),
    ("#group+code", N_("who or what a figure counts: all, civilians, children ...")),
    ("#meta+qualifier", N_("exact, at least, more than, about, up to, range or unquantified")),
    ("#meta+value+num", N_("a figure's number whatever its measure (also in its measure's own column)")),
    ("#meta+planned", N_("true for a plan or target")),
)


@dataclass(frozen=True)
class Guide:
    edition_files: list[tuple[str, str]]  # (file, what it holds)
    site_files: list[tuple[str, str]]
    rule: tuple[str, ...]
    measures: list[tuple[str, str, str, str]]  # (id, label, hashtag, a plan's hashtag)
    columns: tuple[tuple[str, str], ...]
    core: str  # the HXL dictionary and its release
    pandas: str  # fenced, ready for Markdown
    libhxl: str


def examples(site_url: str) -> tuple[str, str]:
    """The pandas and libhxl examples for a site at ``site_url`` (ending in /)."""
    return PANDAS.format(site=site_url), LIBHXL.format(site=site_url)


def guide(registry: Registry, settings: Settings, words: Words = ENGLISH) -> Guide:
    """The page's contents, its words in the language of ``words``."""
    names = [f"{s}.csv" for s in dataout.SECTIONS] + ["current.csv", "changes.csv", "chart-<role>.csv"]
    names += ["edition.json", "places.geojson", "datapackage.json", "cite.bib", "cite.csl.json"]
    say = words.gettext
    site = [
        (dataindex.INDEX_CSV, say(N_("every listed report's latest key figures (and .json)"))),
        (dataindex.CURRENT_CSV, say(N_("every listed report's current values, from its latest published edition"))),
        (dataindex.INDEX_PACKAGE, say(N_("the Data Package of both"))),
    ]
    pandas, libhxl = examples(settings.url(""))
    core = hxl_core()
    return Guide(
        [(n, dataout.describe(n.replace("<role>", "x"), words)) for n in names],
        site,
        tuple(say(clause) for clause in current.RULE),
        [(m.id, m.label, m.hxl, m.tag(True)) for m in registry.measures.values()],
        tuple((tag, say(what)) for tag, what in COLUMN_TAGS),
        say(N_("the HXL hashtag dictionary, release %(version)s")) % {"version": core.version},
        metadata.fenced(pandas.rstrip("\n"), "python"),
        metadata.fenced(libhxl.rstrip("\n"), "python"),
    )


def render_guide(env: jinja2.Environment) -> str:
    registry = env.globals["measures"]
    conf = env.globals["settings"]
    assert isinstance(registry, Registry) and isinstance(conf, Settings)
    words = env.globals["words"]
    assert isinstance(words, NullTranslations)
    return env.get_template("data.md.j2").render(guide=guide(registry, conf, words))


class DataGuide(Output):
    name = "data-guide"
    version = 1
    reads = "templates/data.md.j2, the measures registry and the site's settings"
    inputs = ("templates", "measures", "settings", "locale")
    writes = (PAGE,)
    escaping = (filters.md,)
    code = ()
    translated = True

    def key(self, ctx) -> None:
        return None  # cheap: made on every build

    def generate(self, ctx) -> dict[str, bytes | Path]:
        return {PAGE: render_guide(ctx.env).encode()}


OUTPUT = DataGuide()
