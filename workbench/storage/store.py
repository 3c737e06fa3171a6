"""Queries and writes on an open project: every SQL statement of the product lives here."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from workbench.core.model import AnalysisSettings, Comparison, DataType, Outcome, Reviewer, Study
from workbench.storage.sqlite_lib import Database

SETTINGS_COLUMNS = ("measure", "method", "ci_level", "hksj", "cc", "cc_to", "drop00",
                    "het_from", "compat", "log_scale", "tau2_ci", "pi_df", "hksj_adhoc")
# Outcome attributes beyond analysis settings (schema 4), read into core.model.Outcome.
OUTCOME_COLUMNS = ("higher_is_better", "importance", "units", "follow_up")
TEXT_FIELDS = frozenset({"subgroup", "notes"})


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CellValue:
    """One reviewer's (or the consensus) value of one field; number or text, None if NR."""

    field: str
    value: float | str | None
    reviewer: str
    source: str = ""


class Store:
    """Thin, typed access to one open project database. Callers own the transaction."""

    def __init__(self, db: Database):
        self.db = db

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return self.db.execute(sql, list(params))

    def one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.db.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    # --- review -------------------------------------------------------------------------
    def review(self) -> dict[str, str]:
        row = self.execute("SELECT title, question, notes FROM review WHERE id = 1").fetchone()
        return {"title": row[0], "question": row[1], "notes": row[2]} if row else {}

    def set_review_field(self, column: str, value: str) -> None:
        assert column in ("title", "question", "notes")
        self.execute(f"UPDATE review SET {column} = ? WHERE id = 1", [value])

    # --- reviewers ----------------------------------------------------------------------
    def reviewers(self) -> list[Reviewer]:
        rows = self.execute("SELECT id, name FROM reviewers ORDER BY id")
        return [Reviewer(id=r[0], name=r[1]) for r in rows]

    def reviewer_id(self, name: str) -> int | None:
        return self.one("SELECT id FROM reviewers WHERE name = ?", [name])

    def add_reviewer(self, name: str) -> int:
        cur = self.execute("INSERT INTO reviewers (name, created_at) VALUES (?, ?)",
                           [name, now()])
        return int(cur.lastrowid)

    def delete_reviewer(self, reviewer_id: int) -> None:
        self.execute("DELETE FROM reviewers WHERE id = ?", [reviewer_id])

    # --- studies ------------------------------------------------------------------------
    def studies(self) -> list[Study]:
        rows = self.execute("SELECT id, label, design, notes FROM studies ORDER BY label")
        years = self.study_years()
        return [Study(id=r[0], label=r[1], year=years.get(r[0]), design=r[2], notes=r[3])
                for r in rows]

    def study_id(self, label: str) -> int | None:
        return self.one("SELECT id FROM studies WHERE label = ?", [label])

    def study_label(self, study_id: int) -> str | None:
        return self.one("SELECT label FROM studies WHERE id = ?", [study_id])

    def add_study(self, label: str, design: str = "RCT", study_id: int | None = None) -> int:
        cur = self.execute("INSERT INTO studies (id, label, design) VALUES (?, ?, ?)",
                           [study_id, label, design])
        return int(cur.lastrowid)

    def rename_study(self, study_id: int, label: str) -> None:
        self.execute("UPDATE studies SET label = ? WHERE id = ?", [label, study_id])

    def delete_study(self, study_id: int) -> None:
        self.execute("DELETE FROM studies WHERE id = ?", [study_id])

    def study_field_values(self, field: str) -> list[tuple[int, str, float | None]]:
        """Every reviewer's value of a study-level field: (study_id, reviewer, value)."""
        return list(self.execute(
            "SELECT sv.study_id, r.name, sv.value_num FROM study_values sv JOIN reviewers r "
            "ON r.id = sv.reviewer_id WHERE sv.field = ?", [field]))

    def study_consensus(self, field: str) -> dict[int, float | None]:
        """Agreed values of a study-level field, by study id."""
        return dict(self.execute("SELECT study_id, value_num FROM consensus_values "
                                 "WHERE field = ? AND study_id IS NOT NULL", [field]))

    def study_years(self) -> dict[int, int]:
        """The year analyses use: the consensus, else the year every reviewer gave; a year the
        reviewers disagree on is left out until resolved, like any other conflicting cell."""
        given: dict[int, set[float]] = {}
        for study_id, _reviewer, value in self.study_field_values("year"):
            if value is not None:
                given.setdefault(study_id, set()).add(value)
        years = {sid: int(next(iter(v))) for sid, v in given.items() if len(v) == 1}
        years.update({sid: int(v) for sid, v in self.study_consensus("year").items()
                      if v is not None})
        return years

    def study_value(self, study_id: int, reviewer_id: int, field: str) -> tuple | None:
        return self.execute(
            "SELECT value_num, value_text, source FROM study_values "
            "WHERE study_id = ? AND reviewer_id = ? AND field = ?",
            [study_id, reviewer_id, field]).fetchone()

    def set_study_value(self, study_id: int, reviewer_id: int, field: str,
                        value: float | str | None, source: str = "") -> None:
        num, text = _split_value(field, value)
        self.execute(
            "INSERT INTO study_values (study_id, reviewer_id, field, value_num, value_text, "
            "source, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (study_id, reviewer_id, field) DO UPDATE SET value_num = excluded."
            "value_num, value_text = excluded.value_text, source = excluded.source, "
            "entered_at = excluded.entered_at",
            [study_id, reviewer_id, field, num, text, source, now()])

    def delete_study_value(self, study_id: int, reviewer_id: int, field: str) -> None:
        self.execute("DELETE FROM study_values WHERE study_id = ? AND reviewer_id = ? "
                     "AND field = ?", [study_id, reviewer_id, field])

    # --- comparisons and outcomes -------------------------------------------------------
    def comparisons(self) -> list[Comparison]:
        rows = self.execute("SELECT id, label, group_label_1, group_label_2 FROM comparisons "
                            "ORDER BY position, id")
        return [Comparison(*r) for r in rows]

    def comparison_id(self, label: str) -> int | None:
        return self.one("SELECT id FROM comparisons WHERE label = ?", [label])

    def add_comparison(self, label: str, group_1: str = "Experimental",
                       group_2: str = "Control") -> int:
        position = self.one("SELECT COALESCE(MAX(position), 0) + 1 FROM comparisons")
        cur = self.execute("INSERT INTO comparisons (label, group_label_1, group_label_2, "
                           "position) VALUES (?, ?, ?, ?)", [label, group_1, group_2, position])
        return int(cur.lastrowid)

    def set_group_labels(self, comparison_id: int, group_1: str, group_2: str) -> None:
        self.execute("UPDATE comparisons SET group_label_1 = ?, group_label_2 = ? WHERE id = ?",
                     [group_1, group_2, comparison_id])

    def delete_comparison(self, comparison_id: int) -> None:
        self.execute("DELETE FROM comparisons WHERE id = ?", [comparison_id])

    def outcomes(self, comparison_id: int | None = None) -> list[Outcome]:
        sql = (f"SELECT id, comparison_id, label, data_type, favours_left, favours_right, "
               f"{', '.join(OUTCOME_COLUMNS)}, {', '.join(SETTINGS_COLUMNS)} FROM outcomes")
        params: list[Any] = []
        if comparison_id is not None:
            sql += " WHERE comparison_id = ?"
            params.append(comparison_id)
        rows = self.execute(sql + " ORDER BY comparison_id, position, id", params)
        return [_outcome_from_row(r) for r in rows]

    def outcome(self, outcome_id: int) -> Outcome | None:
        found = [o for o in self.outcomes() if o.id == outcome_id]
        return found[0] if found else None

    def outcome_id(self, comparison_id: int, label: str) -> int | None:
        return self.one("SELECT id FROM outcomes WHERE comparison_id = ? AND label = ?",
                        [comparison_id, label])

    def add_outcome(self, comparison_id: int, label: str, data_type: DataType,
                    settings: AnalysisSettings) -> int:
        position = self.one("SELECT COALESCE(MAX(position), 0) + 1 FROM outcomes "
                            "WHERE comparison_id = ?", [comparison_id])
        cur = self.execute(
            "INSERT INTO outcomes (comparison_id, label, data_type, position, measure, method)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [comparison_id, label, str(data_type), position, settings.measure, settings.method])
        outcome_id = int(cur.lastrowid)
        self.set_settings(outcome_id, settings)
        return outcome_id

    def set_settings(self, outcome_id: int, settings: AnalysisSettings) -> None:
        values = [_setting_to_sql(getattr(settings, c)) for c in SETTINGS_COLUMNS]
        assignments = ", ".join(f"{c} = ?" for c in SETTINGS_COLUMNS)
        self.execute(f"UPDATE outcomes SET {assignments} WHERE id = ?", [*values, outcome_id])

    def set_favours(self, outcome_id: int, left: str, right: str) -> None:
        self.execute("UPDATE outcomes SET favours_left = ?, favours_right = ? WHERE id = ?",
                     [left, right, outcome_id])

    def set_outcome_attribute(self, outcome_id: int, column: str, value: Any) -> None:
        """One of OUTCOME_COLUMNS (direction, importance, units, follow-up)."""
        assert column in OUTCOME_COLUMNS
        self.execute(f"UPDATE outcomes SET {column} = ? WHERE id = ?",
                     [_setting_to_sql(value), outcome_id])

    def study_characteristics(self, study_id: int) -> dict[str, str]:
        rows = self.execute("SELECT field, text FROM study_characteristics WHERE study_id = ?",
                            [study_id])
        return dict(rows.fetchall())

    def set_study_characteristic(self, study_id: int, field: str, text: str) -> None:
        """Store one characteristic; empty text removes it."""
        if text:
            self.execute("INSERT INTO study_characteristics (study_id, field, text) "
                         "VALUES (?, ?, ?) ON CONFLICT (study_id, field) DO UPDATE SET "
                         "text = excluded.text", [study_id, field, text])
        else:
            self.execute("DELETE FROM study_characteristics WHERE study_id = ? AND field = ?",
                         [study_id, field])

    def delete_outcome(self, outcome_id: int) -> None:
        self.execute("DELETE FROM outcomes WHERE id = ?", [outcome_id])

    # --- results (study x outcome) and extracted values ---------------------------------
    def result_id(self, study_id: int, outcome_id: int, timepoint: str = "") -> int | None:
        return self.one("SELECT id FROM study_outcomes WHERE study_id = ? AND outcome_id = ? "
                        "AND timepoint = ?", [study_id, outcome_id, timepoint])

    def add_result(self, study_id: int, outcome_id: int, timepoint: str = "") -> int:
        position = self.one("SELECT COALESCE(MAX(position), 0) + 1 FROM study_outcomes "
                            "WHERE outcome_id = ?", [outcome_id])
        cur = self.execute("INSERT INTO study_outcomes (study_id, outcome_id, timepoint, "
                           "position) VALUES (?, ?, ?, ?)",
                           [study_id, outcome_id, timepoint, position])
        return int(cur.lastrowid)

    def delete_result(self, result_id: int) -> None:
        self.execute("DELETE FROM study_outcomes WHERE id = ?", [result_id])

    def set_included(self, result_id: int, included: bool) -> None:
        self.execute("UPDATE study_outcomes SET included = ? WHERE id = ?",
                     [int(included), result_id])

    def results(self, outcome_id: int) -> list[dict[str, Any]]:
        """The rows of an outcome: result id, study id and label, timepoint, included."""
        rows = self.execute(
            "SELECT so.id, so.study_id, s.label, so.timepoint, so.included FROM study_outcomes so"
            " JOIN studies s ON s.id = so.study_id WHERE so.outcome_id = ?"
            " ORDER BY so.position, so.id", [outcome_id])
        return [{"result_id": r[0], "study_id": r[1], "study": r[2], "timepoint": r[3],
                 "included": bool(r[4])} for r in rows]

    def value(self, result_id: int, reviewer_id: int, field: str) -> tuple | None:
        """(value_num, value_text, source) or None when the reviewer never entered the field."""
        return self.execute(
            "SELECT value_num, value_text, source FROM extracted_values "
            "WHERE study_outcome_id = ? AND reviewer_id = ? AND field = ?",
            [result_id, reviewer_id, field]).fetchone()

    def set_value(self, result_id: int, reviewer_id: int, field: str,
                  value: float | str | None, source: str = "") -> None:
        num, text = _split_value(field, value)
        self.execute(
            "INSERT INTO extracted_values (study_outcome_id, reviewer_id, field, value_num, "
            "value_text, source, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (study_outcome_id, reviewer_id, field) DO UPDATE SET "
            "value_num = excluded.value_num, value_text = excluded.value_text, "
            "source = excluded.source, entered_at = excluded.entered_at",
            [result_id, reviewer_id, field, num, text, source, now()])

    def set_values_bulk(self, rows: list[tuple]) -> None:
        """Insert many (result_id, reviewer_id, field, num, text, source) at once (imports)."""
        stamp = now()
        self.db.conn.executemany(
            "INSERT INTO extracted_values (study_outcome_id, reviewer_id, field, value_num, "
            "value_text, source, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (study_outcome_id, reviewer_id, field) DO UPDATE SET "
            "value_num = excluded.value_num, value_text = excluded.value_text, "
            "source = excluded.source, entered_at = excluded.entered_at",
            ((*row, stamp) for row in rows))  # streamed: a big import is not copied twice

    def delete_value(self, result_id: int, reviewer_id: int, field: str) -> None:
        self.execute("DELETE FROM extracted_values WHERE study_outcome_id = ? AND "
                     "reviewer_id = ? AND field = ?", [result_id, reviewer_id, field])

    def values_for_outcome(self, outcome_id: int) -> list[tuple]:
        """Every reviewer's values of an outcome: (result_id, reviewer name, field, num, text,
        source), one query for the whole grid."""
        return list(self.execute(
            "SELECT ev.study_outcome_id, r.name, ev.field, ev.value_num, ev.value_text, "
            "ev.source FROM extracted_values ev JOIN study_outcomes so ON so.id = "
            "ev.study_outcome_id JOIN reviewers r ON r.id = ev.reviewer_id "
            "WHERE so.outcome_id = ?", [outcome_id]))

    def consensus_for_outcome(self, outcome_id: int) -> list[tuple]:
        """(result_id, field, num, text, resolved_by name, resolved_at, reason)."""
        return list(self.execute(
            "SELECT cv.study_outcome_id, cv.field, cv.value_num, cv.value_text, r.name, "
            "cv.resolved_at, cv.reason FROM consensus_values cv JOIN study_outcomes so ON "
            "so.id = cv.study_outcome_id JOIN reviewers r ON r.id = cv.resolved_by "
            "WHERE so.outcome_id = ?", [outcome_id]))

    # --- audit log and import mappings --------------------------------------------------
    def log(self, reviewer: str, command: str, description: str,
            before: Any = None, after: Any = None, *, study_ids: Iterable[int] = (),
            outcome_ids: Iterable[int] = ()) -> None:
        """One audit entry; the ids are kept as ",3,5," so a filter is one LIKE."""
        self.execute(
            "INSERT INTO audit_log (at, reviewer, command, description, before_json, "
            "after_json, study_ids, outcome_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now(), reviewer, command, description, _json(before), _json(after),
             _id_list(study_ids), _id_list(outcome_ids)])

    def audit_entries(self, limit: int = 200) -> list[tuple]:
        return list(self.execute("SELECT at, reviewer, command, description FROM audit_log "
                                 "ORDER BY id DESC LIMIT ?", [limit]))

    def mapping(self, signature: str) -> str | None:
        return self.one("SELECT mapping_json FROM import_mappings WHERE signature = ?",
                        [signature])

    def save_mapping(self, signature: str, mapping_json: str) -> None:
        self.execute("INSERT INTO import_mappings (signature, mapping_json, updated_at) "
                     "VALUES (?, ?, ?) ON CONFLICT (signature) DO UPDATE SET mapping_json = "
                     "excluded.mapping_json, updated_at = excluded.updated_at",
                     [signature, mapping_json, now()])

    def counts(self) -> dict[str, int]:
        tables = ("studies", "comparisons", "outcomes", "study_outcomes", "extracted_values",
                  "reviewers", "rob_assessments", "audit_log")
        return {t: self.one(f"SELECT COUNT(*) FROM {t}") for t in tables}


def _id_list(ids: Iterable[int]) -> str:
    ordered = sorted({int(i) for i in ids})
    return f",{','.join(map(str, ordered))}," if ordered else ""


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _split_value(field: str, value: float | str | None) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if field in TEXT_FIELDS or isinstance(value, str):
        return None, str(value)
    return float(value), None


def _setting_to_sql(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _outcome_from_row(row: tuple) -> Outcome:
    extra = dict(zip(OUTCOME_COLUMNS, row[6:10], strict=True))
    if extra["higher_is_better"] is not None:
        extra["higher_is_better"] = bool(extra["higher_is_better"])
    values = dict(zip(SETTINGS_COLUMNS, row[10:], strict=True))
    for flag in ("hksj", "log_scale", "tau2_ci", "hksj_adhoc"):
        values[flag] = bool(values[flag])
    if values["drop00"] is not None:
        values["drop00"] = bool(values["drop00"])
    return Outcome(id=row[0], comparison_id=row[1], label=row[2],
                   data_type=DataType(row[3]), settings=AnalysisSettings(**values),
                   favours_left=row[4], favours_right=row[5], **extra)
