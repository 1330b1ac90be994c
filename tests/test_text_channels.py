"""Text is text in every channel: fact strings, seed metadata, command arguments, front matter.

A character that is not text (a control character but tab and newline, DEL, C1, a lone
surrogate, a noncharacter) is refused where it comes in, with its place and SR118; any
other character is kept and shown literally. Front matter is written so that a YAML safe
loader reads every string back as it was, and a page whose front matter mkdocs could not
read fails the build, naming the page, instead of being published with it as body text.

The property test draws a character of every Unicode general category and sends it through
a fact file (checked and rendered in-process) and through the arguments of ``edition`` and
``seed add`` (the command line's own entry point, in-process): the outcome is a clean
refusal or the text, literally.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import BuildError

from sitrep import cli, pipeline
from sitrep.errors import FactsError
from sitrep.facts import load, text
from sitrep.site import mkdocs_boundary

from .conftest import REPORT, copy_project
from .htmltext import read_page
from .test_injection import rendered

LINE = re.compile(r"^[^:\n]+:[1-9]\d*:[1-9]\d*: [^:\n]+: \S.*\[SR\d{3}\]$")

# One string per class of code point that YAML, HTML or a terminal treats specially.
CLASSES = {
    "C0": "\x01\x08\x0b\x0c\x0e\x1b\x1f",
    "tab and newline": "a\tb\nc",
    "CR": "a\rb",
    "DEL": "\x7f",
    "C1": "\x80\x9b\x9f",
    "NEL": "\x85",
    "noncharacters": "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff",
    "surrogates": "\ud800\udcff\udfff",
    "bidi controls": "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "LS and PS": "\u2028\u2029",
    "BOM": "\ufeff",
    "astral": "\U0001f600\U00020000\U000e0001",
    "quotes and escapes": "\"'\\ \\x7f \\u0000 \\N #: - {}[]&*!|>%@`",
}
NOT_TEXT = {"C0", "CR", "DEL", "C1", "NEL", "noncharacters", "surrogates"}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_front_matter_strings_read_back_exactly(name: str) -> None:
    value = f"a{CLASSES[name]}z"
    written = f"---\ndescription: {text.yaml_double_quoted(value)}\n---\n"
    expected = value if name != "surrogates" else "a\ufffd\ufffd\ufffdz"  # no YAML holds one: replaced
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(written.split("---\n")[1], loader) == {"description": expected}
    assert "\n" not in text.yaml_double_quoted(value)  # one line, whatever it holds


def test_ordinary_text_is_written_as_before() -> None:
    """JSON's escaping for everything it escapes: pages of ordinary text keep their bytes."""
    import json

    sample = 'Killings on Syria\u2019s coast: \u201cat least 1,000\u201d \u2014 <b>&amp; \\ " \t\n'
    assert text.yaml_double_quoted(sample) == json.dumps(sample, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_what_is_not_text_is_refused_and_the_rest_is_kept(name: str) -> None:
    value = f"a{CLASSES[name]}z"
    assert (text.problem(value) is not None) == (name in NOT_TEXT)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_fact_string_that_is_not_text_is_refused_at_its_place(name: str) -> None:
    escaped = text.yaml_double_quoted(f"a{CLASSES[name]}z").replace("\\uFFFD", "\\uD800")
    doc, errors = load.parse(f"- id: x\n  name: {escaped}\n", "places.yaml", "places")
    if name in NOT_TEXT and name != "surrogates":
        assert [(e.line, e.col, e.field, e.code) for e in errors] == [(2, 9, "places[0].name", "SR118")]
        assert all(LINE.match(str(e)) for e in errors)
    elif name == "surrogates":
        assert errors and all(LINE.match(str(e)) for e in errors)  # the parser's own refusal (SR108)
    else:
        assert errors == [] and doc.data[0]["name"] == f"a{CLASSES[name]}z"


def test_a_page_whose_front_matter_mkdocs_could_not_read_fails_naming_it() -> None:
    """mkdocs keeps such front matter as Markdown: its text would be published as the page's body."""
    bad = '---\ndescription: "Update\x7f [x](javascript:alert(1))"\n---\n\n# Title\n'
    page = SimpleNamespace(markdown=bad, meta={}, file=SimpleNamespace(src_uri="reports/r/editions/3/index.md"))
    with pytest.raises(BuildError, match=r"front matter of page reports/r/editions/3/index\.md cannot be read"):
        mkdocs_boundary._front_matter_read(page)  # type: ignore[arg-type]
    fine = SimpleNamespace(markdown="# Title\n", meta={"description": "x"}, file=page.file)
    mkdocs_boundary._front_matter_read(fine)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- every general category

BY_CATEGORY: dict[str, list[int]] = {}  # every code point, by its Unicode general category (all 30)
for _code in range(sys.maxunicode + 1):
    BY_CATEGORY.setdefault(unicodedata.category(chr(_code)), []).append(_code)


DRAFT_3 = (
    "  - number: 3\n    published: 2025-03-10T12:00:00+00:00\n    headline: Third\n    summary: Draft.\n"
    "    draft: true\n"
)
NEW_PLACE = (
    "\n- id: zz-text\n  since: 3\n  name: {name}\n  kind: town\n  evidence:\n    seed: 000_35c3038285085a70\n"
    '    quote: "large areas around the city of Latakia"\n'
)


def _shown(s: str) -> str:
    return "".join(s.split())  # the pages fold runs of white space (Zs, Zl, Zp among them)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("text") / "p")


@pytest.fixture(scope="module")
def pages_with(project: Path) -> Callable[[str], list[tuple[str, str]]]:
    """The pages of the checked project with every text field set to a value.

    A function, not the checked project itself: Hypothesis prints a failing example's
    arguments, fixtures among them, and the checked project's repr is some 60 kB (which
    Hypothesis warns about, and the warning, an error here, would hide the failure).
    """
    checked = pipeline.check(project, strict=False)

    def pages_with(value: str) -> list[tuple[str, str]]:
        return rendered(checked, value)

    return pages_with


def _cli(*args: str) -> tuple[int, str]:
    """The command line's own entry point, in this process: its exit code and what it printed."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def _refused_cleanly(code: int, err: str) -> None:
    assert code in (1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert re.search(r"^\(command line\):1:\d+: --\w+: contains U\+[0-9A-F]{4,6} .*\[SR118\]$", err, re.M), err


@pytest.mark.slow  # about 90 checks, renders and commands: a minute or two
@pytest.mark.parametrize("category", sorted(BY_CATEGORY))
@settings(max_examples=2, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(index=st.integers(min_value=0))
@example(index=0)  # the category's first member: in the BMP
@example(index=-1)  # its last: beyond the BMP for most (a surrogate pair in JSON's ASCII escaping)
def test_a_character_of_every_category_is_refused_cleanly_or_shown_literally(
    project: Path, pages_with: Callable[[str], list[tuple[str, str]]], category: str, index: int
) -> None:
    members = BY_CATEGORY[category]
    char = chr(members[index % len(members)])
    assert unicodedata.category(char) == category
    value = f"a{char}z"
    refused = text.problem(value) is not None

    # A fact file: the name of a place that a draft edition 3 adds (a published fact cannot change).
    places, meta = project / REPORT / "places.yaml", project / REPORT / "report.yaml"
    originals = {places: places.read_bytes(), meta: meta.read_bytes()}
    # A lone surrogate cannot be written in a UTF-8 file: only as an escape, which YAML refuses (SR108).
    escaped = text.yaml_double_quoted(value) if category != "Cs" else f'"a\\u{ord(char):04X}z"'
    try:
        places.write_text(originals[places].decode() + NEW_PLACE.format(name=escaped), encoding="utf-8")
        meta.write_text(originals[meta].decode().replace("exclusions:\n", DRAFT_3 + "exclusions:\n", 1))
        try:
            pipeline.check(project, strict=False)
            assert not refused, f"{value!r} was accepted"
        except FactsError as exc:
            assert refused, "\n".join(map(str, exc.diagnostics))
            assert {d.code for d in exc.diagnostics} <= {"SR118", "SR108"}
            assert all(LINE.match(str(d)) for d in exc.diagnostics)
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    if not refused:  # every text field of every page shows it literally
        for path, html in pages_with(value):
            shown = "".join(read_page(html).text)
            assert _shown(value) in _shown(shown), f"{value!r} is not shown literally in {path}"

    # The command line: a new edition's headline and summary, a seed's title.
    report = project / REPORT / "report.yaml"
    before = report.read_bytes()
    try:
        code, err = _cli(
            "edition", "--root", str(project), REPORT.split("/")[1], "--headline", value, "--summary", value,
            "--published", "2030-01-02T08:00:00+00:00",
        )  # fmt: skip
        if refused:
            _refused_cleanly(code, err)
            assert report.read_bytes() == before
        else:
            assert code == 0, err
            entry = load.parse(report.read_text(encoding="utf-8"), "report.yaml")[0].data["editions"][-1]
            assert (entry["headline"], entry["summary"]) == (value, value)  # kept exactly
    finally:
        report.write_bytes(before)
    article = project / "article.txt"
    article.write_text("An article.\n", encoding="utf-8")
    seeds = set((project / "seeds").iterdir())
    try:
        code, err = _cli(
            "seed", "add", "--root", str(project), str(article), "--published", "2025-03-08", "--title", value
        )
        if refused:
            _refused_cleanly(code, err)
        else:
            assert code == 0, err
            (meta,) = (p for p in set((project / "seeds").iterdir()) - seeds if p.suffix == ".yaml")
            assert load.parse(meta.read_text(encoding="utf-8"), "seed.yaml")[0].data["title"] == value
    finally:
        for added in set((project / "seeds").iterdir()) - seeds:
            added.unlink()
        article.unlink()


def test_bytes_that_are_not_utf8_in_an_argument_are_refused_cleanly(project: Path) -> None:
    """``--reason $'\\xff'``: Python hands such bytes over as a lone surrogate."""
    reason = b"\xff".decode(sys.getfilesystemencoding(), "surrogateescape")
    code, err = _cli("publish", "--root", str(project), REPORT.split("/")[1], "--force", "--reason", reason)
    _refused_cleanly(code, err)
    assert "bytes that are not UTF-8" in err
