"""``build.py fmt``: one canonical layout, comments kept, the same data read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sitrep.authoring.fmt import fact_files, format_text
from sitrep.authoring.schemas import modeline
from sitrep.facts.filekinds import kind as fact_kind
from sitrep.facts.load import parse
from sitrep.facts.text import problem as text_problem

from .conftest import FORMS, ROOT, SAMPLE, run

REAL = fact_files(SAMPLE) + fact_files(FORMS)


def canonical(text: str, kind: str = "figures") -> str:
    result, errors = format_text(text, kind, f"{kind}.yaml")
    assert errors == [], [str(e) for e in errors]
    assert result is not None
    assert parse(result, "out.yaml")[0].data == parse(text, "in.yaml")[0].data  # exactly the same data
    return result


def fmt(text: str, kind: str = "figures") -> str:
    """The canonical layout below the modeline (the first line, which names the schema: tested apart)."""
    first, _, body = canonical(text, kind).partition("\n")
    assert first == modeline(kind)
    return body


def test_the_project_has_fact_files() -> None:
    assert len(REAL) >= 10 and {fact_kind(p) for p in REAL} >= {"report", "figures", "sources", "seed"}


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_real_fact_files_are_canonical_and_formatting_is_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = canonical(text, fact_kind(path))
    assert canonical(once, fact_kind(path)) == once
    assert once == text, f"{path.name} is not canonical: run `python build.py fmt`"


def test_keys_reordered_and_comments_kept() -> None:
    text = """\
# Figures of the test report.

# The headline figure.
- value: 1000   # as printed
  id: total
  # the source's own word
  qualifier: more than
  metric: killed
  group: all
  as_of: {date: 2025-03-08}
  source: sohr
  evidence:
    quote: has passed 1,000
    seed: s1
  zeta: kept, after the known keys
  alpha: also kept, in its place
  # since: 2


# The next one.
- id: part
  evidence: {seed: s1, quote: "750 civilians"}
  metric: killed
  group: civilians
  qualifier: exact
  value: 750
  as_of:
    date: 2025-03-08
  source: sohr
  part_of: total
"""
    assert (
        fmt(text)
        == """\
# Figures of the test report.
# The headline figure.
- id: total
  metric: killed
  group: all
  # the source's own word
  qualifier: more than
  value: 1000  # as printed
  as_of:
    date: 2025-03-08
  source: sohr
  evidence:
    seed: s1
    quote: "has passed 1,000"
  zeta: kept, after the known keys
  alpha: also kept, in its place
  # since: 2

# The next one.
- id: part
  metric: killed
  group: civilians
  qualifier: exact
  value: 750
  as_of:
    date: 2025-03-08
  source: sohr
  part_of: total
  evidence:
    seed: s1
    quote: "750 civilians"
"""
    )


@pytest.mark.parametrize(
    "raw", ["NO", "no", "on", "Off", "yes", "y", "~", "null", "true", "1:20", "0x10", "1e3", ".5", "12", "2025-03-08"]
)
def test_yaml_11_lookalikes_in_text_fields_are_quoted(raw: str) -> None:
    text = f"- id: x\n  group: '{raw}'\n  label: '{raw}'\n  note: '{raw}'\n"
    out = fmt(text)
    assert out == f'- id: x\n  group: "{raw}"\n  label: "{raw}"\n  note: "{raw}"\n'
    # Every reader sees the string: ours, and a YAML 1.1 one (PyYAML's safe loader).
    assert parse(out, "t.yaml")[0].data == [{"id": "x", "group": raw, "label": raw, "note": raw}]
    assert yaml.safe_load(out) == [{"id": "x", "group": raw, "label": raw, "note": raw}]


@pytest.mark.parametrize(
    "raw",
    [" leading", "trailing ", "a: b", "a #b", "- dash", "#hash", "'single'", '"double"', "[x]", "{x}", "*star",
     "&amp", "!bang", "|pipe", ">gt", "%pct", "@at", "`tick", "ends:", "tab\there", "line\nbreak",
     "nbsp\u00a0", "sep\u2028arator", "nel\x85", "bell\x07", "", "...", "?q"],
)  # fmt: skip
def test_strings_that_plain_yaml_cannot_hold_are_double_quoted(raw: str) -> None:
    if text_problem(raw) is not None:  # not text (NEL, BEL): refused at its place, the file left as it was
        result, errors = format_text(f"- id: x\n  note: {json.dumps(raw)}\n", "figures", "f.yaml")
        assert result is None and [(e.line, e.col, e.code) for e in errors] == [(2, 9, "SR118")]
        return
    out = fmt(f"- id: x\n  note: {json.dumps(raw)}\n")
    assert out.startswith('- id: x\n  note: "') and out.count("\n") == 2
    assert parse(out, "t.yaml")[0].data == [{"id": "x", "note": raw}]


def test_plain_where_safe() -> None:
    out = fmt("- id: x\n  note: 'It''s 1,000 people, “quoted”, no. 5:30, a#b, a\\b'\n  label: 'Killed (total)'\n")
    assert out == "- id: x\n  label: Killed (total)\n  note: It's 1,000 people, “quoted”, no. 5:30, a#b, a\\b\n"


def test_dates_numbers_and_flags_stay_plain_in_their_fields() -> None:
    text = """\
- id: x
  metric: killed
  group: all
  qualifier: exact
  value: '745'
  period: {start: '2025-03-06', end: "2025-03-08"}
  as_of: {date: "2025-03-08", approximate: 'true'}
  key: "true"
  breakdown_complete: "false"
  since: "2"
  source: sohr
"""
    assert (
        fmt(text)
        == """\
- id: x
  metric: killed
  group: all
  qualifier: exact
  value: 745
  period:
    start: 2025-03-06
    end: 2025-03-08
  as_of:
    date: 2025-03-08
    approximate: true
  source: sohr
  breakdown_complete: false
  key: true
  since: 2
"""
    )


def test_wrong_spellings_in_typed_fields_stay_quoted() -> None:
    # "yes" is no flag and "0x10" no count here: quoted, so every reader sees the same string.
    out = fmt("- id: x\n  key: 'yes'\n  value: '0x10'\n  as_of: {date: '1:20'}\n")
    assert out == '- id: x\n  value: "0x10"\n  as_of:\n    date: "1:20"\n  key: "yes"\n'


def test_report_layout() -> None:
    text = """\
editions:
- summary: First.
  overview: What happened.
  headline: 'Flash update: the toll passes 1,000'
  number: '1'
  published: 2025-03-08T14:00:00+00:00
  draft: false
discrepancies: [{note: Both kept., figures: [a, b]}]
seeds: [s1]
title: A report
id: r
"""
    assert (
        fmt(text, "report")
        == """\
id: r
title: A report
seeds:
  - s1
editions:
  - number: 1
    published: 2025-03-08T14:00:00+00:00
    headline: "Flash update: the toll passes 1,000"
    summary: First.
    overview: What happened.
    draft: false
discrepancies:
  - figures:
      - a
      - b
    note: Both kept.
"""
    )


def test_sources_are_ordered_by_their_own_model() -> None:
    text = "- label: two residents\n  anonymous: true\n  id: r\n  kind: residents\n- name: AP\n  id: ap\n  kind: wire\n"
    assert fmt(text, "sources") == (
        "- id: r\n  kind: residents\n  anonymous: true\n  label: two residents\n\n- id: ap\n  kind: wire\n  name: AP\n"
    )


def test_long_quotes_are_never_folded() -> None:
    quote = " ".join(["word"] * 100)[:500]
    note = "A long note, " * 40
    text = yaml.safe_dump([{"id": "x", "note": note.strip(), "evidence": {"seed": "s1", "quote": quote}}], width=60)
    assert max(len(line) for line in text.splitlines()) < 100  # the input is folded
    out = fmt(text)
    assert f'    quote: "{quote}"\n' in out
    assert f"  note: {note.strip()}\n" in out
    assert len(out.splitlines()) == 5


def test_blank_lines_and_final_newline() -> None:
    out = fmt("\n\n- id: a\n\n  label: A\n\n\n\n- id: b\n- id: c")
    assert out == "- id: a\n  label: A\n\n- id: b\n\n- id: c\n"


def test_invalid_and_refused_yaml_is_reported_not_formatted() -> None:
    assert [str(e) for e in format_text("- id: [\n", "figures", "f.yaml")[1]] == [
        "f.yaml:2:1: (file): invalid YAML: while parsing a flow node did not find expected node content [SR108]"
    ]
    assert [str(e) for e in format_text("a: 1\na: 2\n", "report", "r.yaml")[1]] == [
        "r.yaml:2:1: a: duplicate key (first defined on line 1) [SR114]"
    ]


def _project(tmp_path: Path, figures: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    folder = tmp_path / "reports" / "r"
    folder.mkdir(parents=True)
    (folder / "figures.yaml").write_text(figures, encoding="utf-8")
    return folder / "figures.yaml"


def test_check_via_the_command_line(tmp_path: Path) -> None:
    path = _project(tmp_path, "- label: 'on'\n  id: a\n")
    before = path.read_bytes()
    result = run("fmt", "--check", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "reports/r/figures.yaml: not canonical (run: python build.py fmt)\n"
    assert path.read_bytes() == before  # --check changes nothing

    result = run("fmt", "reports/r/figures.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "formatted reports/r/figures.yaml\n", "")
    assert path.read_text() == f'{modeline("figures")}\n- id: a\n  label: "on"\n'
    assert [p.name for p in path.parent.iterdir()] == ["figures.yaml"]  # no temporary file left

    result = run("fmt", "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_files_fmt_cannot_read_are_reported_with_their_codes(tmp_path: Path) -> None:
    path = _project(tmp_path, "# yaml-language-server: $schema=../../schemas/figures.schema.json\n- id: a\n")
    (path.parent / "events.yaml").symlink_to("figures.yaml")
    (path.parent / "places.yaml").write_bytes(b"- id: \xff\n")
    result = run("fmt", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "reports/r/events.yaml:1:1: (file): a symbolic link; format the file it points to [SR102]",
        "reports/r/places.yaml:1:1: (file): not valid UTF-8 [SR106]",
    ]


def test_invalid_yaml_via_the_command_line(tmp_path: Path) -> None:
    path = _project(tmp_path, "- id: a\n  label: [\n")
    result = run("fmt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("reports/r/figures.yaml:3:1: (file): invalid YAML: ")
    assert "Traceback" not in result.stderr
    assert path.read_text() == "- id: a\n  label: [\n"


# --------------------------------------------------------------------------- the modeline: each file names its schema


def test_the_first_line_names_the_files_schema() -> None:
    head = "# yaml-language-server: $schema="
    assert canonical("- id: a\n").splitlines()[0] == f"{head}../../schemas/figures.schema.json"
    assert canonical("id: r\n", "report").splitlines()[0] == f"{head}../../schemas/report.schema.json"
    assert canonical("id: s\n", "seed").splitlines()[0] == f"{head}../schemas/seed.schema.json"


def test_the_modeline_is_written_once_above_the_header_comments() -> None:
    line = modeline("figures")
    for text in (
        "# Figures.\n- id: a\n",
        f"{line}\n# Figures.\n- id: a\n",
        f"# Figures.\n{line}\n- id: a\n",  # below another comment: moved up
        "# yaml-language-server: $schema=old/figures.json\n# Figures.\n- id: a\n",  # stale: replaced
        f"{line}\n{line}\n# Figures.\n- id: a\n",  # twice: once
    ):
        once = canonical(text)
        assert once == f"{line}\n# Figures.\n- id: a\n", text
        assert canonical(once) == once  # idempotent


def test_an_empty_fact_file_gets_its_modeline_and_stays_empty_data() -> None:
    assert canonical("", "figures") == modeline("figures") + "\n"
    assert canonical(modeline("figures") + "\n", "figures") == modeline("figures") + "\n"


def test_the_modeline_points_at_a_committed_schema() -> None:
    from sitrep.authoring.schemas import KINDS

    for kind in KINDS:
        where = ROOT / ("seeds/x.yaml" if kind == "seed" else "reports/x/x.yaml")
        target = (where.parent / modeline(kind).split("$schema=", 1)[1]).resolve()
        assert target == ROOT / "schemas" / f"{kind}.schema.json" and target.is_file()


def test_a_report_folder_that_is_a_link_is_never_written_through(tmp_path: Path) -> None:
    """The folder's glob followed the link: fmt rewrote files outside the project."""
    project = tmp_path / "project"
    project.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "figures.yaml").write_text("- label: 'on'\n  id: a\n", encoding="utf-8")
    path = _project(project, f"{modeline('figures')}\n- id: a\n")
    (path.parent.parent / "linked").symlink_to(elsewhere)
    before = (elsewhere / "figures.yaml").read_bytes()
    result = run("fmt", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        "reports/linked/figures.yaml:1:1: (file): in a folder that is a link; "
        "fact files are formatted in place [SR102]\n"
    )
    assert (elsewhere / "figures.yaml").read_bytes() == before
