"""The command line: commands, exit codes, and no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, run


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
        "reports:1:1: (folder): missing: expected a folder here [SR101]",
        "seeds:1:1: (folder): missing: expected a folder here [SR101]",
    ]


def test_check_passes_on_the_seed_report(project: Path) -> None:
    result = run("check", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 report checked: no errors, 0 findings." in result.stderr


@pytest.mark.slow
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
        "seeds/000_35c3038285085a70.txt:1:1: (file): a seed must be a regular file, not a link or folder [SR102]"
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


# A core free of the CLI: plain exceptions, mapped to messages and exit codes in cli.py only.


def test_the_core_does_not_know_the_command_line() -> None:
    import click

    from sitrep import errors

    assert not issubclass(errors.SitrepError, click.ClickException)
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        if path.name != "cli.py":
            assert "import click" not in path.read_text(encoding="utf-8"), f"{path.name} imports click"


def test_a_template_syntax_error_is_a_file_line_diagnostic(project: Path) -> None:
    template = project / "templates/report.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n") + " {% if %}\n"
    template.write_text("".join(lines), encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "templates/report.md.j2:5: (template): Expected an expression, got 'end of statement block'",
        "1 error in a template; nothing was written.",
    ]
    assert not (project / "site").exists()


def test_a_template_runtime_error_is_a_file_line_diagnostic(project: Path) -> None:
    template = project / "templates/report.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "{{ v.no_such_attribute }}\n", encoding="utf-8")
    line = text.count("\n") + 1
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"templates/report.md.j2:{line}: (template): 'sitrep.outputs.render.ReportView object' has no attribute"
        " 'no_such_attribute'"
    )
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 2


@pytest.mark.slow
def test_an_error_in_a_theme_override_is_a_file_line_diagnostic(project: Path) -> None:
    template = project / "templates/theme/main.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "{% if %}\n", encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        f"templates/theme/main.html:{text.count(chr(10)) + 1}: (template): Expected an expression, got 'end of"
        " statement block'",
        "1 error in a template; nothing was written.",
    ]
    assert "Traceback" not in result.stderr


def _crash(*args, **kwargs):
    raise RuntimeError("a bug in a stage")


def test_an_internal_error_says_so_without_a_traceback(project: Path, monkeypatch, capsys) -> None:
    from sitrep import cli, pipeline

    monkeypatch.setattr(pipeline, "check", _crash)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", "--root", str(project)])
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: a bug in a stage (at test_cli.py:")
    assert f"This is a bug in sitrep {cli._version()} " in err and cli._version() != "unknown"
    assert "Please report it" in err and "--debug" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback_of_an_internal_error(project: Path, monkeypatch, capsys) -> None:
    from sitrep import cli, pipeline

    monkeypatch.setattr(pipeline, "check", _crash)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", "--debug", "--root", str(project)])
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "internal error: RuntimeError" in err


def test_fmt_reports_through_the_command_line(project: Path, capsys) -> None:
    from sitrep.authoring import fmt

    path = project / "reports/syria-coast-2025-03/places.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\n- id:", "\n\n\n- id:", 1), encoding="utf-8")
    outcome = fmt.run(project, [], check=True)
    assert outcome.problems == ["reports/syria-coast-2025-03/places.yaml: not canonical (run: python build.py fmt)"]
    assert capsys.readouterr() == ("", "")  # the core printed nothing
    outcome = fmt.run(project, [], check=False)
    assert outcome.formatted == ["reports/syria-coast-2025-03/places.yaml"] and outcome.problems == []
    assert capsys.readouterr() == ("", "")


def test_diff_of_a_revision_with_errors_names_them(project: Path) -> None:
    from sitrep.errors import EnvironmentFault
    from sitrep.review import revisions

    path = project / "reports/syria-coast-2025-03/figures.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  source: sohr\n", "  sorce: sohr\n", 1), encoding="utf-8"
    )
    with pytest.raises(EnvironmentFault) as exc:
        revisions._checked(project, "the working tree")
    message = str(exc.value)
    assert message.startswith("the working tree has errors; fix them first:\n")
    assert "figures[0].sorce: unknown key 'sorce'" in message


def test_the_build_for_publication_refuses_drafts_and_placeholders(project: Path) -> None:
    """README: `build --publish`, the build for publication, refuses placeholder settings, and refuses
    `--drafts`; both before anything is built."""
    drafts = run("build", "--publish", "--drafts", cwd=project)
    assert drafts.returncode == 2 and "drafts are never published: drop --drafts" in drafts.stderr
    placeholders = run("build", "--publish", cwd=project)
    assert placeholders.returncode == 2 and "site_url is the placeholder" in placeholders.stderr
    assert not (project / "site").exists()
