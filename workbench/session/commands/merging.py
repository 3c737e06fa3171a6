"""MergeProject: bring another reviewer's copy of the project in, as one undoable step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.storage.merge import MergeLog, merge_snapshot, undo_merge
from workbench.storage.snapshot import Snapshot, read_snapshot


@dataclass
class MergeProject(Command):
    """Merge OTHER.wbproj field by field (storage.merge states the rules).

    The other file is read once, on the first apply, so that redo brings in exactly what the
    first merge did even if that file has changed or gone since. Raises ProjectFileError for
    a file that is refused; then nothing changes, in either file. A caller may pass the
    snapshot it has already read (the CLI reads it before opening the project).
    """

    other: Path
    snapshot: Snapshot | None = field(default=None, repr=False)
    label: str = "Merge project"
    _log: MergeLog | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self.snapshot is None:
            self.snapshot = read_snapshot(Path(self.other))
        self._log = merge_snapshot(ctx.store, self.snapshot)
        return _everything_merged()

    def revert(self, ctx: Context) -> Changes:
        undo_merge(ctx.store, self._log)
        return _everything_merged()

    @property
    def counts(self) -> dict[str, int]:
        """{values_added, conflicts_added, unchanged, consensus_differing} of the last apply."""
        return dict(self._log.counts) if self._log else {}

    def describe(self) -> str:
        return f"Merge {Path(self.other).name}"

    def audit(self) -> tuple[Any, Any]:
        return None, {"file": str(self.other), **self.counts}


def _everything_merged() -> Changes:
    return Changes(structure=True, reviewers=True, rob=True)
