"""Risk-of-bias assessments, answers and judgements: every rob SQL statement but merging's."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.storage.store import Store, now


@dataclass(frozen=True)
class Answer:
    answer: str
    support: str = ""
    location: str = ""


@dataclass(frozen=True)
class Judgement:
    """A reviewer's final domain judgement (None: not set, the proposal stands)."""

    judgement: str | None
    override_reason: str = ""
    direction: str = ""


@dataclass(frozen=True)
class Assessment:
    """One reviewer's assessment of a study (outcome_id None) or of one result."""

    id: int
    reviewer_id: int
    tool_id: str
    tool_version: str
    study_id: int
    outcome_id: int | None
    effect: str | None = None
    deviations: tuple[str, ...] = ()
    overall: str | None = None
    overall_reason: str = ""
    updated_at: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    judgements: dict[str, Judgement] = field(default_factory=dict)


_HEAD = ("SELECT id, reviewer_id, tool_id, tool_version, study_id, outcome_id, effect, "
         "deviations, overall_judgement, overall_override_reason, updated_at "
         "FROM rob_assessments")


def find_assessment(store: Store, reviewer_id: int, tool_id: str, study_id: int,
                    outcome_id: int | None) -> int | None:
    return store.one(
        "SELECT id FROM rob_assessments WHERE reviewer_id = ? AND tool_id = ? AND "
        "study_id = ? AND outcome_id IS ?", [reviewer_id, tool_id, study_id, outcome_id])


def get_assessment(store: Store, assessment_id: int) -> Assessment | None:
    row = store.execute(f"{_HEAD} WHERE id = ?", [assessment_id]).fetchone()
    return None if row is None else _with_items(store, row)


def has_assessments(store: Store, tool_id: str) -> bool:
    return store.one("SELECT 1 FROM rob_assessments WHERE tool_id = ? LIMIT 1",
                     [tool_id]) is not None


def assessments(store: Store, tool_id: str, reviewer_id: int | None = None) -> list[Assessment]:
    """Every assessment of a tool, of one reviewer or of all, with answers and judgements."""
    sql, params = f"{_HEAD} WHERE tool_id = ?", [tool_id]
    if reviewer_id is not None:
        sql, params = sql + " AND reviewer_id = ?", [*params, reviewer_id]
    return [_with_items(store, row) for row in store.execute(sql + " ORDER BY id", params)]


def _with_items(store: Store, row: tuple) -> Assessment:
    answers = {q: Answer(a, s, loc) for q, a, s, loc in store.execute(
        "SELECT question, answer, support, location FROM rob_answers WHERE assessment_id = ?",
        [row[0]])}
    judgements = {d: Judgement(j, r, dr) for d, j, r, dr in store.execute(
        "SELECT domain, judgement, override_reason, direction FROM rob_judgements "
        "WHERE assessment_id = ?", [row[0]])}
    deviations = tuple(d for d in (row[7] or "").split(",") if d)
    return Assessment(*row[:7], deviations, row[8], row[9], row[10], answers, judgements)


def create_assessment(store: Store, reviewer_id: int, tool_id: str, tool_version: str,
                      study_id: int, outcome_id: int | None,
                      assessment_id: int | None = None, stamp: str | None = None) -> int:
    """A new empty assessment; `assessment_id` and `stamp` let redo re-create the same row."""
    cur = store.execute(
        "INSERT INTO rob_assessments (id, reviewer_id, tool_id, tool_version, study_id, "
        "outcome_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [assessment_id, reviewer_id, tool_id, tool_version, study_id, outcome_id,
         stamp or now()])
    return int(cur.lastrowid)


def delete_assessment(store: Store, assessment_id: int) -> None:
    store.execute("DELETE FROM rob_assessments WHERE id = ?", [assessment_id])


def header(store: Store, assessment_id: int) -> tuple:
    """(effect, deviations text, overall, overall reason, updated_at) for exact undo."""
    return store.execute(
        "SELECT effect, deviations, overall_judgement, overall_override_reason, updated_at "
        "FROM rob_assessments WHERE id = ?", [assessment_id]).fetchone()


def set_header(store: Store, assessment_id: int, values: tuple) -> None:
    store.execute(
        "UPDATE rob_assessments SET effect = ?, deviations = ?, overall_judgement = ?, "
        "overall_override_reason = ?, updated_at = ? WHERE id = ?", [*values, assessment_id])


def touch(store: Store, assessment_id: int, stamp: str | None = None) -> None:
    store.execute("UPDATE rob_assessments SET updated_at = ? WHERE id = ?",
                  [stamp or now(), assessment_id])


def set_effect(store: Store, assessment_id: int, effect: str | None,
               deviations: tuple[str, ...] | list[str]) -> None:
    store.execute("UPDATE rob_assessments SET effect = ?, deviations = ? WHERE id = ?",
                  [effect, ",".join(deviations), assessment_id])


def set_overall(store: Store, assessment_id: int, judgement: str | None, reason: str) -> None:
    store.execute("UPDATE rob_assessments SET overall_judgement = ?, "
                  "overall_override_reason = ? WHERE id = ?", [judgement, reason, assessment_id])


def get_answer(store: Store, assessment_id: int, question: str) -> Answer | None:
    row = store.execute("SELECT answer, support, location FROM rob_answers "
                        "WHERE assessment_id = ? AND question = ?",
                        [assessment_id, question]).fetchone()
    return None if row is None else Answer(*row)


def set_answer(store: Store, assessment_id: int, question: str, answer: Answer | None) -> None:
    """Insert or replace one answer; None deletes it (the question is unanswered again)."""
    if answer is None:
        store.execute("DELETE FROM rob_answers WHERE assessment_id = ? AND question = ?",
                      [assessment_id, question])
        return
    store.execute(
        "INSERT INTO rob_answers (assessment_id, question, answer, support, location) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question) DO UPDATE SET "
        "answer = excluded.answer, support = excluded.support, location = excluded.location",
        [assessment_id, question, answer.answer, answer.support, answer.location])


def get_judgement(store: Store, assessment_id: int, domain: str) -> Judgement | None:
    row = store.execute("SELECT judgement, override_reason, direction FROM rob_judgements "
                        "WHERE assessment_id = ? AND domain = ?",
                        [assessment_id, domain]).fetchone()
    return None if row is None else Judgement(*row)


def set_judgement(store: Store, assessment_id: int, domain: str,
                  judgement: Judgement | None) -> None:
    """Insert or replace a domain's judgement row; None deletes the row."""
    if judgement is None:
        store.execute("DELETE FROM rob_judgements WHERE assessment_id = ? AND domain = ?",
                      [assessment_id, domain])
        return
    store.execute(
        "INSERT INTO rob_judgements (assessment_id, domain, judgement, override_reason, "
        "direction) VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, domain) DO UPDATE SET "
        "judgement = excluded.judgement, override_reason = excluded.override_reason, "
        "direction = excluded.direction",
        [assessment_id, domain, judgement.judgement, judgement.override_reason,
         judgement.direction])


def consensus_items(store: Store, tool_id: str) -> dict[tuple[int, int | None], dict[str, str]]:
    """Agreed values per (study_id, outcome_id): item ("D1:judgement", "overall") -> value."""
    found: dict[tuple[int, int | None], dict[str, str]] = {}
    for sid, oid, item, value in store.execute(
            "SELECT study_id, outcome_id, item, value FROM rob_consensus WHERE tool_id = ? "
            "ORDER BY resolved_at, id", [tool_id]):
        found.setdefault((sid, oid), {})[item] = value
    return found
