"""Parse and check values typed into a study's data: counts, means, SDs, estimates."""

from __future__ import annotations

import math
import re

COUNT_FIELDS = frozenset({"events_1", "total_1", "events_2", "total_2"})
POSITIVE_FIELDS = frozenset({"sd_1", "sd_2", "se"})
# The missing-value words of cli.md, in one place for the grid, import, meta and conflicts.
MISSING_TOKENS = frozenset({"", "nr", "na", "n/a", "-", "–", "?", "not reported"})
_FOOTNOTE = re.compile(r"[*†‡§#]+$")


class ValueProblem(ValueError):
    """A value that cannot be stored, with a reason a reviewer understands."""


def parse_number(field: str, text: str) -> float | None:
    """The number in `text` for `field`; None for a missing-value token; ValueProblem if bad."""
    cleaned = _FOOTNOTE.sub("", text.strip()).strip()
    if cleaned.lower() in MISSING_TOKENS:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueProblem(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueProblem(f"{text.strip()!r} is not a finite number")
    check_value(field, value)
    return value


def check_value(field: str, value: float) -> None:
    """Rules that hold for a single value whatever the rest of the row says."""
    if field in COUNT_FIELDS:
        if value < 0:
            raise ValueProblem("a count cannot be negative")
        if not value.is_integer():
            raise ValueProblem("a count must be a whole number")
    if field in POSITIVE_FIELDS and value <= 0:
        raise ValueProblem("must be greater than 0")


def row_problems(values: dict[str, float | None]) -> dict[str, str]:
    """Rules across a row's fields: events cannot exceed their arm's total."""
    problems: dict[str, str] = {}
    for arm in ("1", "2"):
        events, total = values.get(f"events_{arm}"), values.get(f"total_{arm}")
        if events is not None and total is not None and events > total:
            problems[f"events_{arm}"] = f"events ({events:g}) exceed the total ({total:g})"
    return problems
