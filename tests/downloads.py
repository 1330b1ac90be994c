"""The downloads of a fixture project's editions, made in-process (no site build): what the
data tests read with libhxl, pandas and frictionless in well under a second."""

from __future__ import annotations

from pathlib import Path

from sitrep import pipeline
from sitrep.facts import measures
from sitrep.outputs import editiondata, render
from sitrep.site import settings

from .conftest import copy_project


def edition_downloads(dest: Path, fixture: Path) -> dict[tuple[str, int], Path]:
    """Every published edition's data folder, written under ``dest``, by (report id, edition number)."""
    return project_downloads(dest, copy_project(dest / "project", fixture))


def project_downloads(dest: Path, project: Path, strict: bool = True) -> dict[tuple[str, int], Path]:
    """The same for a project already in place (a test's edited copy)."""
    checked = pipeline.check(project, strict=strict)
    registry = measures.load(project)[0]
    conf = settings.load(project)
    out: dict[tuple[str, int], Path] = {}
    for report in checked.reports:
        for view in render.report_views(report, checked.seeds, False, registry):
            if view.stable:
                continue
            folder = dest / report.meta.id / str(view.number)
            folder.mkdir(parents=True)
            for name, data in editiondata.files(view, conf).items():
                (folder / name).write_bytes(data)
            out[(report.meta.id, view.number)] = folder
    return out
