"""Work handed to a forked process comes back as if the build had done it: its result, its
errors (whole: the diagnostics, the template's place), a clear error if it was killed, and it
never outlives the build that forked it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep import forked
from sitrep.errors import Diagnostic, EnvironmentFault, FactsError, TemplateFault

from .conftest import ROOT

PROBLEMS = [
    Diagnostic("reports/a/figures.yaml", 3, 5, "value", "must be a number", "SR201"),
    Diagnostic("reports/a/figures.yaml", 1, 1, "id", "is repeated", "SR301"),
]


def _fail_facts() -> None:
    raise FactsError(PROBLEMS)


def _fail_template() -> None:
    raise TemplateFault("templates/report.md.j2", 12, "'figure' is undefined")


def _fail_unexpectedly() -> None:
    raise KeyError("a bug")


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_result_comes_back() -> None:
    assert forked.Running(sorted, {"b": 1, "a": 2}).result() == ["a", "b"]


def test_the_facts_errors_come_back_whole() -> None:
    with pytest.raises(FactsError) as raised:
        forked.Running(_fail_facts).result()
    assert raised.value.diagnostics == sorted(PROBLEMS)
    assert str(raised.value).splitlines()[0] == str(sorted(PROBLEMS)[0])


def test_a_template_error_comes_back_with_its_place() -> None:
    with pytest.raises(TemplateFault) as raised:
        forked.Running(_fail_template).result()
    assert (raised.value.file, raised.value.line) == ("templates/report.md.j2", 12)
    assert str(raised.value) == "templates/report.md.j2:12: (template): 'figure' is undefined"


def test_a_bug_comes_back_with_where_it_happened() -> None:
    with pytest.raises(KeyError) as raised:
        forked.Running(_fail_unexpectedly).result()
    cause = raised.value.__cause__
    assert isinstance(cause, forked.RemoteTraceback)
    assert "_fail_unexpectedly" in str(cause)


def test_a_killed_process_is_a_clear_error() -> None:
    with pytest.raises(EnvironmentFault, match="stopped abruptly"):
        forked.Running(_killed).result()


def test_a_cancelled_process_is_gone() -> None:
    job = forked.Running(time.sleep, 60)
    pid = job._process.pid
    job.cancel()
    assert not _alive(pid)


def _alive(pid: int | None) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return "State:\tZ" not in status.read()  # a zombie has exited (nothing reaps it in some containers)
    except FileNotFoundError:
        return False


def test_a_forked_process_does_not_outlive_its_build() -> None:
    script = (
        "import os, signal, sys, time\n"
        "from sitrep import forked\n"
        "job = forked.Running(time.sleep, 600)\n"
        "print(job._process.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    build = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert build.returncode == -signal.SIGKILL
    child = int(build.stdout.split()[0])
    deadline = time.monotonic() + 30  # it checks twice a second; generous for a loaded machine
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def test_workers_default_to_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert forked.workers(None) == 6
    assert forked.workers(1) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert forked.workers(None) == 1


def test_the_build_offers_jobs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import cli

    shown = CliRunner().invoke(cli, ["build", "--help"])
    assert "--jobs" in shown.output
    refused = CliRunner().invoke(cli, ["build", "--root", str(tmp_path), "--jobs", "0"])
    assert refused.exit_code == 2 and "0 is not in the range" in refused.output
