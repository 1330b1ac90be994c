"""Before/after screenshots of the report page and the home page, at 1280x800 and 375x667.

``make screenshots`` (``python -m tests.screenshots [--before REV]``) builds the site of
the working tree ("after") and of a git revision ("before", default ``main``) into
temporary folders with this checkout's tools, opens each page in Debian's chromium, and
writes to ``screenshots/`` (git-ignored):

- ``<before|after>-<page>-<width>.png``: the whole page;
- ``<before|after>-<page>-<width>-first-screen.png``: what the reader sees first;

and prints, per page and width, its height in screens (page height / viewport height)
and the bytes the browser fetched for the first view (HTML, CSS, JS, fonts, images;
nothing of the search is fetched until the reader opens it).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
WIDTHS = {"1280": (1280, 800), "375": (375, 667)}
PAGES = {"report": "reports/syria-coast-2025-03/", "quake": "reports/kestrel-earthquake-2025-11/", "home": ""}
CHROMIUM = "/usr/bin/chromium"


def build(project: Path) -> Path:
    result = subprocess.run(
        [sys.executable, str(project / "build.py"), "build"], cwd=project, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stdout}{result.stderr}")
    return project / "site"


def checkout(rev: str, dest: Path) -> Path:
    """The tree of ``rev`` (git archive: no worktree, no history) in ``dest``."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def working_tree(dest: Path) -> Path:
    """The working tree as it is (tracked and new files, ignored ones left out)."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    dest.mkdir(parents=True)
    listed = [f for f in files.decode().split("\0") if f and (ROOT / f).is_file()]
    archive = subprocess.run(
        ["tar", "-c", "-C", str(ROOT), "--null", "-T", "-", "-f", "-"],
        input="\0".join(listed).encode(),
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def shoot(site: Path, label: str, browser) -> list[str]:
    from .test_browser import serve

    lines = []
    served = serve(site)
    base = next(served)
    try:
        for page_name, path in PAGES.items():
            for width, (w, h) in WIDTHS.items():
                context = browser.new_context(viewport={"width": w, "height": h})
                page = context.new_page()
                fetched: list[int] = []

                def count(response, fetched=fetched) -> None:
                    with contextlib.suppress(Exception):
                        fetched.append(len(response.body()))

                page.on("response", count)
                page.goto(base + path, wait_until="networkidle")
                stem = OUT / f"{label}-{page_name}-{width}"
                page.screenshot(path=f"{stem}-first-screen.png")
                page.screenshot(path=f"{stem}.png", full_page=True)
                height = page.evaluate("document.documentElement.scrollHeight")
                lines.append(
                    f"{label:6} {page_name:6} {width:>4} px: {height / h:5.1f} screens "
                    f"({height} px), first view {sum(fetched) / 1000:.0f} KB in {len(fetched)} requests"
                )
                context.close()
    finally:
        with contextlib.suppress(StopIteration):
            next(served)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="the git revision shown as 'before' (default: main)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from .test_browser import FLAGS

    OUT.mkdir(exist_ok=True)
    lines = []
    with tempfile.TemporaryDirectory(prefix="sitrep-screenshots-") as tmp:
        sites = {
            "before": build(checkout(args.before, Path(tmp) / "before")),
            "after": build(working_tree(Path(tmp) / "after")),
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for label, site in sites.items():
                lines += shoot(site, label, browser)
            browser.close()
    report = "\n".join(lines) + "\n"
    (OUT / "heights.txt").write_text(report, encoding="utf-8")
    print(report + f"screenshots in {OUT.relative_to(ROOT)}/", end="")


if __name__ == "__main__":
    main()
