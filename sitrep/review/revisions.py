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
from dataclasses import dataclass
from pathlib import Path

from sitrep import pipeline
from sitrep.errors import EnvironmentFault, FactsError
from sitrep.facts import editions, inputs, measures
from sitrep.facts.measures import Registry
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
    """Write every input of the project (:data:`sitrep.facts.inputs.PROJECT`: reports, seeds,
    measures.yaml, templates, mkdocs.yml) as it is at ``rev`` into ``dest``: the list the
    cache keys read, so a revision is checked with everything a build would check it with.

    Only regular files and folders are written, inside ``dest``: a link in the revision
    (which could name any file on the machine) is refused with a clear message, as the
    build refuses a seed or fact file that is a link.
    """
    commit = resolve(root, rev)
    try:
        # Only the inputs the revision has (git archive refuses a path it lacks: measures.yaml is optional).
        listed = _git(root, "ls-tree", "--name-only", commit, "--", *inputs.paths(exported_only=True))
        present = [p for p in listed.decode("utf-8", errors="replace").splitlines() if p]
        if not present:
            return
        archive = _git(root, "archive", "--format=tar", commit, "--", *present)
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


@dataclass(frozen=True)
class Side:
    """One side of a diff: its valid reports by id, and the measures they were checked with."""

    reports: dict[str, Report]
    registry: Registry


def _reports_at(root: Path, side: str, tmp: Path, only: set[str] | None = None) -> Side:
    if side.startswith("edition:"):
        try:
            n = int(side.split(":", 1)[1])
        except ValueError:
            raise EnvironmentFault(f"{side!r}: an edition is edition:N, N a number") from None
        out = {}
        for r in _checked(root, "the working tree", only).reports:
            if 1 <= n <= len(r.meta.editions):
                out[r.meta.id] = editions.state_at(r, n)
        if not out:
            raise EnvironmentFault(f"{side!r}: no report has an edition {n}")
        return Side(out, measures.load(root)[0])
    if side == WORKTREE:
        return Side({r.meta.id: r for r in _checked(root, "the working tree", only).reports}, measures.load(root)[0])
    dest = Path(tempfile.mkdtemp(prefix="rev-", dir=tmp))
    _export(root, side, dest)
    return Side({r.meta.id: r for r in _checked(dest, f"revision {side}", only).reports}, measures.load(dest)[0])


def _checked(root: Path, what: str, only: set[str] | None = None):
    # A revision is compared on its facts; whether its editions.lock matches is a question
    # for a build of that revision, not for a diff (fingerprint rules may have changed since).
    # ``only``: one report's folder, so errors in the others do not stop its review.
    try:
        return pipeline.check(root, locks=False, only=only)
    except FactsError as exc:
        raise EnvironmentFault(f"{what} has errors; fix them first:\n{exc}") from None


@dataclass(frozen=True)
class Reviewed:
    """One report's changes, under its title (a reader's name for it, never its folder's)."""

    title: str
    changes: list[changes.Change]


def diff(root: Path, old: str, new: str, report: str | None = None) -> dict[str, Reviewed]:
    """Changes per report id (reports without changes are left out); ``report``: that report's only."""
    only = None if report is None else {report}
    if report is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", report):
        raise EnvironmentFault(f"--report {report!r}: not a report id (the name of its folder under reports/)")
    with tempfile.TemporaryDirectory(prefix="sitrep-diff-") as tmp:
        before = _reports_at(root, old, Path(tmp), only)
        after = _reports_at(root, new, Path(tmp), only)
    if report is not None and report not in before.reports and report not in after.reports:
        raise EnvironmentFault(f"--report {report!r}: no such report in {old} or {new}")
    lifecycle = not (old.startswith("edition:") and new.startswith("edition:"))
    out = {}
    for rid in sorted(set(before.reports) | set(after.reports)):
        was, now = before.reports.get(rid), after.reports.get(rid)
        edition = int(new.split(":")[1]) if not lifecycle else None
        found = changes.compare(was, now, lifecycle=lifecycle, edition=edition, registry=after.registry)
        if now is not None and was is None:
            found.insert(0, changes.Change("added", "reports", rid, now.meta.title))
        elif was is not None and now is None:
            found = [changes.Change("removed", "reports", rid, was.meta.title)]
        shown = now if now is not None else was
        if found and shown is not None:
            out[rid] = Reviewed(shown.meta.title, found)
    return out


def format_text(result: dict[str, Reviewed]) -> str:
    lines = []
    for reviewed in result.values():
        lines.append(f"{reviewed.title}:")
        lines += [f"  {c.text()}" for c in reviewed.changes]
    return "\n".join(lines) + ("\n" if lines else "")


def format_markdown(result: dict[str, Reviewed], old: str, new: str) -> str:
    if not result:
        return f"No change to the facts between `{old}` and `{new}`.\n"
    lines = [f"### Fact changes: `{old}` → `{new}`", ""]
    for reviewed in result.values():
        lines += [f"**{md(reviewed.title)}**", ""]
        for c in reviewed.changes:
            detail = "".join(f"\n    - {md(d)}" for d in c.details)
            lines.append(f"- {c.kind} {SINGULAR.get(c.section, c.section)}: {md(c.title)}{detail}")
        lines.append("")
    return "\n".join(lines)
