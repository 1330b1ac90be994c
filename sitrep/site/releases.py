"""Site releases: whole-site snapshots behind mkdocs-material's version selector.

Editions are how readers move between versions of a *report*; releases are for
the *site* as a whole (before a redesign, or monthly). ``build.py release NAME``
builds the site once into ``releases/NAME/`` and never touches it again. Every
later build places each release beside the live site by hard link (no bytes are
copied) and writes ``versions.json`` in mike's format:

    /                  the live site (always the newest content)
    /NAME/             a release, as it was built
    /live/, /latest/   redirects to /, so the selector can name the live site
    /versions.json     [{"version": "live", "title": ..., "aliases": ["latest"]}, releases newest first]

A site without releases gets no selector at all (no request for a missing
versions.json).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import EnvironmentFault

RELEASES_DIR = "releases"
LIVE = "live"
# "2025-03", "v2", "1.0": never a file name the site uses ("sitemap.xml", "404.html").
NAME = re.compile(r"[0-9a-z][0-9a-z_-]{0,39}(\.[0-9]+)*")  # the whole name (fullmatch: no "$" before a newline)
# Top-level folders the live site uses; a release may not shadow them.
RESERVED = {LIVE, "latest", "reports", "assets", "search", "pagefind", "about", "editions"}

REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting to the live site</title>
<meta http-equiv="refresh" content="0; url=../">
<link rel="canonical" href="../">
</head>
<body><p><a href="../">Go to the live site</a>.</p></body>
</html>
"""


@dataclass(frozen=True)
class Release:
    name: str
    path: Path
    created: str  # from the release's own stamp: the content date it was built with


def check_name(name: str) -> None:
    if not NAME.fullmatch(name) or name in RESERVED:
        raise EnvironmentFault(
            f"release name {name!r}: use lowercase letters, digits, '-' or '_', and dots only before digits "
            f"('2025-03', 'v2', '1.0'); not {', '.join(sorted(RESERVED))}"
        )


def releases(root: Path) -> list[Release]:
    """Existing releases, newest first (by their build date, then name: deterministic)."""
    folder = root / RELEASES_DIR
    if not folder.is_dir():
        return []
    out = []
    # Dot folders are a build's own (staging, a previous copy being removed), never releases.
    for path in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        stamp = path / ".release.json"
        if not stamp.is_file():
            raise EnvironmentFault(f"{path} is not a release (no .release.json); remove it or rebuild it")
        try:
            created = str(json.loads(stamp.read_text(encoding="utf-8"))["created"])
        except (ValueError, KeyError, TypeError):
            raise EnvironmentFault(f"{stamp} is damaged; restore it from version control") from None
        out.append(Release(path.name, path, created))
    return sorted(out, key=lambda r: (r.created, r.name), reverse=True)


def versions_json(found: list[Release], live_title: str) -> bytes:
    entries = [{"version": LIVE, "title": live_title, "aliases": ["latest"]}]
    entries += [{"version": r.name, "title": r.name, "aliases": []} for r in found]
    return (json.dumps(entries, indent=2) + "\n").encode()


def mkdocs_extra(found: list[Release]) -> dict | None:
    """The `extra` config that turns the selector on, only when there is something to select."""
    if not found:
        return None
    return {"version": {"provider": "mike", "default": LIVE}}


def link_into(site: Path, found: list[Release], live_title: str) -> None:
    """Place the releases, the redirects and versions.json into a freshly built site.

    Plain writes (not :mod:`sitrep.atomic`): the site is a staging folder, swapped in whole.
    """
    if not found:
        return
    for release in found:
        target = site / release.name
        if target.exists():
            raise EnvironmentFault(f"release {release.name!r} collides with {target.relative_to(site)} of the site")
        _link_tree(release.path, target)
        (target / ".release.json").unlink()
    for alias in (LIVE, "latest"):
        (site / alias).mkdir()
        (site / alias / "index.html").write_text(REDIRECT, encoding="utf-8")
    (site / "versions.json").write_bytes(versions_json(found, live_title))


def _link_tree(src: Path, dest: Path) -> None:
    """Hard-link every file (a copy only where the file system cannot link)."""
    for folder, _dirs, files in os.walk(src):
        rel = Path(folder).relative_to(src)
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            if (Path(folder) / name).is_symlink():  # never followed: it could publish any file on the machine
                raise EnvironmentFault(f"{Path(folder) / name} is a link; a release holds regular files only")
            try:
                os.link(Path(folder) / name, dest / rel / name, follow_symlinks=False)
            except OSError:
                shutil.copy2(Path(folder) / name, dest / rel / name)


def stamp(path: Path, created: str) -> None:
    # A plain write: ``path`` is the release's staging folder, swapped in whole (sitrep.site.publish).
    (path / ".release.json").write_text(json.dumps({"created": created}) + "\n", encoding="utf-8")
