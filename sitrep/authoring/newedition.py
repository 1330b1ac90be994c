"""``build.py edition REPORT``: start a report's next edition, as a draft.

The edition is appended to ``report.yaml`` (every comment kept where it was, canonical layout) with
``draft: true``, so the build shows it only with ``--drafts`` until ``publish``
freezes it. Facts added for it carry ``since: N``. It starts with the overview the
previous edition showed, for the writer to bring up to date.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
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
from sitrep.facts.text import problem as text_problem
from sitrep.facts.text import yaml_double_quoted


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
    if last_published.tzinfo is None:
        raise EnvironmentFault(
            f"edition {number - 1} of {report_id} is dated {last_published.isoformat()} without its UTC offset: "
            "run `python build.py check` and fix it first"
        )
    for option, value in (("--headline", headline), ("--summary", summary)):  # prompted ones too
        if (why := text_problem(value)) is not None:
            raise EnvironmentFault(f"{option}: {why}")
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
    fields: dict[str, object] = {
        "number": number,
        "published": when.isoformat(),
        "headline": headline,
        "summary": summary,
    }
    overview = _latest_overview(editions)
    if overview:  # the situation as last told: the writer's starting point, to bring up to date
        fields["overview"] = overview
    fields["draft"] = True
    appended = _append(_without_stale_draft_note(text), fields)
    if appended is None:  # not the block layout fmt writes: ruamel's round trip (comments may move)
        entry = CommentedMap(fields)
        editions.append(entry)
        out = io.StringIO()
        yaml.dump(data, out)
        appended = out.getvalue()
    canonical, errors = format_text(appended, "report", str(path.relative_to(root)))
    if canonical is None:
        raise EnvironmentFault("\n".join(str(e) for e in errors))
    write_bytes(path, canonical.encode("utf-8"))
    return Started(number, when, path)


# What ``new`` wrote above a first edition (it is true of one edition only, and goes stale).
_STALE_DRAFT_NOTE = re.compile(
    r"^# Edition \d+ is a draft until you remove `draft: true` and run `build\.py publish`\.\n", re.M
)
DRAFT_NOTE = "An edition with `draft: true` is a draft until you remove it and run `build.py publish`."


def _without_stale_draft_note(text: str) -> str:
    return _STALE_DRAFT_NOTE.sub(f"# {DRAFT_NOTE}\n", text, count=1)


def _append(text: str, fields: dict[str, object]) -> str | None:
    """``text`` with an item of ``fields`` added at the end of its block ``editions:`` list, as text:
    every comment stays on its line. Comments at the margin after the list's last item stand before
    what follows it (``new``'s commented optional fields), so the item goes before them.
    None when the list is not written in block style."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"editions:[ \t]*(#.*)?$", line)), None)
    if start is None:
        return None
    last, indent = None, None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            break  # the next key of report.yaml
        item = re.match(r"( *)- ", line)
        if item and indent is None:
            indent = item.group(1)
        last = i
    if last is None or indent is None:
        return None
    entry = "".join(
        f"{indent}{'- ' if k == 0 else '  '}{name}: {_scalar(value)}\n"
        for k, (name, value) in enumerate(fields.items())
    )
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join([*lines[: last + 1], entry, *lines[last + 1 :]])


def _scalar(value: object) -> str:
    """``value`` as a YAML scalar read back exactly: a string escaped for YAML (JSON's ASCII escapes
    would write an emoji as a surrogate pair, which YAML refuses), a number or boolean as JSON."""
    return yaml_double_quoted(value) if isinstance(value, str) else json.dumps(value)


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
