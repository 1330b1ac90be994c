"""Fact text never becomes markup, anywhere in a page.

The payloads come from the Markdown extensions the site enables (mkdocs.yml's
``markdown_extensions`` and the ones mkdocs always adds): each extension maps to the
syntax it recognises, and an enabled extension without payloads fails the test, so
enabling one in mkdocs.yml means saying here what it would turn into markup.

Every free-text field of the model (every ``str`` field without a pattern: titles,
summaries, headlines, labels, names, notes, quotes, captions, the seeds' titles...) is
set to each payload at once, the report is rendered, and its Markdown converted with
those extensions. The page must have exactly the tags it has with plain words in
those fields, and show the payload's text literally.
"""

from __future__ import annotations

import dataclasses
import typing

import markdown
import pytest
import yaml
from annotated_types import MaxLen
from mkdocs.utils.meta import get_data
from pydantic import BaseModel

from sitrep import pipeline
from sitrep.outputs import render

from .conftest import ROOT, copy_project
from .htmltext import read_page

MKDOCS_DEFAULTS = ["toc", "tables", "fenced_code"]  # mkdocs.config.defaults: always enabled

# Syntax by extension ("core": Python-Markdown itself). Each payload is a whole field's
# value, so it also lands at the start of a line wherever a template starts one with it.
PAYLOADS: dict[str, list[str]] = {
    "core": [
        "# heading",
        "## heading ##",
        "- item",
        "+ item",
        "* item",
        "1. item",
        "2) item",
        "> quote",
        "---",
        "***",
        "___",
        "===",
        "[ref]: https://example.org/ref",
        '[ref]: <https://example.org> "t"',
        "<div>block</div>",
        "<!-- comment -->",
        "    indented code",
        "`code` ``co`de``",
        "*em* **strong** _em_ __strong__",
        "[link](https://example.org) ![img](x.png) [ref][1]",
        "<https://example.org> <me@example.org>",
        "&amp; &#60; &lt;",
        "a  \nb",
        "\\* \\_",
        "*[abbr]: x",
    ],
    "tables": ["a | b", "| a | b |", "|---|---|", "--- | ---"],
    "admonition": ['!!! danger "FAKE CORRECTION"', "!!! note", "!!!"],
    "attr_list": ["{: .injected }", "text {: #id .cls }", "{ .injected }", "{#anchor}"],
    "md_in_html": ['<div markdown="1">*x*</div>', '<p markdown="block">x</p>'],
    "toc": ["[TOC]", "# heading {#id}"],
    "fenced_code": ["```", "~~~", "``` python", "~~~ {.python}"],
    "sitrep.site.mdtables": [],  # recognises no syntax: it labels the cells of tables already parsed
    # Not enabled today; payloads ready for a publisher who enables them.
    "def_list": ["term\n: definition", ": definition"],
    "footnotes": ["[^1]", "[^1]: note"],
    "abbr": ["*[HTML]: Hyper Text"],
    "pymdownx.tabbed": ['=== "Tab"'],
    "pymdownx.details": ['??? note "x"', '???+ note "x"'],
}


def enabled_extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = list(MKDOCS_DEFAULTS), {}
    for item in config.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return names, configs


def test_every_enabled_extension_has_payloads() -> None:
    names, _ = enabled_extensions()
    assert [n for n in names if n not in PAYLOADS] == [], "say what syntax these extensions recognise"


def _is_text(annotation: object) -> bool:
    """A free-text string: str with a length limit and no pattern (ids, urls and codes have one)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        if base is str:
            patterns = [getattr(m, "pattern", None) for m in meta]
            return any(isinstance(m, MaxLen) or getattr(m, "max_length", None) for m in meta) and not any(patterns)
        return _is_text(base)
    return any(_is_text(a) for a in typing.get_args(annotation))


def substitute(obj, text: str):
    """``obj`` with every free-text field set to ``text``."""
    if isinstance(obj, BaseModel):
        updates = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            texty = _is_text(typing.Annotated[info.annotation, *info.metadata]) if info.metadata else False
            texty = texty or _is_text(info.annotation)
            if texty and isinstance(value, str):
                updates[name] = text
            elif texty and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                updates[name] = tuple(text for _ in value)
            elif value is not None:
                updates[name] = substitute(value, text)
        return obj.model_copy(update=updates)
    if isinstance(obj, tuple):
        return tuple(substitute(v, text) for v in obj)
    if isinstance(obj, list):
        return [substitute(v, text) for v in obj]
    if isinstance(obj, dict):
        return {k: substitute(v, text) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(
            obj, **{f.name: substitute(getattr(obj, f.name), text) for f in dataclasses.fields(obj)}
        )
    return obj


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(tmp_path_factory.mktemp("inj") / "p")
    return pipeline.check(root, strict=False)


def rendered(checked, text: str) -> list[tuple[str, str]]:
    """Each page (Markdown converted as the site converts it) with every text field set to ``text``."""
    names, configs = enabled_extensions()
    env = render.environment(ROOT / "templates")
    seeds = {k: substitute(s, text) for k, s in checked.seeds.items()}
    pages = []
    for report in checked.reports:
        out = render.report_pages(env, substitute(report, text), seeds, drafts=True)
        entries = [out.entry] if out.entry else []
        out.pages["index.md"] = render.render_index(env, "index.md.j2", entries, base="reports/").encode()
        for path, md in sorted(out.pages.items()):
            if not path.endswith(".md"):
                continue  # the downloads and feed beside the pages (their escaping: test_dataout.py)
            body, _meta = get_data(md.decode("utf-8"))
            pages.append((path, markdown.markdown(body, extensions=names, extension_configs=configs)))
    return pages


def skeleton(html: str) -> list[tuple[str, str]]:
    """The page's markup: each tag with its class (ids and text may differ with the text)."""
    return [(tag, attrs.get("class") or "") for tag, attrs in read_page(html).tags]


ALL = sorted({p for payloads in PAYLOADS.values() for p in payloads})


@pytest.mark.parametrize("payload", ALL)
def test_fact_text_never_becomes_markup(checked, payload: str) -> None:
    plain = dict(rendered(checked, "plain words"))
    for path, html in rendered(checked, payload):
        assert skeleton(html) == skeleton(plain[path]), f"{payload!r} became markup in {path}"
        shown = "".join("".join(read_page(html).text).split())
        assert "".join(payload.split()) in shown, f"{payload!r} is not shown literally in {path}"


def test_every_text_field_is_substituted(checked) -> None:
    """The substitution reaches the fields the pages show (or the test above proves nothing)."""
    pages = rendered(checked, "ZQXJ marker")
    report = next(html for path, html in pages if path.endswith("/index.md") and "editions" not in path)
    assert report.count("ZQXJ") > 20
