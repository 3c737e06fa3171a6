"""Plain results of reading an extraction spreadsheet: parsed rows, problems, skipped rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Number = float | None

# Reason codes (cli.md; expected.json "reasons") and their messages.
REASONS: dict[str, str] = {
    "events_exceed_total": "events greater than total",
    "negative_count": "negative count",
    "non_integer_count": "count is not a whole number",
    "negative_sd": "negative SD",
    "zero_sd": "SD must be greater than 0",
    "nonpositive_se": "standard error must be greater than 0",
    "unparseable_number": "not a number",
    "missing_study": "study label missing",
    "missing_comparison": "comparison label missing",
    "missing_outcome": "outcome label missing",
    "duplicate_row": "the same study, comparison, outcome and timepoint appear twice",
    "cached_error": "the cell holds a spreadsheet error",
    "formula_without_value": "formula has no saved value: open and save the file in a "
                             "spreadsheet program, then import again",
    "unknown_data_type": "data type must be dichotomous, continuous or generic",
    "invalid_year": "not a year",
    "data_type_mismatch": "the outcome already exists with another data type",
    "text_too_long": "longer than a label or note may be",
}


@dataclass(frozen=True)
class Problem:
    """One invalid cell, located as Excel shows it (row 1-based, column letter)."""

    sheet: str | None
    row: int
    column: str
    value: str
    reason: str
    header: str = ""
    field: str = ""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "header": self.header, "field": self.field, "value": self.value,
                "reason": self.reason, "message": self.message or REASONS.get(self.reason, "")}


@dataclass(frozen=True)
class MissingCell:
    """A mapped numeric cell holding a missing-value token (NR, blank, ...): not an error."""

    sheet: str | None
    row: int
    column: str
    header: str
    field: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "header": self.header, "field": self.field, "value": self.value}


@dataclass(frozen=True)
class SkippedRow:
    """A blank, comment or total row: neither a study nor a problem."""

    sheet: str | None
    row: int
    kind: str  # "blank", "comment" or "total"

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "kind": self.kind}


@dataclass(slots=True)  # up to 200,000 of them live at once: no per-row __dict__
class ParsedRow:
    """One valid data row: labels, study-level year, and the numbers by import field name."""

    sheet: str | None
    row: int
    comparison: str
    outcome: str
    study: str
    data_type: str
    year: int | None = None
    subgroup: str | None = None
    timepoint: str | None = None
    notes: str | None = None
    values: dict[str, Number] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field -> "file!sheet!cell"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.study, self.comparison, self.outcome, self.timepoint or "")


@dataclass
class ImportBatch:
    """Everything one read of one sheet yields, before anything touches a project."""

    file: str
    sheet: str | None
    rows_read: int = 0
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[MissingCell] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    group_labels: tuple[str, str] | None = None
    signature: str = ""
    mapping: Any = None  # the Mapping used (workbench.io.spreadsheet.mapping.Mapping)
    # sheet row -> (study, comparison, outcome) of each row with problems, as far as read
    invalid_labels: dict[int, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def invalid_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    def skipped_invalid(self) -> list[dict[str, Any]]:
        """One entry per row left out as invalid: where, what, and its first problem."""
        out: dict[int, dict[str, Any]] = {}
        for problem in self.problems:
            if problem.row in out:
                continue
            study, comparison, outcome = self.invalid_labels.get(problem.row, ("", "", ""))
            reason = problem.message or REASONS.get(problem.reason, problem.reason)
            header = problem.header or problem.field
            out[problem.row] = {"file": self.file, "sheet": self.sheet, "row": problem.row,
                                "study": study, "comparison": comparison, "outcome": outcome,
                                "problem": f"column {problem.column} ({header}): {reason} "
                                           f"“{problem.value}”"}
        return [out[row] for row in sorted(out)]


class SpreadsheetError(Exception):
    """The file or its mapping cannot be read at all; message names the file (and place)."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []
