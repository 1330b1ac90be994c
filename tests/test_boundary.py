"""The mkdocs boundary: sitrep builds only with the mkdocs, Material and pymdown releases it is tested with,
and only sitrep/site/mkdocs_boundary.py touches them.

The page-builder contract (this build gives ``mkdocs build``'s bytes, on a clean build and on a warm
incremental rebuild) is tests/test_incremental.py's ``test_site_step_gives_the_bytes_of_mkdocs_build``.
"""

from __future__ import annotations

import ast
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from sitrep.errors import EnvironmentFault
from sitrep.site import mkdocs_boundary

from .conftest import ROOT

REAL = metadata.version


def faked(**versions: str):
    return lambda name: versions.get(name.replace("-", "_"), REAL(name))


def test_the_pinned_versions_are_in_the_tested_range(monkeypatch) -> None:
    monkeypatch.delenv(mkdocs_boundary.UNTESTED_OK, raising=False)
    assert mkdocs_boundary.check_versions() == []


def test_pyproject_bounds_are_the_tested_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {(r := Requirement(d)).name: r.specifier for d in project["dependencies"]}
    for name, tested in mkdocs_boundary.TESTED.items():
        assert bounds[name] == SpecifierSet(",".join(tested)), name


@pytest.mark.parametrize(
    ("versions", "said"),
    [
        ({"mkdocs_material": "9.9.0"}, "mkdocs-material 9.9.0 is installed, but sitrep is tested with"),
        ({"mkdocs": "1.7.0"}, "mkdocs 1.7.0 is installed"),
        ({"mkdocs": "1.6.0"}, "mkdocs 1.6.0 is installed"),
        ({"pymdown_extensions": "14.0"}, "pymdown-extensions 14.0 is installed"),
    ],
)
def test_an_untested_release_is_refused_saying_what_to_do(monkeypatch, versions: dict, said: str) -> None:
    monkeypatch.delenv(mkdocs_boundary.UNTESTED_OK, raising=False)
    with pytest.raises(EnvironmentFault) as exc:
        mkdocs_boundary.check_versions(faked(**versions))
    assert said in str(exc.value)
    assert "make install" in str(exc.value) and f"{mkdocs_boundary.UNTESTED_OK}=1" in str(exc.value)


def test_an_untested_release_can_be_tried_on_purpose(monkeypatch, caplog) -> None:
    monkeypatch.setenv(mkdocs_boundary.UNTESTED_OK, "1")
    assert mkdocs_boundary.check_versions(faked(mkdocs_material="10.0.0")) == [
        "mkdocs-material 10.0.0 is installed, but sitrep is tested with mkdocs-material>=9.8.2,<9.9"
    ]


def test_the_build_stops_before_touching_the_site(project: Path, monkeypatch, capsys) -> None:
    from sitrep import cli

    monkeypatch.delenv(mkdocs_boundary.UNTESTED_OK, raising=False)
    monkeypatch.setattr(metadata, "version", faked(mkdocs="1.7.0"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", "--root", str(project)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: mkdocs 1.7.0 is installed, but sitrep is tested with mkdocs>=1.6.1,<1.7")
    assert not (project / "site").exists()


def test_only_the_boundary_module_imports_mkdocs_or_material() -> None:
    outside = []
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        if path.name == "mkdocs_boundary.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            outside += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material")]
    assert outside == []


@pytest.mark.slow
def test_an_id_attribute_without_a_value_in_a_template_builds(project: Path) -> None:
    """``<seed id>`` in a template's prose (a placeholder written as a tag) gives mkdocs an anchor
    with no name; the page cache used to sort it with the others and end the build with an internal error."""
    from .conftest import run

    about = project / "templates" / "about.md.j2"
    about.write_text(about.read_text(encoding="utf-8") + "\nCite a seed as <seed id> in evidence.\n", encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 0, result.stderr
    again = run("build", "--strict", cwd=project)  # and a rebuild reads the cached page's anchors back
    assert again.returncode == 0, again.stderr


def test_a_page_whose_front_matter_mkdocs_cannot_read_fails_the_build_naming_it(tmp_path: Path) -> None:
    """mkdocs would keep the front matter as the page's Markdown: a live link from a summary, say."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    page = b'---\ndescription: "Update\x7f [x](javascript:alert(1))"\n---\n\n# Title\n'
    with pytest.raises(EnvironmentFault, match=r"the front matter of page reports/r/index\.md cannot be read \("):
        mkdocs_boundary.mkdocs_build(tmp_path / "mkdocs.yml", {"reports/r/index.md": page}, tmp_path / "out", 0)
    assert not (tmp_path / "out" / "reports" / "r" / "index.html").exists()
