"""Small traps for the next person (issue 25): a YAML key written twice is an error in every
input the build reads, never a silent choice of the last one."""

from __future__ import annotations

from pathlib import Path

from sitrep.facts import load

from .conftest import FORMS, ROOT, copy_project, run


def test_a_key_mkdocs_yml_repeats_is_an_error_in_check_and_build(project: Path) -> None:
    # reproduced: mkdocs.yml held the whole `extra:` block twice; YAML kept the second silently
    path = project / "mkdocs.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index("extra:") + 1
    path.write_text("\n".join(lines) + "\nextra:\n  generator: true\n", encoding="utf-8")
    expected = (
        f"mkdocs.yml:{len(lines) + 1}:1: extra: duplicate key (first defined on line {first}): "
        "YAML would keep this one silently [SR114]"
    )
    for command in ("check", "build"):
        result = run(command, cwd=project)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [expected, "1 error; nothing was written."]
    assert not (project / "site").exists()


def test_a_key_measures_yaml_repeats_is_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FORMS)
    path = project / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nmeasures:\n") == 1
    path.write_text(text.replace("\nmeasures:\n", "\nmeasures:\n  treated: {label: people, unit: people}\n"))
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "measures.yaml:6:3: measures.treated: duplicate key (first defined on line 5) [SR114]" in result.stderr


def test_repeated_keys_are_found_at_any_depth_whatever_the_tags() -> None:
    text = (
        "site_name: a\n"
        "extra: !ENV [X, y]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_index: !!python/name:other\n"
        "site_name: b\n"
    )
    assert [str(d) for d in load.duplicate_keys(text, "mkdocs.yml")] == [
        'mkdocs.yml:6:7: markdown_extensions[0]["pymdownx.emoji"].emoji_index: duplicate key (first defined on '
        "line 5): YAML would keep this one silently [SR114]",
        "mkdocs.yml:7:1: site_name: duplicate key (first defined on line 1): YAML would keep this one silently [SR114]",
    ]
    assert load.duplicate_keys("a: [1\n", "x.yml") == []  # not YAML: its reader says so


def test_the_yaml_the_code_ships_repeats_no_key() -> None:
    for path in (ROOT / "mkdocs.yml", ROOT / "sitrep/facts/vocabulary.yaml", ROOT / "sitrep/facts/measures.yaml"):
        assert load.duplicate_keys(path.read_text(encoding="utf-8"), path.name) == [], path
