"""``serve`` outlives filesystem races and says when a rebuild failed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPORT, ROOT

pytestmark = pytest.mark.slow

# A file that vanishes between the watcher's listing and its stat (an editor's temporary
# file): the second stat of any "vanish" path fails, as if the file had just been removed.
RACY_SERVE = """
import os, sys
sys.path.insert(0, {root!r})
real, calls = os.stat, {{}}
def stat(path, *a, **k):
    p = os.fspath(path)
    if isinstance(p, str) and "vanish" in p:
        calls[p] = calls.get(p, 0) + 1
        if calls[p] == 2:
            raise FileNotFoundError(2, "No such file or directory", p)
    return real(path, *a, **k)
os.stat = stat
sys.argv = ["build.py", "serve", "--port", {port!r}]
from sitrep.cli import main
main()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(proc_log: Path, text: str, count: int, timeout: float = 90) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc_log.read_text(encoding="utf-8", errors="replace").count(text) >= count:
            return True
        time.sleep(0.3)
    return False


def test_serve_survives_a_file_vanishing_mid_scan_and_reports_failed_rebuilds(project: Path, tmp_path: Path) -> None:
    script = tmp_path / "serve.py"
    script.write_text(RACY_SERVE.format(root=str(ROOT), port=str(free_port())), encoding="utf-8")
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(script)], cwd=project, stdout=out, stderr=out, env=env)
    try:
        assert wait_for(log, "Rebuilt", 1), log.read_text()
        (project / "templates/vanish.tmp").write_text("an editor's temporary file")
        time.sleep(3)  # the watcher's scans meet the vanishing file
        report = project / REPORT / "report.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace("Clashes that erupted", "Clashes that began"))
        assert wait_for(log, "Rebuilt", 3), "the watcher stopped: " + log.read_text()
        page = (project / "site" / REPORT / "index.html").read_text(encoding="utf-8")
        assert proc.poll() is None
        report.write_text(report.read_text(encoding="utf-8").replace("title:", "titel:", 1))
        assert wait_for(log, "Rebuild failed; still serving the last good site.", 1), log.read_text()
        assert "Traceback" not in log.read_text(), log.read_text()
        assert (project / "site" / REPORT / "index.html").read_text(encoding="utf-8") == page
    finally:
        proc.terminate()
        proc.wait(timeout=30)
