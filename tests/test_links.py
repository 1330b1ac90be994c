"""Every internal link and anchor of the built site resolves (beyond mkdocs --strict,
which does not see links written by templates, such as edition banners)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import copy_project, run
from .htmltext import read_page

pytestmark = pytest.mark.slow
BASE = "http://site.invalid/"


def test_every_internal_link_and_anchor_resolves(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run("release", "2025-03", cwd=project).returncode == 0  # the version-selector paths too
    site = project / "site"
    pages = {p.relative_to(site).as_posix(): read_page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    ids = {name: {a["id"] for _, a in page.tags if a.get("id")} for name, page in pages.items()}
    broken = []
    checked = 0
    for name, page in pages.items():
        url = BASE + (name[: -len("index.html")] if name.endswith("index.html") else name)
        for tag, attrs in page.tags:
            ref = attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag in ("img", "script") else None
            if not ref or ref.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urlsplit(urljoin(url, ref))
            if f"{target.scheme}://{target.netloc}/" != BASE:
                continue  # another host: a link out (the theme's credit), never loaded by the page
            path = unquote(target.path).lstrip("/")
            file = path + "index.html" if path == "" or path.endswith("/") else path
            checked += 1
            if not (site / file).exists():
                broken.append(f"{name}: {ref} -> {file} is missing")
            elif target.fragment and file in ids and target.fragment not in ids[file]:
                broken.append(f"{name}: {ref} -> no #{target.fragment} in {file}")
    assert broken == []
    assert checked > 500  # the check really walked the site
