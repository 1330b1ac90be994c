"""Diagnostics and the two ways a run can fail.

Like mkdocs' config validation, every problem is collected first and reported
against its place (``file:line:col: field: message``), then the run aborts once.
The exceptions derive from click's, so the command line prints them cleanly,
without a traceback, and exits with their code.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

SHOWN: int | None = 200  # errors printed before "... and N more" (None: all; the CLI's --all-errors)


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.split())  # one line per problem, whatever a library said
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {message}"


class FactsError(click.ClickException):
    """The facts (or seeds) have errors: exit code 1."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(format_diagnostics(self.diagnostics, SHOWN))

    def show(self, file=None) -> None:  # no "Error: " prefix: each line is already a message
        click.echo(self.format_message(), file=file, err=True)


class EnvironmentFault(click.ClickException):
    """Usage or environment problem (missing folder, unwritable site, ...): exit code 2."""

    exit_code = 2


def format_diagnostics(diagnostics: list[Diagnostic], shown: int | None = None) -> str:
    """One line per problem, the first ``shown`` of them, then how many more and the total."""
    n = len(diagnostics)
    lines = [str(d) for d in (diagnostics if shown is None else diagnostics[:shown])]
    if shown is not None and n > shown:
        lines.append(f"... and {n - shown:,} more (run with --all-errors to see every one)")
    lines.append(f"{n:,} error{'s' if n != 1 else ''}; nothing was written.")
    return "\n".join(lines)
