"""An open project: runs Commands in transactions, keeps History, tells listeners what changed."""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable
from pathlib import Path

from workbench.session.changes import Changes
from workbench.session.command import Command, Context, History
from workbench.storage import backups
from workbench.storage.database import (
    ProjectFileError,
    close_database,
    create_database,
    open_database,
    writable_now,
)
from workbench.storage.schema import migrations
from workbench.storage.store import Store

Listener = Callable[[Changes, object], None]


class ReadOnlyProjectError(ProjectFileError):
    """An edit was attempted on a project opened read-only."""


def default_reviewer_name() -> str:
    """The user account's name: the reviewer a project uses until someone chooses another."""
    try:
        return getpass.getuser() or "reviewer"
    except (KeyError, OSError):
        return "reviewer"


class Project:
    """One open .wbproj. Every edit goes through execute(); there is no Save."""

    def __init__(self, path: Path, db, read_only: bool):
        self.path = path
        self.store = Store(db)
        self.read_only = read_only
        self.history = History()
        self._listeners: list[Listener] = []
        self._reviewer: str | None = None
        self._write_on_demand = False

    # --- opening and closing ------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, title: str = "Untitled review") -> Project:
        path = Path(path)
        create_database(path, title)
        return cls.open(path, backup=False)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, backup: bool = True) -> Project:
        path = Path(path)
        db, read_only = open_database(path, read_only=read_only)
        project = cls(path, db, read_only)
        if backup and not read_only:
            backups.rotate_backups(db, path)
        return project

    @classmethod
    def open_for_command(cls, path: Path | str) -> Project:
        """For one command-line command: read-only until its first edit, so a command refused
        before it edits leaves the file byte for byte as it was (no lock, WAL or backup)."""
        path = Path(path)
        db, _ = open_database(path, read_only=True)
        if migrations.pending(db) or not writable_now(path, db):
            close_database(db)
            return cls.open(path)  # migrating is a write anyway; newer files stay read-only
        project = cls(path, db, read_only=False)
        project._write_on_demand = True
        return project

    def start_writing(self) -> None:
        """Open for writing now (before an outer transaction spanning several commands)."""
        if self._write_on_demand:
            self._start_writing()

    def _start_writing(self) -> None:
        """Reopen for writing (checks, lock, rotating backup) at the first edit."""
        close_database(self.store.db)
        self._write_on_demand = False
        db, self.read_only = open_database(self.path)
        self.store.db = db
        if not self.read_only:
            backups.rotate_backups(db, self.path)

    def close(self) -> None:
        close_database(self.store.db)
        self.history.clear()

    def save_as(self, target: Path | str) -> None:
        """Write a copy under a new name (the open project stays this one)."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise ProjectFileError(f"{target}: that is the project itself")
        try:
            backups.copy_database(self.store.db, target)
        except (OSError, sqlite3.Error) as err:
            raise ProjectFileError(f"{target}: cannot write the copy ({err})") from err

    # --- who is working -----------------------------------------------------------------
    @property
    def reviewer(self) -> str:
        """Who is working: chosen with set_reviewer, else the user account's name (cli.md:
        the project's default reviewer). Never silently someone else already in the file."""
        if self._reviewer is None:
            self._reviewer = default_reviewer_name()
        return self._reviewer

    def set_reviewer(self, name: str) -> None:
        """Work as `name` from now on; the reviewer row is created with the first edit."""
        self._reviewer = name.strip() or default_reviewer_name()
        self._notify(Changes(reviewers=True), None)

    def _context(self) -> Context:
        return Context(store=self.store, reviewer=self.reviewer)

    # --- commands -----------------------------------------------------------------------
    def execute(self, command: Command, initiator: object = None) -> Changes:
        changes = self._run(command, command.apply, command.describe())
        self.history.push(command)
        self._notify(changes, initiator)
        return changes

    def undo(self, initiator: object = None) -> Changes:
        if not self.history.done:
            return Changes()
        command = self.history.done[-1]
        changes = self._run(command, command.revert, f"Undo {command.describe()}")
        self.history.undone.append(self.history.done.pop())
        self._notify(changes, initiator)
        return changes

    def redo(self, initiator: object = None) -> Changes:
        if not self.history.undone:
            return Changes()
        command = self.history.undone[-1]
        changes = self._run(command, command.apply, f"Redo {command.describe()}")
        self.history.done.append(self.history.undone.pop())
        self._notify(changes, initiator)
        return changes

    def _run(self, command: Command, step: Callable[[Context], Changes], text: str) -> Changes:
        """One transaction: the step and its audit entry land together or not at all."""
        if self._write_on_demand:
            self._start_writing()
        if self.read_only:
            raise ReadOnlyProjectError(
                f"{self.path}: opened read-only (made by a newer version, or not writable)")
        db = self.store.db
        try:
            with db.atomic():
                ctx = self._context()
                changes = step(ctx)
                before, after = command.audit()
                self.store.log(ctx.reviewer, type(command).__name__, text, before, after,
                               study_ids=changes.studies,
                               outcome_ids=changes.outcomes | changes.settings)
        except sqlite3.OperationalError as err:
            raise ProjectFileError(f"{self.path}: the change could not be saved ({err})") from err
        return changes

    # --- listeners ----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, changes: Changes, initiator: object) -> None:
        for listener in list(self._listeners):
            listener(changes, initiator)
