"""The generated Markdown of the seed report matches the committed golden copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .golden import GOLDEN, ROOT, markdown_pages, write


def test_generated_markdown_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "golden"
    write(out, markdown_pages(ROOT))
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--", str(GOLDEN), str(out)],
        capture_output=True,
        text=True,
    )
    assert diff.returncode == 0, (
        "generated Markdown differs from tests/golden (run `make golden` if the change is intended):\n" + diff.stdout
    )
