"""``build.py publish --undo REPORT EDITION``: take back a publication nobody has committed yet.

Publishing freezes an edition in ``editions.lock``; a writer who published too early
(before seeing the page, say) needs a way back that is not editing the lock by hand.
Only the newest edition, only while no later edition exists, and only while its lines
are not committed at git's HEAD: once committed, other people may have the edition,
and the lock's one rule applies (``publish --force --reason``). The edition becomes a
draft again, so its facts can be edited.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

from sitrep.atomic import write_bytes
from sitrep.authoring.fmt import format_text
from sitrep.errors import EnvironmentFault
from sitrep.facts import filekinds
from sitrep.facts.editions import LOCK_NAME, parse_lock


def undo(root: Path, report_id: str, number: int, committed_lock: str | None) -> None:
    """Remove edition ``number``'s lines from the lock and mark it a draft; refuse anything unsafe.

    ``committed_lock`` is the lock as committed at HEAD (None when there is none).
    """
    folder = root / "reports" / report_id
    meta_path, lock_path = folder / filekinds.REPORT_FILE, folder / LOCK_NAME
    if not report_id or "/" in report_id or report_id.startswith(".") or folder.is_symlink() or not meta_path.is_file():
        raise EnvironmentFault(f"no report '{report_id}' under reports/ (a folder with a report.yaml)")
    if lock_path.is_symlink() or not lock_path.is_file():
        raise EnvironmentFault(f"{report_id} has no {LOCK_NAME}: no edition of it is published")
    text = lock_path.read_text(encoding="utf-8")
    lock = parse_lock(text)
    if number not in lock.editions:
        raise EnvironmentFault(f"edition {number} of {report_id} is not published: there is nothing to undo")
    later = [n for n in lock.editions if n > number]
    if later:
        raise EnvironmentFault(
            f"edition {max(later)} of {report_id} is published after edition {number}: only the newest "
            "publication can be undone"
        )
    if committed_lock is not None and number in parse_lock(committed_lock).editions:
        raise EnvironmentFault(
            f"edition {number} of {report_id} is published in the {LOCK_NAME} committed at HEAD, so others may "
            'have it: fix it with a correction in a new edition, or `publish --force --reason "..."`'
        )

    yaml = YAML()  # round trip: comments stay
    yaml.width = 1_000_000
    source = meta_path.read_text(encoding="utf-8")
    try:
        data = yaml.load(source)
        editions = data["editions"]
        numbers = [int(e["number"]) for e in editions]
        entry = editions[numbers.index(number)]
    except Exception:
        raise EnvironmentFault(
            f"reports/{report_id}/report.yaml has no readable edition {number}: run `python build.py check` first"
        ) from None
    if max(numbers) > number:
        raise EnvironmentFault(
            f"edition {max(numbers)} of {report_id} exists after edition {number}: remove it first, or fix "
            f"edition {number} with a correction in a new edition"
        )
    entry["draft"] = True
    out = io.StringIO()
    yaml.dump(data, out)
    canonical, errors = format_text(out.getvalue(), filekinds.REPORT, f"reports/{report_id}/{filekinds.REPORT_FILE}")
    if canonical is None:
        raise EnvironmentFault("\n".join(str(e) for e in errors))

    lines = text.splitlines(keepends=True)
    kept = "".join(lines[: lock.lines[number] - 1])  # the edition is the newest: its lines end the lock
    # The lock first: killed in between, the edition is neither a draft nor published, and
    # every build says exactly that (publish it, or mark it a draft).
    if lock.editions.keys() - {number}:
        write_bytes(lock_path, kept.encode("utf-8"))
    else:
        lock_path.unlink()
    write_bytes(meta_path, canonical.encode("utf-8"))
