"""The incremental build: what changed is checked, rendered and turned into HTML again, the
rest is reused, and the site is byte for byte the one a clean build makes.

The corpus is bench.corpus's (several reports, editions, many charts), so "one report
changed" means what it means at scale.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from babel.support import NullTranslations

from bench import corpus
from sitrep import forked, pipeline
from sitrep.cache import keys
from sitrep.errors import EnvironmentFault, FactsError
from sitrep.outputs import render
from sitrep.site import mkdocs_boundary, settings, swap

from .conftest import ROOT, install_fake_distribution

pytestmark = pytest.mark.slow
REPORTS = 3


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    left, right = tree(a), tree(b)
    assert sorted(left) == sorted(right)
    differ = [k for k in left if left[k] != right[k]]
    assert differ == []


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    corpus.generate(root, REPORTS, seed=7)
    return root


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(generated, root)
    return root


def clean_build(root: Path, tmp_path: Path, workers: int | None = None) -> Path:
    """The same project built from nothing: no caches, a fresh copy."""
    fresh = tmp_path / f"clean-{workers}"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site", ".site.*"))
    pipeline.build(fresh, fresh / "site", strict=True, workers=workers)
    return fresh / "site"


def test_one_changed_report_is_all_that_is_checked_and_rendered(project: Path, tmp_path: Path) -> None:
    first = pipeline.build(project, project / "site", strict=True)
    assert len(first.checked) == REPORTS and first.html.reused == 0
    corpus.modify_one(project, 1)  # a new figure in a new edition 4 of the second report
    second = pipeline.build(project, project / "site", strict=True)
    changed = sorted(p.name for p in (project / "reports").iterdir())[1]
    assert second.checked == [changed]
    assert sorted(second.html.rendered) == sorted(
        [
            "index.md",  # its entry's date changed
            "reports/index.md",
            f"reports/{changed}/index.md",
            f"reports/{changed}/editions/3/index.md",  # no longer the latest: says so, leads to the latest
            f"reports/{changed}/editions/4/index.md",
        ]
    )  # editions 1 and 2 name nothing published after them: their pages are reused as they were
    assert second.html.reused == first.html.reused + len(first.html.rendered) - 4
    # The site-wide feed and data index are merged from every report's cached entry: the changed
    # report's new edition is in them, the others' entries came from the cache.
    assert f"reports/{changed}/editions/4/" in (project / "site/feed.xml").read_text(encoding="utf-8")
    assert (project / f"site/reports/{changed}/editions/4/data/datapackage.json").is_file()
    assert_same_tree(project / "site", clean_build(project, tmp_path))


def test_parallel_cached_build_equals_serial_clean_build(project: Path, tmp_path: Path, monkeypatch) -> None:
    # On two cores: the corpus's reports rendered in two processes, the Arabic pages built by mkdocs
    # in a process of their own, the charts drawn by a pool; in one process, the same bytes.
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    forks: list[str] = []
    real = forked.Running.__init__

    def spy(self, fn, *args) -> None:
        forks.append(fn.__name__)
        real(self, fn, *args)

    monkeypatch.setattr(forked.Running, "__init__", spy)
    pipeline.build(project, project / "site", strict=True, workers=2)
    assert sorted(set(forks)) == ["_render_share", "mkdocs_build"]
    corpus.modify_one(project, 0)
    second = pipeline.build(project, project / "site", strict=True, workers=2)
    # The Arabic pass's page-cache entries came back from its process and were kept: it reused its pages.
    arabic = second.html.languages["ar"]
    assert arabic.reused > 0 and sorted(arabic.rendered) == sorted(second.html.rendered)
    forks.clear()
    assert_same_tree(project / "site", clean_build(project, tmp_path, workers=1))
    assert forks == []


def _markdown(project: Path) -> tuple[dict[str, bytes], int]:
    built = pipeline.assemble(project, strict=True)
    files = {path: data.read_bytes() if isinstance(data, Path) else data for path, data in built.docs.items()}
    return files, swap.build_date(built.date)


@pytest.mark.parametrize("cache", ["clean", "warm"])
def test_site_step_gives_the_bytes_of_mkdocs_build(project: Path, tmp_path: Path, monkeypatch, cache: str) -> None:
    """sitrep's page builder against ``mkdocs build`` itself, on the same Markdown: from nothing, and
    on an incremental rebuild after one report changed (most pages reused from the page cache).

    On a site in one language: in several, each page's language selector and alternates name that
    very page, which mkdocs' own build cannot do (tests/test_languages.py holds those passes to this
    one's bytes but for the selector and the alternates)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from .test_languages import _one_language

    _one_language(project)

    cache_dir = tmp_path / "html-cache" if cache == "warm" else None
    if cache_dir is not None:
        files, epoch = _markdown(project)
        first = mkdocs_boundary.mkdocs_build(
            project / "mkdocs.yml", files, tmp_path / "before", epoch, cache_dir=cache_dir
        )
        first.cache.commit()  # as a build does once its inputs held still
        corpus.modify_one(project, 1)  # a new figure in a new edition of the second report
    files, epoch = _markdown(project)
    docs = tmp_path / "docs"
    for rel, data in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(data)
    ours = tmp_path / "ours"
    stats = mkdocs_boundary.mkdocs_build(project / "mkdocs.yml", files, ours, epoch, cache_dir=cache_dir)
    if cache_dir is not None:
        assert stats.reused > 0 and 0 < len(stats.rendered) < stats.reused  # the contract holds for reused pages
    theirs = tmp_path / "theirs"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    mkdocs_build(load_config(str(project / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(theirs), strict=True))
    assert_same_tree(ours, theirs)


def test_walk_order_is_mkdocs_order() -> None:
    paths = ["b/x.md", "a.md", "b/index.md", "index.md", "b/c/index.md", "ab/z.md", "z.md"]
    assert mkdocs_boundary.walk_order(paths) == [
        "index.md",
        "a.md",
        "z.md",
        "ab/z.md",
        "b/index.md",
        "b/x.md",
        "b/c/index.md",
    ]


# Each input that shapes the output, changed: the caches must not hide the change.
def _fact(root: Path) -> None:
    folder = sorted((root / "reports").iterdir())[0]
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0]
    (folder / "report.yaml").write_text(text.replace(title, title.rstrip('"') + ' revised"', 1), encoding="utf-8")
    corpus.write_lock(root, folder.name)  # republished: the editions' fingerprints include the title


def _template(root: Path) -> None:
    path = root / "templates/report.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\nA line from a changed template.\n", encoding="utf-8")


def _theme(root: Path) -> None:
    path = root / "templates/theme/main.html"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n{% block footer %}A changed theme{{ super() }}{% endblock %}\n",
        encoding="utf-8",
    )


def _config(root: Path) -> None:
    path = root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("site_name: Situation reports", "site_name: Sitreps"))
    # and its Arabic, as an editor renaming the site gives it (an untranslated name is SR804 under --strict)
    po = root / "locale/ar/LC_MESSAGES/messages.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Sitreps"\nmsgstr "تقارير"\n', encoding="utf-8")


def _publisher(root: Path) -> None:
    """A publisher setting shapes every report's downloads, citation and metadata."""
    path = root / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Sitrep Desk", "name: Another Desk"))


@pytest.mark.parametrize(
    "change,expect",
    [
        (_fact, "revised"),
        (_publisher, "Another Desk"),
        (_template, "A line from a changed template"),
        (_theme, "A changed theme"),
        (_config, "Sitreps"),
    ],
)
def test_a_changed_input_changes_the_output(project: Path, tmp_path: Path, change, expect: str) -> None:
    pipeline.build(project, project / "site", strict=True)
    change(project)
    pipeline.build(project, project / "site", strict=True)
    first = sorted(p for p in (project / "site/reports").iterdir() if p.is_dir())[0]
    assert expect in (first / "index.html").read_text(encoding="utf-8")
    assert_same_tree(project / "site", clean_build(project, tmp_path))


@pytest.mark.parametrize("what", ["code", "libraries"])
def test_changed_code_or_libraries_render_everything_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, what: str
) -> None:
    first = pipeline.build(project, project / "site", strict=True)
    if what == "code":  # a copy of the package with one module edited stands for new code
        copy = tmp_path / "sitrep"
        shutil.copytree(keys.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        (copy / "outputs" / "filters.py").write_text((copy / "outputs" / "filters.py").read_text() + "\n# changed\n")
        monkeypatch.setattr(keys, "package", lambda: copy)
    else:
        install_fake_distribution(monkeypatch, tmp_path / "dists", "markdown", "99")
    second = pipeline.build(project, project / "site", strict=True)
    assert second.checked == first.checked  # every report checked and rendered again
    assert second.html.reused == 0 and len(second.html.rendered) == len(first.html.rendered)


@pytest.mark.parametrize("stamp", ["kept", "removed"])
def test_a_page_edited_in_the_site_is_not_reused(project: Path, tmp_path: Path, stamp: str) -> None:
    """Pages and charts are hard-linked from the caches: an edit in place must not poison them.

    Noticed by its identity (size and time) by the next publish, which follows a recorded build
    (the stamp kept), as by a build that checks every byte (no stamp)."""
    pipeline.build(project, project / "site", strict=True)
    page = project / "site/about/index.html"
    chart = next((project / "site/reports").rglob("*.svg"))
    page.write_text("damaged")
    chart.write_text("damaged")
    if stamp == "removed":
        (project / ".cache/build-stamp.json").unlink()
    pipeline.build(project, project / "site", strict=True)
    assert_same_tree(project / "site", clean_build(project, tmp_path))


def test_index_entry_is_the_latest_edition(generated: Path) -> None:
    checked = pipeline.check(generated, strict=True)
    env = render.environment(ROOT / "templates")
    out = render.report_pages(env, checked.reports[0], checked.seeds, drafts=False)
    latest = checked.reports[0].meta.editions[-1]
    assert out.entry is not None and out.entry.as_of == latest.published.date()


def test_a_page_that_warned_is_never_reused(project: Path) -> None:
    """A broken link on a navigation page (read before the others) fails every strict build, not just the first."""
    about = project / "templates/about.md.j2"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(EnvironmentFault, match="strict"):
            pipeline.build(project, project / "site", strict=True)


def test_project_wide_errors_are_found_with_every_report_cached(project: Path) -> None:
    pipeline.build(project, project / "site", strict=True)
    (project / "seeds/orphan.yaml").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(FactsError, match="metadata for a missing seed"):
        pipeline.build(project, project / "site", strict=True)


def test_a_new_empty_report_folder_is_a_clear_error(project: Path) -> None:
    pipeline.build(project, project / "site", strict=True)
    (project / "reports/new-report").mkdir()
    with pytest.raises(FactsError, match="every report folder needs one"):
        pipeline.build(project, project / "site", strict=True)


def test_exclusions_name_seeds_the_cache_key_covers(tmp_path: Path) -> None:
    report = tmp_path / "report.yaml"
    report.write_text(
        "id: r\ntitle: T\nsummary: S\nseeds: [a]\nexclusions:\n  - seed: b\n    quote: q\n    reason: why\n",
        encoding="utf-8",
    )
    assert keys.listed_seeds(report) == ["a", "b"]


def test_damaged_cache_entries_are_rendered_again(project: Path, tmp_path: Path) -> None:
    """Entries from another version or a damaged disk are ignored, never a traceback."""
    pipeline.build(project, project / "site", strict=True)
    for entry in (project / ".cache/html").rglob("*.json"):
        entry.write_text('{"file": [1, 2, 3]}', encoding="utf-8")
    (project / ".cache/charts/index.json").write_text("[1, 2]", encoding="utf-8")
    (project / ".cache/digests.json").write_text("not json", encoding="utf-8")
    (project / ".cache/build-stamp.json").unlink()
    again = pipeline.build(project, project / "site", strict=True)
    assert again.html.reused == 0
    assert_same_tree(project / "site", clean_build(project, tmp_path))


def test_the_first_languages_pass_leaves_the_other_languages_folders(tmp_path: Path) -> None:
    """The Arabic pass may be writing ar/ while the English pass empties the site folder first."""
    english, arabic = (
        settings.Language("en", "English", "", "ltr", "latn"),
        settings.Language("ar", "العربية", "ar/", "rtl", "arab"),
    )
    site = tmp_path / "site"
    for name in ("ar/index.html", "old.html", "assets/x.css", ".kept"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    first = mkdocs_boundary.Pass(english, (english, arabic), "https://example.org/", NullTranslations())
    mkdocs_boundary._clean(str(site), first)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [".kept", "ar/index.html"]
    mkdocs_boundary._clean(str(site / "ar"), dataclasses.replace(first, language=arabic))
    assert list((site / "ar").iterdir()) == []
