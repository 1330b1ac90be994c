"""The site's outputs are registered generators (sitrep.outputs): run, reused and merged alike;
adding one is a module and a registration line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sitrep import outputs, pipeline
from sitrep.outputs import dataindex


class Hello(outputs.Output):
    """The smallest output: one text file, from the number of reports."""

    name = "hello"
    reads = "the list of reports"
    writes = ("hello/*.txt",)

    def key(self, ctx: outputs.Context) -> list[bytes | str]:
        return [",".join(ctx.reports)]

    def generate(self, ctx: outputs.Context) -> dict[str, bytes | Path]:
        return {"hello/reports.txt": f"{len(ctx.reports)} report(s)\n".encode()}


@pytest.mark.slow
def test_a_registered_output_is_in_the_built_site(project: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(outputs, "REGISTERED", [*outputs.registered(), Hello()])
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


def _context(tmp_path: Path) -> outputs.Context:
    return outputs.Context(tmp_path, None, {}, None)


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
    monkeypatch.setattr(outputs, "REGISTERED", [Stray()])
    with pytest.raises(outputs.OutputClash, match="does not declare"):
        outputs.run(_context(tmp_path))
    monkeypatch.setattr(outputs, "REGISTERED", [Twin(), Twin()])
    with pytest.raises(outputs.OutputClash, match="both write"):
        outputs.run(_context(tmp_path))


def test_every_output_declares_what_it_writes_and_its_escaping() -> None:
    registered = outputs.registered()
    assert len({o.name for o in registered}) == len(registered)
    for out in registered:
        assert out.name and out.reads and out.writes, out
    index = next(o for o in registered if o.name == "data-index")
    assert set(index.writes) == {dataindex.INDEX_CSV, dataindex.INDEX_JSON, dataindex.INDEX_PACKAGE}
