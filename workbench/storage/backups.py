"""Copies of a project made with SQLite's backup API: before migrating, and rotating on open."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from workbench.storage.sqlite_lib import Database

KEEP_BACKUPS = 10


def backup_folder(path: Path) -> Path:
    """Backups sit beside the project, where a user looking for them will find them."""
    return path.parent / f"{path.stem}.backups"


def partial_name(target: Path) -> Path:
    """Where a copy is written before it is renamed into place (same folder, hidden)."""
    return target.with_name(f".{target.name}.partial")


def copy_database(db: Database, target: Path) -> None:
    """Write a consistent copy of an open database to `target` (Save As uses this too).

    The copy is written under a hidden name and renamed into place, so a kill mid-copy leaves
    no half-written file (or its journal) under the real name."""
    partial = partial_name(target)
    destination = sqlite3.connect(str(partial))
    try:
        db.conn.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        destination.close()
        _remove(partial)
        raise
    destination.close()
    os.replace(partial, target)


def _remove(path: Path) -> None:
    for stray in (path, path.with_name(path.name + "-journal")):
        stray.unlink(missing_ok=True)


def clean_strays(folder: Path) -> None:
    """Remove what a kill during an earlier backup left: partial copies and their journals,
    and a copy whose rollback journal survived (it was never finished)."""
    for journal in folder.glob("*-journal"):
        journal.unlink(missing_ok=True)
        unfinished = journal.with_name(journal.name[:-len("-journal")])
        if unfinished.suffix == ".wbproj" or unfinished.name.endswith(".partial"):
            unfinished.unlink(missing_ok=True)
    for partial in folder.glob(".*.partial"):
        partial.unlink(missing_ok=True)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_before_migration(db: Database, path: Path, from_version: int) -> Path:
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}-schema-v{from_version}-{_stamp()}.wbproj"
    copy_database(db, target)
    return target


def rotate_backups(db: Database, path: Path, keep: int = KEEP_BACKUPS) -> Path | None:
    """Copy the project as opened, keeping the newest `keep` copies; None if not possible."""
    folder = backup_folder(path)
    try:
        folder.mkdir(exist_ok=True)
        clean_strays(folder)
        target = folder / f"{path.stem}-{_stamp()}.wbproj"
        copy_database(db, target)
    except (OSError, sqlite3.Error):
        return None  # a backup must never stop a user from working
    rotating = sorted(p for p in folder.glob(f"{path.stem}-2*.wbproj"))
    for old in rotating[:-keep]:
        old.unlink(missing_ok=True)
    return target
