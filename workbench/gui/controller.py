"""The GUI's single point of contact with the session: one `changed` signal for every view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from workbench.session.changes import Changes
from workbench.session.command import Command
from workbench.session.project import Project


class Controller(QObject):
    """Owns the open Project; views build Commands and listen to `changed(changes, initiator)`.

    Views never call each other: each one checks the Changes it receives and refreshes
    itself (architecture.md, "How a change flows").
    """

    changed = Signal(object, object)  # (Changes, initiator)
    project_opened = Signal(object)  # Project or None
    failed = Signal(str)  # a message the user must see (command refused, disk full ...)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        # Who is working, kept across File > Open and Save As: each project opened gets it,
        # so nobody's edits are ever recorded under another reviewer's name.
        self.reviewer: str | None = None
        # Blind mode (issue 7, on by default): every view hides the other reviewers' values
        # of a study until all who extracted it have finished it.
        self.blind = True

    def open(self, path: Path | str) -> Project:
        """Open (or create, for a missing file) a project; errors propagate to the caller."""
        path = Path(path)
        project = Project.open(path) if path.exists() else Project.create(path, path.stem)
        self.set_project(project)
        return project

    def set_project(self, project: Project | None) -> None:
        if self.project is not None:
            self.project.unsubscribe(self._forward)
            self.project.close()
        self.project = project
        if project is not None:
            if self.reviewer:
                project.set_reviewer(self.reviewer)
            project.subscribe(self._forward)
        self.project_opened.emit(project)
        self.changed.emit(Changes.all(), None)

    def set_reviewer(self, name: str) -> None:
        self.reviewer = name.strip() or None
        if self.project is not None and self.reviewer:
            self.project.set_reviewer(self.reviewer)

    def set_blind(self, on: bool) -> None:
        if on != self.blind:
            self.blind = on
            self.changed.emit(Changes(reviewers=True), None)

    def close(self) -> None:
        self.set_project(None)

    def _forward(self, changes: Changes, initiator: object) -> None:
        self.changed.emit(changes, initiator)

    def execute(self, command: Command, initiator: object = None) -> bool:
        """Run a command; on refusal tell the user and change nothing. True when it ran."""
        if self.project is None:
            return False
        try:
            self.project.execute(command, initiator)
        except (ValueError, OSError) as err:  # CommandError, ProjectFileError ...
            self.failed.emit(str(err))
            return False
        return True

    def undo(self) -> None:
        if self.project is not None:
            self._guarded(self.project.undo)

    def redo(self) -> None:
        if self.project is not None:
            self._guarded(self.project.redo)

    def _guarded(self, step) -> None:
        try:
            step()
        except (ValueError, OSError) as err:
            self.failed.emit(str(err))
