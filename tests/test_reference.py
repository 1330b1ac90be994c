"""The site's "Writing reports" page: generated from the model and the measures registry, complete,
escaped, and the same bytes every time (its Markdown is also a golden file: tests/golden/*/writing.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import markdown
import yaml

from sitrep.facts import measures, model
from sitrep.outputs import render

from .conftest import FORMS, ROOT, SAMPLE, copy_project
from .htmltext import visible_text

MODELS = [
    model.ReportMeta,
    model.NamedSource,
    model.AnonymousSource,
    model.Place,
    model.Actor,
    model.Figure,
    model.Event,
    model.Statement,
    model.Impact,
    model.Media,
    model.SeedMeta,
    model.Edition,
    model.Correction,
    model.Evidence,
    model.When,
    model.LocalTime,
    model.Period,
    model.Duration,
    model.Coordinates,
    model.Exclusion,
    model.DiscrepancyNote,
]


def _page(project: Path) -> str:
    env = render.environment(ROOT / "templates", registry=measures.load(project)[0])
    return render.render_writing(env)


def _html(text: str) -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return markdown.markdown(text, extensions=extensions)


def test_every_field_of_every_model_is_on_the_page() -> None:
    text = visible_text(_html(_page(SAMPLE)))
    for cls in MODELS:
        for name, info in cls.model_fields.items():
            assert info.description
            words = info.description.replace("`", "")
            assert f"{name}{' (required)' if info.is_required() else ''}: " in text, (cls.__name__, name)
            assert words in text, (cls.__name__, name)


def test_every_measure_and_unit_of_the_registry_is_in_the_tables() -> None:
    registry = measures.load(FORMS)[0]
    assert "treated" in registry.measures and "doses" in registry.units  # the project's own, too
    page = _page(FORMS)
    for m in registry.measures.values():
        assert f"| `{m.id}` | {m.label} | `{m.unit}` ({m.unit_label}) | `{m.hxl}` |" in page
    for uid in registry.units:
        assert f"| `{uid}` |" in page


def test_text_from_a_project_registry_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> *bold* | [link](http://x) `tick`"
    (tmp_path / "measures.yaml").write_text(
        yaml.safe_dump({"measures": {"odd": {"label": hostile, "unit": "people"}}}), encoding="utf-8"
    )
    assert measures.load(tmp_path)[1] == []
    page = _page(tmp_path)
    html = _html(page)
    assert "<script" not in html and "<strong>bold" not in html and 'href="http://x"' not in html
    assert hostile in visible_text(html)
    row = next(r for r in html.split("<tr>") if "<code>odd</code>" in r)
    assert row.count("<td") == 5  # the pipe in the label splits no cell


def test_the_page_is_the_same_bytes_whatever_the_hash_seed() -> None:
    code = "from tests.test_reference import _page; from tests.conftest import FORMS; import sys; "
    code += "sys.stdout.write(_page(FORMS))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_the_page_is_out_of_the_readers_navigation_and_linked_from_the_about_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not [entry for entry in config["nav"] if "writing.md" in entry.values()]  # for editors, not readers
    assert "/writing.md" in config["not_in_nav"].split()
    assert "](writing.md)" in (ROOT / "templates" / "about.md.j2").read_text(encoding="utf-8")


def test_the_measures_are_named_in_the_pages_language_and_a_projects_own_stays_text(tmp_path: Path) -> None:
    """The writing page in Arabic names the built-in measures and units in Arabic (the catalogue has
    them); a project's own measure, unknown to the catalogue, keeps its label, escaped as text."""
    project = copy_project(tmp_path / "p")
    (project / "measures.yaml").write_text(
        "measures:\n  wells-cleaned:\n    label: wells *cleaned* <b>\n    unit: people\n    hxl: '#indicator+wells'\n",
        encoding="utf-8",
    )
    registry, errors = measures.load(project)
    assert not errors
    env = render.environment(ROOT / "templates", registry=registry, language="ar")
    page = render.render_writing(env)
    assert "| القتلى |" in page and "people killed" not in page
    assert "| wells \\*cleaned\\* &lt;b&gt; |" in page
