"""The JSON Schemas editors get (``schemas/``): documented field by field, current, and right.

"Right" is checked with the reference implementation of JSON Schema (the ``jsonschema``
package, Draft 2020-12), against the two example reports as a YAML 1.2 editor reads them
(the fixtures ``sample``, Syria, and ``kestrel``, copies of the reports as committed),
and against broken files it must reject.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sitrep.authoring import schemas
from sitrep.authoring.fmt import fact_files
from sitrep.facts.filekinds import kind as fact_kind

from .conftest import FIXTURES, ROOT, SAMPLE, run

KESTREL = FIXTURES / "kestrel"


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object schema in ``node``, with its path."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_field_has_a_description_and_an_example(kind: str) -> None:
    schema = schemas.schema(kind)
    found = list(_properties(schema))
    assert len(found) >= 4
    missing = [where for where, prop in found if not prop.get("description") or not prop.get("examples")]
    assert missing == []
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" and schema["description"]


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_each_schema_is_valid_draft_2020_12_and_its_examples_are_valid(kind: str) -> None:
    """The examples are what the editor shows: each must pass its own field's schema."""
    schema = schemas.schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    for where, prop in _properties(schema):
        sub = {**prop, "$defs": schema.get("$defs", {})}
        validator = jsonschema.Draft202012Validator(sub)
        for example in prop["examples"]:
            assert not list(validator.iter_errors(example)), (where, example)


def test_the_committed_schemas_are_current() -> None:
    assert schemas.stale(ROOT) == [], "run: python build.py schema"


def test_schema_check_and_write_via_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    result = run("schema", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "schemas/report.schema.json: not current (run: python build.py schema)"
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(f"{k}.schema.json" for k in schemas.KINDS)
    assert run("schema", "--check", cwd=tmp_path).returncode == 0
    path = tmp_path / "schemas" / "figures.schema.json"
    path.write_text(path.read_text().replace("The number", "A number"))
    result = run("schema", "--check", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1,
        "schemas/figures.schema.json: not current (run: python build.py schema)\n",
    )
    # One kind on stdout: the same bytes as the file
    assert run("schema", "figures", cwd=tmp_path).stdout == schemas.text("figures")


# --------------------------------------------------------------------------- the example reports against the schemas


class Yaml12Loader(yaml.SafeLoader):
    """What the YAML language server reads: YAML 1.2's core schema (``2025-03-08`` and ``yes`` are strings)."""


_DROPPED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")  # 1.1's dates and yes/no/on/off
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # a SafeLoader: no tags


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / schemas.file_name(kind)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


EXAMPLES = fact_files(SAMPLE) + fact_files(KESTREL)


def test_both_example_reports_are_in_the_fixtures() -> None:
    names = {p.parent.name for p in EXAMPLES if p.parent.parent.name == "reports"}
    assert names == {"syria-coast-2025-03", "kestrel-earthquake-2025-11"}
    assert {fact_kind(p) for p in EXAMPLES} >= {"report", "seed", *schemas.model.SECTIONS}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_the_example_reports_are_valid_against_the_schemas(path: Path) -> None:
    kind = fact_kind(path)
    assert kind is not None
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(kind).iter_errors(_read(path))]
    assert errors == []


def _figures() -> list[dict[str, Any]]:
    return _read(KESTREL / "reports" / "kestrel-earthquake-2025-11" / "figures.yaml")


def _sources() -> list[dict[str, Any]]:
    return _read(KESTREL / "reports" / "kestrel-earthquake-2025-11" / "sources.yaml")


def _broken() -> Iterator[tuple[str, str, Any]]:
    figures = _figures()
    typo = copy.deepcopy(figures)
    typo[0]["sorce"] = typo[0].pop("source")
    yield "a misspelt key", "figures", typo
    qualifier = copy.deepcopy(figures)
    qualifier[0]["qualifier"] = "roughly"
    yield "an unknown qualifier", "figures", qualifier
    flag = copy.deepcopy(figures)
    flag[0]["key"] = "yes"  # YAML 1.1's boolean: a string to YAML 1.2 and to sitrep
    yield "a YAML 1.1 boolean", "figures", flag
    sources = _sources()
    named = next(s for s in sources if s.get("anonymous"))
    named["name"] = "A protected name"
    yield "an anonymous source with a name", "sources", sources
    report = _read(KESTREL / "reports" / "kestrel-earthquake-2025-11" / "report.yaml")
    del report["editions"][0]["published"]
    yield "an edition without its date", "report", report
    yield "a mapping where a list belongs", "places", {"id": "x"}


@pytest.mark.parametrize(("what", "kind", "data"), list(_broken()), ids=lambda v: v if isinstance(v, str) else "")
def test_the_schemas_reject_broken_files(what: str, kind: str, data: Any) -> None:
    assert list(_validator(kind).iter_errors(data)), what
