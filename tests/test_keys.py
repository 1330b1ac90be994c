"""Every cache key follows the real inputs (sitrep.cache.keys): a changed fact file, template or
installed library changes exactly the outputs made from it, and the incremental build
equals a clean one. Chart names follow the drawing code, not its comments."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from bench import corpus
from sitrep import pipeline
from sitrep.cache import keys
from sitrep.drawing.charts import Chart

from .conftest import install_fake_distribution
from .test_incremental import _fact, _template, assert_same_tree, clean_build, tree

CHART = Chart("breakdown-x", "t", "a", ("c",), (("r",),), "breakdown", '{"n": 1}')


def _package_copy(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copytree(keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_a_comment_or_docstring_in_the_drawing_code_renames_no_chart(tmp_path: Path, monkeypatch) -> None:
    here = CHART.filename
    commented = _package_copy(tmp_path, "commented")
    source = (commented / "drawing" / "charts.py").read_text(encoding="utf-8")
    source = source.replace('"""', '"""A docstring reworded. ', 1)
    source = source.replace("def _render(", "# a new comment\ndef _render(", 1)
    (commented / "drawing" / "charts.py").write_text(source + "\n# and one at the end\n", encoding="utf-8")
    monkeypatch.setattr(keys, "package", lambda: commented)
    assert CHART.filename == here
    changed = _package_copy(tmp_path, "changed")
    source = (changed / "drawing" / "style.py").read_text(encoding="utf-8")  # the sizes the drawings share
    assert source.count("WIDE_IN, DPI = 7.0, 72") == 1
    (changed / "drawing" / "style.py").write_text(source.replace("WIDE_IN, DPI = 7.0, 72", "WIDE_IN, DPI = 7.0, 73"))
    monkeypatch.setattr(keys, "package", lambda: changed)
    assert CHART.filename != here  # what the code does is part of the name


def test_a_library_version_is_read_from_what_is_installed(tmp_path: Path, monkeypatch) -> None:
    before_charts, before_all = keys.libraries_of_charts(), keys.libraries()
    install_fake_distribution(monkeypatch, tmp_path, "mkdocs-material", "0.0.1")
    assert keys.libraries() != before_all and keys.libraries_of_charts() == before_charts
    assert ["mkdocs-material", "0.0.1"] in keys.versions(keys.SITE_DISTRIBUTIONS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    corpus.generate(root, 2, seed=11)
    return root


def _image(fragment: bytes) -> str:
    """The image a Pagefind fragment (one indexed page) shows beside its result."""
    return json.loads(gzip.decompress(fragment).removeprefix(b"pagefind_dcd"))["meta"]["image"]


def _charts(site: Path) -> set[str]:
    # Each language's charts, in its own folder (the Arabic ones are drawn in Arabic).
    return {
        p.relative_to(site).as_posix() for g in ("reports/*/charts/*", "*/reports/*/charts/*") for p in site.glob(g)
    }


def _drawn(root: Path) -> set[str]:
    return {p.name for p in (root / ".cache/charts").rglob("*") if p.suffix in (".svg", ".png")}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fact", "template", "matplotlib"])
def test_a_changed_input_changes_exactly_what_depends_on_it(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    project = tmp_path / "p"
    shutil.copytree(generated, project)
    site = project / "site"
    pipeline.build(project, site, strict=True)
    before, charts_before, drawn_before = tree(site), _charts(site), _drawn(project)
    first, other = sorted(p.name for p in (project / "reports").iterdir())
    if kind == "fact":
        _fact(project)  # the first report's title
    elif kind == "template":
        _template(project)
    else:
        install_fake_distribution(monkeypatch, tmp_path / "dists", "matplotlib", "99.0")
    again = pipeline.build(project, site, strict=True)
    assert again is not None
    after, charts_after = tree(site), _charts(site)
    changed = {path for path in before.keys() & after.keys() if before[path] != after[path]}
    if kind == "fact":
        assert again.checked == [first]  # the other report came from the cache
        assert not any(p.startswith(f"reports/{other}/") for p in changed)
        assert any(p.startswith(f"reports/{first}/") for p in changed)
    elif kind == "template":
        assert again.checked == [first, other]  # every page rendered again...
        assert charts_after == charts_before and _drawn(project) == drawn_before  # ...no chart drawn
        assert f"reports/{first}/index.html" in changed
    else:
        assert charts_before.isdisjoint(charts_after)  # every chart renamed and drawn again
        assert len(_drawn(project)) == len(drawn_before) + len(charts_after)
        # The pages linking them change; the data files, feeds and index say the same. So does the search
        # index, but for what names a chart: a report's entry keeps its first image's address (Pagefind's
        # image metadata), so those entries are renamed and only the list naming them changes in place.
        # Each language of the site (English at the root, Arabic under ar/) has its own search index.
        pages = {p for p in changed if not p.removeprefix("ar/").startswith("pagefind/")}
        assert pages and all(p.endswith(".html") or p.endswith(".xml") for p in pages)
        assert changed - pages == {"pagefind/pagefind-entry.json", "ar/pagefind/pagefind-entry.json"}
        renamed = sorted(p for p in after.keys() - before.keys() if p.startswith("pagefind/fragment/"))
        drawn_now = {c.rsplit("/", 1)[-1] for c in charts_after}
        assert renamed and all(_image(after[p]).rsplit("/", 1)[-1] in drawn_now for p in renamed)
        assert all("/charts/" in after[p].decode() for p in changed if p.endswith("index.html"))
        assert not any("/data/" in p or p.startswith("data/") for p in changed)
    assert_same_tree(site, clean_build(project, tmp_path))
