"""Review a change the way the pull-request workflow does: `make review` and CI both run this.

Three steps, each run whatever the previous one gave, so a reviewer sees every problem at once:

1. ``build.py check --strict``: the facts are valid and every seed passage is cited;
2. ``build.py build --strict --drafts``: the preview, drafts shown (marked, ``noindex``);
3. ``build.py diff BASE HEAD --format markdown``: what changed in the facts, in words.

The result is one Markdown document: printed on stdout, appended to ``$GITHUB_STEP_SUMMARY``
when that is set (GitHub shows it on the run's page), and written to ``--out`` (the body of
the pull-request comment, which ``tools/pr_comment.py`` finds again by its first line).
Exit 0 when the check and the build pass and the diff could be made, else 1; 2 on a usage error.

BASE defaults to the merge-base of HEAD with ``main`` (or ``origin/main``), or ``HEAD~1`` on main
itself. Standard library only: it drives ``build.py`` (next to this folder) as a user would.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BUILD = Path(__file__).resolve().parent.parent / "build.py"
MARKER = "<!-- sitrep-review -->"  # the comment's first line: how the workflow finds it to update it
WORKTREE = "worktree"


@dataclass
class Step:
    title: str
    command: list[str]
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """What a person running the command would have seen (messages first)."""
        return self.stderr + self.stdout


def git(root: Path, *args: str) -> str | None:
    """git's stdout, stripped, or None when git fails (not a repository, no such revision)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def commit(root: Path, rev: str) -> str | None:
    """``rev`` as a short commit hash (what a reviewer can paste), or None if it names none."""
    if not rev or rev.startswith("-"):
        return None
    return git(root, "rev-parse", "--short=12", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")


def default_base(root: Path) -> str | None:
    """The merge-base with main (the branch's own changes), or the previous commit on main itself."""
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    for branch in ("main", "origin/main"):
        base = git(root, "merge-base", branch, "HEAD")
        if base and base != head:
            return commit(root, base)
    return commit(root, "HEAD~1")


def run(root: Path, title: str, *args: str) -> Step:
    """One build.py command on the project, its output echoed to stderr for the log."""
    print(f"== {title}: build.py {' '.join(args)}", file=sys.stderr, flush=True)
    done = subprocess.run(
        [sys.executable, str(BUILD), *args, "--root", str(root)], cwd=root, capture_output=True, text=True
    )
    sys.stderr.write(done.stderr + done.stdout)
    return Step(title, ["build.py", *args], done.returncode, done.stdout, done.stderr)


def fenced(text: str) -> str:
    """``text`` verbatim in a code block: the fence is longer than any backtick run inside, so fact
    text quoted in an error message cannot close it and be read as Markdown."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def details(summary: str, text: str) -> list[str]:
    return ["<details><summary>" + summary + "</summary>", "", fenced(text), "", "</details>", ""]


def preview_place() -> str:
    """Where a reviewer finds the preview: the run's artifacts in CI, the site folder locally."""
    server, repo, run_id = (os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if server and repo and run_id:
        return f"the artifact **preview** of [this run]({server}/{repo}/actions/runs/{run_id})"
    return "`site/`"


def summary(base: str, head: str, check: Step, build: Step, diff: Step) -> str:
    def mark(ok: bool) -> str:
        return "✅" if ok else "❌"

    command = f"`{' '.join(check.command)}`"
    lines = [MARKER, f"## Review of `{base}` → `{head}`", ""]
    lines.append(
        f"- {mark(check.code == 0)} **Check** ({command}): "
        + ("passed." if check.code == 0 else f"failed (exit {check.code}); the errors are below.")
    )
    command = f"`{' '.join(build.command)}`"
    lines.append(
        f"- {mark(build.code == 0)} **Preview** ({command}): "
        + (
            f"built, in {preview_place()}; draft editions are marked as drafts and kept out of search engines."
            if build.code == 0
            else f"failed (exit {build.code}); the errors are below."
        )
    )
    diff_ok = diff.code in (0, 1)
    lines.append(
        f"- {mark(diff_ok)} **Fact changes** (`build.py diff --format markdown`): "
        + (
            ("below." if diff.code == 1 else "none.")
            if diff_ok
            else f"could not be compared (exit {diff.code}); the reason is below."
        )
    )
    lines.append("")
    if check.output.strip():
        lines += details("Check output", check.output)
    if build.code != 0 and build.output.strip() and build.output != check.output:  # not the same errors twice
        lines += details("Build output", build.output)
    if diff_ok:
        lines += [diff.stdout.rstrip(), ""]
    else:
        lines += details("Diff output", diff.output)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the project (default: .)")
    parser.add_argument("--base", default="", help="the revision to compare with (default: the merge-base with main)")
    parser.add_argument("--head", default="HEAD", help="the revision under review (default: HEAD; or worktree)")
    parser.add_argument("--out", type=Path, help="also write the summary to this file")
    args = parser.parse_args(argv)
    root = args.root.resolve()

    base = commit(root, args.base) if args.base else default_base(root)
    if base is None:
        what = f"{args.base!r} is not a commit of this repository" if args.base else "no merge-base, no HEAD~1"
        print(f"review: {what}: pass BASE=<revision>", file=sys.stderr)
        return 2
    head = WORKTREE if args.head == WORKTREE else commit(root, args.head)
    if head is None:
        print(f"review: {args.head!r} is not a commit of this repository: pass HEAD=<revision>", file=sys.stderr)
        return 2

    check = run(root, "check", "check", "--strict")
    build = run(root, "preview", "build", "--strict", "--drafts")
    diff = run(root, "fact changes", "diff", base, head, "--format", "markdown")
    text = summary(base, head, check, build, diff)

    sys.stdout.write(text)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0 if check.code == 0 and build.code == 0 and diff.code in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
