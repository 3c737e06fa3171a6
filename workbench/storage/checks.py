"""`check` as strict as the code that reads: the schema the migrations build, typed and
well-formed text, settings within their domain, foreign keys, and size limits."""

from __future__ import annotations

import functools
import math
import sqlite3

from workbench.core.limits import MAX_LABEL
from workbench.storage.schema import migration_names, migrations
from workbench.storage.sqlite_lib import Database

# Columns a person reads as one line (forest plot rows, menus): a label, not a document.
LABEL_COLUMNS = frozenset({"label", "name", "title", "group_label_1", "group_label_2",
                           "favours_left", "favours_right", "timepoint"})
MAX_TEXT = 16 << 20  # any other text value (notes, audit entries), in characters
CC_TO = ("only0", "all", "if0all", "none")  # core.effects' correction rules
MAX_REPORTED = 20
UTF8_BLOCK = 4096


def migration_problems(applied: list[str]) -> list[str]:
    """Our migrations run in order, each once: the rows must be a prefix of the build's list."""
    known = migration_names()
    ours = [name for name in applied if name in known]
    if ours != known[:len(ours)]:
        return [f"the migration records are inconsistent (found {', '.join(ours) or 'none'}; "
                f"expected them in the order {', '.join(known[:len(ours)])})"]
    return []


@functools.lru_cache(maxsize=8)
def reference_schema(applied: tuple[str, ...]) -> dict[tuple[str, str], tuple]:
    """(type, name) -> shape, for the schema our migrations build up to `applied`, in memory."""
    db = Database(memory=True, execute_plugins=False)
    try:
        pending = [name for name in migration_names() if name not in applied]
        migrations.apply(db, stop_before=pending[0] if pending else None)
        return schema_shape(db.conn)
    finally:
        db.close()


def schema_shape(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple]:
    """Each table's columns (name, type, not null, default, key) and each index's columns."""
    shape: dict[tuple[str, str], tuple] = {}
    rows = conn.execute("SELECT type, name, tbl_name FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    for kind, name, table in rows:
        quoted = name.replace('"', '""')
        if kind == "table":
            info = conn.execute(f'PRAGMA table_xinfo("{quoted}")').fetchall()
            shape[(kind, name)] = tuple((c[1], c[2].upper(), c[3], c[4], c[5]) for c in info)
        elif kind == "index":
            cols = conn.execute(f'PRAGMA index_xinfo("{quoted}")').fetchall()
            shape[(kind, name)] = (table, tuple((c[2], c[3], c[5]) for c in cols if c[5]))
        else:
            shape[(kind, name)] = ()
    return shape


def schema_problems(conn: sqlite3.Connection, applied: list[str]) -> list[str]:
    """Every table, column and index the migrations create, and nothing else."""
    expected = dict(reference_schema(tuple(applied)))
    found = schema_shape(conn)
    if not applied:  # a file with no schema yet (version 0) may lack the migrations table
        expected = {k: v for k, v in expected.items() if "_sqlite_migrations" not in k[1]}
    problems = [f"the file contains a {kind} '{name}'" + (
        "" if kind in ("trigger", "view") else " that this schema does not have")
        for kind, name in sorted(set(found) - set(expected))]
    problems += [f"the {kind} '{name}' is missing" for kind, name in
                 sorted(set(expected) - set(found))]
    problems += [f"the {kind} '{name}' does not have the columns this schema gives it"
                 for (kind, name) in sorted(set(found) & set(expected))
                 if found[(kind, name)] != expected[(kind, name)]]
    return [*_records_mismatch(found, applied), *problems] if problems else []


def _records_mismatch(found: dict, applied: list[str]) -> list[str]:
    """Say so plainly when the tables are those of another migration count (a migration
    record deleted or added by hand): opening would re-run a migration half-way."""
    known = migration_names()
    for count in range(len(known) + 1):
        if count != len(applied) and reference_schema(tuple(known[:count])) == found:
            return [f"the migration records list {len(applied)} migrations but the tables "
                    f"are those of {count}: a migration record is missing or was added"]
    return []


def content_problems(conn: sqlite3.Connection, applied: list[str]) -> list[str]:
    """Types, UTF-8, lengths, finite numbers, settings and foreign keys, on a sound schema."""
    problems: list[str] = []
    for (kind, table), columns in reference_schema(tuple(applied)).items():
        # The migration record (where there is one) is read on every open: its text must
        # decode like any other table's.
        record = table == "_sqlite_migrations" and bool(applied)
        if kind == "table" and (not table.startswith("_") or record):
            problems += _table_problems(conn, table, [(c[0], c[1]) for c in columns])
    schema = reference_schema(tuple(applied))
    if not problems and ("table", "outcomes") in schema:
        problems += settings_problems(conn)
    for table in ("certainty_judgements", "certainty_consensus"):
        if not problems and ("table", table) in schema:
            problems += certainty_problems(conn, table)
    problems += _foreign_key_problems(conn)
    return problems[:MAX_REPORTED]


def _checks(column: str, declared: str) -> list[tuple[str, str]]:
    col = f'"{column}"'
    if "TEXT" in declared:
        limit = MAX_LABEL if column in LABEL_COLUMNS else MAX_TEXT
        return [(f"typeof({col}) NOT IN ('text', 'null')", "holds a value that is not text"),
                (f"length({col}) > {limit}", f"holds text longer than {limit:,} characters")]
    return [(f"typeof({col}) IN ('text', 'blob')", "holds text where a number belongs"),
            (f"typeof({col}) = 'real' AND abs({col}) > 1.7976931348623157e308",
             "holds an infinite number")]


def _table_problems(conn: sqlite3.Connection, table: str,
                    columns: list[tuple[str, str]]) -> list[str]:
    """One scan of the table for every column's rules; a second, per rule, only to name
    the column and row of a failure."""
    checks = [(column, *check) for column, declared in columns
              for check in _checks(column, declared)]
    combined = " OR ".join(f"({condition})" for _, condition, _ in checks)
    if conn.execute(f'SELECT 1 FROM "{table}" WHERE {combined} LIMIT 1').fetchone():
        for column, condition, message in checks:
            found = conn.execute(f'SELECT rowid FROM "{table}" WHERE {condition} LIMIT 1'
                                 ).fetchone()
            if found is not None:
                return [f"table {table}, column {column}, row {found[0]}: {message}"]
    text = [column for column, declared in columns if "TEXT" in declared]
    return _utf8_problems(conn, table, text) if text else []


def _utf8_problems(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[str]:
    # SQLite stores whatever bytes it is given; Python's reader fails on invalid UTF-8. Values
    # are joined a block of rows at a time (a newline between them stops two broken halves
    # from forming one valid character), which is far faster than fetching each value.
    joined = " || char(10) || ".join(f"coalesce(\"{c}\", '')" for c in columns)
    sql = (f'SELECT CAST(group_concat({joined}, char(10)) AS BLOB) FROM "{table}" '
           "WHERE rowid BETWEEN ? AND ?")
    last = conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    for first in range(0, last + 1, UTF8_BLOCK):
        try:
            (conn.execute(sql, (first, first + UTF8_BLOCK - 1)).fetchone()[0] or b""
             ).decode("utf-8")
        except UnicodeDecodeError:
            for column in columns:
                row = _bad_row(conn, table, column, first)
                if row is not None:
                    return [f"table {table}, column {column}, row {row}: text that is not "
                            "valid UTF-8"]
    return []


def _bad_row(conn: sqlite3.Connection, table: str, column: str, first: int) -> int | None:
    rows = conn.execute(f'SELECT rowid, CAST("{column}" AS BLOB) FROM "{table}" WHERE rowid '
                        f'BETWEEN ? AND ? AND typeof("{column}") = \'text\'',
                        (first, first + UTF8_BLOCK - 1))
    for rowid, raw in rows:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return rowid
    return None


def settings_problems(conn: sqlite3.Connection) -> list[str]:
    """Each outcome's stored analysis settings within the domain the engine accepts."""
    from workbench.storage.store import Store

    problems = []
    try:
        outcomes = Store(Database(conn, execute_plugins=False)).outcomes()
    except (ValueError, TypeError) as err:  # e.g. a data type the CHECK was bypassed for
        return [f"table outcomes: a row the reader cannot use ({err})"]
    for outcome in outcomes:
        message = _settings_problem(outcome)
        if message:
            problems.append(f"outcome {outcome.label!r}: stored analysis settings are "
                            f"invalid ({message})")
    return problems


def _settings_problem(outcome) -> str | None:
    """A value outside its domain (what no version of the app writes). A pair the engine
    refuses (HKSJ with MH, say) is not damage: the app can store it, and `analyse` reports
    that one outcome as not analysable without hiding the others."""
    from workbench.core.model import (
        COMPAT_MODES,
        FIXED_METHODS,
        MEASURES_BY_TYPE,
        RANDOM_METHODS,
    )

    s = outcome.settings
    if not isinstance(s.cc, int | float) or not math.isfinite(s.cc) or s.cc < 0:
        return f"continuity correction {s.cc!r}"
    if s.cc_to not in CC_TO or s.het_from.upper() not in ("IV", "MH"):
        return f"cc_to {s.cc_to!r}, het_from {s.het_from!r}"
    if s.compat not in (None, *COMPAT_MODES) or s.pi_df not in ("default", "k-2"):
        return f"compat {s.compat!r}, pi_df {s.pi_df!r}"
    if not isinstance(s.ci_level, int | float) or not 0 < s.ci_level < 1:
        return f"ci_level {s.ci_level!r}"
    if s.measure.upper() not in MEASURES_BY_TYPE[outcome.data_type]:
        return f"measure {s.measure!r} for {outcome.data_type.value} data"
    if s.method.upper() not in (*FIXED_METHODS, *RANDOM_METHODS, "EE"):
        return f"method {s.method!r}"
    return None


def certainty_problems(conn: sqlite3.Connection, table: str) -> list[str]:
    """GRADE judgements: a known domain, a level within its range (core.grade.model)."""
    from workbench.core.grade.model import LEVEL_RANGES

    for rowid, domain, level in conn.execute(f'SELECT rowid, domain, level FROM "{table}"'):
        low, high = LEVEL_RANGES.get(domain, (1, 0))
        if not (isinstance(level, int) and low <= level <= high):
            return [f"table {table}, row {rowid}: level {level!r} is not a level of the "
                    f"certainty domain {domain!r}"]
    return []


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_REPORTED)
    return [f"table {table}, row {rowid}: refers to a missing row of {parent}"
            for table, rowid, parent, _ in rows]
