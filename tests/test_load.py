"""The strict YAML loader: no surprise typing, no duplicate keys, every error placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.facts.load import C_LOADER, PURE_LOADER, parse, read

from .conftest import REPORT, SAMPLE

LOADERS = pytest.mark.parametrize("loader", [C_LOADER, PURE_LOADER], ids=["libyaml", "pure-python"])


def ok(text: str):
    doc, errors = parse(text, "t.yaml")
    assert errors == []
    return doc


def messages(text: str) -> list[str]:
    return [str(e) for e in parse(text, "t.yaml")[1]]


@pytest.mark.parametrize("raw", ["NO", "no", "on", "Off", "yes", "1:20", "0x10", "1e3", "2025-03-08", "12", ".5"])
def test_plain_scalars_stay_strings(raw: str) -> None:
    assert ok(f"a: {raw}\n").data == {"a": raw}


@pytest.mark.parametrize("raw", ["~", "null", ""])
def test_null_spellings(raw: str) -> None:
    assert ok(f"a: {raw}\n").data == {"a": None}


def test_positions_of_nested_values() -> None:
    doc = ok("items:\n  - id: x\n    when:\n      date: 2025-03-08\n")
    assert doc.where(("items", 0, "when", "date")) == (4, 7)
    assert doc.where(("items", 0, "missing")) == (2, 5)  # falls back to the nearest ancestor


def test_duplicate_key() -> None:
    assert messages("a: 1\nb: 2\na: 3\n") == ["t.yaml:3:1: a: duplicate key (first defined on line 1) [SR114]"]


def test_alias_is_refused_where_it_is_used() -> None:
    assert messages("a: &x 1\nb: *x\n") == [
        "t.yaml:2:1: b: anchors and aliases are not allowed; write the value out [SR111]",
        # the anchor itself, too
        "t.yaml:1:4: (file): anchors and aliases are not allowed; write the value out [SR111]",
    ]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    errors = messages("\n".join(lines) + "\n")  # refused at the first alias, before any expansion
    assert errors and all("anchors and aliases are not allowed" in e for e in errors)


def test_tags_are_refused() -> None:
    assert messages("a: !!python/object/apply:os.system ['echo hi']\n") == [
        "t.yaml:1:4: a: YAML tags are not allowed (found 'tag:yaml.org,2002:python/object/apply:os.system') [SR112]"
    ]


def test_deep_nesting_is_refused_not_crashed() -> None:
    errors = messages("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(errors) == 1 and errors[0].startswith("t.yaml:1:")
    assert "nested" in errors[0] or "invalid YAML" in errors[0]


def test_syntax_error_has_a_position() -> None:
    assert messages("a: [1, 2\nb: 3\n") == [
        "t.yaml:2:2: (file): invalid YAML: while parsing a flow sequence did not find expected ',' or ']' [SR108]"
    ]


def test_tab_indentation_is_a_placed_error() -> None:
    (error,) = messages("a:\n\tb: 1\n")
    assert error.startswith("t.yaml:2:1: (file): invalid YAML")


def test_file_level_faults(tmp_path: Path) -> None:
    cases = {
        "bad.yaml": b"a: 1\nb: \xff\n",
        "nul.yaml": b"a: 1\nb: x\x00y\n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert [str(e) for e in read(tmp_path / "bad.yaml", tmp_path)[1]] == [
        "bad.yaml:2:4: (file): not valid UTF-8 [SR106]"
    ]
    assert [str(e) for e in read(tmp_path / "nul.yaml", tmp_path)[1]] == [
        "nul.yaml:2:5: (file): contains a NUL character [SR107]"
    ]
    (tmp_path / "bom.yaml").write_bytes("\ufeffa: 1\n".encode())
    doc, errors = read(tmp_path / "bom.yaml", tmp_path)
    assert errors == [] and doc.data == {"a": "1"}


HOSTILE_YAML = {
    "deep flow nesting": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "t.yaml:1:"),
    "deep block nesting": ("".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v: 1\n", "t.yaml:"),
    "NUL": ("a: b\x00c\n", "t.yaml:1:5: (file): invalid YAML: character U+0000 is not allowed"),
    "control character": ("a: \x01\n", "t.yaml:1:4: (file): invalid YAML: character U+0001 is not allowed"),
    "tab indentation": ("a:\n\tb: 1\n", "t.yaml:2:1: (file): invalid YAML"),
    "self alias": ("x: &a [*a]\n", "t.yaml:1:4: x[0]: anchors and aliases are not allowed"),
    "object tag": ("a: !!python/name:os.system\n", "t.yaml:1:4: a: YAML tags are not allowed"),
    "huge scalar": ("a: " + "x" * 3_000_000 + "\nb: [\n", "t.yaml:3:1: (file): invalid YAML"),
}


@LOADERS
@pytest.mark.parametrize("name", HOSTILE_YAML)
def test_hostile_yaml_is_refused_with_a_place_by_either_loader(loader, name: str) -> None:
    text, expected = HOSTILE_YAML[name]
    errors = [str(e) for e in parse(text, "t.yaml", loader=loader)[1]]
    assert errors and errors[0].startswith(expected), errors


@LOADERS
def test_both_loaders_read_the_same(loader) -> None:
    text = (SAMPLE / REPORT / "figures.yaml").read_text(encoding="utf-8")
    doc, errors = parse(text, "f.yaml", loader=loader)
    reference, _ = parse(text, "f.yaml", loader=C_LOADER)
    assert errors == [] and doc.data == reference.data and doc.positions == reference.positions
