"""What the project panel's menus and keys do: build outline Commands from dialogs' answers.

The `ask_*` methods open the dialogs; tests replace them to answer without a modal loop.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from workbench.gui.outline_dialogs import ChooseDialog, ComparisonDialog, OutcomeDialog, StudyDialog
from workbench.session.commands import SetStudyField
from workbench.session.commands.batch import Batch
from workbench.session.commands.deleting import (
    delete_comparison,
    delete_outcome,
    delete_study,
    deletion_preview,
    remove_from_outcome,
)
from workbench.session.commands.outline import (
    AddComparison,
    AddOutcome,
    CopyOutcomeSettings,
    EditComparison,
    EditOutcome,
    MoveItem,
    OutcomeSpec,
)
from workbench.session.commands.outline_studies import AddStudy, EditStudy, MergeStudies
from workbench.session.commands.subgroups import (
    AddSubgroup,
    DeleteSubgroup,
    MoveSubgroup,
    MoveToSubgroup,
    PlaceNewStudy,
    RenameSubgroup,
)


class OutlineActions:
    """One method per user action on the outline; each runs one Command through the controller."""

    def __init__(self, controller, parent: QWidget):
        self.controller, self.parent = controller, parent

    @property
    def store(self):
        return self.controller.project.store

    def run(self, command) -> bool:
        return self.controller.execute(command)

    # --- the dialogs (replaced in tests) ---------------------------------------------------
    def ask_comparison(self, comparison=None) -> tuple[str, str, str] | None:
        dialog = ComparisonDialog(comparison, self.parent)
        return dialog.values() if dialog.exec() else None

    def ask_outcome(self, outcome=None) -> OutcomeSpec | None:
        dialog = OutcomeDialog(outcome, self.parent)
        return dialog.spec() if dialog.exec() else None

    def ask_study(self, study=None) -> dict[str, Any] | None:
        dialog = StudyDialog(study, self.parent)
        return dialog.values() if dialog.exec() else None

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label, text=text)
        return value if ok else None

    def ask_choice(self, title: str, label: str, options: list[str]) -> str | None:
        value, ok = QInputDialog.getItem(self.parent, title, label, options, 0, False)
        return value if ok else None

    def ask_many(self, title: str, prompt: str, items: list[tuple[str, Any]]) -> list | None:
        dialog = ChooseDialog(title, prompt, items, self.parent)
        return dialog.chosen() if dialog.exec() else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # --- comparisons and outcomes ----------------------------------------------------------
    def new_comparison(self) -> None:
        values = self.ask_comparison()
        if values is not None:
            self.run(AddComparison(*values))

    def edit_comparison(self, comparison_id: int) -> None:
        comparison = next(c for c in self.store.comparisons() if c.id == comparison_id)
        values = self.ask_comparison(comparison)
        if values is not None:
            self.run(EditComparison(comparison_id, *values))

    def new_outcome(self, comparison_id: int) -> int | None:
        spec = self.ask_outcome()
        if spec is None:
            return None
        command = AddOutcome(comparison_id, spec)
        return command.outcome_id if self.run(command) else None

    def edit_outcome(self, outcome_id: int) -> None:
        spec = self.ask_outcome(self.store.outcome(outcome_id))
        if spec is not None:
            self.run(EditOutcome(outcome_id, spec))

    def move(self, table: str, row_id: int, offset: int) -> None:
        self.run(MoveItem(table, row_id, offset))

    def copy_settings(self, outcome_id: int) -> None:
        others = [(o.label, o.id) for o in self.store.outcomes() if o.id != outcome_id]
        chosen = self.ask_many("Copy analysis settings", "Copy to these outcomes:", others)
        if chosen:
            self.run(CopyOutcomeSettings(outcome_id, chosen))

    # --- deleting: say how much goes, one undo step ----------------------------------------
    def delete(self, kind: str, command) -> None:
        lost = deletion_preview(self.store, command.table, command.row_id)
        text = f"Delete {kind} “{command.name}”?"
        text += f"\n\nThis also removes {lost}." if lost else ""
        text += "\n\nEdit ▸ Undo brings it all back."
        if self.confirm(f"Delete {kind}", text):
            self.run(command)

    def delete_comparison(self, comparison_id: int) -> None:
        self.delete("comparison", delete_comparison(self.store, comparison_id))

    def delete_outcome(self, outcome_id: int) -> None:
        self.delete("outcome", delete_outcome(self.store, outcome_id))

    def delete_study(self, study_id: int) -> None:
        self.delete("study", delete_study(self.store, study_id))

    def remove_result(self, result_id: int) -> None:
        self.delete("the study's data for this outcome", remove_from_outcome(self.store,
                                                                             result_id))

    # --- studies ---------------------------------------------------------------------------
    def new_study(self, outcome_id: int | None = None, subgroup: str = "") -> None:
        values = self.ask_study()
        if values is None:
            return
        add = AddStudy(values["name"], values["year"], values["design"], values["notes"],
                       outcome_id=outcome_id)
        if not subgroup or outcome_id is None:
            self.run(add)
            return
        self.run(Batch([add, PlaceNewStudy(add, outcome_id, subgroup)], label="Add study"))

    def edit_study(self, study_id: int) -> None:
        study = next(s for s in self.store.studies() if s.id == study_id)
        values = self.ask_study(study)
        if values is None:
            return
        steps = [EditStudy(study_id, values["name"], values["design"], values["notes"])]
        if values["year"] != study.year:
            steps.append(SetStudyField(study_id, "year", values["year"]))
        self.run(Batch(steps, label="Edit study") if len(steps) > 1 else steps[0])

    def merge_into(self, study_id: int) -> None:
        others = [s.label for s in self.store.studies() if s.id != study_id]
        label = self.store.study_label(study_id)
        chosen = self.ask_choice("Merge studies", f"Merge “{label}” into:", others)
        if chosen and self.confirm("Merge studies", f"Merge “{label}” into “{chosen}”?\n\n"
                                   "Every value is kept; values that differ become conflicts "
                                   "to resolve on the Conflicts tab."):
            self.run(MergeStudies(self.store.study_id(chosen), study_id))

    # --- subgroups -------------------------------------------------------------------------
    def new_subgroup(self, outcome_id: int) -> None:
        name = self.ask_text("New subgroup", "Subgroup name:")
        if name is not None:
            self.run(AddSubgroup(outcome_id, name))

    def rename_subgroup(self, outcome_id: int, old: str) -> None:
        name = self.ask_text("Rename subgroup", "Subgroup name:", old)
        if name is not None and name != old:
            self.run(RenameSubgroup(outcome_id, old, name))

    def delete_subgroup(self, outcome_id: int, name: str) -> None:
        if self.confirm("Delete subgroup", f"Delete subgroup “{name}”?\n\nIts studies stay "
                        "in the outcome, outside any subgroup."):
            self.run(DeleteSubgroup(outcome_id, name))

    def move_subgroup(self, outcome_id: int, name: str, offset: int) -> None:
        self.run(MoveSubgroup(outcome_id, name, offset))

    def move_to_subgroup(self, outcome_id: int, result_id: int, subgroup: str) -> None:
        self.run(MoveToSubgroup(outcome_id, result_id, subgroup))

    def fill_subgroup(self, outcome_id: int, subgroup: str) -> None:
        items = [(r["study"], r["result_id"]) for r in self.store.results(outcome_id)]
        chosen = self.ask_many(f"Studies in {subgroup}", "Put these studies in the subgroup:",
                               items)
        if chosen:
            self.run(Batch([MoveToSubgroup(outcome_id, r, subgroup) for r in chosen],
                           label="Move studies to subgroup"))

