"""Open a .wbproj safely: refuse foreign or damaged files, migrate with a backup, lock it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.limits import FULL_CHECK_BYTES
from workbench.storage import backups, checks
from workbench.storage.schema import APPLICATION_ID, MIGRATION_SET, migration_names, migrations
from workbench.storage.sqlite_lib import Database

SQLITE_MAGIC = b"SQLite format 3\x00"


class ProjectFileError(OSError):
    """The file cannot be used as a project; the message says why, naming the file."""


class ProjectInUseError(ProjectFileError):
    """Another window or program has the project open for writing."""


@dataclass
class FileReport:
    """What `workbench check` reports about a file, without ever writing to it."""

    path: Path
    ok: bool
    application_id: int | None = None
    schema_version: int | None = None
    read_only: bool = False
    problems: list[str] = field(default_factory=list)


def _harden(conn: sqlite3.Connection) -> None:
    """SQLite's advice for files from elsewhere: never run code or trust page contents."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    _harden(conn)
    return conn


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [name for (name,) in rows]


def inspect_file(path: Path) -> FileReport:
    """Check a file without changing its content: header, application_id, integrity, schema.

    The header is read as bytes first, so a foreign file is refused before SQLite opens it
    (opening could roll back someone else's hot journal, which is a write).
    """
    report = FileReport(path=path, ok=False)
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        report.problems.append(f"{path}: no such file")
        return report
    except OSError as err:
        report.problems.append(f"{path}: cannot be read ({err.strerror})")
        return report
    if not _header_is_ours(header, report):
        return report
    try:
        conn = _connect_for_inspection(path)
        try:
            _inspect_open(conn, report)
        finally:
            conn.close()
    except sqlite3.OperationalError as err:
        report.problems.append(_operational_message(path, err))
    except sqlite3.DatabaseError as err:
        report.problems.append(f"{path}: damaged or unreadable SQLite file ({err})")
    except UnicodeDecodeError as err:  # a damaged schema or migration name
        report.problems.append(f"{path}: damaged: the schema holds text that is not valid "
                               f"UTF-8 ({err.reason} at byte {err.start})")
    report.ok = not report.problems
    return report


def _header_is_ours(header: bytes, report: FileReport) -> bool:
    if header[:16] != SQLITE_MAGIC or len(header) < 100:
        report.problems.append(
            f"{report.path}: not an Evidence Workbench project (not an SQLite file)")
        return False
    report.application_id = int.from_bytes(header[68:72], "big")
    if report.application_id != APPLICATION_ID:
        report.problems.append(
            f"{report.path}: not an Evidence Workbench project "
            f"(application_id {report.application_id:#x}, expected {APPLICATION_ID:#x})")
        return False
    return True


def _connect_for_inspection(path: Path) -> sqlite3.Connection:
    """Our own file may need its write-ahead log recovered after a crash, which needs write
    access; a file we may not write is read through a read-only connection instead."""
    if not _writable(path):
        return _connect_read_only(path)
    conn = sqlite3.connect(str(path), timeout=0.2)
    _harden(conn)
    return conn


def _operational_message(path: Path, err: sqlite3.OperationalError) -> str:
    if "locked" in str(err) or "busy" in str(err):
        return f"{path}: the project is open in another Evidence Workbench window or program"
    return f"{path}: cannot be read ({err})"


def _inspect_open(conn: sqlite3.Connection, report: FileReport) -> None:
    # The full check (indexes against tables too) where the file is small enough to afford it.
    small = report.path.stat().st_size <= FULL_CHECK_BYTES
    check = [row[0] for row in conn.execute(
        "PRAGMA integrity_check(20)" if small else "PRAGMA quick_check(20)")]
    if check != ["ok"]:
        report.problems.append(f"{report.path}: integrity check failed: {'; '.join(check[:5])}")
        return
    applied = _applied_migrations(conn)
    known = migration_names()
    report.schema_version = len(applied)
    report.read_only = any(name not in known for name in applied)
    report.problems += [f"{report.path}: {p}" for p in _file_problems(conn, applied,
                                                                      report.read_only)]


def _file_problems(conn: sqlite3.Connection, applied: list[str], newer: bool) -> list[str]:
    """Schema first (later queries rely on it), then content; a newer file only for code."""
    found = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN "
                         "('trigger', 'view') ORDER BY name").fetchall()
    if newer:
        return [f"the file contains a {kind} '{name}'" for kind, name in found]
    problems = checks.migration_problems(applied)
    problems = problems or checks.schema_problems(conn, applied)
    return problems or checks.content_problems(conn, applied)


def create_database(path: Path, title: str) -> None:
    """Create a new project file at `path` (which must not exist) with the full schema.

    The file is built under a hidden name and linked into place, which fails if `path`
    appeared meanwhile: of two programs creating the same project at once, one wins and the
    other is told, and no one ever opens a half-created file."""
    if path.exists() and path.stat().st_size > 0:
        raise ProjectFileError(f"{path}: already exists")
    _check_folder_writable(path)
    partial = backups.partial_name(path)
    partial = partial.with_name(f"{partial.name}.{os.getpid()}")
    try:
        _build(partial, title)
        _publish(partial, path)
    except sqlite3.OperationalError as err:
        raise ProjectFileError(f"{path}: cannot create the project ({err})") from err
    finally:
        for stray in (partial, partial.with_name(partial.name + "-journal"),
                      partial.with_name(partial.name + "-wal"),
                      partial.with_name(partial.name + "-shm")):
            stray.unlink(missing_ok=True)


def _build(path: Path, title: str) -> None:
    path.unlink(missing_ok=True)
    db = Database(path, execute_plugins=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db)
        with db.atomic():
            db.execute(
                "INSERT INTO review (id, title, created_at) VALUES (1, ?, datetime('now'))",
                [title],
            )
        db.execute(f"PRAGMA user_version = {len(migration_names())}")
        db.execute("PRAGMA journal_mode = DELETE")  # one file to e-mail when closed
    finally:
        db.close()


def _publish(partial: Path, path: Path) -> None:
    """Link the finished file into place: atomic, and refused if the name is taken."""
    try:
        if path.exists() and path.stat().st_size == 0:
            os.replace(partial, path)  # an empty placeholder (a file dialog's) is no project
        else:
            os.link(partial, path)
    except FileExistsError as err:
        raise ProjectFileError(f"{path}: already exists (another program created it at the "
                               "same moment)") from err
    except OSError as err:
        raise ProjectFileError(f"{path}: cannot create the project ({err.strerror})") from err


def _check_folder_writable(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise ProjectFileError(f"{path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise ProjectFileError(f"{path}: {folder} is not a folder")


def open_database(path: Path, *, read_only: bool = False) -> tuple[Database, bool]:
    """Open an existing project; returns (db, read_only). Refuses anything that is not ours.

    Checks run on a read-only connection first, so a foreign or damaged file is never written.
    A file from a newer build opens read-only. An older schema is backed up, then migrated.
    """
    report = inspect_file(path)
    if not report.ok:
        in_use = "open in another" in report.problems[0]
        raise (ProjectInUseError if in_use else ProjectFileError)(report.problems[0])
    read_only = read_only or report.read_only or not _writable(path)
    if read_only:
        conn = _connect_read_only(path)
        return Database(conn, execute_plugins=False), True
    db = _open_locked(path)
    if migrations.pending(db):
        backups.backup_before_migration(db, path, report.schema_version or 0)
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {len(migration_names())}")
    return db, False


def writable_now(path: Path, db: Database) -> bool:
    """Whether a project opened read-only could be opened for writing: ours, from this build
    or older, and a file and folder we may write."""
    known = migration_names()
    newer = any(name not in known for name in _applied_migrations(db.conn))
    return not newer and _writable(path)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_locked(path: Path) -> Database:
    """Open for writing, holding SQLite's exclusive lock so a second instance is told."""
    conn = sqlite3.connect(str(path), timeout=0.2)
    _harden(conn)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # a commit survives a crash or power cut
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")  # take the lock now, not at the first edit
        conn.execute("COMMIT")
    except sqlite3.OperationalError as err:
        conn.close()
        if "locked" in str(err) or "busy" in str(err):
            raise ProjectInUseError(
                f"{path}: the project is open in another Evidence Workbench window or program"
            ) from err
        raise ProjectFileError(f"{path}: cannot open for writing ({err})") from err
    return Database(conn, execute_plugins=False)


def close_database(db: Database) -> None:
    """Close, folding the write-ahead log back so the project is one file again."""
    try:
        if not db.conn.in_transaction:
            db.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError:
        pass  # read-only connections cannot change the journal mode; nothing to fold
    db.close()
