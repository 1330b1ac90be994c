"""The findings of ``check`` for machines: JSON, and GitHub workflow annotations.

Text stays the default (``file:line:col: field: message [SR123]``, one per line). The other
formats carry the very same diagnostics, with the same codes (:mod:`sitrep.codes`): JSON
as ``"code"``, an annotation in its title (``SR123 field``). CI sees what a writer sees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sitrep.errors import Diagnostic

FORMATS = ("text", "json", "github")


def as_json(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic], reports: int | None) -> str:
    def item(d: Diagnostic, severity: str) -> dict:
        return {
            "file": d.file,
            "line": d.line,
            "col": d.col,
            "field": d.field,
            "message": " ".join(d.message.split()),
            "code": d.code,
            "severity": severity,
        }

    doc = {
        "ok": not list(errors := list(errors)),
        "reports_checked": reports,
        "findings": [item(d, "error") for d in sorted(errors)] + [item(d, "warning") for d in sorted(warnings)],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_github(errors: Iterable[Diagnostic], warnings: Iterable[Diagnostic]) -> str:
    """One ``::error``/``::warning`` workflow command per finding (GitHub shows them on the diff)."""
    lines = [_annotation("error", d) for d in sorted(errors)]
    lines += [_annotation("warning", d) for d in sorted(warnings)]
    return "".join(line + "\n" for line in lines)


def _annotation(level: str, d: Diagnostic) -> str:
    props = f"file={_prop(d.file)},line={d.line},col={d.col},title={_prop(f'{d.code} {d.field}')}"
    return f"::{level} {props}::{_data(' '.join(d.message.split()))}"


def _data(text: str) -> str:
    # The escapes GitHub's runner undoes in a workflow command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
