"""The command line: commands, exit codes, and no tracebacks."""

from __future__ import annotations

from pathlib import Path

from .conftest import run


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("build", "check", "serve"):
        assert f"  {command} " in result.stdout


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = run("publish-everything", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such command" in result.stderr and "Traceback" not in result.stderr


def test_not_a_project_exits_2(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "has no mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


def test_missing_folders_are_facts_errors(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "reports:1:1: (folder): missing: expected a folder here",
        "seeds:1:1: (folder): missing: expected a folder here",
    ]


def test_check_passes_on_the_seed_report(project: Path) -> None:
    result = run("check", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 report checked: no errors, 0 finding(s)." in result.stderr


def test_build_is_the_default_command(project: Path) -> None:
    result = run(cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/reports/syria-coast-2025-03/index.html").is_file()


def test_a_seed_that_is_a_link_is_refused(project: Path) -> None:
    seed = project / "seeds/000_35c3038285085a70.txt"
    seed.unlink()
    seed.symlink_to("/etc/passwd")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "seeds/000_35c3038285085a70.txt:1:1: (file): a seed must be a regular file, not a link or folder"
    )


def test_schema_describes_fact_files(tmp_path: Path) -> None:
    import json

    result = run("schema", "figures", cwd=tmp_path)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    figure = schema["$defs"]["Figure"]
    assert figure["additionalProperties"] is False
    assert {"metric", "qualifier", "evidence", "as_of"} <= set(figure["properties"])


def test_a_seed_reference_cannot_climb_out(project: Path) -> None:
    figures = project / "reports/syria-coast-2025-03/figures.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("seed: 000_35c3038285085a70", "seed: ../../etc/passwd", 1), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "figures[0].evidence.seed: String should match pattern" in result.stderr
    assert "root:" not in result.stderr


def test_urls_must_be_http(project: Path) -> None:
    meta = project / "seeds/000_35c3038285085a70.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + 'url: "javascript:alert(1)"\n', encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "seeds/000_35c3038285085a70.yaml:" in result.stderr and "url: String should match pattern" in result.stderr


def test_an_oversize_fact_file_is_refused(project: Path) -> None:
    path = project / "reports/syria-coast-2025-03/media.yaml"
    path.write_text("# " + "x" * 6_000_000 + "\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "reports/syria-coast-2025-03/media.yaml:1:1: (file): larger than 5000000 bytes" in result.stderr
