"""File kinds: which fact file a path is, decided here and nowhere else.

A project's fact files are, by name:

- ``reports/<id>/report.yaml``: the report (kind ``report``);
- ``reports/<id>/<section>.yaml``: one list of facts per section of :data:`sitrep.facts.model.SECTIONS`
  (kind ``figures``, ``events``, ...);
- ``seeds/<id>.yaml``: a seed's metadata, beside its verbatim ``seeds/<id>.txt`` (kind ``seed``);
- ``reports/<id>/i18n/<language>.yaml``: the report's words in another language (kind ``translation``).

The loader, ``fmt``, the git text converter, the caches and the commands that edit fact
files all ask this module, so a new section or a renamed file changes in one place.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitrep.facts.inputs import I18N_FOLDER
from sitrep.facts.model import SECTIONS

SUFFIX = ".yaml"
REPORT = "report"
SEED = "seed"
REPORT_KINDS = (REPORT, *SECTIONS)  # the files a report folder may hold, by kind
REPORT_FILE = f"{REPORT}{SUFFIX}"  # every report folder has one
SEEDS_FOLDER = "seeds"
TRANSLATION = "translation"
SEED_TEXT_SUFFIX = ".txt"

# Git's temporary copies keep the file's name: "git-blob-XXXXXX/figures.yaml" (git >= 2.24)
# or "XXXXXX_figures.yaml" (older).
_COPY = re.compile(rf"(?:[^/]*_)?({'|'.join(REPORT_KINDS)}){re.escape(SUFFIX)}")


def file_name(kind: str) -> str:
    """The file name of a report's fact file of ``kind`` (``report`` or a section)."""
    return f"{kind}{SUFFIX}"


def known_report_files() -> str:
    """The names a report folder's fact files may have, for error messages."""
    return ", ".join(file_name(k) for k in REPORT_KINDS)


def looks_like_yaml(path: Path) -> bool:
    """A YAML file by its suffix: in a report folder, a fact file or a mistake (``.yml`` is refused)."""
    return path.suffix in (SUFFIX, ".yml")


def report_kind(path: Path) -> str | None:
    """``report`` or a section, if ``path`` is named as a report folder's fact file; else None."""
    return path.stem if path.suffix == SUFFIX and path.stem in REPORT_KINDS else None


def kind(path: Path, copies: bool = False) -> str | None:
    """Which fact file ``path`` is, by its name: ``report``, a section, ``seed``, or None.

    ``copies``: also recognise git's temporary copies of a report's file (``XXXXXX_figures.yaml``),
    as the git text converter is given.
    """
    if copies and (match := _COPY.fullmatch(path.name)):
        return match.group(1)
    found = report_kind(path)
    if found is not None:
        return found
    if path.suffix == SUFFIX and path.parent.name == SEEDS_FOLDER:
        return SEED
    if path.suffix == SUFFIX and path.parent.name == I18N_FOLDER:
        return TRANSLATION
    return None


def seed_meta(seeds_dir: Path, seed_id: str) -> Path:
    """A seed's metadata file (its text is :func:`seed_text`)."""
    return seeds_dir / f"{seed_id}{SUFFIX}"


def seed_text(seeds_dir: Path, seed_id: str) -> Path:
    return seeds_dir / f"{seed_id}{SEED_TEXT_SUFFIX}"


_LONG_NUMBER = re.compile(r"^(\d{4,})_")


def seed_order(seed_id: str) -> str:
    """The key seeds sort by: their ids, except that ``1000_x`` comes after ``999_y``, not before.

    Seeds numbered below 1000 keep exactly the order of their ids (what published lock lines
    recorded); those from 1000 on follow every ``999_`` in the order of their numbers.
    """
    m = _LONG_NUMBER.match(seed_id)
    return seed_id if m is None else f"999\U0010ffff{m.group(1).zfill(12)}{seed_id[m.end(1) :]}"
