"""The committed expected Markdown (tests/golden/) and the command that regenerates it.

The golden pages are those of the fixture projects under tests/fixtures/ (one folder
of tests/golden/ per fixture), never of the repository's own reports/: a publisher
adding a report changes no golden file. Run ``make golden`` (``python -m tests.golden``)
after an intended change to the templates or fixtures, then review
``git diff tests/golden``: the diff is the rendered effect of the change.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
PROJECTS = ("sample", "forms")


def markdown_pages(root: Path) -> dict[str, bytes]:
    from sitrep import pipeline

    pages = pipeline.pages(root, pipeline.check(root, strict=True))
    return {name: data for name, data in pages.items() if name.endswith(".md")}


def fixture_pages() -> dict[str, bytes]:
    """Every fixture project's Markdown, by ``<fixture>/<page>``, built in a private copy."""
    from .conftest import copy_project

    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in PROJECTS:
            project = copy_project(Path(tmp) / name, FIXTURES / name)
            out.update({f"{name}/{page}": data for page, data in markdown_pages(project).items()})
    return out


def write(dest: Path, pages: dict[str, bytes]) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    for name, data in sorted(pages.items()):
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    write(GOLDEN, fixture_pages())
    print(f"wrote {GOLDEN.relative_to(ROOT)}; review it with: git diff -- tests/golden", file=sys.stderr)


if __name__ == "__main__":
    main()
