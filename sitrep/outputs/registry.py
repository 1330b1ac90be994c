"""The site's outputs, each a registered generator, run by the orchestrator's ``outputs`` stage.

An output declares what it reads (in words, and by name from the list of the project's inputs,
:mod:`sitrep.facts.inputs`), which site paths it writes (patterns), the escaping it
applies to what it writes (its own: Markdown, HTML, XML, CSV or JSON), and the inputs of
its cache key. :func:`run` runs every output in :data:`REGISTERED`, reuses what it made
before for the same key (:class:`sitrep.cache.memo.Memo`), checks that it wrote only what it
declared and that no two outputs write one path, and merges them into the site's files.

Adding an output is one new module in this package and one line in :data:`REGISTERED`.
Outputs made per report are in :mod:`sitrep.outputs.perreport`.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.cache import keys
from sitrep.outputs import (
    about,
    assets,
    charts,
    dataguide,
    dataindex,
    indexpages,
    messages,
    reportpages,
    sitefeed,
    writing,
)
from sitrep.outputs.base import Context, Output, claim

REGISTERED: list[Output] = [
    reportpages.OUTPUT,  # each edition's page, its downloads and the report's feed
    charts.OUTPUT,  # the charts the pages link to
    dataindex.OUTPUT,  # every report's latest key figures, as CSV and JSON
    sitefeed.OUTPUT,  # the site-wide Atom feed
    indexpages.OUTPUT,  # the home page and the list of reports
    about.OUTPUT,  # the about page
    writing.OUTPUT,  # the Writing reports page: fields and measures, from the model
    dataguide.OUTPUT,  # the Data page for analysts: the files, the current-value rule, HXL tags, examples
    assets.OUTPUT,  # the templates' static assets
]


def registered() -> list[Output]:
    return REGISTERED


def _words_key(ctx: Context) -> list[bytes | str]:
    """What a translated output's words are: its language and that language's catalogue (its bytes)."""
    code = ctx.env.globals["language"].code
    try:
        catalogue = ctx.read(messages.catalogue_path(ctx.root, code))
    except OSError:
        catalogue = b""  # none: the messages themselves (checked as missing elsewhere)
    return [code, catalogue]


def run(ctx: Context, translated: bool = False, owners: dict[str, str] | None = None) -> dict[str, bytes | Path]:
    """Every registered output's files, merged; each reused from the cache while its key holds.

    ``translated``: only the outputs whose words are the interface's (``Output.translated``), in the
    language of ``ctx.env``: another language of the site takes the rest from the default language's
    (:func:`shared`). ``owners``: filled with the output that wrote each path.
    """
    merged: dict[str, bytes | Path] = {}
    owner: dict[str, str] = {}
    for out in registered():
        if translated and not out.translated:
            continue
        parts = out.key(ctx)
        if parts is not None and translated:  # the same output in another language is another file
            parts = [*parts, *_words_key(ctx)]
        files: dict[str, bytes | Path] | None = None
        key = None
        if parts is not None:
            code = [keys.syntax((keys.package() / m).read_bytes()) for m in out.code]
            key = keys.output(out.name, out.version, [*code, keys.libraries(), *parts])
            files = ctx.memo.output(key)
        if files is None:
            files = out.generate(ctx)
            if key is not None:
                ctx.memo.keep_output(key, files)
        claim(out.name, out.writes, files, owner)
        merged.update(files)
    if owners is not None:
        owners.update(owner)
    return merged


def shared(files: dict[str, bytes | Path], owners: dict[str, str]) -> dict[str, bytes | Path]:
    """The default language's files another language's pass starts from: all but those of the
    outputs each language makes alone (``Output.shared`` False: an English chart has no place on
    an Arabic page, which draws its own)."""
    alone = {out.name for out in registered() if not out.shared}
    return {path: f for path, f in files.items() if owners.get(path) not in alone}
