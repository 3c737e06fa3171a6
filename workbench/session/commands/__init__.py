"""The Commands a user can run; each one is a single undoable step."""

from workbench.session.commands.edits import (
    CellEdit,
    EditCells,
    SetIncluded,
    SetStudyField,
)
from workbench.session.commands.structure import (
    AddStudyToOutcome,
    RenameStudy,
    SetAnalysisSettings,
    SetFavoursLabels,
    SetGroupLabels,
    SetReviewText,
)

__all__ = [
    "AddStudyToOutcome",
    "CellEdit",
    "EditCells",
    "RenameStudy",
    "SetAnalysisSettings",
    "SetFavoursLabels",
    "SetGroupLabels",
    "SetIncluded",
    "SetReviewText",
    "SetStudyField",
]
