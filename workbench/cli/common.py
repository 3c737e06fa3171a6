"""Shared plumbing of the subcommands: errors with exit codes and single-document JSON output."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CliError(Exception):
    """A failure the user can act on: exit 2 (bad input) unless `code` says otherwise.

    `document`, when given, is the command's usual JSON document (with its problems), printed
    instead of the generic {"error", "problems"} shape under --json.
    """

    message: str
    problems: list[dict[str, Any]] = field(default_factory=list)
    code: int = 2
    document: dict[str, Any] | None = None

    def __str__(self) -> str:
        return self.message


def _clean(value: Any) -> Any:
    """Replace NaN and infinities by None so the output is strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def print_json(document: dict[str, Any]) -> None:
    """Write exactly one JSON document to standard output."""
    sys.stdout.write(json.dumps(_clean(document), ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def report_failure(err: CliError, json_mode: bool) -> int:
    """Tell the user what went wrong on stderr (and stdout under --json); return the exit code."""
    print(f"workbench: {err.message}", file=sys.stderr)
    repeats_message = len(err.problems) == 1 and err.problems[0].get("message") == err.message
    for problem in [] if repeats_message else err.problems[:50]:
        print(f"  {format_problem(problem)}", file=sys.stderr)
    if len(err.problems) > 50:
        print(f"  ... and {len(err.problems) - 50} more", file=sys.stderr)
    if json_mode:
        print_json(err.document or {"error": err.message, "problems": err.problems})
    return err.code


def format_problem(problem: dict[str, Any]) -> str:
    """One line naming where a problem is: file, sheet, row, column, then the message."""
    parts = []
    message = str(problem.get("message", ""))
    for key in ("file", "sheet", "row", "column"):
        if problem.get(key) not in (None, ""):
            if key == "file" and message.startswith(str(problem[key])):
                continue  # the message names the file already
            parts.append(f"{key} {problem[key]}")
    where = ", ".join(parts)
    value = problem.get("value")
    shown = f" (value {value!r})" if value not in (None, "") else ""
    return f"{where}: {message}{shown}" if where else f"{message}{shown}"
