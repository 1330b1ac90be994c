"""``build.py edition REPORT``: start a report's next edition, as a draft.

The edition is appended to ``report.yaml`` (comments kept, canonical layout) with
``draft: true``, so the build shows it only with ``--drafts`` until ``publish``
freezes it. Facts added for it carry ``since: N``. It starts with the overview the
previous edition showed, for the writer to bring up to date.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from sitrep.atomic import write_bytes
from sitrep.authoring.fmt import format_text
from sitrep.errors import EnvironmentFault
from sitrep.facts import filekinds
from sitrep.facts.model import Edition


@dataclass(frozen=True)
class Started:
    number: int
    published: dt.datetime
    file: Path


def start(root: Path, report_id: str, headline: str, summary: str, published: str | None = None) -> Started:
    folder = root / "reports" / report_id
    path = folder / filekinds.REPORT_FILE
    if not report_id or "/" in report_id or report_id.startswith(".") or not path.is_file() or folder.is_symlink():
        raise EnvironmentFault(f"no report '{report_id}' under reports/ (a folder with a report.yaml)")
    text = path.read_text(encoding="utf-8")
    yaml = YAML()  # round trip: comments stay
    yaml.width = 1_000_000  # never fold a long summary; fmt writes every string on one line anyway
    try:
        data = yaml.load(text)
        editions = data["editions"]
        last = editions[-1]
        number = int(last["number"]) + 1
        last_published = dt.datetime.fromisoformat(str(last["published"]))
        last_draft = str(last.get("draft", "false")).lower() == "true"
    except Exception:  # any shape but the expected one: the checker says what is wrong, better than we can
        raise EnvironmentFault(
            f"{path.relative_to(root)} has no readable editions list: run `python build.py check` and fix it first"
        ) from None
    if last_draft:
        raise EnvironmentFault(
            f"edition {number - 1} of {report_id} is still a draft: finish it (and publish it) before starting another"
        )
    when = _when(published, last_published)
    try:
        Edition(number=number, published=when, headline=headline, summary=summary, draft=True)
    except ValidationError as exc:
        raise EnvironmentFault(
            "\n".join(f"--{e['loc'][0]} {e.get('input')!r}: {e['msg']}" for e in exc.errors())
        ) from None
    entry = CommentedMap()
    entry["number"] = number
    entry["published"] = when.isoformat()
    entry["headline"] = headline
    entry["summary"] = summary
    overview = _latest_overview(editions)
    if overview:  # the situation as last told: the writer's starting point, to bring up to date
        entry["overview"] = overview
    entry["draft"] = True
    editions.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    canonical, errors = format_text(out.getvalue(), "report", str(path.relative_to(root)))
    if canonical is None:
        raise EnvironmentFault("\n".join(str(e) for e in errors))
    write_bytes(path, canonical.encode("utf-8"))
    return Started(number, when, path)


def _latest_overview(entries: list) -> str | None:
    """The overview the newest earlier edition shows (its own, or the one it carries on)."""
    for entry in reversed(entries):
        text = entry.get("overview") if hasattr(entry, "get") else None
        if text:
            return str(text)
    return None


def _when(published: str | None, after: dt.datetime) -> dt.datetime:
    """The edition's moment: as given (with its UTC offset), else now to the minute, in UTC.

    The clock is read here only to prefill an input file the writer reviews and commits;
    nothing built from the facts ever reads it.
    """
    if published is None:
        when = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    else:
        try:
            when = dt.datetime.fromisoformat(published)
        except ValueError:
            raise EnvironmentFault(
                f"--published {published!r}: expected a date and time with its UTC offset, "
                "e.g. 2025-03-09T08:00:00+00:00"
            ) from None
        if when.tzinfo is None:
            raise EnvironmentFault(f"--published {published!r}: give its UTC offset, e.g. {published}+00:00")
    if when < after:
        raise EnvironmentFault(
            f"--published {when.isoformat()} is before the previous edition ({after.isoformat()}): "
            "editions go forward in time"
        )
    return when
