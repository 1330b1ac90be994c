"""Faults: a build killed at any point, two builds at once, a full disk, broken files.

Each fault is injected precisely: a small wrapper patches one function of the real
build (chart drawing, mkdocs writing a page, file writes) to kill the process or
raise, then runs the real command line. The previous site must stay intact and
the next build must succeed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPORT, ROOT, run

pytestmark = pytest.mark.slow

# The build process itself is killed while a chart is drawn, whether it draws in-process or in a
# worker of its pool (forked from it, so BUILD is the build's process id there too).
KILL_IN_CHARTS = """
import os, signal
from matplotlib.backends import backend_svg
BUILD = os.getpid()
def killed(*a, **k):
    os.kill(BUILD, signal.SIGKILL)
backend_svg.FigureCanvasSVG.print_svg = killed
"""
# Only a chart-drawing worker is killed (the out-of-memory killer's choice): the build says so.
KILL_A_CHART_WORKER = """
import os, signal
from matplotlib.backends import backend_svg
from sitrep.drawing import charts
BUILD = os.getpid()
charts.PARALLEL_FROM = 1  # every chart drawn in the pool, however few
def killed(*a, **k):
    if os.getpid() != BUILD:
        os.kill(os.getpid(), signal.SIGKILL)
backend_svg.FigureCanvasSVG.print_svg = killed
"""
# The build is killed while mkdocs writes a page, in whichever language's pass gets there first
# (the Arabic pass runs in a process forked from the build).
KILL_IN_MKDOCS = """
import os, signal
from mkdocs.commands import build as mk
BUILD = os.getpid()
real = mk._build_page
count = [0]
def killed(*a, **k):
    count[0] += 1
    if count[0] == 3:
        os.kill(BUILD, signal.SIGKILL)
    return real(*a, **k)
mk._build_page = killed
"""
# Only the process building the Arabic pages is killed: the build says so, and writes nothing.
KILL_A_LANGUAGE_PASS = """
import os, signal
from mkdocs.commands import build as mk
BUILD = os.getpid()
real = mk._build_page
def killed(*a, **k):
    if os.getpid() != BUILD:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*a, **k)
mk._build_page = killed
"""
KILL_IN_SWAP = """
import os, signal
from sitrep.site import swap
def killed(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
swap.swap_in = killed
"""
DISK_FULL = """
import builtins, errno, os, shutil
def _full(path):
    return OSError(errno.ENOSPC, "No space left on device", str(path))
real_open, real_link, real_copy = builtins.open, os.link, shutil.copyfile
def open_(file, mode="r", *args, **kwargs):
    if ".staging-" in str(file) and any(m in mode for m in "wax"):
        raise _full(file)
    return real_open(file, mode, *args, **kwargs)
def link(src, dst, *args, **kwargs):
    if ".staging-" in str(dst):
        raise _full(dst)
    return real_link(src, dst, *args, **kwargs)
def copyfile(src, dst, *args, **kwargs):
    if ".staging-" in str(dst):
        raise _full(dst)
    return real_copy(src, dst, *args, **kwargs)
builtins.open, os.link, shutil.copyfile = open_, link, copyfile
"""


def run_with(patch: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = f"{patch}\nimport sys\nsys.argv = ['build.py', *{list(args)!r}]\nfrom sitrep.cli import main\nmain()\n"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(project: Path) -> Path:
    assert run("build", cwd=project).returncode == 0
    return project


@pytest.mark.parametrize("patch", [KILL_IN_CHARTS, KILL_IN_MKDOCS, KILL_IN_SWAP], ids=["charts", "mkdocs", "swap"])
def test_a_killed_build_leaves_the_site_and_the_next_build_works(built: Path, patch: str) -> None:
    site = built / "site"
    before = tree(site)
    template = built / "templates/report.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "## {% trans %}Key figures{% endtrans +%}", "## The key figures", 1
        )
    )
    shutil.rmtree(built / ".cache")  # so the charts are drawn, not read from the cache
    killed = run_with(patch, "build", cwd=built)
    assert killed.returncode == -9, killed.stderr
    assert tree(site) == before
    assert run("build", cwd=built).returncode == 0
    assert "The key figures" in (site / REPORT / "index.html").read_text(encoding="utf-8")
    assert not [p.name for p in built.iterdir() if ".staging-" in p.name]


def test_a_killed_chart_worker_is_a_clear_error_and_the_site_stays(built: Path) -> None:
    site = built / "site"
    before = tree(site)
    shutil.rmtree(built / ".cache")  # so the charts are drawn, not read from the cache
    failed = run_with(KILL_A_CHART_WORKER, "build", cwd=built)
    assert failed.returncode == 2, failed.stderr
    assert "a process drawing the charts stopped abruptly" in failed.stderr
    assert "Traceback" not in failed.stderr and "internal error" not in failed.stderr
    assert tree(site) == before
    assert run("build", cwd=built).returncode == 0


def test_a_killed_language_pass_is_a_clear_error_and_the_site_stays(built: Path) -> None:
    site = built / "site"
    before = tree(site)
    assert (site / "ar").is_dir()  # the sample site has an Arabic pass
    shutil.rmtree(built / ".cache")  # so the pages are built, not reused
    failed = run_with(KILL_A_LANGUAGE_PASS, "build", "--jobs", "2", cwd=built)
    assert failed.returncode == 2, failed.stderr
    assert "a process of the build stopped abruptly" in failed.stderr
    assert "Traceback" not in failed.stderr and "internal error" not in failed.stderr
    assert tree(site) == before
    assert run("build", cwd=built).returncode == 0


def test_the_site_never_disappears_during_builds(built: Path) -> None:
    index = built / "site/index.html"
    missing = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not index.exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    about = built / "templates/about.md.j2"
    try:
        for i in range(3):
            about.write_text(about.read_text(encoding="utf-8") + f"\nRevision {i}.\n")  # a real rebuild each time
            result = run("build", cwd=built)
            assert result.returncode == 0 and "Nothing changed" not in result.stderr
    finally:
        stop.set()
        watcher.join()
    assert missing == []


def test_two_builds_at_once(built: Path) -> None:
    about = built / "templates/about.md.j2"
    about.write_text(about.read_text(encoding="utf-8") + "\nRevised.\n")  # so both really build
    assert run("build", "--site-dir", str(built / "expected"), cwd=built).returncode == 0
    expected = tree(built / "expected")
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "build"], cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert tree(built / "site") == expected


def test_a_full_disk_is_a_clear_error(built: Path) -> None:
    before = tree(built / "site")
    about = built / "templates/about.md.j2"
    about.write_text(about.read_text(encoding="utf-8") + "\nRevised.\n")  # so the build really writes
    result = run_with(DISK_FULL, "build", cwd=built)
    assert result.returncode == 2
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert tree(built / "site") == before


def test_a_folder_where_a_fact_file_should_be(project: Path) -> None:
    path = project / REPORT / "media.yaml"
    path.unlink()
    path.mkdir()
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "reports/syria-coast-2025-03/media.yaml:1:1: (file): must be a regular file" in result.stderr


def test_a_missing_seed(project: Path) -> None:
    (project / "seeds/000_35c3038285085a70.txt").unlink()
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "seeds/000_35c3038285085a70.yaml:1:1: (file): metadata for a missing seed 000_35c3038285085a70.txt [SR602]",
        "1 error; nothing was written.",
    ]


def test_the_swap_is_one_atomic_exchange(tmp_path: Path) -> None:
    """The swap exchanges the two folders in one system call (renameat2), so no reader
    can ever find the site missing; the fallback (two renames) is only for kernels
    without it."""
    from sitrep.site import swap

    new, live = tmp_path / "new", tmp_path / "site"
    new.mkdir()
    live.mkdir()
    (new / "v").write_text("new")
    (live / "v").write_text("old")
    assert swap._exchange(new, live) is True
    assert (live / "v").read_text() == "new" and (new / "v").read_text() == "old"
