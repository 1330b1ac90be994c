"""How README.md was split into the walk-through and docs/ (issue 25 item 7), as a rerunnable step.

One-shot, for the merge: branches that still edit the old one-file README merge into it first;
then ``python tools/split_readme.py OLD_README`` rewrites README.md and docs/*.md from it, moving
whole sections by their headings (the text is moved, not rewritten; links to moved sections are
made relative to their new page). Run on ``git show 84524f7:README.md`` it gives the committed
files byte for byte. A sentence this step edits that a branch changed stops it with its text.
Delete this file once the manual is split on main.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# docs page -> (title, what it holds, its sections by heading), in the order they are written.
PAGES: dict[str, tuple[str, str, list[str]]] = {
    "writing.md": (
        "Writing reports",
        "the fact files, their fields and measures, and the rules the build enforces",
        ["Writing a report (the rules)", "Measures", "Editor support"],
    ),
    "commands.md": ("Commands", "every command, its options and exit codes, and the make targets", ["Commands"]),
    "editions.md": (
        "Editions, releases and review",
        "how a report moves from edition to edition, what the lock freezes, and how changes are reviewed",
        ["Editions and releases", "Reviewing changes"],
    ),
    "data.md": (
        "Data out",
        "the downloads, feeds and metadata that data users and other systems read",
        ["Data out: downloads, feeds and metadata"],
    ),
    "publishing.md": (
        "Publishing",
        "the reader's page, the publisher's settings and putting the site online",
        ["Publishing", "The reader's page"],
    ),
    "errors.md": (
        "Error codes",
        "every diagnostic code, with its meaning and an example message",
        ["Error codes"],
    ),
    "internals.md": (
        "How sitrep works",
        "the pipeline, the code's layout, hostile input, reliability and reproducibility",
        ["What it does", "Layout", "Hostile input, faults and readers", "Reliability", "Reproducibility"],
    ),
    "performance.md": (
        "Performance",
        "caches, the benchmark and its results, and what moving to Zensical would take",
        ["Performance", "Moving to Zensical"],
    ),
}
RULES_START = "A report is a folder"  # where "Writing a report" stops being the walk-through

WHAT = """\
Editors keep the facts of each report in YAML files, every fact quoting a source article
kept verbatim in the project; sitrep checks each fact against its article, then builds a
static site (mkdocs-material) with a permanent page per edition, charts, maps, downloads
and feeds. Bad input is reported all at once, as `file:line:col: field: message [SRnnn]`.
"""

ONLINE = """\
**10. Put it online.** `make publish` (`python build.py build --publish`) builds `site/` for
publication: strict, without drafts, and refused while `mkdocs.yml` holds the placeholders.
`site/` is plain files for any static host; on GitHub the workflows review each pull request
and publish `main` to Pages ([Publishing](docs/publishing.md#publishing) says what a fork
sets first and how to serve the site elsewhere).

## Where to read more

The manual goes on in `docs/`, one page per kind of reader:

- [Writing reports](docs/writing.md): the fact files and the rules the build enforces,
  [measures](docs/writing.md#measures) and [editor support](docs/writing.md#editor-support).
- [Commands](docs/commands.md): every command and option, exit codes, the make targets.
- [Editions, releases and review](docs/editions.md): what a published edition freezes,
  site releases, and [reviewing changes](docs/editions.md#reviewing-changes).
- [Data out](docs/data.md): the downloads, feeds and metadata of every edition.
- [Publishing](docs/publishing.md): putting the site online, the publisher's settings and
  [the reader's page](docs/publishing.md#the-readers-page).
- [Error codes](docs/errors.md): every diagnostic code, its meaning and an example.
- [How sitrep works](docs/internals.md): the pipeline's stages, the code's layout, hostile
  input, reliability and reproducibility; [Performance](docs/performance.md): the caches,
  the benchmark and a move to Zensical.
"""

# (old, new) edits of sentences that name where things are now; each must occur exactly once.
README_EDITS = [
    (
        "On a fresh machine with python3, pip, make and git:",
        "## Install and build\n\nOn a fresh machine with python3, pip, make and git:",
    ),
    (
        "From a new article to a published second edition, in nine steps (the commands run inside the\n"
        "venv: `.venv/bin/python build.py ...`, or `python build.py ...` with it activated). Every output\n"
        "below is real: `tests/test_walkthrough.py` runs this walk-through through the CLI in an empty\n"
        'project and asserts these messages. The site\'s "Writing reports" page lists every field of\n'
        "every fact file, with what it does and an example.",
        "From a new article to a published second edition, in nine steps, and then online (the\n"
        "commands run inside the venv: `.venv/bin/python build.py ...`, or `python build.py ...` with\n"
        "it activated). Every output below is real: `tests/test_walkthrough.py` runs this\n"
        "walk-through through the CLI in an empty project and asserts these messages. The site's\n"
        '"Writing reports" page lists every field of every fact file, with what it does and an example.',
    ),
    (
        "(see\n**Text is text** in the rules below)",
        "(see\n**Text is text** in [the rules](docs/writing.md#writing-a-report))",
    ),
]
DOCS_EDITS = {
    "internals.md": [
        (
            "build.py            the command line (sitrep/cli.py)\n",
            "build.py            the command line (sitrep/cli.py)\n"
            "docs/               the manual beyond README.md's walk-through (read on GitHub; not site pages)\n",
        ),
        (
            "  codes.py          every diagnostic code (SR101...), the README's table made from it",
            "  codes.py          every diagnostic code (SR101...), the manual's table (docs/errors.md) made from it",
        ),
    ],
}


def _edit(text: str, edits: list[tuple[str, str]], where: str) -> str:
    for old, new in edits:
        if text.count(old) != 1:
            sys.exit(f"{where}: expected once, found {text.count(old)} times:\n{old}")
        text = text.replace(old, new)
    return text


def _sections(text: str) -> tuple[str, dict[str, str]]:
    """The intro, and each ``## `` section by its heading (code blocks are not searched for headings)."""
    parts: list[list[str]] = [[]]
    fenced = False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            parts.append([])
        parts[-1].append(line)
    intro = "\n".join(parts[0])
    return intro, {p[0][3:].strip(): "\n".join(p).strip("\n") + "\n" for p in parts[1:]}


def _anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def split(old: str) -> dict[str, str]:
    """The new files (``README.md``, ``docs/<page>``) made from the one-file README ``old``."""
    intro, sections = _sections(old)
    walk, rules = sections.pop("Writing a report").split(RULES_START, 1)
    sections["Writing a report (the rules)"] = "## Writing a report\n\n" + RULES_START + rules
    placed = [h for _, _, hs in PAGES.values() for h in hs]
    if sorted(placed) != sorted(sections):
        sys.exit(f"sections without a page: {sorted(set(sections) - set(placed))}; "
                 f"pages naming no section: {sorted(set(placed) - set(sections))}")  # fmt: skip
    where = {_anchor(h): page for page, (_, _, hs) in PAGES.items() for h in hs}
    where["writing-a-report"] = "README.md"

    def links(text: str, here: str) -> str:
        def fix(m: re.Match[str]) -> str:
            target = where[m.group(1)]
            if target == here:
                return m.group(0)
            prefix = "docs/" if here == "README.md" else ""
            return f"]({'../README.md' if target == 'README.md' else prefix + target}#{m.group(1)})"

        return re.sub(r"\]\(#([a-z-]+)\)", fix, text)

    head = intro.strip("\n").split("\n")
    readme = "\n".join(head[:4]) + "\n\n" + WHAT + "\n" + "\n".join(head[4:]).strip("\n") + "\n\n"
    readme += walk.rstrip("\n") + "\n\n" + ONLINE
    out = {"README.md": _edit(links(readme, "README.md"), README_EDITS, "README.md")}
    for page, (title, what, headings) in PAGES.items():
        body = f"# {title}\n\nPart of sitrep's manual ([start with the README](../README.md)): {what}.\n\n"
        body += "\n".join(links(sections[h], page) for h in headings)
        out[f"docs/{page}"] = _edit(body, DOCS_EDITS.get(page, []), f"docs/{page}")
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/split_readme.py OLD_README (the one-file README to split)")
    for name, text in split(Path(sys.argv[1]).read_text(encoding="utf-8")).items():
        (ROOT / name).parent.mkdir(exist_ok=True)
        (ROOT / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
