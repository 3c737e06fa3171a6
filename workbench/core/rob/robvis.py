"""Judgements mapped to robvis' full labels and CSV rows (rob_tools.md section 6.4)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from workbench.core.rob.model import ToolDefinition

NO_INFORMATION = "No information"
NOT_APPLICABLE = "Not applicable"


@dataclass(frozen=True)
class RobvisStudy:
    """One row: the study label, final judgements per domain id, overall, optional weight."""

    label: str
    domains: Mapping[str, str | None] = field(default_factory=dict)
    overall: str | None = None
    weight: float | None = None


def robvis_label(tool: ToolDefinition, judgement: str | None) -> str:
    """The full label robvis expects for a judgement given as our label or level code.

    Never writes "NI" (robvis reads it as Not applicable): missing, incomplete and NI
    judgements become "No information"; QUADAS-2 Unclear becomes "Some concerns"."""
    if judgement is None:
        return NO_INFORMATION
    text = judgement.strip()
    if text.casefold() in ("na", NOT_APPLICABLE.casefold()):
        return NOT_APPLICABLE
    level = tool.level(text)
    return level.robvis if level is not None else NO_INFORMATION


def robvis_header(tool: ToolDefinition, overall: bool = True, weighted: bool = False) -> list[str]:
    columns = list(tool.robvis_columns if overall else tool.robvis_columns[:-1])
    return columns + ["Weight"] if weighted else columns


def robvis_rows(tool: ToolDefinition, studies: Iterable[RobvisStudy], overall: bool = True,
                weighted: bool = False) -> list[list[str | float]]:
    """Header plus one row per study, in input order, ready for a CSV writer.

    Study labels must be unique (robvis uses them as row names); a ValueError names the
    duplicate. With `weighted`, a missing weight is an error rather than a silent 0."""
    rows: list[list[str | float]] = [list(robvis_header(tool, overall, weighted))]
    seen: set[str] = set()
    for study in studies:
        if study.label in seen:
            raise ValueError(f"study label {study.label!r} appears twice; "
                             "robvis needs unique labels")
        seen.add(study.label)
        rows.append(_row(tool, study, overall, weighted))
    return rows


def _row(tool: ToolDefinition, study: RobvisStudy, overall: bool,
         weighted: bool) -> list[str | float]:
    row: list[str | float] = [study.label]
    row += [robvis_label(tool, study.domains.get(d.id)) for d in tool.domains]
    if overall:
        row.append(robvis_label(tool, study.overall))
    if weighted:
        if study.weight is None:
            raise ValueError(f"study {study.label!r} has no weight")
        row.append(study.weight)
    return row


def domain_captions(tool: ToolDefinition) -> Sequence[str]:
    """Caption lines under a traffic-light plot, e.g. 'D1: Bias arising from ...'."""
    return [f"{d.short}: {d.name}." for d in tool.domains]
