"""Diagnostics and the ways a run can fail, as plain exceptions.

Like mkdocs' config validation, every problem is collected first and reported
against its place (``file:line:col: field: message``), then the run aborts once.
The core raises these and knows nothing of the command line: ``sitrep.cli`` alone
turns each kind into a message and an exit code.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SHOWN: int | None = 200  # errors printed before "... and N more" (None: all; the CLI's --all-errors)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. ``code`` (no default: every message has one) names its kind
    in :mod:`sitrep.codes`; it is printed last, so ``file:line:col:`` still leads the line."""

    file: str
    line: int
    col: int
    field: str
    message: str
    code: str

    def __post_init__(self) -> None:
        from sitrep.codes import CODES

        if self.code not in CODES:
            raise ValueError(f"diagnostic code {self.code!r} is not in sitrep.codes")

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one line per problem, whatever a library said
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {message} [{self.code}]"


class SitrepError(Exception):
    """An error the core raises on purpose (anything else reaching the CLI is a bug)."""


class FactsError(SitrepError):
    """The facts (or seeds) have errors: every one of them, sorted, nothing written."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):  # handed back whole from a forked process (sitrep.forked)
        return (type(self), (self.diagnostics,))


class EnvironmentFault(SitrepError):
    """Usage or environment problem (missing folder, unwritable site, unsupported library, ...)."""


class TemplateFault(SitrepError):
    """A template of the project cannot be compiled or rendered: where, and what the template engine said."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, " ".join(message.split())
        super().__init__(f"{file}:{line}: (template): {self.message}")

    def __reduce__(self):  # handed back whole from a forked process (sitrep.forked)
        return (type(self), (self.file, self.line, self.message))


def _shown(path: str, root: Path | None) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return path


def template_fault(exc: Exception, templates: Path | None = None, root: Path | None = None) -> TemplateFault:
    """The place a Jinja error happened: the syntax error's own, else the innermost template frame.

    Jinja rewrites a rendering error's traceback so its frames carry the template's file and
    line; a frame in ``templates`` (the project's own) is preferred to one in a theme package.
    """
    import jinja2

    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, jinja2.TemplateNotFound):
        message = f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return TemplateFault(_shown(exc.filename, root), exc.lineno or 1, message)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".html", ".xml"))]
    own = [f for f in frames if templates is not None and Path(f.filename).is_relative_to(templates)]
    if not (own or frames):
        return TemplateFault(_shown(str(templates or "templates"), root), 1, message)
    frame = (own or frames)[-1]
    return TemplateFault(_shown(frame.filename, root), frame.lineno or 1, message)


@contextmanager
def templates_checked(templates: Path, root: Path | None = None) -> Iterator[None]:
    """Turn a Jinja error raised inside into a :class:`TemplateFault` naming the template's file and line."""
    import jinja2

    try:
        yield
    except jinja2.TemplateError as exc:
        raise template_fault(exc, templates, root) from exc
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        # A Python error raised by template code itself (``{{ 1 + "a" }}``), not by our code it called.
        innermost = traceback.extract_tb(exc.__traceback__)[-1].filename
        if not Path(innermost).is_relative_to(templates):
            raise
        raise template_fault(exc, templates, root) from exc


def format_diagnostics(diagnostics: list[Diagnostic], shown: int | None = None) -> str:
    """One line per problem, the first ``shown`` of them, then how many more and the total."""
    n = len(diagnostics)
    lines = [str(d) for d in (diagnostics if shown is None else diagnostics[:shown])]
    if shown is not None and n > shown:
        lines.append(f"... and {n - shown:,} more (run with --all-errors to see every one)")
    lines.append(f"{n:,} error{'s' if n != 1 else ''}; nothing was written.")
    return "\n".join(lines)
