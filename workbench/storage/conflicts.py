"""Queries over cells that two or more reviewers filled, their consensus, and study progress."""

from __future__ import annotations

from typing import Any

from workbench.storage import certainty_store
from workbench.storage.store import TEXT_FIELDS, Store, now

MISSING = object()  # a reviewer has no value for a cell (unlike None: recorded as missing)
UNCOMPARED_FIELDS = ("notes",)  # free text is never compared (cli.md)

# A cell key: ("result", result_id, field), ("study", study_id, field) or
# ("rob", tool_id, study_id, outcome_id | None, item) with item "D1:1.2", "D1:judgement" or
# "overall" (the rob_consensus naming), or ("grade", outcome_id, domain) for a certainty
# judgement.
CellKey = tuple


def answer_item(question: str) -> str:
    """rob_consensus item of a signalling question: "1.2" belongs to domain D1."""
    return f"D{question.split('.')[0]}:{question}"


def result_cells(store: Store) -> list[tuple]:
    """Every reviewer's value of result fields filled by two or more reviewers:
    (result_id, study_id, study, comparison, outcome, outcome_id, timepoint, field,
    reviewer, value, source), notes excluded."""
    rows = store.execute(
        "SELECT so.id, s.id, s.label, c.label, o.label, o.id, so.timepoint, ev.field, r.name, "
        "ev.value_num, ev.value_text, ev.source FROM extracted_values ev "
        "JOIN (SELECT study_outcome_id, field FROM extracted_values GROUP BY study_outcome_id, "
        "field HAVING COUNT(*) > 1) shared ON shared.study_outcome_id = ev.study_outcome_id "
        "AND shared.field = ev.field "
        "JOIN reviewers r ON r.id = ev.reviewer_id "
        "JOIN study_outcomes so ON so.id = ev.study_outcome_id "
        "JOIN studies s ON s.id = so.study_id JOIN outcomes o ON o.id = so.outcome_id "
        "JOIN comparisons c ON c.id = o.comparison_id "
        "WHERE ev.field NOT IN (?) ORDER BY c.position, c.id, o.position, o.id, so.position, "
        "so.id, ev.field, r.id", UNCOMPARED_FIELDS)
    return [(*row[:9], _value(row[9], row[10]), row[11]) for row in rows]


def study_cells(store: Store) -> list[tuple]:
    """(study_id, study, field, reviewer, value, source) of study-level fields filled by two
    or more reviewers."""
    rows = store.execute(
        "SELECT s.id, s.label, sv.field, r.name, sv.value_num, sv.value_text, sv.source "
        "FROM study_values sv JOIN (SELECT study_id, field FROM study_values "
        "GROUP BY study_id, field HAVING COUNT(*) > 1) shared ON shared.study_id = sv.study_id "
        "AND shared.field = sv.field JOIN reviewers r ON r.id = sv.reviewer_id "
        "JOIN studies s ON s.id = sv.study_id WHERE sv.field NOT IN (?) "
        "ORDER BY s.label, sv.field, r.id", UNCOMPARED_FIELDS)
    return [(*row[:4], _value(row[4], row[5]), row[6]) for row in rows]


def rob_items(store: Store) -> list[tuple]:
    """Every reviewer's risk-of-bias answers, domain judgements and overall judgements:
    (tool, study_id, study, outcome_id, comparison, outcome, item, reviewer, value, source)."""
    head = ("SELECT a.tool_id, s.id, s.label, o.id, c.label, o.label, {item}, r.name, {value}, "
            "{source} FROM {table} JOIN rob_assessments a ON a.id = {join} "
            "JOIN reviewers r ON r.id = a.reviewer_id JOIN studies s ON s.id = a.study_id "
            "LEFT JOIN outcomes o ON o.id = a.outcome_id "
            "LEFT JOIN comparisons c ON c.id = o.comparison_id WHERE {value} IS NOT NULL")
    answers = head.format(item="x.question", value="x.answer", source="x.support",
                          table="rob_answers x", join="x.assessment_id")
    judgements = head.format(item="x.domain || ':judgement'", value="x.judgement",
                             source="x.override_reason", table="rob_judgements x",
                             join="x.assessment_id")
    overall = head.format(item="'overall'", value="a.overall_judgement",
                          source="a.overall_override_reason", table="(SELECT 1) x",
                          join="a.id")
    rows = []
    for sql, is_answer in ((answers, True), (judgements, False), (overall, False)):
        for row in store.execute(sql + " ORDER BY s.label, o.id, r.id"):
            item = answer_item(row[6]) if is_answer else row[6]
            rows.append((*row[:6], item, *row[7:]))
    return rows


def _value(num: float | None, text: str | None) -> Any:
    return text if text is not None else num


# --- consensus ------------------------------------------------------------------------
def consensus_rows(store: Store) -> dict[CellKey, tuple]:
    """Every consensus in the project: cell key -> (value, resolved by, resolved at, reason)."""
    found: dict[CellKey, tuple] = {}
    for rid, sid, name, num, text, by, at, reason in store.execute(
            "SELECT cv.study_outcome_id, cv.study_id, cv.field, cv.value_num, cv.value_text, "
            "r.name, cv.resolved_at, cv.reason FROM consensus_values cv "
            "JOIN reviewers r ON r.id = cv.resolved_by"):
        key = ("result", rid, name) if rid is not None else ("study", sid, name)
        found[key] = (_value(num, text), by, at, reason)
    for tool, sid, oid, item, value, by, at, reason in store.execute(
            "SELECT rc.tool_id, rc.study_id, rc.outcome_id, rc.item, rc.value, r.name, "
            "rc.resolved_at, rc.reason FROM rob_consensus rc "
            "JOIN reviewers r ON r.id = rc.resolved_by"):
        found[("rob", tool, sid, oid, item)] = (value, by, at, reason)
    for oid, domain, level, by, at, reason in certainty_store.all_consensus(store):
        found[("grade", oid, domain)] = (level, by, at, reason)
    return found


def get_consensus(store: Store, key: CellKey) -> tuple | None:
    """The stored row of one cell's consensus: (value, resolved_by id, resolved_at, reason),
    and for a certainty judgement also the evidence snapshot it was agreed on."""
    if key[0] == "grade":
        return certainty_store.get_consensus(store, key[1], key[2])
    if key[0] == "rob":
        return store.execute(
            "SELECT value, resolved_by, resolved_at, reason FROM rob_consensus WHERE "
            "tool_id = ? AND study_id = ? AND outcome_id IS ? AND item = ?",
            list(key[1:])).fetchone()
    row = store.execute(
        f"SELECT value_num, value_text, resolved_by, resolved_at, reason FROM consensus_values "
        f"WHERE {_column(key)} = ? AND field = ?", [key[1], key[2]]).fetchone()
    return None if row is None else (_value(row[0], row[1]), *row[2:])


def set_consensus(store: Store, key: CellKey, value: Any, reviewer_id: int, reason: str,
                  at: str | None = None, snapshot: str = "") -> None:
    """Record (or replace) the agreed value of a cell (`snapshot`: a certainty judgement's
    evidence, for staleness)."""
    if key[0] == "grade":
        certainty_store.set_consensus(store, key[1], key[2], int(value), reviewer_id, reason,
                                      at, snapshot)
        return
    delete_consensus(store, key)
    at = at or now()
    if key[0] == "rob":
        store.execute("INSERT INTO rob_consensus (tool_id, study_id, outcome_id, item, value, "
                      "resolved_by, resolved_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [*key[1:], str(value), reviewer_id, at, reason])
        return
    num, text = _split(key[2], value)
    store.execute(f"INSERT INTO consensus_values ({_column(key)}, field, value_num, value_text, "
                  "resolved_by, resolved_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  [key[1], key[2], num, text, reviewer_id, at, reason])


def delete_consensus(store: Store, key: CellKey) -> None:
    if key[0] == "grade":
        certainty_store.delete_consensus(store, key[1], key[2])
    elif key[0] == "rob":
        store.execute("DELETE FROM rob_consensus WHERE tool_id = ? AND study_id = ? AND "
                      "outcome_id IS ? AND item = ?", list(key[1:]))
    else:
        store.execute(f"DELETE FROM consensus_values WHERE {_column(key)} = ? AND field = ?",
                      [key[1], key[2]])


def _column(key: CellKey) -> str:
    return {"result": "study_outcome_id", "study": "study_id"}[key[0]]


def _split(field: str, value: Any) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if field in TEXT_FIELDS or isinstance(value, str):
        return None, str(value)
    return float(value), None


# --- blind extraction: who has finished which study -----------------------------------
def finished_reviewers(store: Store, study_id: int) -> set[str]:
    rows = store.execute("SELECT r.name FROM study_progress p JOIN reviewers r ON "
                         "r.id = p.reviewer_id WHERE p.study_id = ?", [study_id])
    return {name for (name,) in rows}


def finished_at(store: Store, study_id: int, reviewer_id: int) -> str | None:
    return store.one("SELECT finished_at FROM study_progress WHERE study_id = ? AND "
                     "reviewer_id = ?", [study_id, reviewer_id])


def set_finished(store: Store, study_id: int, reviewer_id: int, at: str | None) -> None:
    """Mark (at given) or unmark (at None) a reviewer's extraction of a study as finished."""
    store.execute("DELETE FROM study_progress WHERE study_id = ? AND reviewer_id = ?",
                  [study_id, reviewer_id])
    if at is not None:
        store.execute("INSERT INTO study_progress (study_id, reviewer_id, finished_at) "
                      "VALUES (?, ?, ?)", [study_id, reviewer_id, at])


def reviewers_of_study(store: Store, study_id: int) -> set[str]:
    """Reviewers who entered anything for a study: its fields, results or risk of bias."""
    rows = store.execute(
        "SELECT r.name FROM reviewers r WHERE r.id IN ("
        "SELECT reviewer_id FROM study_values WHERE study_id = ? UNION "
        "SELECT ev.reviewer_id FROM extracted_values ev JOIN study_outcomes so "
        "ON so.id = ev.study_outcome_id WHERE so.study_id = ? UNION "
        "SELECT reviewer_id FROM rob_assessments WHERE study_id = ?)",
        [study_id, study_id, study_id])
    return {name for (name,) in rows}


def study_reviewers(store: Store) -> dict[int, set[str]]:
    """reviewers_of_study for every study at once (the grid asks on every edit)."""
    out: dict[int, set[str]] = {}
    rows = store.execute(
        "SELECT x.study_id, r.name FROM (SELECT study_id, reviewer_id FROM study_values UNION "
        "SELECT so.study_id, ev.reviewer_id FROM extracted_values ev JOIN study_outcomes so "
        "ON so.id = ev.study_outcome_id UNION SELECT study_id, reviewer_id FROM "
        "rob_assessments) x JOIN reviewers r ON r.id = x.reviewer_id")
    for study_id, name in rows:
        out.setdefault(study_id, set()).add(name)
    return out


def finished_by_study(store: Store) -> dict[int, set[str]]:
    """finished_reviewers for every study at once."""
    out: dict[int, set[str]] = {}
    rows = store.execute("SELECT p.study_id, r.name FROM study_progress p JOIN reviewers r "
                         "ON r.id = p.reviewer_id")
    for study_id, name in rows:
        out.setdefault(study_id, set()).add(name)
    return out


def reviewers_with_data(store: Store) -> list[str]:
    """Reviewers who entered any value or assessment, in the order they joined."""
    rows = store.execute(
        "SELECT name FROM reviewers WHERE id IN (SELECT reviewer_id FROM extracted_values "
        "UNION SELECT reviewer_id FROM study_values UNION SELECT reviewer_id FROM "
        "rob_assessments) ORDER BY id")
    return [name for (name,) in rows]


def result_place(store: Store, result_id: int) -> tuple[int, int] | None:
    """(outcome_id, study_id) of a result."""
    return store.execute("SELECT outcome_id, study_id FROM study_outcomes WHERE id = ?",
                         [result_id]).fetchone()
