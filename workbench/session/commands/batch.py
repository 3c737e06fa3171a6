"""Several commands as one undoable step (a paste that sets values and years together)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context


@dataclass
class Batch(Command):
    """Apply the commands in order, revert them in reverse: one transaction, one undo."""

    commands: list[Command]
    label: str = "Edit values"

    def apply(self, ctx: Context) -> Changes:
        changes = Changes()
        for command in self.commands:
            changes = changes | command.apply(ctx)
        return changes

    def revert(self, ctx: Context) -> Changes:
        changes = Changes()
        for command in reversed(self.commands):
            changes = changes | command.revert(ctx)
        return changes

    def describe(self) -> str:
        return f"{self.label}: " + "; ".join(c.describe() for c in self.commands)

    def audit(self) -> tuple[Any, Any]:
        pairs = [c.audit() for c in self.commands]
        return [p[0] for p in pairs], [p[1] for p in pairs]
