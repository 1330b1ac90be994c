"""The committed expected Markdown (tests/golden/) and the command that regenerates it.

Run ``make golden`` (``python -m tests.golden``) after an intended change to the
templates or facts, then review ``git diff tests/golden``: the diff is the rendered
effect of the change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def markdown_pages(root: Path) -> dict[str, bytes]:
    from sitrep import pipeline

    pages = pipeline.pages(root, pipeline.check(root, strict=True))
    return {name: data for name, data in pages.items() if name.endswith(".md")}


def write(dest: Path, pages: dict[str, bytes]) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    for name, data in sorted(pages.items()):
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    write(GOLDEN, markdown_pages(ROOT))
    print(f"wrote {GOLDEN.relative_to(ROOT)}; review it with: git diff -- tests/golden", file=sys.stderr)


if __name__ == "__main__":
    main()
