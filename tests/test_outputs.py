"""The site's outputs are registered generators (sitrep.outputs.registry, sitrep.outputs.perreport):
run, reused and merged alike; adding one is a module and a registration line."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from sitrep import pipeline
from sitrep.outputs import base, dataindex, perreport, registry


class Hello(base.Output):
    """The smallest output: one text file, from the number of reports."""

    name = "hello"
    reads = "the list of reports"
    writes = ("hello/*.txt",)

    def key(self, ctx: base.Context) -> list[bytes | str]:
        return [",".join(ctx.reports)]

    def generate(self, ctx: base.Context) -> dict[str, bytes | Path]:
        return {"hello/reports.txt": f"{len(ctx.reports)} report(s)\n".encode()}


@pytest.mark.slow
def test_a_registered_output_is_in_the_built_site(project: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(registry, "REGISTERED", [*registry.registered(), Hello()])
    with caplog.at_level(logging.INFO, logger="sitrep"):
        pipeline.build(project, project / "site", strict=True)
    assert (project / "site/hello/reports.txt").read_text() == "1 report(s)\n"
    stages = [r.getMessage().split(":")[0] for r in caplog.records if r.getMessage().startswith("stage ")]
    assert stages == ["stage load", "stage validate", "stage analyse", "stage outputs", "stage site"]


def test_a_kept_output_is_reused_while_its_key_holds(project: Path) -> None:
    first = pipeline.assemble(project, strict=True)
    first.memo.commit()
    assert isinstance(first.docs[dataindex.INDEX_CSV], bytes)  # made
    again = pipeline.assemble(project, strict=True)
    kept = again.docs[dataindex.INDEX_CSV]
    assert isinstance(kept, Path) and kept.read_bytes() == first.docs[dataindex.INDEX_CSV]  # reused


def _context(tmp_path: Path) -> base.Context:
    return base.Context(tmp_path, None, {}, None)


class Stray(Hello):
    name = "stray"

    def key(self, ctx):
        return None

    def generate(self, ctx):
        return {"elsewhere.txt": b"x"}


class Twin(Hello):
    name = "twin"

    def key(self, ctx):
        return None


def test_an_output_writes_only_what_it_declares(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(registry, "REGISTERED", [Stray()])
    with pytest.raises(base.OutputClash, match="does not declare"):
        registry.run(_context(tmp_path))
    monkeypatch.setattr(registry, "REGISTERED", [Twin(), Twin()])
    with pytest.raises(base.OutputClash, match="both write"):
        registry.run(_context(tmp_path))


def test_every_output_declares_what_it_writes_and_its_escaping() -> None:
    registered = registry.registered()
    assert len({o.name for o in registered}) == len(registered)
    for out in registered:
        assert out.name and out.reads and out.writes, out
    index = next(o for o in registered if o.name == "data-index")
    assert set(index.writes) == {
        dataindex.INDEX_CSV,
        dataindex.INDEX_JSON,
        dataindex.INDEX_PACKAGE,
        dataindex.CURRENT_CSV,
    }


class Tally(base.ReportOutput):
    """The smallest per-report output: one text file per edition, from its figures."""

    name = "tally"
    scope = "edition"
    reads = "the edition's figures"
    writes = ("data/tally.txt",)

    def generate(self, view, settings) -> dict[str, bytes]:
        return {"data/tally.txt": f"{len(view.report.figures)} figures in edition {view.number}\n".encode()}


def test_a_registered_per_report_output_is_beside_every_edition_and_listed_on_its_page(
    project: Path, monkeypatch
) -> None:
    monkeypatch.setattr(perreport, "REPORT_OUTPUTS", [*perreport.per_report(), Tally()])
    docs = pipeline.assemble(project, strict=True).docs
    folder = "reports/syria-coast-2025-03"

    def text(path: str) -> str:
        doc = docs[path]
        return (doc.read_bytes() if isinstance(doc, Path) else doc).decode()

    assert text(f"{folder}/editions/1/data/tally.txt") == "5 figures in edition 1\n"
    assert text(f"{folder}/editions/2/data/tally.txt") == "15 figures in edition 2\n"
    assert text(f"{folder}/data/tally.txt") == "15 figures in edition 2\n"  # the latest, at the stable address
    assert "| [tally.txt](data/tally.txt) |" in text(f"{folder}/editions/1/index.md")
    assert f"{folder}/feed.xml" in docs  # the registered ones still run


class StrayPerReport(Tally):
    name = "stray-per-report"
    writes = ("data/*.csv",)  # declares CSV, writes text


def test_a_per_report_output_writes_only_what_it_declares(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(perreport, "REPORT_OUTPUTS", [*perreport.per_report(), StrayPerReport()])
    with pytest.raises(base.OutputClash, match=re.escape("'stray-per-report' wrote 'data/tally.txt'")):
        pipeline.assemble(project, strict=True)
    monkeypatch.setattr(perreport, "REPORT_OUTPUTS", [*perreport.per_report()[:1], Tally(), Tally()])
    with pytest.raises(base.OutputClash, match=re.escape("both write 'data/tally.txt'")):
        pipeline.assemble(project, strict=True)


def test_every_per_report_output_declares_its_scope_what_it_writes_and_its_escaping() -> None:
    registered = perreport.per_report()
    assert [o.name for o in registered] == ["edition-data", "citations", "report-feed"]
    for out in registered:
        assert out.scope in ("edition", "report") and out.reads and out.writes and out.escaping, out
