"""``build.py diff``: the semantic difference between two revisions or two editions.

A side is a git revision (``HEAD``, ``main~3``, a hash), ``worktree`` (the files as
they are now), or ``edition:N`` (edition N of each report in the working tree).
Each side is loaded and validated like a build; the two are compared fact by fact
with :mod:`sitrep.changes`, so a reviewer reads "value: 745 -> 750", not YAML.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from . import changes, editions, pipeline
from .errors import EnvironmentFault, FactsError
from .filters import md
from .model import SINGULAR, Report

WORKTREE = "worktree"


def _export(root: Path, rev: str, dest: Path) -> None:
    """Write ``reports/`` and ``seeds/`` as they are at ``rev`` into ``dest``."""
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev, "--", "reports", "seeds"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except FileNotFoundError:
        raise EnvironmentFault("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        raise EnvironmentFault(f"cannot read revision {rev!r}: {exc.stderr.decode(errors='replace').strip()}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def _reports_at(root: Path, side: str, tmp: Path) -> dict[str, Report]:
    if side.startswith("edition:"):
        try:
            n = int(side.split(":", 1)[1])
        except ValueError:
            raise EnvironmentFault(f"{side!r}: an edition is edition:N, N a number") from None
        out = {}
        for r in _checked(root, "the working tree").reports:
            if 1 <= n <= len(r.meta.editions):
                out[r.meta.id] = editions.state_at(r, n)
        if not out:
            raise EnvironmentFault(f"{side!r}: no report has an edition {n}")
        return out
    if side == WORKTREE:
        return {r.meta.id: r for r in _checked(root, "the working tree").reports}
    dest = Path(tempfile.mkdtemp(prefix="rev-", dir=tmp))
    _export(root, side, dest)
    return {r.meta.id: r for r in _checked(dest, f"revision {side}").reports}


def _checked(root: Path, what: str):
    # A revision is compared on its facts; whether its editions.lock matches is a question
    # for a build of that revision, not for a diff (fingerprint rules may have changed since).
    try:
        return pipeline.check(root, locks=False)
    except FactsError as exc:
        raise EnvironmentFault(f"{what} has errors; fix them first:\n{exc}") from None


def diff(root: Path, old: str, new: str) -> dict[str, list[changes.Change]]:
    """Changes per report id (reports without changes are left out)."""
    with tempfile.TemporaryDirectory(prefix="sitrep-diff-") as tmp:
        before = _reports_at(root, old, Path(tmp))
        after = _reports_at(root, new, Path(tmp))
    lifecycle = not (old.startswith("edition:") and new.startswith("edition:"))
    out = {}
    for rid in sorted(set(before) | set(after)):
        edition = int(new.split(":")[1]) if not lifecycle else None
        found = changes.compare(before.get(rid), after.get(rid), lifecycle=lifecycle, edition=edition)
        if rid not in before:
            found.insert(0, changes.Change("added", "reports", rid, after[rid].meta.title))
        elif rid not in after:
            found = [changes.Change("removed", "reports", rid, before[rid].meta.title)]
        if found:
            out[rid] = found
    return out


def format_text(result: dict[str, list[changes.Change]]) -> str:
    lines = []
    for rid, found in result.items():
        lines.append(f"{rid}:")
        lines += [f"  {c.text()}" for c in found]
    return "\n".join(lines) + ("\n" if lines else "")


def format_markdown(result: dict[str, list[changes.Change]], old: str, new: str) -> str:
    if not result:
        return f"No change to the facts between `{old}` and `{new}`.\n"
    lines = [f"### Fact changes: `{old}` → `{new}`", ""]
    for rid, found in result.items():
        lines += [f"**{md(rid)}**", ""]
        for c in found:
            detail = "".join(f"\n    - {md(d)}" for d in c.details)
            lines.append(f"- {c.kind} {SINGULAR.get(c.section, c.section)}: {md(c.title)}{detail}")
        lines.append("")
    return "\n".join(lines)
