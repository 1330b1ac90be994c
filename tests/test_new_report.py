"""``build.py new REPORT --seed ID``: a report skeleton that checks as it is and says what is left to do."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from sitrep.authoring.schemas import modeline
from sitrep.facts import model

from .conftest import FIXTURES, ROOT, SAMPLE, run

KESTREL_SEED = "001_kestrel-earthquake"
SYRIA_SEED = "000_35c3038285085a70"
WHEN = "2025-11-18T12:00:00+00:00"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """A project with the code's mkdocs.yml and templates, two seeds, and no report."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "locale", root / "locale")
    (root / "reports").mkdir()
    (root / "seeds").mkdir()
    for source in (FIXTURES / "kestrel" / "seeds", SAMPLE / "seeds"):
        for path in source.iterdir():
            shutil.copy2(path, root / "seeds" / path.name)
    return root


def _new(root: Path, report: str = "quake", seed: str = KESTREL_SEED, *more: str):
    return run("new", report, "--seed", seed, *more, cwd=root)


def test_the_skeleton_checks_and_lists_the_seed_as_the_to_do_list(bare: Path) -> None:
    result = _new(bare, "quake", KESTREL_SEED, "--published", WHEN)
    assert result.returncode == 0, result.stderr
    folder = bare / "reports" / "quake"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["report.yaml", *(f"{s}.yaml" for s in model.SECTIONS)])  # nothing else, no temporary file
    assert [p.name for p in (bare / "reports").iterdir()] == ["quake"]
    assert result.stderr.startswith(f"Started reports/quake/ from seed {KESTREL_SEED}: ")

    report = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    assert report["seeds"] == [KESTREL_SEED] and report["coverage"] == "complete"
    assert [(e["number"], e["draft"]) for e in report["editions"]] == [(1, True)]

    # as it is: no error; the seed's numbers and places are findings (the to-do list)
    checked = run("check", cwd=bare)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[-1].startswith("1 report checked: no errors, ")
    strict = run("check", "--strict", cwd=bare)
    assert strict.returncode == 1
    todo = strict.stderr.splitlines()
    assert re.fullmatch(r"\d+ errors; nothing was written\.", todo[-1])
    assert all(re.match(rf"seeds/{KESTREL_SEED}\.txt:\d+:\d+: coverage: ", line) for line in todo[:-1]), todo
    for wanted in ("number '214'", "number '38 million'", "number '1,100'", "possible place 'Vell'", "'Halden'"):
        assert any(wanted in line for line in todo), wanted

    # canonical layout, modeline first
    assert run("fmt", "--check", cwd=bare).returncode == 0
    for path in folder.iterdir():
        assert path.read_text(encoding="utf-8").splitlines()[0] == modeline(path.stem)


def test_the_publisher_is_a_live_source_quoted_from_the_seed(bare: Path) -> None:
    assert _new(bare, "syria", SYRIA_SEED, "--published", "2025-03-09T08:00:00+00:00").returncode == 0
    sources = yaml.safe_load((bare / "reports/syria/sources.yaml").read_text(encoding="utf-8"))
    assert sources == [
        {
            "id": "associated-press",
            "kind": "wire",
            "name": "Associated Press",
            "description": sources[0]["description"],
            "evidence": {"seed": SYRIA_SEED, "quote": "Associated Press"},
        }
    ]
    assert run("check", cwd=bare).returncode == 0


def test_a_seed_without_a_publisher_gives_the_article_as_its_source(bare: Path) -> None:
    assert _new(bare, "quake", KESTREL_SEED, "--published", WHEN).returncode == 0
    [source] = yaml.safe_load((bare / "reports/quake/sources.yaml").read_text(encoding="utf-8"))
    assert (source["id"], source["kind"], source["name"]) == ("the-article", "media", "The article")
    assert not re.search(r"\d", source["evidence"]["quote"])  # ticks no number off the to-do list


def _uncommented_example(path: Path) -> object:
    """The example in a file's comments, as YAML (the lines after the lone '#')."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("#") + 1
    body = []
    for line in lines[start:]:
        if not line.startswith("#"):
            break
        body.append(re.sub(r"  # optional$", "", line[2:]))
    return yaml.load("\n".join(body), Loader=yaml.BaseLoader)  # strings only; fine for the keys


@pytest.mark.parametrize("section", [s for s in model.SECTIONS])
def test_each_fact_kind_has_a_commented_example_with_every_field(bare: Path, section: str) -> None:
    assert _new(bare, "quake", KESTREL_SEED, "--published", WHEN).returncode == 0
    path = bare / "reports" / "quake" / f"{section}.yaml"
    example = _uncommented_example(path)
    assert isinstance(example, list) and len(example) == 1
    target = model.AnonymousSource if section == "sources" else model.SECTIONS[section]
    assert list(example[0]) == model.canonical_order(target)  # type: ignore[arg-type]
    assert example[0]["evidence"]["seed"] == KESTREL_SEED
    if "source" in example[0]:  # the example cites a source the report has: its first, the article
        assert example[0]["source"] == "the-article"
    for correction in example[0].get("corrections", []):  # and corrects a field its kind has
        assert correction["field"] in target.model_fields
    if section != "sources":
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == []  # live data: none yet


def test_the_commented_examples_are_valid_against_the_schemas(bare: Path) -> None:
    """Uncommented (read as YAML 1.2 would: numbers, booleans), each example passes its file's schema."""
    assert _new(bare, "quake", KESTREL_SEED, "--published", WHEN).returncode == 0
    from .test_schemas import Yaml12Loader

    for section in model.SECTIONS:
        path = bare / "reports" / "quake" / f"{section}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        start = lines.index("#") + 1
        body = [line[2:] for line in lines[start:] if line.startswith("# ")]
        data = yaml.load("\n".join(body), Loader=Yaml12Loader)  # a SafeLoader
        schema = json.loads((ROOT / "schemas" / f"{section}.schema.json").read_text(encoding="utf-8"))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert errors == [], section


def test_the_same_inputs_give_the_same_bytes(bare: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(bare, other)
    for root in (bare, other):
        assert _new(root, "quake", KESTREL_SEED, "--published", WHEN).returncode == 0
    for path in sorted((bare / "reports" / "quake").iterdir()):
        assert path.read_bytes() == (other / "reports" / "quake" / path.name).read_bytes(), path.name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Quake", KESTREL_SEED), "Error: bad report id 'Quake': lower-case letters, digits and '-'"),
        (("../x", KESTREL_SEED), "Error: bad report id '../x': lower-case letters, digits and '-'"),
        (("a" * 81, KESTREL_SEED), f"Error: bad report id '{'a' * 81}'"),
        (("under_score", KESTREL_SEED), "Error: bad report id 'under_score'"),
        (
            ("quake", "001_kestrel-earthquak"),
            "Error: unknown seed '001_kestrel-earthquak' (did you mean '001_kestrel-earthquake'?): add the article",
        ),
        (("quake", "../seeds/x"), "Error: unknown seed '../seeds/x': add the article"),
        (("quake", "nothing-like-it-at-all-zzzz"), "Error: unknown seed 'nothing-like-it-at-all-zzzz': add"),
        (
            ("quake", KESTREL_SEED, "--published", "2025-11-17T00:00:00+00:00"),
            "Error: --published 2025-11-17T00:00:00+00:00 is before",
        ),
        (("quake", KESTREL_SEED, "--published", "tomorrow"), "Error: --published 'tomorrow': expected a date"),
    ],
)
def test_refusals_are_one_line_exit_2_and_write_nothing(bare: Path, args: tuple[str, ...], message: str) -> None:
    result = _new(bare, *args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(message), result.stderr
    assert list((bare / "reports").iterdir()) == []


def test_an_existing_report_is_refused_and_left_as_it_was(bare: Path) -> None:
    assert _new(bare, "quake", KESTREL_SEED, "--published", WHEN).returncode == 0
    before = {p.name: p.read_bytes() for p in (bare / "reports" / "quake").iterdir()}
    result = _new(bare, "quake", SYRIA_SEED, "--published", WHEN)
    assert (result.returncode, result.stderr) == (
        2,
        "Error: reports/quake already exists: choose another id, or edit it\n",
    )
    assert {p.name: p.read_bytes() for p in (bare / "reports" / "quake").iterdir()} == before
    assert [p.name for p in (bare / "reports").iterdir()] == ["quake"]


def test_a_seed_whose_first_line_holds_a_control_character_starts_a_report(bare: Path, tmp_path: Path) -> None:
    """The publisher's quote comes from the seed: a stretch of it that is text (it was an internal error)."""
    article = tmp_path / "del.txt"
    article.write_bytes(b"Headline\x7f here\nThe floods killed 5 people.\n")
    added = run("seed", "add", str(article), "--published", "2025-03-08", "--title", "Floods", cwd=bare)
    assert added.returncode == 0, added.stderr
    result = _new(bare, "floods", "002_del", "--published", WHEN)
    assert result.returncode == 0, result.stderr
    assert '    quote: "Headline"\n' in (bare / "reports/floods/sources.yaml").read_text(encoding="utf-8")
    checked = run("check", cwd=bare)
    assert checked.returncode == 0, checked.stderr
