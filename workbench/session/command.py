"""The Command protocol and the undo/redo History, both free of Qt."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from workbench.session.changes import Changes
from workbench.storage.store import Store


class Context:
    """What a command may use while it runs: the store and who is making the change.

    The reviewer's row is created only when a command writes a value of theirs, so an
    import attributed to someone else does not invent a reviewer for the account user.
    """

    def __init__(self, store: Store, reviewer_id: int | None = None, reviewer: str = ""):
        self.store = store
        self.reviewer = reviewer
        self._reviewer_id = reviewer_id

    @property
    def reviewer_id(self) -> int:
        if self._reviewer_id is None:
            found = self.store.reviewer_id(self.reviewer)
            self._reviewer_id = found if found is not None else self.store.add_reviewer(
                self.reviewer)
        return self._reviewer_id


class Command(ABC):
    """One user action: applied in one transaction, logged once, revertible.

    `apply` records in the command whatever `revert` needs, so a command object carries
    its own undo information (glue's and Anki's approach; no QUndoStack).
    """

    #: Menu text after "Undo "/"Redo ", e.g. "Rename study".
    label: str = "Change"

    @abstractmethod
    def apply(self, ctx: Context) -> Changes: ...

    @abstractmethod
    def revert(self, ctx: Context) -> Changes: ...

    def describe(self) -> str:
        """A sentence for the audit log; defaults to the label."""
        return self.label

    def audit(self) -> tuple[Any, Any]:
        """(before, after) for the audit log, as plain JSON-able values."""
        return None, None


@dataclass
class History:
    """Undo and redo stacks of applied commands; a new command clears redo."""

    limit: int = 500
    done: list[Command] = field(default_factory=list)
    undone: list[Command] = field(default_factory=list)

    def push(self, command: Command) -> None:
        self.done.append(command)
        del self.done[: -self.limit]
        self.undone.clear()

    def undo_label(self) -> str | None:
        return self.done[-1].label if self.done else None

    def redo_label(self) -> str | None:
        return self.undone[-1].label if self.undone else None

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()
