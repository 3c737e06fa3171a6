"""Import a robvis-style table as judgement-only assessments: all or nothing, one undo step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.rob.tools import get_tool
from workbench.io.rob_table import RobTableRow, read_rob_table
from workbench.session.commands.batch import Batch
from workbench.session.commands.rob import SetRobJudgement
from workbench.session.commands.structure import CommandError
from workbench.session.rob import OVERALL


@dataclass
class RobImport:
    """What the import found and did: the `rob import --json` document."""

    rows_read: int = 0
    assessments_imported: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"rows_read": self.rows_read, "assessments_imported": self.assessments_imported,
                "problems": self.problems}


def import_rob_table(project, path: Path, tool_id: str, outcome_id: int) -> RobImport:
    """Read `path`, check every row, and only when nothing is wrong write every row as the
    current reviewer's judgements (marked "Imported from <file>") in one command.
    Raises UnknownToolError and io's SpreadsheetError for an unreadable file."""
    tool = get_tool(tool_id)
    table = read_rob_table(path, tool)
    report = RobImport(rows_read=table.rows_read, problems=list(table.problems))
    report.problems += _study_problems(project.store, table.rows, str(path))
    if report.problems:
        return report
    note = f"Imported from {path.name}"
    commands = [cmd for row in table.rows
                for cmd in _row_commands(project.store, tool_id, outcome_id, row, note)]
    try:
        project.execute(Batch(commands, label="Import risk-of-bias table"))
    except CommandError as err:  # e.g. a judgement the stored answers contradict
        report.problems.append({"file": str(path), "message": str(err)})
        return report
    report.assessments_imported = len(table.rows)
    return report


def _study_problems(store, rows: list[RobTableRow], file: str) -> list[dict[str, Any]]:
    problems, seen = [], set()
    for row in rows:
        if store.study_id(row.study) is None:
            problems.append({"file": file, "row": row.row, "column": "Study",
                             "value": row.study, "message": "the project has no such study"})
        elif row.study in seen:
            problems.append({"file": file, "row": row.row, "column": "Study",
                             "value": row.study, "message": "the study appears twice"})
        seen.add(row.study)
    return problems


def _row_commands(store, tool_id: str, outcome_id: int, row: RobTableRow,
                  note: str) -> list[SetRobJudgement]:
    study_id = store.study_id(row.study)
    judged = [*row.domains.items(), (OVERALL, row.overall)]
    return [SetRobJudgement(study_id, outcome_id, tool_id, domain=domain, judgement=value,
                            override_reason=note if value is not None else "")
            for domain, value in judged]
