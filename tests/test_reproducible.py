"""Same inputs, same bytes: whatever the folder, time zone, locale, hash seed or day."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from .conftest import copy_project, run

pytestmark = pytest.mark.slow

# Loaded at interpreter start-up through PYTHONPATH: the build runs 400 days and
# an hour later than the wall clock says, as if it ran on another day.
CLOCK_SHIFT = """
import datetime as _dt
import time as _time

_OFFSET = 400 * 86400 + 3723
_real_time, _real_time_ns = _time.time, _time.time_ns
_time.time = lambda: _real_time() + _OFFSET
_time.time_ns = lambda: _real_time_ns() + _OFFSET * 10**9


class _ShiftedDateTime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return super().now(tz) + _dt.timedelta(seconds=_OFFSET)

    @classmethod
    def utcnow(cls):
        return super().utcnow() + _dt.timedelta(seconds=_OFFSET)

    @classmethod
    def today(cls):
        return cls.now()


_dt.datetime = _ShiftedDateTime
"""


def tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build(tmp: Path, name: str, env: dict[str, str]) -> dict[str, str]:
    project = copy_project(tmp / name)
    result = run("build", "--strict", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    return tree(project / "site")


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    shift = tmp_path / "clock"
    shift.mkdir()
    (shift / "sitecustomize.py").write_text(CLOCK_SHIFT, encoding="utf-8")
    first = build(tmp_path, "a", {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"})
    second = build(
        tmp_path,
        "a-much-longer-folder-name/elsewhere",
        {
            "TZ": "Pacific/Kiritimati",
            "LANG": "de_DE.UTF-8",
            "PYTHONHASHSEED": "4242",
            "PYTHONPATH": str(shift),
        },
    )
    assert first == second
    assert any(name.endswith(".svg") for name in first)


def test_clock_shift_is_in_effect(tmp_path: Path) -> None:
    """Guard for the test above: the shim really moves the clock of a build process."""
    shift = tmp_path / "clock"
    shift.mkdir()
    (shift / "sitecustomize.py").write_text(CLOCK_SHIFT, encoding="utf-8")
    import subprocess
    import sys
    import time

    out = subprocess.run(
        [sys.executable, "-c", "import time, datetime; print(time.time(), datetime.datetime.now().year)"],
        env={"PYTHONPATH": str(shift)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert float(out[0]) - time.time() > 399 * 86400


def test_source_date_epoch_overrides_the_content_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run("build", cwd=project, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.returncode == 0, result.stderr
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    dated = dict(re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>", sitemap))
    # A report page is dated by its own edition (content, not the build); every other page by the build.
    assert {d for url, d in dated.items() if "/reports/syria-coast-2025-03/" in url} == {"2025-03-08"}
    assert {d for url, d in dated.items() if "/reports/syria-coast-2025-03/" not in url} == {"2026-01-01"}
