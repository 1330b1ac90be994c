"""The committed expected output (tests/golden/) and the command that regenerates it.

Two kinds, side by side: the generated Markdown of the fixture projects under tests/fixtures/
(``<fixture>/**.md``, one folder per fixture; a page of another language of the site under
``<fixture>/<lang>/``: the Arabic page of the cholera report), and the normalised visible text of one built
HTML page of each type of the ``sample`` fixture (``html/*.txt``), so a template, theme or
Material upgrade shows up as a readable diff. Never the repository's own reports/: a publisher
adding a report changes no golden file. Run ``make golden`` (``python -m tests.golden``) after
an intended change, then review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
PROJECTS = ("sample", "forms", "writer")
# Pages of the site's other languages kept as golden text: fixture -> (language, its pages).
LANGUAGE_PAGES = {"cholera": ("ar", ("reports/sindiyan-cholera-2025-10/index.md",))}
HTML = "html"  # the folder of the HTML text golden files, under GOLDEN
REPORT_ID = "syria-coast-2025-03"
PAGE_TYPES = {  # one built page of each type -> its golden text file
    "index.html": "home.txt",
    "reports/index.html": "reports-index.txt",
    "about/index.html": "about.txt",
    "writing/index.html": "writing.txt",
    f"reports/{REPORT_ID}/index.html": "report-latest.txt",
    f"reports/{REPORT_ID}/editions/1/index.html": "report-old-edition.txt",
    "404.html": "404.txt",
}


def markdown_pages(root: Path) -> dict[str, bytes]:
    from sitrep import pipeline

    docs = pipeline.assemble(root, strict=True).docs  # the build's own path
    return {
        name: data.read_bytes() if isinstance(data, Path) else data
        for name, data in docs.items()
        if name.endswith(".md")
    }


def html_texts(root: Path) -> dict[str, bytes]:
    """The site built from ``root`` (in a temporary folder), one page of each type as visible text."""
    from sitrep import pipeline

    from .htmltext import visible_text

    with tempfile.TemporaryDirectory(prefix="sitrep-golden-") as tmp:
        out = Path(tmp) / "site"
        pipeline.build(root, out, strict=True)  # the build's own path
        return {
            f"{HTML}/{name}": visible_text((out / page).read_text(encoding="utf-8")).encode()
            for page, name in PAGE_TYPES.items()
        }


def language_pages(root: Path, language: str, pages: tuple[str, ...]) -> dict[str, bytes]:
    """Pages of another language of the site (``assemble``'s pass for ``language``), by ``<language>/<page>``."""
    from sitrep import pipeline

    docs = pipeline.assemble(root, strict=True).translated[language]  # the build's own path
    found = {page: docs[page] for page in pages}
    return {f"{language}/{p}": d.read_bytes() if isinstance(d, Path) else d for p, d in found.items()}


def fixture_pages() -> dict[str, bytes]:
    """Every fixture project's Markdown, by ``<fixture>/<page>``, built in a private copy; and the
    pages of the site's other languages :data:`LANGUAGE_PAGES` names."""
    from .conftest import copy_project

    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in PROJECTS:
            project = copy_project(Path(tmp) / name, FIXTURES / name)
            out.update({f"{name}/{page}": data for page, data in markdown_pages(project).items()})
        for name, (language, pages) in LANGUAGE_PAGES.items():
            project = copy_project(Path(tmp) / name, FIXTURES / name)
            out.update({f"{name}/{page}": data for page, data in language_pages(project, language, pages).items()})
    return out


def fixture_html() -> dict[str, bytes]:
    """The page texts of the ``sample`` fixture, built in a private copy."""
    from .conftest import copy_project

    with tempfile.TemporaryDirectory() as tmp:
        return html_texts(copy_project(Path(tmp) / "sample", FIXTURES / "sample"))


def committed(kind: str) -> dict[str, bytes]:
    """The golden files of one kind: ``md`` (Markdown pages) or ``html`` (page texts)."""
    files = {p.relative_to(GOLDEN).as_posix(): p for p in GOLDEN.rglob("*") if p.is_file()}
    return {k: p.read_bytes() for k, p in sorted(files.items()) if k.startswith(f"{HTML}/") == (kind == "html")}


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A unified diff of two sets of files (empty when they are equal)."""
    out: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        a = expected.get(name, b"").decode().splitlines(keepends=True)
        b = actual.get(name, b"").decode().splitlines(keepends=True)
        if name not in expected or name not in actual or a != b:
            out.extend(difflib.unified_diff(a, b, f"tests/golden/{name}", f"generated/{name}"))
            out.append("" if not out or out[-1].endswith("\n") else "\n")
    return "".join(out)


def write(dest: Path, pages: dict[str, bytes]) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    for name, data in sorted(pages.items()):
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    write(GOLDEN, {**fixture_pages(), **fixture_html()})
    print(f"wrote {GOLDEN.relative_to(ROOT)}; review it with: git diff -- tests/golden", file=sys.stderr)


if __name__ == "__main__":
    main()
