"""The strict YAML loader: no surprise typing, no duplicate keys, every error placed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitrep.load import parse, read


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
    assert messages("a: 1\nb: 2\na: 3\n") == ["t.yaml:3:1: a: duplicate key (first defined on line 1)"]


def test_alias_is_refused_where_it_is_used() -> None:
    assert messages("a: &x 1\nb: *x\n") == ["t.yaml:2:1: b: anchors and aliases are not allowed; write the value out"]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    errors = messages("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert errors and all("anchors and aliases are not allowed" in e for e in errors)


def test_tags_are_refused() -> None:
    assert messages("a: !!python/object/apply:os.system ['echo hi']\n") == [
        "t.yaml:1:4: a: YAML tags are not allowed (found 'tag:yaml.org,2002:python/object/apply:os.system')"
    ]


def test_deep_nesting_is_refused_not_crashed() -> None:
    errors = messages("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(errors) == 1 and errors[0].startswith("t.yaml:1:")
    assert "nested" in errors[0] or "invalid YAML" in errors[0]


def test_syntax_error_has_a_position() -> None:
    assert messages("a: [1, 2\nb: 3\n") == [
        "t.yaml:2:2: (file): invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"
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
    assert [str(e) for e in read(tmp_path / "bad.yaml", tmp_path)[1]] == ["bad.yaml:2:4: (file): not valid UTF-8"]
    assert [str(e) for e in read(tmp_path / "nul.yaml", tmp_path)[1]] == [
        "nul.yaml:2:5: (file): contains a NUL character"
    ]
    (tmp_path / "bom.yaml").write_bytes("\ufeffa: 1\n".encode())
    doc, errors = read(tmp_path / "bom.yaml", tmp_path)
    assert errors == [] and doc.data == {"a": "1"}
