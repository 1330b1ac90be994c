"""``build.py diff``: the semantic difference between two revisions or two editions.

A side is a git revision (``HEAD``, ``main~3``, a hash), ``worktree`` (the files as
they are now), or ``edition:N`` (edition N of each report in the working tree).
Each side is loaded and validated like a build; the two are compared fact by fact
with :mod:`sitrep.review.changes`, so a reviewer reads "value: 745 -> 750", not YAML.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sitrep import pipeline
from sitrep.errors import EnvironmentFault, FactsError
from sitrep.facts import editions, measures
from sitrep.facts.model import SINGULAR, Report
from sitrep.outputs.filters import md
from sitrep.review import changes

WORKTREE = "worktree"


def _git(root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True, timeout=300).stdout
    except FileNotFoundError:
        raise EnvironmentFault("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise EnvironmentFault(f"git {args[0]} took too long") from None


def resolve(root: Path, rev: str) -> str:
    """The commit ``rev`` names, as a full hash, or EnvironmentFault.

    A user's argument is only ever a revision: verified by ``git rev-parse --verify``
    after ``--end-of-options``, so ``--output=FILE`` or ``--remote=URL`` is a revision
    that does not exist, never an option; only the hash reaches other git commands.
    """
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise EnvironmentFault(
            f"cannot read revision {rev!r}: not a revision (a branch, tag or commit; or worktree, edition:N)"
        )
    try:
        out = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        raise EnvironmentFault(f"cannot read revision {rev!r}: not a revision of this repository") from None
    commit = out.decode("ascii", errors="replace").strip()
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        raise EnvironmentFault(f"cannot read revision {rev!r}: not a revision of this repository")
    return commit


def _export(root: Path, rev: str, dest: Path) -> None:
    """Write ``reports/`` and ``seeds/`` as they are at ``rev`` into ``dest``.

    Only regular files and folders are written, inside ``dest``: a link in the revision
    (which could name any file on the machine) is refused with a clear message, as the
    build refuses a seed or fact file that is a link.
    """
    commit = resolve(root, rev)
    try:
        archive = _git(root, "archive", "--format=tar", commit, "--", "reports", "seeds")
    except subprocess.CalledProcessError as exc:
        raise EnvironmentFault(f"cannot read revision {rev!r}: {exc.stderr.decode(errors='replace').strip()}") from None
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            members = tar.getmembers()
            links = [m.name for m in members if not (m.isfile() or m.isdir())]
            if links:
                raise EnvironmentFault(
                    f"revision {rev!r}: {links[0]} is a link (or not a regular file); "
                    "seeds and fact files must be regular files"
                )
            tar.extractall(dest, members=members, filter="data")  # "data": nothing outside dest
    except (tarfile.TarError, OSError) as exc:
        raise EnvironmentFault(f"cannot read revision {rev!r}: {exc}") from None


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


class Result(dict[str, list[changes.Change]]):
    """Changes per report id, and each report's title: the output names a report by its title."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}

    def title(self, rid: str) -> str:
        return self.titles.get(rid, rid)


def _title(result: dict[str, list[changes.Change]], rid: str) -> str:
    return result.title(rid) if isinstance(result, Result) else rid


def diff(root: Path, old: str, new: str) -> dict[str, list[changes.Change]]:
    """Changes per report id (reports without changes are left out)."""
    with tempfile.TemporaryDirectory(prefix="sitrep-diff-") as tmp:
        before = _reports_at(root, old, Path(tmp))
        after = _reports_at(root, new, Path(tmp))
    lifecycle = not (old.startswith("edition:") and new.startswith("edition:"))
    registry = measures.load(root)[0]  # the project's measures, for their titles (errors are check's to report)
    out = Result()
    for rid in sorted(set(before) | set(after)):
        edition = int(new.split(":")[1]) if not lifecycle else None
        found = changes.compare(
            before.get(rid), after.get(rid), lifecycle=lifecycle, edition=edition, registry=registry
        )
        if rid not in before:
            found.insert(0, changes.Change("added", "reports", rid, after[rid].meta.title))
        elif rid not in after:
            found = [changes.Change("removed", "reports", rid, before[rid].meta.title)]
        if found:
            out[rid] = found
            out.titles[rid] = (after.get(rid) or before[rid]).meta.title
    return out


def format_text(result: dict[str, list[changes.Change]]) -> str:
    lines = []
    for rid, found in result.items():
        lines.append(f"{_title(result, rid)}:")
        lines += [f"  {c.text()}" for c in found]
    return "\n".join(lines) + ("\n" if lines else "")


def format_markdown(result: dict[str, list[changes.Change]], old: str, new: str) -> str:
    if not result:
        return f"No change to the facts between `{old}` and `{new}`.\n"
    lines = [f"### Fact changes: `{old}` → `{new}`", ""]
    for rid, found in result.items():
        lines += [f"**{md(_title(result, rid))}**", ""]
        for c in found:
            detail = "".join(f"\n    - {md(d)}" for d in c.details)
            lines.append(f"- {c.kind} {SINGULAR.get(c.section, c.section)}: {md(c.title)}{detail}")
        lines.append("")
    return "\n".join(lines)
