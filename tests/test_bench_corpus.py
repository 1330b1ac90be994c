"""The benchmark's synthetic corpus: valid under --strict, byte-for-byte deterministic, and modifiable."""

from __future__ import annotations

from pathlib import Path

from bench import corpus
from sitrep import pipeline
from sitrep.facts import editions


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_project_passes_strict_check(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "p", 2)
    checked = pipeline.check(tmp_path / "p", strict=True)
    assert len(checked.reports) == 2
    assert checked.warnings == []
    for report in checked.reports:
        assert report.meta.coverage == "partial"
        assert editions.published_numbers(report) == [1, 2, 3]
        assert {f.qualifier.value for f in report.figures} == {
            "exact",
            "at least",
            "more than",
            "about",
            "up to",
            "range",
            "unquantified",
        }
        assert any(getattr(s, "protected", False) for s in report.sources)
        assert any(e.when.weekday for e in report.events)
        assert 25 <= len(report.figures) <= 40
        for seed_id in report.meta.seeds:
            assert 3_000 <= len(checked.seeds[seed_id].text.encode()) <= 8_000


def test_generation_is_deterministic(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", 2, seed=7)
    corpus.generate(tmp_path / "b", 2, seed=7)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    corpus.generate(tmp_path / "c", 1, seed=8)
    assert _tree(tmp_path / "c")["seeds/syn0000_a.txt"] != a["seeds/syn0000_a.txt"]


def test_modify_one_stays_valid_and_shows_a_new_edition(tmp_path: Path) -> None:
    root = tmp_path / "p"
    corpus.generate(root, 2)
    before = pipeline.check(root, strict=True)
    lock = sorted((root / "reports").iterdir())[1] / editions.LOCK_NAME
    untouched = lock.read_bytes()
    corpus.modify_one(root, 0)
    after = pipeline.check(root, strict=True)
    old, new = before.reports[0], after.reports[0]
    assert len(new.meta.editions) == len(old.meta.editions) + 1
    added = {f.id for f in new.figures} - {f.id for f in old.figures}
    assert len(added) == 1
    assert next(f for f in new.figures if f.id in added).since == len(new.meta.editions)
    assert editions.published_numbers(new) == [1, 2, 3, 4]
    assert after.reports[1] == before.reports[1]
    assert lock.read_bytes() == untouched
