"""The generated Markdown of the fixture projects matches the committed golden copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .golden import GOLDEN, fixture_pages, write


def test_generated_markdown_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "golden"
    write(out, fixture_pages())
    diff = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--", str(GOLDEN), str(out)],
        capture_output=True,
        text=True,
    )
    assert diff.returncode == 0, (
        "generated Markdown differs from tests/golden (run `make golden` if the change is intended):\n" + diff.stdout
    )
