"""One place decides which fact file a path is (sitrep.facts.filekinds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.facts import filekinds, model


@pytest.mark.parametrize(
    ("path", "copies", "kind"),
    [
        ("reports/r/report.yaml", False, "report"),
        ("reports/r/figures.yaml", False, "figures"),
        ("seeds/000_x.yaml", False, "seed"),
        ("seeds/000_x.txt", False, None),
        ("reports/r/figures.yml", False, None),
        ("reports/r/notes.yaml", False, None),
        ("/tmp/git-blob-abc/figures.yaml", True, "figures"),
        ("/tmp/abc123_events.yaml", True, "events"),
        ("/tmp/abc123_events.yaml", False, None),
    ],
)
def test_kind_by_name(path: str, copies: bool, kind: str | None) -> None:
    assert filekinds.kind(Path(path), copies=copies) == kind


def test_every_section_has_a_file() -> None:
    assert ("report", *model.SECTIONS) == filekinds.REPORT_KINDS
    assert [filekinds.report_kind(Path(filekinds.file_name(k))) for k in filekinds.REPORT_KINDS] == list(
        filekinds.REPORT_KINDS
    )
    assert filekinds.seed_meta(Path("seeds"), "001_a") == Path("seeds/001_a.yaml")
    assert filekinds.seed_text(Path("seeds"), "001_a") == Path("seeds/001_a.txt")
